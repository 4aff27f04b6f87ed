import { fileId, sqlType } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { cellChild, cellOffset, NO_PAGE, nodeCount, nodeLevel, rightSibling } from './btree-page.js';
import {
  childSlot,
  compareCell,
  descend,
  interpolate,
  leafPosition,
  readRoot,
  TID_MAX,
  TID_MIN,
} from './btree-search.js';
import { checkBTree } from './check-btree.js';
import { encodeKey } from './key-encoding.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16700);
const INT = [sqlType('int4')];
const TEXT = [sqlType('text')];

/** The first slot of [lo, n) comparing above `limit`, by a linear walk: what a search must answer. */
function linear(p: Uint8Array, key: Uint8Array, tid: number, prefix: boolean, limit: number, lo = 0): number {
  const n = nodeCount(p);
  let i = lo;
  while (i < n && compareCell(p, cellOffset(p, i), key, tid, prefix) <= limit) i++;
  return i;
}

/** Every page of the tree at `level` (0: the leaves), left to right, found from the root. */
function pagesAt(bed: TestBed, level: number): number[] {
  const { root, height } = readRoot(bed.pool, FILE);
  const out: number[] = [];
  const walk = (pageNo: number, l: number) => {
    if (l === level) {
      out.push(pageNo);
      return;
    }
    const f = bed.pool.pin(FILE, pageNo);
    const children: number[] = [];
    for (let i = 0; i < nodeCount(f.page); i++) children.push(cellChild(f.page, cellOffset(f.page, i)));
    bed.pool.unpin(f);
    for (const c of children) walk(c, l - 1);
  };
  walk(root, height - 1);
  return out;
}

describe('B+tree node search from an interpolated guess', () => {
  let bed: TestBed;
  afterEach(() => bed.destroy());

  // Evenly spread, skewed, clustered and duplicate-heavy keys; ints and texts of mixed lengths.
  const random = seededRandom(7);
  const cases: Array<[string, () => Uint8Array[]]> = [
    ['serial ints', () => Array.from({ length: 4000 }, (_, i) => encodeKey([i + 1], INT))],
    ['sparse ints', () => Array.from({ length: 4000 }, (_, i) => encodeKey([i * 977 - 2_000_000], INT))],
    ['squares', () => Array.from({ length: 3000 }, (_, i) => encodeKey([i * i - 4_000_000], INT))],
    [
      'random ints',
      () =>
        Array.from({ length: 4000 }, () => encodeKey([Math.floor(random.next() * 2 ** 31) - 2 ** 30], INT)),
    ],
    ['few distinct', () => Array.from({ length: 3000 }, (_, i) => encodeKey([i % 7], INT))],
    [
      'texts',
      () =>
        Array.from({ length: 3000 }, (_, i) => encodeKey([`${'ab'.repeat(i % 13)}${i.toString(36)}`], TEXT)),
    ],
  ];

  for (const [name, make] of cases) {
    it(`answers as a linear walk, in leaves and internal nodes: ${name}`, () => {
      bed = TestBed.create(64);
      const tree = BTree.create(bed.ctx, FILE, 'interp_idx');
      const keys = make();
      for (let i = 0; i < keys.length; i++) tree.insert(keys[i]!, { page: i + 1, slot: 1 });
      expect(checkBTree(bed.pool, FILE).entries).toBe(keys.length);
      const probes = [
        ...keys.filter((_, i) => i % 5 === 0),
        encodeKey([-(2 ** 31)], INT),
        encodeKey([2 ** 31 - 1], INT),
      ];
      probes.push(encodeKey(['zzz'], TEXT), encodeKey([''], TEXT), new Uint8Array(0));
      let checked = 0;
      for (const key of probes) {
        const f = bed.pool.pin(FILE, descend(bed.pool, FILE, key, TID_MIN, false));
        for (const tid of [TID_MIN, 0x10000 * 3 + 1, TID_MAX]) {
          for (const prefix of [false, true]) {
            for (const strict of [false, true]) {
              const want = linear(f.page, key, tid, prefix, strict ? 0 : -1);
              expect(leafPosition(f.page, key, tid, prefix, strict)).toBe(want);
              checked++;
            }
          }
        }
        bed.pool.unpin(f);
      }
      const { height } = readRoot(bed.pool, FILE);
      expect(height).toBeGreaterThanOrEqual(2);
      for (const pageNo of pagesAt(bed, 1)) {
        const f = bed.pool.pin(FILE, pageNo);
        expect(nodeLevel(f.page)).toBe(1);
        for (const key of probes.slice(0, 200)) {
          for (const tid of [TID_MIN, TID_MAX]) {
            expect(childSlot(f.page, key, tid, false)).toBe(
              Math.max(0, linear(f.page, key, tid, false, 0, 1) - 1),
            );
          }
        }
        bed.pool.unpin(f);
      }
      expect(checked).toBeGreaterThan(1000);
      // Every key is found by a lookup.
      for (let i = 0; i < keys.length; i += 37) {
        const cursor = tree.scan({
          lower: { key: keys[i]!, inclusive: true },
          upper: { key: keys[i]!, inclusive: true },
        });
        const pages: number[] = [];
        for (let e = cursor.next(); e !== undefined; e = cursor.next()) pages.push(e.tid.page);
        cursor.close();
        expect(pages).toContain(i + 1);
      }
    });
  }

  it('guesses the exact slot of a key in a leaf of serial ints', () => {
    bed = TestBed.create(64);
    const tree = BTree.create(bed.ctx, FILE, 'interp_idx');
    for (let i = 1; i <= 5000; i++) tree.insert(encodeKey([i], INT), { page: i, slot: 1 });
    let leaves = 0;
    for (let pageNo = readRoot(bed.pool, FILE).firstLeaf; pageNo !== NO_PAGE; leaves++) {
      const f = bed.pool.pin(FILE, pageNo);
      const n = nodeCount(f.page);
      for (let slot = 0; slot < n; slot += 7) {
        const key = encodeKey([cellOffsetKey(f.page, slot)], INT);
        expect(interpolate(f.page, key, 0, n)).toBe(slot);
      }
      pageNo = rightSibling(f.page);
      bed.pool.unpin(f);
    }
    expect(leaves).toBeGreaterThan(5);
  });
});

/** The int4 key of a leaf slot of the serial-ints tree: its tid page (the test inserts key i at page i). */
function cellOffsetKey(p: Uint8Array, slot: number): number {
  const off = cellOffset(p, slot);
  return p[off + 2]! | (p[off + 3]! << 8) | (p[off + 4]! << 16) | (p[off + 5]! << 24);
}
