/**
 * Reading a hash index's structure: the meta page, the directory (bucket to primary page) and
 * the pages of a bucket's chain. Shared by the index's writes, its cursors and checkHashIndex.
 * All synchronous; each function pins what it reads and unpins it before returning, except
 * `pinBucketPage`, whose frame the caller unpins.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { DbError, type FileId } from '@rustydb/common';
import {
  HASH_DIRECTORY,
  type HashMeta,
  META_PAGE,
  NO_PAGE,
  directoryEntry,
  isBucketPage,
  pageBucket,
  pageKind,
  readMeta,
} from './hash-page.js';

/** XX002 index_corrupted, as PostgreSQL reports a broken index. */
export function corruptHashIndex(file: FileId, page: number, what: string): DbError {
  return new DbError('XX002', `index file ${file} is corrupted: page ${page} ${what}`);
}

/** Reads the meta page. @throws DbError XX002 when page 0 is not a hash meta page. */
export function readHashMeta(pool: BufferPool, file: FileId): HashMeta {
  const frame = pool.pin(file, META_PAGE);
  try {
    const meta = readMeta(frame.page);
    if (meta === undefined) throw corruptHashIndex(file, META_PAGE, 'is not a hash meta page');
    return meta;
  } finally {
    pool.unpin(frame);
  }
}

/** The primary page of `bucket`. @throws DbError XX002 when the directory has no such bucket. */
export function primaryPage(pool: BufferPool, file: FileId, meta: HashMeta, bucket: number): number {
  const dirNo = meta.directories[Math.floor(bucket / meta.span)];
  if (dirNo === undefined) throw corruptHashIndex(file, META_PAGE, `has no directory for bucket ${bucket}`);
  const frame = pool.pin(file, dirNo);
  try {
    if (pageKind(frame.page) !== HASH_DIRECTORY)
      throw corruptHashIndex(file, dirNo, 'is not a directory page');
    const page = directoryEntry(frame.page, bucket % meta.span);
    if (page === NO_PAGE) throw corruptHashIndex(file, dirNo, `maps no page for bucket ${bucket}`);
    return page;
  } finally {
    pool.unpin(frame);
  }
}

/** Pins a page of `bucket`'s chain, checking that it is one. */
export function pinBucketPage(pool: BufferPool, file: FileId, pageNo: number, bucket: number): Frame {
  const frame = pool.pin(file, pageNo);
  if (!isBucketPage(frame.page) || pageBucket(frame.page) !== bucket) {
    pool.unpin(frame);
    throw corruptHashIndex(file, pageNo, `is not a page of bucket ${bucket}`);
  }
  return frame;
}
