/**
 * The indexes a TableWriter writes (constraints.ts), and what its unique checks share: the 23505
 * error as PostgreSQL words it, and the duplicate search of DEFERRABLE keys.
 *
 * A DEFERRABLE PRIMARY KEY / UNIQUE index is not probed before a version is written (PostgreSQL's
 * UNIQUE_CHECK_PARTIAL): its entries go in, and when another non-dead version holds the same key
 * the writer queues a recheck (`findDuplicate` again, then `duplicateKey`) for the end of the
 * statement (the constraint is immediate) or for commit (deferred: deferred-constraints.ts).
 */
import type { ConstraintDef, IndexDef, TableDef } from '@rustydb/catalog';
import { type DbError, formatText, type Row, type Tid, uniqueViolation, type Value } from '@rustydb/common';
import type { Index } from '@rustydb/index';
import type { TableStore, TupleVersion } from '@rustydb/storage';
import type { Transaction } from '@rustydb/txn';
import { firstNotDeadInChain } from './hot-chain.js';
import type { IndexKeys } from './index-keys.js';

/** One index of the table written, opened for the statement. */
export interface WriterIndex {
  readonly def: IndexDef;
  readonly index: Index;
  readonly keys: IndexKeys;
  /** Checked before a version is written: unique and not a DEFERRABLE constraint's. */
  readonly probe: boolean;
  /** The DEFERRABLE PRIMARY KEY / UNIQUE constraint the index enforces, if any. */
  readonly deferrable: ConstraintDef | undefined;
  /**
   * The index copies the key it is given and keeps no reference (a B+tree), so an INSERT's key
   * is encoded into bytes the index's IndexKeys reuses (`entryTransient`).
   */
  readonly transientKeys: boolean;
}

/** `def` opened for a writer of `table`. */
export function writerIndex(table: TableDef, def: IndexDef, index: Index, keys: IndexKeys): WriterIndex {
  const deferrable = def.unique
    ? table.constraints.find((c) => c.index === def.oid && c.deferrable === true && c.kind !== 'foreign')
    : undefined;
  return {
    def,
    index,
    keys,
    probe: def.unique && deferrable === undefined,
    deferrable,
    transientKeys: index.method === 'btree',
  };
}

/** 23505 `duplicate key value violates unique constraint` for key `values` of `ix`. */
export function duplicateKey(ix: WriterIndex, table: TableDef, values: readonly Value[]): DbError {
  const shown = values.map((v, i) => formatText(v, ix.keys.keyTypes[i]!)).join(', ');
  return uniqueViolation(ix.def.name, `Key (${ix.keys.keyNames})=(${shown}) already exists.`, {
    schema: table.schema,
    table: table.name,
  });
}

/**
 * Another non-dead version (live, ours, or another in-progress transaction's) holding `row`'s
 * key in `ix`, the row whose entries point at `self` aside; undefined when none. Synchronous.
 */
export function findDuplicate(
  ix: WriterIndex,
  store: TableStore,
  row: Row,
  self: Tid,
  tx: Transaction,
): TupleVersion | undefined {
  const cursor = ix.index.scan(ix.keys.lookupRange(ix.keys.keyValues(row)));
  try {
    for (let e = cursor.next(); e; e = cursor.next()) {
      if (e.tid.page === self.page && e.tid.slot === self.slot) continue;
      const v = firstNotDeadInChain(store, e.tid, tx);
      if (v !== undefined) return v;
    }
  } finally {
    cursor.close();
  }
  return undefined;
}
