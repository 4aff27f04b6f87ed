import { describe, expect, it } from 'vitest';
import { HeldLocks, keyInRange, PROMOTE_AFTER, PredicateLockTable } from './predicate-locks.js';

const k = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
const owner = () => ({ locks: new HeldLocks() });

describe('keyInRange', () => {
  it('honours inclusive and exclusive bounds', () => {
    const r = { lower: { key: k(2), inclusive: true }, upper: { key: k(5), inclusive: false } };
    expect([1, 2, 3, 4, 5, 6].map((b) => keyInRange(k(b), r))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(keyInRange(k(2), { lower: { key: k(2), inclusive: false } })).toBe(false);
    expect(keyInRange(k(5), { upper: { key: k(5), inclusive: true } })).toBe(true);
    expect(keyInRange(k(9, 9), {})).toBe(true);
  });

  it('treats prefix bounds as the index scan does', () => {
    // Every key starting with (3) is inside an inclusive prefix range [3, 3].
    const eq = {
      lower: { key: k(3), inclusive: true, prefix: true },
      upper: { key: k(3), inclusive: true, prefix: true },
    };
    expect(keyInRange(k(3, 1), eq)).toBe(true);
    expect(keyInRange(k(3, 255, 7), eq)).toBe(true);
    expect(keyInRange(k(4), eq)).toBe(false);
    expect(keyInRange(k(2, 255), eq)).toBe(false);
    // `> 3` on the leading column: an exclusive prefix lower bound skips every key starting with 3.
    const gt = { lower: { key: k(3), inclusive: false, prefix: true } };
    expect(keyInRange(k(3, 9), gt)).toBe(false);
    expect(keyInRange(k(4), gt)).toBe(true);
    // `< 3`: an exclusive prefix upper bound.
    const lt = { upper: { key: k(3), inclusive: false, prefix: true } };
    expect(keyInRange(k(3, 0), lt)).toBe(false);
    expect(keyInRange(k(2, 200), lt)).toBe(true);
  });
});

describe('PredicateLockTable', () => {
  it('finds the holders of relation, tuple and key-range locks', () => {
    const t = new PredicateLockTable<ReturnType<typeof owner>>();
    const a = owner();
    const b = owner();
    t.lockRelation(a, 10);
    t.lockTuple(b, 10, 7);
    t.lockKeyRange(b, 20, { lower: { key: k(1), inclusive: true }, upper: { key: k(3), inclusive: true } });
    expect([...(t.holdersOfRelation(10) ?? [])]).toEqual([a]);
    expect([...(t.holdersOfTuple(10, 7) ?? [])]).toEqual([b]);
    expect(t.holdersOfTuple(10, 8)).toBeUndefined();
    expect(t.holdersOfKey(20, k(2))).toEqual([b]);
    expect(t.holdersOfKey(20, k(4))).toEqual([]);
    t.releaseAll(b);
    expect(t.holdersOfTuple(10, 7)).toBeUndefined();
    expect(t.holdersOfKey(20, k(2))).toEqual([]);
    expect(b.locks.size).toBe(0);
  });

  it('skips tuple locks under a relation lock and drops them when one is taken', () => {
    const t = new PredicateLockTable<ReturnType<typeof owner>>();
    const a = owner();
    t.lockTuple(a, 10, 1);
    t.lockRelation(a, 10);
    expect(t.holdersOfTuple(10, 1)).toBeUndefined();
    t.lockTuple(a, 10, 2);
    expect(a.locks.size).toBe(1);
  });

  it('promotes many tuple locks to a relation lock and many ranges to the whole index', () => {
    const t = new PredicateLockTable<ReturnType<typeof owner>>();
    const a = owner();
    for (let tid = 0; tid <= PROMOTE_AFTER; tid++) t.lockTuple(a, 10, tid);
    expect([...(t.holdersOfRelation(10) ?? [])]).toEqual([a]);
    expect(t.holdersOfTuple(10, 0)).toBeUndefined();
    for (let i = 0; i <= PROMOTE_AFTER; i++) {
      t.lockKeyRange(a, 20, {
        lower: { key: k(2 * i), inclusive: true },
        upper: { key: k(2 * i), inclusive: true },
      });
    }
    // Now the whole index: an odd key no range covered conflicts too.
    expect(t.holdersOfKey(20, k(1))).toEqual([a]);
    expect(a.locks.size).toBe(2);
  });
});
