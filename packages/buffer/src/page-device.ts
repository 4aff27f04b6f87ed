/**
 * What the buffer pool needs from below and beside it. `buffer` defines these interfaces and
 * higher layers implement them: `storage`'s DiskManager is a PageDevice, `wal`'s Wal is a
 * WalFlusher. Everything here is synchronous: page work never awaits.
 */
import type { FileId, Lsn } from '@rustydb/common';

/**
 * Page-granular file I/O. Page `n` of file `f` is bytes [n * PAGE_SIZE, (n + 1) * PAGE_SIZE).
 * Implementations: DiskManager (storage, real files with checksums) and in-memory devices in tests.
 */
export interface PageDevice {
  /**
   * Reads a page into `into` (PAGE_SIZE bytes). A page past the end of the file reads as zeros.
   * @throws DbError XX001 when the stored checksum does not match (a torn or corrupted page).
   */
  readPage(file: FileId, pageNo: number, into: Uint8Array): void;
  /** Writes a page (setting its checksum in the given bytes first). Not durable until `sync`. */
  writePage(file: FileId, pageNo: number, from: Uint8Array): void;
  /** Number of pages the file has on the device (its size / PAGE_SIZE). 0 for a missing file. */
  pageCount(file: FileId): number;
  /** Creates an empty file; no-op if it exists. */
  createFile(file: FileId): void;
  /** Removes the file; no-op if it does not exist. */
  dropFile(file: FileId): void;
  /** Cuts a file to `pages` pages. */
  truncateFile(file: FileId, pages: number): void;
  /** Makes every write so far durable (fsync of every file written since the last sync). */
  syncAll(): void;
  /** Closes open file handles. */
  close(): void;
}

/**
 * The WAL rule's side of the pool: before a dirty page whose LSN is `lsn` is written, the WAL must
 * be durable up to `lsn`.
 */
export interface WalFlusher {
  /** WAL is durable up to (excluding) this LSN. */
  readonly flushedLsn: Lsn;
  /** Makes the WAL durable up to `upTo`, synchronously (eviction cannot await). */
  flushSync(upTo: Lsn): void;
  /**
   * Whether page changes are logged late (a WAL page batch) and not yet logged: then no page may
   * be written before `flushSync`, whatever its LSN, since it may hold such changes.
   */
  readonly hasDeferredChanges?: boolean;
  /**
   * The files of unlogged relations: their pages' LSNs only count changes (no WAL record stands
   * behind them), so writing such a page needs no WAL flush.
   */
  readonly unloggedFiles?: ReadonlySet<FileId>;
}
