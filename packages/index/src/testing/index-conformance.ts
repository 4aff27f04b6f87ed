/**
 * The conformance suite every `Index` implementation runs: btree here; hash, lsm and an
 * embedder's in their own tests. It declares vitest `describe`/`it` blocks, so it is exported
 * from `@rustydb/index/testing` only and production code never imports vitest.
 *
 * The suite checks the contract of index-method.ts against a model (a sorted array of
 * entries), not one implementation's layout: duplicates are kept, delete removes exactly one
 * (key, tid), truncate empties, entries survive a reopen. Ordered indexes must also return
 * entries in (key, tid) order, backward scans in reverse, and honour range bounds (inclusive,
 * exclusive, prefix); unordered ones are checked as sets.
 */
import { type Tid, formatTid, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Index, KeyBound, KeyRange } from '../index-method.js';
import { compareKeys, encodeKey, encodeKeyPrefix } from '../key-encoding.js';
import { type Random, seededRandom } from './random.js';

/** What a test gets from the factory: a fresh empty index, and how to reopen and clean it up. */
export interface IndexHarness {
  readonly index: Index;
  /**
   * Opens the same index again through its method; a durable index may also crash and recover
   * here. Entries must survive it (the harness makes them durable first if it must).
   */
  reopen(): Index | Promise<Index>;
  /** Frees what the factory made (files, pools). */
  cleanup?(): void | Promise<void>;
}

export interface IndexSuiteOptions {
  /** Entries for the bulk tests (default 3000). */
  readonly entries?: number;
  /**
   * The largest key the index accepts, if it has a limit: a key one byte longer must throw
   * DbError 54000.
   */
  readonly maxKeySize?: number;
}

/** The suite's keys: (int4, text), as a two-column index would store them. */
const KEY_TYPES = [sqlType('int4'), sqlType('text')];
const keyOf = (n: number, s: string): Uint8Array => encodeKey([n, s], KEY_TYPES);
const tid = (page: number, slot: number): Tid => ({ page, slot });

interface Entry {
  readonly key: Uint8Array;
  readonly tid: Tid;
}

const compareEntries = (a: Entry, b: Entry): number =>
  compareKeys(a.key, b.key) || a.tid.page - b.tid.page || a.tid.slot - b.tid.slot;
const show = (e: Entry): string => `${Buffer.from(e.key).toString('hex')}@${formatTid(e.tid)}`;

/** Every entry a scan returns, copied. Closes the cursor. */
function collect(index: Index, range?: KeyRange, backward = false): Entry[] {
  const out: Entry[] = [];
  const cursor = index.scan(range, backward);
  try {
    for (let e = cursor.next(); e !== undefined; e = cursor.next())
      out.push({ key: e.key.slice(), tid: e.tid });
  } finally {
    cursor.close();
  }
  return out;
}

/** Whether `e` lies within `range`, by the contract's definition of bounds. */
function inRange(e: Entry, range: KeyRange): boolean {
  const startsWith = (k: Uint8Array, p: Uint8Array): boolean =>
    k.length >= p.length && compareKeys(k.subarray(0, p.length), p) === 0;
  const { lower, upper } = range;
  if (lower) {
    const c = compareKeys(e.key, lower.key);
    if (
      lower.inclusive ? c < 0 : c < 0 || c === 0 || (lower.prefix === true && startsWith(e.key, lower.key))
    ) {
      return false;
    }
  }
  if (upper) {
    const c = compareKeys(e.key, upper.key);
    const within = upper.inclusive
      ? c <= 0 || (upper.prefix === true && startsWith(e.key, upper.key))
      : c < 0;
    if (!within) return false;
  }
  return true;
}

/**
 * Declares the suite for one implementation. `ordered` says whether the index serves ordered
 * and range scans (IndexMethod.ordered); without it, only full scans are checked, as sets.
 */
export function describeIndex(
  name: string,
  factory: () => IndexHarness | Promise<IndexHarness>,
  ordered: boolean,
  options: IndexSuiteOptions = {},
): void {
  const bulk = options.entries ?? 3000;

  describe(`Index conformance: ${name}`, () => {
    let harness: IndexHarness;
    let index: Index;
    /** What the index should hold, sorted. */
    let model: Entry[];

    beforeEach(async () => {
      harness = await factory();
      index = harness.index;
      model = [];
    });
    afterEach(async () => {
      await harness.cleanup?.();
    });

    const add = (e: Entry): void => {
      index.insert(e.key, e.tid);
      model.push(e);
    };
    const sortedModel = (): Entry[] => model.slice().sort(compareEntries);
    const expectSameEntries = (got: Entry[], want: Entry[]): void => {
      const g = ordered ? got.map(show) : got.map(show).sort();
      const w = ordered ? want.map(show) : want.map(show).sort();
      expect(g).toEqual(w);
    };
    /** Random entries: few distinct keys, so duplicates abound. */
    const fill = (rng: Random, count: number): void => {
      for (let i = 0; i < count; i++)
        add({ key: keyOf(rng.int(-50, 50), 'k'.repeat(rng.int(0, 20))), tid: tid(i, i % 7) });
    };

    it('scans nothing when empty', () => {
      expect(collect(index)).toEqual([]);
      if (ordered) expect(collect(index, undefined, true)).toEqual([]);
    });

    it('returns every entry, duplicates of a key included', () => {
      add({ key: keyOf(1, 'a'), tid: tid(5, 1) });
      add({ key: keyOf(1, 'a'), tid: tid(2, 9) });
      add({ key: keyOf(0, 'z'), tid: tid(7, 7) });
      add({ key: keyOf(1, 'a'), tid: tid(2, 3) });
      expectSameEntries(collect(index), sortedModel());
    });

    it(`keeps ${bulk} random entries ${ordered ? 'in (key, tid) order' : ''}`, () => {
      fill(seededRandom(1), bulk);
      expectSameEntries(collect(index), sortedModel());
      if (ordered)
        expect(collect(index, undefined, true).map(show)).toEqual(sortedModel().reverse().map(show));
    });

    it('deletes exactly the (key, tid) asked for', () => {
      const k = keyOf(3, 'dup');
      add({ key: k, tid: tid(1, 1) });
      add({ key: k, tid: tid(1, 2) });
      add({ key: keyOf(4, 'other'), tid: tid(1, 1) });
      expect(index.delete(k, tid(1, 3))).toBe(false);
      expect(index.delete(keyOf(5, 'missing'), tid(1, 1))).toBe(false);
      expect(index.delete(k, tid(1, 1))).toBe(true);
      expect(index.delete(k, tid(1, 1))).toBe(false);
      model.splice(0, 1);
      expectSameEntries(collect(index), sortedModel());
    });

    it('matches the model through random inserts and deletes', () => {
      const rng = seededRandom(2);
      fill(rng, bulk);
      rng.shuffle(model);
      const gone = model.splice(0, Math.floor(bulk / 2));
      for (const e of gone) expect(index.delete(e.key, e.tid), show(e)).toBe(true);
      for (const e of gone.slice(0, 20)) expect(index.delete(e.key, e.tid)).toBe(false);
      fill(rng, 200);
      expectSameEntries(collect(index), sortedModel());
    });

    it('sees every entry that exists when the scan starts once, with writes in between', () => {
      const rng = seededRandom(3);
      fill(rng, bulk);
      const before = new Set(model.map(show));
      const cursor = index.scan();
      const seen = new Map<string, number>();
      try {
        for (let e = cursor.next(), i = 0; e !== undefined; e = cursor.next(), i++) {
          const s = show({ key: e.key, tid: e.tid });
          seen.set(s, (seen.get(s) ?? 0) + 1);
          if (i % 10 === 0) index.insert(keyOf(rng.int(-60, 60), 'new'), tid(100_000 + i, 0));
          // Deleting the entry just returned (as vacuum does) must not lose the cursor's place.
          if (i % 7 === 3) expect(index.delete(e.key.slice(), e.tid)).toBe(true);
        }
      } finally {
        cursor.close();
      }
      for (const s of before) expect(seen.get(s), s).toBe(1);
    });

    it('keeps each returned key valid until the next call, writes included; closes idempotently', () => {
      const first = keyOf(1, 'first');
      add({ key: first, tid: tid(1, 1) });
      add({ key: keyOf(2, 'second'), tid: tid(1, 2) });
      const cursor = index.scan();
      const got = cursor.next()!;
      // Writes between two calls may move or rewrite the page the entry came from.
      for (let i = 0; i < 300; i++) index.insert(keyOf(1, `f${i}`.padEnd(40, '.')), tid(2, i));
      expect(got.key).toEqual(first);
      expect(got.tid).toEqual(tid(1, 1));
      cursor.close();
      cursor.close();
      expect(cursor.next()).toBeUndefined();
    });

    it('truncates to empty and keeps working', () => {
      fill(seededRandom(4), bulk);
      index.truncate();
      model = [];
      expect(collect(index)).toEqual([]);
      add({ key: keyOf(9, 'after'), tid: tid(3, 3) });
      expectSameEntries(collect(index), sortedModel());
      expect(index.pageCount()).toBeGreaterThan(0);
    });

    it('keeps its entries across a reopen', async () => {
      fill(seededRandom(5), bulk);
      index = await harness.reopen();
      expectSameEntries(collect(index), sortedModel());
      add({ key: keyOf(0, 'reopened'), tid: tid(9, 9) });
      expectSameEntries(collect(index), sortedModel());
    });

    if (options.maxKeySize !== undefined) {
      const max = options.maxKeySize;
      it(`accepts keys of ${max} bytes and rejects longer ones with 54000`, () => {
        add({ key: new Uint8Array(max).fill(7), tid: tid(1, 1) });
        expect(() => index.insert(new Uint8Array(max + 1).fill(7), tid(1, 2))).toThrow(
          expect.objectContaining({ code: '54000' }),
        );
        expectSameEntries(collect(index), sortedModel());
      });
    }

    if (!ordered) return;

    it('honours inclusive and exclusive bounds, forward and backward', () => {
      const rng = seededRandom(6);
      fill(rng, bulk);
      const sorted = sortedModel();
      for (let round = 0; round < 60; round++) {
        const bound = (): KeyBound | undefined =>
          rng.next() < 0.15
            ? undefined
            : { key: keyOf(rng.int(-55, 55), 'k'.repeat(rng.int(0, 20))), inclusive: rng.next() < 0.5 };
        const lower = bound();
        const upper = bound();
        const range: KeyRange = { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
        const want = sorted.filter((e) => inRange(e, range));
        expect(collect(index, range).map(show)).toEqual(want.map(show));
        expect(collect(index, range, true).map(show)).toEqual(want.reverse().map(show));
      }
    });

    it('honours prefix bounds on leading columns', () => {
      const rng = seededRandom(7);
      fill(rng, bulk);
      const sorted = sortedModel();
      for (let round = 0; round < 40; round++) {
        const p = (): Uint8Array => encodeKeyPrefix([rng.int(-55, 55)], KEY_TYPES);
        const range: KeyRange = {
          lower: { key: p(), inclusive: rng.next() < 0.5, prefix: true },
          upper: { key: p(), inclusive: rng.next() < 0.5, prefix: true },
        };
        const want = sorted.filter((e) => inRange(e, range));
        expect(collect(index, range).map(show)).toEqual(want.map(show));
        expect(collect(index, range, true).map(show)).toEqual(want.reverse().map(show));
      }
      // Equality on the first column: both bounds the same inclusive prefix.
      const eq = encodeKeyPrefix([7], KEY_TYPES);
      const range = {
        lower: { key: eq, inclusive: true, prefix: true },
        upper: { key: eq, inclusive: true, prefix: true },
      };
      expect(collect(index, range).map(show)).toEqual(sorted.filter((e) => inRange(e, range)).map(show));
    });
  });
}
