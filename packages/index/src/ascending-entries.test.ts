import { fileId, packTid, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASCENDING_MAX_KEY, AscendingEntries } from './ascending-entries.js';
import { BTree } from './btree.js';
import { checkBTree } from './check-btree.js';
import { compareKeys, encodeKey } from './key-encoding.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16620);
const TYPES = [sqlType('text'), sqlType('int4')];
/** About 110 entries per leaf: a few thousand span many leaves. */
const keyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(40)}`, v], TYPES);
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function collect(tree: BTree): string[] {
  const out: string[] = [];
  const cursor = tree.scan();
  for (let e = cursor.next(); e !== undefined; e = cursor.next())
    out.push(`${e.key.join('.')}@${e.tid.page}`);
  cursor.close();
  return out;
}
const expected = (values: readonly number[]): string[] =>
  [...new Set(values)]
    .map((v) => ({ key: keyOf(v), v }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((e) => `${e.key.join('.')}@${e.v}`);

describe('AscendingEntries', () => {
  it('takes keys that sort strictly after the last one, and copies them', () => {
    const run = new AscendingEntries();
    const key = bytes(1, 2);
    expect(run.push(key, packTid(3, 4))).toBe(true);
    key[0] = 9; // the run holds a copy
    expect(run.follows(bytes(1, 2))).toBe(false);
    expect(run.push(bytes(1, 2), 7)).toBe(false); // equal
    expect(run.push(bytes(1), 7)).toBe(false); // a prefix sorts first
    expect(run.push(bytes(0, 9, 9), 7)).toBe(false);
    expect(run.follows(bytes(1, 2, 0))).toBe(true);
    expect(run.push(bytes(1, 2, 0), 8)).toBe(true);
    expect(run.push(bytes(2), 9)).toBe(true);
    expect(run.length).toBe(3);
    const keyAt = (i: number) => [...run.keys.subarray(run.keyStart(i), run.keyEnd(i))];
    expect([keyAt(0), keyAt(1), keyAt(2)]).toEqual([[1, 2], [1, 2, 0], [2]]);
    expect([run.packedTid(0), run.packedTid(1), run.packedTid(2)]).toEqual([packTid(3, 4), 8, 9]);
    run.clear();
    expect(run.length).toBe(0);
    expect(run.push(bytes(0), 1)).toBe(true);
  });

  it('refuses keys over ASCENDING_MAX_KEY and grows past its first arrays', () => {
    const run = new AscendingEntries();
    expect(run.push(new Uint8Array(ASCENDING_MAX_KEY + 1).fill(1), 1)).toBe(false);
    for (let v = 0; v < 2000; v++) expect(run.push(keyOf(v), v)).toBe(true);
    expect(run.length).toBe(2000);
    expect([...run.keys.subarray(run.keyStart(1999), run.keyEnd(1999))]).toEqual([...keyOf(1999)]);
    expect(run.packedTid(1999)).toBe(1999);
  });
});

describe('BTree.insertAscending', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(16);
  });
  afterEach(() => bed.destroy());

  /** Adds `values` (ascending) as runs of `per`, each in a WAL page batch as an INSERT does. */
  const addRuns = (tree: BTree, values: readonly number[], per: number): void => {
    const run = new AscendingEntries();
    for (let i = 0; i < values.length; i += per) {
      bed.wal.batchPageChanges(() => {
        for (const v of values.slice(i, i + per)) expect(run.push(keyOf(v), packTid(v, 1))).toBe(true);
        tree.insertAscending(run);
        run.clear();
      });
    }
  };

  it('holds the same entries as inserting each, appended past the end or placed inside', () => {
    const tree = BTree.create(bed.ctx, FILE, 'asc_idx');
    // An empty tree, then appends across many leaf splits, then runs that land among existing
    // entries (odd values between the even ones), then appends again.
    const evens = Array.from({ length: 3000 }, (_, i) => 2 * i);
    const odds = Array.from({ length: 500 }, (_, i) => 1001 + 2 * i);
    const tail = Array.from({ length: 2000 }, (_, i) => 10_000 + i);
    addRuns(tree, evens, 256);
    addRuns(tree, odds, 100);
    addRuns(tree, tail, 300);
    expect(collect(tree)).toEqual(expected([...evens, ...odds, ...tail]));
    expect(checkBTree(bed.pool, FILE).entries).toBe(5500);
  });

  it('logs its appends so that a crash recovers them (16-frame pool: batches evicted early)', async () => {
    const tree = BTree.create(bed.ctx, FILE, 'asc_idx');
    const first = Array.from({ length: 4000 }, (_, i) => i);
    addRuns(tree, first, 256);
    bed.checkpoint(); // the next first changes log full images, from inside batches
    const second = Array.from({ length: 3000 }, (_, i) => 4000 + i);
    addRuns(tree, second, 256);
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    const reopened = BTree.open(bed.ctx, FILE, 'asc_idx');
    expect(checkBTree(bed.pool, FILE).entries).toBe(7000);
    expect(collect(reopened)).toEqual(expected([...first, ...second]));
    // Appends continue on the recovered tree.
    addRuns(reopened, [7000, 7001, 7002], 3);
    expect(checkBTree(bed.pool, FILE).entries).toBe(7003);
  });

  it('knows a key above every entry only from the rightmost leaf', () => {
    const tree = BTree.create(bed.ctx, FILE, 'asc_idx');
    expect(tree.keyAboveAll(keyOf(5))).toBe(false); // empty: unknown
    for (let v = 100; v < 3000; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    expect(tree.keyAboveAll(keyOf(3000))).toBe(true);
    expect(tree.keyAboveAll(keyOf(2999))).toBe(false);
    expect(tree.keyAboveAll(keyOf(50))).toBe(false);
    // The hint moves to the first leaf: not the rightmost, so unknown even for a larger key.
    tree.insert(keyOf(1), { page: 1, slot: 1 });
    expect(tree.keyAboveAll(keyOf(3000))).toBe(false);
    tree.insert(keyOf(3000), { page: 3000, slot: 1 });
    expect(tree.keyAboveAll(keyOf(3001))).toBe(true);
  });
});
