import { fileId, readPageLsn, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { encodeKey } from './key-encoding.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16720);
const TYPES = [sqlType('int4')];
const keyOf = (v: number): Uint8Array => encodeKey([v], TYPES);

describe('a B+tree of an unlogged relation (Wal.unloggedFiles)', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(32);
    bed.wal.unloggedFiles.add(FILE);
  });
  afterEach(() => bed.destroy());

  it('logs nothing, but each change still moves its page LSN', () => {
    const tree = BTree.create(bed.ctx, FILE, 'unlogged_idx');
    const start = bed.wal.insertLsn;
    const leaf = () => readPageLsn(bed.pool.pin(FILE, 1).page);
    const before = leaf();
    bed.pool.unpin(bed.pool.pin(FILE, 1));
    for (let v = 0; v < 100; v++) tree.insert(keyOf(v), { page: v, slot: 1 });
    expect(bed.wal.insertLsn).toBe(start);
    const after = leaf();
    bed.pool.unpin(bed.pool.pin(FILE, 1));
    expect(after).toBeGreaterThan(before);
  });

  it('has its pages written without a WAL flush, whatever their LSN says', () => {
    const tree = BTree.create(bed.ctx, FILE, 'unlogged_idx');
    // Far more changes to one leaf than there are WAL bytes: its LSN passes the insert LSN.
    for (let round = 0; round < 20; round++) {
      for (let v = 0; v < 100; v++) tree.insert(keyOf(v), { page: v, slot: round + 1 });
    }
    const frame = bed.pool.pin(FILE, 1);
    expect(readPageLsn(frame.page)).toBeGreaterThan(bed.wal.insertLsn);
    bed.pool.unpin(frame);
    expect(() => bed.pool.flushAll()).not.toThrow();
  });

  it('lets a cursor see that its leaf changed under it (no entry returned twice)', () => {
    const tree = BTree.create(bed.ctx, FILE, 'unlogged_idx');
    for (let v = 0; v < 100; v += 2) tree.insert(keyOf(v), { page: v, slot: 1 });
    const cursor = tree.scan({});
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) seen.push(cursor.next()!.tid.page);
    // Entries before the cursor's position shift the ones it has not returned yet.
    for (let v = 1; v < 10; v += 2) tree.insert(keyOf(v), { page: v, slot: 1 });
    for (let e = cursor.next(); e !== undefined; e = cursor.next()) seen.push(e.tid.page);
    cursor.close?.();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((v) => v % 2 === 0)).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i));
  });
});
