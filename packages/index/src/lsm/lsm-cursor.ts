/**
 * LsmCursor: a range scan of an LSM tree, forward or backward, merging the memtable and every
 * run (merge-iterator.ts): each (key, tid) comes back as many times as its summed count says
 * (once, in practice), and not at all when the sum is 0 or less (a tombstone hid it). It pins no page between two `next()` calls
 * and copies each key into its own buffer, so a returned key stays valid until the next call.
 *
 * Writes may run between two `next()` calls, and a write may flush the memtable or merge runs
 * (freeing their pages for reuse). Every write bumps the tree's version; a cursor that sees the
 * version move builds new sources over the tree as it now is and seeks them just past (before,
 * backward) the last entry it returned (or at it, to finish its copies). Entries inserted
 * behind the cursor are not seen;
 * entries inserted ahead are, as with the B+tree.
 */
import { type Tid, unpackTid } from '@rustydb/common';
import type { IndexCursor, KeyRange } from '../index-method.js';
import { type Probe, compareToProbe, lowerProbe, upperProbe } from './entry-order.js';
import type { LsmTree } from './lsm-tree.js';
import { MergeIterator } from './merge-iterator.js';

/** See the file comment. Made by `LsmTree.scan`. */
export class LsmCursor implements IndexCursor {
  private readonly lower: Probe | undefined;
  private readonly upper: Probe | undefined;
  private merged: MergeIterator | undefined;
  private version = 0;
  private started = false;
  private done = false;
  /** The last entry returned: its key (first `keyLength` bytes) and packed tid. */
  private keyBuf = new Uint8Array(64);
  private keyLength = 0;
  private lastTid = 0;
  /** Copies of the last entry still to return, and already returned. */
  private pending = 0;
  private returned = 0;
  /** After a seek at the last entry: copies of it already returned, to skip. */
  private skip = 0;

  /** @internal Use `LsmTree.scan`. `onClose` runs once, at `close()`. */
  constructor(
    private readonly tree: LsmTree,
    range: KeyRange | undefined,
    private readonly backward: boolean,
    private readonly onClose: () => void,
  ) {
    this.lower = range?.lower ? lowerProbe(range.lower) : undefined;
    this.upper = range?.upper ? upperProbe(range.upper) : undefined;
  }

  /**
   * The next entry, or undefined at the end of the range. `key` is valid until the next call;
   * `tid` is the caller's to keep. Synchronous.
   * @throws DbError XX002 when a run's page is not a data page.
   */
  next(): { readonly key: Uint8Array; readonly tid: Tid } | undefined {
    if (this.done) return undefined;
    if (!this.started) {
      this.started = true;
      this.seek(this.backward ? this.upper : this.lower, false);
    } else if (this.tree.version !== this.version) {
      // Seek at the last entry (not past it) when it may have copies left to return.
      const probe = { key: this.keyBuf.subarray(0, this.keyLength), tid: this.lastTid, prefix: false };
      this.skip = this.pending > 0 ? this.returned : 0;
      this.seek(probe, this.pending === 0);
    } else if (this.pending > 0) {
      return this.repeat();
    }
    const m = this.merged!;
    while (m.next()) {
      if (this.backward) {
        const b = this.lower;
        if (b !== undefined && compareToProbe(m.buf, m.start, m.length, m.tid, b) <= 0) return this.finish();
      } else {
        const b = this.upper;
        if (b !== undefined && compareToProbe(m.buf, m.start, m.length, m.tid, b) >= 0) return this.finish();
      }
      let count = m.count;
      if (this.skip > 0) {
        const same = m.tid === this.lastTid && sameKey(m.buf, m.start, m.length, this.keyBuf, this.keyLength);
        if (same) count -= this.skip;
        this.skip = 0;
      }
      if (count <= 0) continue;
      const key = this.remember(m.buf, m.start, m.length, m.tid);
      this.pending = count - 1;
      this.returned = 1;
      return { key, tid: unpackTid(m.tid) };
    }
    return this.finish();
  }

  /** One more copy of the last entry (an entry inserted more than once). */
  private repeat(): { readonly key: Uint8Array; readonly tid: Tid } {
    this.pending--;
    this.returned++;
    return { key: this.keyBuf.subarray(0, this.keyLength), tid: unpackTid(this.lastTid) };
  }

  /** Ends the scan. Idempotent. */
  close(): void {
    this.merged = undefined;
    if (!this.done) {
      this.done = true;
      this.onClose();
    }
  }

  private finish(): undefined {
    this.close();
    return undefined;
  }

  /** Builds sources over the tree as it is now, positioned at `probe` (see EntrySource.seek). */
  private seek(probe: Probe | undefined, strict: boolean): void {
    const sources = this.tree.sources(this.backward);
    for (const s of sources) s.seek(probe, strict);
    this.merged = new MergeIterator(sources, this.backward);
    this.version = this.tree.version;
  }

  /** Copies the entry's key into keyBuf and its tid into lastTid; returns a view of the key. */
  private remember(buf: Uint8Array, start: number, length: number, tid: number): Uint8Array {
    if (length > this.keyBuf.length) this.keyBuf = new Uint8Array(Math.max(length, this.keyBuf.length * 2));
    this.keyBuf.set(buf.subarray(start, start + length));
    this.keyLength = length;
    this.lastTid = tid;
    return this.keyBuf.subarray(0, length);
  }
}

function sameKey(a: Uint8Array, aStart: number, aLen: number, b: Uint8Array, bLen: number): boolean {
  if (aLen !== bLen) return false;
  for (let i = 0; i < aLen; i++) if (a[aStart + i] !== b[i]) return false;
  return true;
}
