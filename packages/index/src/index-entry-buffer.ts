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
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    let sorted = true;
    for (let i = 1; i < this.n && sorted; i++) sorted = this.compare(i - 1, i) <= 0;
    if (!sorted) order.sort((a, b) => this.compare(a, b));
    this.order = order;
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
