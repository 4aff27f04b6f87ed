import { fileId, sqlType, type Tid } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { leafHolds } from './btree-leaf-hint.js';
import { cellOffset, NO_PAGE, nodeCount, rightSibling } from './btree-page.js';
import {
  appendPosition,
  compareCell,
  descend,
  leafPosition,
  readRoot,
  TID_MAX,
  TID_MIN,
} from './btree-search.js';
import { checkBTree } from './check-btree.js';
import { compareKeys, encodeKey } from './key-encoding.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16500);
const TYPES = [sqlType('text'), sqlType('int4')];
/** Padded keys: about 100 entries per leaf, so a few thousand make a three-level tree. */
const keyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(50)}`, v], TYPES);

interface Entry {
  key: Uint8Array;
  tid: Tid;
}

function scanAll(tree: BTree, lower?: Uint8Array): string[] {
  const range = lower
    ? { lower: { key: lower, inclusive: true }, upper: { key: lower, inclusive: true } }
    : undefined;
  const out: string[] = [];
  const cursor = tree.scan(range);
  for (let e = cursor.next(); e !== undefined; e = cursor.next())
    out.push(`${Buffer.from(e.key).toString('hex')}@${e.tid.page}`);
  cursor.close();
  return out;
}

describe('B+tree leaf hint', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(32);
  });
  afterEach(() => bed.destroy());

  it('says a leaf holds a probe only when the descent reaches that leaf', () => {
    const tree = BTree.create(bed.ctx, FILE, 'hint_idx');
    for (let v = 0; v < 3000; v++) tree.insert(keyOf(v * 2), { page: v, slot: 1 });
    expect(tree.height()).toBeGreaterThanOrEqual(2);
    const leaves: number[] = [];
    for (let pageNo = readRoot(bed.pool, FILE).firstLeaf; pageNo !== NO_PAGE; ) {
      leaves.push(pageNo);
      const f = bed.pool.pin(FILE, pageNo);
      pageNo = rightSibling(f.page);
      bed.pool.unpin(f);
    }
    expect(leaves.length).toBeGreaterThan(20);
    let held = 0;
    for (let v = -1; v < 6100; v += 7) {
      const key = keyOf(v);
      const target = descend(bed.pool, FILE, key, TID_MIN, false);
      for (const pageNo of leaves) {
        const f = bed.pool.pin(FILE, pageNo);
        const holds = leafHolds(f.page, key, TID_MIN, false);
        const inside =
          compareCell(f.page, cellOffset(f.page, 0), key, TID_MIN, false) < 0 &&
          compareCell(f.page, cellOffset(f.page, nodeCount(f.page) - 1), key, TID_MIN, false) > 0;
        bed.pool.unpin(f);
        if (holds) {
          held++;
          expect(pageNo).toBe(target);
        }
        // Strictly between a leaf's first and last entry always holds.
        if (inside) expect(holds).toBe(true);
      }
    }
    expect(held).toBeGreaterThan(700);
    // The rightmost leaf holds every probe past its first entry; the meta page holds none.
    const last = descend(bed.pool, FILE, undefined, 0, false);
    const frame = bed.pool.pin(FILE, last);
    expect(leafHolds(frame.page, keyOf(999_999), TID_MAX, false)).toBe(true);
    bed.pool.unpin(frame);
    const meta = bed.pool.pin(FILE, 0);
    expect(leafHolds(meta.page, keyOf(10), TID_MIN, false)).toBe(false);
    bed.pool.unpin(meta);
  });

  it('keeps the tree ordered under ascending, descending and random inserts mixed with deletes', () => {
    const tree = BTree.create(bed.ctx, FILE, 'hint_idx');
    const rng = seededRandom(7);
    const live = new Map<string, Entry>();
    const add = (v: number, slot: number): void => {
      const e = { key: keyOf(v), tid: { page: v, slot } };
      tree.insert(e.key, e.tid);
      live.set(`${v}/${slot}`, e);
    };
    for (let v = 0; v < 4000; v++) add(v, 1); // ascending: the hint's fast path
    for (let v = 9000; v > 8000; v--) add(v, 1); // descending: the hint misses, descends
    for (let i = 0; i < 3000; i++) add(rng.int(0, 10_000), 2 + i); // random
    // Deletes empty and merge leaves (the hinted one among them), then inserts go on.
    for (const [name, e] of [...live.entries()]) {
      if (rng.next() < 0.7) {
        expect(tree.delete(e.key, e.tid)).toBe(true);
        live.delete(name);
      }
    }
    for (let v = 10_000; v < 11_000; v++) add(v, 1);
    for (let i = 0; i < 500; i++) add(rng.int(0, 11_000), 10_000 + i);

    const stats = checkBTree(bed.pool, FILE);
    expect(stats.entries).toBe(live.size);
    const sorted = [...live.values()].sort(
      (a, b) => compareKeys(a.key, b.key) || a.tid.page - b.tid.page || a.tid.slot - b.tid.slot,
    );
    expect(scanAll(tree)).toEqual(sorted.map((e) => `${Buffer.from(e.key).toString('hex')}@${e.tid.page}`));
    // Exact-key scans (the unique check's shape) start in the hinted leaf when it holds them.
    for (let i = 0; i < 200; i++) {
      const v = rng.int(0, 11_000);
      const want = sorted
        .filter((e) => compareKeys(e.key, keyOf(v)) === 0)
        .map((e) => `${Buffer.from(e.key).toString('hex')}@${e.tid.page}`);
      expect(scanAll(tree, keyOf(v))).toEqual(want);
    }
  });

  it('does not trust a hinted page that was truncated away', () => {
    const tree = BTree.create(bed.ctx, FILE, 'hint_idx');
    for (let v = 0; v < 2000; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    tree.truncate();
    for (let v = 0; v < 50; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    expect(checkBTree(bed.pool, FILE).entries).toBe(50);
    expect(scanAll(tree, keyOf(10))).toHaveLength(1);
  });

  it('finds the same leaf position with and without the append probe (lookups skip it)', () => {
    const tree = BTree.create(bed.ctx, FILE, 'pos_idx');
    for (let v = 0; v < 3000; v++) tree.insert(keyOf(v * 2), { page: v + 1, slot: 1 });
    // The first slot comparing above the probe, by a linear walk: what both must answer.
    const linear = (p: Uint8Array, key: Uint8Array, tid: number, prefix: boolean, strict: boolean) => {
      const n = nodeCount(p);
      let i = 0;
      while (i < n && compareCell(p, cellOffset(p, i), key, tid, prefix) <= (strict ? 0 : -1)) i++;
      return i;
    };
    let checked = 0;
    for (let v = -1; v < 6002; v += 3) {
      const key = keyOf(v);
      const f = bed.pool.pin(FILE, descend(bed.pool, FILE, key, TID_MIN, false));
      for (const tid of [TID_MIN, (v >> 1) * 0x10000 + 1, TID_MAX]) {
        for (const strict of [false, true]) {
          for (const prefix of [false, true]) {
            const want = linear(f.page, key, tid, prefix, strict);
            expect(leafPosition(f.page, key, tid, prefix, strict)).toBe(want);
            expect(appendPosition(f.page, key, tid, prefix, strict)).toBe(want);
            checked++;
          }
        }
      }
      bed.pool.unpin(f);
    }
    expect(checked).toBeGreaterThan(20000);
  });
});
