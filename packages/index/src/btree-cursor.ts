/**
 * BTreeCursor: a range scan over B+tree leaves, forward along right links or backward along
 * left links. It pins exactly one leaf while open (none before the first `next()` or after the
 * end) and copies each key into its own buffer, so a returned key stays valid until the next
 * call even if the page changes.
 *
 * Writes may run between two `next()` calls (an UPDATE scanning the index it changes). A write
 * changes the LSN of every page it touches, so the cursor compares its leaf's LSN with the one
 * it saw: when they differ it descends again from the root to the first entry after (or
 * before) the last one it returned. Entries inserted behind the cursor are not seen; entries
 * inserted ahead are, as in PostgreSQL's nbtree.
 *
 * The same check covers page deletion (btree-shrink.ts), which PostgreSQL handles by keeping
 * deleted pages as tombstones until no scan can be on them: here the deleted leaf, the leaf
 * that took a merged page's entries and the siblings whose links changed all get a new LSN,
 * so a cursor on any of them descends again by key instead of reading a stale page or link.
 * Its pin keeps the frame in memory but is no claim on the page: a deleted page may even be
 * reused by a split before the cursor's next call, which the LSN check catches the same way.
 *
 * KILLED ENTRIES (btree-page.ts): skipped, unless the scan includes them (vacuum). `kill()` sets
 * the hint on the entry last returned, in place and without WAL, when the leaf is unchanged
 * since the cursor read it (same LSN, same tid at the same slot) and the leaf was already
 * changed since the last checkpoint (its LSN is past the WAL's redo point): then a full page
 * image of it is in the WAL after that checkpoint, so a torn write of the hinted page is repaired
 * by redo, as PostgreSQL requires with data checksums (it logs a hint-only full page image
 * instead; we just skip the hint, which loses nothing but the shortcut).
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { type FileId, type Tid, unpackTid } from '@rustydb/common';
import {
  cellKeyLength,
  cellKeyStart,
  cellOffset,
  cellTid,
  isCellKilled,
  isLeaf,
  killCell,
  isNodePage,
  leftSibling,
  nodeCount,
  rightSibling,
  u32,
  NO_PAGE,
} from './btree-page.js';
import {
  TID_MAX,
  TID_MIN,
  appendPosition,
  compareCell,
  corruptIndex,
  descend,
  leafPosition,
  readRoot,
} from './btree-search.js';
import { type LeafHint, pinHintedLeaf } from './btree-leaf-hint.js';
import type { IndexCursor, KeyBound, KeyRange } from './index-method.js';
import type { Wal } from '@rustydb/wal';

/** A bound as a probe (see btree-search.ts): the position just outside the range. */
interface Probe {
  key: Uint8Array;
  tid: number;
  prefix: boolean;
}

/** `b` as a lower probe, written into `into` when given (a rescan reuses its probes). */
function lowerProbe(b: KeyBound, into?: Probe): Probe {
  const p = into ?? { key: b.key, tid: 0, prefix: false };
  p.key = b.key;
  p.tid = b.inclusive ? TID_MIN : TID_MAX;
  p.prefix = !b.inclusive && b.prefix === true;
  return p;
}

/** `b` as an upper probe, written into `into` when given. */
function upperProbe(b: KeyBound, into?: Probe): Probe {
  const p = into ?? { key: b.key, tid: 0, prefix: false };
  p.key = b.key;
  p.tid = b.inclusive ? TID_MAX : TID_MIN;
  p.prefix = b.inclusive && b.prefix === true;
  return p;
}

/** How many of a tree's cursors are open (TRUNCATE asserts none). */
export interface CursorCount {
  open: number;
}

/** The page's LSN (bytes 0..8, little-endian), read without allocating. */
const pageLsn = (p: Uint8Array): number => u32(p, 4) * 0x1_0000_0000 + u32(p, 0);

/** The key before the first entry. */
const NO_KEY = new Uint8Array(0);

/** See the file comment. Made by `BTree.scan`. */
export class BTreeCursor implements IndexCursor {
  private lower: Probe | undefined;
  private upper: Probe | undefined;
  private frame: Frame | undefined;
  private lsn = 0;
  private pos = 0;
  private started = false;
  private done = false;
  /** The last key returned (`keyBuf` is exactly its size: `keyLength`), and its packed tid. */
  private keyBuf: Uint8Array = NO_KEY;
  private keyLength = 0;
  private lastTid = 0;

  /** @internal Use `BTree.scan`. `onClose` runs once, at `close()`. */
  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
    range: KeyRange | undefined,
    private readonly backward: boolean,
    /** The tree's leaf hint: a forward scan's start tries that leaf before descending. */
    private readonly hint: LeafHint,
    /** Counts this cursor while it is open. */
    private readonly count: CursorCount,
    /** Where the redo point is (for `kill`). */
    private readonly wal: Wal,
    /** Return killed entries too (vacuum). */
    private readonly includeKilled = false,
  ) {
    this.lower = range?.lower ? lowerProbe(range.lower) : undefined;
    this.upper = range?.upper ? upperProbe(range.upper) : undefined;
    count.open++;
  }

  /**
   * Closes the scan and starts it again over `range`, in the same direction and mode
   * (PostgreSQL's amrescan): the index scan of a kept plan runs its point lookup once per
   * execution without a new cursor, probes and key buffer each time. Synchronous.
   */
  rescan(range: KeyRange | undefined): void {
    this.close();
    this.lower = range?.lower ? lowerProbe(range.lower, this.lower) : undefined;
    this.upper = range?.upper ? upperProbe(range.upper, this.upper) : undefined;
    this.started = false;
    this.done = false;
    this.pos = 0;
    this.lsn = 0;
    this.count.open++;
  }

  /**
   * The next entry, or undefined at the end of the range. `key` is valid until the next call;
   * `tid` is the caller's to keep. Synchronous.
   * @throws DbError XX002 when a leaf link leads to a page that is not a leaf.
   */
  next(): { readonly key: Uint8Array; readonly tid: Tid } | undefined {
    if (this.done) return undefined;
    if (!this.started) {
      this.started = true;
      this.seekStart();
    } else if (this.frame !== undefined && pageLsn(this.frame.page) !== this.lsn) {
      this.seekAfterLast();
    }
    for (;;) {
      const frame = this.frame;
      if (frame === undefined) return this.finish();
      const p = frame.page;
      if (this.pos < 0 || this.pos >= nodeCount(p)) {
        const sibling = this.backward ? leftSibling(p) : rightSibling(p);
        if (sibling === NO_PAGE) return this.finish();
        this.moveTo(sibling);
        this.pos = this.backward ? nodeCount(this.frame!.page) - 1 : 0;
        continue;
      }
      const off = cellOffset(p, this.pos);
      if (this.backward) {
        const b = this.lower;
        if (b !== undefined && compareCell(p, off, b.key, b.tid, b.prefix) <= 0) return this.finish();
        this.pos--;
      } else {
        const b = this.upper;
        if (b !== undefined && compareCell(p, off, b.key, b.tid, b.prefix) >= 0) return this.finish();
        this.pos++;
      }
      if (!this.includeKilled && isCellKilled(p, off)) continue;
      return { key: this.remember(p, off), tid: unpackTid(this.lastTid) };
    }
  }

  /**
   * Marks the entry the last `next()` returned killed, if its leaf is unchanged since and was
   * changed after the last checkpoint (see the file comment); else does nothing. Synchronous.
   */
  kill(): void {
    const frame = this.frame;
    if (frame === undefined) return;
    const p = frame.page;
    const lsn = pageLsn(p);
    if (lsn !== this.lsn || lsn <= this.wal.redoLsn) return;
    const slot = this.backward ? this.pos + 1 : this.pos - 1;
    if (slot < 0 || slot >= nodeCount(p)) return;
    const off = cellOffset(p, slot);
    if (cellTid(p, off) !== this.lastTid) return;
    killCell(p, off);
    this.pool.markDirty(frame);
  }

  /** Unpins the current leaf. Idempotent. */
  close(): void {
    if (this.frame !== undefined) this.pool.unpin(this.frame);
    this.frame = undefined;
    if (!this.done) {
      this.done = true;
      this.count.open--;
    }
  }

  private finish(): undefined {
    this.close();
    return undefined;
  }

  /** Copies the entry at `off` into keyBuf and lastTid; returns a view of the key. */
  private remember(p: Uint8Array, off: number): Uint8Array {
    const len = cellKeyLength(p, off);
    let buf = this.keyBuf;
    if (buf.length !== len) {
      // Exactly the key's size, so the key returned is the buffer itself: no subarray view
      // (slow to make, and a point lookup made one per statement). Entries of one index mostly
      // have one length, so this allocates once per cursor.
      buf = new Uint8Array(len);
      this.keyBuf = buf;
    }
    const start = cellKeyStart(p, off);
    // A byte loop, not set(subarray): keys are short.
    for (let i = 0; i < len; i++) buf[i] = p[start + i]!;
    this.keyLength = len;
    this.lastTid = cellTid(p, off);
    return buf;
  }

  /** Positions at the first entry of the range (or the last, backward). */
  private seekStart(): void {
    if (this.backward) {
      const b = this.upper;
      if (b === undefined) {
        this.moveTo(descend(this.pool, this.file, undefined, 0, false));
        this.pos = nodeCount(this.frame!.page) - 1;
      } else {
        this.moveTo(descend(this.pool, this.file, b.key, b.tid, b.prefix));
        this.pos = leafPosition(this.frame!.page, b.key, b.tid, b.prefix, false) - 1;
      }
    } else {
      const b = this.lower;
      if (b === undefined) {
        this.moveTo(readRoot(this.pool, this.file).firstLeaf);
        this.pos = 0;
      } else {
        // A unique check right after an insert in key order starts in the hinted leaf.
        const hinted = pinHintedLeaf(this.pool, this.file, this.hint, b.key, b.tid, b.prefix);
        if (hinted !== undefined) {
          this.frame = hinted;
          this.lsn = pageLsn(hinted.page);
          this.pos = appendPosition(hinted.page, b.key, b.tid, b.prefix, false);
        } else {
          this.moveTo(descend(this.pool, this.file, b.key, b.tid, b.prefix));
          this.pos = leafPosition(this.frame!.page, b.key, b.tid, b.prefix, false);
        }
      }
    }
  }

  /** Positions just after (backward: before) the last entry returned, which may have moved. */
  private seekAfterLast(): void {
    const key = this.keyBuf.subarray(0, this.keyLength);
    this.moveTo(descend(this.pool, this.file, key, this.lastTid, false));
    const p = this.frame!.page;
    this.pos = this.backward
      ? leafPosition(p, key, this.lastTid, false, false) - 1
      : leafPosition(p, key, this.lastTid, false, true);
  }

  /** Pins leaf `pageNo` in place of the current one. */
  private moveTo(pageNo: number): void {
    if (this.frame !== undefined) this.pool.unpin(this.frame);
    this.frame = undefined;
    const frame = this.pool.pin(this.file, pageNo);
    if (!isNodePage(frame.page) || !isLeaf(frame.page)) {
      this.pool.unpin(frame);
      throw corruptIndex(this.file, pageNo, 'is not a B+tree leaf');
    }
    this.frame = frame;
    this.lsn = pageLsn(frame.page);
  }
}
