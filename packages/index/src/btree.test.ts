import { DbError, fileId, sqlType, type Tid } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTREE_MAX_ITEM_SIZE, BTree } from './btree.js';
import { btreeMethod } from './btree-method.js';
import { cellKeyStart, cellOffset, setRightSibling } from './btree-page.js';
import { readRoot } from './btree-search.js';
import { checkBTree } from './check-btree.js';
import type { Index, KeyRange } from './index-method.js';
import { compareKeys, encodeKey, encodeKeyPrefix } from './key-encoding.js';
import { describeIndex } from './testing/index.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16384);

describeIndex(
  'btree',
  () => {
    const bed = TestBed.create(16);
    return {
      index: btreeMethod.create(bed.ctx, FILE, 'conformance_idx'),
      // Reopening is a crash and a recovery: everything logged must come back.
      async reopen() {
        await bed.wal.flush();
        bed.crash();
        bed.recover();
        return btreeMethod.open(bed.ctx, FILE, 'conformance_idx');
      },
      cleanup: () => bed.destroy(),
    };
  },
  true,
  { maxKeySize: BTREE_MAX_ITEM_SIZE - 8 },
);

/** Keys as a (text, int4) index stores them; the padding makes pages hold ~100 entries. */
const TYPES = [sqlType('text'), sqlType('int4')];
const keyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(50)}`, v % 3], TYPES);

interface Entry {
  key: Uint8Array;
  tid: Tid;
}
const compareEntries = (a: Entry, b: Entry): number =>
  compareKeys(a.key, b.key) || a.tid.page - b.tid.page || a.tid.slot - b.tid.slot;
const show = (e: Entry): string => `${Buffer.from(e.key).toString('hex')}@${e.tid.page},${e.tid.slot}`;

function collect(index: Index, range?: KeyRange, backward = false): string[] {
  const out: string[] = [];
  const cursor = index.scan(range, backward);
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push(show(e));
  cursor.close();
  return out;
}

describe('BTree with a 16-frame pool', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(16);
  });
  afterEach(() => bed.destroy());

  it('holds 50,000 entries inserted in random order: scans, ranges, duplicates, deletes', () => {
    const tree = BTree.create(bed.ctx, FILE, 'big_idx');
    const rng = seededRandom(42);
    // 25,000 distinct keys, each twice (two versions of a row).
    const entries: Entry[] = [];
    for (let v = 0; v < 25_000; v++) {
      entries.push(
        { key: keyOf(v), tid: { page: v, slot: 2 } },
        { key: keyOf(v), tid: { page: v, slot: 1 } },
      );
    }
    rng.shuffle(entries);
    for (const e of entries) tree.insert(e.key, e.tid);
    const sorted = entries.slice().sort(compareEntries);

    const stats = checkBTree(bed.pool, FILE);
    expect(stats.entries).toBe(50_000);
    expect(stats.height).toBeGreaterThanOrEqual(3);
    expect(collect(tree)).toEqual(sorted.map(show));
    expect(collect(tree, undefined, true)).toEqual(sorted.map(show).reverse());

    // Duplicates come back in tid order, and an inclusive [k, k] range finds exactly them.
    const k = keyOf(777);
    const dup = { lower: { key: k, inclusive: true }, upper: { key: k, inclusive: true } };
    expect(collect(tree, dup)).toEqual([
      show({ key: k, tid: { page: 777, slot: 1 } }),
      show({ key: k, tid: { page: 777, slot: 2 } }),
    ]);

    // Ranges against binary searches of the sorted list.
    const firstAtLeast = (key: Uint8Array, after: boolean): number => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const c = compareKeys(sorted[mid]!.key, key);
        if (c < 0 || (after && c === 0)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (let round = 0; round < 30; round++) {
      const a = rng.int(0, 25_000);
      const b = a + rng.int(0, 3000);
      const lower = { key: keyOf(a), inclusive: rng.next() < 0.5 };
      const upper = { key: keyOf(b), inclusive: rng.next() < 0.5 };
      const want = sorted
        .slice(firstAtLeast(lower.key, !lower.inclusive), firstAtLeast(upper.key, upper.inclusive))
        .map(show);
      expect(collect(tree, { lower, upper })).toEqual(want);
      expect(collect(tree, { lower, upper }, true)).toEqual(want.reverse());
    }

    // A prefix bound on the leading text column: every key starting with "k0123".
    const prefix = encodeKeyPrefix(['k0123'], TYPES).subarray(0, 6);
    const byPrefix = collect(tree, {
      lower: { key: prefix, inclusive: true, prefix: true },
      upper: { key: prefix, inclusive: true, prefix: true },
    });
    expect(byPrefix).toHaveLength(200); // k012300 … k012399, two entries each

    // Delete half in random order; a second delete of the same entry finds nothing.
    const doomed = rng.shuffle(entries.slice()).slice(0, 25_000);
    for (const e of doomed) expect(tree.delete(e.key, e.tid)).toBe(true);
    for (const e of doomed.slice(0, 100)) expect(tree.delete(e.key, e.tid)).toBe(false);
    const gone = new Set(doomed.map(show));
    const left = sorted.filter((e) => !gone.has(show(e))).map(show);
    expect(checkBTree(bed.pool, FILE).entries).toBe(25_000);
    expect(collect(tree)).toEqual(left);
    expect(collect(tree, undefined, true)).toEqual(left.slice().reverse());
  });

  it('steps over pages emptied by deletes, in both directions', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 3000; v++) tree.insert(keyOf(v), { page: v, slot: 0 });
    for (let v = 500; v < 2500; v++) expect(tree.delete(keyOf(v), { page: v, slot: 0 })).toBe(true);
    const want = [...Array(500).keys(), ...Array.from({ length: 500 }, (_, i) => 2500 + i)].map((v) =>
      show({ key: keyOf(v), tid: { page: v, slot: 0 } }),
    );
    expect(collect(tree)).toEqual(want);
    expect(collect(tree, undefined, true)).toEqual(want.slice().reverse());
    const mid = {
      lower: { key: keyOf(400), inclusive: true },
      upper: { key: keyOf(2600), inclusive: false },
    };
    expect(collect(tree, mid)).toEqual(want.slice(400, 600));
    checkBTree(bed.pool, FILE);
  });

  it('fills leaves about 90% on ascending loads', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 20_000; v++) tree.insert(keyOf(v), { page: v, slot: 0 });
    const stats = checkBTree(bed.pool, FILE);
    const cell = keyOf(0).length + 8 + 2;
    const perFullLeaf = Math.floor((8192 - 32) / cell);
    expect(stats.entries / stats.leafPages).toBeGreaterThan(perFullLeaf * 0.85);
  });

  it('keeps no reference to the key it is given (an INSERT hands it reused bytes)', () => {
    const tree = BTree.create(bed.ctx, FILE);
    // One buffer for every insert, as IndexKeys.entryTransient gives it: keys of one length,
    // overwritten after each insert (splits and new separators included) and zeroed at the end.
    const reused = new Uint8Array(keyOf(0).length);
    const order = Array.from({ length: 6000 }, (_, i) => (i * 7919) % 6000);
    for (const v of order) {
      reused.set(keyOf(v));
      tree.insert(reused, { page: v, slot: 1 });
    }
    reused.fill(0);
    const want = Array.from({ length: 6000 }, (_, v) => show({ key: keyOf(v), tid: { page: v, slot: 1 } }));
    expect(collect(tree)).toEqual(want);
    expect(checkBTree(bed.pool, FILE).entries).toBe(6000);
  });

  it('keeps one leaf pinned per cursor: many open cursors in a small pool', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 5000; v++) tree.insert(keyOf(v), { page: v, slot: 0 });
    const cursors = Array.from({ length: 10 }, (_, i) => tree.scan(undefined, i % 2 === 1));
    for (let step = 0; step < 3000; step++) for (const c of cursors) expect(c.next()).toBeDefined();
    for (const c of cursors) c.close();
    // No pin is left behind: truncate cuts the file, which fails on a pinned page.
    tree.truncate();
    expect(tree.pageCount()).toBe(2);
  });

  it('repositions a backward cursor whose leaf splits under it', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 2000; v += 2) tree.insert(keyOf(v), { page: v, slot: 0 });
    const cursor = tree.scan(undefined, true);
    const seen: string[] = [];
    for (let e = cursor.next(), i = 0; e !== undefined; e = cursor.next(), i++) {
      seen.push(show(e));
      // Odd keys land everywhere, splitting leaves ahead of and under the cursor.
      tree.insert(keyOf(1 + 2 * ((i * 37) % 1000)), { page: 1, slot: i });
    }
    const evens = Array.from({ length: 1000 }, (_, i) =>
      show({ key: keyOf(2 * i), tid: { page: 2 * i, slot: 0 } }),
    );
    const seenEvens = seen.filter((s) => evens.includes(s));
    expect(seenEvens).toEqual(evens.reverse());
    checkBTree(bed.pool, FILE);
  });

  it('rejects an entry over 2704 bytes with PostgreSQL 54000', () => {
    const tree = BTree.create(bed.ctx, FILE, 't_big_idx');
    tree.insert(new Uint8Array(BTREE_MAX_ITEM_SIZE - 8), { page: 0, slot: 1 });
    try {
      tree.insert(new Uint8Array(BTREE_MAX_ITEM_SIZE - 7), { page: 0, slot: 2 });
      expect.fail('oversized key accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('54000');
      expect((err as DbError).message).toBe(
        'index row size 2712 exceeds btree version 4 maximum 2704 for index "t_big_idx"',
      );
    }
  });

  it('splits pages of maximum-size keys', () => {
    const tree = BTree.create(bed.ctx, FILE);
    const rng = seededRandom(5);
    const entries: Entry[] = [];
    for (let i = 0; i < 200; i++) {
      const key = new Uint8Array(rng.int(BTREE_MAX_ITEM_SIZE - 200, BTREE_MAX_ITEM_SIZE - 8)).fill(
        rng.int(0, 255),
      );
      entries.push({ key, tid: { page: i, slot: 0 } });
      tree.insert(key, { page: i, slot: 0 });
    }
    expect(checkBTree(bed.pool, FILE).entries).toBe(200);
    expect(collect(tree)).toEqual(entries.sort(compareEntries).map(show));
  });

  it('leaves the tree untouched when a split runs out of buffers', () => {
    const small = TestBed.create(4);
    try {
      const tree = BTree.create(small.ctx, FILE);
      const big = (v: number): Uint8Array =>
        encodeKey([v, 'x'.repeat(90)], [sqlType('int4'), sqlType('text')]);
      // Find how many entries one leaf holds: the insert that makes a second leaf is one too many.
      let fit = 0;
      while (checkBTree(small.pool, FILE).leafPages === 1) tree.insert(big(fit), { page: fit++, slot: 0 });
      fit--;
      tree.truncate();
      let v = 0;
      for (; v < fit; v++) tree.insert(big(v), { page: v, slot: 0 });
      expect(checkBTree(small.pool, FILE).leafPages).toBe(1);
      // Hold two of the four frames: the split needs the leaf, a new right page, a new root and meta.
      const held = [small.pool.pin(fileId(99), 0), small.pool.pin(fileId(99), 1)];
      const before = collect(tree);
      expect(() => tree.insert(big(v), { page: v, slot: 0 })).toThrow(
        expect.objectContaining({ code: '53200' }),
      );
      for (const f of held) small.pool.unpin(f);
      expect(collect(tree)).toEqual(before);
      expect(checkBTree(small.pool, FILE).entries).toBe(fit);
      tree.insert(big(v), { page: v, slot: 0 });
      expect(checkBTree(small.pool, FILE)).toMatchObject({ entries: fit + 1, leafPages: 2, height: 2 });
    } finally {
      small.destroy();
    }
  });

  it('checkBTree reports keys out of order and broken leaf links as XX002', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 500; v++) tree.insert(keyOf(v), { page: v, slot: 0 });
    const { firstLeaf } = readRoot(bed.pool, FILE);
    const frame = bed.pool.pin(FILE, firstLeaf);
    const p = frame.page;
    const saved = p.slice();
    setRightSibling(p, firstLeaf);
    expect(() => checkBTree(bed.pool, FILE)).toThrow(/links to 0 and \d+, not 0 and \d+/);
    p.set(saved);
    p[cellKeyStart(p, cellOffset(p, 0))] = 0xff;
    expect(() => checkBTree(bed.pool, FILE)).toThrow(expect.objectContaining({ code: 'XX002' }));
    bed.pool.unpin(frame);
  });

  it('refuses to open a file that is not a B+tree', () => {
    const frame = bed.pool.pinNew(fileId(7));
    bed.pool.unpin(frame);
    expect(() => BTree.open(bed.ctx, fileId(7))).toThrow(expect.objectContaining({ code: 'XX002' }));
  });
});

describe('btreeMethod', () => {
  it('is ordered and durable; drop logs and removes the file', () => {
    const bed = TestBed.create(8);
    try {
      expect(btreeMethod).toMatchObject({ name: 'btree', ordered: true, durable: true });
      const index = btreeMethod.create(bed.ctx, FILE);
      index.insert(keyOf(1), { page: 1, slot: 1 });
      expect(index.pageCount()).toBe(2);
      btreeMethod.drop(bed.ctx, FILE);
      expect(bed.pool.pageCount(FILE)).toBe(0);
      const kinds = [...bed.wal.read(bed.redoLsn)].map((r) => r.record.kind);
      expect(kinds).toEqual(['file-create', 'pages', 'pages', 'file-drop']);
      expect(bed.wal.flushedLsn).toBe(bed.wal.insertLsn);
    } finally {
      bed.destroy();
    }
  });
});

describe('crash safety', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(16);
  });
  afterEach(() => bed.destroy());

  type Op = { kind: 'insert' | 'delete'; entry: Entry } | { kind: 'truncate' };

  /** Runs `ops` on a new tree, with a checkpoint after `checkpointAt`; returns each op's end LSN. */
  function run(ops: readonly Op[], checkpointAt: number): number[] {
    const tree = BTree.create(bed.ctx, FILE, 'crash_idx');
    return ops.map((op, i) => {
      if (op.kind === 'insert') tree.insert(op.entry.key, op.entry.tid);
      else if (op.kind === 'delete') expect(tree.delete(op.entry.key, op.entry.tid)).toBe(true);
      else tree.truncate();
      if (i === checkpointAt) bed.checkpoint();
      return bed.wal.insertLsn;
    });
  }

  /** The entries after the first `n` ops, sorted. */
  function modelAfter(ops: readonly Op[], n: number): string[] {
    const live = new Map<string, Entry>();
    for (const op of ops.slice(0, n)) {
      if (op.kind === 'truncate') live.clear();
      else if (op.kind === 'insert') live.set(show(op.entry), op.entry);
      else live.delete(show(op.entry));
    }
    return [...live.values()].sort(compareEntries).map(show);
  }

  /** Random inserts and deletes, with a truncate at 70% (after the tests' checkpoints). */
  function workload(seed: number, count: number): Op[] {
    const rng = seededRandom(seed);
    const ops: Op[] = [];
    const live: Entry[] = [];
    for (let i = 0; i < count; i++) {
      if (i === Math.floor(count * 0.7)) {
        ops.push({ kind: 'truncate' });
        live.length = 0;
      } else if (live.length > 0 && rng.next() < 0.25) {
        const j = rng.int(0, live.length - 1);
        ops.push({ kind: 'delete', entry: live[j]! });
        live[j] = live[live.length - 1]!;
        live.pop();
      } else {
        const entry = { key: keyOf(rng.int(0, 50_000)), tid: { page: i, slot: i % 5 } };
        ops.push({ kind: 'insert', entry });
        live.push(entry);
      }
    }
    return ops;
  }

  it('recovers every flushed operation after a crash, from the last checkpoint', async () => {
    const ops = workload(11, 12_000);
    run(ops, 6000);
    await bed.wal.flush();
    bed.crash();
    expect(bed.recover()).toBeGreaterThan(1000);
    const tree = BTree.open(bed.ctx, FILE, 'crash_idx');
    expect(checkBTree(bed.pool, FILE).entries).toBe(modelAfter(ops, ops.length).length);
    expect(collect(tree)).toEqual(modelAfter(ops, ops.length));
    // The recovered tree keeps working.
    tree.insert(keyOf(1), { page: 99_999, slot: 0 });
    checkBTree(bed.pool, FILE);
  });

  it('recovers an intact tree holding a prefix of the operations when the log tail is lost', () => {
    const ops = workload(12, 12_000);
    const ends = run(ops, 8000);
    // No flush: whatever the WAL had not handed to the OS is lost, as with kill -9.
    bed.crash();
    const survivedTo = bed.wal.insertLsn;
    bed.recover();
    const survived = ends.filter((end) => end <= survivedTo).length;
    // The checkpoint and the truncate (which flushes) survive; the last few operations do not.
    expect(survived).toBeGreaterThan(8400);
    expect(survived).toBeLessThan(ops.length);
    const tree = BTree.open(bed.ctx, FILE, 'crash_idx');
    checkBTree(bed.pool, FILE);
    expect(collect(tree)).toEqual(modelAfter(ops, survived));
  });
});
