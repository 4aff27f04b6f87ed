/**
 * HashCursor: a scan of a hash index, in no particular order. It copies entries into its own
 * buffer a batch at a time and pins no page between two `next()` calls, so writes (splits
 * included) may run while it is open.
 *
 * EQUALITY SCAN: the first `next()` copies every entry with the key from the key's bucket
 * chain; later writes do not change what it returns.
 *
 * FULL SCAN: the first `next()` notes the geometry G0 (max bucket, masks). Batch j (j = 0 … the
 * max bucket of G0) is every entry whose hash maps to bucket j under G0: the entries of bucket
 * j and of every bucket split off it since, which are the buckets j + m * 2^L (m = 0, 1, …) for
 * bucket j's mask 2^L - 1 in G0. Splits only move entries from a bucket to a newer one of the
 * same family, so each entry that exists when the scan starts is returned exactly once, however
 * many splits run during the scan. Entries inserted during the scan may or may not be seen;
 * entries deleted during it may be returned if their batch was copied before the delete.
 *
 * NB: a batch holds one bucket's family, usually a page or two; a bucket full of duplicates of
 * one key is copied whole.
 */
import type { BufferPool } from '@rustydb/buffer';
import { type FileId, type Tid, unpackTid } from '@rustydb/common';
import type { IndexCursor } from '../index-method.js';
import { pinBucketPage, primaryPage, readHashMeta } from './hash-chain.js';
import {
  CELLS_START,
  CELL_OVERHEAD,
  type HashGeometry,
  NO_PAGE,
  bucketOf,
  cellHasKey,
  cellHash,
  cellKeyLength,
  cellSize,
  cellTid,
  cellsEnd,
  hashKey,
  nextPage,
} from './hash-page.js';

/** See the file comment. Made by `HashIndex.scan`. */
export class HashCursor implements IndexCursor {
  /** The batch: key bytes in `arena`, entry i at [starts[i], starts[i] + lengths[i]). */
  private arena = new Uint8Array(1024);
  private arenaLength = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly tids: number[] = [];
  private count = 0;
  private pos = 0;
  private started = false;
  private done = false;
  /** Full scans: the geometry when the scan started, and the next batch to copy. */
  private start: HashGeometry | undefined;
  private nextBatch = 0;
  private readonly hash: number;

  /**
   * @internal Use `HashIndex.scan`. `key` is the equality key (owned by the cursor), or
   * undefined for a full scan. `onClose` runs once, at `close()`.
   */
  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
    private readonly key: Uint8Array | undefined,
    private readonly onClose: () => void,
  ) {
    this.hash = key === undefined ? 0 : hashKey(key);
  }

  /**
   * The next entry, or undefined at the end. `key` is a view into the cursor's buffer, valid
   * until the next call; `tid` is the caller's to keep. Synchronous.
   * @throws DbError XX002 when a chain leads to a page that is not of its bucket.
   */
  next(): { readonly key: Uint8Array; readonly tid: Tid } | undefined {
    if (this.done) return undefined;
    if (!this.started) {
      this.started = true;
      if (this.key !== undefined) this.copyEquals(this.key);
      else this.start = readHashMeta(this.pool, this.file);
    }
    while (this.pos >= this.count) {
      const start = this.start;
      if (start === undefined || this.nextBatch > start.maxBucket) return this.finish();
      this.copyFamily(start, this.nextBatch++);
    }
    const i = this.pos++;
    const from = this.starts[i]!;
    return { key: this.arena.subarray(from, from + this.lengths[i]!), tid: unpackTid(this.tids[i]!) };
  }

  /** Ends the scan. Idempotent. */
  close(): void {
    if (!this.done) {
      this.done = true;
      this.onClose();
    }
  }

  private finish(): undefined {
    this.close();
    return undefined;
  }

  /** Copies the entries with key `key` from its bucket's chain. */
  private copyEquals(key: Uint8Array): void {
    this.clear();
    const meta = readHashMeta(this.pool, this.file);
    const bucket = bucketOf(this.hash, meta);
    this.copyChain(bucket, primaryPage(this.pool, this.file, meta, bucket), key);
  }

  /** Copies batch j of a full scan: bucket j of geometry `g0` and every bucket split off it. */
  private copyFamily(g0: HashGeometry, j: number): void {
    this.clear();
    // Bucket j's mask in G0: the high mask once j has split (or is itself a split-off bucket).
    const split = j > g0.lowMask || j + g0.lowMask + 1 <= g0.maxBucket;
    const step = (split ? g0.highMask : g0.lowMask) + 1;
    const now = readHashMeta(this.pool, this.file);
    for (let b = j; b <= now.maxBucket; b += step) {
      this.copyChain(b, primaryPage(this.pool, this.file, now, b), undefined);
    }
  }

  /** Appends the entries of `bucket`'s chain from `pageNo` (only those with `key`, if given). */
  private copyChain(bucket: number, pageNo: number, key: Uint8Array | undefined): void {
    while (pageNo !== NO_PAGE) {
      const frame = pinBucketPage(this.pool, this.file, pageNo, bucket);
      const p = frame.page;
      try {
        for (let off = CELLS_START, end = cellsEnd(p); off < end; off += cellSize(p, off)) {
          if (key !== undefined && (cellHash(p, off) !== this.hash || !cellHasKey(p, off, key))) continue;
          this.append(p, off);
        }
        pageNo = nextPage(p);
      } finally {
        this.pool.unpin(frame);
      }
    }
  }

  /** Appends the cell at `off` of page `p` to the batch. */
  private append(p: Uint8Array, off: number): void {
    const len = cellKeyLength(p, off);
    if (this.arenaLength + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + len));
      bigger.set(this.arena.subarray(0, this.arenaLength));
      this.arena = bigger;
    }
    const start = off + CELL_OVERHEAD;
    this.arena.set(p.subarray(start, start + len), this.arenaLength);
    this.starts[this.count] = this.arenaLength;
    this.lengths[this.count] = len;
    this.tids[this.count] = cellTid(p, off);
    this.arenaLength += len;
    this.count++;
  }

  private clear(): void {
    this.arenaLength = 0;
    this.count = 0;
    this.pos = 0;
  }
}
