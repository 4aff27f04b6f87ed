/**
 * ANALYZE's arithmetic on known distributions (exact when the sample is the whole table, the
 * Haas–Stokes estimate when it is not) and sys_statistic's transactional storage.
 */
import { type Oid, sqlType, type Value } from '@rustydb/common';
import { memoryMethod } from '@rustydb/storage';
import { describe, expect, it } from 'vitest';
import { useCatalogTestBed } from './catalog-test-bed.js';
import { computeColumnStatistics } from './column-statistics.js';
import { pgStatsRows } from './pg-stats.js';
import type { TableStatistics } from './statistics.js';

const int4 = sqlType('int4');
const text = sqlType('text');
const range = (n: number, f: (i: number) => Value) => Array.from({ length: n }, (_, i) => f(i));

describe('computeColumnStatistics', () => {
  it('sorts integral numbers (packed keys) as compareValues does, ties in sample order', () => {
    // A pseudo-random sample with negatives and many repeats.
    let x = 12345;
    const values: Value[] = Array.from({ length: 5000 }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return (x % 2001) - 1000;
    });
    const s = computeColumnStatistics(1, int4, values, 1_000_000);
    // The same sample as numeric (compared by the generic path) gives the same statistics.
    const generic = computeColumnStatistics(
      1,
      sqlType('float8'),
      values.map((v) => v as number),
      1_000_000,
    );
    expect(s.histogramBounds).toEqual(generic.histogramBounds);
    expect(s.mostCommonValues).toEqual(generic.mostCommonValues);
    expect(s.mostCommonFreqs).toEqual(generic.mostCommonFreqs);
    expect(s.correlation).toBe(generic.correlation);
    expect(s.nDistinct).toBe(generic.nDistinct);
    const bounds = s.histogramBounds as number[];
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
  });

  it('orders text by code point, surrogate pairs included', () => {
    // UTF-16 unit order would put U+1F600 (a surrogate pair) before U+FFFD; code points do not.
    const pool = ['a', 'b', '\uFFFD', '\u{1F600}', 'z', 'é'];
    const values: Value[] = Array.from({ length: 600 }, (_, i) => `${pool[i % pool.length]}${i}`);
    const s = computeColumnStatistics(1, sqlType('text'), values, 600);
    const byCodePoint = (a: string, b: string) => {
      const ca = [...a].map((c) => c.codePointAt(0)!);
      const cb = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
      return ca.length - cb.length;
    };
    const bounds = s.histogramBounds as string[];
    expect(bounds.length).toBe(101);
    expect(bounds).toEqual([...bounds].sort(byCodePoint));
    expect(bounds.some((b) => b.startsWith('\u{1F600}'))).toBe(true);
    // Without surrogates the fast path runs; its order must be code point order too.
    const plain = computeColumnStatistics(
      1,
      sqlType('text'),
      values.filter((v) => !(v as string).startsWith('\u{1F600}')),
      600,
    ).histogramBounds as string[];
    expect(plain.length).toBe(101);
    expect(plain).toEqual([...plain].sort(byCodePoint));
  });

  it('describes a unique column exactly when the sample is the table', () => {
    const s = computeColumnStatistics(
      1,
      int4,
      range(1000, (i) => i),
      1000,
    );
    expect(s.nullFrac).toBe(0);
    expect(s.avgWidth).toBe(4);
    expect(s.nDistinct).toBe(-1);
    expect(s.mostCommonValues).toEqual([]);
    expect(s.histogramBounds).toHaveLength(101);
    expect(s.histogramBounds[0]).toBe(0);
    expect(s.histogramBounds[100]).toBe(999);
    expect(s.correlation).toBeCloseTo(1, 10);
  });

  it('keeps every value as an MCV when few distinct values repeat', () => {
    // 10 values, value v appearing (v + 1) times: 55 rows, plus 5 NULLs.
    const values: Value[] = [];
    for (let v = 0; v < 10; v++) for (let k = 0; k <= v; k++) values.push(v);
    for (let k = 0; k < 5; k++) values.push(null);
    const s = computeColumnStatistics(1, int4, values, 60);
    expect(s.nullFrac).toBe(Math.fround(5 / 60)); // stored as real, as pg_statistic does
    // 10 distinct values are over 10% of 60 rows: stored as a fraction (PostgreSQL: -0.16666667).
    expect(s.nDistinct).toBe(Math.fround(-1 / 6));
    expect(s.mostCommonValues).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(s.mostCommonFreqs[0]).toBe(Math.fround(10 / 60));
    // 0 appears once: not an MCV; a single remaining value makes no histogram.
    expect(s.histogramBounds).toEqual([]);
  });

  it('estimates n_distinct with Haas–Stokes from a partial sample', () => {
    // A 30,000-row sample of a 1,000,000-row table: 20,000 values seen once, 5,000 twice.
    const values: Value[] = [];
    for (let i = 0; i < 20_000; i++) values.push(i);
    for (let i = 0; i < 5000; i++) values.push(100_000 + i, 100_000 + i);
    const s = computeColumnStatistics(1, int4, values, 1_000_000);
    const n = 30_000;
    const d = 25_000;
    const f1 = 20_000;
    const duj1 = Math.floor((n * d) / (n - f1 + (f1 * n) / 1_000_000) + 0.5);
    expect(duj1).toBe(70755);
    expect(s.nDistinct).toBe(duj1); // under 10% of the table: stored as a count
    // Values seen twice out of 30,000 rows are not significantly common in a million rows.
    expect(s.mostCommonValues).toEqual([]);
  });

  it('measures text widths as PostgreSQL stores them and orders in C collation', () => {
    const s = computeColumnStatistics(2, text, ['b', 'a', 'ccc', 'B', null], 5);
    // PostgreSQL 15 on the same rows: avg_width 2, n_distinct -0.8, correlation -0.4.
    expect(s.avgWidth).toBe(2);
    expect(s.nDistinct).toBe(Math.fround(-0.8));
    expect(s.correlation).toBe(Math.fround(-0.4));
    expect(s.histogramBounds).toEqual(['B', 'a', 'b', 'ccc']);
    expect(s.nullFrac).toBe(Math.fround(0.2));
  });

  it('gives a reversed column a negative correlation and an all-NULL column no distribution', () => {
    expect(
      computeColumnStatistics(
        1,
        int4,
        range(100, (i) => 100 - i),
        100,
      ).correlation,
    ).toBeCloseTo(-1, 10);
    const nulls = computeColumnStatistics(1, int4, [null, null], 2);
    expect(nulls).toMatchObject({ nullFrac: 1, nDistinct: 0, mostCommonValues: [], histogramBounds: [] });
  });
});

describe('sys_statistic', () => {
  const bed = useCatalogTestBed('statistics', { tableStores: { memory: memoryMethod } });

  const statsOf = (oid: Oid, relTuples: number, values: Value[]): TableStatistics => ({
    table: oid,
    relTuples,
    relPages: 3,
    columns: new Map([[1, computeColumnStatistics(1, int4, values, relTuples)]]),
  });

  async function createTable(): Promise<Oid> {
    const tx = bed.txns.begin();
    const t = bed.catalog.createTable(tx, { name: 't', columns: [{ name: 'a', type: int4 }] });
    await tx.commit();
    bed.catalog.commitTransaction(tx);
    return t.oid;
  }

  it('is visible to its transaction at once, to others after commit, and replaced by the next ANALYZE', async () => {
    const oid = await createTable();
    const tx = bed.txns.begin();
    bed.catalog.setStatistics(tx, statsOf(oid, 4, [1, 1, 2, null]));
    expect(bed.catalog.reader(tx).statistics(oid)?.relTuples).toBe(4);
    expect(bed.catalog.reader().statistics(oid)).toBeUndefined();
    await tx.commit();
    bed.catalog.commitTransaction(tx);
    const seen = bed.catalog.reader().statistics(oid);
    expect(seen?.columns.get(1)).toMatchObject({ nullFrac: 0.25, mostCommonValues: [1], nDistinct: -0.5 });

    const tx2 = bed.txns.begin();
    bed.catalog.setStatistics(tx2, statsOf(oid, 7, [5, 5, 5, 6, 6, 7, 7]));
    await tx2.commit();
    bed.catalog.commitTransaction(tx2);
    expect(bed.catalog.reader().statistics(oid)?.relTuples).toBe(7);
    expect(pgStatsRows(bed.catalog.reader())).toEqual([
      expect.objectContaining({
        tablename: 't',
        attname: 'a',
        n_distinct: Math.fround(-3 / 7),
        most_common_vals: '{5,6,7}',
        histogram_bounds: null,
      }),
    ]);
  });

  it('forgets an aborted ANALYZE and survives a reopen', async () => {
    const oid = await createTable();
    const tx = bed.txns.begin();
    bed.catalog.setStatistics(tx, statsOf(oid, 2, [1, 2]));
    await tx.commit();
    bed.catalog.commitTransaction(tx);
    const tx2 = bed.txns.begin();
    bed.catalog.setStatistics(tx2, statsOf(oid, 9, [1]));
    tx2.abort();
    bed.catalog.abortTransaction(tx2);
    expect(bed.catalog.reader().statistics(oid)?.relTuples).toBe(2);
    // A new Catalog over the same files reads sys_statistic back.
    bed.reopen();
    expect(bed.catalog.reader().statistics(oid)?.columns.get(1)?.histogramBounds).toEqual([1, 2]);
  });

  it('shrinks rows that would not fit a page', async () => {
    const oid = await createTable();
    const wide = range(3000, (i) => `${'x'.repeat(200)}${i}`);
    const tx = bed.txns.begin();
    bed.catalog.setStatistics(tx, {
      table: oid,
      relTuples: 3000,
      relPages: 100,
      columns: new Map([[1, computeColumnStatistics(1, text, wide, 3000)]]),
    });
    const s = bed.catalog.reader(tx).statistics(oid)?.columns.get(1);
    expect(s?.histogramBounds.length).toBeGreaterThan(2);
    expect(s?.histogramBounds.length).toBeLessThan(101);
    expect(s?.histogramBounds[0]).toBe(`${'x'.repeat(200)}0`);
    tx.abort();
    bed.catalog.abortTransaction(tx);
  });
});
