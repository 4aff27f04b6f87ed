/**
 * @rustydb/wal — the write-ahead log, redo-only, PostgreSQL style.
 *
 * What it owns:
 * - Records (`WalRecord`): page changes, file operations, commit/abort, checkpoints. Each is a
 *   checksummed envelope around a msgpack payload (record-envelope.ts, wal-record.ts).
 * - The log stream (`Wal`): LSNs are byte positions; the stream is cut into segment files
 *   `<dir>/wal/<16 hex digits>` (wal-segment.ts); `append` buffers in memory, `flush` makes a
 *   prefix durable with group commit, `read` replays, `open` finds the end after a crash.
 * - Page logging (`logPageChanges`, `applyPageChange`): full page image on the first change
 *   after a checkpoint, byte ranges afterwards.
 * - The control file: where recovery starts.
 *
 * Invariants the layers above rely on:
 * - The WAL rule: a page is never written before the WAL up to its LSN is durable. The buffer
 *   pool enforces it through `flushSync`; `logPageChanges` stamps each page with its record's LSN.
 * - A commit is acknowledged only after `flush(commitLsn)` resolved (or `flushCommit` returned
 *   having flushed synchronously).
 * - The log ends at the first invalid record; nothing after it is ever replayed.
 *
 * Recovery (done by `engine`): read the control file, `wal.read(redoLsn)`, and for each record
 * hand page changes to `applyPageChange` when the page's LSN is older than the record's end.
 */

// Control file and durable small files
export { type ControlData, readControlFile, writeControlFile } from './control-file.js';
export { fsyncDirectory, writeFileDurably } from './durable-file.js';
export type { FlushOverlapWork } from './flush-overlap.js';
export { formatWalRecord } from './format-wal-record.js';
export { formatLsn } from './lsn.js';
// Page changes
export {
  applyPageChange,
  logPageChanges,
  type PageChangeInput,
  pageDeltaMoves,
  pageDeltaRanges,
  pageImageHole,
} from './page-change.js';
export { encodeHole, type PageHoleReader, registerPageHole } from './page-hole.js';
// The log
export { Wal, type WalEntry, type WalOptions } from './wal.js';
// Records
export { type PageChange, RecordKind, type WalRecord } from './wal-record.js';
export { DEFAULT_SEGMENT_SIZE, SEGMENT_HEADER_SIZE, segmentFileName } from './wal-segment.js';
