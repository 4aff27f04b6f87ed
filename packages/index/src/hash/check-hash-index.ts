/**
 * checkHashIndex: verifies a hash index's structure, as PostgreSQL's amcheck does for B-trees.
 * For tests (crash recovery leaves an intact index), `rustydb verify` and bug reports.
 *
 * Checks: the meta page and its geometry; every directory page; every bucket's chain (page
 * kinds, bucket numbers, no page reached twice); every entry's stored hash is its key's hash and
 * maps to the bucket holding it; the meta page's entry count and bytes match the entries; the
 * free list holds only free pages that no chain uses.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import { corruptHashIndex, pinBucketPage, primaryPage, readHashMeta } from './hash-chain.js';
import {
  CELLS_START,
  CELL_OVERHEAD,
  HASH_BUCKET,
  HASH_DIRECTORY,
  HASH_FREE,
  META_PAGE,
  NO_PAGE,
  bucketOf,
  cellCount,
  cellHash,
  cellKeyLength,
  cellSize,
  cellsEnd,
  directoryFirst,
  hashKey,
  nextPage,
  pageKind,
} from './hash-page.js';

/** What `checkHashIndex` found in an index that passed. */
export interface HashIndexStats {
  readonly buckets: number;
  readonly entries: number;
  /** Overflow pages in chains (not counting primary pages). */
  readonly overflowPages: number;
  readonly freePages: number;
  readonly directoryPages: number;
  /** Pages in the longest chain, its primary page included. */
  readonly longestChain: number;
}

/**
 * Walks the whole index in `file`, pinning one page at a time. Synchronous; reads every page.
 * @throws DbError XX002 (index_corrupted) describing the first violation found.
 */
export function checkHashIndex(pool: BufferPool, file: FileId): HashIndexStats {
  const meta = readHashMeta(pool, file);
  const { maxBucket, lowMask, highMask } = meta;
  if (highMask !== lowMask * 2 + 1 || maxBucket < lowMask || maxBucket > highMask)
    throw corruptHashIndex(file, META_PAGE, `has a bad geometry ${maxBucket}/${lowMask}/${highMask}`);
  const seen = new Set<number>([META_PAGE]);
  const visit = (pageNo: number, what: string): void => {
    if (seen.has(pageNo)) throw corruptHashIndex(file, pageNo, `is reached twice (${what})`);
    seen.add(pageNo);
  };

  meta.directories.forEach((dirNo, i) => {
    visit(dirNo, `directory ${i}`);
    const frame = pool.pin(file, dirNo);
    const ok = pageKind(frame.page) === HASH_DIRECTORY && directoryFirst(frame.page) === i * meta.span;
    pool.unpin(frame);
    if (!ok) throw corruptHashIndex(file, dirNo, `is not directory page ${i}`);
  });
  if (meta.directories.length !== Math.floor(maxBucket / meta.span) + 1)
    throw corruptHashIndex(file, META_PAGE, `lists ${meta.directories.length} directory pages`);

  let entries = 0;
  let bytes = 0;
  let overflowPages = 0;
  let longestChain = 0;
  for (let bucket = 0; bucket <= maxBucket; bucket++) {
    let chain = 0;
    for (let pageNo = primaryPage(pool, file, meta, bucket); pageNo !== NO_PAGE; chain++) {
      visit(pageNo, `bucket ${bucket}`);
      const frame = pinBucketPage(pool, file, pageNo, bucket);
      const p = frame.page;
      try {
        if ((pageKind(p) === HASH_BUCKET) !== (chain === 0))
          throw corruptHashIndex(file, pageNo, `has the wrong kind for link ${chain} of its chain`);
        let n = 0;
        for (let off = CELLS_START, end = cellsEnd(p); off < end; off += cellSize(p, off), n++) {
          const start = off + CELL_OVERHEAD;
          const hash = hashKey(p.subarray(start, start + cellKeyLength(p, off)));
          if (cellHash(p, off) !== hash || bucketOf(hash, meta) !== bucket)
            throw corruptHashIndex(file, pageNo, `holds an entry at ${off} of another bucket`);
          bytes += cellSize(p, off);
        }
        if (n !== cellCount(p))
          throw corruptHashIndex(file, pageNo, `counts ${cellCount(p)} cells, not ${n}`);
        entries += n;
        pageNo = nextPage(p);
      } finally {
        pool.unpin(frame);
      }
    }
    overflowPages += chain - 1;
    longestChain = Math.max(longestChain, chain);
  }
  if (entries !== meta.entries || bytes !== meta.bytes)
    throw corruptHashIndex(
      file,
      META_PAGE,
      `counts ${meta.entries} entries of ${meta.bytes} bytes, not ${entries} of ${bytes}`,
    );

  let freePages = 0;
  for (let pageNo = meta.freeHead; pageNo !== NO_PAGE; freePages++) {
    visit(pageNo, 'free list');
    const frame = pool.pin(file, pageNo);
    const free = pageKind(frame.page) === HASH_FREE;
    const next = nextPage(frame.page);
    pool.unpin(frame);
    if (!free) throw corruptHashIndex(file, pageNo, 'is on the free list but not free');
    pageNo = next;
  }
  return {
    buckets: maxBucket + 1,
    entries,
    overflowPages,
    freePages,
    directoryPages: meta.directories.length,
    longestChain,
  };
}
