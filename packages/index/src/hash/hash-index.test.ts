import { DbError, InternalError, type Tid, fileId, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Index, KeyRange } from '../index-method.js';
import { encodeKey, encodeKeyPrefix } from '../key-encoding.js';
import { describeIndex } from '../testing/index.js';
import { seededRandom } from '../testing/random.js';
import { TestBed } from '../testing/test-bed.js';
import { checkHashIndex } from './check-hash-index.js';
import { HASH_MAX_ITEM_SIZE, HashIndex } from './hash-index.js';
import { hashMethod } from './hash-method.js';
import { BUCKETS_PER_DIRECTORY } from './hash-page.js';

const FILE = fileId(16385);

describeIndex(
  'hash',
  () => {
    const bed = TestBed.create(16);
    return {
      index: hashMethod.create(bed.ctx, FILE, 'conformance_hash_idx'),
      // Reopening is a crash and a recovery: everything logged must come back.
      async reopen() {
        await bed.wal.flush();
        bed.crash();
        bed.recover();
        checkHashIndex(bed.pool, FILE);
        return hashMethod.open(bed.ctx, FILE, 'conformance_hash_idx');
      },
      cleanup: () => bed.destroy(),
    };
  },
  false,
  { maxKeySize: HASH_MAX_ITEM_SIZE - 8 },
);

const TYPES = [sqlType('text'), sqlType('int4')];
const keyOf = (v: number): Uint8Array => encodeKey([`k${v}`, v % 7], TYPES);
const show = (key: Uint8Array, tid: Tid): string =>
  `${Buffer.from(key).toString('hex')}@${tid.page},${tid.slot}`;
const eq = (key: Uint8Array): KeyRange => ({
  lower: { key, inclusive: true },
  upper: { key, inclusive: true },
});

/** Every entry a scan returns, as sorted strings. */
function collect(index: Index, range?: KeyRange): string[] {
  const out: string[] = [];
  const cursor = index.scan(range);
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push(show(e.key, e.tid));
  cursor.close();
  return out.sort();
}

describe('HashIndex', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(6);
  });
  afterEach(() => bed.destroy());

  it('splits buckets one at a time as 10,000 keys arrive, in a 6-frame pool', () => {
    const index = HashIndex.create(bed.ctx, FILE, 'split_idx');
    const rng = seededRandom(1);
    const values = rng.shuffle(Array.from({ length: 10_000 }, (_, i) => i));
    let buckets = checkHashIndex(bed.pool, FILE).buckets;
    expect(buckets).toBe(2);
    values.forEach((v, i) => {
      index.insert(keyOf(v), { page: v, slot: 1 });
      if (i % 1000 === 999) {
        const stats = checkHashIndex(bed.pool, FILE);
        expect(stats.entries).toBe(i + 1);
        expect(stats.buckets).toBeGreaterThan(buckets);
        buckets = stats.buckets;
      }
    });
    const stats = checkHashIndex(bed.pool, FILE);
    // ~25 bytes per cell at 75% of 8160-byte pages: about 40 buckets, short chains.
    expect(stats.buckets).toBeGreaterThan(30);
    expect(stats.longestChain).toBeLessThanOrEqual(3);
    for (let v = 0; v < 10_000; v += 97) {
      expect(collect(index, eq(keyOf(v)))).toEqual([show(keyOf(v), { page: v, slot: 1 })]);
    }
    expect(collect(index, eq(keyOf(10_001)))).toEqual([]);
    expect(collect(index)).toHaveLength(10_000);
    for (let v = 0; v < 10_000; v += 2) expect(index.delete(keyOf(v), { page: v, slot: 1 })).toBe(true);
    expect(index.delete(keyOf(0), { page: 0, slot: 1 })).toBe(false);
    expect(checkHashIndex(bed.pool, FILE).entries).toBe(5_000);
    expect(collect(index, eq(keyOf(3)))).toEqual([show(keyOf(3), { page: 3, slot: 1 })]);
    expect(collect(index, eq(keyOf(4)))).toEqual([]);
  });

  it('chains overflow pages for many duplicates, frees them on delete and reuses them', () => {
    const index = HashIndex.create(bed.ctx, FILE, 'dup_idx');
    const dup = encodeKey(['the same key, again and again'], [sqlType('text')]);
    for (let i = 0; i < 3000; i++) index.insert(dup, { page: i, slot: 7 });
    for (let v = 0; v < 300; v++) index.insert(keyOf(v), { page: v, slot: 0 });
    const stats = checkHashIndex(bed.pool, FILE);
    expect(stats.longestChain).toBeGreaterThan(10);
    expect(stats.overflowPages).toBeGreaterThanOrEqual(stats.longestChain - 1);
    const dups = collect(index, eq(dup));
    expect(dups).toHaveLength(3000);
    expect(new Set(dups).size).toBe(3000);
    expect(collect(index, eq(keyOf(42)))).toEqual([show(keyOf(42), { page: 42, slot: 0 })]);

    // Deleting the duplicates empties overflow pages: they go to the free list.
    for (let i = 0; i < 3000; i++) expect(index.delete(dup, { page: i, slot: 7 })).toBe(true);
    const emptied = checkHashIndex(bed.pool, FILE);
    expect(emptied.entries).toBe(300);
    expect(emptied.freePages).toBeGreaterThan(10);
    expect(collect(index, eq(dup))).toEqual([]);

    // New duplicates take their pages from the free list before the file grows.
    const pages = index.pageCount();
    for (let i = 0; i < 1500; i++) index.insert(dup, { page: i, slot: 8 });
    expect(index.pageCount()).toBe(pages);
    expect(checkHashIndex(bed.pool, FILE).freePages).toBeLessThan(emptied.freePages);
    expect(collect(index, eq(dup))).toHaveLength(1500);
  });

  it('adds directory pages as buckets outgrow them', () => {
    // Eight buckets per directory page (BUCKETS_PER_DIRECTORY in production) to reach many.
    const index = HashIndex.create(bed.ctx, FILE, 'dir_idx', { bucketsPerDirectory: 8 });
    for (let v = 0; v < 5000; v++) index.insert(keyOf(v), { page: v, slot: 0 });
    const stats = checkHashIndex(bed.pool, FILE);
    expect(stats.directoryPages).toBe(Math.floor((stats.buckets - 1) / 8) + 1);
    expect(stats.directoryPages).toBeGreaterThan(2);
    for (let v = 0; v < 5000; v += 37)
      expect(collect(index, eq(keyOf(v)))).toEqual([show(keyOf(v), { page: v, slot: 0 })]);
    // The span is part of the format: it survives truncate and reopen.
    index.truncate();
    for (let v = 0; v < 2000; v++) index.insert(keyOf(v), { page: v, slot: 0 });
    const again = HashIndex.open(bed.ctx, FILE);
    for (let v = 2000; v < 5000; v++) again.insert(keyOf(v), { page: v, slot: 0 });
    expect(checkHashIndex(bed.pool, FILE)).toEqual(stats);
    expect(BUCKETS_PER_DIRECTORY).toBe(2042);
  });

  it('sees each entry present at the start of a full scan exactly once while splits run', () => {
    const index = HashIndex.create(bed.ctx, FILE);
    for (let v = 0; v < 2000; v++) index.insert(keyOf(v), { page: v, slot: 0 });
    const before = checkHashIndex(bed.pool, FILE).buckets;
    const cursor = index.scan();
    const seen = new Map<string, number>();
    let added = 2000;
    for (let e = cursor.next(); e !== undefined; e = cursor.next()) {
      const s = show(e.key, e.tid);
      seen.set(s, (seen.get(s) ?? 0) + 1);
      // Enough inserts to double the table while the scan runs.
      for (let k = 0; k < 3; k++, added++) index.insert(keyOf(added), { page: added, slot: 0 });
    }
    cursor.close();
    expect(checkHashIndex(bed.pool, FILE).buckets).toBeGreaterThan(before * 3);
    for (let v = 0; v < 2000; v++) expect(seen.get(show(keyOf(v), { page: v, slot: 0 })), `key ${v}`).toBe(1);
    for (const count of seen.values()) expect(count).toBe(1);
  });

  it('refuses ranges other than equality with InternalError', () => {
    const index = HashIndex.create(bed.ctx, FILE, 'eq_only_idx');
    const a = keyOf(1);
    const prefix = encodeKeyPrefix(['k1'], TYPES);
    const bad: KeyRange[] = [
      { lower: { key: a, inclusive: true } },
      { upper: { key: a, inclusive: true } },
      { lower: { key: a, inclusive: false }, upper: { key: a, inclusive: true } },
      { lower: { key: a, inclusive: true }, upper: { key: keyOf(2), inclusive: true } },
      {
        lower: { key: prefix, inclusive: true, prefix: true },
        upper: { key: prefix, inclusive: true, prefix: true },
      },
    ];
    for (const range of bad) expect(() => index.scan(range)).toThrow(InternalError);
    expect(collect(index, {})).toEqual([]);
  });

  it('rejects an entry over 8144 bytes with PostgreSQL 54000', () => {
    const index = HashIndex.create(bed.ctx, FILE, 't_hash_idx');
    try {
      index.insert(new Uint8Array(HASH_MAX_ITEM_SIZE - 7), { page: 0, slot: 2 });
      expect.fail('oversized key accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('54000');
      expect((err as DbError).message).toBe('index row size 8152 exceeds hash maximum 8144');
    }
  });

  it('splits with one free frame, and leaves the entries as they were when an insert cannot pin', () => {
    const index = HashIndex.create(bed.ctx, FILE);
    const big = (v: number): Uint8Array =>
      encodeKey([v, 'x'.repeat(2000)], [sqlType('int4'), sqlType('text')]);
    // 2 KB entries fill the two buckets to the split threshold: find the insert that splits.
    let v = 0;
    while (checkHashIndex(bed.pool, FILE).buckets === 2) index.insert(big(v), { page: v++, slot: 0 });
    index.truncate();
    for (let i = 0; i < v - 1; i++) index.insert(big(i), { page: i, slot: 0 });
    expect(checkHashIndex(bed.pool, FILE).buckets).toBe(2);
    const before = collect(index);
    // With five of the six frames held, the split (one page at a time) goes through, but the
    // insert itself needs the meta page and a bucket page pinned together.
    let held = [0, 1, 2, 3, 4].map((p) => bed.pool.pin(fileId(99), p));
    expect(() => index.insert(big(v - 1), { page: v - 1, slot: 0 })).toThrow(
      expect.objectContaining({ code: '53200' }),
    );
    for (const f of held) bed.pool.unpin(f);
    expect(collect(index)).toEqual(before);
    expect(checkHashIndex(bed.pool, FILE)).toMatchObject({ buckets: 3, entries: v - 1 });
    // With all six held, nothing can be read: the index stays as it was.
    held = [0, 1, 2, 3, 4, 5].map((p) => bed.pool.pin(fileId(99), p));
    expect(() => index.insert(big(v - 1), { page: v - 1, slot: 0 })).toThrow(
      expect.objectContaining({ code: '53200' }),
    );
    for (const f of held) bed.pool.unpin(f);
    expect(checkHashIndex(bed.pool, FILE)).toMatchObject({ buckets: 3, entries: v - 1 });
    index.insert(big(v - 1), { page: v - 1, slot: 0 });
    expect(checkHashIndex(bed.pool, FILE)).toMatchObject({ buckets: 3, entries: v });
  });

  it('refuses to open a file that is not a hash index', () => {
    const frame = bed.pool.pinNew(fileId(7));
    bed.pool.unpin(frame);
    expect(() => HashIndex.open(bed.ctx, fileId(7))).toThrow(expect.objectContaining({ code: 'XX002' }));
  });
});

describe('hashMethod', () => {
  it('is unordered and durable; drop logs and removes the file', () => {
    const bed = TestBed.create(8);
    try {
      expect(hashMethod).toMatchObject({ name: 'hash', ordered: false, durable: true });
      const index = hashMethod.create(bed.ctx, FILE);
      index.insert(keyOf(1), { page: 1, slot: 1 });
      expect(index.pageCount()).toBe(4);
      hashMethod.drop(bed.ctx, FILE);
      expect(bed.pool.pageCount(FILE)).toBe(0);
      const kinds = [...bed.wal.read(bed.redoLsn)].map((r) => r.record.kind);
      expect(kinds).toEqual(['file-create', 'pages', 'pages', 'file-drop']);
    } finally {
      bed.destroy();
    }
  });
});

describe('hash crash safety', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(8);
  });
  afterEach(() => bed.destroy());

  type Op = { kind: 'insert' | 'delete'; key: Uint8Array; tid: Tid };

  /** Random inserts and deletes with heavy duplication (so chains overflow and empty). */
  function workload(seed: number, count: number): Op[] {
    const rng = seededRandom(seed);
    const ops: Op[] = [];
    const live: Op[] = [];
    for (let i = 0; i < count; i++) {
      if (live.length > 0 && rng.next() < 0.3) {
        const j = rng.int(0, live.length - 1);
        ops.push({ ...live[j]!, kind: 'delete' });
        live[j] = live[live.length - 1]!;
        live.pop();
      } else {
        const v = rng.next() < 0.3 ? 7 : rng.int(0, 100_000);
        const op: Op = { kind: 'insert', key: keyOf(v), tid: { page: i, slot: i % 5 } };
        ops.push(op);
        live.push(op);
      }
    }
    return ops;
  }

  function modelAfter(ops: readonly Op[], n: number): string[] {
    const live = new Set<string>();
    for (const op of ops.slice(0, n)) {
      if (op.kind === 'insert') live.add(show(op.key, op.tid));
      else live.delete(show(op.key, op.tid));
    }
    return [...live].sort();
  }

  it('recovers an intact index holding a prefix of the operations when the log tail is lost', () => {
    const ops = workload(21, 12_000);
    const index = HashIndex.create(bed.ctx, FILE, 'crash_hash_idx');
    const ends = ops.map((op, i) => {
      if (op.kind === 'insert') index.insert(op.key, op.tid);
      else expect(index.delete(op.key, op.tid)).toBe(true);
      if (i === 7000) bed.checkpoint();
      return bed.wal.insertLsn;
    });
    // No flush: whatever the WAL had not handed to the OS is lost, as with kill -9.
    bed.crash();
    const survivedTo = bed.wal.insertLsn;
    bed.recover();
    const survived = ends.filter((end) => end <= survivedTo).length;
    expect(survived).toBeGreaterThan(7000);
    expect(survived).toBeLessThanOrEqual(ops.length);
    const reopened = HashIndex.open(bed.ctx, FILE, 'crash_hash_idx');
    const want = modelAfter(ops, survived);
    expect(checkHashIndex(bed.pool, FILE).entries).toBe(want.length);
    expect(collect(reopened)).toEqual(want);
    const sevens = want.filter((s) => s.startsWith(Buffer.from(keyOf(7)).toString('hex')));
    expect(collect(reopened, eq(keyOf(7)))).toEqual(sevens);
    reopened.insert(keyOf(7), { page: 999_999, slot: 0 });
    checkHashIndex(bed.pool, FILE);
  });
});
