import { type Tid, fileId, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { type BTreeStats, checkBTree } from './check-btree.js';
import type { Index, KeyRange } from './index-method.js';
import { compareKeys, encodeKey } from './key-encoding.js';
import { type Random, seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16384);
const TYPES = [sqlType('text'), sqlType('int4')];
/** Keys of ~70 bytes: about 100 entries per leaf. */
const keyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(50)}`, v % 3], TYPES);
/** Keys of ~600 bytes: about 12 entries per leaf, so a few hundred entries make a 3-level tree. */
const bigKeyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'#'.repeat(590)}`], TYPES.slice(0, 1));

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

/** checkBTree, plus: every page of the file is the meta page, in the tree, or free. */
function checkAll(bed: TestBed): BTreeStats {
  const stats = checkBTree(bed.pool, FILE);
  expect(1 + stats.leafPages + stats.internalPages + stats.freePages).toBe(stats.filePages);
  return stats;
}

/** A sorted model of the tree's entries. */
class Model {
  readonly live = new Map<string, Entry>();
  insert(e: Entry): void {
    this.live.set(show(e), e);
  }
  delete(e: Entry): void {
    this.live.delete(show(e));
  }
  sorted(): string[] {
    return [...this.live.values()].sort(compareEntries).map(show);
  }
  pick(rng: Random): Entry {
    const all = [...this.live.values()];
    return all[rng.int(0, all.length - 1)]!;
  }
}

describe('B+tree page deletion and merges', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(64);
  });
  afterEach(() => bed.destroy());

  it('shrinks 100,000 entries with 90% deleted, then reuses the freed pages', () => {
    const tree = BTree.create(bed.ctx, FILE, 'shrink_idx');
    const rng = seededRandom(7);
    const values = rng.shuffle(Array.from({ length: 100_000 }, (_, i) => i));
    for (const v of values) tree.insert(keyOf(v), { page: v, slot: 1 });
    const full = checkAll(bed);
    rng.shuffle(values);
    const deleted = values.slice(0, 90_000);
    for (const v of deleted) expect(tree.delete(keyOf(v), { page: v, slot: 1 })).toBe(true);
    const shrunk = checkAll(bed);
    console.log(`100k random inserts: ${JSON.stringify(full)}; 90% deleted: ${JSON.stringify(shrunk)}`);
    expect(shrunk.entries).toBe(10_000);
    expect(shrunk.filePages).toBe(full.filePages);
    // Leaves end up at least about a quarter full (merges stop there), so far fewer are left.
    expect(shrunk.leafPages).toBeLessThan(full.leafPages * 0.4);
    expect(shrunk.freePages).toBe(
      full.leafPages + full.internalPages - shrunk.leafPages - shrunk.internalPages,
    );
    const kept = values.slice(90_000).sort((a, b) => a - b);
    const want = kept.map((v) => show({ key: keyOf(v), tid: { page: v, slot: 1 } }));
    expect(collect(tree)).toEqual(want);
    expect(collect(tree, undefined, true)).toEqual(want.slice().reverse());

    // Inserting again takes pages from the free list before the file grows.
    for (const v of deleted.slice(0, 30_000)) tree.insert(keyOf(v), { page: v, slot: 2 });
    const regrown = checkAll(bed);
    expect(regrown.entries).toBe(40_000);
    expect(regrown.filePages).toBe(full.filePages);
    expect(regrown.freePages).toBeLessThan(shrunk.freePages);
  });

  it('collapses to one empty root leaf when every entry is deleted, then grows from it', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 5000; v++) tree.insert(bigKeyOf(v), { page: v, slot: 0 });
    const full = checkAll(bed);
    expect(full.height).toBeGreaterThanOrEqual(3);
    const rng = seededRandom(3);
    for (const v of rng.shuffle(Array.from({ length: 5000 }, (_, i) => i))) {
      expect(tree.delete(bigKeyOf(v), { page: v, slot: 0 })).toBe(true);
    }
    const empty = checkAll(bed);
    expect(empty).toMatchObject({ height: 1, entries: 0, leafPages: 1, internalPages: 0 });
    expect(empty.freePages).toBe(full.filePages - 2);
    expect(collect(tree)).toEqual([]);
    for (let v = 0; v < 5000; v++) tree.insert(bigKeyOf(v), { page: v, slot: 0 });
    const again = checkAll(bed);
    expect(again).toMatchObject({ height: full.height, entries: 5000 });
    expect(again.filePages).toBe(full.filePages);
  });

  it('deletes pages of ascending and descending ranges: first leaf, last leaf, whole subtrees', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 3000; v++) tree.insert(bigKeyOf(v), { page: v, slot: 0 });
    const model = new Model();
    for (let v = 0; v < 3000; v++) model.insert({ key: bigKeyOf(v), tid: { page: v, slot: 0 } });
    // From the left (the first leaf goes, again and again), from the right, then the middle.
    const order = [
      ...Array.from({ length: 1000 }, (_, i) => i),
      ...Array.from({ length: 1000 }, (_, i) => 2999 - i),
      ...Array.from({ length: 900 }, (_, i) => 1050 + i),
    ];
    for (const [i, v] of order.entries()) {
      const e = { key: bigKeyOf(v), tid: { page: v, slot: 0 } };
      expect(tree.delete(e.key, e.tid)).toBe(true);
      model.delete(e);
      if (i % 50 === 0) checkAll(bed);
    }
    const stats = checkAll(bed);
    expect(stats.entries).toBe(100);
    expect(stats.leafPages).toBeLessThanOrEqual(10);
    expect(collect(tree)).toEqual(model.sorted());
    expect(collect(tree, undefined, true)).toEqual(model.sorted().reverse());
  });

  it('matches a model through random insert/delete phases, checking the whole tree at each step', () => {
    const tree = BTree.create(bed.ctx, FILE);
    const rng = seededRandom(2024);
    const model = new Model();
    let next = 0;
    for (let step = 0; step < 3000; step++) {
      // Phases of 500 steps alternate between growing (75% inserts) and shrinking (75% deletes).
      const growing = Math.floor(step / 500) % 2 === 0;
      if (model.live.size > 0 && rng.next() < (growing ? 0.25 : 0.75)) {
        const e = model.pick(rng);
        expect(tree.delete(e.key, e.tid)).toBe(true);
        model.delete(e);
      } else {
        const v = rng.int(0, 2000);
        const e = { key: bigKeyOf(v), tid: { page: next++, slot: v % 7 } };
        tree.insert(e.key, e.tid);
        model.insert(e);
      }
      // Deleting an absent entry changes nothing.
      if (step % 97 === 0) expect(tree.delete(bigKeyOf(5000), { page: 1, slot: 1 })).toBe(false);
      expect(checkAll(bed).entries).toBe(model.live.size);
      if (step % 100 === 0) {
        const want = model.sorted();
        expect(collect(tree)).toEqual(want);
        expect(collect(tree, undefined, true)).toEqual(want.slice().reverse());
      }
    }
  });
});

describe('cursors across page deletion', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(32);
  });
  afterEach(() => bed.destroy());

  for (const backward of [false, true]) {
    it(`a ${backward ? 'backward' : 'forward'} cursor continues while its leaf and those ahead merge, go and are reused`, () => {
      const tree = BTree.create(bed.ctx, FILE);
      const model = new Model();
      for (let v = 0; v < 2000; v++) {
        const e = { key: bigKeyOf(v), tid: { page: v, slot: 0 } };
        tree.insert(e.key, e.tid);
        model.insert(e);
      }
      const rng = seededRandom(backward ? 9 : 8);
      const cursor = tree.scan(undefined, backward);
      const seen: string[] = [];
      const deletedAhead = new Set<string>();
      let extra = 0;
      for (let e = cursor.next(); e !== undefined; e = cursor.next()) {
        const got = show(e);
        seen.push(got);
        expect(deletedAhead.has(got)).toBe(false);
        // Between two steps, another session's vacuum deletes entries everywhere: around the
        // cursor (its own leaf empties or merges) and ahead of it; inserts reuse freed pages.
        for (let k = 0; k < 3 && model.live.size > 0; k++) {
          const victim = model.pick(rng);
          expect(tree.delete(victim.key, victim.tid)).toBe(true);
          model.delete(victim);
          deletedAhead.add(show(victim));
        }
        if (seen.length % 10 === 0) {
          const added = { key: bigKeyOf(rng.int(0, 1999)), tid: { page: 5000 + extra++, slot: 1 } };
          tree.insert(added.key, added.tid);
          model.insert(added);
        }
      }
      // Every original entry still present at the end was returned, in order, exactly once.
      const survivors = [...model.live.values()]
        .filter((e) => e.tid.page < 5000)
        .sort(compareEntries)
        .map(show);
      const seenOriginal = seen.filter((s) => !s.endsWith(',1'));
      const ordered = backward ? survivors.slice().reverse() : survivors;
      expect(seenOriginal.filter((s) => model.live.has(s))).toEqual(ordered);
      expect(new Set(seen).size).toBe(seen.length);
      const stats = checkAll(bed);
      expect(stats.freePages).toBeGreaterThan(0);
    });
  }

  for (const backward of [false, true]) {
    it(`a ${backward ? 'backward' : 'forward'} cursor whose leaf was deleted and reused continues by key`, () => {
      const tree = BTree.create(bed.ctx, FILE);
      for (let v = 0; v < 600; v++) tree.insert(bigKeyOf(v), { page: v, slot: 0 });
      const cursor = tree.scan(undefined, backward);
      const first = backward ? 599 : 0;
      const step = backward ? -1 : 1;
      for (let i = 0; i < 5; i++) expect(cursor.next()?.tid.page).toBe(first + step * i);
      // Everything from the cursor's leaf to 100 entries ahead goes: its leaf is deleted...
      for (let i = 0; i <= 100; i++)
        tree.delete(bigKeyOf(first + step * i), { page: first + step * i, slot: 0 });
      const freed = checkAll(bed).freePages;
      expect(freed).toBeGreaterThan(5);
      // ...and reused by splits at the other end of the tree.
      for (let v = 0; v < 100; v++)
        tree.insert(bigKeyOf(backward ? v : 599 - v), { page: 1000 + v, slot: 0 });
      expect(checkAll(bed).freePages).toBeLessThan(freed);
      expect(cursor.next()?.tid.page).toBe(first + step * 101);
      let rest = 1;
      while (cursor.next() !== undefined) rest++;
      expect(rest).toBe(600 - 101 + 100);
    });
  }

  it('scans ranges backward across merged pages', () => {
    const tree = BTree.create(bed.ctx, FILE);
    for (let v = 0; v < 3000; v++) tree.insert(keyOf(v), { page: v, slot: 0 });
    const before = checkAll(bed);
    // Keep every 10th entry: leaves fall under a quarter full and merge with their neighbours.
    for (let v = 0; v < 3000; v++) if (v % 10 !== 0) tree.delete(keyOf(v), { page: v, slot: 0 });
    const after = checkAll(bed);
    expect(after.leafPages).toBeLessThan(before.leafPages / 2);
    const kept = Array.from({ length: 300 }, (_, i) =>
      show({ key: keyOf(i * 10), tid: { page: i * 10, slot: 0 } }),
    );
    const range = {
      lower: { key: keyOf(455), inclusive: true },
      upper: { key: keyOf(2500), inclusive: true },
    };
    expect(collect(tree, range, true)).toEqual(kept.slice(46, 251).reverse());
    expect(collect(tree, undefined, true)).toEqual(kept.slice().reverse());
  });
});

describe('page deletion when the pool runs out of buffers', () => {
  it('either deletes or fails with 53200 leaving the tree untouched', () => {
    const bed = TestBed.create(12);
    try {
      const tree = BTree.create(bed.ctx, FILE);
      const rng = seededRandom(17);
      const values = rng.shuffle(Array.from({ length: 300 }, (_, v) => v));
      for (const v of values) tree.insert(bigKeyOf(v), { page: v, slot: 0 });
      let refused = 0;
      for (const v of rng.shuffle(values.slice())) {
        const before = collect(tree);
        const shape = checkAll(bed);
        // Two free frames: a plain delete fits, a page deletion or merge does not.
        const held = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => bed.pool.pin(fileId(99), i));
        let error: unknown;
        try {
          tree.delete(bigKeyOf(v), { page: v, slot: 0 });
        } catch (err) {
          error = err;
        }
        for (const f of held) bed.pool.unpin(f);
        if (error !== undefined) {
          expect(error).toMatchObject({ code: '53200' });
          refused++;
          expect(collect(tree)).toEqual(before);
          expect(checkAll(bed)).toEqual(shape);
          expect(tree.delete(bigKeyOf(v), { page: v, slot: 0 })).toBe(true);
        }
        checkAll(bed);
      }
      expect(refused).toBeGreaterThan(10);
      expect(checkAll(bed)).toMatchObject({ height: 1, entries: 0 });
    } finally {
      bed.destroy();
    }
  });
});

describe('crash safety of page deletion', () => {
  type Op = { kind: 'insert' | 'delete'; entry: Entry };

  /**
   * 200 inserts in random order, every entry deleted in another random order (the tree shrinks
   * to its root leaf), then 100 inserts that take their pages from the free list.
   */
  function workload(seed: number): Op[] {
    const rng = seededRandom(seed);
    const entries = rng.shuffle(
      Array.from({ length: 200 }, (_, v) => ({ key: bigKeyOf(v), tid: { page: v, slot: 0 } })),
    );
    const ops: Op[] = entries.map((entry) => ({ kind: 'insert', entry }));
    for (const entry of rng.shuffle(entries.slice())) ops.push({ kind: 'delete', entry });
    for (let v = 0; v < 100; v++) {
      ops.push({
        kind: 'insert',
        entry: { key: bigKeyOf(rng.int(0, 400)), tid: { page: 1000 + v, slot: 1 } },
      });
    }
    return ops;
  }

  /** A fresh 8-frame bed (pages are evicted, so disk holds a mix of states) running ops[0, n). */
  function run(ops: readonly Op[], n: number, checkpointAt: number): { bed: TestBed; stats: BTreeStats[] } {
    const bed = TestBed.create(8);
    const tree = BTree.create(bed.ctx, FILE, 'crash_idx');
    const stats: BTreeStats[] = [];
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      if (op.kind === 'insert') tree.insert(op.entry.key, op.entry.tid);
      else expect(tree.delete(op.entry.key, op.entry.tid)).toBe(true);
      if (i === checkpointAt) bed.checkpoint();
      if (n === ops.length) stats.push(checkBTree(bed.pool, FILE));
    }
    return { bed, stats };
  }

  it('recovers a valid tree after a crash at every WAL record of a shrinking workload', () => {
    const ops = workload(31);
    const checkpointAt = 300;
    // The reference run: which deletes changed the tree's shape (merges, deletions, collapses).
    const reference = run(ops, ops.length, checkpointAt);
    reference.bed.destroy();
    const shapes = reference.stats.map((s) => `${s.height}/${s.leafPages}/${s.internalPages}/${s.freePages}`);
    const structural = shapes.filter((s, i) => i >= 200 && s !== shapes[i - 1]).length;
    expect(structural).toBeGreaterThan(15);
    expect(reference.stats[399]).toMatchObject({ height: 1, entries: 0, leafPages: 1 });
    expect(Math.max(...reference.stats.map((s) => s.height))).toBeGreaterThanOrEqual(3);
    // The last inserts grew the tree from the free list, not the file.
    expect(reference.stats.at(-1)!.filePages).toBe(reference.stats[399]!.filePages);
    expect(reference.stats.at(-1)!.freePages).toBeLessThan(reference.stats[399]!.freePages);

    // Each op is one WAL record: crashing after op n is crashing between two records.
    // Every record of the shrinking phase; every 4th of the regrowth (each run replays from 0).
    for (let n = 200; n <= ops.length; n += n < 400 ? 1 : 4) {
      const { bed } = run(ops, n, checkpointAt);
      try {
        bed.wal.flushSync(bed.wal.insertLsn);
        bed.crash();
        bed.recover();
        const tree = BTree.open(bed.ctx, FILE, 'crash_idx');
        const model = new Model();
        const apply = (op: Op): void =>
          op.kind === 'insert' ? model.insert(op.entry) : model.delete(op.entry);
        for (const op of ops.slice(0, n)) apply(op);
        const stats = checkAll(bed);
        expect(`${stats.height}/${stats.leafPages}/${stats.internalPages}/${stats.freePages}`).toBe(
          shapes[n - 1],
        );
        expect(collect(tree)).toEqual(model.sorted());
        expect(collect(tree, undefined, true)).toEqual(model.sorted().reverse());
        // The recovered tree carries on with the workload: shrinking, and growing from the list.
        for (const op of ops.slice(n, n + 15)) {
          if (op.kind === 'insert') tree.insert(op.entry.key, op.entry.tid);
          else expect(tree.delete(op.entry.key, op.entry.tid)).toBe(true);
          apply(op);
        }
        checkAll(bed);
        expect(collect(tree)).toEqual(model.sorted());
      } finally {
        bed.destroy();
      }
    }
  });
});
