import { DbError, type Lsn, type Tid, fileId, readPageLsn, sqlType } from '@rustydb/common';
import { applyPageChange } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Index, KeyBound, KeyRange } from '../index-method.js';
import { compareKeys, encodeKey, encodeKeyPrefix } from '../key-encoding.js';
import { describeIndex } from '../testing/index.js';
import { type Random, seededRandom } from '../testing/random.js';
import { TestBed } from '../testing/test-bed.js';
import { type LsmTreeStats, checkLsmTree } from './check-lsm-tree.js';
import { lsmMethod } from './lsm-method.js';
import { LSM_MAX_ITEM_SIZE, type LsmOptions, LsmTree } from './lsm-tree.js';

const FILE = fileId(16386);

/** Reopening is a crash and a recovery: everything logged must come back, structure intact. */
function harness(create: (bed: TestBed) => Index) {
  return () => {
    const bed = TestBed.create(16);
    return {
      index: create(bed),
      async reopen() {
        await bed.wal.flush();
        bed.crash();
        bed.recover();
        checkLsmTree(bed.pool, FILE);
        return lsmMethod.open(bed.ctx, FILE, 'conformance_lsm_idx');
      },
      cleanup: () => bed.destroy(),
    };
  };
}

describeIndex(
  'lsm (defaults: 16 memtable pages, fanout 4)',
  harness((bed) => lsmMethod.create(bed.ctx, FILE, 'conformance_lsm_idx')),
  true,
  { maxKeySize: LSM_MAX_ITEM_SIZE - 8 },
);

describeIndex(
  'lsm (1 memtable page, fanout 2: flushes and merges all the time)',
  harness((bed) => LsmTree.create(bed.ctx, FILE, 'conformance_lsm_idx', { memtablePages: 1, fanout: 2 })),
  true,
  { maxKeySize: LSM_MAX_ITEM_SIZE - 8 },
);

const TYPES = [sqlType('int4'), sqlType('text')];
/** About 60 bytes of key: a memtable page holds ~115 operations. */
const keyOf = (v: number, pad = 40): Uint8Array => encodeKey([v, `v${v}`.padEnd(pad, '.')], TYPES);

interface Entry {
  readonly key: Uint8Array;
  readonly tid: Tid;
}
const compareEntry = (a: Entry, b: Entry): number =>
  compareKeys(a.key, b.key) || a.tid.page - b.tid.page || a.tid.slot - b.tid.slot;
const show = (e: Entry): string => `${Buffer.from(e.key).toString('hex')}@${e.tid.page},${e.tid.slot}`;

function collect(index: Index, range?: KeyRange, backward = false): string[] {
  const out: string[] = [];
  const cursor = index.scan(range, backward);
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push(show(e));
  cursor.close();
  return out;
}

/** A multiset of entries on a sorted array, with the contract's bounds: the model of every scan. */
class Model {
  private readonly live = new Map<string, { entry: Entry; count: number }>();
  insert(e: Entry): void {
    const m = this.live.get(show(e));
    if (m) m.count++;
    else this.live.set(show(e), { entry: e, count: 1 });
  }
  delete(e: Entry): boolean {
    const m = this.live.get(show(e));
    if (m === undefined) return false;
    if (--m.count === 0) this.live.delete(show(e));
    return true;
  }
  has(e: Entry): boolean {
    return this.live.has(show(e));
  }
  /** Distinct entries. */
  entries(): Entry[] {
    return [...this.live.values()].map((m) => m.entry);
  }
  scan(range: KeyRange = {}, backward = false): string[] {
    const sorted = [...this.live.values()]
      .flatMap((m) => Array(m.count).fill(m.entry) as Entry[])
      .sort(compareEntry);
    const out = sorted.filter((e) => inRange(e.key, range)).map(show);
    return backward ? out.reverse() : out;
  }
}

function inRange(key: Uint8Array, { lower, upper }: KeyRange): boolean {
  const startsWith = (p: Uint8Array): boolean =>
    key.length >= p.length && compareKeys(key.subarray(0, p.length), p) === 0;
  if (lower) {
    const c = compareKeys(key, lower.key);
    if (c < 0 || (!lower.inclusive && (c === 0 || (lower.prefix === true && startsWith(lower.key)))))
      return false;
  }
  if (upper) {
    const c = compareKeys(key, upper.key);
    if (!(c < 0 || (upper.inclusive && (c === 0 || (upper.prefix === true && startsWith(upper.key))))))
      return false;
  }
  return true;
}

function randomRange(rng: Random, max: number): KeyRange {
  const bound = (): KeyBound | undefined => {
    const r = rng.next();
    if (r < 0.2) return undefined;
    if (r < 0.4)
      return { key: encodeKeyPrefix([rng.int(0, max)], TYPES), inclusive: rng.next() < 0.5, prefix: true };
    return { key: keyOf(rng.int(0, max)), inclusive: rng.next() < 0.5 };
  };
  const lower = bound();
  const upper = bound();
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

describe('LsmTree', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(8);
  });
  afterEach(() => bed.destroy());

  const create = (options: LsmOptions): LsmTree => LsmTree.create(bed.ctx, FILE, 'lsm_idx', options);
  const stats = (): LsmTreeStats => checkLsmTree(bed.pool, FILE);

  it('flushes a full memtable into tier-0 runs and merges each fanout of a tier into the next', () => {
    const tree = create({ memtablePages: 1, fanout: 3 });
    const model = new Model();
    const seenTiers = new Set<string>();
    for (let v = 0; v < 6000; v++) {
      const e = { key: keyOf((v * 7919) % 6000), tid: { page: v, slot: 0 } };
      tree.insert(e.key, e.tid);
      model.insert(e);
      if (v % 50 === 0) {
        const s = stats();
        seenTiers.add(s.runs.map((r) => r.tier).join(','));
        // Size-tiered: fewer than `fanout` runs per tier, tiers ascending from the newest.
        const perTier = new Map<number, number>();
        for (const r of s.runs) perTier.set(r.tier, (perTier.get(r.tier) ?? 0) + 1);
        for (const n of perTier.values()) expect(n).toBeLessThan(3);
        expect(s.memtablePages).toBeLessThanOrEqual(1);
      }
    }
    // Runs came and went through several tiers: a binary counter in base 3.
    expect(seenTiers).toContain('0,1,2');
    expect([...seenTiers].some((t) => t.includes('3'))).toBe(true);
    const s = stats();
    expect(s.runs.reduce((n, r) => n + r.entries, 0) + s.memtableOps).toBe(6000);
    expect(collect(tree)).toEqual(model.scan());
    // Merged-away pages are reused: the file stays close to what the runs need.
    expect(s.unusedPages).toBeLessThan(s.usedPages);
  });

  it('hides entries behind tombstones, and drops tombstones when merging into the oldest run', () => {
    const tree = create({ memtablePages: 1, fanout: 2 });
    const model = new Model();
    const entries = Array.from({ length: 3000 }, (_, v) => ({ key: keyOf(v), tid: { page: v, slot: 1 } }));
    let sawTombstonesInRuns = false;
    const check = (): void => {
      const s = stats();
      // The oldest run never needs a tombstone: nothing older is left for it to hide.
      if (s.runs.length > 0) expect(s.runs.at(-1)!.tombstones).toBe(0);
      if (s.runs.some((r) => r.tombstones > 0)) sawTombstonesInRuns = true;
    };
    entries.forEach((e, i) => {
      tree.insert(e.key, e.tid);
      model.insert(e);
      if (i % 3 === 2) {
        // Delete one entry from long ago (in a run by now) and the one just inserted.
        const old = entries[i >> 1]!;
        expect(tree.delete(old.key, old.tid)).toBe(model.delete(old));
        expect(tree.delete(e.key, e.tid)).toBe(true);
        model.delete(e);
        expect(tree.delete(e.key, e.tid)).toBe(false);
      }
      if (i % 100 === 0) check();
    });
    check();
    expect(sawTombstonesInRuns).toBe(true);
    expect(collect(tree)).toEqual(model.scan());
    expect(collect(tree, undefined, true)).toEqual(model.scan({}, true));
    // A deleted entry inserted again comes back.
    const back = entries[2]!;
    expect(model.has(back)).toBe(false);
    tree.insert(back.key, back.tid);
    model.insert(back);
    expect(
      collect(tree, { lower: { key: back.key, inclusive: true }, upper: { key: back.key, inclusive: true } }),
    ).toEqual([show(back)]);
  });

  it('keeps an entry inserted twice as two, through flushes and merges, as the B+tree does', () => {
    const tree = create({ memtablePages: 1, fanout: 2 });
    const model = new Model();
    const twice = { key: keyOf(5), tid: { page: 5, slot: 5 } };
    const cycle = (v: number): void => {
      const e = { key: keyOf(v), tid: { page: v, slot: 0 } };
      tree.insert(e.key, e.tid);
      model.insert(e);
    };
    tree.insert(twice.key, twice.tid);
    model.insert(twice);
    for (let v = 100; v < 400; v++) cycle(v); // the first copy goes into a run
    tree.insert(twice.key, twice.tid);
    model.insert(twice);
    expect(collect(tree)).toEqual(model.scan());
    expect(collect(tree).filter((s) => s === show(twice))).toHaveLength(2);
    for (let v = 400; v < 1500; v++) cycle(v); // both copies merge into one entry of count 2
    expect(collect(tree, undefined, true)).toEqual(model.scan({}, true));
    // A cursor standing on the first copy, with writes in between, still returns the second.
    const cursor = tree.scan({ lower: { key: twice.key, inclusive: true } });
    expect(show(cursor.next()!)).toBe(show(twice));
    for (let v = 1500; v < 1800; v++) cycle(v);
    expect(show(cursor.next()!)).toBe(show(twice));
    expect(show(cursor.next()!)).not.toBe(show(twice));
    cursor.close();
    expect(tree.delete(twice.key, twice.tid)).toBe(true);
    model.delete(twice);
    expect(collect(tree)).toEqual(model.scan());
    expect(collect(tree).filter((s) => s === show(twice))).toHaveLength(1);
    expect(tree.delete(twice.key, twice.tid)).toBe(true);
    expect(tree.delete(twice.key, twice.tid)).toBe(false);
  });

  it('scans the memtable and several runs together with every kind of bound, both ways', () => {
    const tree = create({ memtablePages: 1, fanout: 4 });
    const model = new Model();
    const rng = seededRandom(3);
    for (let i = 0; i < 2500; i++) {
      const e = { key: keyOf(rng.int(0, 400), rng.int(0, 30)), tid: { page: i % 50, slot: rng.int(0, 3) } };
      tree.insert(e.key, e.tid);
      model.insert(e);
      if (rng.next() < 0.2) {
        const all = model.entries();
        const victim = all[rng.int(0, all.length - 1)]!;
        expect(tree.delete(victim.key, victim.tid)).toBe(true);
        model.delete(victim);
      }
    }
    const s = stats();
    expect(s.runs.length).toBeGreaterThanOrEqual(3);
    expect(s.memtableOps).toBeGreaterThan(0);
    for (let round = 0; round < 80; round++) {
      const range = randomRange(rng, 400);
      expect(collect(tree, range)).toEqual(model.scan(range));
      expect(collect(tree, range, true)).toEqual(model.scan(range, true));
    }
  });

  it('agrees with a sorted-array model through 6000 random operations, scans and reopens', async () => {
    const big = TestBed.create(16);
    try {
      let tree = LsmTree.create(big.ctx, FILE, 'model_idx', { memtablePages: 2, fanout: 3 });
      const model = new Model();
      const rng = seededRandom(4);
      for (let i = 0; i < 6000; i++) {
        const r = rng.next();
        const all = model.entries();
        if (r < 0.6 || all.length === 0) {
          const e = {
            key: keyOf(rng.int(0, 1500), rng.int(0, 60)),
            tid: { page: rng.int(0, 99), slot: rng.int(0, 9) },
          };
          tree.insert(e.key, e.tid);
          model.insert(e);
        } else if (r < 0.9) {
          // Half the time a live entry, else (probably) a missing one.
          const e =
            rng.next() < 0.5
              ? all[rng.int(0, all.length - 1)]!
              : { key: keyOf(rng.int(0, 1500), 3), tid: { page: rng.int(0, 99), slot: 0 } };
          expect(tree.delete(e.key, e.tid)).toBe(model.delete(e));
        } else {
          const range = randomRange(rng, 1500);
          const backward = rng.next() < 0.5;
          expect(collect(tree, range, backward)).toEqual(model.scan(range, backward));
        }
        if (i % 1500 === 1499) {
          await big.wal.flush();
          big.crash();
          big.recover();
          tree = LsmTree.open(big.ctx, FILE, 'model_idx');
          checkLsmTree(big.pool, FILE);
        }
      }
      expect(collect(tree)).toEqual(model.scan());
    } finally {
      big.destroy();
    }
  });

  it('keeps its thresholds across a reopen and checks them at create', () => {
    const tree = create({ memtablePages: 3, fanout: 5 });
    expect(tree).toMatchObject({ memtableLimit: 3, fanout: 5 });
    expect(LsmTree.open(bed.ctx, FILE)).toMatchObject({ memtableLimit: 3, fanout: 5 });
    expect(() => LsmTree.create(bed.ctx, fileId(17), 'x', { memtablePages: 65 })).toThrow(/out of range/);
    expect(() => LsmTree.create(bed.ctx, fileId(17), 'x', { fanout: 1 })).toThrow(/out of range/);
  });

  it('rejects an entry over 2704 bytes with 54000', () => {
    const tree = create({});
    try {
      tree.insert(new Uint8Array(LSM_MAX_ITEM_SIZE - 7), { page: 0, slot: 2 });
      expect.fail('oversized key accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('54000');
      expect((err as DbError).message).toBe(
        'index row size 2712 exceeds lsm maximum 2704 for index "lsm_idx"',
      );
    }
  });

  it('leaves its entries unchanged when a write cannot pin a page', () => {
    const tree = create({ memtablePages: 1, fanout: 2 });
    for (let v = 0; v < 300; v++) tree.insert(keyOf(v), { page: v, slot: 0 });
    const before = collect(tree);
    const held = Array.from({ length: 8 }, (_, p) => bed.pool.pin(fileId(99), p));
    expect(() => tree.insert(keyOf(1000), { page: 1, slot: 0 })).toThrow(
      expect.objectContaining({ code: '53200' }),
    );
    for (const f of held) bed.pool.unpin(f);
    expect(collect(tree)).toEqual(before);
    tree.insert(keyOf(1000), { page: 1, slot: 0 });
    expect(collect(tree)).toHaveLength(301);
    checkLsmTree(bed.pool, FILE);
  });

  it('refuses to open a file that is not an LSM tree', () => {
    const frame = bed.pool.pinNew(fileId(7));
    bed.pool.unpin(frame);
    expect(() => LsmTree.open(bed.ctx, fileId(7))).toThrow(expect.objectContaining({ code: 'XX002' }));
  });
});

describe('lsmMethod', () => {
  it('is ordered and durable; drop logs and removes the file', () => {
    const bed = TestBed.create(8);
    try {
      expect(lsmMethod).toMatchObject({ name: 'lsm', ordered: true, durable: true });
      const index = lsmMethod.create(bed.ctx, FILE);
      index.insert(keyOf(1), { page: 1, slot: 1 });
      expect(index.pageCount()).toBe(2);
      lsmMethod.drop(bed.ctx, FILE);
      expect(bed.pool.pageCount(FILE)).toBe(0);
      const kinds = [...bed.wal.read(bed.redoLsn)].map((r) => r.record.kind);
      expect(kinds).toEqual(['file-create', 'pages', 'pages', 'file-drop']);
    } finally {
      bed.destroy();
    }
  });
});

describe('lsm crash safety', () => {
  type Op = { readonly kind: 'insert' | 'delete'; readonly entry: Entry };

  /** The model after the first `n` operations, scanned. */
  function modelAfter(ops: readonly Op[], n: number): string[] {
    const model = new Model();
    for (const op of ops.slice(0, n)) {
      if (op.kind === 'insert') model.insert(op.entry);
      else model.delete(op.entry);
    }
    return model.scan();
  }

  /** Runs random inserts and deletes of `keyOf(0 … keys)`; returns them and each one's end LSN. */
  function run(bed: TestBed, tree: LsmTree, seed: number, count: number, keys: number, checkpointAt = -1) {
    const model = new Model();
    const rng = seededRandom(seed);
    const ops: Op[] = [];
    const ends: number[] = [];
    let widest = { from: 0, to: 0 };
    for (let i = 0; i < count; i++) {
      const from = bed.wal.insertLsn;
      const all = model.entries();
      const op: Op =
        all.length > 0 && rng.next() < 0.3
          ? { kind: 'delete', entry: all[rng.int(0, all.length - 1)]! }
          : { kind: 'insert', entry: { key: keyOf(rng.int(0, keys), 20), tid: { page: i, slot: 0 } } };
      if (op.kind === 'insert') {
        tree.insert(op.entry.key, op.entry.tid);
        model.insert(op.entry);
      } else {
        expect(tree.delete(op.entry.key, op.entry.tid)).toBe(true);
        model.delete(op.entry);
      }
      if (i === checkpointAt) bed.checkpoint();
      ops.push(op);
      ends.push(bed.wal.insertLsn);
      if (bed.wal.insertLsn - from > widest.to - widest.from) widest = { from, to: bed.wal.insertLsn };
    }
    return { ops, ends, widest };
  }

  /**
   * Replays the log onto the (empty) data files up to `cutoff`, as recovery would after a crash
   * that kept exactly that much WAL. Valid because the pool is large enough never to write a
   * page, so the files hold nothing the log does not.
   */
  function recoverUpTo(bed: TestBed, cutoff: number): void {
    for (const { end, record } of bed.wal.read(bed.redoLsn)) {
      if (end > cutoff) break;
      if (record.kind === 'file-create') bed.pool.createFile(record.file);
      if (record.kind !== 'pages') continue;
      for (const change of record.changes) {
        const frame = change.image
          ? bed.pool.pinForOverwrite(change.file, change.page)
          : bed.pool.pin(change.file, change.page);
        if (change.image || readPageLsn(frame.page) < end) applyPageChange(change, frame.page, end as Lsn);
        bed.pool.markDirty(frame);
        bed.pool.unpin(frame);
      }
    }
  }

  it('recovers the last whole operation after a crash at every record of a cascading compaction', async () => {
    const bed = TestBed.create(1024);
    try {
      const tree = LsmTree.create(bed.ctx, FILE, 'crash_lsm_idx', { memtablePages: 1, fanout: 2 });
      const { ops, ends, widest } = run(bed, tree, 9, 1200, 5000);
      await bed.wal.flush();
      checkLsmTree(bed.pool, FILE);
      // Every record boundary inside the operation that wrote the most (a flush cascading
      // through merges), and a sample elsewhere.
      const cutoffs = [...bed.wal.read(bed.redoLsn)]
        .map((r) => r.end as number)
        .filter((end, i) => i >= 2 && ((end > widest.from && end <= widest.to) || i % 97 === 0));
      expect(cutoffs.filter((c) => c > widest.from && c <= widest.to).length).toBeGreaterThan(10);
      for (const cutoff of cutoffs) {
        bed.crash();
        recoverUpTo(bed, cutoff);
        const done = ends.filter((end) => end <= cutoff).length;
        const reopened = LsmTree.open(bed.ctx, FILE, 'crash_lsm_idx');
        checkLsmTree(bed.pool, FILE);
        expect(collect(reopened), `crash at ${cutoff}`).toEqual(modelAfter(ops, done));
      }
      // After the last crash the tree keeps working, reusing what the crash left behind.
      bed.crash();
      bed.recover();
      const tree2 = LsmTree.open(bed.ctx, FILE, 'crash_lsm_idx');
      const pages = tree2.pageCount();
      for (let v = 0; v < 50; v++) tree2.insert(keyOf(v, 20), { page: 9999, slot: v });
      expect(tree2.pageCount()).toBeLessThanOrEqual(pages + 1);
      expect(collect(tree2)).toHaveLength(modelAfter(ops, ops.length).length + 50);
    } finally {
      bed.destroy();
    }
  });

  it('recovers an intact tree holding a prefix of the operations when the log tail is lost', () => {
    const bed = TestBed.create(16);
    try {
      const tree = LsmTree.create(bed.ctx, FILE, 'crash_lsm_idx', { memtablePages: 2, fanout: 3 });
      const { ops, ends } = run(bed, tree, 10, 4000, 20_000, 2500);
      // No flush: whatever the WAL had not handed to the OS is lost, as with kill -9.
      bed.crash();
      const survivedTo = bed.wal.insertLsn;
      bed.recover();
      const survived = ends.filter((end) => end <= survivedTo).length;
      expect(survived).toBeGreaterThan(2500);
      const reopened = LsmTree.open(bed.ctx, FILE, 'crash_lsm_idx');
      checkLsmTree(bed.pool, FILE);
      expect(survived).toBeLessThan(ops.length);
      expect(collect(reopened)).toEqual(modelAfter(ops, survived));
    } finally {
      bed.destroy();
    }
  });
});
