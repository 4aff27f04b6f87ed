import { fileId, sqlType } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { META_PAGE } from './btree-page.js';
import { descend, TID_MIN } from './btree-search.js';
import { encodeKey } from './key-encoding.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16600);
const TYPES = [sqlType('int4')];
const keyOf = (v: number): Uint8Array => encodeKey([v], TYPES);

/** The tids the tree holds for key `v` (one per entry). */
function lookup(tree: BTree, v: number): number[] {
  const key = keyOf(v);
  const cursor = tree.scan({ lower: { key, inclusive: true }, upper: { key, inclusive: true } });
  const pages: number[] = [];
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) pages.push(e.tid.page);
  cursor.close();
  return pages;
}

/** Pins a call makes (hits and misses of the pool). */
function pinsOf(bed: TestBed, fn: () => void): number {
  const before = bed.pool.stats.hits + bed.pool.stats.misses;
  fn();
  return bed.pool.stats.hits + bed.pool.stats.misses - before;
}

describe('B+tree descent: the meta page read in place', () => {
  let bed: TestBed;
  afterEach(() => bed.destroy());

  it('pins only the internal pages on the way down once the pool has the meta page', () => {
    bed = TestBed.create(64);
    const tree = BTree.create(bed.ctx, FILE, 'peek_idx');
    for (let v = 0; v < 5000; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    const height = tree.height();
    expect(height).toBeGreaterThanOrEqual(2);
    descend(bed.pool, FILE, keyOf(1), TID_MIN, false);
    // Root to the leaf's parent: height - 1 pins, none of the meta page (the leaf is the caller's).
    expect(pinsOf(bed, () => descend(bed.pool, FILE, keyOf(4321), TID_MIN, false))).toBe(height - 1);
  });

  it('finds every key while the root splits, after truncate, and after a crash and redo', async () => {
    bed = TestBed.create(64);
    let tree = BTree.create(bed.ctx, FILE, 'peek_idx');
    const heights = new Set<number>();
    // Lookups between inserts see each new root as soon as the split that made it.
    for (let v = 0; v < 6000; v++) {
      tree.insert(keyOf(v), { page: v, slot: 1 });
      if (v % 97 === 0) {
        heights.add(tree.height());
        expect(lookup(tree, v)).toEqual([v]);
        expect(lookup(tree, v >> 1)).toEqual([v >> 1]);
        expect(lookup(tree, v + 1)).toEqual([]);
      }
    }
    expect(heights.size).toBeGreaterThanOrEqual(2);
    tree.truncate();
    expect(tree.height()).toBe(1);
    expect(lookup(tree, 10)).toEqual([]);
    tree.insert(keyOf(10), { page: 77, slot: 1 });
    expect(lookup(tree, 10)).toEqual([77]);
    for (let v = 0; v < 3000; v++) tree.insert(keyOf(100_000 + v), { page: v, slot: 2 });
    // The WAL durable (a commit would flush it); the pages not written: redo rebuilds the tree.
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    tree = BTree.open(bed.ctx, FILE, 'peek_idx');
    expect(lookup(tree, 10)).toEqual([77]);
    expect(lookup(tree, 100_000 + 2999)).toEqual([2999]);
    expect(lookup(tree, 5)).toEqual([]);
  });

  it('pins the meta page again when the pool evicted it', () => {
    bed = TestBed.create(8);
    const tree = BTree.create(bed.ctx, FILE, 'peek_idx');
    for (let v = 0; v < 3000; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    // Other pages through an 8-frame pool push the meta page out.
    const other = fileId(16601);
    for (let p = 0; p < 16; p++) bed.pool.unpin(bed.pool.pinNew(other));
    expect(bed.pool.peek(FILE, META_PAGE)).toBeUndefined();
    expect(lookup(tree, 1234)).toEqual([1234]);
    expect(bed.pool.peek(FILE, META_PAGE)).toBeDefined();
  });
});
