/**
 * B+tree page layouts: the meta page and the slotted node pages (leaves and internal nodes).
 * Everything after the common 16-byte page header (see @rustydb/common page.ts) is defined
 * here. Integers are little-endian, like the common header.
 *
 * META PAGE (page 0, kind BtreeMeta)
 *
 * | OFFSET | SIZE | DESCRIPTION                                                          |
 * |--------|------|----------------------------------------------------------------------|
 * | 0      | 16   | common page header                                                   |
 * | 16     | 4    | magic 0x52425431 ("RBT1")                                            |
 * | 20     | 4    | layout version (1)                                                   |
 * | 24     | 4    | root page number                                                     |
 * | 28     | 4    | height: levels in the tree, 1 when the root is a leaf                |
 * | 32     | 4    | first (leftmost) leaf: splits add pages to the right, so it changes  |
 * |        |      | only when the tree is truncated or its first leaf is deleted         |
 * | 36     | 4    | head of the free page list, 0 for none (zero in trees written before |
 * |        |      | page deletion existed: an empty list, so the layout version stays 1) |
 *
 * NODE PAGE (kind BtreeLeaf or BtreeInternal)
 *
 * | OFFSET | SIZE  | DESCRIPTION                                                         |
 * |--------|-------|---------------------------------------------------------------------|
 * | 0      | 16    | common page header                                                  |
 * | 16     | 2     | n: number of cells (slots)                                          |
 * | 18     | 2     | cell start: cells occupy [cell start, PAGE_SIZE)                    |
 * | 20     | 2     | fragmented bytes: dead cells inside the cell area (freed by delete) |
 * | 22     | 2     | level: 0 for leaves, parent = child + 1                             |
 * | 24     | 4     | left sibling page, 0 for none (leaves only; page 0 is the meta page)|
 * | 28     | 4     | right sibling page, 0 for none (leaves only)                        |
 * | 32     | 2 * n | slot array: the offset of each cell, in (key, tid) order            |
 * | …      | …     | free space                                                          |
 * | cell … | …     | cells, packed towards the end of the page in no particular order    |
 *
 * LEAF CELL: an index entry
 *
 * | OFFSET | SIZE | DESCRIPTION                                                            |
 * |--------|------|------------------------------------------------------------------------|
 * | 0      | 2    | key length k in bits 0..14; bit 15 KILLED (PostgreSQL's LP_DEAD hint)  |
 * | 2      | 4    | tid page                                                               |
 * | 6      | 2    | tid slot                                                               |
 * | 8      | k    | key bytes (see key-encoding.ts)                                        |
 *
 * KILLED: the entry's tuple version is dead to every snapshot (set by an index scan that fetched
 * it, btree-cursor.ts `kill`). A hint, set without WAL, as PostgreSQL's kill_prior_tuple: a
 * crash may lose it, and nothing ever clears it wrongly set because it is only set when the
 * version's deleter committed before the vacuum horizon (or its inserter aborted), which a crash
 * cannot undo. Cursors skip killed entries; exact lookups (`delete`, vacuum) still find them. A
 * cell rewritten by a split or merge loses the bit (a lost hint); compaction keeps it. Keys are
 * at most BTREE_MAX_ITEM_SIZE bytes, so bit 15 of the length was always zero.
 *
 * INTERNAL CELL: a separator and the child it leads to
 *
 * | OFFSET | SIZE | DESCRIPTION                                                  |
 * |--------|------|--------------------------------------------------------------|
 * | 0      | 2    | key length k                                                 |
 * | 2      | 4    | tid page                                                     |
 * | 6      | 2    | tid slot                                                     |
 * | 8      | 4    | child page                                                   |
 * | 12     | k    | key bytes                                                    |
 *
 * FREE PAGE (kind Free): a page deleted from the tree, waiting for a split to reuse it
 *
 * | OFFSET | SIZE | DESCRIPTION                                                          |
 * |--------|------|----------------------------------------------------------------------|
 * | 0      | 16   | common page header (kind Free)                                       |
 * | 16     | 4    | next page of the free list, 0 for none                               |
 * | 20     | …    | whatever the page held before: never read, overwritten on reuse      |
 *
 * Separators order the children: child i holds entries e with sep(i) <= (e.key, e.tid) <
 * sep(i + 1). The first cell of an internal page stands for minus infinity: its key and tid
 * are never compared (it is written with k = 0), as in PostgreSQL's nbtree.
 *
 * All functions are synchronous and work on a page view the caller has pinned.
 */
import { assert, PAGE_KIND_OFFSET, PAGE_SIZE, PageKind } from '@rustydb/common';
import { encodeHole, registerPageHole } from '@rustydb/wal';
import type { AscendingEntries } from './ascending-entries.js';

/** The meta page's number. */
export const META_PAGE = 0;
const META_MAGIC = 0x52425431;
const META_VERSION = 1;
const META_MAGIC_OFFSET = 16;
const META_VERSION_OFFSET = 20;
const META_ROOT_OFFSET = 24;
const META_HEIGHT_OFFSET = 28;
const META_FIRST_LEAF_OFFSET = 32;
const META_FREE_HEAD_OFFSET = 36;
/** Bytes of the meta page that change: what a meta update logs. */
export const META_RANGE = [META_MAGIC_OFFSET, 24] as const;

const N_OFFSET = 16;
const CELL_START_OFFSET = 18;
const FRAG_OFFSET = 20;
const LEVEL_OFFSET = 22;
const LEFT_OFFSET = 24;
const RIGHT_OFFSET = 28;
/** Where the slot array starts; also the end of the node header. */
export const NODE_HEADER_END = 32;
/** Bytes of a leaf cell before its key. */
export const LEAF_CELL_OVERHEAD = 8;
/** Bytes of an internal cell before its key. */
export const INTERNAL_CELL_OVERHEAD = 12;
/** Bytes a node can use for slots and cells. */
export const NODE_CAPACITY = PAGE_SIZE - NODE_HEADER_END;
/** "No page": 0 is the meta page, never a sibling or child. */
export const NO_PAGE = 0;

/** Little-endian u16 at `o`. */
export function u16(p: Uint8Array, o: number): number {
  return p[o]! | (p[o + 1]! << 8);
}
function setU16(p: Uint8Array, o: number, v: number): void {
  p[o] = v & 0xff;
  p[o + 1] = v >>> 8;
}
/** Little-endian u32 at `o`. */
export function u32(p: Uint8Array, o: number): number {
  return (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
}
function setU32(p: Uint8Array, o: number, v: number): void {
  p[o] = v & 0xff;
  p[o + 1] = (v >>> 8) & 0xff;
  p[o + 2] = (v >>> 16) & 0xff;
  p[o + 3] = v >>> 24;
}
function setKind(p: Uint8Array, kind: PageKind): void {
  setU16(p, PAGE_KIND_OFFSET, kind);
}

// ---------------------------------------------------------------------------------------------
// Meta page

/** The meta page's fields, read into a plain object (the tree caches it). */
export interface BtreeMeta {
  root: number;
  height: number;
  firstLeaf: number;
  /** First page of the free list (NO_PAGE when empty). */
  freeHead: number;
}

/** Writes the meta page's fields (and its kind, magic and version). */
export function writeMeta(p: Uint8Array, m: BtreeMeta): void {
  setKind(p, PageKind.BtreeMeta);
  setU32(p, META_MAGIC_OFFSET, META_MAGIC);
  setU32(p, META_VERSION_OFFSET, META_VERSION);
  setU32(p, META_ROOT_OFFSET, m.root);
  setU32(p, META_HEIGHT_OFFSET, m.height);
  setU32(p, META_FIRST_LEAF_OFFSET, m.firstLeaf);
  setU32(p, META_FREE_HEAD_OFFSET, m.freeHead);
}

/** Is `p` a meta page (kind, magic and version)? */
export function isMetaPage(p: Uint8Array): boolean {
  return (
    u16(p, PAGE_KIND_OFFSET) === PageKind.BtreeMeta &&
    u32(p, META_MAGIC_OFFSET) === META_MAGIC &&
    u32(p, META_VERSION_OFFSET) === META_VERSION
  );
}

/** The root page number of the meta page `p` (check `isMetaPage` first). */
export const metaRoot = (p: Uint8Array): number => u32(p, META_ROOT_OFFSET);
/** The tree height of the meta page `p` (check `isMetaPage` first). */
export const metaHeight = (p: Uint8Array): number => u32(p, META_HEIGHT_OFFSET);

/** Reads the meta page, or undefined when `p` is not one (wrong kind, magic or version). */
export function readMeta(p: Uint8Array): BtreeMeta | undefined {
  if (!isMetaPage(p)) return undefined;
  return {
    root: u32(p, META_ROOT_OFFSET),
    height: u32(p, META_HEIGHT_OFFSET),
    firstLeaf: u32(p, META_FIRST_LEAF_OFFSET),
    freeHead: u32(p, META_FREE_HEAD_OFFSET),
  };
}

// ---------------------------------------------------------------------------------------------
// Free pages

const FREE_NEXT_OFFSET = 16;
/** Bytes a page's deletion changes (kind, flags and the next link), for logging. */
export const FREE_PAGE_RANGE = [PAGE_KIND_OFFSET, FREE_NEXT_OFFSET + 4 - PAGE_KIND_OFFSET] as const;

/**
 * Turns `p` into a free page whose list link is `next`. Only the bytes in FREE_PAGE_RANGE
 * change: the old contents stay (unread) so that the logged ranges rebuild the page exactly.
 */
export function initFreePage(p: Uint8Array, next: number): void {
  setKind(p, PageKind.Free);
  setU16(p, PAGE_KIND_OFFSET + 2, 0);
  setU32(p, FREE_NEXT_OFFSET, next);
}

/** Whether `p` is a free page. */
export const isFreePage = (p: Uint8Array): boolean => u16(p, PAGE_KIND_OFFSET) === PageKind.Free;
/** The next page of the free list after the free page `p`. */
export const freeNext = (p: Uint8Array): number => u32(p, FREE_NEXT_OFFSET);

// ---------------------------------------------------------------------------------------------
// Node pages: header

/** Formats `p` as an empty node (every byte after the common header's LSN and checksum reset). */
export function initNode(p: Uint8Array, level: number): void {
  p.fill(0, PAGE_KIND_OFFSET);
  setKind(p, level === 0 ? PageKind.BtreeLeaf : PageKind.BtreeInternal);
  setU16(p, CELL_START_OFFSET, PAGE_SIZE);
  setU16(p, LEVEL_OFFSET, level);
}

/** Number of cells. */
export const nodeCount = (p: Uint8Array): number => u16(p, N_OFFSET);
/** 0 for a leaf. */
export const nodeLevel = (p: Uint8Array): number => u16(p, LEVEL_OFFSET);
/** Whether the node is a leaf (level 0). */
export const isLeaf = (p: Uint8Array): boolean => u16(p, LEVEL_OFFSET) === 0;
/** Sibling links of a leaf (NO_PAGE for none); setters write them. */
export const leftSibling = (p: Uint8Array): number => u32(p, LEFT_OFFSET);
export const rightSibling = (p: Uint8Array): number => u32(p, RIGHT_OFFSET);
export const setLeftSibling = (p: Uint8Array, page: number): void => setU32(p, LEFT_OFFSET, page);
export const setRightSibling = (p: Uint8Array, page: number): void => setU32(p, RIGHT_OFFSET, page);
/** Byte range of the left link, for logging a split's change to the old right sibling. */
export const LEFT_LINK_RANGE = [LEFT_OFFSET, 4] as const;
/** Byte range of the right link, for logging a page deletion's change to the left sibling. */
export const RIGHT_LINK_RANGE = [RIGHT_OFFSET, 4] as const;

/** Whether `p` is a node page (leaf or internal) at all: catches pointers into garbage. */
export function isNodePage(p: Uint8Array): boolean {
  const kind = u16(p, PAGE_KIND_OFFSET);
  return kind === PageKind.BtreeLeaf || kind === PageKind.BtreeInternal;
}

const cellStart = (p: Uint8Array): number => u16(p, CELL_START_OFFSET);

// ---------------------------------------------------------------------------------------------
// Node pages: cells

/** Offset of slot i's cell. */
export const cellOffset = (p: Uint8Array, i: number): number => u16(p, NODE_HEADER_END + 2 * i);
/** Bit 15 of a leaf cell's key length: the KILLED hint (see the file comment). */
const KILLED_BIT = 0x8000;
/** Key length of the cell at `off` (the KILLED bit masked off). */
export const cellKeyLength = (p: Uint8Array, off: number): number => u16(p, off) & 0x7fff;
/** Whether the leaf cell at `off` carries the KILLED hint. */
export const isCellKilled = (p: Uint8Array, off: number): boolean => (p[off + 1]! & 0x80) !== 0;
/**
 * Sets the KILLED hint on the leaf cell at `off`. Not logged: the caller marks the frame dirty
 * and must only do it on a page changed since the last checkpoint (see btree-cursor.ts `kill`).
 */
export function killCell(p: Uint8Array, off: number): void {
  setU16(p, off, u16(p, off) | KILLED_BIT);
}
/** The cell's tid packed as page * 2^16 + slot (common's packTid). */
export const cellTid = (p: Uint8Array, off: number): number => u32(p, off + 2) * 0x10000 + u16(p, off + 6);
/** Child page of the internal cell at `off`. */
export const cellChild = (p: Uint8Array, off: number): number => u32(p, off + 8);
/** Where the cell's key bytes start. */
export const cellKeyStart = (p: Uint8Array, off: number): number =>
  off + (isLeaf(p) ? LEAF_CELL_OVERHEAD : INTERNAL_CELL_OVERHEAD);

/** Bytes a leaf cell with a key of `keyLength` occupies, its slot included. */
export const leafCellSpace = (keyLength: number): number => LEAF_CELL_OVERHEAD + keyLength + 2;
/** Bytes an internal cell with a key of `keyLength` occupies, its slot included. */
export const internalCellSpace = (keyLength: number): number => INTERNAL_CELL_OVERHEAD + keyLength + 2;

/** Size of the cell at `off` (without its slot). */
export function cellSize(p: Uint8Array, off: number): number {
  return (isLeaf(p) ? LEAF_CELL_OVERHEAD : INTERNAL_CELL_OVERHEAD) + cellKeyLength(p, off);
}

/** Contiguous free bytes between the slot array and the cells. */
export function contiguousFree(p: Uint8Array): number {
  return cellStart(p) - NODE_HEADER_END - 2 * nodeCount(p);
}

/** Free bytes after a compaction: contiguous free space plus dead cells. */
export function totalFree(p: Uint8Array): number {
  return contiguousFree(p) + u16(p, FRAG_OFFSET);
}

/**
 * Byte ranges an insert or delete at slot `i` changed, as [offset, length, …] for
 * logPageChanges: the node header's counters (n, cell start, fragmented bytes), the slots from
 * i on (an insert at the end of a leaf, the common case of ascending keys, logs one slot, not
 * the whole slot array), and the cell (`cellOff`, `cellLen`). Call it after an insert, before a
 * delete: either way `nodeCount` is the larger count. Written into `out` (emptied first) when
 * given, so a hot caller can reuse one array.
 */
export function slotChangeRanges(
  p: Uint8Array,
  i: number,
  cellOff: number,
  cellLen: number,
  out: number[] = [],
): number[] {
  const n = nodeCount(p);
  const slot = NODE_HEADER_END + 2 * i;
  const slotsEnd = NODE_HEADER_END + 2 * Math.max(n, i + 1);
  // Written in place: emptying a reused array (length = 0) would drop its backing store and
  // make every insert allocate a new one.
  out[0] = N_OFFSET;
  out[1] = LEVEL_OFFSET - N_OFFSET;
  out[2] = slot;
  out[3] = slotsEnd - slot;
  if (cellLen > 0) {
    out[4] = cellOff;
    out[5] = cellLen;
    if (out.length !== 6) out.length = 6;
  } else if (out.length !== 4) out.length = 4;
  return out;
}

/**
 * Appends entries `from`, … of `entries` after the last cell of leaf `p`, in order, while each
 * fits the contiguous free space (no compaction); returns how many. The caller has checked that
 * they belong there (`p` is the tree's rightmost leaf and entry `from` sorts after its last
 * entry; the run ascends). When any was appended, `ranges` becomes the change to log: the
 * header's counters, the new slots and the new cells.
 */
export function appendAscending(
  p: Uint8Array,
  entries: AscendingEntries,
  from: number,
  ranges: number[],
): number {
  const n = nodeCount(p);
  const oldStart = cellStart(p);
  const keys = entries.keys;
  let count = 0;
  for (let i = from; i < entries.length; i++) {
    const start = entries.keyStart(i);
    const end = entries.keyEnd(i);
    if (contiguousFree(p) < LEAF_CELL_OVERHEAD + (end - start) + 2) break;
    insertCell(p, n + count, keys, start, end, entries.packedTid(i), 0);
    count++;
  }
  if (count === 0) return 0;
  const newStart = cellStart(p);
  ranges[0] = N_OFFSET;
  ranges[1] = LEVEL_OFFSET - N_OFFSET;
  ranges[2] = NODE_HEADER_END + 2 * n;
  ranges[3] = 2 * count;
  ranges[4] = newStart;
  ranges[5] = oldStart - newStart;
  if (ranges.length !== 6) ranges.length = 6;
  return count;
}

/** Fewest shifted slots an insert logs as a move (6 bytes) rather than as their bytes. */
export const MIN_MOVED_SLOTS = 4;

/**
 * The change an insert at slot `i` made (call it after `insertCell`), for logPageChanges: when
 * it shifted at least MIN_MOVED_SLOTS slots, the shift as one move into `moves` (emptied first)
 * and, in `ranges`, the header's counters, the new slot and the cell; else everything as ranges
 * (slotChangeRanges). Most inserts land mid-leaf (an UPDATE's new version sits next to the old
 * one), where logging the shifted slots' bytes was most of the record.
 */
export function slotInsertChange(
  p: Uint8Array,
  i: number,
  cellOff: number,
  cellLen: number,
  ranges: number[],
  moves: number[],
): void {
  const shifted = nodeCount(p) - 1 - i;
  if (shifted < MIN_MOVED_SLOTS) {
    slotChangeRanges(p, i, cellOff, cellLen, ranges);
    if (moves.length !== 0) moves.length = 0;
    return;
  }
  const slot = NODE_HEADER_END + 2 * i;
  moves[0] = slot + 2;
  moves[1] = slot;
  moves[2] = 2 * shifted;
  if (moves.length !== 3) moves.length = 3;
  ranges[0] = N_OFFSET;
  ranges[1] = LEVEL_OFFSET - N_OFFSET;
  ranges[2] = slot;
  ranges[3] = 2;
  ranges[4] = cellOff;
  ranges[5] = cellLen;
  if (ranges.length !== 6) ranges.length = 6;
}

/**
 * Inserts a cell at slot `i` (shifting later slots), with the tid `tid` (packed), `child` (for
 * internal nodes; ignored for leaves) and key `key[from, to)`. The caller has checked that
 * `totalFree(p)` has room; a fragmented page is compacted first.
 * Returns the new cell's offset, for logging (its size is `insertedCellSize`; whether the page
 * was compacted first, then changed whole, is `insertCompacts` asked before the call).
 */
export function insertCell(
  p: Uint8Array,
  i: number,
  key: Uint8Array,
  from: number,
  to: number,
  tid: number,
  child: number,
): number {
  const leaf = isLeaf(p);
  const size = (leaf ? LEAF_CELL_OVERHEAD : INTERNAL_CELL_OVERHEAD) + (to - from);
  if (insertCompacts(p, to - from)) compactNode(p);
  assert(contiguousFree(p) >= size + 2, 'B+tree cell insert into a full page');
  const n = nodeCount(p);
  const off = cellStart(p) - size;
  writeCell(p, off, key, from, to, tid);
  if (!leaf) setU32(p, off + 8, child);
  const slot = NODE_HEADER_END + 2 * i;
  // An append (an in-order load) moves no slot: skip the call (its fixed cost shows per row).
  if (i < n) p.copyWithin(slot + 2, slot, NODE_HEADER_END + 2 * n);
  setU16(p, slot, off);
  setU16(p, N_OFFSET, n + 1);
  setU16(p, CELL_START_OFFSET, off);
  return off;
}

/** The size of the cell `insertCell` writes into node `p` for a key of `keyLength` bytes. */
export function insertedCellSize(p: Uint8Array, keyLength: number): number {
  return (isLeaf(p) ? LEAF_CELL_OVERHEAD : INTERNAL_CELL_OVERHEAD) + keyLength;
}

/**
 * Will `insertCell` of a key of `keyLength` bytes compact node `p` first (moving every cell, so
 * the caller logs the whole page)? Asked before the insert: the insert returns only the offset,
 * so that a row's insert allocates no result object.
 */
export function insertCompacts(p: Uint8Array, keyLength: number): boolean {
  return contiguousFree(p) < insertedCellSize(p, keyLength) + 2;
}

/**
 * Writes a cell's key length (KILLED clear), tid (packed) and key `key[from, to)` at `off`; an
 * internal cell's child is the caller's.
 */
function writeCell(p: Uint8Array, off: number, key: Uint8Array, from: number, to: number, tid: number): void {
  setU16(p, off, to - from);
  const tidPage = Math.floor(tid / 0x10000);
  setU32(p, off + 2, tidPage);
  setU16(p, off + 6, tid - tidPage * 0x10000);
  const dst = off + (isLeaf(p) ? LEAF_CELL_OVERHEAD : INTERNAL_CELL_OVERHEAD);
  // Short keys (the usual integers) bytewise: a subarray view per insert costs more.
  if (to - from <= 32) for (let k = from; k < to; k++) p[dst + k - from] = key[k]!;
  else p.set(key.subarray(from, to), dst);
}

/**
 * Rewrites leaf slot `from`'s cell in place as the entry (key, tid) and moves the slot to
 * position `to` (the slots between shift by one towards `from`): the entry that cell held is
 * gone, the new one sits at `to` in (key, tid) order. The cell count, cell area and fragmented
 * bytes do not change. The caller has checked that the cell is exactly the new entry's size.
 */
export function rewriteCellAt(p: Uint8Array, from: number, to: number, key: Uint8Array, tid: number): number {
  const off = cellOffset(p, from);
  const a = NODE_HEADER_END + 2 * from;
  const b = NODE_HEADER_END + 2 * to;
  if (from < to) p.copyWithin(a, a + 2, b + 2);
  else if (from > to) p.copyWithin(b + 2, b, a);
  setU16(p, b, off);
  writeCell(p, off, key, 0, key.length, tid);
  return off;
}

/** Removes slot `i`; its cell becomes dead space (reclaimed by the next compaction). */
export function removeCell(p: Uint8Array, i: number): void {
  const n = nodeCount(p);
  const off = cellOffset(p, i);
  const size = cellSize(p, off);
  const slot = NODE_HEADER_END + 2 * i;
  p.copyWithin(slot, slot + 2, NODE_HEADER_END + 2 * n);
  setU16(p, NODE_HEADER_END + 2 * (n - 1), 0);
  setU16(p, N_OFFSET, n - 1);
  if (off === cellStart(p)) {
    setU16(p, CELL_START_OFFSET, off + size);
  } else {
    setU16(p, FRAG_OFFSET, u16(p, FRAG_OFFSET) + size);
  }
}

/** Sets the child pointer of the internal cell in slot `i`. Returns the changed byte offset. */
export function setChildAt(p: Uint8Array, i: number, child: number): number {
  const off = cellOffset(p, i);
  setU32(p, off + 8, child);
  return off + 8;
}

const compactScratch = new Uint8Array(PAGE_SIZE);

/** Rewrites the cells of `p` packed at the end of the page, dropping dead space. */
export function compactNode(p: Uint8Array): void {
  compactScratch.set(p);
  const n = nodeCount(p);
  let end = PAGE_SIZE;
  for (let i = 0; i < n; i++) {
    const off = cellOffset(compactScratch, i);
    const size = cellSize(compactScratch, off);
    end -= size;
    // Cells are short (an integer key's is 13 bytes): a byte loop, not a subarray view per cell.
    for (let k = 0; k < size; k++) p[end + k] = compactScratch[off + k]!;
    setU16(p, NODE_HEADER_END + 2 * i, end);
  }
  p.fill(0, NODE_HEADER_END + 2 * n, end);
  setU16(p, CELL_START_OFFSET, end);
  setU16(p, FRAG_OFFSET, 0);
}

/**
 * Moves cells [from, n) of `src` to the empty node `dst` (same level), then leaves `src` with
 * cells [0, from), compacted. The split's data movement.
 */
export function moveCellsRight(src: Uint8Array, from: number, dst: Uint8Array): void {
  const n = nodeCount(src);
  const leaf = isLeaf(src);
  for (let i = from; i < n; i++) {
    const off = cellOffset(src, i);
    const start = cellKeyStart(src, off);
    const klen = cellKeyLength(src, off);
    insertCell(dst, i - from, src, start, start + klen, cellTid(src, off), leaf ? 0 : cellChild(src, off));
  }
  // Truncate the slot array, then compaction drops the moved cells.
  for (let i = from; i < n; i++) setU16(src, NODE_HEADER_END + 2 * i, 0);
  setU16(src, N_OFFSET, from);
  compactNode(src);
}

/**
 * A node's free space: from the end of its slot array to its cell start. Full page images leave
 * it out without searching the page for it (@rustydb/wal page-hole.ts).
 */
function nodeHole(p: Uint8Array): number {
  const lower = NODE_HEADER_END + 2 * u16(p, N_OFFSET);
  const upper = u16(p, CELL_START_OFFSET);
  return lower <= upper ? encodeHole(lower, upper) : -1;
}
registerPageHole(PageKind.BtreeLeaf, nodeHole);
registerPageHole(PageKind.BtreeInternal, nodeHole);
