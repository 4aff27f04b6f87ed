/**
 * LSM tree page layouts: the meta page, memtable pages (the write buffer's log), and the pages
 * of a sorted run (data pages and index pages holding its fence keys). Everything after the
 * common 16-byte page header (see @rustydb/common page.ts) is defined here. Integers are
 * little-endian, like the common header.
 *
 * META PAGE (page 0, kind LSM_META)
 *
 * | OFFSET | SIZE   | DESCRIPTION                                                         |
 * |--------|--------|---------------------------------------------------------------------|
 * | 0      | 16     | common page header                                                  |
 * | 16     | 4      | magic 0x524c534d ("RLSM")                                           |
 * | 20     | 4      | layout version (1)                                                  |
 * | 24     | 2      | memtable limit: pages the memtable fills before it is flushed       |
 * | 26     | 2      | fanout: runs of one tier that are merged into one of the next tier  |
 * | 28     | 2      | m: memtable pages in use                                            |
 * | 30     | 2      | r: runs                                                             |
 * | 32     | 4 * 64 | memtable pages, in the order their operations were logged           |
 * | 288    | 16 * r | run descriptors, newest run first                                   |
 *
 * RUN DESCRIPTOR
 *
 * | OFFSET | SIZE | DESCRIPTION                                                    |
 * |--------|------|----------------------------------------------------------------|
 * | 0      | 4    | first index page of the run                                    |
 * | 4      | 4    | data pages                                                     |
 * | 8      | 4    | entries, tombstones (negative counts) included                 |
 * | 12     | 2    | tier: 0 for a flushed memtable, t + 1 for a merge of tier t    |
 * | 14     | 2    | reserved (0)                                                   |
 *
 * MEMTABLE PAGE (kind LSM_MEMTABLE): an append-only log of the write buffer's operations. The
 * memtable itself is a sorted array in memory, rebuilt from these pages when the tree opens.
 *
 * | OFFSET | SIZE | DESCRIPTION                                    |
 * |--------|------|------------------------------------------------|
 * | 0      | 16   | common page header                             |
 * | 16     | 2    | n: operations                                  |
 * | 18     | 2    | end: first free byte                           |
 * | 20     | 4    | reserved (0)                                   |
 * | 24     | …    | operations (ENTRY format), in the order made   |
 *
 * RUN DATA PAGE (kind LSM_RUN_DATA): a slice of a run's entries, sorted by (key, tid).
 *
 * | OFFSET | SIZE  | DESCRIPTION                                                  |
 * |--------|-------|--------------------------------------------------------------|
 * | 0      | 16    | common page header                                           |
 * | 16     | 2     | n: entries                                                   |
 * | 18     | 2     | cell start: entries occupy [cell start, PAGE_SIZE)           |
 * | 20     | 4     | reserved (0)                                                 |
 * | 24     | 2 * n | slot array: the offset of each entry, in (key, tid) order    |
 * | …      | …     | free space, then entries (ENTRY format) packed at the end    |
 *
 * RUN INDEX PAGE (kind LSM_RUN_INDEX): the run's sparse index, one fence per data page.
 *
 * | OFFSET | SIZE | DESCRIPTION                                              |
 * |--------|------|----------------------------------------------------------|
 * | 0      | 16   | common page header                                       |
 * | 16     | 2    | n: fences                                                |
 * | 18     | 2    | end: first free byte                                     |
 * | 20     | 4    | next index page of the run, 0 for the last one           |
 * | 24     | …    | fences (FENCE format), in data page order                |
 *
 * ENTRY (a memtable operation, or a run entry)
 *
 * | OFFSET | SIZE | DESCRIPTION                                                          |
 * |--------|------|----------------------------------------------------------------------|
 * | 0      | 2    | count, signed: an operation is +1 (insert) or -1 (delete, the        |
 * |        |      | tombstone); a run entry is the sum of the operations merged into it, |
 * |        |      | never 0                                                              |
 * | 2      | 2    | key length k                                                         |
 * | 4      | 4    | tid page                                                             |
 * | 8      | 2    | tid slot                                                             |
 * | 10     | k    | key bytes (see key-encoding.ts)                                      |
 *
 * FENCE: the first entry of a data page, and where the page is
 *
 * | OFFSET | SIZE | DESCRIPTION                                      |
 * |--------|------|--------------------------------------------------|
 * | 0      | 4    | data page                                        |
 * | 4      | 4    | tid page of its first entry                      |
 * | 8      | 2    | tid slot of its first entry                      |
 * | 10     | 2    | key length k                                     |
 * | 12     | k    | key of its first entry                           |
 *
 * The page kinds are common's `PageKind.Lsm*` (0x20-0x23).
 *
 * All functions are synchronous and work on a page view the caller has pinned.
 */
import { PAGE_KIND_OFFSET, PAGE_SIZE, PageKind } from '@rustydb/common';

/** Page kinds of the LSM tree (stored on disk: never renumber). */
export const LSM_META = PageKind.LsmMeta;
export const LSM_MEMTABLE = PageKind.LsmMemtable;
export const LSM_RUN_DATA = PageKind.LsmRunData;
export const LSM_RUN_INDEX = PageKind.LsmRunIndex;

/** The meta page's number. */
export const META_PAGE = 0;
/** "No page": 0 is the meta page, never a link. */
export const NO_PAGE = 0;
/** The most memtable pages the meta page can list. */
export const MAX_MEMTABLE_PAGES = 64;

const META_MAGIC = 0x524c534d;
const META_VERSION = 1;
const MAGIC_OFFSET = 16;
const VERSION_OFFSET = 20;
const LIMIT_OFFSET = 24;
const FANOUT_OFFSET = 26;
const MEMTABLE_COUNT_OFFSET = 28;
const RUN_COUNT_OFFSET = 30;
const MEMTABLE_PAGES_OFFSET = 32;
const RUNS_OFFSET = MEMTABLE_PAGES_OFFSET + 4 * MAX_MEMTABLE_PAGES;
const RUN_DESCRIPTOR_SIZE = 16;
/** The most runs the meta page can list. */
export const MAX_RUNS = Math.floor((PAGE_SIZE - RUNS_OFFSET) / RUN_DESCRIPTOR_SIZE);

const N_OFFSET = 16;
const END_OFFSET = 18;
const NEXT_OFFSET = 20;
/** Where memtable operations and fences start. */
const BODY_START = 24;
/** Where a data page's slot array starts. */
const SLOTS_START = 24;

/** Bytes of an entry before its key. */
export const ENTRY_OVERHEAD = 10;
/** Bytes of a fence before its key. */
const FENCE_OVERHEAD = 12;
/** The largest count an entry can hold (an entry inserted that many times more than deleted). */
export const MAX_COUNT = 0x7fff;

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

/** Formats `p` as an empty page of `kind` (every byte after the LSN and checksum reset). */
function initPage(p: Uint8Array, kind: number): void {
  p.fill(0, PAGE_KIND_OFFSET);
  setU16(p, PAGE_KIND_OFFSET, kind);
}

// ---------------------------------------------------------------------------------------------
// Meta page

/** A run as the meta page lists it. */
export interface RunDescriptor {
  readonly firstIndexPage: number;
  readonly dataPages: number;
  readonly entries: number;
  readonly tier: number;
}

/** The meta page's fields, read into a plain object. */
export interface LsmMeta {
  readonly memtableLimit: number;
  readonly fanout: number;
  readonly memtablePages: readonly number[];
  /** Newest first. */
  readonly runs: readonly RunDescriptor[];
}

/**
 * Writes the meta page (kind, magic, version and every field), zeroing the descriptors of runs
 * it no longer lists. Returns the changed byte range.
 */
export function writeMeta(p: Uint8Array, m: LsmMeta): number[] {
  const before = pageKind(p) === LSM_META ? u16(p, RUN_COUNT_OFFSET) : 0;
  setU16(p, PAGE_KIND_OFFSET, LSM_META);
  setU32(p, MAGIC_OFFSET, META_MAGIC);
  setU32(p, VERSION_OFFSET, META_VERSION);
  setU16(p, LIMIT_OFFSET, m.memtableLimit);
  setU16(p, FANOUT_OFFSET, m.fanout);
  setU16(p, MEMTABLE_COUNT_OFFSET, m.memtablePages.length);
  setU16(p, RUN_COUNT_OFFSET, m.runs.length);
  p.fill(0, MEMTABLE_PAGES_OFFSET, RUNS_OFFSET);
  for (let i = 0; i < m.memtablePages.length; i++)
    setU32(p, MEMTABLE_PAGES_OFFSET + 4 * i, m.memtablePages[i]!);
  const end = RUNS_OFFSET + RUN_DESCRIPTOR_SIZE * Math.max(before, m.runs.length);
  p.fill(0, RUNS_OFFSET, end);
  m.runs.forEach((run, i) => {
    const o = RUNS_OFFSET + RUN_DESCRIPTOR_SIZE * i;
    setU32(p, o, run.firstIndexPage);
    setU32(p, o + 4, run.dataPages);
    setU32(p, o + 8, run.entries);
    setU16(p, o + 12, run.tier);
  });
  return [PAGE_KIND_OFFSET, end - PAGE_KIND_OFFSET];
}

/** Reads the meta page, or undefined when `p` is not one (wrong kind, magic, version, counts). */
export function readMeta(p: Uint8Array): LsmMeta | undefined {
  if (pageKind(p) !== LSM_META || u32(p, MAGIC_OFFSET) !== META_MAGIC) return undefined;
  const m = u16(p, MEMTABLE_COUNT_OFFSET);
  const r = u16(p, RUN_COUNT_OFFSET);
  if (u32(p, VERSION_OFFSET) !== META_VERSION || m > MAX_MEMTABLE_PAGES || r > MAX_RUNS) return undefined;
  const memtablePages: number[] = [];
  for (let i = 0; i < m; i++) memtablePages.push(u32(p, MEMTABLE_PAGES_OFFSET + 4 * i));
  const runs: RunDescriptor[] = [];
  for (let i = 0; i < r; i++) {
    const o = RUNS_OFFSET + RUN_DESCRIPTOR_SIZE * i;
    runs.push({
      firstIndexPage: u32(p, o),
      dataPages: u32(p, o + 4),
      entries: u32(p, o + 8),
      tier: u16(p, o + 12),
    });
  }
  return { memtableLimit: u16(p, LIMIT_OFFSET), fanout: u16(p, FANOUT_OFFSET), memtablePages, runs };
}

// ---------------------------------------------------------------------------------------------
// Entries (memtable operations and run entries share one format)

/** Bytes an entry with a key of `keyLength` occupies. */
export const entrySpace = (keyLength: number): number => ENTRY_OVERHEAD + keyLength;
/** The entry's count: +1 or -1 for an operation, a non-zero sum in a run. */
export const entryCount = (p: Uint8Array, off: number): number => (u16(p, off) << 16) >> 16;
/** The entry's key length. */
export const entryKeyLength = (p: Uint8Array, off: number): number => u16(p, off + 2);
/** The entry's tid packed as page * 2^16 + slot (common's packTid). */
export const entryTid = (p: Uint8Array, off: number): number => u32(p, off + 4) * 0x10000 + u16(p, off + 8);
/** Where the entry's key starts. */
export const entryKeyStart = (off: number): number => off + ENTRY_OVERHEAD;

/** Writes an entry whose key is `src[start, start + length)` at `off`. */
function writeEntry(
  p: Uint8Array,
  off: number,
  src: Uint8Array,
  start: number,
  length: number,
  tid: number,
  count: number,
): void {
  setU16(p, off, count & 0xffff);
  setU16(p, off + 2, length);
  const tidPage = Math.floor(tid / 0x10000);
  setU32(p, off + 4, tidPage);
  setU16(p, off + 8, tid - tidPage * 0x10000);
  p.set(src.subarray(start, start + length), off + ENTRY_OVERHEAD);
}

// ---------------------------------------------------------------------------------------------
// Memtable pages

/** Formats `p` as an empty memtable page. */
export function initMemtablePage(p: Uint8Array): void {
  initPage(p, LSM_MEMTABLE);
  setU16(p, END_OFFSET, BODY_START);
}

/** Number of operations on a memtable page. */
export const memtableOps = (p: Uint8Array): number => u16(p, N_OFFSET);
/** Where a memtable page's operations end. */
export const memtableEnd = (p: Uint8Array): number => u16(p, END_OFFSET);
/** Where a memtable page's operations start. */
export const MEMTABLE_START = BODY_START;
/** Whether a memtable page has room for an operation on a key of `keyLength`. */
export const memtableFits = (p: Uint8Array, keyLength: number): boolean =>
  memtableEnd(p) + entrySpace(keyLength) <= PAGE_SIZE;

/** Appends an operation (`delta` +1 insert, -1 delete). Returns the changed byte ranges. */
export function appendOp(p: Uint8Array, key: Uint8Array, tid: number, delta: number): number[] {
  const off = memtableEnd(p);
  writeEntry(p, off, key, 0, key.length, tid, delta);
  setU16(p, N_OFFSET, memtableOps(p) + 1);
  setU16(p, END_OFFSET, off + entrySpace(key.length));
  return [N_OFFSET, 4, off, entrySpace(key.length)];
}

// ---------------------------------------------------------------------------------------------
// Run data pages

/** Formats `p` as an empty run data page. */
export function initDataPage(p: Uint8Array): void {
  initPage(p, LSM_RUN_DATA);
  setU16(p, END_OFFSET, PAGE_SIZE);
}

/** Number of entries on a data page. */
export const dataCount = (p: Uint8Array): number => u16(p, N_OFFSET);
/** Offset of a data page's i-th entry. */
export const dataOffset = (p: Uint8Array, i: number): number => u16(p, SLOTS_START + 2 * i);
/** Whether a data page has room for an entry with a key of `keyLength` (and its slot). */
export const dataFits = (p: Uint8Array, keyLength: number): boolean =>
  u16(p, END_OFFSET) - (SLOTS_START + 2 * dataCount(p)) >= entrySpace(keyLength) + 2;

/**
 * Appends an entry with the key `src[start, start + length)` (the largest so far) to a data
 * page; the caller checked `dataFits`.
 */
export function appendData(
  p: Uint8Array,
  src: Uint8Array,
  start: number,
  length: number,
  tid: number,
  count: number,
): void {
  const n = dataCount(p);
  const off = u16(p, END_OFFSET) - entrySpace(length);
  writeEntry(p, off, src, start, length, tid, count);
  setU16(p, SLOTS_START + 2 * n, off);
  setU16(p, N_OFFSET, n + 1);
  setU16(p, END_OFFSET, off);
}

// ---------------------------------------------------------------------------------------------
// Run index pages

/** Formats `p` as an empty run index page. */
export function initIndexPage(p: Uint8Array): void {
  initPage(p, LSM_RUN_INDEX);
  setU16(p, END_OFFSET, BODY_START);
}

/** Number of fences on an index page. */
export const fenceCount = (p: Uint8Array): number => u16(p, N_OFFSET);
/** The next index page of the run, NO_PAGE for the last. */
export const nextIndexPage = (p: Uint8Array): number => u32(p, NEXT_OFFSET);
/** Sets the next index page. */
export const setNextIndexPage = (p: Uint8Array, page: number): void => setU32(p, NEXT_OFFSET, page);
/** Whether an index page has room for a fence with a key of `keyLength`. */
export const fenceFits = (p: Uint8Array, keyLength: number): boolean =>
  u16(p, END_OFFSET) + FENCE_OVERHEAD + keyLength <= PAGE_SIZE;

/** Appends a fence; the caller checked `fenceFits`. */
export function appendFence(p: Uint8Array, dataPage: number, key: Uint8Array, tid: number): void {
  const off = u16(p, END_OFFSET);
  setU32(p, off, dataPage);
  const tidPage = Math.floor(tid / 0x10000);
  setU32(p, off + 4, tidPage);
  setU16(p, off + 8, tid - tidPage * 0x10000);
  setU16(p, off + 10, key.length);
  p.set(key, off + FENCE_OVERHEAD);
  setU16(p, N_OFFSET, fenceCount(p) + 1);
  setU16(p, END_OFFSET, off + FENCE_OVERHEAD + key.length);
}

/** Calls `visit` for each fence of an index page with its data page, key (a view) and tid. */
export function forEachFence(
  p: Uint8Array,
  visit: (dataPage: number, key: Uint8Array, tid: number) => void,
): void {
  for (let i = 0, off = BODY_START; i < fenceCount(p); i++) {
    const len = u16(p, off + 10);
    visit(
      u32(p, off),
      p.subarray(off + FENCE_OVERHEAD, off + FENCE_OVERHEAD + len),
      u32(p, off + 4) * 0x10000 + u16(p, off + 8),
    );
    off += FENCE_OVERHEAD + len;
  }
}
