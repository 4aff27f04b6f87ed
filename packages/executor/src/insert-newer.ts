/**
 * An UPDATE's new version: `TableStore.insertNewer` when the store has it (the heap puts the
 * version on the old one's page when it fits, logging insert and link as one record), else
 * `insert` then `setCtid`.
 */
import type { CommandId, Tid, TxnId } from '@rustydb/common';
import type { TableStore } from '@rustydb/storage';

/**
 * Stores `data` as the version replacing the one at `old` and links `old` to it; with `markOld`
 * also sets `old`'s xmax and cmax to (xid, cid) first, else the caller did. Returns the new
 * version's tid. Synchronous.
 * @throws DbError 54000 when the row cannot fit in a page (as `TableStore.insert`).
 */
export function insertNewer(
  store: TableStore,
  old: Tid,
  xid: TxnId,
  cid: CommandId,
  data: Uint8Array,
  markOld = false,
): Tid {
  if (store.insertNewer !== undefined) return store.insertNewer(old, xid, cid, data, markOld);
  if (markOld) store.setXmax(old, xid, cid);
  const tid = store.insert(xid, cid, data);
  store.setCtid(old, tid);
  return tid;
}
