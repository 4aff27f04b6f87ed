/**
 * Merging the LSM tree's sources: the memtable and the runs, each sorted by (key, tid), into
 * one stream in (key, tid) order (or reverse) where a (key, tid) that several sources hold
 * appears once, with the SUM of their counts: a tombstone (-1) in a newer source cancels the
 * insert (+1) in an older one. Scans (lsm-cursor.ts) and compactions (lsm-tree.ts) both read
 * through it.
 *
 * A source exposes its current entry ("head") as a (buffer, start, length) key, a packed tid and
 * a count, so the merge compares entries in place and allocates nothing per entry. A
 * run source reads a data page by copying it into its own buffer (one pin per page, none held
 * between calls), so a scan never holds a pin while the caller runs.
 *
 * NB: a source reads the tree as it is; after any write to the tree, a scan builds new sources
 * and seeks them again (see LsmCursor), because pages of a run merged away may be reused.
 */
import type { BufferPool } from '@rustydb/buffer';
import { type FileId, PAGE_SIZE } from '@rustydb/common';
import { type Probe, compareEntries } from './entry-order.js';
import { dataPosition, pinDataPage, type Run } from './lsm-run.js';
import type { Memtable } from './memtable.js';
import { dataCount, dataOffset, entryCount, entryKeyLength, entryKeyStart, entryTid } from './lsm-page.js';

/** A sorted stream of entries read in one direction. */
export interface EntrySource {
  /** Whether there is a head entry; the fields below describe it. */
  valid: boolean;
  buf: Uint8Array;
  start: number;
  length: number;
  tid: number;
  count: number;
  /**
   * Positions at the first entry >= `probe` (> when `strict`) going forward, or at the last
   * entry <= `probe` (< when `strict`) going backward; at the first (last) entry without one.
   */
  seek(probe: Probe | undefined, strict: boolean): void;
  /** Moves to the next entry in the source's direction. */
  advance(): void;
}

const EMPTY = new Uint8Array(0);

/** The memtable's sorted array as a source. */
export class MemtableSource implements EntrySource {
  valid = false;
  buf: Uint8Array = EMPTY;
  start = 0;
  length = 0;
  tid = 0;
  count = 0;
  private i = 0;

  constructor(
    private readonly memtable: Memtable,
    private readonly backward: boolean,
  ) {}

  seek(probe: Probe | undefined, strict: boolean): void {
    const n = this.memtable.entries.length;
    if (probe === undefined) this.i = this.backward ? n - 1 : 0;
    else if (this.backward) this.i = this.memtable.position(probe, !strict) - 1;
    else this.i = this.memtable.position(probe, strict);
    this.load();
  }

  advance(): void {
    this.i += this.backward ? -1 : 1;
    this.load();
  }

  private load(): void {
    const e = this.memtable.entries[this.i];
    this.valid = e !== undefined;
    if (e === undefined) return;
    this.buf = e.key;
    this.length = e.key.length;
    this.tid = e.tid;
    this.count = e.count;
  }
}

/** A run as a source, reading one data page (copied) at a time. */
export class RunSource implements EntrySource {
  valid = false;
  readonly buf = new Uint8Array(PAGE_SIZE);
  start = 0;
  length = 0;
  tid = 0;
  count = 0;
  private pageIndex = -1;
  private slot = 0;
  /** Entries on the current page. */
  private entries = 0;

  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
    private readonly run: Run,
    private readonly backward: boolean,
  ) {}

  seek(probe: Probe | undefined, strict: boolean): void {
    const last = this.run.dataPages.length - 1;
    if (probe === undefined) {
      this.loadPage(this.backward ? last : 0);
      this.slot = this.backward ? this.entries - 1 : 0;
    } else if (this.backward) {
      // The last page whose first entry is within reach; some entry on it then is too.
      const i = this.run.fencesBefore(probe, !strict) - 1;
      if (i < 0) {
        this.valid = false;
        return;
      }
      this.loadPage(i);
      this.slot = dataPosition(this.buf, probe, !strict) - 1;
    } else {
      this.loadPage(Math.max(this.run.fencesBefore(probe, true) - 1, 0));
      this.slot = dataPosition(this.buf, probe, strict);
      if (this.slot === this.entries) {
        this.nextPage();
        return;
      }
    }
    this.loadEntry();
  }

  advance(): void {
    if (this.backward) {
      if (--this.slot < 0) {
        this.nextPage();
        return;
      }
    } else if (++this.slot === this.entries) {
      this.nextPage();
      return;
    }
    this.loadEntry();
  }

  private nextPage(): void {
    const i = this.pageIndex + (this.backward ? -1 : 1);
    if (i < 0 || i >= this.run.dataPages.length) {
      this.valid = false;
      return;
    }
    this.loadPage(i);
    this.slot = this.backward ? this.entries - 1 : 0;
    this.loadEntry();
  }

  private loadPage(i: number): void {
    const frame = pinDataPage(this.pool, this.file, this.run.dataPages[i]!);
    this.buf.set(frame.page);
    this.pool.unpin(frame);
    this.pageIndex = i;
    this.entries = dataCount(this.buf);
  }

  private loadEntry(): void {
    const off = dataOffset(this.buf, this.slot);
    this.valid = true;
    this.start = entryKeyStart(off);
    this.length = entryKeyLength(this.buf, off);
    this.tid = entryTid(this.buf, off);
    this.count = entryCount(this.buf, off);
  }
}

/**
 * Merges sources (given newest first). Each `next()` moves to the next distinct (key, tid) and
 * exposes it with the sum of its counts, which may be 0 or negative: the caller decides. The
 * exposed key stays valid until the following `next()`.
 */
export class MergeIterator {
  /** The winning source's head, valid after `next()` returned true. */
  buf: Uint8Array = EMPTY;
  start = 0;
  length = 0;
  tid = 0;
  count = 0;
  /** Sources whose head was the current entry: advanced at the next call. */
  private readonly taken: boolean[];

  /** `sources` must be positioned already (`seek`), all in the direction `backward`. */
  constructor(
    private readonly sources: readonly EntrySource[],
    private readonly backward: boolean,
  ) {
    this.taken = sources.map(() => false);
  }

  /** Moves to the next entry; false at the end. */
  next(): boolean {
    const sources = this.sources;
    for (let i = 0; i < sources.length; i++) {
      if (this.taken[i]) sources[i]!.advance();
    }
    let best: EntrySource | undefined;
    for (const s of sources) {
      if (!s.valid) continue;
      if (best === undefined || this.order(s, best) < 0) best = s;
    }
    if (best === undefined) return false;
    let count = 0;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      this.taken[i] = s.valid && this.order(s, best) === 0;
      if (this.taken[i]) count += s.count;
    }
    this.buf = best.buf;
    this.start = best.start;
    this.length = best.length;
    this.tid = best.tid;
    this.count = count;
    return true;
  }

  /** Negative when `a` comes first in the scan's direction. */
  private order(a: EntrySource, b: EntrySource): number {
    const c = compareEntries(a.buf, a.start, a.length, a.tid, b.buf, b.start, b.length, b.tid);
    return this.backward ? -c : c;
  }
}
