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
 * simply not found there, and vacuum's fallback scan (engine vacuum.ts) finds nothing left.
 */
import {
  NODE_CAPACITY,
  cellOffset,
  cellSize,
  compactNode,
  isCellKilled,
  nodeCount,
  removeCell,
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
 * Removes every killed entry of the leaf `p` and compacts it. Returns how many it removed (0:
 * the page is unchanged). Synchronous; the caller holds the pin and logs the page when > 0.
 */
export function removeKilledCells(p: Uint8Array): number {
  let removed = 0;
  for (let i = nodeCount(p) - 1; i >= 0; i--) {
    if (!isCellKilled(p, cellOffset(p, i))) continue;
    removeCell(p, i);
    removed++;
  }
  if (removed > 0) compactNode(p);
  return removed;
}
