/**
 * MemoryPageDevice: a PageDevice over JavaScript memory, with the same checksum behaviour as
 * storage's DiskManager (CRC32C in bytes 8..12, verified on read, all-zero pages valid). For tests
 * of the pool and of the layers above it that should not touch the disk. Nothing is durable:
 * `syncAll` only counts calls.
 */
import { crc32c, DbError, type FileId, PAGE_CHECKSUM_OFFSET, PAGE_SIZE } from '@rustydb/common';
import type { PageDevice } from './page-device.js';

const ZERO_CHECKSUM = new Uint8Array(4);

/** CRC32C of a page with its checksum bytes taken as zero. */
function pageChecksum(page: Uint8Array): number {
  let crc = crc32c(page, 0, 0, PAGE_CHECKSUM_OFFSET);
  crc = crc32c(ZERO_CHECKSUM, crc);
  return crc32c(page, crc, PAGE_CHECKSUM_OFFSET + 4, PAGE_SIZE);
}

/** An in-memory PageDevice. Files are arrays of page copies; holes read as zeros. */
export class MemoryPageDevice implements PageDevice {
  /** Number of `syncAll` calls, for tests. */
  syncs = 0;
  private readonly files = new Map<FileId, (Uint8Array | undefined)[]>();

  readPage(file: FileId, pageNo: number, into: Uint8Array): void {
    const stored = this.files.get(file)?.[pageNo];
    if (stored === undefined) {
      into.fill(0, 0, PAGE_SIZE);
      return;
    }
    into.set(stored);
    const dv = new DataView(into.buffer, into.byteOffset, PAGE_SIZE);
    if (dv.getUint32(PAGE_CHECKSUM_OFFSET, true) !== pageChecksum(into) && into.some((b) => b !== 0)) {
      throw new DbError('XX001', `invalid page in block ${pageNo} of relation base/${file}`);
    }
  }

  writePage(file: FileId, pageNo: number, from: Uint8Array): void {
    new DataView(from.buffer, from.byteOffset, PAGE_SIZE).setUint32(
      PAGE_CHECKSUM_OFFSET,
      pageChecksum(from),
      true,
    );
    let pages = this.files.get(file);
    if (pages === undefined) {
      pages = [];
      this.files.set(file, pages);
    }
    pages[pageNo] = from.slice(0, PAGE_SIZE);
  }

  pageCount(file: FileId): number {
    return this.files.get(file)?.length ?? 0;
  }

  createFile(file: FileId): void {
    if (!this.files.has(file)) this.files.set(file, []);
  }

  dropFile(file: FileId): void {
    this.files.delete(file);
  }

  truncateFile(file: FileId, pages: number): void {
    const stored = this.files.get(file) ?? [];
    stored.length = pages;
    this.files.set(file, stored);
  }

  syncAll(): void {
    this.syncs++;
  }

  close(): void {}

  /** @internal The stored bytes of a page (not a copy), for tests that corrupt or inspect it. */
  storedPage(file: FileId, pageNo: number): Uint8Array | undefined {
    return this.files.get(file)?.[pageNo];
  }
}
