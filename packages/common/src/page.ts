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

/** The page's LSN (little-endian u64 at PAGE_LSN_OFFSET). Byte reads: no DataView per call. */
export function readPageLsn(page: Uint8Array): Lsn {
  return (u32At(page, PAGE_LSN_OFFSET + 4) * TWO_32 + u32At(page, PAGE_LSN_OFFSET)) as Lsn;
}

/** Stores `lsn` as the page's LSN. Byte writes: this runs for every page a WAL record changes. */
export function writePageLsn(page: Uint8Array, lsn: Lsn): void {
  putU32At(page, PAGE_LSN_OFFSET, lsn % TWO_32);
  putU32At(page, PAGE_LSN_OFFSET + 4, Math.floor(lsn / TWO_32));
}

const u32At = (b: Uint8Array, o: number): number =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

function putU32At(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = v >>> 24;
}

export function readPageKind(page: Uint8Array): PageKind {
  return (page[PAGE_KIND_OFFSET]! | (page[PAGE_KIND_OFFSET + 1]! << 8)) as PageKind;
}
