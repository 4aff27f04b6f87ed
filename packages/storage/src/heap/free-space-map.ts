/**
 * FreeSpaceMap: which pages of one heap file have room, so an insert can go to an earlier page
 * VACUUM freed instead of growing the file (PostgreSQL's FSM, kept in memory).
 *
 * A max segment tree over the pages: leaf i holds the free bytes last recorded for page i, each
 * inner node the largest value below it. `find(need)` descends to the lowest page with at least
 * `need` bytes in O(log pages), preferring low pages so a table fills from the front and its tail
 * can be truncated.
 *
 * The values are hints, as in PostgreSQL: the heap records a page's free space when vacuum visits
 * it and when an insert finds it full, and always checks the page itself before using it. A page
 * never recorded counts as full.
 *
 * NB: not persisted. After a restart the map is empty until VACUUM (or autovacuum) visits the
 * table; until then inserts go to the last page or a new one. PostgreSQL keeps its FSM in a fork
 * that is not WAL-logged either and is rebuilt by vacuum when lost.
 */

/** See the file comment. Synchronous; grows as pages are recorded. */
export class FreeSpaceMap {
  /** Leaves at [capacity, 2 * capacity); node i's children at 2i and 2i + 1; [1] is the root. */
  private tree = new Uint16Array(2);
  private capacity = 1;

  /** Records `free` bytes (0 … 65535) for `page`. */
  set(page: number, free: number): void {
    if (page >= this.capacity) this.grow(page + 1);
    let i = this.capacity + page;
    const tree = this.tree;
    tree[i] = free;
    for (i >>= 1; i >= 1; i >>= 1) {
      const max = Math.max(tree[2 * i]!, tree[2 * i + 1]!);
      if (tree[i] === max) break;
      tree[i] = max;
    }
  }

  /** The free bytes recorded for `page` (0 if never recorded). */
  get(page: number): number {
    return page < this.capacity ? this.tree[this.capacity + page]! : 0;
  }

  /** The lowest page recorded with at least `need` free bytes, or -1. */
  find(need: number): number {
    const tree = this.tree;
    if (tree[1]! < need) return -1;
    let i = 1;
    while (i < this.capacity) i = tree[2 * i]! >= need ? 2 * i : 2 * i + 1;
    return i - this.capacity;
  }

  /** Forgets pages `pages` and beyond (the file was truncated to `pages` pages). */
  truncate(pages: number): void {
    for (let p = pages; p < this.capacity; p++) if (this.get(p) !== 0) this.set(p, 0);
  }

  private grow(pages: number): void {
    let capacity = this.capacity;
    while (capacity < pages) capacity *= 2;
    const tree = new Uint16Array(2 * capacity);
    tree.set(this.tree.subarray(this.capacity, 2 * this.capacity), capacity);
    for (let i = capacity - 1; i >= 1; i--) tree[i] = Math.max(tree[2 * i]!, tree[2 * i + 1]!);
    this.tree = tree;
    this.capacity = capacity;
  }
}
