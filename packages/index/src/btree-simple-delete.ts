/**
 * Simple deletion (PostgreSQL's _bt_simpledel_pass): before a full leaf splits, its killed
 * entries (btree-page.ts, KILLED) are removed, and the insert splits only if that did not make
 * room. Killed entries point at versions dead to every snapshot, so no scan may return them
 * anyway; removing them early keeps a hot key's leaf (every UPDATE of a row adds an entry for the
 * new version) from splitting again and again between two vacuums.
 *
 * Unlike the hint, the removal is a real change: the caller logs it (the whole page, as a
 * compaction moves every cell) before anything else happens to the page.
 *
 * Vacuum removes a dead version's entries by key (`BTree.delete`); an entry removed here is
 * simply not found there, and vacuum's fallback scan (engine vacuum.ts) finds nothing left.
 */
import { cellOffset, compactNode, isCellKilled, nodeCount, removeCell } from './btree-page.js';

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
