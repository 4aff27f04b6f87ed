/**
 * Bottom-up B+tree build, for CREATE INDEX (and ADD PRIMARY KEY / UNIQUE) on a table that
 * already has rows: the entries come sorted (IndexEntryBuffer), so instead of descending the
 * tree and splitting pages once per entry, leaves are filled left to right and each level above
 * is built from the first entries of the level below, as PostgreSQL's nbtsort.c does.
 *
 * SHAPE: leaves are filled to LEAF_FILL (90%, PostgreSQL's default btree fillfactor) and linked
 * both ways; internal pages to INTERNAL_FILL (70%, nbtsort's), each opening with a
 * minus-infinity cell, and always with at least two children when the level has two pages to
 * give it, so every level is smaller than the one below and the build ends. The separator of a
 * page is its first entry (key, tid), as a split makes it.
 *
 * LOGGING AND CRASHES: every page is logged whole when it is complete (one 'pages' record per
 * page: a full image, as a new page's first change). The first leaf is the tree's existing root
 * leaf (page 1), kept pinned and unlogged until the end; the last record logs it together with
 * the meta page that now points at the new root. So at every record boundary the tree is either
 * still the empty tree (the pages written so far are unreachable) or the complete one: redo
 * after a crash at any point yields one of the two. The pages of a build that fails or crashes
 * midway stay in the file, unreachable (the failed CREATE INDEX drops the file anyway).
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { assert, type FileId } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import {
  initNode,
  insertCell,
  internalCellSpace,
  isLeaf,
  leafCellSpace,
  META_PAGE,
  META_RANGE,
  NODE_CAPACITY,
  nodeCount,
  readMeta,
  setLeftSibling,
  setRightSibling,
  totalFree,
  writeMeta,
} from './btree-page.js';
import type { IndexEntryBuffer } from './index-entry-buffer.js';
import { PageChangeSet, WHOLE_PAGE } from './page-change-set.js';

/** Leaves are filled to 90% (PostgreSQL's default btree fillfactor). */
const LEAF_FILL = 0.9;
/** Internal pages to 70%, as nbtsort.c does. */
const INTERNAL_FILL = 0.7;
const LEAF_RESERVE = Math.floor(NODE_CAPACITY * (1 - LEAF_FILL));
const INTERNAL_RESERVE = Math.floor(NODE_CAPACITY * (1 - INTERNAL_FILL));
const EMPTY = new Uint8Array(0);

/** Where a tree lives: its pool, WAL and file, and the page of its (empty) root leaf. */
export interface BulkBuildTarget {
  readonly pool: BufferPool;
  readonly wal: Wal;
  readonly file: FileId;
  /** The empty root leaf a fresh tree has; it becomes the first leaf. */
  readonly rootLeaf: number;
}

/** One level being built: its pages in order and, per page, the entry its subtree starts with. */
interface Level {
  readonly pages: number[];
  readonly firsts: number[];
}

/**
 * Builds the tree in `target` (which must be empty: meta page and an empty root leaf) from
 * `entries`, sorted. Synchronous; logged as described in the file comment.
 * @throws DbError 53200 when the pool runs out of frames (the tree is then still empty).
 */
export function bulkBuildBTree(target: BulkBuildTarget, entries: IndexEntryBuffer): void {
  if (entries.length === 0) return;
  const { pool, file } = target;
  const first = pool.pin(file, target.rootLeaf);
  let handedOver = false;
  try {
    assert(isLeaf(first.page) && nodeCount(first.page) === 0, 'bulk build into a non-empty B+tree');
    let level = buildLeaves(target, first, entries);
    let height = 1;
    while (level.pages.length > 1) level = buildInternalLevel(target, level, height++, entries);
    const changes = new PageChangeSet();
    const meta = changes.add(pool.pin(file, META_PAGE));
    const old = readMeta(meta.page);
    if (old === undefined) changes.release(pool);
    assert(old !== undefined, 'B+tree meta page missing during a bulk build');
    writeMeta(meta.page, { ...old, root: level.pages[0]!, height, firstLeaf: target.rootLeaf });
    changes.changed(meta, META_RANGE);
    changes.add(first); // the set takes over our pin
    handedOver = true;
    changes.changed(first, WHOLE_PAGE);
    changes.commit(pool, target.wal);
  } catch (err) {
    if (!handedOver) {
      // Nothing of page 1 was logged or dirtied: put back the empty leaf it was, and let go.
      initNode(first.page, 0);
      pool.unpin(first);
    }
    throw err;
  }
}

/** Fills the leaves; every leaf but the first is logged as it is completed. */
function buildLeaves(target: BulkBuildTarget, first: Frame, entries: IndexEntryBuffer): Level {
  const { pool, file } = target;
  const keys = entries.keys;
  const level: Level = { pages: [first.pageNo], firsts: [0] };
  let cur = first;
  for (let i = 0; i < entries.length; i++) {
    const len = entries.keyLength(i);
    const p = cur.page;
    if (nodeCount(p) > 0 && totalFree(p) - leafCellSpace(len) < LEAF_RESERVE) {
      const next = pool.pinNew(file);
      initNode(next.page, 0);
      setRightSibling(p, next.pageNo);
      setLeftSibling(next.page, cur.pageNo);
      if (cur !== first) logWhole(target, cur);
      cur = next;
      level.pages.push(next.pageNo);
      level.firsts.push(i);
    }
    const start = entries.keyStart(i);
    insertCell(cur.page, nodeCount(cur.page), keys, start, start + len, entries.packedTid(i), 0);
  }
  if (cur !== first) logWhole(target, cur);
  return level;
}

/** Builds the level above `below` (at `height`), logging each page as it is completed. */
function buildInternalLevel(
  target: BulkBuildTarget,
  below: Level,
  height: number,
  entries: IndexEntryBuffer,
): Level {
  const { pool, file } = target;
  const keys = entries.keys;
  const level: Level = { pages: [], firsts: [] };
  let node: Frame | undefined;
  for (let j = 0; j < below.pages.length; j++) {
    const e = below.firsts[j]!;
    const len = entries.keyLength(e);
    if (node !== undefined) {
      const free = totalFree(node.page) - internalCellSpace(len);
      // A second child always goes in (so the level shrinks); later ones up to the fill factor.
      // The last child too, so that no page is left with a single child.
      const last = j === below.pages.length - 1;
      if (free >= 0 && (nodeCount(node.page) < 2 || free >= INTERNAL_RESERVE || last)) {
        const start = entries.keyStart(e);
        const count = nodeCount(node.page);
        insertCell(node.page, count, keys, start, start + len, entries.packedTid(e), below.pages[j]!);
        continue;
      }
      logWhole(target, node);
    }
    node = pool.pinNew(file);
    initNode(node.page, height);
    insertCell(node.page, 0, EMPTY, 0, 0, 0, below.pages[j]!);
    level.pages.push(node.pageNo);
    level.firsts.push(e);
  }
  assert(node !== undefined, 'B+tree bulk build of an empty level');
  logWhole(target, node);
  return level;
}

/** Logs a completed page whole (one record), marks it dirty and unpins it. */
function logWhole(target: BulkBuildTarget, frame: Frame): void {
  const changes = new PageChangeSet();
  changes.add(frame);
  changes.changed(frame, WHOLE_PAGE);
  changes.commit(target.pool, target.wal);
}
