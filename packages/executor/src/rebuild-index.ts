/**
 * rebuildIndex: fills an empty index from every tuple version its table's store holds, visible
 * or not — what an index must hold for the executor's visibility checks to find every row any
 * snapshot may see. Used where an index's entries were lost or are being rewritten: at startup
 * for an index whose access method is not durable on a table whose store is, and by REINDEX.
 *
 * Unlike populateIndex (CREATE INDEX, which indexes the versions its transaction sees and
 * checks uniqueness among them), nothing is checked here: versions of the same row, dead ones
 * and ones of aborted inserters may share a key, and index scans recheck visibility on fetch.
 * Vacuum later removes the entries of dead versions with the rest of them.
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import type { Value } from '@rustydb/common';
import { encodeKey, type Index } from '@rustydb/index';
import type { TableStore } from '@rustydb/storage';
import { RowLayout } from './row-layout.js';

/**
 * Inserts one entry per version of `store` into `target` (`index`'s storage, expected empty).
 * Synchronous; returns the entries made. `checkInterrupts`, when given, runs every 1024 versions.
 */
export function rebuildIndex(
  table: TableDef,
  index: IndexDef,
  store: TableStore,
  target: Index,
  checkInterrupts?: () => void,
): number {
  const layout = new RowLayout(table);
  const slots = index.columns.map((a) => table.columns.findIndex((c) => c.attnum === a));
  const keyTypes = slots.map((s) => layout.types[s]);
  const row = new Array<Value>(layout.types.length).fill(null);
  const values = new Array<Value>(slots.length).fill(null);
  const cursor = store.scan();
  let n = 0;
  try {
    for (let v = cursor.next(); v; v = cursor.next()) {
      if ((++n & 1023) === 0) checkInterrupts?.();
      layout.decode(v.data, row);
      for (let i = 0; i < slots.length; i++) values[i] = row[slots[i]];
      target.insert(encodeKey(values, keyTypes, index.descending), { page: v.tid.page, slot: v.tid.slot });
    }
  } finally {
    cursor.close();
  }
  return n;
}
