/**
 * checkBTree: verifies a B+tree's structure, as PostgreSQL's amcheck (`bt_index_check`) does.
 * For tests (crash recovery leaves an intact tree), `rustydb verify` and bug reports.
 *
 * Checks: the meta page; every page on the way is a node of the expected level; keys ascend
 * in (key, tid) order inside each page; every entry of a subtree lies within the separators
 * that lead to it; the leaves' right and left links visit the leaves in tree order, starting at
 * the meta page's first leaf; no page is reached twice; the free list holds only free pages,
 * none twice and none the tree uses. It does not require every page of the file to be in the
 * tree or on the free list (a split that ran out of buffers may leave a zeroed page at the
 * end): compare `leafPages + internalPages + freePages + 1` with `filePages` for that.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import {
  cellChild,
  cellKeyLength,
  cellKeyStart,
  cellOffset,
  cellTid,
  freeNext,
  isFreePage,
  isNodePage,
  leftSibling,
  nodeCount,
  nodeLevel,
  rightSibling,
  NO_PAGE,
} from './btree-page.js';
import { corruptIndex, readRoot } from './btree-search.js';
import { compareKeys } from './key-encoding.js';

/** What `checkBTree` found in a tree that passed. */
export interface BTreeStats {
  readonly height: number;
  readonly entries: number;
  readonly leafPages: number;
  readonly internalPages: number;
  /** Pages on the free list (deleted, waiting for reuse). */
  readonly freePages: number;
  /** Pages in the file, the meta page included. */
  readonly filePages: number;
}

interface Entry {
  readonly key: Uint8Array;
  readonly tid: number;
}

const compareEntries = (a: Entry, b: Entry): number => compareKeys(a.key, b.key) || a.tid - b.tid;

/**
 * Walks the whole tree in `file`, pinning one page at a time. Synchronous; reads every page.
 * @throws DbError XX002 (index_corrupted) describing the first violation found.
 */
export function checkBTree(pool: BufferPool, file: FileId): BTreeStats {
  const { root, height, firstLeaf, freeHead } = readRoot(pool, file);
  const inTree = new Set<number>();
  const leaves: { page: number; left: number; right: number }[] = [];
  let entries = 0;
  let internalPages = 0;

  const visit = (pageNo: number, level: number, low: Entry | undefined, high: Entry | undefined): void => {
    if (inTree.has(pageNo)) throw corruptIndex(file, pageNo, 'is reached twice');
    inTree.add(pageNo);
    const frame = pool.pin(file, pageNo);
    const cells: (Entry & { child: number })[] = [];
    let links = { left: 0, right: 0 };
    try {
      const p = frame.page;
      if (!isNodePage(p) || nodeLevel(p) !== level)
        throw corruptIndex(file, pageNo, `is not a node of level ${level}`);
      for (let i = 0; i < nodeCount(p); i++) {
        const off = cellOffset(p, i);
        const start = cellKeyStart(p, off);
        const key = p.slice(start, start + cellKeyLength(p, off));
        cells.push({ key, tid: cellTid(p, off), child: level > 0 ? cellChild(p, off) : NO_PAGE });
      }
      links = { left: leftSibling(p), right: rightSibling(p) };
    } finally {
      pool.unpin(frame);
    }
    // In an internal page the first cell is minus infinity: its key is not compared.
    const first = level > 0 ? 1 : 0;
    for (let i = first; i < cells.length; i++) {
      const c = cells[i]!;
      if (i > first && compareEntries(cells[i - 1]!, c) >= 0)
        throw corruptIndex(file, pageNo, `slot ${i} is out of order`);
      if (low !== undefined && compareEntries(c, low) < 0)
        throw corruptIndex(file, pageNo, `slot ${i} is below its separator`);
      if (high !== undefined && compareEntries(c, high) >= 0)
        throw corruptIndex(file, pageNo, `slot ${i} is above its separator`);
    }
    if (level === 0) {
      entries += cells.length;
      leaves.push({ page: pageNo, ...links });
      return;
    }
    internalPages++;
    if (cells.length === 0) throw corruptIndex(file, pageNo, 'is an internal page without children');
    for (let i = 0; i < cells.length; i++) {
      visit(cells[i]!.child, level - 1, i === 0 ? low : cells[i], i + 1 < cells.length ? cells[i + 1] : high);
    }
  };

  visit(root, height - 1, undefined, undefined);
  if (leaves[0]!.page !== firstLeaf)
    throw corruptIndex(file, 0, `names leaf ${firstLeaf} first, not ${leaves[0]!.page}`);
  for (let i = 0; i < leaves.length; i++) {
    const want = {
      left: i > 0 ? leaves[i - 1]!.page : NO_PAGE,
      right: i + 1 < leaves.length ? leaves[i + 1]!.page : NO_PAGE,
    };
    const leaf = leaves[i]!;
    if (leaf.left !== want.left || leaf.right !== want.right) {
      throw corruptIndex(
        file,
        leaf.page,
        `links to ${leaf.left} and ${leaf.right}, not ${want.left} and ${want.right}`,
      );
    }
  }
  const freePages = checkFreeList(pool, file, freeHead, inTree);
  return {
    height,
    entries,
    leafPages: leaves.length,
    internalPages,
    freePages,
    filePages: pool.pageCount(file),
  };
}

/** Walks the free list from `head`; returns its length. */
function checkFreeList(pool: BufferPool, file: FileId, head: number, inTree: ReadonlySet<number>): number {
  const seen = new Set<number>();
  for (let pageNo = head; pageNo !== NO_PAGE; ) {
    if (inTree.has(pageNo)) throw corruptIndex(file, pageNo, 'is on the free list and in the tree');
    if (seen.has(pageNo)) throw corruptIndex(file, pageNo, 'is on the free list twice');
    if (pageNo >= pool.pageCount(file))
      throw corruptIndex(file, pageNo, 'is on the free list past the end of the file');
    seen.add(pageNo);
    const frame = pool.pin(file, pageNo);
    try {
      if (!isFreePage(frame.page)) throw corruptIndex(file, pageNo, 'is on the free list but not free');
      pageNo = freeNext(frame.page);
    } finally {
      pool.unpin(frame);
    }
  }
  return seen.size;
}
