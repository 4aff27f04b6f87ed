/**
 * Hash index page layouts: the meta page, directory pages, bucket pages (primary and overflow)
 * and free pages. Everything after the common 16-byte page header (see @rustydb/common page.ts)
 * is defined here. Integers are little-endian, like the common header.
 *
 * META PAGE (page 0, kind HASH_META)
 *
 * | OFFSET | SIZE  | DESCRIPTION                                                          |
 * |--------|-------|----------------------------------------------------------------------|
 * | 0      | 16    | common page header                                                   |
 * | 16     | 4     | magic 0x52485331 ("RHS1")                                            |
 * | 20     | 4     | layout version (1)                                                   |
 * | 24     | 4     | max bucket: buckets are 0 … max bucket                               |
 * | 28     | 4     | low mask (2^k - 1)                                                   |
 * | 32     | 4     | high mask (2^(k+1) - 1)                                              |
 * | 36     | 4     | first page of the free list, 0 for none                              |
 * | 40     | 4     | entries in the index                                                 |
 * | 44     | 4     | span: buckets per directory page (BUCKETS_PER_DIRECTORY; less in tests) |
 * | 48     | 8     | entry bytes: the sum of cellSpace() of every entry (split trigger)   |
 * | 56     | 4     | d: number of directory pages                                         |
 * | 60     | 4 * d | directory page numbers, in bucket order                              |
 *
 * DIRECTORY PAGE (kind HASH_DIRECTORY): where each bucket's primary page is
 *
 * | OFFSET | SIZE     | DESCRIPTION                                                       |
 * |--------|----------|-------------------------------------------------------------------|
 * | 0      | 16       | common page header                                                |
 * | 16     | 4        | first bucket it maps (its index * span)                           |
 * | 20     | 4        | reserved (0)                                                      |
 * | 24     | 4 * span | primary page of bucket (first + i); 0 while bucket does not exist |
 *
 * BUCKET PAGE (kind HASH_BUCKET for a bucket's primary page, HASH_OVERFLOW for the pages
 * chained after it). Cells are packed from offset 32 in no order; a delete moves the later
 * cells down, so there is no free space inside the cell area.
 *
 * | OFFSET | SIZE | DESCRIPTION                                                          |
 * |--------|------|----------------------------------------------------------------------|
 * | 0      | 16   | common page header                                                   |
 * | 16     | 2    | n: number of cells                                                   |
 * | 18     | 2    | end: first free byte (cells occupy [32, end))                        |
 * | 20     | 4    | bucket number (a check against pointers into the wrong chain)        |
 * | 24     | 4    | next page of the chain (overflow), 0 at the end                      |
 * | 28     | 4    | reserved (0)                                                         |
 * | 32     | …    | cells                                                                |
 *
 * CELL: an index entry
 *
 * | OFFSET | SIZE | DESCRIPTION                                    |
 * |--------|------|------------------------------------------------|
 * | 0      | 4    | hash of the key (hashKey), compared before it  |
 * | 4      | 2    | key length k                                   |
 * | 6      | 4    | tid page                                       |
 * | 10     | 2    | tid slot                                       |
 * | 12     | k    | key bytes (see key-encoding.ts)                |
 *
 * FREE PAGE (kind HASH_FREE): an overflow page unlinked by a delete, waiting for reuse. Only
 * the "next" field at offset 24 is used: it chains the free list that starts in the meta page.
 *
 * The page kinds are common's `PageKind.Hash*` (0x10-0x14).
 *
 * All functions are synchronous and work on a page view the caller has pinned.
 */
import { PAGE_KIND_OFFSET, PAGE_SIZE, PageKind, crc32c } from '@rustydb/common';

/** Page kinds of the hash index (stored on disk: never renumber). */
export const HASH_META = PageKind.HashMeta;
export const HASH_DIRECTORY = PageKind.HashDirectory;
export const HASH_BUCKET = PageKind.HashBucket;
export const HASH_OVERFLOW = PageKind.HashOverflow;
export const HASH_FREE = PageKind.HashFree;

/** The meta page's number. */
export const META_PAGE = 0;
/** "No page": 0 is the meta page, never a chain link. */
export const NO_PAGE = 0;

const META_MAGIC = 0x52485331;
const META_VERSION = 1;
const MAGIC_OFFSET = 16;
const VERSION_OFFSET = 20;
const MAX_BUCKET_OFFSET = 24;
const LOW_MASK_OFFSET = 28;
const HIGH_MASK_OFFSET = 32;
const FREE_HEAD_OFFSET = 36;
const ENTRIES_OFFSET = 40;
const SPAN_OFFSET = 44;
const BYTES_OFFSET = 48;
const DIR_COUNT_OFFSET = 56;
const DIRS_OFFSET = 60;
/** Directory pages the meta page can list. */
export const MAX_DIRECTORY_PAGES = (PAGE_SIZE - DIRS_OFFSET) >>> 2;

const DIR_FIRST_OFFSET = 16;
const DIR_ENTRIES_OFFSET = 24;
/** Buckets one directory page can map (a meta page's span is at most this). */
export const BUCKETS_PER_DIRECTORY = (PAGE_SIZE - DIR_ENTRIES_OFFSET) >>> 2;

const N_OFFSET = 16;
const END_OFFSET = 18;
const BUCKET_OFFSET = 20;
const NEXT_OFFSET = 24;
/** Where cells start; also the end of the bucket page header. */
export const CELLS_START = 32;
/** Bytes of a cell before its key. */
export const CELL_OVERHEAD = 12;
/** Bytes a bucket page has for cells. */
export const BUCKET_CAPACITY = PAGE_SIZE - CELLS_START;

/** Byte range of a bucket page's header (n, end, bucket, next), for logging. */
export const BUCKET_HEADER_RANGE = [PAGE_KIND_OFFSET, CELLS_START - PAGE_KIND_OFFSET] as const;

/** Little-endian u16 at `o`. */
export const u16 = (p: Uint8Array, o: number): number => p[o]! | (p[o + 1]! << 8);
/** Little-endian u32 at `o`. */
export const u32 = (p: Uint8Array, o: number): number =>
  (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
function setU16(p: Uint8Array, o: number, v: number): void {
  p[o] = v & 0xff;
  p[o + 1] = v >>> 8;
}
function setU32(p: Uint8Array, o: number, v: number): void {
  p[o] = v & 0xff;
  p[o + 1] = (v >>> 8) & 0xff;
  p[o + 2] = (v >>> 16) & 0xff;
  p[o + 3] = v >>> 24;
}

/** The page's kind (the common header's kind field). */
export const pageKind = (p: Uint8Array): number => u16(p, PAGE_KIND_OFFSET);

/** The 32-bit hash of a key: CRC32C of its bytes. Equal keys hash equally. */
export const hashKey = (key: Uint8Array): number => crc32c(key);

/**
 * The bucket a hash belongs to, as PostgreSQL's `_hash_hashkey2bucket` computes it: the low
 * bits under the high mask, or under the low mask when that bucket has not been split off yet.
 */
export function bucketOf(hash: number, g: HashGeometry): number {
  const b = hash & g.highMask;
  return b > g.maxBucket ? b & g.lowMask : b;
}

// ---------------------------------------------------------------------------------------------
// Meta page

/** The bucket geometry of linear hashing. */
export interface HashGeometry {
  maxBucket: number;
  lowMask: number;
  highMask: number;
}

/** The meta page's fields, read into a plain object. */
export interface HashMeta extends HashGeometry {
  freeHead: number;
  entries: number;
  bytes: number;
  /** Buckets per directory page. */
  span: number;
  directories: number[];
}

/** Writes every meta field (and the kind, magic and version). Returns the changed byte range. */
export function writeMeta(p: Uint8Array, m: HashMeta): number[] {
  setU16(p, PAGE_KIND_OFFSET, HASH_META);
  setU32(p, MAGIC_OFFSET, META_MAGIC);
  setU32(p, VERSION_OFFSET, META_VERSION);
  setU32(p, MAX_BUCKET_OFFSET, m.maxBucket);
  setU32(p, LOW_MASK_OFFSET, m.lowMask);
  setU32(p, HIGH_MASK_OFFSET, m.highMask);
  setU32(p, FREE_HEAD_OFFSET, m.freeHead);
  setU32(p, ENTRIES_OFFSET, m.entries);
  setU32(p, SPAN_OFFSET, m.span);
  setU32(p, BYTES_OFFSET, m.bytes % 0x1_0000_0000);
  setU32(p, BYTES_OFFSET + 4, Math.floor(m.bytes / 0x1_0000_0000));
  setU32(p, DIR_COUNT_OFFSET, m.directories.length);
  for (let i = 0; i < m.directories.length; i++) setU32(p, DIRS_OFFSET + 4 * i, m.directories[i]!);
  return [PAGE_KIND_OFFSET, DIRS_OFFSET + 4 * m.directories.length - PAGE_KIND_OFFSET];
}

/** Reads the meta page, or undefined when `p` is not one (wrong kind, magic or version). */
export function readMeta(p: Uint8Array): HashMeta | undefined {
  if (pageKind(p) !== HASH_META || u32(p, MAGIC_OFFSET) !== META_MAGIC) return undefined;
  if (u32(p, VERSION_OFFSET) !== META_VERSION) return undefined;
  const d = u32(p, DIR_COUNT_OFFSET);
  const span = u32(p, SPAN_OFFSET);
  if (d > MAX_DIRECTORY_PAGES || span < 2 || span > BUCKETS_PER_DIRECTORY) return undefined;
  const directories: number[] = [];
  for (let i = 0; i < d; i++) directories.push(u32(p, DIRS_OFFSET + 4 * i));
  return {
    maxBucket: u32(p, MAX_BUCKET_OFFSET),
    lowMask: u32(p, LOW_MASK_OFFSET),
    highMask: u32(p, HIGH_MASK_OFFSET),
    freeHead: u32(p, FREE_HEAD_OFFSET),
    entries: u32(p, ENTRIES_OFFSET),
    bytes: u32(p, BYTES_OFFSET + 4) * 0x1_0000_0000 + u32(p, BYTES_OFFSET),
    span,
    directories,
  };
}

// ---------------------------------------------------------------------------------------------
// Directory pages

/** Formats `p` as an empty directory page mapping buckets from `first`. */
export function initDirectory(p: Uint8Array, first: number): void {
  p.fill(0, PAGE_KIND_OFFSET);
  setU16(p, PAGE_KIND_OFFSET, HASH_DIRECTORY);
  setU32(p, DIR_FIRST_OFFSET, first);
}

/** The first bucket a directory page maps. */
export const directoryFirst = (p: Uint8Array): number => u32(p, DIR_FIRST_OFFSET);

/** Primary page of the i-th bucket this directory page maps (0 when it does not exist). */
export const directoryEntry = (p: Uint8Array, i: number): number => u32(p, DIR_ENTRIES_OFFSET + 4 * i);

/** Sets the i-th bucket's primary page. Returns the changed byte range. */
export function setDirectoryEntry(p: Uint8Array, i: number, page: number): number[] {
  setU32(p, DIR_ENTRIES_OFFSET + 4 * i, page);
  return [DIR_ENTRIES_OFFSET + 4 * i, 4];
}

// ---------------------------------------------------------------------------------------------
// Bucket pages

/** Formats `p` as an empty bucket page (primary or overflow) of `bucket`. */
export function initBucket(p: Uint8Array, bucket: number, overflow: boolean): void {
  p.fill(0, PAGE_KIND_OFFSET);
  setU16(p, PAGE_KIND_OFFSET, overflow ? HASH_OVERFLOW : HASH_BUCKET);
  setU16(p, END_OFFSET, CELLS_START);
  setU32(p, BUCKET_OFFSET, bucket);
}

/** Formats `p` as a free page whose successor on the free list is `next`. */
export function initFree(p: Uint8Array, next: number): void {
  p.fill(0, PAGE_KIND_OFFSET);
  setU16(p, PAGE_KIND_OFFSET, HASH_FREE);
  setU32(p, NEXT_OFFSET, next);
}

/** Whether `p` is a bucket page (primary or overflow). */
export function isBucketPage(p: Uint8Array): boolean {
  const kind = pageKind(p);
  return kind === HASH_BUCKET || kind === HASH_OVERFLOW;
}

/** Number of cells. */
export const cellCount = (p: Uint8Array): number => u16(p, N_OFFSET);
/** First free byte: cells occupy [CELLS_START, end). */
export const cellsEnd = (p: Uint8Array): number => u16(p, END_OFFSET);
/** The bucket a bucket page belongs to. */
export const pageBucket = (p: Uint8Array): number => u32(p, BUCKET_OFFSET);
/** The next page of a chain or of the free list, NO_PAGE at the end. */
export const nextPage = (p: Uint8Array): number => u32(p, NEXT_OFFSET);
/** Sets the next page. Returns the changed byte range. */
export function setNextPage(p: Uint8Array, page: number): number[] {
  setU32(p, NEXT_OFFSET, page);
  return [NEXT_OFFSET, 4];
}
/** Free bytes at the end of the cell area. */
export const pageFree = (p: Uint8Array): number => PAGE_SIZE - cellsEnd(p);

/** Bytes a cell with a key of `keyLength` occupies. */
export const cellSpace = (keyLength: number): number => CELL_OVERHEAD + keyLength;
/** The cell's hash. */
export const cellHash = (p: Uint8Array, off: number): number => u32(p, off);
/** The cell's key length. */
export const cellKeyLength = (p: Uint8Array, off: number): number => u16(p, off + 4);
/** The cell's tid packed as page * 2^16 + slot (common's packTid). */
export const cellTid = (p: Uint8Array, off: number): number => u32(p, off + 6) * 0x10000 + u16(p, off + 10);
/** Size of the cell at `off`. */
export const cellSize = (p: Uint8Array, off: number): number => CELL_OVERHEAD + u16(p, off + 4);

/**
 * Whether the cell at `off` holds exactly (hash, key, tid): hash first, so that most cells of
 * other keys are rejected by one comparison.
 */
export function cellMatches(p: Uint8Array, off: number, hash: number, key: Uint8Array, tid: number): boolean {
  return cellHash(p, off) === hash && cellTid(p, off) === tid && cellHasKey(p, off, key);
}

/** Whether the cell at `off` has the key `key`. */
export function cellHasKey(p: Uint8Array, off: number, key: Uint8Array): boolean {
  if (cellKeyLength(p, off) !== key.length) return false;
  const start = off + CELL_OVERHEAD;
  for (let i = 0; i < key.length; i++) if (p[start + i] !== key[i]) return false;
  return true;
}

/**
 * Appends a cell (the caller checked `pageFree`). Returns the changed byte ranges (the header's
 * count and end, and the cell).
 */
export function appendCell(p: Uint8Array, hash: number, key: Uint8Array, tid: number): number[] {
  const off = cellsEnd(p);
  setU32(p, off, hash);
  setU16(p, off + 4, key.length);
  const tidPage = Math.floor(tid / 0x10000);
  setU32(p, off + 6, tidPage);
  setU16(p, off + 10, tid - tidPage * 0x10000);
  p.set(key, off + CELL_OVERHEAD);
  const size = CELL_OVERHEAD + key.length;
  setU16(p, N_OFFSET, cellCount(p) + 1);
  setU16(p, END_OFFSET, off + size);
  return [N_OFFSET, 4, off, size];
}

/** Appends a copy of the cell at `off` of page `src`. Returns the changed ranges. */
export function copyCell(src: Uint8Array, off: number, dst: Uint8Array): number[] {
  const size = cellSize(src, off);
  const at = cellsEnd(dst);
  dst.set(src.subarray(off, off + size), at);
  setU16(dst, N_OFFSET, cellCount(dst) + 1);
  setU16(dst, END_OFFSET, at + size);
  return [N_OFFSET, 4, at, size];
}

/**
 * Removes the cell at `off`, moving the later cells down and zeroing the freed tail. Returns the
 * changed ranges (the header and every byte from `off` to the old end).
 */
export function removeCell(p: Uint8Array, off: number): number[] {
  const size = cellSize(p, off);
  const end = cellsEnd(p);
  p.copyWithin(off, off + size, end);
  p.fill(0, end - size, end);
  setU16(p, N_OFFSET, cellCount(p) - 1);
  setU16(p, END_OFFSET, end - size);
  return [N_OFFSET, 4, off, end - off];
}

/**
 * Keeps only the cells for which `keep(offset)` is true, packing them down in order, and zeroes
 * the freed tail. Returns the changed ranges.
 */
export function filterCells(p: Uint8Array, keep: (off: number) => boolean): number[] {
  const end = cellsEnd(p);
  let to = CELLS_START;
  let n = 0;
  for (let off = CELLS_START; off < end; ) {
    const size = cellSize(p, off);
    if (keep(off)) {
      if (to !== off) p.copyWithin(to, off, off + size);
      to += size;
      n++;
    }
    off += size;
  }
  p.fill(0, to, end);
  setU16(p, N_OFFSET, n);
  setU16(p, END_OFFSET, to);
  return [N_OFFSET, 4, CELLS_START, end - CELLS_START];
}
