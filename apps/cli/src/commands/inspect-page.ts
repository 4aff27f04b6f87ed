/**
 * `rustydb inspect page`: reads one page of a relation file through the DiskManager (so its
 * checksum is verified, XX001 on a mismatch) and prints it with the formatter of its page kind.
 *
 * - heap pages: `formatHeapPage` from @rustydb/storage, one line per slot;
 * - B+tree pages (meta, internal, leaf): @rustydb/index exports no page formatter yet, so only
 *   the common page header is printed, with a note saying so;
 * - all-zero pages (allocated, never written) and free pages: the common header.
 *
 * NB: DiskManager opens relation files read-write (O_RDWR) whatever the caller does with them;
 * this command only reads, never writes, and opens no file that does not exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type FileId,
  type Lsn,
  PAGE_CHECKSUM_OFFSET,
  PAGE_FLAGS_OFFSET,
  PAGE_SIZE,
  PageKind,
  readPageKind,
  readPageLsn,
} from '@rustydb/common';
import { DiskManager, formatHeapPage } from '@rustydb/storage';
import { formatLsn } from '@rustydb/wal';
import { CommandError } from '../command-error.js';
import { existingDataDirectory } from './open-existing.js';

/** Options of `inspectPage`. */
export interface InspectPageOptions {
  readonly dataDir: string;
  readonly file: number;
  readonly page: number;
  readonly force: boolean;
}

const KIND_NAMES: Record<number, string> = {
  [PageKind.Zero]: 'zero',
  [PageKind.Heap]: 'heap',
  [PageKind.BtreeMeta]: 'btree-meta',
  [PageKind.BtreeInternal]: 'btree-internal',
  [PageKind.BtreeLeaf]: 'btree-leaf',
  [PageKind.Free]: 'free',
};

/** Prints the page. Synchronous. @throws CommandError; DbError XX001 for a bad checksum. */
export function inspectPage(options: InspectPageOptions, out: NodeJS.WritableStream): void {
  const dir = existingDataDirectory(options.dataDir, options.force);
  const base = join(dir, 'base');
  const file = options.file as FileId;
  // Checked first: DiskManager would create a missing directory.
  if (!existsSync(join(base, String(file))))
    throw new CommandError(`relation file "base/${file}" does not exist`);
  const disk = new DiskManager(base, { fsync: false });
  try {
    const pages = disk.pageCount(file);
    if (options.page >= pages) {
      throw new CommandError(`page ${options.page} is past the end of "base/${file}" (${pages} pages)`);
    }
    const page = new Uint8Array(PAGE_SIZE);
    disk.readPage(file, options.page, page);
    out.write(`${formatPage(page, options.page)}\n`);
  } finally {
    disk.close();
  }
}

/** The page as text, by its kind (see the file comment). */
export function formatPage(page: Uint8Array, pageNo: number): string {
  const kind = readPageKind(page);
  if (kind === PageKind.Heap) return formatHeapPage(page, pageNo);
  const header = formatPageHeader(page, pageNo);
  if (kind === PageKind.BtreeMeta || kind === PageKind.BtreeInternal || kind === PageKind.BtreeLeaf) {
    return `${header}\n  (B+tree page body not decoded: @rustydb/index has no page formatter)`;
  }
  if (kind === PageKind.Zero && page.every((b) => b === 0))
    return `page ${pageNo}: all zeros (allocated, never written)`;
  return header;
}

/** The common 16-byte header every page starts with (see @rustydb/common page.ts). */
function formatPageHeader(page: Uint8Array, pageNo: number): string {
  const dv = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
  const kind = readPageKind(page);
  const checksum = dv.getUint32(PAGE_CHECKSUM_OFFSET, true).toString(16).padStart(8, '0');
  const flags = dv.getUint16(PAGE_FLAGS_OFFSET, true).toString(16).padStart(4, '0');
  const lsn = formatLsn(readPageLsn(page) as Lsn);
  return `page ${pageNo}: ${KIND_NAMES[kind] ?? `unknown kind ${kind}`} lsn=${lsn} checksum=0x${checksum} flags=0x${flags}`;
}
