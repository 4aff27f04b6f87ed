/**
 * DiskManager: the PageDevice over real files. Each relation file is `<dir>/<fileId>`, a plain
 * sequence of PAGE_SIZE pages; page n lives at byte n * PAGE_SIZE.
 *
 * Checksums: `writePage` stores CRC32C of the page (with the checksum bytes taken as zero) in
 * bytes 8..12 of the common page header, and `readPage` verifies it, so a torn write or a flipped
 * bit is caught the first time the page is read (XX001, PostgreSQL's "invalid page" error). An
 * all-zero page is valid: it is what a file extension or a hole reads as.
 *
 * Durability: writes go to the OS; `syncAll` fsyncs every file written since the last sync, and
 * the directory itself after files were created or removed (so the names survive a power loss).
 * With `fsync: false` (tests) nothing is fsynced.
 *
 * All calls are synchronous (`fs.*Sync`): the buffer pool calls us from synchronous page work.
 * File descriptors stay open until `dropFile` or `close`.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { PageDevice } from '@rustydb/buffer';
import { crc32c, DbError, type FileId, PAGE_CHECKSUM_OFFSET, PAGE_SIZE } from '@rustydb/common';

export interface DiskManagerOptions {
  /** fsync in `syncAll` (default true). Off only for tests and throwaway databases. */
  readonly fsync?: boolean;
}

const ZERO_CHECKSUM = new Uint8Array(4);

/** CRC32C of a page with its checksum bytes (8..12) taken as zero; the page is not modified. */
export function pageChecksum(page: Uint8Array): number {
  let crc = crc32c(page, 0, 0, PAGE_CHECKSUM_OFFSET);
  crc = crc32c(ZERO_CHECKSUM, crc);
  return crc32c(page, crc, PAGE_CHECKSUM_OFFSET + 4, PAGE_SIZE);
}

function isAllZero(page: Uint8Array): boolean {
  for (let i = 0; i < PAGE_SIZE; i++) if (page[i] !== 0) return false;
  return true;
}

/** The PostgreSQL error for a page that fails verification. */
export const invalidPage = (pageNo: number, file: FileId): DbError =>
  new DbError('XX001', `invalid page in block ${pageNo} of relation base/${file}`);

/** A PageDevice over the files of one directory. Not shared between processes. */
export class DiskManager implements PageDevice {
  private readonly fsync: boolean;
  private readonly fds = new Map<FileId, number>();
  /** Files written or truncated since the last syncAll. */
  private readonly unsynced = new Set<FileId>();
  /** A file was created or removed since the last syncAll: the directory needs an fsync. */
  private directoryChanged = false;

  /** Creates `dir` if missing. @throws Error from node:fs when it cannot. */
  constructor(
    readonly dir: string,
    options: DiskManagerOptions = {},
  ) {
    this.fsync = options.fsync ?? true;
    mkdirSync(dir, { recursive: true });
  }

  /** The path of a relation file. */
  pathOf(file: FileId): string {
    return join(this.dir, String(file));
  }

  /**
   * Reads page `pageNo` into `into`; past the end of the file (or for a missing file) it reads
   * zeros, and a short read at the end is zero-filled (a half-written page then fails its checksum).
   * @throws DbError XX001 when the checksum does not match.
   */
  readPage(file: FileId, pageNo: number, into: Uint8Array): void {
    const fd = this.fdOf(file, false);
    let read = 0;
    if (fd !== undefined) {
      const position = pageNo * PAGE_SIZE;
      while (read < PAGE_SIZE) {
        const n = readSync(fd, into, read, PAGE_SIZE - read, position + read);
        if (n === 0) break;
        read += n;
      }
    }
    if (read < PAGE_SIZE) into.fill(0, read, PAGE_SIZE);
    if (read === 0) return;
    const stored = new DataView(into.buffer, into.byteOffset, PAGE_SIZE).getUint32(
      PAGE_CHECKSUM_OFFSET,
      true,
    );
    if (stored !== pageChecksum(into) && !isAllZero(into)) throw invalidPage(pageNo, file);
  }

  /**
   * Writes a page, first storing its checksum into bytes 8..12 of `from` (the caller's buffer is
   * changed there). Creates the file if needed. Not durable until `syncAll`.
   * @throws Error from node:fs on I/O failure.
   */
  writePage(file: FileId, pageNo: number, from: Uint8Array): void {
    new DataView(from.buffer, from.byteOffset, PAGE_SIZE).setUint32(
      PAGE_CHECKSUM_OFFSET,
      pageChecksum(from),
      true,
    );
    const fd = this.fdOf(file, true)!;
    const position = pageNo * PAGE_SIZE;
    let written = 0;
    while (written < PAGE_SIZE) {
      written += writeSync(fd, from, written, PAGE_SIZE - written, position + written);
    }
    this.unsynced.add(file);
  }

  /** Whole pages in the file; 0 for a missing file. A trailing partial page is not counted. */
  pageCount(file: FileId): number {
    const fd = this.fdOf(file, false);
    return fd === undefined ? 0 : Math.floor(fstatSync(fd).size / PAGE_SIZE);
  }

  /** Creates an empty file if it does not exist. */
  createFile(file: FileId): void {
    this.fdOf(file, true);
  }

  /** Closes and removes the file; no-op if it does not exist. */
  dropFile(file: FileId): void {
    const fd = this.fds.get(file);
    if (fd !== undefined) closeSync(fd);
    this.fds.delete(file);
    this.unsynced.delete(file);
    rmSync(this.pathOf(file), { force: true });
    this.directoryChanged = true;
  }

  /** Cuts (or zero-extends) the file to `pages` pages, creating it if missing. */
  truncateFile(file: FileId, pages: number): void {
    ftruncateSync(this.fdOf(file, true)!, pages * PAGE_SIZE);
    this.unsynced.add(file);
  }

  /** fsyncs every file written since the last call, then the directory if files came or went. */
  syncAll(): void {
    if (this.fsync) {
      for (const file of this.unsynced) {
        const fd = this.fds.get(file);
        if (fd !== undefined) fsyncSync(fd);
      }
      if (this.directoryChanged) {
        const dirFd = openSync(this.dir, constants.O_RDONLY);
        try {
          fsyncSync(dirFd);
        } finally {
          closeSync(dirFd);
        }
      }
    }
    this.unsynced.clear();
    this.directoryChanged = false;
  }

  /** Closes every open file (without syncing). The manager can be used again afterwards. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  /** The cached descriptor of a file; opens it, creating it only when `create` is set. */
  private fdOf(file: FileId, create: boolean): number | undefined {
    const cached = this.fds.get(file);
    if (cached !== undefined) return cached;
    const path = this.pathOf(file);
    if (!create && !existsSync(path)) return undefined;
    const existed = create && existsSync(path);
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    if (create && !existed) this.directoryChanged = true;
    this.fds.set(file, fd);
    return fd;
  }
}
