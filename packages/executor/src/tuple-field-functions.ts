/**
 * tuple_xmin(table oid, tid) / tuple_xmax(table oid, tid): the system columns xmin and xmax,
 * read from the header of the version at the tid the scan emitted (planner system-columns.ts).
 * The store is looked up at the first row: these calls keep a plan from being reused
 * (reusable-plan.ts), so an operator tree, and the store it read, lives for one execution.
 */
import { DbError, type Oid, unpackTid, type Value } from '@rustydb/common';
import type { TableStore } from '@rustydb/storage';
import type { CompiledExpr } from './compile-expr.js';
import type { Runtime } from './runtime.js';

/** Is `name` one of the tuple header functions? */
export const isTupleFieldFunction = (name: string): boolean => name === 'tuple_xmin' || name === 'tuple_xmax';

/** Compiles tuple_xmin / tuple_xmax over compiled `args` (table oid, packed tid). */
export function compileTupleField(name: string, args: readonly CompiledExpr[], rt: Runtime): CompiledExpr {
  const [tableArg, tidArg] = args;
  const xmax = name === 'tuple_xmax';
  let store: TableStore | undefined;
  return (row): Value => {
    const packed = tidArg(row);
    if (packed === null) return null;
    if (store === undefined) {
      const oid = tableArg(row) as Oid;
      const table = rt.ctx.catalog.tableByOid(oid);
      if (table === undefined) throw new DbError('42P01', `relation with OID ${oid} does not exist`);
      store = rt.ctx.relations.store(table);
    }
    const version = store.fetch(unpackTid(packed as number));
    if (version === undefined) return null;
    return xmax ? version.xmax : version.xmin;
  };
}
