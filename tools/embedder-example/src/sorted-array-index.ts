/**
 * SortedArrayIndex: an embedder's ordered Index, `CREATE INDEX … USING sorted`. Entries are kept
 * in one array sorted by (key, tid); lookups and range bounds are binary searches, inserts and
 * deletes splice. O(n) per change: an example of the contract, not a production structure.
 *
 * Keys are the engine's order-preserving byte strings, so comparing them bytewise
 * (`compareKeys`) orders them as SQL orders the values: the index never decodes a key. Duplicate
 * keys are normal (several versions of a row, or a non-unique index); uniqueness is the engine's
 * check, made against visibility, never the index's.
 */
import {
  compareKeys,
  type Index,
  type IndexCursor,
  type KeyBound,
  type KeyRange,
  type Tid,
} from '@rustydb/engine';

interface Entry {
  readonly key: Uint8Array;
  readonly tid: Tid;
}

const compareTids = (a: Tid, b: Tid): number => a.page - b.page || a.slot - b.slot;

/** Does `key` start with `prefix`? */
function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

/** An in-memory ordered index. Synchronous; owns copies of its keys. */
export class SortedArrayIndex implements Index {
  readonly method = 'sorted';
  private entries: Entry[] = [];

  /** Adds (key, tid), keeping (key, tid) order. */
  insert(key: Uint8Array, tid: Tid): void {
    const at = this.firstNotBefore(key, tid);
    const next = this.entries.slice();
    next.splice(at, 0, { key: key.slice(), tid: { page: tid.page, slot: tid.slot } });
    this.entries = next;
  }

  /** Removes the exact (key, tid) entry; returns whether it was there. */
  delete(key: Uint8Array, tid: Tid): boolean {
    const at = this.firstNotBefore(key, tid);
    const e = this.entries[at];
    if (e === undefined || compareKeys(e.key, key) !== 0 || compareTids(e.tid, tid) !== 0) return false;
    const next = this.entries.slice();
    next.splice(at, 1);
    this.entries = next;
    return true;
  }

  /**
   * Entries within `range` in (key, tid) order, or reverse when `backward`. Changes copy the
   * array (copy-on-write), so an open cursor reads the entries as they were when it opened: the
   * engine may insert while it scans (INSERT … SELECT, UPDATE of a key column).
   */
  scan(range: KeyRange = {}, backward = false): IndexCursor {
    const entries = this.entries;
    const from = range.lower ? this.lowerPosition(range.lower) : 0;
    const to = range.upper ? this.upperPosition(range.upper) : entries.length;
    let i = backward ? to - 1 : from;
    let open = true;
    return {
      next: () => {
        if (!open || i < from || i >= to) return undefined;
        const e = entries[backward ? i-- : i++];
        return e;
      },
      close: () => {
        open = false;
      },
    };
  }

  truncate(): void {
    this.entries = [];
  }

  /** Pseudo-pages of about 8 KiB of entries (key plus 16 bytes), for the cost model. */
  pageCount(): number {
    let bytes = 0;
    for (const e of this.entries) bytes += e.key.length + 16;
    return Math.ceil(bytes / 8192);
  }

  /** The first position whose entry is ≥ (key, tid). */
  private firstNotBefore(key: Uint8Array, tid: Tid): number {
    return this.search((e) => (compareKeys(e.key, key) || compareTids(e.tid, tid)) < 0);
  }

  /** The first position inside a lower bound. */
  private lowerPosition(b: KeyBound): number {
    if (b.inclusive) return this.search((e) => compareKeys(e.key, b.key) < 0);
    // Exclusive: skip the key itself, and with `prefix` every key starting with it.
    return this.search(
      (e) => compareKeys(e.key, b.key) <= 0 || (b.prefix === true && startsWith(e.key, b.key)),
    );
  }

  /** The first position past an upper bound. */
  private upperPosition(b: KeyBound): number {
    if (!b.inclusive) return this.search((e) => compareKeys(e.key, b.key) < 0);
    // Inclusive: the key itself, and with `prefix` every key starting with it.
    return this.search(
      (e) => compareKeys(e.key, b.key) <= 0 || (b.prefix === true && startsWith(e.key, b.key)),
    );
  }

  /** The first position where `before` is false; `before` must be true on a prefix of entries. */
  private search(before: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
