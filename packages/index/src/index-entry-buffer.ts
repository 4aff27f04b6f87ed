/**
 * IndexEntryBuffer: the (key, tid) entries of a CREATE INDEX, collected in memory and sorted,
 * for an index method that builds bottom-up (`Index.bulkLoad`) instead of inserting one entry at
 * a time.
 *
 * Layout: all keys back to back in one growing byte arena, and per entry its key's offset and
 * length and its packed tid in typed arrays: about 16 bytes per entry plus the key bytes, and no
 * object per entry, so a million entries cost a few allocations rather than a million.
 *
 * Sorting orders entries by (key bytes, tid), the B+tree's order. It first checks whether the
 * entries already are in order (a table loaded in key order, such as pgbench's, whose heap scan
 * yields ascending keys with ascending tids) and then does not sort at all.
 *
 * NB: in memory only, up to `budgetBytes`; `add` answers false past it and the caller falls back
 * to inserting entry by entry (no spilling to disk).
 */
import { assert, packTid, type Tid, unpackTid } from '@rustydb/common';

/** Default memory budget of a buffer: PostgreSQL's maintenance_work_mem is 64 MiB; we allow more. */
export const DEFAULT_ENTRY_BUFFER_BUDGET = 256 * 1024 * 1024;

/** Bytes counted per entry on top of its key (offset, length, tid, flag, order). */
const PER_ENTRY = 4 + 4 + 8 + 1 + 4;

/** See the file comment. Synchronous; single use: add, then sort, then read. */
export class IndexEntryBuffer {
  private arena = new Uint8Array(64 * 1024);
  private arenaLen = 0;
  private offsets = new Uint32Array(1024);
  private lengths = new Uint32Array(1024);
  private tids = new Float64Array(1024);
  private exempt = new Uint8Array(1024);
  /** Entry numbers in sorted order (after `sort`); identity before. */
  private order: Uint32Array | undefined;
  private n = 0;

  constructor(private readonly budgetBytes = DEFAULT_ENTRY_BUFFER_BUDGET) {}

  /** Entries added. */
  get length(): number {
    return this.n;
  }

  /**
   * Adds an entry, copying `key`. `exempt`: the entry is never a duplicate for a unique check
   * (its key holds a NULL, or it is a version the check ignores: one its transaction does not
   * see). Returns false, adding nothing, when the buffer would exceed its budget.
   */
  add(key: Uint8Array, tid: Tid, exempt = false): boolean {
    if (this.arenaLen + key.length + (this.n + 1) * PER_ENTRY > this.budgetBytes) return false;
    if (this.n === this.offsets.length) this.growEntries();
    if (this.arenaLen + key.length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + key.length));
      bigger.set(this.arena.subarray(0, this.arenaLen));
      this.arena = bigger;
    }
    this.arena.set(key, this.arenaLen);
    this.offsets[this.n] = this.arenaLen;
    this.lengths[this.n] = key.length;
    this.tids[this.n] = packTid(tid.page, tid.slot);
    this.exempt[this.n] = exempt ? 1 : 0;
    this.arenaLen += key.length;
    this.n++;
    return true;
  }

  /** Orders the entries by (key, tid); a no-op pass when they already are. */
  sort(): void {
    const order = this.identity();
    if (!this.inOrder()) order.sort((a, b) => this.compare(a, b));
    this.order = order;
  }

  /**
   * `sort`, in pieces between which the caller may give other work a turn: runs of `runLength`
   * entries are sorted one by one, then merged pairwise, and `turn` is awaited whenever `due()`
   * says so (asked after each run and every 4,096 merged entries). The same order as `sort`
   * (the order is total: key, then tid). Async only through `turn`.
   */
  async sortInTurns(due: () => boolean, turn: () => Promise<void>, runLength = 1 << 16): Promise<void> {
    const n = this.n;
    let src = this.identity();
    if (this.inOrder()) {
      this.order = src;
      return;
    }
    const cmp = (a: number, b: number) => this.compare(a, b);
    for (let lo = 0; lo < n; lo += runLength) {
      src.subarray(lo, Math.min(n, lo + runLength)).sort(cmp);
      if (due()) await turn();
    }
    let dst: Uint32Array = new Uint32Array(n);
    for (let width = runLength; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = Math.min(n, lo + width);
        const hi = Math.min(n, lo + 2 * width);
        let i = lo;
        let j = mid;
        for (let k = lo; k < hi; k++) {
          dst[k] = j >= hi || (i < mid && this.compare(src[i]!, src[j]!) <= 0) ? src[i++]! : src[j++]!;
          if ((k & 4095) === 4095 && due()) await turn();
        }
      }
      [src, dst] = [dst, src];
    }
    this.order = src;
  }

  private identity(): Uint32Array {
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    return order;
  }

  /** Are the entries already in (key, tid) order, as added? */
  private inOrder(): boolean {
    for (let i = 1; i < this.n; i++) if (this.compare(i - 1, i) > 0) return false;
    return true;
  }

  /**
   * After `sort`: the first position i of a non-exempt entry whose key equals that of an earlier
   * non-exempt entry (a unique index's violation), or -1 when there is none. Exempt entries
   * between the two (same key, sorted by tid) do not hide the pair.
   */
  firstDuplicate(): number {
    const order = this.sorted();
    let prev = -1;
    for (let i = 0; i < this.n; i++) {
      const b = order[i]!;
      if (this.exempt[b]) continue;
      if (prev >= 0 && this.compareKeys(prev, b) === 0) return i;
      prev = b;
    }
    return -1;
  }

  /** After `sort`: the arena holding the keys (valid until the buffer is dropped). */
  get keys(): Uint8Array {
    return this.arena;
  }

  /** After `sort`: where the key of the i-th entry in order starts in `keys`. */
  keyStart(i: number): number {
    return this.offsets[this.sorted()[i]!]!;
  }

  /** After `sort`: the key length of the i-th entry in order. */
  keyLength(i: number): number {
    return this.lengths[this.sorted()[i]!]!;
  }

  /** After `sort`: the packed tid (common's packTid) of the i-th entry in order. */
  packedTid(i: number): number {
    return this.tids[this.sorted()[i]!]!;
  }

  /** After `sort`: the tid of the i-th entry in order. */
  tid(i: number): Tid {
    return unpackTid(this.packedTid(i));
  }

  private sorted(): Uint32Array {
    assert(this.order !== undefined, 'IndexEntryBuffer read before sort()');
    return this.order;
  }

  private compare(a: number, b: number): number {
    return this.compareKeys(a, b) || this.tids[a]! - this.tids[b]!;
  }

  private compareKeys(a: number, b: number): number {
    const arena = this.arena;
    const la = this.lengths[a]!;
    const lb = this.lengths[b]!;
    const oa = this.offsets[a]!;
    const ob = this.offsets[b]!;
    const n = Math.min(la, lb);
    for (let i = 0; i < n; i++) {
      const d = arena[oa + i]! - arena[ob + i]!;
      if (d !== 0) return d;
    }
    return la - lb;
  }

  private growEntries(): void {
    const size = this.offsets.length * 2;
    const grow = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.offsets = grow(this.offsets, (n) => new Uint32Array(n));
    this.lengths = grow(this.lengths, (n) => new Uint32Array(n));
    this.tids = grow(this.tids, (n) => new Float64Array(n));
    this.exempt = grow(this.exempt, (n) => new Uint8Array(n));
  }
}
