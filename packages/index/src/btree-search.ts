/**
 * Searching B+tree pages: comparing cells with a probe, binary search inside a node, and the
 * descent from the root to a leaf. Shared by the tree's writes and its cursors.
 *
 * A probe is a position in (key, tid) order given as three plain arguments, so that a search
 * allocates nothing:
 *
 * - `key`, `tid`: the entry (key, tid); tid is packed (page * 2^16 + slot). `tid = -1` stands for
 *   "before every tid" (the probe sorts before every entry with this key) and `tid = Infinity`
 *   for "after every tid".
 * - `prefix` (only with `tid = Infinity`): the probe sorts after every key that *starts with*
 *   `key`, which is how an inclusive upper prefix bound or an exclusive lower one is written.
 *
 * Range scans use probes that never equal an entry (the tid is -1 or Infinity), so "the first
 * entry >= probe" and "the first entry > probe" are the same position; exact writes use the
 * entry's own tid.
 */

import type { BufferPool } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import { DbError } from '@rustydb/common';
import {
  type BtreeMeta,
  cellChild,
  cellKeyLength,
  cellKeyStart,
  cellOffset,
  cellTid,
  isMetaPage,
  isNodePage,
  META_PAGE,
  metaHeight,
  metaRoot,
  nodeCount,
  nodeLevel,
  readMeta,
} from './btree-page.js';

/** Tid of a probe before every entry with its key. */
export const TID_MIN = -1;
/** Tid of a probe after every entry with its key. */
export const TID_MAX = Number.POSITIVE_INFINITY;

/** Compares the cell at `off` of page `p` with the probe: negative when the cell sorts first. */
export function compareCell(
  p: Uint8Array,
  off: number,
  key: Uint8Array,
  tid: number,
  prefix: boolean,
): number {
  const klen = cellKeyLength(p, off);
  const start = cellKeyStart(p, off);
  const n = Math.min(klen, key.length);
  for (let i = 0; i < n; i++) {
    const d = p[start + i]! - key[i]!;
    if (d !== 0) return d;
  }
  if (prefix && klen >= key.length) return -1;
  if (klen !== key.length) return klen - key.length;
  const t = cellTid(p, off);
  return t < tid ? -1 : t > tid ? 1 : 0;
}

/**
 * In a leaf: the first slot whose entry is >= the probe (> when `strict`), or the cell count
 * when every entry sorts before it.
 */
export function leafPosition(
  p: Uint8Array,
  key: Uint8Array,
  tid: number,
  prefix: boolean,
  strict: boolean,
): number {
  return searchNode(p, key, tid, prefix, strict ? 0 : -1, 0, nodeCount(p));
}

/**
 * leafPosition for an insert, or a unique check right after one: the last entry is compared
 * first, since key-ordered loads land after it (one compare instead of a binary search). A
 * lookup does not start there: at a random key that compare is one more cache miss for nothing.
 */
export function appendPosition(
  p: Uint8Array,
  key: Uint8Array,
  tid: number,
  prefix: boolean,
  strict: boolean,
): number {
  const n = nodeCount(p);
  const limit = strict ? 0 : -1;
  if (n > 0 && compareCell(p, cellOffset(p, n - 1), key, tid, prefix) <= limit) return n;
  return searchNode(p, key, tid, prefix, limit, 0, n);
}

/**
 * The first slot of [lo, hi) whose entry compares above `limit` with the probe, in a node whose
 * slots [lo, hi) are in order (a leaf's, or an internal node's from slot 1).
 *
 * A binary search touches about log2(n) slots and cells: on a random leaf each one a cache miss,
 * the largest cost of a point lookup. So it starts from where the key should be if the node's
 * keys were spread evenly between its first and last (`interpolate`; serial and random integer
 * keys are, nearly), gallops from there to bracket the position, and bisects the bracket. A good
 * guess costs two probes; a bad one about twice a bisection's. Any guess gives the same answer:
 * only comparisons move the bounds.
 */
function searchNode(
  p: Uint8Array,
  key: Uint8Array,
  tid: number,
  prefix: boolean,
  limit: number,
  lo: number,
  hi: number,
): number {
  const g = hi - lo >= INTERPOLATE_MIN ? interpolate(p, key, lo, hi) : -1;
  if (g >= 0) {
    if (compareCell(p, cellOffset(p, g), key, tid, prefix) <= limit) {
      // The position is after g: probe g+1, g+2, g+4 … until an entry above the limit.
      lo = g + 1;
      for (let step = 1; lo < hi; step *= 2) {
        const t = Math.min(g + step, hi - 1);
        if (compareCell(p, cellOffset(p, t), key, tid, prefix) <= limit) lo = t + 1;
        else {
          hi = t;
          break;
        }
      }
    } else {
      // At g or before: probe g-1, g-2, g-4 … until an entry at or below the limit.
      hi = g;
      for (let step = 1; lo < hi; step *= 2) {
        const t = Math.max(g - step, lo);
        if (compareCell(p, cellOffset(p, t), key, tid, prefix) <= limit) {
          lo = t + 1;
          break;
        }
        hi = t;
      }
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCell(p, cellOffset(p, mid), key, tid, prefix) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fewest slots worth a guess: below this a bisection is as short. */
const INTERPOLATE_MIN = 16;
/** Bytes of a key read as one number for the guess (2^48 stays an exact double). */
const GUESS_BYTES = 6;

/**
 * @internal Where in [lo, hi) the probe's key would sit if the keys between the first and the
 * last slot were spread evenly: their bytes after the prefix the two share, GUESS_BYTES of them,
 * read as numbers. -1 when there is no such guess (the first and last keys are equal there).
 */
export function interpolate(p: Uint8Array, key: Uint8Array, lo: number, hi: number): number {
  const first = cellOffset(p, lo);
  const last = cellOffset(p, hi - 1);
  const fs = cellKeyStart(p, first);
  const fl = cellKeyLength(p, first);
  const ls = cellKeyStart(p, last);
  const ll = cellKeyLength(p, last);
  const common = Math.min(fl, ll, key.length);
  let d = 0;
  while (d < common && p[fs + d] === p[ls + d]) {
    // Outside the prefix every key of the range shares: before them all, or after.
    if (key[d] !== p[fs + d]) return key[d]! < p[fs + d]! ? lo : hi - 1;
    d++;
  }
  let fv = 0;
  let lv = 0;
  let kv = 0;
  for (let i = d; i < d + GUESS_BYTES; i++) {
    fv = fv * 256 + (i < fl ? p[fs + i]! : 0);
    lv = lv * 256 + (i < ll ? p[ls + i]! : 0);
    kv = kv * 256 + (i < key.length ? key[i]! : 0);
  }
  if (lv <= fv) return -1;
  if (kv <= fv) return lo;
  if (kv >= lv) return hi - 1;
  return lo + Math.floor(((kv - fv) / (lv - fv)) * (hi - 1 - lo));
}

/**
 * In an internal node: the slot of the child whose subtree holds the probe's position, that
 * is the last slot whose separator is <= the probe (slot 0 is minus infinity).
 */
export function childSlot(p: Uint8Array, key: Uint8Array, tid: number, prefix: boolean): number {
  return searchNode(p, key, tid, prefix, 0, 1, nodeCount(p)) - 1;
}

/** The root page and height, read from the meta page. @throws DbError XX001 if it is not one. */
export function readRoot(pool: BufferPool, file: FileId): BtreeMeta {
  const frame = pool.pin(file, META_PAGE);
  try {
    const meta = readMeta(frame.page);
    if (meta === undefined) throw corruptIndex(file, META_PAGE, 'is not a B+tree meta page');
    return meta;
  } finally {
    pool.unpin(frame);
  }
}

/** XX002 index_corrupted, as PostgreSQL reports a broken index. */
export function corruptIndex(file: FileId, page: number, what: string): DbError {
  return new DbError('XX002', `index file ${file} is corrupted: page ${page} ${what}`);
}

/**
 * Where a descent went: `pages[level]` is the page visited at each level (0 = leaf) and
 * `slots[level]` the slot followed in it (for levels above 0). Reused across calls.
 */
export interface DescentPath {
  pages: number[];
  slots: number[];
}

/**
 * Descends from the root to the leaf whose key range holds the probe; `key === undefined`
 * follows the last child at every level (the rightmost leaf). Pins one page at a time; returns
 * the leaf's page number (unpinned). Fills `path` when given.
 * @throws DbError XX002 when a page on the way is not a B+tree node.
 */
export function descend(
  pool: BufferPool,
  file: FileId,
  key: Uint8Array | undefined,
  tid: number,
  prefix: boolean,
  path?: DescentPath,
): number {
  // The root and height without readRoot's object: every lookup and insert descends. Read in
  // place when the pool has the meta page at hand (no pin: nothing runs between the peek and
  // the reads), as PostgreSQL's cached metapage spares _bt_getroot the buffer; else pinned.
  let pageNo: number;
  let height: number;
  const peeked = pool.peek(file, META_PAGE);
  if (peeked !== undefined && isMetaPage(peeked)) {
    pageNo = metaRoot(peeked);
    height = metaHeight(peeked);
  } else {
    const meta = pool.pin(file, META_PAGE);
    try {
      if (!isMetaPage(meta.page)) throw corruptIndex(file, META_PAGE, 'is not a B+tree meta page');
      pageNo = metaRoot(meta.page);
      height = metaHeight(meta.page);
    } finally {
      pool.unpin(meta);
    }
  }
  for (let level = height - 1; level > 0; level--) {
    const frame = pool.pin(file, pageNo);
    const p = frame.page;
    try {
      if (!isNodePage(p) || nodeLevel(p) !== level || nodeCount(p) === 0) {
        throw corruptIndex(file, pageNo, `is not a B+tree node of level ${level}`);
      }
      const slot = key === undefined ? nodeCount(p) - 1 : childSlot(p, key, tid, prefix);
      if (path) {
        path.pages[level] = pageNo;
        path.slots[level] = slot;
      }
      pageNo = cellChild(p, cellOffset(p, slot));
    } finally {
      pool.unpin(frame);
    }
  }
  if (path) {
    path.pages[0] = pageNo;
    // Only when it changes: a length store is a runtime call, and descents repeat.
    if (path.pages.length !== height) path.pages.length = height;
    if (path.slots.length !== height) path.slots.length = height;
  }
  return pageNo;
}
