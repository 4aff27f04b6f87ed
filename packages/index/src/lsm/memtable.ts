/**
 * Memtable: the LSM tree's write buffer, a sorted array holding, for each (key, tid) written
 * since the last flush, the sum of its operations (+1 per insert, -1 per delete). It lives in
 * memory; its durable form is the log of operations on the memtable pages (lsm-page.ts),
 * replayed into a new Memtable when the tree opens.
 *
 * A delete of an entry that is in a run leaves a count of -1 here: the tombstone that hides
 * it. An insert and a delete of the same entry cancel out, and the entry leaves the array.
 */
import { type Probe, compareToProbe } from './entry-order.js';

/** One (key, tid) and the net count of its operations since the last flush (never 0). */
export interface MemtableEntry {
  /** Owned by the memtable; never changed. */
  readonly key: Uint8Array;
  readonly tid: number;
  count: number;
}

/** See the file comment. Synchronous. */
export class Memtable {
  /** Sorted by (key, tid); shared with cursors, which seek again after any write. */
  readonly entries: MemtableEntry[] = [];

  /** Adds `delta` (+1 insert, -1 delete) to (key, tid)'s count; copies `key` when new. */
  apply(key: Uint8Array, tid: number, delta: number): void {
    const probe: Probe = { key, tid, prefix: false };
    const i = this.position(probe, false);
    const e = this.entries[i];
    if (e === undefined || compareToProbe(e.key, 0, e.key.length, e.tid, probe) !== 0) {
      this.entries.splice(i, 0, { key: key.slice(), tid, count: delta });
    } else if (e.count + delta === 0) {
      this.entries.splice(i, 1);
    } else {
      e.count += delta;
    }
  }

  /** The net count of exactly (key, tid) in the memtable (0 when it has none). */
  count(key: Uint8Array, tid: number): number {
    const probe: Probe = { key, tid, prefix: false };
    const e = this.entries[this.position(probe, false)];
    return e !== undefined && compareToProbe(e.key, 0, e.key.length, e.tid, probe) === 0 ? e.count : 0;
  }

  /** The first index whose entry is >= `probe` (> when `strict`), or the length. */
  position(probe: Probe, strict: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    const limit = strict ? 0 : -1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid]!;
      if (compareToProbe(e.key, 0, e.key.length, e.tid, probe) <= limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forgets every entry (after a flush or a truncate). */
  clear(): void {
    this.entries.length = 0;
  }
}
