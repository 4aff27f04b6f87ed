/**
 * checkLsmTree: verifies an LSM tree's structure, as PostgreSQL's amcheck does for B-trees. For
 * tests (crash recovery leaves an intact tree), `rustydb verify` and bug reports.
 *
 * Checks: the meta page; memtable pages are memtable pages; every run's index chain and data
 * pages (kinds, no page reached twice, counts against the descriptor); entries ascend strictly
 * in (key, tid) order through each run; each fence is its data page's first entry; tiers ascend
 * from the newest run to the oldest.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import { compareEntries } from './entry-order.js';
import { corruptLsm, pinDataPage } from './lsm-run.js';
import {
  LSM_MEMTABLE,
  LSM_RUN_INDEX,
  META_PAGE,
  NO_PAGE,
  dataCount,
  dataOffset,
  entryCount,
  entryKeyLength,
  entryKeyStart,
  entryTid,
  forEachFence,
  memtableOps,
  nextIndexPage,
  pageKind,
  readMeta,
} from './lsm-page.js';

/** One run, as `checkLsmTree` found it. */
export interface RunStats {
  readonly tier: number;
  /** Entries, tombstones included. */
  readonly entries: number;
  readonly tombstones: number;
  readonly dataPages: number;
}

/** What `checkLsmTree` found in a tree that passed. */
export interface LsmTreeStats {
  readonly memtablePages: number;
  /** Operations logged on the memtable pages. */
  readonly memtableOps: number;
  /** Runs, newest first. */
  readonly runs: readonly RunStats[];
  /** Pages the meta page reaches, itself included. */
  readonly usedPages: number;
  /** Pages of the file no structure uses (free, or left by a crash). */
  readonly unusedPages: number;
}

/**
 * Walks the whole tree in `file`, pinning one page at a time. Synchronous; reads every page.
 * @throws DbError XX002 (index_corrupted) describing the first violation found.
 */
export function checkLsmTree(pool: BufferPool, file: FileId): LsmTreeStats {
  const frame = pool.pin(file, META_PAGE);
  const meta = readMeta(frame.page);
  pool.unpin(frame);
  if (meta === undefined) throw corruptLsm(file, META_PAGE, 'is not an LSM meta page');
  const seen = new Set<number>([META_PAGE]);
  const visit = (pageNo: number, what: string): void => {
    if (seen.has(pageNo) || pageNo === NO_PAGE) throw corruptLsm(file, pageNo, `is reached twice (${what})`);
    seen.add(pageNo);
  };

  let ops = 0;
  for (const pageNo of meta.memtablePages) {
    visit(pageNo, 'memtable');
    const f = pool.pin(file, pageNo);
    const ok = pageKind(f.page) === LSM_MEMTABLE;
    ops += memtableOps(f.page);
    pool.unpin(f);
    if (!ok) throw corruptLsm(file, pageNo, 'is not a memtable page');
  }

  const runs = meta.runs.map((run, r): RunStats => {
    if (r > 0 && run.tier < meta.runs[r - 1]!.tier)
      throw corruptLsm(
        file,
        META_PAGE,
        `lists run ${r} of tier ${run.tier} after a newer one of a higher tier`,
      );
    const fences: { page: number; key: Uint8Array; tid: number }[] = [];
    for (let pageNo = run.firstIndexPage; pageNo !== NO_PAGE; ) {
      visit(pageNo, `index of run ${r}`);
      const f = pool.pin(file, pageNo);
      try {
        if (pageKind(f.page) !== LSM_RUN_INDEX) throw corruptLsm(file, pageNo, 'is not a run index page');
        forEachFence(f.page, (page, key, tid) => fences.push({ page, key: key.slice(), tid }));
        pageNo = nextIndexPage(f.page);
      } finally {
        pool.unpin(f);
      }
    }
    if (fences.length !== run.dataPages)
      throw corruptLsm(file, run.firstIndexPage, `indexes ${fences.length} data pages, not ${run.dataPages}`);
    let prev: { key: Uint8Array; tid: number } | undefined;
    let entries = 0;
    let tombstones = 0;
    for (const fence of fences) {
      visit(fence.page, `data of run ${r}`);
      const f = pinDataPage(pool, file, fence.page);
      try {
        const p = f.page;
        if (dataCount(p) === 0) throw corruptLsm(file, fence.page, 'is an empty data page');
        for (let i = 0; i < dataCount(p); i++) {
          const off = dataOffset(p, i);
          const key = p.slice(entryKeyStart(off), entryKeyStart(off) + entryKeyLength(p, off));
          const tid = entryTid(p, off);
          if (
            i === 0 &&
            compareEntries(key, 0, key.length, tid, fence.key, 0, fence.key.length, fence.tid) !== 0
          )
            throw corruptLsm(file, fence.page, 'does not start with its fence');
          if (
            prev !== undefined &&
            compareEntries(prev.key, 0, prev.key.length, prev.tid, key, 0, key.length, tid) >= 0
          )
            throw corruptLsm(file, fence.page, `slot ${i} is out of order`);
          prev = { key, tid };
          if (entryCount(p, off) < 0) tombstones++;
          entries++;
        }
      } finally {
        pool.unpin(f);
      }
    }
    if (entries !== run.entries)
      throw corruptLsm(file, run.firstIndexPage, `holds ${entries} entries, not ${run.entries}`);
    return { tier: run.tier, entries, tombstones, dataPages: run.dataPages };
  });
  return {
    memtablePages: meta.memtablePages.length,
    memtableOps: ops,
    runs,
    usedPages: seen.size,
    unusedPages: pool.pageCount(file) - seen.size,
  };
}
