import { fileId, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import type { IndexCursor, KeyRange } from './index-method.js';
import { encodeKey } from './key-encoding.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16710);
const TYPES = [sqlType('int4')];
const keyOf = (v: number): Uint8Array => encodeKey([v], TYPES);
const exact = (v: number): KeyRange => {
  const b = { key: keyOf(v), inclusive: true };
  return { lower: b, upper: b };
};
const between = (lo: number, hi: number): KeyRange => ({
  lower: { key: keyOf(lo), inclusive: false },
  upper: { key: keyOf(hi), inclusive: true },
});

function drain(cursor: IndexCursor): number[] {
  const out: number[] = [];
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push(e.tid.page);
  return out;
}

describe('BTreeCursor.rescan', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(32);
  });
  afterEach(() => bed.destroy());

  it('returns what a new scan returns, for each range in turn, and counts as one open cursor', () => {
    const tree = BTree.create(bed.ctx, FILE, 'rescan_idx');
    for (let v = 0; v < 2000; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    const cursor = tree.scan(exact(5));
    expect(drain(cursor)).toEqual([5]);
    for (const range of [exact(1500), between(10, 14), exact(99_999), exact(0), between(1990, 5000)]) {
      cursor.rescan!(range);
      const fresh = tree.scan(range);
      expect(drain(cursor)).toEqual(drain(fresh));
      fresh.close();
    }
    // Rescanned mid-scan: the old position is dropped.
    cursor.rescan!(between(100, 200));
    cursor.next();
    cursor.rescan!(exact(7));
    expect(drain(cursor)).toEqual([7]);
    cursor.close();
    cursor.close();
    // Every cursor closed (twice for one): TRUNCATE asserts that none is open.
    expect(() => tree.truncate()).not.toThrow();
  });
});
