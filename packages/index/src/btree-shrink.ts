/**
 * Shrinking a B+tree after a delete: page deletion, leaf merges and root collapse, the mirror
 * image of the split. PostgreSQL's nbtree (src/backend/access/nbtree/README, "Page deletion")
 * deletes only empty pages and needs two WAL records and half-dead pages because its writers
 * run concurrently; ours run one at a time, so each shrink is planned whole and logged in the
 * same single 'pages' record as the delete that caused it: redo sees all of it or none of it.
 *
 * WHEN (decided by the delete, before it removes its entry)
 * - The leaf becomes empty: the leaf is deleted. Its parent loses the downlink; a parent left
 *   without children is deleted too, and so on up (every page of that chain had one child).
 * - The leaf falls under MERGE_BELOW bytes used (a quarter of the page): it merges with the
 *   neighbour that shares its parent (the left one, or the right one for a first child) when
 *   both together use at most MERGE_UP_TO bytes (three quarters, so the merged page does not
 *   split again soon). The right page's entries move to the end of the left page, which takes
 *   over its key range; the right page is deleted. Neighbours under other parents are never
 *   merged (PostgreSQL merges no pages at all: it deletes only empty ones).
 * - An internal page deleted as its last child goes (as PostgreSQL) or left under MERGE_BELOW
 *   by a lost downlink merges the same way with its same-parent neighbour: the separator that
 *   led to the right page comes down as the key of its first (minus infinity) downlink. Its
 *   parent loses a downlink in turn, so merges can climb the path, all in the same record.
 * - A root left with one child is replaced by it, repeatedly (the height shrinks).
 * - The root leaf is never deleted: an empty tree is one empty leaf.
 *
 * HOW A DELETED PAGE LEAVES THE TREE
 * - Its downlink goes from the parent. For a first child (slot 0, minus infinity) the next
 *   downlink becomes the parent's minus infinity: that child's key range grows down to the
 *   parent's lower bound, which no ancestor has to learn. Otherwise the left neighbour's range
 *   grows up to the next separator. No separator above the parent changes.
 * - A deleted leaf is unlinked from both leaf siblings (the meta page's first leaf moves right
 *   when the first leaf goes), and every deleted page goes on the free list (BTreeFreeList),
 *   to be reused by a later split.
 *
 * CURSORS. Every page this changes gets a new LSN, the deleted pages included, so a cursor
 * whose leaf was deleted, merged or relinked re-finds its place by its last key from the root
 * (BTreeCursor): a deleted page is never followed, since a cursor reads a link only from a page
 * whose LSN it has checked in the same call.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { type FileId, assert, assertNever } from '@rustydb/common';
import type { BTreeFreeList } from './btree-free-list.js';
import {
  LEFT_LINK_RANGE,
  META_RANGE,
  NODE_CAPACITY,
  NO_PAGE,
  RIGHT_LINK_RANGE,
  cellChild,
  cellKeyLength,
  cellKeyStart,
  cellOffset,
  cellSize,
  cellTid,
  insertCell,
  isNodePage,
  leftSibling,
  nodeCount,
  nodeLevel,
  readMeta,
  removeCell,
  rightSibling,
  setLeftSibling,
  setRightSibling,
  slotChangeRanges,
  totalFree,
  writeMeta,
} from './btree-page.js';
import { type DescentPath, corruptIndex } from './btree-search.js';
import { type PageChangeSet, WHOLE_PAGE } from './page-change-set.js';

/** A leaf using fewer bytes than this (slots and cells) after a delete tries to merge. */
export const MERGE_BELOW = NODE_CAPACITY / 4;
/** Two leaves merge only when together they use at most this many bytes. */
export const MERGE_UP_TO = (NODE_CAPACITY * 3) / 4;

const EMPTY = new Uint8Array(0);

/** What a shrink needs from its tree, for one operation. */
export interface ShrinkContext {
  readonly pool: BufferPool;
  readonly file: FileId;
  readonly changes: PageChangeSet;
  readonly freeList: BTreeFreeList;
}

/** The root replaced by a descendant: `freed` are the old root and single-child pages below. */
interface RootCollapse {
  readonly freed: readonly Frame[];
  readonly root: number;
  readonly height: number;
}

/**
 * Internal page `from` (child `slot` of `parent`) merges into its left sibling `into`: the
 * separator of `slot` comes down as the key of from's first (minus infinity) downlink.
 */
interface InternalMerge {
  readonly into: Frame;
  readonly from: Frame;
  readonly parent: Frame;
  readonly slot: number;
}

/** What a lost downlink causes above: internal merges, bottom-up, then maybe a root collapse. */
interface Above {
  readonly merges: readonly InternalMerge[];
  readonly collapse: RootCollapse | undefined;
}

/** A planned shrink: every page it changes is pinned in the change set, none changed yet. */
export type ShrinkPlan =
  /** The empty `leaf` and its single-child ancestors (`freed`, leaf first) leave the tree. */
  | {
      readonly kind: 'delete';
      readonly leaf: Frame;
      readonly freed: readonly Frame[];
      readonly parent: Frame;
      readonly slot: number;
      readonly left: Frame | undefined;
      readonly right: Frame | undefined;
      readonly above: Above;
    }
  /** Leaf `from` (child `slot` of `parent`) moves its entries to its left sibling `into`. */
  | {
      readonly kind: 'merge';
      readonly into: Frame;
      readonly from: Frame;
      readonly parent: Frame;
      readonly slot: number;
      readonly right: Frame | undefined;
      readonly above: Above;
    }
  /** Only one leaf is left: the root collapses onto it. */
  | { readonly kind: 'collapse'; readonly collapse: RootCollapse };

const used = (p: Uint8Array): number => NODE_CAPACITY - totalFree(p);

/**
 * Whether removing `removedBytes` from leaf `p` may call for a shrink (planShrink then decides):
 * the leaf is not the root and empties or falls under MERGE_BELOW. Allocates nothing.
 */
export function mayShrink(path: DescentPath, p: Uint8Array, removedBytes: number): boolean {
  return path.pages.length > 1 && (nodeCount(p) === 1 || used(p) - removedBytes < MERGE_BELOW);
}

/**
 * Plans the shrink that removing `removedBytes` (a cell and its slot) from `leaf` calls for, or
 * returns undefined. `path` is the descent that found `leaf` (`leaf` is held by the set).
 * Pins every page the shrink changes; changes nothing.
 * @throws DbError 53200 when the pool runs out of frames; XX002 on a page that is not a node.
 */
export function planShrink(
  ctx: ShrinkContext,
  path: DescentPath,
  leaf: Frame,
  removedBytes: number,
): ShrinkPlan | undefined {
  if (path.pages.length === 1) return undefined;
  if (nodeCount(leaf.page) === 1) return planDelete(ctx, path, leaf);
  if (used(leaf.page) - removedBytes >= MERGE_BELOW) return undefined;
  return planMerge(ctx, path, leaf, removedBytes);
}

function planDelete(ctx: ShrinkContext, path: DescentPath, leaf: Frame): ShrinkPlan {
  const height = path.pages.length;
  const freed: Frame[] = [leaf];
  let top = 1;
  let parent: Frame | undefined;
  for (; top < height; top++) {
    const frame = pinNode(ctx, path.pages[top]!, top);
    if (nodeCount(frame.page) >= 2) {
      parent = frame;
      break;
    }
    freed.push(frame);
  }
  ctx.freeList.metaFrame();
  if (parent === undefined) {
    // Every page above the leaf has one child: the leaf is the tree's last one.
    return { kind: 'collapse', collapse: { freed: freed.slice(1), root: leaf.pageNo, height: 1 } };
  }
  const slot = path.slots[top]!;
  const p = leaf.page;
  const left = leftSibling(p) === NO_PAGE ? undefined : pinNode(ctx, leftSibling(p), 0);
  const right = rightSibling(p) === NO_PAGE ? undefined : pinNode(ctx, rightSibling(p), 0);
  return {
    kind: 'delete',
    leaf,
    freed,
    parent,
    slot,
    left,
    right,
    above: planAbove(ctx, path, parent, top, slot),
  };
}

function planMerge(
  ctx: ShrinkContext,
  path: DescentPath,
  leaf: Frame,
  removedBytes: number,
): ShrinkPlan | undefined {
  const parent = pinNode(ctx, path.pages[1]!, 1);
  const pp = parent.page;
  if (nodeCount(pp) < 2) return undefined;
  const slot = path.slots[1]!;
  const neighbourSlot = slot === 0 ? 1 : slot - 1;
  const neighbour = pinNode(ctx, cellChild(pp, cellOffset(pp, neighbourSlot)), 0);
  if (used(leaf.page) - removedBytes + used(neighbour.page) > MERGE_UP_TO) return undefined;
  const [into, from] = slot === 0 ? [leaf, neighbour] : [neighbour, leaf];
  if (leftSibling(from.page) !== into.pageNo)
    throw corruptIndex(ctx.file, from.pageNo, 'has a wrong left link');
  const rightNo = rightSibling(from.page);
  const right = rightNo === NO_PAGE ? undefined : pinNode(ctx, rightNo, 0);
  ctx.freeList.metaFrame();
  const fromSlot = Math.max(slot, neighbourSlot);
  return {
    kind: 'merge',
    into,
    from,
    parent,
    slot: fromSlot,
    right,
    above: planAbove(ctx, path, parent, 1, fromSlot),
  };
}

/**
 * Plans what follows from internal page `page` (at `level`, on the descent path) losing the
 * downlink in `slot`: when that leaves it under MERGE_BELOW bytes, it merges with its neighbour
 * under the same parent if both fit in MERGE_UP_TO, and the parent loses a downlink in turn;
 * when the page that loses a downlink is the root and keeps one child, the root collapses.
 */
function planAbove(ctx: ShrinkContext, path: DescentPath, page: Frame, level: number, slot: number): Above {
  const height = path.pages.length;
  const merges: InternalMerge[] = [];
  for (;;) {
    const p = page.page;
    if (level === height - 1) {
      const remaining = cellChild(p, cellOffset(p, slot === 0 ? 1 : 0));
      return { merges, collapse: planCollapse(ctx, page, level, height, remaining) };
    }
    // Removing slot 0 frees the next cell's key: that cell becomes the minus infinity.
    const freed = cellSize(p, cellOffset(p, slot === 0 ? 1 : slot)) + 2;
    if (used(p) - freed >= MERGE_BELOW) break;
    const parent = pinNode(ctx, path.pages[level + 1]!, level + 1);
    const pp = parent.page;
    if (nodeCount(pp) < 2) break;
    const at = path.slots[level + 1]!;
    const neighbourSlot = at === 0 ? 1 : at - 1;
    const neighbour = pinNode(ctx, cellChild(pp, cellOffset(pp, neighbourSlot)), level);
    const fromSlot = Math.max(at, neighbourSlot);
    const separator = cellKeyLength(pp, cellOffset(pp, fromSlot));
    if (used(p) - freed + used(neighbour.page) + separator > MERGE_UP_TO) break;
    const [into, from] = at === 0 ? [page, neighbour] : [neighbour, page];
    merges.push({ into, from, parent, slot: fromSlot });
    page = parent;
    level++;
    slot = fromSlot;
  }
  return { merges, collapse: undefined };
}

/**
 * When `parent` (at `level`) is the root and will keep one child, `remaining`: the pages to free
 * and the new root, going down while the new root is an internal page with one child.
 */
function planCollapse(
  ctx: ShrinkContext,
  parent: Frame,
  level: number,
  height: number,
  remaining: number,
): RootCollapse | undefined {
  if (level !== height - 1 || nodeCount(parent.page) !== 2) return undefined;
  const freed = [parent];
  let root = remaining;
  let h = level;
  while (h > 1) {
    const frame = pinNode(ctx, root, h - 1);
    if (nodeCount(frame.page) !== 1) break;
    freed.push(frame);
    root = cellChild(frame.page, cellOffset(frame.page, 0));
    h--;
  }
  return { freed, root, height: h };
}

function pinNode(ctx: ShrinkContext, pageNo: number, level: number): Frame {
  const frame = ctx.changes.pin(ctx.pool, ctx.file, pageNo);
  if (!isNodePage(frame.page) || nodeLevel(frame.page) !== level) {
    throw corruptIndex(ctx.file, pageNo, `is not a B+tree node of level ${level}`);
  }
  return frame;
}

/** Carries out a plan (after the delete removed its entry), noting every change in the set. */
export function applyShrink(ctx: ShrinkContext, plan: ShrinkPlan): void {
  const { changes, freeList } = ctx;
  switch (plan.kind) {
    case 'delete': {
      const { leaf, left, right } = plan;
      removeDownlink(changes, plan.parent, plan.slot);
      if (left) {
        setRightSibling(left.page, right?.pageNo ?? NO_PAGE);
        changes.changed(left, RIGHT_LINK_RANGE);
      } else {
        assert(right !== undefined, 'B+tree deleting its only leaf');
        updateMeta(ctx, (m) => {
          assert(m.firstLeaf === leaf.pageNo, 'B+tree first leaf has a left sibling');
          m.firstLeaf = right.pageNo;
        });
      }
      if (right) {
        setLeftSibling(right.page, left?.pageNo ?? NO_PAGE);
        changes.changed(right, LEFT_LINK_RANGE);
      }
      for (const frame of plan.freed) freeList.release(frame);
      applyAbove(ctx, plan.above);
      break;
    }
    case 'merge': {
      const { into, from, right } = plan;
      moveAllCells(from.page, into.page);
      setRightSibling(into.page, right?.pageNo ?? NO_PAGE);
      changes.changed(into, WHOLE_PAGE);
      if (right) {
        setLeftSibling(right.page, into.pageNo);
        changes.changed(right, LEFT_LINK_RANGE);
      }
      removeDownlink(changes, plan.parent, plan.slot);
      freeList.release(from);
      applyAbove(ctx, plan.above);
      break;
    }
    case 'collapse':
      applyCollapse(ctx, plan.collapse);
      break;
    default:
      assertNever(plan, 'B+tree shrink plan');
  }
}

function applyAbove(ctx: ShrinkContext, above: Above): void {
  for (const m of above.merges) {
    const pp = m.parent.page;
    const off = cellOffset(pp, m.slot);
    const start = cellKeyStart(pp, off);
    moveAllInternalCells(
      m.from.page,
      m.into.page,
      pp.subarray(start, start + cellKeyLength(pp, off)),
      cellTid(pp, off),
    );
    ctx.changes.changed(m.into, WHOLE_PAGE);
    removeDownlink(ctx.changes, m.parent, m.slot);
    ctx.freeList.release(m.from);
  }
  if (above.collapse) applyCollapse(ctx, above.collapse);
}

function applyCollapse(ctx: ShrinkContext, collapse: RootCollapse): void {
  for (const frame of collapse.freed) ctx.freeList.release(frame);
  updateMeta(ctx, (m) => {
    m.root = collapse.root;
    m.height = collapse.height;
  });
}

function updateMeta(ctx: ShrinkContext, change: (m: NonNullable<ReturnType<typeof readMeta>>) => void): void {
  const frame = ctx.freeList.metaFrame();
  const meta = readMeta(frame.page);
  assert(meta !== undefined, 'B+tree meta page lost its format');
  change(meta);
  writeMeta(frame.page, meta);
  ctx.changes.changed(frame, META_RANGE);
}

/**
 * Removes downlink `slot` of the internal page. Removing slot 0 makes the next downlink the
 * page's minus infinity (rewritten with an empty key, as every first separator is).
 */
function removeDownlink(changes: PageChangeSet, parent: Frame, slot: number): void {
  const p = parent.page;
  if (slot > 0) {
    const ranges = slotChangeRanges(p, slot, 0, 0);
    removeCell(p, slot);
    changes.changed(parent, ranges);
    return;
  }
  removeCell(p, 0);
  const child = cellChild(p, cellOffset(p, 0));
  removeCell(p, 0);
  insertCell(p, 0, EMPTY, 0, 0, 0, child);
  changes.changed(parent, WHOLE_PAGE);
}

/**
 * Appends every downlink of internal page `src` to `dst`, its left sibling; src's first
 * (minus infinity) downlink takes the separator (`key`, `tid`) that led to src.
 */
function moveAllInternalCells(src: Uint8Array, dst: Uint8Array, key: Uint8Array, tid: number): void {
  const n = nodeCount(src);
  insertCell(dst, nodeCount(dst), key, 0, key.length, tid, cellChild(src, cellOffset(src, 0)));
  for (let i = 1; i < n; i++) {
    const off = cellOffset(src, i);
    const start = cellKeyStart(src, off);
    insertCell(
      dst,
      nodeCount(dst),
      src,
      start,
      start + cellKeyLength(src, off),
      cellTid(src, off),
      cellChild(src, off),
    );
  }
}

/** Appends every cell of leaf `src` to leaf `dst` (all of src sorts after all of dst). */
function moveAllCells(src: Uint8Array, dst: Uint8Array): void {
  const n = nodeCount(src);
  for (let i = 0; i < n; i++) {
    const off = cellOffset(src, i);
    const start = cellKeyStart(src, off);
    insertCell(dst, nodeCount(dst), src, start, start + cellKeyLength(src, off), cellTid(src, off), 0);
  }
}
