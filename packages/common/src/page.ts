/**
 * The header every page on disk starts with, whatever layer owns the page (heap, B+tree, …).
 * `buffer` reads the LSN to obey the WAL rule, `storage` computes and checks the checksum, `wal`
 * writes the LSN of the record that last changed the page.
 *
 * | offset | size | field    | description                                              |
 * |--------|------|----------|----------------------------------------------------------|
 * | 0      | 8    | lsn      | LSN of the last WAL record that changed this page (LE)   |
 * | 8      | 4    | checksum | CRC32C of the page with these 4 bytes taken as zero (LE) |
 * | 12     | 2    | kind     | PageKind: who owns the layout after byte 16              |
 * | 14     | 2    | flags    | kind-specific flags                                      |
 * | 16     | …    |          | the owner's layout                                       |
 *
 * A page that is all zeros is a page that was allocated but never written; it is valid.
 */
import type { Lsn } from './ids.js';

export const PAGE_SIZE = 8192;
export const PAGE_LSN_OFFSET = 0;
export const PAGE_CHECKSUM_OFFSET = 8;
export const PAGE_KIND_OFFSET = 12;
export const PAGE_FLAGS_OFFSET = 14;
export const PAGE_HEADER_SIZE = 16;

/** Who owns a page's layout. Values are stored on disk: append only. */
export const PageKind = {
  Zero: 0,
  Heap: 1,
  BtreeMeta: 2,
  BtreeInternal: 3,
  BtreeLeaf: 4,
  Free: 5,
  HashMeta: 0x10,
  HashDirectory: 0x11,
  HashBucket: 0x12,
  HashOverflow: 0x13,
  HashFree: 0x14,
  LsmMeta: 0x20,
  LsmMemtable: 0x21,
  LsmRunData: 0x22,
  LsmRunIndex: 0x23,
  Sequence: 0x30,
} as const;
export type PageKind = (typeof PageKind)[keyof typeof PageKind];

const TWO_32 = 0x1_0000_0000;

export function readPageLsn(page: Uint8Array): Lsn {
  const dv = new DataView(page.buffer, page.byteOffset, 8);
  return (dv.getUint32(PAGE_LSN_OFFSET + 4, true) * TWO_32 + dv.getUint32(PAGE_LSN_OFFSET, true)) as Lsn;
}

export function writePageLsn(page: Uint8Array, lsn: Lsn): void {
  const dv = new DataView(page.buffer, page.byteOffset, 8);
  dv.setUint32(PAGE_LSN_OFFSET, lsn % TWO_32, true);
  dv.setUint32(PAGE_LSN_OFFSET + 4, Math.floor(lsn / TWO_32), true);
}

export function readPageKind(page: Uint8Array): PageKind {
  return (page[PAGE_KIND_OFFSET]! | (page[PAGE_KIND_OFFSET + 1]! << 8)) as PageKind;
}
