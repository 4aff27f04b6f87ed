/**
 * Redo of the WAL records storage owns: page changes and file lifecycle. Recovery (in `engine`)
 * reads the log from the last checkpoint's redo LSN and hands every record to `redo`; `txn` and
 * `catalog` handle the rest.
 *
 * Idempotence: a page whose LSN is at or past a record's LSN already holds that change (it was
 * written after the change was made) and is skipped. A full page image is applied whatever the
 * page holds: it is the first change after the checkpoint, the page on disk may be torn (and fail
 * its checksum), and every later change is replayed on top of it anyway. That is why the image is
 * pinned with `pinForOverwrite`, which never reads the page.
 */
import type { BufferPool } from '@rustydb/buffer';
import { assertNever, type Lsn, readPageLsn } from '@rustydb/common';
import { applyPageChange, type WalRecord } from '@rustydb/wal';

/**
 * Replays one record. `lsn` must be the record's END LSN (`end` from `Wal.read`): that is what
 * `logPageChanges` stamps into pages, so a page changed by this record or a later one is skipped.
 * NB: passing the start LSN would wrongly skip a page last changed by the record just before. Synchronous; pages end up dirty in the pool, so flush it (checkpoint) afterwards.
 * Records of other layers are ignored.
 * @throws DbError XX001 if a page changed by byte ranges fails its checksum (no image to repair it).
 */
export function redo(pool: BufferPool, lsn: Lsn, record: WalRecord): void {
  switch (record.kind) {
    case 'pages':
      for (const change of record.changes) {
        if (change.image) {
          const frame = pool.pinForOverwrite(change.file, change.page);
          applyPageChange(change, frame.page, lsn);
          pool.unpin(frame);
          continue;
        }
        const frame = pool.pin(change.file, change.page);
        try {
          if (readPageLsn(frame.page) < lsn) {
            applyPageChange(change, frame.page, lsn);
            pool.markDirty(frame);
          }
        } finally {
          pool.unpin(frame);
        }
      }
      return;
    case 'file-create':
      pool.createFile(record.file);
      return;
    case 'file-drop':
      pool.dropFile(record.file);
      return;
    case 'file-truncate':
      pool.truncateFile(record.file, record.pages);
      return;
    case 'commit':
    case 'abort':
    case 'checkpoint':
    case 'next-oid':
    case 'prepare':
      return;
    default:
      assertNever(record, 'WAL record');
  }
}
