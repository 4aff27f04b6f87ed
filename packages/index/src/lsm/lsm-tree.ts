/**
 * LsmTree: a log-structured merge tree of (key, tid) entries on buffer pool pages, WAL-logged
 * and crash-safe (`CREATE INDEX … USING lsm`), for write-heavy keys: a write appends to a log
 * page instead of finding its place in a tree. Page layouts are in lsm-page.ts.
 *
 * SHAPE
 *
 *   meta (page 0) ──▶ memtable pages: the write buffer's operation log (sorted in memory)
 *                └──▶ runs, newest first:  tier 0 ▸ tier 0 ▸ tier 1 ▸ tier 2 …
 *                        each: index pages (fences) ──▶ sorted data pages
 *
 * ENTRIES AND COUNTS. As the contract (and the B+tree) have it, the entries form a multiset of
 * (key, tid) pairs. Every operation is a count: +1 for an insert, -1 for a delete (the
 * tombstone). The memtable and each run hold, per (key, tid), the sum of the operations they
 * absorbed, and the tree holds an entry as many times as the sum over all of them. The executor
 * never inserts the same (key, tid) twice, so in practice every sum is 1, 0 or -1: the newest
 * operation wins and a tombstone hides the older insert.
 *
 * WRITES. `insert` and `delete` append an operation to the last memtable page and apply it to
 * the in-memory memtable (memtable.ts). `delete` first sums the entry's counts (memtable and
 * every run) so that it can say whether it was there; it logs nothing when it was not.
 *
 * FLUSH. When the memtable has filled `memtablePages` pages and needs another, its sorted
 * entries are written as a new tier-0 run (RunWriter: one record per page), then ONE record of
 * the meta page lists the run and empties the memtable.
 *
 * COMPACTION (size-tiered). When a tier holds `fanout` runs, they are merged (counts summed
 * per (key, tid); sums of 0 vanish) into one run of the next tier, written the same way, then
 * ONE meta record swaps the inputs for the output. Tombstones (negative sums) are dropped when
 * the output is the oldest run: nothing older is left for them to hide. Runs stay sorted newest
 * first, so tiers ascend.
 *
 * READS. A scan merges the memtable and every run (merge-iterator.ts), summing the counts of
 * each (key, tid): it returns the entry that many times, and not at all at 0 or below.
 *
 * INVARIANTS
 * - A (key, tid) appears at most once per source (memtable or run), with a non-zero count.
 * - The meta page is the only root: a run, or a memtable page, exists once a meta record lists
 *   it. A crash between a run's page records and the meta record leaves unreachable pages and
 *   the old state; `open` puts every unreachable page on the free list (kept in memory only).
 * - A page is reused only after the meta record that dropped it; reuse rewrites it whole.
 * - Every page change goes through `logPageChanges` (PageChangeSet), so redo is storage's
 *   generic page replay and the tree has no recovery code of its own: `open` only rebuilds
 *   the memtable from its pages.
 *
 * NB: the tree keeps state in memory (the memtable, run fences, the free list): open ONE
 * LsmTree per file at a time (the catalog does).
 *
 * SIMPLIFICATIONS
 * - Flushes and compactions run inside the insert or delete that triggers them, synchronously.
 * - No bloom filters: a delete's lookup reads one data page per run.
 * - An entry's count is a 16-bit signed number: one (key, tid) inserted more than 32767 times
 *   more than deleted is an InternalError (the executor inserts each once).
 * - Size-tiered only (no leveling); every merge rewrites whole runs.
 * - Index changes log with xid 0: they are not transactional (see index.ts).
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { DbError, type FileId, type Tid, assert, formatTid, packTid } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import type { Index, IndexContext, IndexCursor, KeyRange } from '../index-method.js';
import { PageChangeSet, WHOLE_PAGE } from '../page-change-set.js';
import { LsmCursor } from './lsm-cursor.js';
import {
  LSM_MEMTABLE,
  MAX_MEMTABLE_PAGES,
  MAX_RUNS,
  MEMTABLE_START,
  META_PAGE,
  appendOp,
  entryCount,
  entryKeyLength,
  entryKeyStart,
  entrySpace,
  entryTid,
  initMemtablePage,
  memtableEnd,
  memtableFits,
  pageKind,
  readMeta,
  writeMeta,
} from './lsm-page.js';
import { Run, RunWriter, corruptLsm } from './lsm-run.js';
import { Memtable } from './memtable.js';
import { type EntrySource, MemtableSource, MergeIterator, RunSource } from './merge-iterator.js';

/**
 * The largest entry the LSM tree accepts, as the B+tree: a third of a page (sized as
 * PostgreSQL sizes an index tuple), so that pages and fences always hold several.
 */
export const LSM_MAX_ITEM_SIZE = 2704;

/** Options of `LsmTree.create`, stored in the meta page (so `open` keeps them). */
export interface LsmOptions {
  /** Memtable pages filled before a flush (1 to 64; default 16). */
  readonly memtablePages?: number;
  /** Runs of one tier merged into one of the next tier (2 to 16; default 4). */
  readonly fanout?: number;
}

const DEFAULT_MEMTABLE_PAGES = 16;
const DEFAULT_FANOUT = 4;
const MAX_FANOUT = 16;

/** See the file comment. Create with `LsmTree.create`, reopen with `LsmTree.open`. */
export class LsmTree implements Index {
  readonly method = 'lsm';
  private readonly pool: BufferPool;
  private readonly wal: Wal;
  private readonly memtable = new Memtable();
  private memtablePages: number[] = [];
  /** Newest first. */
  private runs: Run[] = [];
  /** Pages no structure uses, reused before the file grows. */
  private free: number[] = [];
  private openCursors = 0;
  private writes = 0;

  private constructor(
    ctx: IndexContext,
    /** The index's file. */
    readonly file: FileId,
    /** The index's name, for error messages. */
    readonly name: string,
    /** Memtable pages filled before a flush. */
    readonly memtableLimit: number,
    /** Runs per tier before a merge. */
    readonly fanout: number,
  ) {
    this.pool = ctx.pool;
    this.wal = ctx.wal;
  }

  /**
   * Creates the file (logging 'file-create') and writes the meta page (logged). Synchronous.
   * @throws InternalError when an option is out of range.
   * @throws DbError 53200 when the pool has no free frame.
   */
  static create(ctx: IndexContext, file: FileId, name = `index ${file}`, options: LsmOptions = {}): LsmTree {
    const limit = options.memtablePages ?? DEFAULT_MEMTABLE_PAGES;
    const fanout = options.fanout ?? DEFAULT_FANOUT;
    assert(limit >= 1 && limit <= MAX_MEMTABLE_PAGES, `LSM memtable pages ${limit} out of range`);
    assert(fanout >= 2 && fanout <= MAX_FANOUT, `LSM fanout ${fanout} out of range`);
    ctx.wal.append({ kind: 'file-create', file });
    ctx.pool.createFile(file);
    assert(ctx.pool.pageCount(file) === 0, `LSM file ${file} is not empty`);
    const tree = new LsmTree(ctx, file, name, limit, fanout);
    const changes = new PageChangeSet();
    const meta = changes.add(ctx.pool.pinNew(file));
    changes.changed(
      meta,
      writeMeta(meta.page, { memtableLimit: limit, fanout, memtablePages: [], runs: [] }),
    );
    changes.commit(ctx.pool, ctx.wal);
    return tree;
  }

  /**
   * Opens an existing tree: reads the meta page and the runs' fences, replays the memtable
   * pages into memory and puts every page no structure uses on the free list. Synchronous.
   * @throws DbError XX002 when page 0 is not an LSM meta page or a structure is broken.
   */
  static open(ctx: IndexContext, file: FileId, name = `index ${file}`): LsmTree {
    const frame = ctx.pool.pin(file, META_PAGE);
    const meta = readMeta(frame.page);
    ctx.pool.unpin(frame);
    if (meta === undefined) throw corruptLsm(file, META_PAGE, 'is not an LSM meta page');
    const tree = new LsmTree(ctx, file, name, meta.memtableLimit, meta.fanout);
    tree.runs = meta.runs.map((d) => Run.load(ctx.pool, file, d));
    tree.memtablePages = [...meta.memtablePages];
    for (const pageNo of tree.memtablePages) tree.replay(pageNo);
    const used = new Set([META_PAGE, ...tree.memtablePages, ...tree.runs.flatMap((r) => r.pages())]);
    for (let pageNo = ctx.pool.pageCount(file) - 1; pageNo > META_PAGE; pageNo--)
      if (!used.has(pageNo)) tree.free.push(pageNo);
    return tree;
  }

  /**
   * Adds the entry (key, tid): one memtable record, after a flush (and compactions) when the
   * memtable is full. Synchronous.
   * @throws DbError 54000 when the entry exceeds LSM_MAX_ITEM_SIZE.
   * @throws DbError 53200 when the pool runs out of frames (the entries are then unchanged).
   */
  insert(key: Uint8Array, tid: Tid): void {
    this.checkEntrySize(key, tid);
    const packed = packTid(tid.page, tid.slot);
    this.log(key, packed, 1);
    this.memtable.apply(key, packed, 1);
    this.writes++;
  }

  /**
   * Removes one copy of the entry (key, tid) by logging a tombstone (-1); returns whether it was
   * there (nothing is logged when it was not). Synchronous.
   */
  delete(key: Uint8Array, tid: Tid): boolean {
    const packed = packTid(tid.page, tid.slot);
    if (this.count(key, packed) <= 0) return false;
    this.log(key, packed, -1);
    this.memtable.apply(key, packed, -1);
    this.writes++;
    return true;
  }

  /**
   * Entries within `range` in (key, tid) order, or reverse order when `backward`, merged from
   * the memtable and every run. The cursor pins nothing between calls; see LsmCursor.
   */
  scan(range?: KeyRange, backward = false): IndexCursor {
    this.openCursors++;
    return new LsmCursor(this, range, backward, () => {
      this.openCursors--;
    });
  }

  /**
   * Removes every entry: the meta page lists nothing (logged), then the file is cut to it
   * ('file-truncate' logged and flushed first, because a cut file cannot be redone).
   * Synchronous. @throws InternalError if a cursor on this tree is open.
   */
  truncate(): void {
    assert(this.openCursors === 0, `TRUNCATE of index "${this.name}" with ${this.openCursors} open cursors`);
    this.writeState([], []);
    const lsn = this.wal.append({ kind: 'file-truncate', file: this.file, pages: 1 });
    this.wal.flushSync(lsn);
    this.pool.truncateFile(this.file, 1);
    this.memtable.clear();
    this.free = [];
    this.writes++;
  }

  /** Pages in the tree's file, the meta page and free pages included. */
  pageCount(): number {
    return this.pool.pageCount(this.file);
  }

  /** @internal Counts every write; a cursor that sees it move seeks again (see LsmCursor). */
  get version(): number {
    return this.writes;
  }

  /** @internal Fresh sources over the current memtable and runs, newest first, for a cursor. */
  sources(backward: boolean): EntrySource[] {
    return [
      new MemtableSource(this.memtable, backward),
      ...this.runs.map((run) => new RunSource(this.pool, this.file, run, backward)),
    ];
  }

  /** How many times the tree holds (key, tid): the sum of its counts in every source. */
  private count(key: Uint8Array, tid: number): number {
    let n = this.memtable.count(key, tid);
    for (const run of this.runs) n += run.count(this.pool, this.file, key, tid);
    return n;
  }

  /**
   * Appends an operation (+1 or -1) to the memtable's last page, or to a new one (flushing
   * first if the memtable is full).
   */
  private log(key: Uint8Array, tid: number, delta: number): void {
    const last = this.memtablePages.at(-1);
    if (last !== undefined) {
      const changes = new PageChangeSet();
      const frame = changes.add(this.pinMemtable(last));
      if (memtableFits(frame.page, key.length)) {
        changes.changed(frame, appendOp(frame.page, key, tid, delta));
        changes.commit(this.pool, this.wal);
        return;
      }
      changes.release(this.pool);
    }
    if (this.memtablePages.length >= this.memtableLimit) this.flush();
    const changes = new PageChangeSet();
    let page: Frame;
    try {
      changes.add(this.pool.pin(this.file, META_PAGE));
      page = changes.add(this.allocate());
    } catch (err) {
      changes.release(this.pool);
      throw err;
    }
    initMemtablePage(page.page);
    appendOp(page.page, key, tid, delta);
    changes.changed(page, WHOLE_PAGE);
    this.memtablePages.push(page.pageNo);
    this.noteMeta(changes);
    changes.commit(this.pool, this.wal);
  }

  /** Writes the memtable's entries as a tier-0 run and empties the memtable (one meta record). */
  private flush(): void {
    // With no run below, nothing is left for a tombstone to hide.
    const keepTombstones = this.runs.length > 0;
    const run = this.writeRun(0, (writer) => {
      for (const e of this.memtable.entries) {
        if (keepTombstones || e.count > 0) writer.add(e.key, 0, e.key.length, e.tid, e.count);
      }
    });
    const oldPages = this.memtablePages;
    this.adopt([], run === undefined ? this.runs : [run, ...this.runs], run);
    this.free.push(...oldPages);
    this.memtable.clear();
    this.writes++;
    this.compact();
  }

  /** Merges the runs of a tier that has `fanout` of them into one run of the next, repeatedly. */
  private compact(): void {
    for (;;) {
      let from = 0;
      while (from < this.runs.length) {
        let to = from + 1;
        while (to < this.runs.length && this.runs[to]!.descriptor.tier === this.runs[from]!.descriptor.tier)
          to++;
        if (to - from >= this.fanout) break;
        from = to;
      }
      if (from >= this.runs.length) return;
      const tier = this.runs[from]!.descriptor.tier;
      let to = from;
      while (to < this.runs.length && this.runs[to]!.descriptor.tier === tier) to++;
      this.merge(from, to);
    }
  }

  /** Replaces runs [from, to) (one tier, newest first) by their merge, one tier up. */
  private merge(from: number, to: number): void {
    const inputs = this.runs.slice(from, to);
    const keepTombstones = to < this.runs.length;
    const run = this.writeRun(inputs[0]!.descriptor.tier + 1, (writer) => {
      const sources = inputs.map((r) => new RunSource(this.pool, this.file, r, false));
      for (const s of sources) s.seek(undefined, false);
      const merged = new MergeIterator(sources, false);
      while (merged.next()) {
        const n = merged.count;
        if (n > 0 || (n < 0 && keepTombstones))
          writer.add(merged.buf, merged.start, merged.length, merged.tid, n);
      }
    });
    const runs = [...this.runs.slice(0, from), ...(run === undefined ? [] : [run]), ...this.runs.slice(to)];
    this.adopt(this.memtablePages, runs, run);
    for (const r of inputs) this.free.push(...r.pages());
    this.writes++;
  }

  /**
   * Writes a run of `tier` from the entries `fill` adds. On failure gives every page taken back
   * to the free list (they are unreachable) and rethrows.
   */
  private writeRun(tier: number, fill: (writer: RunWriter) => void): Run | undefined {
    const writer = new RunWriter(this.pool, this.wal, () => this.allocate());
    try {
      fill(writer);
      return writer.finish(tier);
    } catch (err) {
      writer.abandon();
      this.free.push(...writer.taken);
      throw err;
    }
  }

  /**
   * `writeState`, giving the pages of the new run `run` back to the free list if it fails (it
   * was never listed, so it is unreachable).
   */
  private adopt(memtablePages: number[], runs: Run[], run: Run | undefined): void {
    try {
      this.writeState(memtablePages, runs);
    } catch (err) {
      if (run !== undefined) this.free.push(...run.pages());
      throw err;
    }
  }

  /** Logs the meta page listing `memtablePages` and `runs` (one record), then adopts them. */
  private writeState(memtablePages: number[], runs: Run[]): void {
    assert(runs.length <= MAX_RUNS, `LSM tree of ${runs.length} runs`);
    const changes = new PageChangeSet();
    changes.add(this.pool.pin(this.file, META_PAGE));
    this.memtablePages = memtablePages;
    this.runs = runs;
    this.noteMeta(changes);
    changes.commit(this.pool, this.wal);
  }

  /** Writes the tree's memtable pages and runs into the meta page, pinned in `changes`. */
  private noteMeta(changes: PageChangeSet): void {
    const frame = this.pool.pin(this.file, META_PAGE);
    try {
      const ranges = writeMeta(frame.page, {
        memtableLimit: this.memtableLimit,
        fanout: this.fanout,
        memtablePages: this.memtablePages,
        runs: this.runs.map((r) => r.descriptor),
      });
      changes.changed(frame, ranges);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /**
   * Pins a page for new use, zeroed: a free page (the lowest after `open`, the most recently
   * freed later), else a new one at the end of the file. The caller logs it whole.
   */
  private allocate(): Frame {
    const pageNo = this.free.at(-1);
    if (pageNo === undefined) return this.pool.pinNew(this.file);
    const frame = this.pool.pinForOverwrite(this.file, pageNo);
    this.free.pop();
    return frame;
  }

  /** Pins a memtable page, checking that it is one. */
  private pinMemtable(pageNo: number): Frame {
    const frame = this.pool.pin(this.file, pageNo);
    if (pageKind(frame.page) !== LSM_MEMTABLE) {
      this.pool.unpin(frame);
      throw corruptLsm(this.file, pageNo, 'is not a memtable page');
    }
    return frame;
  }

  /** Applies a memtable page's operations to the in-memory memtable, in order. */
  private replay(pageNo: number): void {
    const frame = this.pinMemtable(pageNo);
    try {
      const p = frame.page;
      for (let off = MEMTABLE_START, end = memtableEnd(p); off < end; ) {
        const len = entryKeyLength(p, off);
        const start = entryKeyStart(off);
        this.memtable.apply(p.subarray(start, start + len), entryTid(p, off), entryCount(p, off));
        off += entrySpace(len);
      }
    } finally {
      this.pool.unpin(frame);
    }
  }

  private checkEntrySize(key: Uint8Array, tid: Tid): void {
    // Sized as PostgreSQL sizes an index tuple: an 8-byte header plus the key, MAXALIGNed.
    const size = (8 + key.length + 7) & ~7;
    if (size <= LSM_MAX_ITEM_SIZE) return;
    throw new DbError(
      '54000',
      `index row size ${size} exceeds lsm maximum ${LSM_MAX_ITEM_SIZE} for index "${this.name}"`,
      {
        detail: `Index row references tuple ${formatTid(tid)}.`,
        constraint: this.name,
        hint: 'Values larger than 1/3 of a buffer page cannot be indexed.',
      },
    );
  }
}
