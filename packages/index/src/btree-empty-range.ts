/**
 * Whether a B+tree key range certainly holds no entry, answered from one leaf without a cursor.
 *
 * WHY. Every INSERT into a table with a unique index probes the index for the new key (the
 * uniqueness check, executor constraints.ts). The key is almost always absent, and a cursor (its
 * object, its bound probes, its close callback) was most of the probe's cost and a good part of
 * a bulk load's garbage. Here the position where a forward scan of the range would start is
 * found exactly as BTreeCursor finds it (the leaf hint first, else a descent), and the entry at
 * that position, if any, is compared with the range's upper bound: beyond it, the range is empty.
 *
 * The answer is conservative: "maybe" (false) when the start position is at the end of a leaf
 * that has a right sibling, or when the entry there is in the range (killed or not: a scan would
 * decide), and the caller then scans.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import { type LeafHint, pinHintedLeaf } from './btree-leaf-hint.js';
import { cellOffset, NO_PAGE, nodeCount, rightSibling } from './btree-page.js';
import { appendPosition, compareCell, descend, leafPosition, TID_MAX, TID_MIN } from './btree-search.js';
import type { KeyRange } from './index-method.js';

/**
 * True when `range` (both bounds given) certainly holds no entry of the tree in `file`; false
 * when it may hold one (or has an open end). Synchronous; pins one leaf (two pages on a descent
 * per level) and unpins it; no allocation.
 * @throws DbError 53200 when the pool has no free frame.
 */
export function btreeRangeIsEmpty(pool: BufferPool, file: FileId, hint: LeafHint, range: KeyRange): boolean {
  const lower = range.lower;
  const upper = range.upper;
  if (lower === undefined || upper === undefined) return false;
  // The probes of BTreeCursor's bounds: just before the lower bound, just after the upper one.
  const lowerTid = lower.inclusive ? TID_MIN : TID_MAX;
  const lowerPrefix = lower.inclusive ? false : lower.prefix === true;
  const upperTid = upper.inclusive ? TID_MAX : TID_MIN;
  const upperPrefix = upper.inclusive ? upper.prefix === true : false;
  let frame = pinHintedLeaf(pool, file, hint, lower.key, lowerTid, lowerPrefix);
  // The hinted leaf is the last insert's: a key-ordered load's next key lands after its last
  // entry, found by one compare instead of a binary search over the leaf (`appendPosition`).
  const hinted = frame !== undefined;
  frame ??= pool.pin(file, descend(pool, file, lower.key, lowerTid, lowerPrefix));
  try {
    const p = frame.page;
    const pos = hinted
      ? appendPosition(p, lower.key, lowerTid, lowerPrefix, false)
      : leafPosition(p, lower.key, lowerTid, lowerPrefix, false);
    if (pos < nodeCount(p)) return compareCell(p, cellOffset(p, pos), upper.key, upperTid, upperPrefix) >= 0;
    return rightSibling(p) === NO_PAGE;
  } finally {
    pool.unpin(frame);
  }
}
