/**
 * BTree: a B+tree of (key, tid) entries on buffer pool pages, WAL-logged and crash-safe.
 * Page layouts are in btree-page.ts; searching in btree-search.ts; cursors in btree-cursor.ts.
 *
 * SHAPE
 *
 *                      meta (page 0) ──▶ root
 *                   ┌───────────┴───────────┐
 *            internal [-inf | k3]     internal [-inf | k9]
 *             ┌─────┴─────┐             ┌─────┴─────┐
 *          leaf ◀──▶ leaf ◀──────▶ leaf ◀──▶ leaf           leaves linked both ways
 *
 * Entries are ordered by (key bytes, tid), so a key may repeat (versions of a row, non-unique
 * indexes) and `delete(key, tid)` finds exactly one entry. Separators in internal pages are whole
 * (key, tid) pairs: the first entry of the right page of the split that made them.
 *
 * INVARIANTS
 * - Every entry of child i of an internal page is >= separator i and < separator i + 1.
 * - Leaves at one level form a doubly linked list in key order; the meta page names the first.
 * - Every page change goes through one `logPageChanges` call per operation (PageChangeSet):
 *   an insert that splits leaf, parents and root logs all of them in one atomic record, so redo
 *   (storage's generic 'pages' replay) never sees half a split. The tree has no redo code.
 * - All work is synchronous. A write pins the pages it will change before changing any of them,
 *   so running out of buffers (53200) leaves the tree untouched.
 *
 * SHRINKING (btree-shrink.ts): a delete that empties a leaf deletes it (and its parents left
 * without children), one that leaves a page under a quarter full merges it with a neighbour
 * under the same parent (leaves, then internal pages up the path), and a root with one child
 * is replaced by it. All of it goes into the
 * delete's one WAL record. Deleted pages go on a free list headed by the meta page
 * (btree-free-list.ts), which splits use before growing the file; the file never shrinks.
 *
 * SIMPLIFICATIONS
 * - No suffix truncation or deduplication of separators/keys (PostgreSQL 13+ has both).
 * - Index changes log with xid 0: they are not transactional. An entry whose tuple is invisible
 *   is filtered out by the caller's visibility check and removed later by vacuum.
 * - One process, no latches: a write runs to completion between two cursor steps. A cursor
 *   notices that its leaf changed (its LSN moved) and finds its place again from its last key.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import {
  assert,
  assertNever,
  DbError,
  type FileId,
  formatTid,
  INVALID_TXN_ID,
  PAGE_SIZE,
  packTid,
  type Tid,
  unpackTid,
} from '@rustydb/common';
import { logPageChanges, type PageChangeInput, type Wal } from '@rustydb/wal';
import type { AscendingEntries } from './ascending-entries.js';
import { bulkBuildBTree } from './btree-bulk-build.js';
import { BTreeCursor, type CursorCount } from './btree-cursor.js';
import { btreeRangeIsEmpty } from './btree-empty-range.js';
import { BTreeFreeList } from './btree-free-list.js';
import { type LeafHint, pinHintedLeaf } from './btree-leaf-hint.js';
import {
  appendAscending,
  cellChild,
  cellKeyLength,
  cellKeyStart,
  cellOffset,
  cellSize,
  cellTid,
  compactNode,
  initNode,
  insertCell,
  insertCompacts,
  insertedCellSize,
  internalCellSpace,
  isLeaf,
  isNodePage,
  LEAF_CELL_OVERHEAD,
  LEFT_LINK_RANGE,
  leafCellSpace,
  META_PAGE,
  META_RANGE,
  moveCellsRight,
  NO_PAGE,
  NODE_CAPACITY,
  nodeCount,
  readMeta,
  removeCell,
  rightSibling,
  setLeftSibling,
  setRightSibling,
  slotChangeRanges,
  slotInsertChange,
  totalFree,
  writeMeta,
} from './btree-page.js';
import {
  appendPosition,
  compareCell,
  corruptIndex,
  type DescentPath,
  descend,
  leafPosition,
  readRoot,
  TID_MIN,
} from './btree-search.js';
import { applyShrink, mayShrink, planShrink, type ShrinkContext, type ShrinkPlan } from './btree-shrink.js';
import {
  killedSpace,
  removeKilledCells,
  reuseKilledCell,
  SIMPLE_DELETE_MIN_BYTES,
} from './btree-simple-delete.js';
import type { IndexEntryBuffer } from './index-entry-buffer.js';
import type { Index, IndexContext, IndexCursor, KeyRange, ScanOptions } from './index-method.js';
import { PageChangeSet, WHOLE_PAGE } from './page-change-set.js';
import { diffRanges } from './page-diff.js';

/**
 * The largest index entry PostgreSQL's btree (version 4) accepts on an 8 KiB page: a third of
 * the page, so that a split always leaves room on both sides.
 */
export const BTREE_MAX_ITEM_SIZE = 2704;

const EMPTY = new Uint8Array(0);
const EMPTY_RANGES: readonly number[] = [];
/** The left page of a split as it was, for `diffRanges` (splits never nest). */
const splitScratch = new Uint8Array(PAGE_SIZE);
/** The page a fresh tree's root leaf lives on. */
const FIRST_ROOT = 1;

/** The cell an insert adds at some level: an entry at level 0, a separator above. */
interface Cell {
  readonly key: Uint8Array;
  readonly tid: number;
  /** The child page a separator leads to; 0 in a leaf. */
  readonly child: number;
}

/** One step of a planned insert, applied bottom-up once every page is pinned. */
type Step =
  /** `cell` fits in `frame` at slot `pos`. */
  | { readonly kind: 'insert'; readonly frame: Frame; readonly pos: number; readonly cell: Cell }
  /** `frame` splits: cells [splitAt, …) of the page with `cell` at `pos` move to `right`. */
  | {
      readonly kind: 'split';
      readonly frame: Frame;
      readonly level: number;
      readonly pos: number;
      readonly cell: Cell;
      readonly splitAt: number;
      readonly right: Frame;
      /** The old right sibling of a splitting leaf, whose left link changes. */
      readonly sibling: Frame | undefined;
    }
  /** The root split: `root` is a new page above it holding [-inf → oldRoot, cell]. */
  | {
      readonly kind: 'new-root';
      readonly root: Frame;
      readonly meta: Frame;
      readonly level: number;
      readonly oldRoot: number;
      readonly cell: Cell;
    };

/** See the file comment. Create with `BTree.create`, reopen with `BTree.open`. */
/** Reclaimed tids a BTree remembers for vacuum at most (about 20 bytes each). */
const MAX_RECLAIMED = 1 << 18;

export class BTree implements Index {
  readonly method = 'btree';
  private readonly pool: BufferPool;
  private readonly wal: Wal;
  /** Reused by every write: writes never nest. */
  private readonly path: DescentPath = { pages: [], slots: [] };
  /** Reused by the one-leaf insert's logging (`logOne`). */
  private readonly ranges: number[] = [];
  private readonly moves: number[] = [];
  private readonly oneChange: {
    file: FileId;
    pageNo: number;
    page: Uint8Array;
    ranges: readonly number[];
    moves: readonly number[];
  };
  private readonly oneChangeList: readonly PageChangeInput[];
  private readonly cursors: CursorCount = { open: 0 };
  /** The leaf the last insert went into, tried first by inserts and scans (btree-leaf-hint.ts). */
  private readonly hint: LeafHint = { page: NO_PAGE };
  /**
   * Packed tids of killed entries this tree removed itself (btree-simple-delete.ts), for
   * `forgetReclaimed`; at most MAX_RECLAIMED (past that vacuum scans for the rest).
   */
  readonly #reclaimed = new Set<number>();
  readonly #noteReclaimed = (tid: number): void => {
    if (this.#reclaimed.size < MAX_RECLAIMED) this.#reclaimed.add(tid);
  };

  private constructor(
    ctx: IndexContext,
    /** The index's file. */
    readonly file: FileId,
    /** The index's name, for error messages. */
    readonly name: string,
  ) {
    this.pool = ctx.pool;
    this.wal = ctx.wal;
    this.oneChange = { file, pageNo: 0, page: EMPTY, ranges: EMPTY_RANGES, moves: EMPTY_RANGES };
    this.oneChangeList = [this.oneChange];
  }

  /**
   * Logs a change of one pinned page (xid 0, as every index change) and marks it dirty. Deferred
   * inside a WAL page batch (`Wal.batchPageChanges`): only inserts call it.
   */
  private logOne(frame: Frame, ranges: readonly number[], moves: readonly number[] = EMPTY_RANGES): void {
    const c = this.oneChange;
    c.pageNo = frame.pageNo;
    c.page = frame.page;
    c.ranges = ranges;
    c.moves = moves;
    try {
      logPageChanges(this.wal, INVALID_TXN_ID, this.oneChangeList, true);
    } finally {
      c.page = EMPTY;
      c.moves = EMPTY_RANGES;
    }
    // Dirty only once logged: an unlogged change must never reach the disk (the WAL rule).
    this.pool.markDirty(frame);
  }

  /**
   * Creates the file (logging 'file-create'), writes the meta page and an empty root leaf
   * (logged), and returns the tree. Synchronous.
   * @throws DbError 53200 when the pool has no free frame.
   */
  static create(ctx: IndexContext, file: FileId, name = `index ${file}`): BTree {
    ctx.wal.append({ kind: 'file-create', file });
    ctx.pool.createFile(file);
    assert(ctx.pool.pageCount(file) === 0, `B+tree file ${file} is not empty`);
    const tree = new BTree(ctx, file, name);
    tree.reset(false);
    return tree;
  }

  /**
   * Opens an existing tree. Synchronous.
   * @throws DbError XX002 when page 0 is not a B+tree meta page.
   */
  static open(ctx: IndexContext, file: FileId, name = `index ${file}`): BTree {
    readRoot(ctx.pool, file);
    return new BTree(ctx, file, name);
  }

  /**
   * Adds the entry (key, tid). Logged (one record, a split included). Synchronous.
   * @throws DbError 54000 when the entry exceeds BTREE_MAX_ITEM_SIZE (PostgreSQL's message).
   * @throws DbError 53200 when the pool runs out of frames (the tree is then unchanged).
   */
  insert(key: Uint8Array, tid: Tid): void {
    this.checkEntrySize(key, tid);
    const packed = packTid(tid.page, tid.slot);
    // A tid with an entry again is not one whose entry is gone.
    if (this.#reclaimed.size > 0) this.#reclaimed.delete(packed);
    const need = leafCellSpace(key.length);
    // The hinted leaf (no descent) serves only an insert without a split: a split needs the
    // path of parents, which only the descent records.
    let leaf = pinHintedLeaf(this.pool, this.file, this.hint, key, packed, false);
    if (leaf !== undefined && need > totalFree(leaf.page)) {
      this.pool.unpin(leaf);
      leaf = undefined;
    }
    if (leaf === undefined) {
      descend(this.pool, this.file, key, packed, false, this.path);
      leaf = this.pinNode(this.path.pages[0]!);
    }
    let pos = appendPosition(leaf.page, key, packed, false, true);
    if (
      need > totalFree(leaf.page) &&
      reuseKilledCell(leaf.page, pos, key, packed, this.ranges, this.moves, this.#noteReclaimed)
    ) {
      // A killed entry's cell became the new entry (btree-simple-delete.ts): no split.
      try {
        this.logOne(leaf, this.ranges, this.moves);
        this.hint.page = leaf.pageNo;
      } finally {
        this.pool.unpin(leaf);
      }
      return;
    }
    if (
      need > totalFree(leaf.page) &&
      killedSpace(leaf.page) >= SIMPLE_DELETE_MIN_BYTES &&
      removeKilledCells(leaf.page, this.#noteReclaimed) > 0
    ) {
      // Simple deletion (btree-simple-delete.ts), logged on its own before the insert (which may
      // still split): the leaf's cells moved.
      try {
        this.logOne(leaf, WHOLE_PAGE);
      } catch (err) {
        this.pool.unpin(leaf);
        throw err;
      }
      pos = appendPosition(leaf.page, key, packed, false, true);
    }
    if (need <= totalFree(leaf.page)) {
      // The common case, one leaf changes: logged without a PageChangeSet's allocations.
      try {
        const compacted = insertCompacts(leaf.page, key.length);
        const offset = insertCell(leaf.page, pos, key, 0, key.length, packed, 0);
        if (compacted) this.logOne(leaf, WHOLE_PAGE);
        else {
          slotInsertChange(
            leaf.page,
            pos,
            offset,
            insertedCellSize(leaf.page, key.length),
            this.ranges,
            this.moves,
          );
          this.logOne(leaf, this.ranges, this.moves);
        }
        this.hint.page = leaf.pageNo;
      } finally {
        this.pool.unpin(leaf);
      }
      return;
    }
    const changes = new PageChangeSet();
    changes.add(leaf);
    const freeList = new BTreeFreeList(this.pool, this.file, changes);
    let steps: Step[];
    try {
      steps = this.planSplits(changes, freeList, leaf, pos, key, packed);
    } catch (err) {
      changes.release(this.pool);
      throw err;
    }
    this.applySteps(changes, steps);
    freeList.finish();
    // A split joins a WAL page batch like the one-leaf insert: one record either way.
    changes.commit(this.pool, this.wal, true);
  }

  /**
   * Adds `entries` (sorted) to this tree: built bottom-up when the tree is empty, as after
   * CREATE INDEX (btree-bulk-build.ts), else inserted one by one. Synchronous; logged.
   * @throws DbError 54000 for an entry over BTREE_MAX_ITEM_SIZE (before anything is written);
   *   53200 when the pool runs out of frames.
   */
  bulkLoad(entries: IndexEntryBuffer): void {
    for (let i = 0; i < entries.length; i++) {
      const length = entries.keyLength(i);
      if (LEAF_CELL_OVERHEAD + length + 7 > BTREE_MAX_ITEM_SIZE) {
        const start = entries.keyStart(i);
        this.checkEntrySize(entries.keys.subarray(start, start + length), entries.tid(i));
      }
    }
    if (this.isEmpty()) {
      const target = { pool: this.pool, wal: this.wal, file: this.file, rootLeaf: FIRST_ROOT };
      bulkBuildBTree(target, entries);
      return;
    }
    for (let i = 0; i < entries.length; i++) {
      const start = entries.keyStart(i);
      this.insert(entries.keys.slice(start, start + entries.keyLength(i)), entries.tid(i));
    }
  }

  /**
   * Adds a run of entries in ascending key order (AscendingEntries): those that land after the
   * tree's last entry are appended to its rightmost leaf, one pin and one log record part per
   * leaf; the others (and the one that fills a leaf, which splits it) go through `insert`.
   * Logged like `insert` (joining a WAL page batch). Synchronous.
   * @throws DbError 53200 when the pool runs out of frames (entries before it are added).
   */
  insertAscending(entries: AscendingEntries): void {
    for (let i = 0; i < entries.length; ) {
      const appended = this.appendToRightmostLeaf(entries, i);
      if (appended > 0) {
        i += appended;
        continue;
      }
      const start = entries.keyStart(i);
      this.insert(entries.keys.subarray(start, entries.keyEnd(i)), unpackTid(entries.packedTid(i)));
      i++;
    }
  }

  /**
   * True when `key` certainly sorts after every entry of the tree (killed ones included): the
   * hinted leaf is the rightmost one and its last entry is below `key`. False when that is not
   * known (the hint names another leaf, or the tree is empty). Synchronous; no allocation.
   */
  keyAboveAll(key: Uint8Array): boolean {
    const page = this.hint.page;
    if (page === NO_PAGE || page >= this.pool.pageCount(this.file)) return false;
    const frame = this.pool.pin(this.file, page);
    try {
      const p = frame.page;
      if (!isNodePage(p) || !isLeaf(p) || rightSibling(p) !== NO_PAGE) return false;
      const n = nodeCount(p);
      return n > 0 && compareCell(p, cellOffset(p, n - 1), key, TID_MIN, false) < 0;
    } finally {
      this.pool.unpin(frame);
    }
  }

  /**
   * Appends entries `from`, … to the hinted leaf when it is the rightmost leaf, not empty, and
   * entry `from` sorts after its last entry (then every key of the run does, and belongs there:
   * the rightmost leaf holds everything from its separator up, and its last entry is at least
   * that). Returns how many it appended: 0 when the leaf does not qualify or is full.
   */
  private appendToRightmostLeaf(entries: AscendingEntries, from: number): number {
    const page = this.hint.page;
    if (page === NO_PAGE || page >= this.pool.pageCount(this.file)) return 0;
    const frame = this.pool.pin(this.file, page);
    try {
      const p = frame.page;
      if (!isNodePage(p) || !isLeaf(p) || rightSibling(p) !== NO_PAGE) return 0;
      const n = nodeCount(p);
      if (n === 0) return 0;
      const first = entries.keys.subarray(entries.keyStart(from), entries.keyEnd(from));
      if (compareCell(p, cellOffset(p, n - 1), first, entries.packedTid(from), false) >= 0) return 0;
      const count = appendAscending(p, entries, from, this.ranges);
      if (count > 0) this.logOne(frame, this.ranges);
      return count;
    } finally {
      this.pool.unpin(frame);
    }
  }

  /**
   * Removes the entry (key, tid); returns whether it was there. Logged (one record, with the
   * page deletion or merge it causes: see btree-shrink.ts). Synchronous.
   * @throws DbError 53200 when the pool runs out of frames (the tree is then unchanged).
   */
  delete(key: Uint8Array, tid: Tid): boolean {
    const packed = packTid(tid.page, tid.slot);
    descend(this.pool, this.file, key, packed, false, this.path);
    const changes = new PageChangeSet();
    const leaf = changes.add(this.pinNode(this.path.pages[0]!));
    const p = leaf.page;
    const pos = leafPosition(p, key, packed, false, false);
    if (pos >= nodeCount(p) || compareCell(p, cellOffset(p, pos), key, packed, false) !== 0) {
      changes.release(this.pool);
      return false;
    }
    if (this.#reclaimed.size > 0) this.#reclaimed.delete(packed);
    const removed = cellSize(p, cellOffset(p, pos)) + 2;
    // Most deletes leave a well-filled leaf: they allocate nothing beyond the change set.
    let shrink: { ctx: ShrinkContext; plan: ShrinkPlan | undefined } | undefined;
    if (mayShrink(this.path, p, removed)) {
      const ctx = {
        pool: this.pool,
        file: this.file,
        changes,
        freeList: new BTreeFreeList(this.pool, this.file, changes),
      };
      try {
        shrink = { ctx, plan: planShrink(ctx, this.path, leaf, removed) };
      } catch (err) {
        changes.release(this.pool);
        throw err;
      }
    }
    // The ranges cover the slot array as it was (its last slot is cleared).
    const ranges = slotChangeRanges(p, pos, 0, 0);
    removeCell(p, pos);
    changes.changed(leaf, ranges);
    if (shrink?.plan !== undefined) {
      applyShrink(shrink.ctx, shrink.plan);
      shrink.ctx.freeList.finish();
    }
    changes.commit(this.pool, this.wal);
    return true;
  }

  /** See Index.forgetReclaimed. Synchronous. */
  forgetReclaimed(tid: Tid): boolean {
    return this.#reclaimed.delete(packTid(tid.page, tid.slot));
  }

  /**
   * Entries within `range` in (key, tid) order, or reverse order when `backward`. The cursor
   * pins one leaf at a time (from its first `next()` until `close()`); see BTreeCursor.
   */
  scan(range?: KeyRange, backward = false, options?: ScanOptions): IndexCursor {
    return new BTreeCursor(
      this.pool,
      this.file,
      range,
      backward,
      this.hint,
      this.cursors,
      this.wal,
      options?.includeKilled,
    );
  }

  /**
   * True when `range` certainly holds no entry (btree-empty-range.ts): a unique check's probe
   * without a cursor. False means it may: scan. Synchronous.
   */
  rangeIsEmpty(range: KeyRange): boolean {
    return btreeRangeIsEmpty(this.pool, this.file, this.hint, range);
  }

  /**
   * Removes every entry: the tree becomes the meta page and an empty root leaf (logged), then
   * the file is cut to those two pages ('file-truncate' logged and flushed first, because a cut
   * file cannot be redone from the WAL). Synchronous.
   * @throws InternalError if a cursor on this tree is open (TRUNCATE holds an exclusive lock).
   */
  truncate(): void {
    assert(
      this.cursors.open === 0,
      `TRUNCATE of index "${this.name}" with ${this.cursors.open} open cursors`,
    );
    this.reset(true);
    this.hint.page = NO_PAGE;
    const lsn = this.wal.append({ kind: 'file-truncate', file: this.file, pages: FIRST_ROOT + 1 });
    this.wal.flushSync(lsn);
    this.pool.truncateFile(this.file, FIRST_ROOT + 1);
  }

  /** Pages the tree's file has, the meta page included. */
  pageCount(): number {
    return this.pool.pageCount(this.file);
  }

  /** Number of levels (1 when the root is a leaf). Reads the meta page. */
  height(): number {
    return readRoot(this.pool, this.file).height;
  }

  /** Whether the tree is as `create` or `truncate` leaves it: the meta page and an empty root leaf. */
  private isEmpty(): boolean {
    const meta = readRoot(this.pool, this.file);
    if (meta.root !== FIRST_ROOT || meta.height !== 1 || meta.freeHead !== NO_PAGE) return false;
    if (this.pool.pageCount(this.file) !== FIRST_ROOT + 1) return false;
    const frame = this.pinNode(FIRST_ROOT);
    const empty = nodeCount(frame.page) === 0;
    this.pool.unpin(frame);
    return empty;
  }

  /** Writes the meta page and an empty root leaf on page 1 (appending them to a new file). */
  private reset(existing: boolean): void {
    const changes = new PageChangeSet();
    const pin = (pageNo: number): Frame =>
      changes.add(existing ? this.pool.pin(this.file, pageNo) : this.pool.pinNew(this.file));
    try {
      const meta = pin(META_PAGE);
      const root = pin(FIRST_ROOT);
      assert(meta.pageNo === META_PAGE && root.pageNo === FIRST_ROOT, 'B+tree pages out of place');
      writeMeta(meta.page, { root: FIRST_ROOT, height: 1, firstLeaf: FIRST_ROOT, freeHead: NO_PAGE });
      initNode(root.page, 0);
      changes.changed(meta, META_RANGE);
      changes.changed(root, WHOLE_PAGE);
    } catch (err) {
      changes.release(this.pool);
      throw err;
    }
    changes.commit(this.pool, this.wal);
  }

  private checkEntrySize(key: Uint8Array, tid: Tid): void {
    // Sized as PostgreSQL sizes an index tuple: an 8-byte header plus the key, MAXALIGNed.
    const size = (LEAF_CELL_OVERHEAD + key.length + 7) & ~7;
    if (size <= BTREE_MAX_ITEM_SIZE) return;
    throw new DbError(
      '54000',
      `index row size ${size} exceeds btree version 4 maximum ${BTREE_MAX_ITEM_SIZE} for index "${this.name}"`,
      {
        detail: `Index row references tuple ${formatTid(tid)}.`,
        constraint: this.name,
        hint:
          'Values larger than 1/3 of a buffer page cannot be indexed.\n' +
          'Consider a function index of an MD5 hash of the value, or use full text indexing.',
      },
    );
  }

  /** Pins a node page, checking it is one. */
  private pinNode(pageNo: number): Frame {
    const frame = this.pool.pin(this.file, pageNo);
    if (!isNodePage(frame.page)) {
      this.pool.unpin(frame);
      throw corruptIndex(this.file, pageNo, 'is not a B+tree node');
    }
    return frame;
  }

  /**
   * Decides, bottom-up, which pages split and where, pinning (into `changes`) every page the
   * insert will touch: nothing is changed yet, so a failure here leaves the tree as it was.
   */
  private planSplits(
    changes: PageChangeSet,
    freeList: BTreeFreeList,
    leaf: Frame,
    leafPos: number,
    key: Uint8Array,
    tid: number,
  ): Step[] {
    const steps: Step[] = [];
    const height = this.path.pages.length;
    let frame = leaf;
    let pos = leafPos;
    let cell: Cell = { key, tid, child: 0 };
    for (let level = 0; ; level++) {
      const p = frame.page;
      const need = level === 0 ? leafCellSpace(cell.key.length) : internalCellSpace(cell.key.length);
      if (need <= totalFree(p)) {
        steps.push({ kind: 'insert', frame, pos, cell });
        return steps;
      }
      const rightmost = pos === nodeCount(p) && (level > 0 || rightSibling(p) === NO_PAGE);
      const splitAt = chooseSplit(p, pos, need, rightmost);
      const separator = separatorAt(p, pos, splitAt, cell);
      const right = freeList.allocate();
      const siblingNo = level === 0 ? rightSibling(p) : NO_PAGE;
      const sibling = siblingNo === NO_PAGE ? undefined : changes.add(this.pinNode(siblingNo));
      steps.push({ kind: 'split', frame, level, pos, cell, splitAt, right, sibling });
      cell = { key: separator.key, tid: separator.tid, child: right.pageNo };
      if (level + 1 === height) {
        const root = freeList.allocate();
        const meta = freeList.metaFrame();
        steps.push({ kind: 'new-root', root, meta, level: level + 1, oldRoot: frame.pageNo, cell });
        return steps;
      }
      frame = changes.add(this.pinNode(this.path.pages[level + 1]!));
      pos = this.path.slots[level + 1]! + 1;
    }
  }

  /** Carries out planned steps bottom-up, noting every change in `changes`. */
  private applySteps(changes: PageChangeSet, steps: readonly Step[]): void {
    for (const step of steps) {
      switch (step.kind) {
        case 'insert': {
          const { frame, pos, cell } = step;
          const compacted = insertCompacts(frame.page, cell.key.length);
          const offset = insertCell(frame.page, pos, cell.key, 0, cell.key.length, cell.tid, cell.child);
          const size = insertedCellSize(frame.page, cell.key.length);
          changes.changed(frame, compacted ? WHOLE_PAGE : slotChangeRanges(frame.page, pos, offset, size));
          break;
        }
        case 'split':
          // The left page logs only the bytes the split changed: in an ascending load the cells
          // it keeps stay in place, so that is the header, the slot tail and the freed cells.
          splitScratch.set(step.frame.page);
          splitNode(step);
          changes.changed(step.frame, diffRanges(splitScratch, step.frame.page));
          changes.changed(step.right, WHOLE_PAGE);
          if (step.sibling) changes.changed(step.sibling, LEFT_LINK_RANGE);
          break;
        case 'new-root': {
          const { root, meta, cell } = step;
          initNode(root.page, step.level);
          insertCell(root.page, 0, EMPTY, 0, 0, 0, step.oldRoot);
          insertCell(root.page, 1, cell.key, 0, cell.key.length, cell.tid, cell.child);
          changes.changed(root, WHOLE_PAGE);
          const old = readMeta(meta.page);
          assert(old !== undefined && old.root === step.oldRoot, 'B+tree meta page moved during a split');
          writeMeta(meta.page, { ...old, root: root.pageNo, height: step.level + 1 });
          changes.changed(meta, META_RANGE);
          break;
        }
        default:
          assertNever(step, 'B+tree insert step');
      }
    }
  }
}

/**
 * Where to split a full page that must take an incoming cell of `need` bytes (slot included) at
 * `pos`: the number of cells, counting the incoming one, that stay on the left. Both halves fit.
 * Balanced by bytes, except when appending at the right end of the tree (ascending loads), where
 * the left page stays 90% full as PostgreSQL's fillfactor does.
 */
function chooseSplit(p: Uint8Array, pos: number, need: number, rightmost: boolean): number {
  const n = nodeCount(p);
  const sizeAt = (i: number): number =>
    i === pos ? need : cellSize(p, cellOffset(p, i < pos ? i : i - 1)) + 2;
  let total = 0;
  for (let i = 0; i <= n; i++) total += sizeAt(i);
  const target = rightmost ? NODE_CAPACITY * 0.9 : total / 2;
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  let left = 0;
  for (let k = 1; k <= n; k++) {
    left += sizeAt(k - 1);
    if (left > NODE_CAPACITY) break;
    if (total - left > NODE_CAPACITY) continue;
    const score = Math.abs(left - target);
    if (score < bestScore) {
      best = k;
      bestScore = score;
    }
  }
  assert(best > 0, 'B+tree page cannot be split');
  return best;
}

/** The first cell of the right half (virtual index `splitAt`) as a separator: a copied key. */
function separatorAt(
  p: Uint8Array,
  pos: number,
  splitAt: number,
  incoming: Cell,
): { key: Uint8Array; tid: number } {
  if (splitAt === pos) return { key: incoming.key.slice(), tid: incoming.tid };
  const off = cellOffset(p, splitAt < pos ? splitAt : splitAt - 1);
  const start = cellKeyStart(p, off);
  return { key: p.slice(start, start + cellKeyLength(p, off)), tid: cellTid(p, off) };
}

/** Moves the right half of `step.frame` to `step.right`, inserts the cell, links leaves. */
function splitNode(step: Extract<Step, { kind: 'split' }>): void {
  const { frame, right, cell, pos, splitAt } = step;
  const p = frame.page;
  const r = right.page;
  initNode(r, step.level);
  if (pos < splitAt) {
    moveCellsRight(p, splitAt - 1, r);
    insertCell(p, pos, cell.key, 0, cell.key.length, cell.tid, cell.child);
  } else {
    moveCellsRight(p, splitAt, r);
    insertCell(r, pos - splitAt, cell.key, 0, cell.key.length, cell.tid, cell.child);
  }
  if (isLeaf(p)) {
    setRightSibling(r, rightSibling(p));
    setLeftSibling(r, frame.pageNo);
    setRightSibling(p, right.pageNo);
    if (step.sibling) setLeftSibling(step.sibling.page, right.pageNo);
  } else {
    // The right page's first separator moved up to the parent: here it becomes minus infinity.
    const child = cellChild(r, cellOffset(r, 0));
    removeCell(r, 0);
    insertCell(r, 0, EMPTY, 0, 0, 0, child);
    compactNode(r);
  }
}
