import { describe, expect, it } from 'vitest';
import {
  attempt,
  errorText,
  isMeasurement,
  measureOnceSync,
  measureRepeated,
  measureRepeatedSync,
  outcomeCell,
  ratioCell,
  scatteredKey,
} from './measure.js';

describe('measurements', () => {
  it('measureRepeated runs the operation count when time allows, in order', async () => {
    const seen: number[] = [];
    const m = await measureRepeated({ ops: 5, maxMs: 10_000 }, async (i) => {
      seen.push(i);
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(m.ops).toBe(5);
    expect(m.rate).toBeCloseTo(m.ops / m.seconds);
  });

  it('runs the warm-up operations untimed before the measured ones', async () => {
    const seen: number[] = [];
    const m = await measureRepeated({ ops: 3, maxMs: 10_000, warmup: 2 }, async (i) => {
      seen.push(i);
    });
    expect(seen).toEqual([0, 1, 0, 1, 2]);
    expect(m.ops).toBe(3);
    const sync: number[] = [];
    expect(measureRepeatedSync({ ops: 2, maxMs: 10_000, warmup: 3 }, (i) => sync.push(i)).ops).toBe(2);
    expect(sync).toEqual([0, 1, 2, 0, 1]);
  });

  it('stops at the time budget with fewer operations', async () => {
    const m = await measureRepeated(
      { ops: 1_000_000, maxMs: 30 },
      () => new Promise((r) => setTimeout(r, 1)),
    );
    expect(m.ops).toBeGreaterThan(0);
    expect(m.ops).toBeLessThan(1_000_000);
    expect(m.seconds).toBeGreaterThanOrEqual(0.03);
  });

  it('the synchronous twins count the same way', () => {
    let calls = 0;
    expect(measureRepeatedSync({ ops: 100, maxMs: 10_000 }, () => calls++).ops).toBe(100);
    expect(calls).toBe(100);
    expect(measureOnceSync(42, () => undefined).ops).toBe(42);
  });

  it('attempt turns a throw into an outcome with the SQLSTATE', async () => {
    const err = Object.assign(new Error('relation "t" does not exist'), { code: '42P01' });
    const outcome = await attempt(() => {
      throw err;
    });
    expect(outcome).toEqual({ error: '42P01 relation "t" does not exist' });
    expect(isMeasurement(outcome)).toBe(false);
    expect(outcomeCell(outcome)).toBe('FAILED: 42P01 relation "t" does not exist');
    expect(errorText('plain')).toBe('plain');
  });

  it('cells: a rate, a ratio only between two measurements', () => {
    const fast = { ops: 200, seconds: 1, rate: 200 };
    const slow = { ops: 50, seconds: 1, rate: 50 };
    expect(outcomeCell(fast)).toBe('200');
    expect(ratioCell(slow, fast)).toBe('0.25');
    expect(ratioCell({ error: 'x' }, fast)).toBe('');
    expect(outcomeCell(undefined)).toBe('');
  });

  it('scatteredKey visits every key of the range once (a permutation)', () => {
    for (const n of [1000, 20_000, 100_000]) {
      const keys = new Set<number>();
      for (let i = 0; i < n; i++) keys.add(scatteredKey(i, n));
      expect(keys.size).toBe(n);
      expect(Math.min(...keys)).toBe(0);
      expect(Math.max(...keys)).toBe(n - 1);
    }
  });
});
