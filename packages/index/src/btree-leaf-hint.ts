/**
 * The leaf hint: the B+tree remembers the leaf its last insert went into, and the next insert
 * (and the next forward range scan's start, such as a unique check) tries that leaf before
 * descending from the root. Loads in key order (a serial primary key, a bulk INSERT) then cost
 * no descent per row, as PostgreSQL's nbtree "fastpath" to the rightmost leaf does.
 *
 * The hint is only a page number and is never trusted: the leaf is used only when its own
 * contents prove that the probe's position is in it (`leafHolds`), so a stale hint (the page
 * split, merged, freed or reused since) costs one pin and falls back to the descent.
 *
 * Why the proof is sound: every leaf in the tree holds entries >= the separator that leads to
 * it and < the next leaf's separator. A probe greater than the leaf's first entry is therefore
 * >= its separator; a probe smaller than its last entry is < the next separator, and so is any
 * probe when the leaf has no right sibling (the next separator is +infinity). Free pages are not
 * node pages (btree-free-list.ts), so a freed hint fails the kind check.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import { NO_PAGE, cellOffset, isLeaf, isNodePage, nodeCount, rightSibling } from './btree-page.js';
import { compareCell } from './btree-search.js';

/** The hinted leaf of one tree, shared by the tree and its cursors. NO_PAGE: no hint. */
export interface LeafHint {
  page: number;
}

/**
 * Whether the position of the probe (key, tid, prefix) — see btree-search.ts — certainly lies in
 * leaf page `p`, strictly after its first entry: see the file comment. Synchronous; no allocation.
 */
export function leafHolds(p: Uint8Array, key: Uint8Array, tid: number, prefix: boolean): boolean {
  if (!isNodePage(p) || !isLeaf(p)) return false;
  const n = nodeCount(p);
  if (n === 0 || compareCell(p, cellOffset(p, 0), key, tid, prefix) >= 0) return false;
  return rightSibling(p) === NO_PAGE || compareCell(p, cellOffset(p, n - 1), key, tid, prefix) > 0;
}

/**
 * Pins the hinted leaf when it holds the probe's position (`leafHolds`); else unpins it and
 * returns undefined (the caller descends). The caller owns the returned pin. Synchronous.
 * @throws DbError 53200 when the pool has no free frame.
 */
export function pinHintedLeaf(
  pool: BufferPool,
  file: FileId,
  hint: LeafHint,
  key: Uint8Array,
  tid: number,
  prefix: boolean,
): Frame | undefined {
  const page = hint.page;
  if (page === NO_PAGE || page >= pool.pageCount(file)) return undefined;
  const frame = pool.pin(file, page);
  if (leafHolds(frame.page, key, tid, prefix)) return frame;
  pool.unpin(frame);
  return undefined;
}
