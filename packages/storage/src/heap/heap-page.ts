/**
 * The slotted heap page: PostgreSQL's layout (bufpage.h), simplified. Line pointers grow down
 * from the header, tuples grow up from the end of the page, and free space is the gap between.
 *
 * ```
 * +--------+---------+----------------------+-----------------+------------------+
 * | common | heap    | line pointers 1..n → |   free space    | ← tuples n..1    |
 * | header | header  |                      | [lower, upper)  |                  |
 * +--------+---------+----------------------+-----------------+------------------+
 * 0        16        24                     lower             upper         8192
 * ```
 *
 * Page header (all integers little-endian):
 *
 * | offset | size | field    | description                                                   |
 * |--------|------|----------|---------------------------------------------------------------|
 * | 0      | 16   | common   | LSN, checksum, kind = PageKind.Heap, flags (see common/page)  |
 * | 16     | 2    | lower    | end of the line pointer array = start of free space           |
 * | 18     | 2    | upper    | start of the lowest tuple = end of free space                 |
 * | 20     | 2    | slots    | number of line pointers                                       |
 * | 22     | 2    | flags    | bit 0 HAS_FREE_LINES: some slot in 1..slots may be unused     |
 * |        |      |          | (a hint, PostgreSQL's PD_HAS_FREE_LINES); other bits zero     |
 *
 * Line pointer `s` (slots are 1-based, as PostgreSQL's item offsets, so ctid (0,1) is the first
 * tuple of a table here and there) sits at 24 + (s - 1) * 4:
 *
 * | offset | size | field  | description                                          |
 * |--------|------|--------|------------------------------------------------------|
 * | 0      | 2    | offset | where the tuple starts in the page; 0 = unused slot  |
 * | 2      | 2    | length | tuple length, header included                        |
 *
 * A line pointer whose length has bit 15 set (LP_REDIRECT, impossible for a real length, which
 * is at most 8168) is a REDIRECT: its offset field holds the slot of the first surviving member
 * of the HOT chain it was the root of (pruning, heap-prune-chains.ts). Index entries name the
 * root slot, so the redirect stays until vacuum removes those entries. Both fields zero: unused.
 *
 * Tuple, at its line pointer's offset:
 *
 * | offset | size | field      | description                                              |
 * |--------|------|------------|----------------------------------------------------------|
 * | 0      | 4    | xmin       | inserting transaction                                    |
 * | 4      | 4    | xmax       | deleting/updating transaction, 0 if none                 |
 * | 8      | 4    | cmin       | inserting command                                        |
 * | 12     | 4    | cmax       | deleting/updating command                                |
 * | 16     | 4    | ctid page  | newer version's page (own tid if none)                   |
 * | 20     | 2    | ctid slot  | newer version's slot                                     |
 * | 22     | 2    | flags      | bit 0 HEAP_HOT_UPDATED: updated, the newer version (ctid)  |
 * |        |      |            | is a heap-only tuple on this page; bit 1 HEAP_ONLY: no   |
 * |        |      |            | index entry points here (reached from the chain's root)  |
 * | 24     | 4    | data length| payload bytes that follow                                |
 * | 28     | n    | data       | the row, opaque to storage                               |
 *
 * Every function that changes a page appends the byte ranges it changed to a caller's `ranges`
 * array as flat (offset, length) pairs, merging touching ranges, so the caller can WAL-log exactly
 * those bytes (`logPageChanges`). No range covers bytes 0..12 (LSN and checksum).
 *
 * VACUUM (`heapPrune`, PostgreSQL's PageRepairFragmentation): the slots of dead versions become
 * unused (offset 0), trailing unused line pointers are cut off, and the remaining tuples are
 * packed against the end of the page, keeping their slot numbers (index entries and ctids name
 * slots, never offsets). Tuples already packed at the end do not move and are not logged; the
 * ones that move are logged as page-change moves (wal's page-change.ts: a few bytes per run of
 * tuples moved together, replayed as copyWithin), not as their bytes. The bytes freed are zeroed
 * without being logged (nothing reads free space, and a page image then compresses better). An
 * insert reuses the first unused slot when HAS_FREE_LINES is set, so a slot number can come back
 * for another version: vacuum must remove the index entries of a dead version before it frees
 * the slot.
 *
 * Simplifications: tuples are not aligned (all access is bytewise); cmin and cmax are separate
 * fields where PostgreSQL overlays them with a combo command id; there is no LP_DEAD line pointer
 * (a HOT chain whose every member is dead stays whole until vacuum, which needs a member's key to
 * remove the root's index entries: see heap-prune-chains.ts).
 */
import {
  assert,
  type CommandId,
  PAGE_KIND_OFFSET,
  PAGE_SIZE,
  PageKind,
  readPageKind,
  readPageLsn,
  type Tid,
  type TxnId,
} from '@rustydb/common';
import { encodeHole, registerPageHole } from '@rustydb/wal';
import type { TupleVersion } from '../table-store.js';

const LOWER = 16;
const UPPER = 18;
const SLOTS = 20;
const FLAGS = 22;
/** Flag bit: some line pointer in 1..slots may be unused (a hint; inserts clear it when wrong). */
const HAS_FREE_LINES = 1;
/** Size of the common header plus the heap header. */
export const HEAP_HEADER_SIZE = 24;
/** Size of one line pointer. */
export const LINE_POINTER_SIZE = 4;
/** Size of the tuple header before the data. */
export const TUPLE_HEADER_SIZE = 28;
/** The largest tuple (header included) a page can hold. */
export const MAX_HEAP_TUPLE_SIZE = PAGE_SIZE - HEAP_HEADER_SIZE - LINE_POINTER_SIZE;

const T_XMIN = 0;
const T_XMAX = 4;
const T_CMIN = 8;
const T_CMAX = 12;
const T_CTID_PAGE = 16;
const T_CTID_SLOT = 20;
const T_FLAGS = 22;
const T_DATA_LENGTH = 24;
/** Tuple flag: HOT-updated, its newer version (ctid) is a heap-only tuple on the same page. */
export const HEAP_HOT_UPDATED = 1;
/** Tuple flag: a heap-only tuple, no index entry points at it (reached through its chain). */
export const HEAP_ONLY_TUPLE = 2;
/** Line pointer length bit: a redirect whose offset field is the target slot. */
export const LP_REDIRECT = 0x8000;

// Bytewise little-endian access: no DataView allocation per call on scan paths.
const u16 = (p: Uint8Array, o: number): number => p[o]! | (p[o + 1]! << 8);
const u32 = (p: Uint8Array, o: number): number =>
  (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
function put16(p: Uint8Array, o: number, v: number): void {
  p[o] = v;
  p[o + 1] = v >>> 8;
}
function put32(p: Uint8Array, o: number, v: number): void {
  p[o] = v;
  p[o + 1] = v >>> 8;
  p[o + 2] = v >>> 16;
  p[o + 3] = v >>> 24;
}

/**
 * Appends (offset, length) to flat `ranges`, merged into the previous range when they touch or
 * overlap from its start onwards.
 */
export function addRange(ranges: number[], offset: number, length: number): void {
  const n = ranges.length;
  if (n >= 2) {
    const start = ranges[n - 2]!;
    const end = start + ranges[n - 1]!;
    if (offset >= start && offset <= end) {
      ranges[n - 1] = Math.max(end, offset + length) - start;
      return;
    }
  }
  ranges.push(offset, length);
}

/** Formats an empty heap page over `page` (any previous content after byte 12 is ignored). */
export function initHeapPage(page: Uint8Array, ranges: number[]): void {
  page.fill(0, PAGE_KIND_OFFSET, HEAP_HEADER_SIZE);
  put16(page, PAGE_KIND_OFFSET, PageKind.Heap);
  put16(page, LOWER, HEAP_HEADER_SIZE);
  put16(page, UPPER, PAGE_SIZE);
  addRange(ranges, PAGE_KIND_OFFSET, HEAP_HEADER_SIZE - PAGE_KIND_OFFSET);
}

/** Is this a formatted heap page? (An all-zero page is not: it must be initialized first.) */
export function isHeapPage(page: Uint8Array): boolean {
  return readPageKind(page) === PageKind.Heap;
}

/** Number of line pointers on the page (0 for an all-zero page). */
export function heapSlotCount(page: Uint8Array): number {
  return u16(page, SLOTS);
}

/**
 * The first unused slot in 1..slots, or 0 if there is none. Scans the line pointers only when the
 * page's HAS_FREE_LINES hint is set.
 */
function freeLine(page: Uint8Array): number {
  if ((u16(page, FLAGS) & HAS_FREE_LINES) === 0) return 0;
  const slots = u16(page, SLOTS);
  for (let s = 1, lp = HEAP_HEADER_SIZE; s <= slots; s++, lp += LINE_POINTER_SIZE) {
    if (u16(page, lp) === 0 && u16(page, lp + 2) === 0) return s;
  }
  return 0;
}

/** Bytes between the line pointers and the tuples: what an insert can use (FSM's measure). */
export function heapFreeSpace(page: Uint8Array): number {
  return u16(page, UPPER) - u16(page, LOWER);
}

/** Can a tuple with `dataLength` payload bytes be inserted (into an unused slot, if any)? */
export function heapFits(page: Uint8Array, dataLength: number): boolean {
  const need = TUPLE_HEADER_SIZE + dataLength + (freeLine(page) === 0 ? LINE_POINTER_SIZE : 0);
  return heapFreeSpace(page) >= need;
}

/**
 * Inserts a tuple version (xmax 0, ctid = its own tid) and returns its slot, or 0 if it does not
 * fit. The page must be a heap page. The first unused slot is reused, else a line pointer is
 * added. Appends the changed ranges (header, line pointer, tuple).
 */
export function heapInsert(
  page: Uint8Array,
  pageNo: number,
  xmin: TxnId,
  cmin: CommandId,
  data: Uint8Array,
  ranges: number[],
): number {
  const length = TUPLE_HEADER_SIZE + data.length;
  const reuse = freeLine(page);
  if (reuse === 0 && (u16(page, FLAGS) & HAS_FREE_LINES) !== 0) {
    // The hint was stale: clear it so later inserts do not scan again.
    put16(page, FLAGS, 0);
    addRange(ranges, FLAGS, 2);
  }
  if (heapFreeSpace(page) < length + (reuse === 0 ? LINE_POINTER_SIZE : 0)) return 0;
  const lower = u16(page, LOWER);
  const offset = u16(page, UPPER) - length;
  const slot = reuse === 0 ? u16(page, SLOTS) + 1 : reuse;
  const lp = HEAP_HEADER_SIZE + (slot - 1) * LINE_POINTER_SIZE;
  page.fill(0, offset, offset + TUPLE_HEADER_SIZE);
  put32(page, offset + T_XMIN, xmin);
  put32(page, offset + T_CMIN, cmin);
  put32(page, offset + T_CTID_PAGE, pageNo);
  put16(page, offset + T_CTID_SLOT, slot);
  put32(page, offset + T_DATA_LENGTH, data.length);
  page.set(data, offset + TUPLE_HEADER_SIZE);
  put16(page, lp, offset);
  put16(page, lp + 2, length);
  if (reuse === 0) {
    put16(page, LOWER, lower + LINE_POINTER_SIZE);
    put16(page, SLOTS, slot);
  }
  put16(page, UPPER, offset);
  addRange(ranges, LOWER, 6);
  addRange(ranges, lp, LINE_POINTER_SIZE);
  addRange(ranges, offset, length);
  return slot;
}

/** Where slot `slot`'s tuple starts, or 0 if the slot does not exist or is unused. */
export function heapTupleOffset(page: Uint8Array, slot: number): number {
  if (slot < 1 || slot > u16(page, SLOTS)) return 0;
  const lp = HEAP_HEADER_SIZE + (slot - 1) * LINE_POINTER_SIZE;
  // A redirect holds no tuple (its offset field is a slot number).
  if ((page[lp + 3]! & 0x80) !== 0) return 0;
  return u16(page, lp);
}

/** The target slot of `slot` when it is a redirect line pointer, else 0. */
export function heapRedirectTarget(page: Uint8Array, slot: number): number {
  if (slot < 1 || slot > u16(page, SLOTS)) return 0;
  const lp = HEAP_HEADER_SIZE + (slot - 1) * LINE_POINTER_SIZE;
  return (page[lp + 3]! & 0x80) !== 0 ? u16(page, lp) : 0;
}

/** Makes `slot`'s line pointer a redirect to `target` (its tuple, if any, is left as garbage). */
export function heapSetRedirect(page: Uint8Array, slot: number, target: number): void {
  const lp = HEAP_HEADER_SIZE + (slot - 1) * LINE_POINTER_SIZE;
  put16(page, lp, target);
  put16(page, lp + 2, LP_REDIRECT);
}

/** The flags (HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE) of the tuple at `offset`. */
export function heapTupleFlags(page: Uint8Array, offset: number): number {
  return u16(page, offset + T_FLAGS);
}

/** The xmin of the tuple at `offset`. */
export function heapTupleXmin(page: Uint8Array, offset: number): TxnId {
  return u32(page, offset + T_XMIN) as TxnId;
}

/** The ctid slot of the tuple at `offset` (its page: `heapTupleCtidPage`). */
export function heapTupleCtidSlot(page: Uint8Array, offset: number): number {
  return u16(page, offset + T_CTID_SLOT);
}

/** The ctid page of the tuple at `offset`. */
export function heapTupleCtidPage(page: Uint8Array, offset: number): number {
  return u32(page, offset + T_CTID_PAGE);
}

/** ORs `flags` into the tuple at `offset`'s flags; appends that 2-byte range. */
export function heapAddTupleFlags(page: Uint8Array, offset: number, flags: number, ranges: number[]): void {
  put16(page, offset + T_FLAGS, u16(page, offset + T_FLAGS) | flags);
  addRange(ranges, offset + T_FLAGS, 2);
}

/** The xmax of the tuple at `offset` (from heapTupleOffset). */
export function heapTupleXmax(page: Uint8Array, offset: number): TxnId {
  return u32(page, offset + T_XMAX) as TxnId;
}

/** Sets xmax and cmax of the tuple at `offset`; appends those two 4-byte ranges. */
export function heapSetXmax(
  page: Uint8Array,
  offset: number,
  xmax: TxnId,
  cmax: CommandId,
  ranges: number[],
): void {
  put32(page, offset + T_XMAX, xmax);
  put32(page, offset + T_CMAX, cmax);
  addRange(ranges, offset + T_XMAX, 4);
  addRange(ranges, offset + T_CMAX, 4);
}

/** Sets the ctid of the tuple at `offset`; appends that 6-byte range. */
export function heapSetCtid(page: Uint8Array, offset: number, ctid: Tid, ranges: number[]): void {
  put32(page, offset + T_CTID_PAGE, ctid.page);
  put16(page, offset + T_CTID_SLOT, ctid.slot);
  addRange(ranges, offset + T_CTID_PAGE, 6);
}

/**
 * Frees `slots` (each must hold a tuple or a redirect; vacuum found them dead and removed their
 * index entries) and compacts the page: see the file comment. Slot numbers of the remaining
 * tuples do not change. Appends the changed ranges (the header, the line pointers) to `ranges`
 * and the tuples that moved to `moves` (see `heapCompact`).
 */
export function heapPrune(
  page: Uint8Array,
  slots: readonly number[],
  ranges: number[],
  moves: number[],
): void {
  for (const slot of slots) {
    const lp = HEAP_HEADER_SIZE + (slot - 1) * LINE_POINTER_SIZE;
    // A redirect may be freed too (vacuum frees a dead chain's root with its members).
    assert(
      slot >= 1 && slot <= u16(page, SLOTS) && u16(page, lp) !== 0,
      `heapPrune: slot ${slot} holds no tuple`,
    );
    put32(page, lp, 0);
  }
  heapCompact(page, ranges, moves);
}

/** Copies `length` bytes from `from` up to `to` and records the move. */
function moveRun(page: Uint8Array, to: number, from: number, length: number, moves: number[]): void {
  page.copyWithin(to, from, from + length);
  moves.push(to, from, length);
}

/** Scratch for `heapCompact`: (offset << 16 | slot) of the tuples kept, sorted by offset. */
const byOffset = new Uint32Array(PAGE_SIZE / LINE_POINTER_SIZE);

/**
 * Compacts the page after line pointers were freed (set to zero) or made redirects: cuts
 * trailing unused line pointers, packs the tuples against the end of the page (slot numbers
 * kept), sets HAS_FREE_LINES, zeroes the freed bytes unlogged. Appends the changed ranges (the
 * header, the whole line pointer array) to `ranges`, and the tuples that moved to `moves` as
 * destination, source, length triples, one per run of tuples that moved together: page-change
 * moves (wal's page-change.ts), replayed as copyWithin in order before the ranges are written,
 * which log a few bytes where the moved tuples' bytes would be kilobytes.
 */
export function heapCompact(page: Uint8Array, ranges: number[], moves: number[]): void {
  // Cut trailing unused line pointers (PostgreSQL's PageTruncateLinePointerArray).
  let count = u16(page, SLOTS);
  while (count > 0 && u32(page, HEAP_HEADER_SIZE + (count - 1) * LINE_POINTER_SIZE) === 0) count--;
  const oldLower = u16(page, LOWER);
  const oldUpper = u16(page, UPPER);
  const lower = HEAP_HEADER_SIZE + count * LINE_POINTER_SIZE;
  // Surviving tuples by offset, highest first: packing from the end moves each one up (or not at all).
  let used = 0;
  let freeLines = false;
  for (let s = 1, lp = HEAP_HEADER_SIZE; s <= count; s++, lp += LINE_POINTER_SIZE) {
    if (u32(page, lp) === 0) freeLines = true;
    else if ((page[lp + 3]! & 0x80) === 0) byOffset[used++] = u16(page, lp) * 0x10000 + s; // a redirect holds no tuple
  }
  const sorted = byOffset.subarray(0, used).sort();
  let upper = PAGE_SIZE;
  // The run of tuples being merged into one move: destination, source, length (none while 0).
  let runTo = 0;
  let runFrom = 0;
  let runLength = 0;
  for (let i = used - 1; i >= 0; i--) {
    const s = sorted[i]! & 0xffff;
    const lp = HEAP_HEADER_SIZE + (s - 1) * LINE_POINTER_SIZE;
    const offset = u16(page, lp);
    const length = u16(page, lp + 2);
    upper -= length;
    if (offset === upper) continue;
    put16(page, lp, upper);
    // This tuple ends where the run's source starts and moves by the same distance: one copy
    // (tuples packed before usually all move together, behind the first one freed).
    if (runLength > 0 && offset + length === runFrom && upper - offset === runTo - runFrom) {
      runTo = upper;
      runFrom = offset;
      runLength += length;
      continue;
    }
    // A run ends: copy it. Runs are copied upwards in page order, so no run's source has been
    // overwritten by an earlier one (each lies below the runs before it).
    if (runLength > 0) moveRun(page, runTo, runFrom, runLength, moves);
    runTo = upper;
    runFrom = offset;
    runLength = length;
  }
  if (runLength > 0) moveRun(page, runTo, runFrom, runLength, moves);
  put16(page, LOWER, lower);
  put16(page, UPPER, upper);
  put16(page, SLOTS, count);
  put16(page, FLAGS, freeLines ? HAS_FREE_LINES : 0);
  // Free space is never read: zero what was freed, unlogged.
  if (lower < oldLower) page.fill(0, lower, oldLower);
  if (upper > oldUpper) page.fill(0, oldUpper, upper);
  addRange(ranges, LOWER, 8);
  // Line pointers: the freed ones and the moved ones; one range over the live array is simplest
  // and small (4 bytes a slot).
  if (count > 0) addRange(ranges, HEAP_HEADER_SIZE, count * LINE_POINTER_SIZE);
}

/**
 * The tuple version in `slot`, or undefined for a missing or unused slot. With `copy` the data is
 * a copy; without, it is a view into `page`, valid only while the page stays pinned and unchanged.
 */
export function readHeapTuple(
  page: Uint8Array,
  pageNo: number,
  slot: number,
  copy: boolean,
): TupleVersion | undefined {
  const offset = heapTupleOffset(page, slot);
  return offset === 0 ? undefined : readHeapTupleAt(page, pageNo, slot, offset, copy);
}

/** `readHeapTuple` of the tuple at `offset` (from heapTupleOffset, not 0) in `slot`. */
export function readHeapTupleAt(
  page: Uint8Array,
  pageNo: number,
  slot: number,
  offset: number,
  copy: boolean,
): TupleVersion {
  const start = offset + TUPLE_HEADER_SIZE;
  const end = start + u32(page, offset + T_DATA_LENGTH);
  return {
    tid: { page: pageNo, slot },
    xmin: u32(page, offset + T_XMIN) as TxnId,
    xmax: u32(page, offset + T_XMAX) as TxnId,
    cmin: u32(page, offset + T_CMIN) as CommandId,
    cmax: u32(page, offset + T_CMAX) as CommandId,
    ctid: { page: u32(page, offset + T_CTID_PAGE), slot: u16(page, offset + T_CTID_SLOT) },
    flags: u16(page, offset + T_FLAGS),
    data: copy ? page.slice(start, end) : page.subarray(start, end),
  };
}

/** A TupleHeader whose fields `readHeapHeader` overwrites (one per reader, reused). */
export interface MutableTupleHeader {
  xmin: TxnId;
  xmax: TxnId;
  cmin: CommandId;
  cmax: CommandId;
  flags: number;
}

/**
 * Fills `into` with the header of the tuple at `offset` (from heapTupleOffset, not 0): the
 * fields a visibility test reads, without making a TupleVersion. Allocates nothing.
 */
export function readHeapHeader(page: Uint8Array, offset: number, into: MutableTupleHeader): void {
  into.xmin = u32(page, offset + T_XMIN) as TxnId;
  into.xmax = u32(page, offset + T_XMAX) as TxnId;
  into.cmin = u32(page, offset + T_CMIN) as CommandId;
  into.cmax = u32(page, offset + T_CMAX) as CommandId;
  into.flags = u16(page, offset + T_FLAGS);
}

/** A readable dump of a heap page, one line per slot, for tests, logs and tools. */
export function formatHeapPage(page: Uint8Array, pageNo: number): string {
  if (!isHeapPage(page)) return `page ${pageNo}: kind ${readPageKind(page)} (not a heap page)`;
  const lines = [
    `page ${pageNo}: heap lsn=${readPageLsn(page)} lower=${u16(page, LOWER)} upper=${u16(page, UPPER)} slots=${heapSlotCount(page)}`,
  ];
  for (let slot = 1; slot <= heapSlotCount(page); slot++) {
    const t = readHeapTuple(page, pageNo, slot, false);
    const target = heapRedirectTarget(page, slot);
    if (target !== 0) {
      lines.push(`  (${pageNo},${slot}) redirect to ${target}`);
      continue;
    }
    if (t === undefined) {
      lines.push(`  (${pageNo},${slot}) unused`);
      continue;
    }
    const hex = Buffer.from(t.data.subarray(0, 16)).toString('hex');
    lines.push(
      `  (${pageNo},${slot}) xmin=${t.xmin} xmax=${t.xmax} cmin=${t.cmin} cmax=${t.cmax} ` +
        `ctid=(${t.ctid.page},${t.ctid.slot})${t.flags ? ` flags=${t.flags}` : ''} len=${t.data.length} data=${hex}${t.data.length > 16 ? '…' : ''}`,
    );
  }
  return lines.join('\n');
}

// Full page images leave out [lower, upper), the free space, without searching the page for it
// (@rustydb/wal page-hole.ts; PostgreSQL's standard page layout does the same).
registerPageHole(PageKind.Heap, (page) => {
  const lower = u16(page, LOWER);
  const upper = u16(page, UPPER);
  return lower >= HEAP_HEADER_SIZE && lower <= upper ? encodeHole(lower, upper) : -1;
});
