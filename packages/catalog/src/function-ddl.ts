/**
 * CREATE [OR REPLACE] FUNCTION / PROCEDURE and DROP of them over sys_proc, with PostgreSQL 15's checks and
 * messages (functioncmds.c CreateFunction, pg_proc.c ProcedureCreate). The caller (the engine)
 * has resolved types, checked the body and formats the signature for messages.
 */
import { DbError } from '@rustydb/common';
import type { CatalogWriter } from './catalog-writer.js';
import type { ProcRow } from './proc-row.js';

/** A function to create: a sys_proc row without its OID. */
export type FunctionSpec = Omit<ProcRow, 'oid'>;

const sameType = (a: { type: string; typmod: number }, b: { type: string; typmod: number }): boolean =>
  a.type === b.type && (a.type !== 'anyenum' || a.typmod === b.typmod);

/** Do the two argument lists have the same types (PostgreSQL ignores typmods here)? */
export function sameArgTypes(a: FunctionSpec['args'], b: FunctionSpec['args']): boolean {
  return a.length === b.length && a.every((x, i) => sameType(x, b[i]!));
}

/**
 * CREATE FUNCTION; with `replace`, an existing function of the same name and argument types is
 * replaced (keeping its OID and owner). `signature` names it in messages (`f(integer)`).
 * Returns the function's OID. Sync.
 * @throws DbError 42723 (exists), 42809 (OR REPLACE of a function by a procedure or back),
 * 42P13 (OR REPLACE changing the result type, a parameter name or removing defaults), 3F000 (no
 * such schema).
 */
export function createFunction(
  w: CatalogWriter,
  spec: FunctionSpec,
  replace: boolean,
  signature: string,
  checkOwner: (owner: number) => void,
): number {
  const view = w.view();
  if (!view.schemaExists(spec.schema)) throw new DbError('3F000', `schema "${spec.schema}" does not exist`);
  const existing = view
    .functionsNamed(spec.name)
    .find((f) => f.schema === spec.schema && sameArgTypes(f.row.args, spec.args))?.row;
  if (existing === undefined) {
    const oid = w.allocateOid();
    w.insert('proc', { oid, ...spec });
    return oid;
  }
  if (!replace) {
    throw new DbError('42723', `function "${spec.name}" already exists with same argument types`);
  }
  checkOwner(existing.owner);
  if (existing.kind !== spec.kind) {
    throw new DbError('42809', 'cannot change routine kind', {
      detail: `"${spec.name}" is a ${existing.kind === 'p' ? 'procedure' : 'function'}.`,
    });
  }
  const hint = { hint: `Use DROP ${spec.kind === 'p' ? 'PROCEDURE' : 'FUNCTION'} ${signature} first.` };
  if (!sameType(existing.result, spec.result) || existing.returnsSet !== spec.returnsSet) {
    throw new DbError('42P13', 'cannot change return type of existing function', hint);
  }
  // The row type is the columns' names and types: where an OUT parameter sits among the inputs is not part of it.
  const rowType = (r: FunctionSpec['result']) => JSON.stringify(r.columns?.map(({ position: _, ...c }) => c));
  if (rowType(existing.result) !== rowType(spec.result)) {
    throw new DbError('42P13', 'cannot change return type of existing function', {
      detail: 'Row type defined by OUT parameters is different.',
      ...hint,
    });
  }
  for (let i = 0; i < existing.args.length; i++) {
    const was = existing.args[i]!.name;
    if (was !== undefined && was !== '' && was !== spec.args[i]!.name) {
      throw new DbError('42P13', `cannot change name of input parameter "${was}"`, hint);
    }
  }
  const defaults = (args: FunctionSpec['args']) => args.filter((a) => a.default !== undefined).length;
  if (defaults(spec.args) < defaults(existing.args)) {
    throw new DbError('42P13', 'cannot remove parameter defaults from existing function', hint);
  }
  const row = view.rowsOf(existing.oid).find((r) => r.table === 'proc');
  if (row === undefined) throw new DbError('XX000', `cache lookup failed for function ${existing.oid}`);
  w.replace(
    row as typeof row & { table: 'proc' },
    { ...spec, oid: existing.oid, owner: existing.owner },
    spec.name,
  );
  return existing.oid;
}

/** DROP FUNCTION of one function (the caller resolved it and checked ownership). Sync. */
export function dropFunction(w: CatalogWriter, oid: number, name: string): void {
  w.deleteObject(oid, name);
}

/** ALTER FUNCTION … OWNER TO: the function's owner becomes `owner` (the caller checked who may). Sync. */
export function setFunctionOwner(w: CatalogWriter, oid: number, owner: number): void {
  const view = w.view();
  const row = view.rowsOf(oid).find((r) => r.table === 'proc');
  if (row === undefined) throw new DbError('XX000', `cache lookup failed for function ${oid}`);
  const proc = row as typeof row & { table: 'proc' };
  w.replace(proc, { ...proc.row, owner }, proc.row.name);
}
