import { fileId, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import type { KeyRange } from './index-method.js';
import { encodeKey, encodeKeyPrefix } from './key-encoding.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16510);
const TYPES = [sqlType('text'), sqlType('int4')];
/** Padded keys: about 100 entries per leaf, so a few thousand make several leaves. */
const keyOf = (v: number, w = v): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(50)}`, w], TYPES);
const prefixOf = (v: number): Uint8Array =>
  encodeKeyPrefix([`k${String(v).padStart(6, '0')}${'.'.repeat(50)}`], TYPES);

/** Entries a scan of `range` returns, killed ones included. */
function count(tree: BTree, range: KeyRange): number {
  const cursor = tree.scan(range, false, { includeKilled: true });
  let n = 0;
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) n++;
  cursor.close();
  return n;
}

describe('B+tree rangeIsEmpty', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(32);
  });
  afterEach(() => bed.destroy());

  it('is true only for ranges a scan finds empty, and true for absent keys in the usual cases', () => {
    const tree = BTree.create(bed.ctx, FILE, 'empty_idx');
    expect(
      tree.rangeIsEmpty({
        lower: { key: keyOf(1), inclusive: true },
        upper: { key: keyOf(1), inclusive: true },
      }),
    ).toBe(true);
    // Even keys, inserted out of order: splits everywhere, a hint that moves around.
    const random = seededRandom(7);
    const values = random.shuffle(Array.from({ length: 3000 }, (_, i) => i * 2));
    for (const v of values) tree.insert(keyOf(v), { page: v, slot: 1 });
    let emptyAnswers = 0;
    let absentAnswered = 0;
    for (let v = -3; v < 6010; v++) {
      const ranges: KeyRange[] = [
        { lower: { key: keyOf(v), inclusive: true }, upper: { key: keyOf(v), inclusive: true } },
        { lower: { key: keyOf(v), inclusive: false }, upper: { key: keyOf(v + 1), inclusive: false } },
        { lower: { key: keyOf(v), inclusive: true }, upper: { key: keyOf(v + 2), inclusive: true } },
        {
          lower: { key: prefixOf(v), inclusive: true, prefix: true },
          upper: { key: prefixOf(v), inclusive: true, prefix: true },
        },
      ];
      for (const range of ranges) {
        const empty = tree.rangeIsEmpty(range);
        if (empty) {
          emptyAnswers++;
          expect(count(tree, range), `v=${v}`).toBe(0);
        }
      }
      // An absent key's exact range is answered without a scan unless it falls at a leaf's end.
      if (v % 2 !== 0 && v > 0 && v < 5998 && tree.rangeIsEmpty(ranges[0]!)) absentAnswered++;
      // A present key's range never is empty.
      if (v % 2 === 0 && v >= 0 && v < 6000) expect(tree.rangeIsEmpty(ranges[0]!)).toBe(false);
    }
    expect(emptyAnswers).toBeGreaterThan(6000);
    expect(absentAnswered).toBeGreaterThan(2900);
    // 24,000 calls on a pool of 32 frames: a leaked pin would have run it out of frames (53200).
  });

  it('answers a key-ordered load’s next key from the hinted rightmost leaf', () => {
    const tree = BTree.create(bed.ctx, FILE, 'empty_idx');
    for (let v = 0; v < 2000; v++) {
      const key = keyOf(v);
      expect(tree.rangeIsEmpty({ lower: { key, inclusive: true }, upper: { key, inclusive: true } })).toBe(
        true,
      );
      tree.insert(key, { page: v, slot: 1 });
      expect(tree.rangeIsEmpty({ lower: { key, inclusive: true }, upper: { key, inclusive: true } })).toBe(
        false,
      );
    }
  });
  it('answers probes inside, before and at the hinted leaf’s entries, not only after its last', () => {
    const tree = BTree.create(bed.ctx, FILE, 'empty_idx');
    // Even values in order: the hint is the rightmost leaf, which holds the last ~100 of them.
    for (let v = 0; v < 2000; v += 2) tree.insert(keyOf(v), { page: v, slot: 1 });
    const exact = (v: number): KeyRange => {
      const key = keyOf(v);
      return { lower: { key, inclusive: true }, upper: { key, inclusive: true } };
    };
    // The hinted leaf's keys (present: never empty), the gaps between them (absent: empty, or
    // "maybe" at a leaf's end), then earlier leaves; a true answer is always right.
    let absentAnsweredEmpty = 0;
    for (const v of [
      ...Array.from({ length: 300 }, (_, i) => 1999 - i),
      ...Array.from({ length: 300 }, (_, i) => i),
    ]) {
      const empty = tree.rangeIsEmpty(exact(v));
      if (v % 2 === 0) expect(empty).toBe(false);
      else if (empty) absentAnsweredEmpty++;
      if (empty) expect(count(tree, exact(v))).toBe(0);
    }
    expect(absentAnsweredEmpty).toBeGreaterThan(280);
    expect(tree.rangeIsEmpty(exact(2001))).toBe(true);
  });
});
