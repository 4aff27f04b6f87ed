/**
 * AscendingEntries: index entries (key, packed tid) collected in strictly ascending key order,
 * handed to an index that adds such a run in one pass (`Index.insertAscending`): a B+tree appends
 * the entries that land after its last one to its rightmost leaf with one pin and one log call
 * per leaf, instead of a leaf search, a pin and a log call per entry.
 *
 * WHY. A multi-row INSERT in key order (a bulk load with a serial or ascending primary key) adds
 * each row's entry past the tree's last one. The executor collects one input batch's entries here
 * (constraints.ts, `TableWriter`) and adds them after the batch's heap inserts, in the same WAL
 * page batch.
 *
 * Layout: the keys back to back in one byte arena, their ends and tids in typed arrays. Reused:
 * `clear` keeps the arrays, so a run allocates nothing once they have grown.
 */

/**
 * The longest key a run takes (`push` refuses longer ones): far below the B+tree's largest entry
 * (btree.ts BTREE_MAX_ITEM_SIZE), so an appended entry never needs its size check.
 */
export const ASCENDING_MAX_KEY = 1024;

/** See the file comment. Synchronous. */
export class AscendingEntries {
  // Small at first (a writer may make one per execution): a bulk load grows them once.
  #keys = new Uint8Array(1024);
  #ends = new Int32Array(64);
  #tids = new Float64Array(64);
  #length = 0;

  /** Entries held. */
  get length(): number {
    return this.#length;
  }

  /** The arena holding the keys: entry i's key is `keys[keyStart(i), keyEnd(i))`. */
  get keys(): Uint8Array {
    return this.#keys;
  }

  keyStart(i: number): number {
    return i === 0 ? 0 : this.#ends[i - 1]!;
  }

  keyEnd(i: number): number {
    return this.#ends[i]!;
  }

  /** Entry i's tid, packed (common's packTid). */
  packedTid(i: number): number {
    return this.#tids[i]!;
  }

  /**
   * Adds a copy of (key, tid) when `key` sorts strictly after the last entry's key (bytewise, a
   * prefix first: the B+tree's order) and is at most ASCENDING_MAX_KEY bytes long; else adds
   * nothing and returns false (the caller inserts that entry on its own).
   */
  push(key: Uint8Array, packedTid: number): boolean {
    const n = this.#length;
    const len = key.length;
    if (len > ASCENDING_MAX_KEY) return false;
    const start = n === 0 ? 0 : this.#ends[n - 1]!;
    if (n > 0 && !this.#after(key, n - 1)) return false;
    if (start + len > this.#keys.length) {
      const bigger = new Uint8Array(Math.max(this.#keys.length * 2, start + len));
      bigger.set(this.#keys.subarray(0, start));
      this.#keys = bigger;
    }
    if (n === this.#ends.length) {
      const ends = new Int32Array(n * 2);
      ends.set(this.#ends);
      this.#ends = ends;
      const tids = new Float64Array(n * 2);
      tids.set(this.#tids);
      this.#tids = tids;
    }
    const keys = this.#keys;
    for (let k = 0; k < len; k++) keys[start + k] = key[k]!;
    this.#ends[n] = start + len;
    this.#tids[n] = packedTid;
    this.#length = n + 1;
    return true;
  }

  /** Would `key` extend the run: is the run empty, or does `key` sort after its last key? */
  follows(key: Uint8Array): boolean {
    return this.#length === 0 || this.#after(key, this.#length - 1);
  }

  /** Empties the run, keeping its arrays. */
  clear(): void {
    this.#length = 0;
  }

  /** Does `key` sort strictly after entry i's key? */
  #after(key: Uint8Array, i: number): boolean {
    const keys = this.#keys;
    const start = i === 0 ? 0 : this.#ends[i - 1]!;
    const len = this.#ends[i]! - start;
    const m = Math.min(len, key.length);
    for (let k = 0; k < m; k++) {
      const d = key[k]! - keys[start + k]!;
      if (d !== 0) return d > 0;
    }
    return key.length > len;
  }
}
