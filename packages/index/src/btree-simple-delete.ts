/**
 * Simple deletion (PostgreSQL's _bt_simpledel_pass): before a full leaf splits, its killed
 * entries (btree-page.ts, KILLED) are removed, and the insert splits only if that did not make
 * room. Killed entries point at versions dead to every snapshot, so no scan may return them
 * anyway; removing them early keeps a hot key's leaf (every UPDATE of a row adds an entry for the
 * new version) from splitting again and again between two vacuums.
 *
 * It runs only when it frees at least SIMPLE_DELETE_MIN_BYTES. Unlike the hint, the removal is a real change: the caller logs it (the whole page, as a
 * compaction moves every cell) before anything else happens to the page.
 *
 * Vacuum removes a dead version's entries by key (`BTree.delete`); an entry removed here is
 * not found there. The tree remembers the tids it removed (`BTree.forgetReclaimed`), so vacuum
 * does not scan the whole index for them (its fallback for a missed key, engine vacuum.ts).
 */
import {
  cellOffset,
  cellSize,
  cellTid,
  compactNode,
  isCellKilled,
  LEAF_CELL_OVERHEAD,
  MIN_MOVED_SLOTS,
  NODE_CAPACITY,
  NODE_HEADER_END,
  nodeCount,
  removeCell,
  rewriteCellAt,
} from './btree-page.js';

/**
 * The least a simple deletion must free (an eighth of a page): each one logs the whole page, so
 * a leaf with a few killed entries among many recently dead ones (a hot key while older
 * snapshots still run) splits as before instead of logging 8 KiB for every insert or two.
 */
export const SIMPLE_DELETE_MIN_BYTES = NODE_CAPACITY >>> 3;

/** Bytes (cells and slots) the killed entries of leaf `p` occupy. Synchronous, read-only. */
export function killedSpace(p: Uint8Array): number {
  let bytes = 0;
  for (let i = 0, n = nodeCount(p); i < n; i++) {
    const off = cellOffset(p, i);
    if (isCellKilled(p, off)) bytes += cellSize(p, off) + 2;
  }
  return bytes;
}

/**
 * Removes every killed entry of the leaf `p` and compacts it, passing each one's packed tid to
 * `removed`. Returns how many it removed (0: the page is unchanged). Synchronous; the caller
 * holds the pin and logs the page when > 0.
 */
export function removeKilledCells(p: Uint8Array, removed?: (tid: number) => void): number {
  let count = 0;
  for (let i = nodeCount(p) - 1; i >= 0; i--) {
    const off = cellOffset(p, i);
    if (!isCellKilled(p, off)) continue;
    removed?.(cellTid(p, off));
    removeCell(p, i);
    count++;
  }
  if (count > 0) compactNode(p);
  return count;
}

/**
 * An insert into a full leaf that takes over a killed entry's cell instead of splitting the leaf
 * or compacting it (PostgreSQL's bottom-up deletion serves the same case): the killed cell
 * nearest to the insert position `pos` whose size is exactly the new entry's is rewritten as
 * (key, tid) and its slot moved to the new entry's place. The typical case is an UPDATE that
 * changes no key, whose lookup has just killed the entry of the row's previous, dead version
 * next to where the new version's entry goes: the change is two slots and one cell, logged in a
 * few dozen bytes, where a split logs two or three whole pages.
 *
 * Returns false (the page unchanged) when no such cell exists; else fills `ranges` and `moves`
 * (emptied first) with the change for logPageChanges: the slots that moved (as one move when
 * MIN_MOVED_SLOTS or more shifted), the moved slot and the cell. Synchronous; the caller holds
 * the pin and logs the change. Killed entries point at versions dead to every snapshot, so
 * removing one is what simple deletion does, without its whole-page record. The killed entry's
 * packed tid goes to `removed`.
 */
export function reuseKilledCell(
  p: Uint8Array,
  pos: number,
  key: Uint8Array,
  tid: number,
  ranges: number[],
  moves: number[],
  removed?: (tid: number) => void,
): boolean {
  const k = nearestKilledCell(p, pos, LEAF_CELL_OVERHEAD + key.length);
  if (k < 0) return false;
  removed?.(cellTid(p, cellOffset(p, k)));
  // Removing slot k first would put the insert position one lower when k is before it.
  const to = k < pos ? pos - 1 : pos;
  const off = rewriteCellAt(p, k, to, key, tid);
  const size = LEAF_CELL_OVERHEAD + key.length;
  const lo = Math.min(k, to);
  const shifted = Math.abs(to - k);
  const slot = (i: number): number => NODE_HEADER_END + 2 * i;
  if (shifted < MIN_MOVED_SLOTS) {
    ranges[0] = slot(lo);
    ranges[1] = 2 * (shifted + 1);
    if (moves.length !== 0) moves.length = 0;
  } else {
    // The shifted slots as one move (destination, source, length), then the moved slot itself.
    moves[0] = k < to ? slot(k) : slot(to + 1);
    moves[1] = k < to ? slot(k + 1) : slot(to);
    moves[2] = 2 * shifted;
    if (moves.length !== 3) moves.length = 3;
    ranges[0] = slot(to);
    ranges[1] = 2;
  }
  ranges[2] = off;
  ranges[3] = size;
  if (ranges.length !== 4) ranges.length = 4;
  return true;
}

/** The killed leaf slot of cell size `size` nearest to `pos` (below it first), or -1. */
function nearestKilledCell(p: Uint8Array, pos: number, size: number): number {
  const n = nodeCount(p);
  for (let d = 0; pos - 1 - d >= 0 || pos + d < n; d++) {
    const below = pos - 1 - d;
    if (below >= 0 && killedOfSize(p, below, size)) return below;
    const above = pos + d;
    if (above < n && killedOfSize(p, above, size)) return above;
  }
  return -1;
}

function killedOfSize(p: Uint8Array, i: number, size: number): boolean {
  const off = cellOffset(p, i);
  return isCellKilled(p, off) && cellSize(p, off) === size;
}
