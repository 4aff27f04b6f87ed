/**
 * rebuildIndex: fills an empty index from every tuple version its table's store holds, visible
 * or not — what an index must hold for the executor's visibility checks to find every row any
 * snapshot may see. Used where an index's entries were lost or are being rewritten: at startup
 * for an index whose access method is not durable on a table whose store is, and by REINDEX.
 *
 * Unlike populateIndex (CREATE INDEX, which leaves out the invisible members of HOT chains),
 * every version gets its entry: versions of the same row, dead ones and ones of aborted
 * inserters may share a key, and index scans recheck visibility on fetch. Uniqueness is checked
 * only among the versions `isVisible` accepts (REINDEX passes its transaction's visibility).
 * Vacuum later removes the entries of dead versions with the rest of them.
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { DbError, formatText, type Row, type Value } from '@rustydb/common';
import { encodeKey, type Index } from '@rustydb/index';
import { HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE, type TableStore, type TupleVersion } from '@rustydb/storage';
import type { ScanCounters } from './activity-counters.js';
import { indexTid } from './hot-chain.js';
import { IndexKeys } from './index-keys.js';
import { RowLayout } from './row-layout.js';

/** Options of `rebuildIndex`. */
export interface RebuildOptions {
  /** Runs every 1024 versions (a statement's cancel check). */
  readonly checkInterrupts?: () => void;
  /**
   * For a unique index (REINDEX): the versions whose keys must be distinct — the rebuilding
   * transaction's visible ones. Omitted: nothing is checked (startup rebuilds).
   */
  readonly isVisible?: (v: TupleVersion) => boolean;
  /**
   * The table's sequential scan counters (activity-counters.ts): REINDEX reads the table as
   * PostgreSQL's index build does, with a sequential scan it counts. Omitted: not counted.
   */
  readonly counters?: ScanCounters;
}

/**
 * Inserts one entry per version of `store` into `target` (`index`'s storage, expected empty;
 * a partial index's predicate still applies). `catalog` binds index expressions. Synchronous;
 * returns the versions scanned. @throws DbError 23505 `could not create unique index "i"` when
 * `isVisible` is given and two visible versions share a key of a unique index.
 */
export function rebuildIndex(
  table: TableDef,
  index: IndexDef,
  store: TableStore,
  target: Index,
  catalog: CatalogReader,
  options: RebuildOptions = {},
): number {
  const layout = new RowLayout(table);
  const keys = new IndexKeys(table, index, catalog);
  const row = new Array<Value>(layout.types.length).fill(null);
  const seen = index.unique && options.isVisible ? new Set<string>() : undefined;
  // HOT chains: one entry per (root, key), however many members share the key (hot-chain.ts).
  const chainKeys = new Set<string>();
  const cursor = store.scan();
  let n = 0;
  try {
    for (let v = cursor.next(); v; v = cursor.next()) {
      if ((++n & 1023) === 0) options.checkInterrupts?.();
      layout.decode(v.data, row);
      if (!keys.covers(row)) continue;
      if (seen && options.isVisible!(v)) checkDistinct(seen, keys, row, table, index);
      const key = keys.entry(row);
      if (v.flags !== undefined && (v.flags & (HEAP_HOT_UPDATED | HEAP_ONLY_TUPLE)) !== 0) {
        const root = indexTid(store, v);
        if (root === undefined) continue;
        const id = `${root.page}:${root.slot}:${Buffer.from(key).toString('latin1')}`;
        if (chainKeys.has(id)) continue;
        chainKeys.add(id);
        target.insert(key, root);
        continue;
      }
      target.insert(key, { page: v.tid.page, slot: v.tid.slot });
    }
  } finally {
    cursor.close();
  }
  if (options.counters !== undefined) {
    options.counters.scans++;
    options.counters.tuplesRead += n;
  }
  return n;
}

function checkDistinct(seen: Set<string>, keys: IndexKeys, row: Row, table: TableDef, index: IndexDef): void {
  const values = keys.keyValues(row);
  if (values.some((x) => x === null)) return;
  const k = Buffer.from(encodeKey(values, keys.keyTypes, index.descending)).toString('latin1');
  if (!seen.has(k)) {
    seen.add(k);
    return;
  }
  const shown = values.map((x, i) => formatText(x, keys.keyTypes[i]!)).join(', ');
  throw new DbError('23505', `could not create unique index "${index.name}"`, {
    detail: `Key (${keys.keyNames})=(${shown}) is duplicated.`,
    schema: table.schema,
    table: table.name,
    constraint: index.name,
  });
}
