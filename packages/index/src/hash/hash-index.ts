/**
 * HashIndex: a linear-hashing index of (key, tid) entries on buffer pool pages, WAL-logged and
 * crash-safe, for equality lookups (`CREATE INDEX … USING hash`). Page layouts are in
 * hash-page.ts; scans in hash-cursor.ts.
 *
 * SHAPE
 *
 *   meta (page 0) ──▶ directory pages ──▶ bucket 0 ─▶ overflow ─▶ overflow
 *     free list ─┐                        bucket 1
 *                ▼                        …
 *              free ─▶ free               bucket max ─▶ overflow
 *
 * An entry lives in the bucket its key's hash (CRC32C of the key bytes) maps to under the
 * geometry (max bucket, low mask, high mask), as in PostgreSQL's hash AM: bucket = hash & high
 * mask, or hash & low mask when that bucket does not exist yet. A bucket is a primary page and a
 * chain of overflow pages. Duplicates of a key share a bucket and may fill a long chain.
 *
 * GROWTH (linear hashing, one bucket at a time)
 * When the entries' bytes exceed FILL_FACTOR of the buckets' primary pages, the next insert first
 * splits ONE bucket: bucket max + 1 is created and the entries of bucket (max + 1) & low mask
 * whose hash has the new high bit move to it. Buckets split in order 0, 1, 2, …, so the table
 * grows by one page's worth at a time, never by doubling all at once.
 *
 * INVARIANTS
 * - Every operation logs the pages it changed as one 'pages' record (`PageChangeSet`): a split
 *   (meta, directory, the old bucket's pages that lost entries, the new bucket's pages, free
 *   pages taken) is atomic for redo, which is storage's generic page replay.
 * - A write pins every page it will change before changing any of them, so running out of
 *   buffers (53200) leaves the index as it was (at worst with an unused page at the file's end).
 * - Empty overflow pages are unlinked by the delete that empties them and kept on a free list
 *   (in the meta page) for later overflow, bucket or directory pages.
 * - The meta page counts entries and their bytes; every insert and delete updates it, in the
 *   same record as the entry itself.
 *
 * SCANS: equality (`lower` and `upper` the same inclusive key, not a prefix) and full scans only.
 * The planner never asks an unordered method (`ordered: false`) for anything else, so any
 * other range is our bug and throws InternalError.
 *
 * SIMPLIFICATIONS
 * - Entries store the whole key (PostgreSQL stores only the 4-byte hash and rechecks the heap),
 *   so an equality scan returns exact matches and `delete(key, tid)` finds its entry.
 * - No bucket squeeze: a split removes entries in place, so the old bucket's chain may keep
 *   sparse pages (inserts fill them first). No shrinking: buckets are never merged.
 * - Splitting stops at MAX_DIRECTORY_PAGES * BUCKETS_PER_DIRECTORY (about 4 million) buckets;
 *   past that, chains just grow.
 * - Index changes log with xid 0: they are not transactional (see index.ts).
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import {
  DbError,
  type FileId,
  InternalError,
  PAGE_KIND_OFFSET,
  type Tid,
  assert,
  formatTid,
  packTid,
} from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import type { Index, IndexContext, IndexCursor, KeyRange } from '../index-method.js';
import { PageChangeSet, WHOLE_PAGE } from '../page-change-set.js';
import { corruptHashIndex, pinBucketPage, primaryPage, readHashMeta } from './hash-chain.js';
import { HashCursor } from './hash-cursor.js';
import { ShadowPageSet } from './shadow-page-set.js';
import {
  BUCKETS_PER_DIRECTORY,
  BUCKET_CAPACITY,
  BUCKET_HEADER_RANGE,
  HASH_FREE,
  HASH_OVERFLOW,
  type HashMeta,
  MAX_DIRECTORY_PAGES,
  META_PAGE,
  NO_PAGE,
  CELLS_START,
  appendCell,
  bucketOf,
  cellCount,
  cellHash,
  cellMatches,
  cellSize,
  cellSpace,
  cellsEnd,
  copyCell,
  filterCells,
  hashKey,
  initBucket,
  initDirectory,
  initFree,
  nextPage,
  pageFree,
  pageKind,
  readMeta,
  removeCell,
  setDirectoryEntry,
  setNextPage,
  writeMeta,
} from './hash-page.js';

/**
 * The largest index entry PostgreSQL's hash AM accepts on an 8 KiB page (HashMaxItemSize):
 * an entry sized as PostgreSQL sizes an index tuple (8-byte header plus key, MAXALIGNed).
 */
export const HASH_MAX_ITEM_SIZE = 8144;

/** Options of `HashIndex.create`. */
export interface HashIndexOptions {
  /**
   * @internal Buckets per directory page (default and maximum BUCKETS_PER_DIRECTORY), stored in
   * the meta page. Tests set it small to reach a second directory page with few buckets.
   */
  readonly bucketsPerDirectory?: number;
}

/** Split when the entries' bytes exceed this share of the buckets' primary pages. */
const FILL_FACTOR = 0.75;
/** A new (or truncated) index: meta, one directory page and buckets 0 and 1. */
const INITIAL_PAGES = 4;
const FIRST_DIRECTORY = 1;

/** See the file comment. Create with `HashIndex.create`, reopen with `HashIndex.open`. */
export class HashIndex implements Index {
  readonly method = 'hash';
  private readonly pool: BufferPool;
  private readonly wal: Wal;
  private openCursors = 0;

  private constructor(
    ctx: IndexContext,
    /** The index's file. */
    readonly file: FileId,
    /** The index's name, for error messages. */
    readonly name: string,
  ) {
    this.pool = ctx.pool;
    this.wal = ctx.wal;
  }

  /**
   * Creates the file (logging 'file-create') and writes the meta page, the first directory page
   * and two empty buckets (one record). Synchronous.
   * @throws DbError 53200 when the pool has no free frame.
   */
  static create(
    ctx: IndexContext,
    file: FileId,
    name = `index ${file}`,
    options: HashIndexOptions = {},
  ): HashIndex {
    const span = options.bucketsPerDirectory ?? BUCKETS_PER_DIRECTORY;
    assert(span >= 2 && span <= BUCKETS_PER_DIRECTORY, `hash directory span ${span} out of range`);
    ctx.wal.append({ kind: 'file-create', file });
    ctx.pool.createFile(file);
    assert(ctx.pool.pageCount(file) === 0, `hash index file ${file} is not empty`);
    const index = new HashIndex(ctx, file, name);
    index.reset(false, span);
    return index;
  }

  /**
   * Opens an existing index. Synchronous.
   * @throws DbError XX002 when page 0 is not a hash meta page.
   */
  static open(ctx: IndexContext, file: FileId, name = `index ${file}`): HashIndex {
    readHashMeta(ctx.pool, file);
    return new HashIndex(ctx, file, name);
  }

  /**
   * Adds the entry (key, tid); a key may repeat. When the index is full enough, first splits one
   * bucket (its own record). Logged. Synchronous.
   * @throws DbError 54000 when the entry exceeds HASH_MAX_ITEM_SIZE (PostgreSQL's message).
   * @throws DbError 53200 when the pool runs out of frames (the index is then unchanged).
   */
  insert(key: Uint8Array, tid: Tid): void {
    this.checkEntrySize(key, tid);
    const space = cellSpace(key.length);
    if (needsSplit(readHashMeta(this.pool, this.file), space)) this.split();
    const hash = hashKey(key);
    const changes = new PageChangeSet();
    let metaFrame: Frame;
    let meta: HashMeta;
    let target: Frame;
    let tail: Frame | undefined;
    try {
      metaFrame = changes.add(this.pinMeta());
      meta = readMeta(metaFrame.page)!;
      const bucket = bucketOf(hash, meta);
      // The first page of the chain with room, else the tail, which gets a new overflow page.
      let pageNo = primaryPage(this.pool, this.file, meta, bucket);
      for (;;) {
        const frame = pinBucketPage(this.pool, this.file, pageNo, bucket);
        if (pageFree(frame.page) >= space) {
          target = changes.add(frame);
          break;
        }
        pageNo = nextPage(frame.page);
        if (pageNo === NO_PAGE) {
          tail = changes.add(frame);
          target = this.allocatePage(changes, meta);
          break;
        }
        this.pool.unpin(frame);
      }
      if (tail !== undefined) {
        initBucket(target.page, bucket, true);
        changes.changed(target, WHOLE_PAGE);
        changes.changed(tail, setNextPage(tail.page, target.pageNo));
      }
    } catch (err) {
      changes.release(this.pool);
      throw err;
    }
    changes.changed(target, appendCell(target.page, hash, key, packTid(tid.page, tid.slot)));
    meta.entries++;
    meta.bytes += space;
    changes.changed(metaFrame, writeMeta(metaFrame.page, meta));
    changes.commit(this.pool, this.wal);
  }

  /**
   * Removes the entry (key, tid); returns whether it was there. An overflow page it empties is
   * unlinked and put on the free list, in the same record. Logged. Synchronous.
   */
  delete(key: Uint8Array, tid: Tid): boolean {
    const hash = hashKey(key);
    const packed = packTid(tid.page, tid.slot);
    const changes = new PageChangeSet();
    let metaFrame: Frame;
    let meta: HashMeta;
    let found: Frame | undefined;
    let offset = 0;
    let pred: Frame | undefined;
    try {
      metaFrame = changes.add(this.pinMeta());
      meta = readMeta(metaFrame.page)!;
      const bucket = bucketOf(hash, meta);
      let predNo = NO_PAGE;
      for (let pageNo = primaryPage(this.pool, this.file, meta, bucket); pageNo !== NO_PAGE; ) {
        const frame = pinBucketPage(this.pool, this.file, pageNo, bucket);
        offset = findCell(frame.page, hash, key, packed);
        if (offset >= 0) {
          found = changes.add(frame);
          break;
        }
        predNo = pageNo;
        pageNo = nextPage(frame.page);
        this.pool.unpin(frame);
      }
      if (found === undefined) {
        changes.release(this.pool);
        return false;
      }
      // Pin the predecessor before changing anything, in case the page empties.
      if (cellCount(found.page) === 1 && pageKind(found.page) === HASH_OVERFLOW)
        pred = changes.add(pinBucketPage(this.pool, this.file, predNo, bucket));
    } catch (err) {
      changes.release(this.pool);
      throw err;
    }
    const size = cellSize(found.page, offset);
    changes.changed(found, removeCell(found.page, offset));
    if (pred !== undefined) {
      changes.changed(pred, setNextPage(pred.page, nextPage(found.page)));
      initFree(found.page, meta.freeHead);
      changes.changed(found, BUCKET_HEADER_RANGE);
      meta.freeHead = found.pageNo;
    }
    meta.entries--;
    meta.bytes -= size;
    changes.changed(metaFrame, writeMeta(metaFrame.page, meta));
    changes.commit(this.pool, this.wal);
    return true;
  }

  /**
   * Entries within `range`, in no particular order (`backward` changes nothing). Supported: no
   * range (every entry) and equality (`lower` and `upper` the same inclusive, non-prefix key).
   * The cursor copies a bucket's entries at a time and pins nothing between calls; see
   * HashCursor for what it sees when writes run during the scan.
   * @throws InternalError for any other range: the planner never asks an unordered index for one.
   */
  scan(range?: KeyRange, _backward = false): IndexCursor {
    const key = equalityKey(range, this.name);
    this.openCursors++;
    return new HashCursor(this.pool, this.file, key, () => {
      this.openCursors--;
    });
  }

  /**
   * Removes every entry: the index becomes its four initial pages (logged), then the file is cut
   * to them ('file-truncate' logged and flushed first, because a cut file cannot be redone).
   * Synchronous. @throws InternalError if a cursor on this index is open.
   */
  truncate(): void {
    assert(this.openCursors === 0, `TRUNCATE of index "${this.name}" with ${this.openCursors} open cursors`);
    this.reset(true, readHashMeta(this.pool, this.file).span);
    const lsn = this.wal.append({ kind: 'file-truncate', file: this.file, pages: INITIAL_PAGES });
    this.wal.flushSync(lsn);
    this.pool.truncateFile(this.file, INITIAL_PAGES);
  }

  /** Pages in the index's file, the meta page and free pages included. */
  pageCount(): number {
    return this.pool.pageCount(this.file);
  }

  /** Writes the meta page, the first directory page and buckets 0 and 1 on pages 0-3. */
  private reset(existing: boolean, span: number): void {
    const changes = new PageChangeSet();
    const frames: Frame[] = [];
    try {
      for (let pageNo = 0; pageNo < INITIAL_PAGES; pageNo++) {
        const frame = existing ? this.pool.pin(this.file, pageNo) : this.pool.pinNew(this.file);
        frames.push(changes.add(frame));
        assert(frame.pageNo === pageNo, 'hash index pages out of place');
      }
    } catch (err) {
      changes.release(this.pool);
      throw err;
    }
    const [meta, dir, bucket0, bucket1] = frames as [Frame, Frame, Frame, Frame];
    initDirectory(dir.page, 0);
    setDirectoryEntry(dir.page, 0, bucket0.pageNo);
    setDirectoryEntry(dir.page, 1, bucket1.pageNo);
    initBucket(bucket0.page, 0, false);
    initBucket(bucket1.page, 1, false);
    meta.page.fill(0, PAGE_KIND_OFFSET);
    writeMeta(meta.page, {
      maxBucket: 1,
      lowMask: 1,
      highMask: 3,
      freeHead: NO_PAGE,
      entries: 0,
      bytes: 0,
      span,
      directories: [FIRST_DIRECTORY],
    });
    for (const f of frames) changes.changed(f, WHOLE_PAGE);
    changes.commit(this.pool, this.wal);
  }

  /**
   * Splits the next bucket (linear hashing): creates bucket max + 1 and moves to it the entries
   * of bucket (max + 1) & low mask whose hash now maps there. One record, built on private page
   * copies (ShadowPageSet): an old bucket with a long chain may lose entries from more pages
   * than a small pool could pin at once.
   */
  private split(): void {
    const shadow = new ShadowPageSet(this.pool, this.file);
    const metaPage = shadow.read(META_PAGE);
    const meta = readMeta(metaPage);
    if (meta === undefined) throw corruptHashIndex(this.file, META_PAGE, 'is not a hash meta page');
    const newBucket = meta.maxBucket + 1;
    let { lowMask, highMask } = meta;
    if (newBucket > highMask) {
      lowMask = highMask;
      highMask = newBucket | lowMask;
    }
    const oldBucket = newBucket & lowMask;
    const dirIndex = Math.floor(newBucket / meta.span);
    if (dirIndex >= MAX_DIRECTORY_PAGES) return;
    let dir: Uint8Array;
    if (dirIndex < meta.directories.length) {
      dir = shadow.read(meta.directories[dirIndex]!);
    } else {
      const added = this.allocateCopy(shadow, meta);
      dir = added.page;
      initDirectory(dir, dirIndex * meta.span);
      shadow.changed(dir, WHOLE_PAGE);
      meta.directories.push(added.pageNo);
    }
    const primary = this.allocateCopy(shadow, meta);
    initBucket(primary.page, newBucket, false);
    shadow.changed(primary.page, WHOLE_PAGE);
    let into = primary.page;
    const move = (p: Uint8Array, off: number): boolean => {
      if ((cellHash(p, off) & highMask) !== newBucket) return true;
      if (pageFree(into) < cellSize(p, off)) {
        const overflow = this.allocateCopy(shadow, meta);
        initBucket(overflow.page, newBucket, true);
        shadow.changed(overflow.page, WHOLE_PAGE);
        shadow.changed(into, setNextPage(into, overflow.pageNo));
        into = overflow.page;
      }
      copyCell(p, off, into);
      return false;
    };
    for (let pageNo = primaryPage(this.pool, this.file, meta, oldBucket); pageNo !== NO_PAGE; ) {
      // Look at each page in place; copy only the pages that lose entries.
      const frame = pinBucketPage(this.pool, this.file, pageNo, oldBucket);
      const moves = hasCellOf(frame.page, highMask, newBucket);
      const next = nextPage(frame.page);
      this.pool.unpin(frame);
      if (moves) {
        const p = shadow.read(pageNo);
        shadow.changed(
          p,
          filterCells(p, (off) => move(p, off)),
        );
      }
      pageNo = next;
    }
    shadow.changed(dir, setDirectoryEntry(dir, newBucket % meta.span, primary.pageNo));
    meta.maxBucket = newBucket;
    meta.lowMask = lowMask;
    meta.highMask = highMask;
    shadow.changed(metaPage, writeMeta(metaPage, meta));
    shadow.commit(this.wal);
  }

  /**
   * A private copy of a page for new use: the head of the free list (taken off it in `meta`,
   * which the caller writes) or a new page at the end of the file. Its bytes are the caller's
   * to initialize.
   */
  private allocateCopy(shadow: ShadowPageSet, meta: HashMeta): { pageNo: number; page: Uint8Array } {
    if (meta.freeHead === NO_PAGE) return shadow.append();
    const pageNo = meta.freeHead;
    const page = shadow.read(pageNo);
    if (pageKind(page) !== HASH_FREE)
      throw corruptHashIndex(this.file, pageNo, 'is on the free list but not free');
    meta.freeHead = nextPage(page);
    return { pageNo, page };
  }

  /**
   * A page for new use, pinned into `changes`: the head of the free list (taken off it in
   * `meta`, which the caller writes) or a new page at the end of the file. Its bytes are the
   * caller's to initialize.
   */
  private allocatePage(changes: PageChangeSet, meta: HashMeta): Frame {
    if (meta.freeHead === NO_PAGE) return changes.add(this.pool.pinNew(this.file));
    const frame = changes.add(this.pool.pin(this.file, meta.freeHead));
    if (pageKind(frame.page) !== HASH_FREE)
      throw corruptHashIndex(this.file, frame.pageNo, 'is on the free list but not free');
    meta.freeHead = nextPage(frame.page);
    return frame;
  }

  /** Pins the meta page, checking that it is one. */
  private pinMeta(): Frame {
    const frame = this.pool.pin(this.file, META_PAGE);
    if (readMeta(frame.page) === undefined) {
      this.pool.unpin(frame);
      throw corruptHashIndex(this.file, META_PAGE, 'is not a hash meta page');
    }
    return frame;
  }

  private checkEntrySize(key: Uint8Array, tid: Tid): void {
    // Sized as PostgreSQL sizes an index tuple: an 8-byte header plus the key, MAXALIGNed.
    const size = (8 + key.length + 7) & ~7;
    if (size <= HASH_MAX_ITEM_SIZE) return;
    throw new DbError('54000', `index row size ${size} exceeds hash maximum ${HASH_MAX_ITEM_SIZE}`, {
      detail: `Index row references tuple ${formatTid(tid)}.`,
      constraint: this.name,
      hint: 'Values larger than a buffer page cannot be indexed.',
    });
  }
}

/** Whether adding `extra` bytes of entries calls for a split first. */
function needsSplit(meta: HashMeta, extra: number): boolean {
  return meta.bytes + extra > FILL_FACTOR * BUCKET_CAPACITY * (meta.maxBucket + 1);
}

/** Whether page `p` holds an entry whose hash maps to `bucket` under `highMask`. */
function hasCellOf(p: Uint8Array, highMask: number, bucket: number): boolean {
  for (let off = CELLS_START, end = cellsEnd(p); off < end; off += cellSize(p, off)) {
    if ((cellHash(p, off) & highMask) === bucket) return true;
  }
  return false;
}

/** Offset of the cell holding exactly (key, tid) in page `p`, or -1. */
function findCell(p: Uint8Array, hash: number, key: Uint8Array, tid: number): number {
  for (let off = CELLS_START, end = cellsEnd(p); off < end; off += cellSize(p, off)) {
    if (cellMatches(p, off, hash, key, tid)) return off;
  }
  return -1;
}

/**
 * The key of an equality range, or undefined for a full scan.
 * @throws InternalError for any other range (see `HashIndex.scan`).
 */
function equalityKey(range: KeyRange | undefined, name: string): Uint8Array | undefined {
  if (range === undefined || (range.lower === undefined && range.upper === undefined)) return undefined;
  const { lower, upper } = range;
  if (
    lower !== undefined &&
    upper !== undefined &&
    lower.inclusive &&
    upper.inclusive &&
    lower.prefix !== true &&
    upper.prefix !== true &&
    sameBytes(lower.key, upper.key)
  ) {
    return lower.key.slice();
  }
  throw new InternalError(`hash index "${name}" can only scan for equality or scan everything`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
