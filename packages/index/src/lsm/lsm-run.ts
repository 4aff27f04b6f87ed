/**
 * Sorted runs: the immutable part of the LSM tree. A run is a sequence of data pages holding
 * entries (counts: positive for inserts, negative for tombstones) in (key, tid) order, each
 * (key, tid) at most once, plus a
 * chain of index pages holding one fence per data page: the page's number and first entry.
 *
 * `Run` is a run as the tree uses it: its descriptor and its fences, read into memory once (a
 * run never changes), so finding the page that may hold an entry is a binary search with no
 * I/O. `RunWriter` writes a new run from entries given in order, one page at a time: each
 * finished page is logged as its own record. A run becomes part of the tree only when the meta
 * page lists it (the caller's record); until then its pages are unreachable, so a crash half way
 * through writing one leaves garbage pages, which the next `open` puts on the free list.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { DbError, type FileId, assert } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import { PageChangeSet, WHOLE_PAGE } from '../page-change-set.js';
import { type Probe, compareToProbe } from './entry-order.js';
import {
  LSM_RUN_DATA,
  LSM_RUN_INDEX,
  MAX_COUNT,
  NO_PAGE,
  type RunDescriptor,
  appendData,
  appendFence,
  dataCount,
  dataFits,
  dataOffset,
  entryCount,
  entryKeyLength,
  entryKeyStart,
  entryTid,
  fenceFits,
  forEachFence,
  initDataPage,
  initIndexPage,
  nextIndexPage,
  pageKind,
  setNextIndexPage,
} from './lsm-page.js';

/** XX002 index_corrupted, as PostgreSQL reports a broken index. */
export function corruptLsm(file: FileId, page: number, what: string): DbError {
  return new DbError('XX002', `index file ${file} is corrupted: page ${page} ${what}`);
}

/** See the file comment. */
export class Run {
  private constructor(
    readonly descriptor: RunDescriptor,
    /** Data pages in key order. */
    readonly dataPages: readonly number[],
    readonly indexPages: readonly number[],
    /** The first entry of each data page. */
    private readonly fenceKeys: readonly Uint8Array[],
    private readonly fenceTids: readonly number[],
  ) {}

  /** @internal Made by RunWriter.finish. */
  static of(
    descriptor: RunDescriptor,
    dataPages: number[],
    indexPages: number[],
    fenceKeys: Uint8Array[],
    fenceTids: number[],
  ): Run {
    return new Run(descriptor, dataPages, indexPages, fenceKeys, fenceTids);
  }

  /**
   * Reads a run's index pages (one pinned at a time). Synchronous.
   * @throws DbError XX002 when an index page is not one or the fences disagree with `descriptor`.
   */
  static load(pool: BufferPool, file: FileId, descriptor: RunDescriptor): Run {
    const dataPages: number[] = [];
    const indexPages: number[] = [];
    const keys: Uint8Array[] = [];
    const tids: number[] = [];
    for (let pageNo = descriptor.firstIndexPage; pageNo !== NO_PAGE; ) {
      if (indexPages.includes(pageNo) || indexPages.length > descriptor.dataPages)
        throw corruptLsm(file, pageNo, 'is reached twice in a run index');
      indexPages.push(pageNo);
      const frame = pool.pin(file, pageNo);
      try {
        if (pageKind(frame.page) !== LSM_RUN_INDEX) throw corruptLsm(file, pageNo, 'is not a run index page');
        forEachFence(frame.page, (dataPage, key, tid) => {
          dataPages.push(dataPage);
          keys.push(key.slice());
          tids.push(tid);
        });
        pageNo = nextIndexPage(frame.page);
      } finally {
        pool.unpin(frame);
      }
    }
    if (dataPages.length !== descriptor.dataPages || dataPages.length === 0) {
      throw corruptLsm(
        file,
        descriptor.firstIndexPage,
        `indexes ${dataPages.length} data pages, not ${descriptor.dataPages}`,
      );
    }
    return new Run(descriptor, dataPages, indexPages, keys, tids);
  }

  /** Every page of the run: data and index pages. */
  pages(): number[] {
    return [...this.dataPages, ...this.indexPages];
  }

  /** How many fences sort before `probe` (or equal it too, when `orEqual`). */
  fencesBefore(probe: Probe, orEqual: boolean): number {
    let lo = 0;
    let hi = this.fenceKeys.length;
    const limit = orEqual ? 0 : -1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const key = this.fenceKeys[mid]!;
      if (compareToProbe(key, 0, key.length, this.fenceTids[mid]!, probe) <= limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The count of exactly (key, tid) in the run (negative for a tombstone), 0 when it has no
   * entry for it. Pins one data page. Synchronous.
   */
  count(pool: BufferPool, file: FileId, key: Uint8Array, tid: number): number {
    const probe: Probe = { key, tid, prefix: false };
    const i = this.fencesBefore(probe, true) - 1;
    if (i < 0) return 0;
    const frame = pinDataPage(pool, file, this.dataPages[i]!);
    try {
      const p = frame.page;
      const slot = dataPosition(p, probe, false);
      if (slot >= dataCount(p)) return 0;
      const off = dataOffset(p, slot);
      if (compareToProbe(p, entryKeyStart(off), entryKeyLength(p, off), entryTid(p, off), probe) !== 0)
        return 0;
      return entryCount(p, off);
    } finally {
      pool.unpin(frame);
    }
  }
}

/** Pins a run data page, checking that it is one. */
export function pinDataPage(pool: BufferPool, file: FileId, pageNo: number): Frame {
  const frame = pool.pin(file, pageNo);
  if (pageKind(frame.page) !== LSM_RUN_DATA) {
    pool.unpin(frame);
    throw corruptLsm(file, pageNo, 'is not a run data page');
  }
  return frame;
}

/** In a data page: the first slot whose entry is >= `probe` (> when `strict`), or the count. */
export function dataPosition(p: Uint8Array, probe: Probe, strict: boolean): number {
  let lo = 0;
  let hi = dataCount(p);
  const limit = strict ? 0 : -1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const off = dataOffset(p, mid);
    if (compareToProbe(p, entryKeyStart(off), entryKeyLength(p, off), entryTid(p, off), probe) <= limit)
      lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Writes a new run from entries added in strictly ascending (key, tid) order. Holds one page
 * pinned while it fills it; logs each page (whole) when it is full. Synchronous.
 */
export class RunWriter {
  private frame: Frame | undefined;
  private entries = 0;
  private readonly dataPages: number[] = [];
  private readonly fenceKeys: Uint8Array[] = [];
  private readonly fenceTids: number[] = [];
  /** Every page taken so far, for the caller to give back if the run is abandoned. */
  readonly taken: number[] = [];

  constructor(
    private readonly pool: BufferPool,
    private readonly wal: Wal,
    /** Pins a page for new use (a free one or a new one at the end of the file). */
    private readonly allocate: () => Frame,
  ) {}

  /** Adds the entry with key `src[start, start + length)` and count `count` (not 0). */
  add(src: Uint8Array, start: number, length: number, tid: number, count: number): void {
    assert(count !== 0 && count >= -MAX_COUNT && count <= MAX_COUNT, `LSM entry count ${count} out of range`);
    if (this.frame !== undefined && !dataFits(this.frame.page, length)) this.finishPage();
    if (this.frame === undefined) {
      this.frame = this.take();
      initDataPage(this.frame.page);
      this.dataPages.push(this.frame.pageNo);
      this.fenceKeys.push(src.slice(start, start + length));
      this.fenceTids.push(tid);
    }
    appendData(this.frame.page, src, start, length, tid, count);
    this.entries++;
  }

  /**
   * Logs the last data page and writes the index pages. Returns the run (not yet listed by the
   * meta page: that is the caller's), or undefined when no entry was added.
   */
  finish(tier: number): Run | undefined {
    if (this.frame !== undefined) this.finishPage();
    if (this.dataPages.length === 0) return undefined;
    const indexPages: number[] = [];
    this.frame = this.take();
    initIndexPage(this.frame.page);
    indexPages.push(this.frame.pageNo);
    for (let i = 0; i < this.dataPages.length; i++) {
      const key = this.fenceKeys[i]!;
      if (!fenceFits(this.frame.page, key.length)) {
        // Taken before the full page is logged, so that it can name its successor.
        const next = this.take();
        setNextIndexPage(this.frame.page, next.pageNo);
        this.finishPage();
        this.frame = next;
        initIndexPage(next.page);
        indexPages.push(next.pageNo);
      }
      appendFence(this.frame.page, this.dataPages[i]!, key, this.fenceTids[i]!);
    }
    this.finishPage();
    const descriptor = {
      firstIndexPage: indexPages[0]!,
      dataPages: this.dataPages.length,
      entries: this.entries,
      tier,
    };
    return Run.of(descriptor, this.dataPages, indexPages, this.fenceKeys, this.fenceTids);
  }

  /** Unpins the page being filled, unlogged (the run is abandoned after an error). */
  abandon(): void {
    if (this.frame !== undefined) this.pool.unpin(this.frame);
    this.frame = undefined;
  }

  private take(): Frame {
    const frame = this.allocate();
    this.taken.push(frame.pageNo);
    return frame;
  }

  private finishPage(): void {
    const frame = this.frame!;
    this.frame = undefined;
    this.log(frame);
  }

  /** Logs a whole page as one record, marks it dirty and unpins it. */
  private log(frame: Frame): void {
    const changes = new PageChangeSet();
    changes.add(frame);
    changes.changed(frame, WHOLE_PAGE);
    changes.commit(this.pool, this.wal);
  }
}
