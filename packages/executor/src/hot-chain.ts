/**
 * Heap-only tuples (HOT) on the executor's side: which UPDATEs may be HOT, and walking a chain.
 *
 * An UPDATE is HOT-eligible when it changes no column any index of the table uses — key
 * columns, INCLUDE columns, and every column named in an expression key or a partial index's
 * predicate (PostgreSQL's rule, HeapDetermineColumnsInfo). Values are compared by identity
 * (Object.is, or === for strings and numbers): a value that is equal but not identical (a new
 * numeric object, say) counts as changed, which only costs a non-HOT update. The store then puts
 * the new version on the old one's page, flagged heap-only, without index entries, when it fits
 * (`TableStore.insertNewerHot`).
 *
 * Index entries name a chain's root. Every fetch through an index entry walks from the version
 * there (a redirect left by pruning is followed by the store) through `nextInHotChain` to the
 * member it wants: the one visible to the snapshot (scans), the first not dead (unique checks,
 * foreign keys). Sequential scans see every version and need none of this.
 */
import type { TableDef } from '@rustydb/catalog';
import type { Row, Tid } from '@rustydb/common';
import { HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE, type TableStore, type TupleVersion } from '@rustydb/storage';
import type { Transaction } from '@rustydb/txn';

/** Anything that fetches versions by tid: a TableStore or a TupleFetcher. */
export interface VersionSource {
  fetch(tid: Tid): TupleVersion | undefined;
}

/**
 * The next member of `v`'s HOT chain, or undefined at the chain's end: `v` must be HOT-updated,
 * the member heap-only on the same page with xmin = `v`'s xmax (a freed and reused slot never
 * continues a chain). With a TupleFetcher `v` is invalid afterwards. Synchronous.
 */
export function nextInHotChain(source: VersionSource, v: TupleVersion): TupleVersion | undefined {
  const flags = v.flags;
  if (flags === undefined || (flags & HEAP_HOT_UPDATED) === 0 || v.ctid.page !== v.tid.page) return undefined;
  const xmax = v.xmax;
  const next = source.fetch(v.ctid);
  if (next === undefined || ((next.flags ?? 0) & HEAP_ONLY_TUPLE) === 0 || next.xmin !== xmax)
    return undefined;
  return next;
}

/**
 * The first member of the chain at `tid` that `tx.uniqueCheck` does not call dead (live, ours,
 * or another running transaction's), or undefined. What unique checks and ON CONFLICT probe.
 */
export function firstNotDeadInChain(
  source: VersionSource,
  tid: Tid,
  tx: Transaction,
): TupleVersion | undefined {
  for (let v = source.fetch(tid); v !== undefined; v = nextInHotChain(source, v)) {
    if (tx.uniqueCheck(v) !== 'dead') return v;
  }
  return undefined;
}

/**
 * Where an index entry for the version `v` must point: `v`'s tid, or for a heap-only version the
 * root of its HOT chain (`TableStore.hotRoot`); undefined for a heap-only version no chain
 * reaches (dead: never indexed). CREATE INDEX and REINDEX over HOT chains. Synchronous.
 */
export function indexTid(store: TableStore, v: TupleVersion): Tid | undefined {
  if (v.flags === undefined || (v.flags & HEAP_ONLY_TUPLE) === 0)
    return { page: v.tid.page, slot: v.tid.slot };
  return store.hotRoot?.(v.tid);
}

/** The member of the chain at `tid` that `tx` sees, or undefined. */
export function visibleInChain(source: VersionSource, tid: Tid, tx: Transaction): TupleVersion | undefined {
  for (let v = source.fetch(tid); v !== undefined; v = nextInHotChain(source, v)) {
    if (tx.isVisible(v)) return v;
  }
  return undefined;
}

const indexedColumnsCache = new WeakMap<TableDef, Uint8Array>();

/** Per column slot of `table`: 1 when some index uses the column (see the file comment). Cached. */
export function hotIndexedColumns(table: TableDef): Uint8Array {
  let cols = indexedColumnsCache.get(table);
  if (cols !== undefined) return cols;
  cols = new Uint8Array(table.columns.length);
  const slotOf = (attnum: number): number => table.columns.findIndex((c) => c.attnum === attnum);
  for (const ix of table.indexes) {
    for (const a of ix.columns) if (a !== 0 && slotOf(a) >= 0) cols[slotOf(a)] = 1;
    for (const a of ix.include ?? []) if (slotOf(a) >= 0) cols[slotOf(a)] = 1;
    const sql = [...(ix.expressions ?? []), ix.predicateSql ?? ''].join(' ').toLowerCase();
    if (sql.trim() === '') continue;
    // Any column whose name appears in the SQL text: an over-approximation is only less HOT.
    table.columns.forEach((c, slot) => {
      if (sql.includes(c.name.toLowerCase())) cols![slot] = 1;
    });
  }
  indexedColumnsCache.set(table, cols);
  return cols;
}

/** Does the UPDATE from `old` to `next` leave every indexed column's value identical? */
export function isHotUpdate(table: TableDef, old: Row, next: Row): boolean {
  if (table.indexes.length === 0) return true;
  const cols = hotIndexedColumns(table);
  for (let i = 0; i < cols.length; i++) {
    // Equal strings and numbers are Object.is-identical (but 0 / -0, which differ anyway).
    if (cols[i] === 1 && !Object.is(old[i], next[i])) return false;
  }
  return true;
}
