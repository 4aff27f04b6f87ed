import { existsSync, readdirSync } from 'node:fs';
import { DbError, type Row, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalSorter, type ExternalSorterOptions } from './external-sorter.js';
import { compareRowsBy, type RowSortKey } from './row-comparator.js';
import { TempFileSet } from './temp-file-set.js';
import { makeTempDir, seededRandom } from './test-rows.js';

// Rows: [k int4 (NULLs, many duplicates), s text, seq int8]. seq is the input position.
const types = [sqlType('int4'), sqlType('text'), sqlType('int8')];

function randomRows(n: number, seed: number, distinct = 50): Row[] {
  const rnd = seededRandom(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const k = rnd() < 0.1 ? null : Math.floor(rnd() * distinct) - distinct / 2;
    const s = rnd() < 0.1 ? null : `v${Math.floor(rnd() * 1000)}${'x'.repeat(Math.floor(rnd() * 20))}`;
    rows.push([k, s, BigInt(i)]);
  }
  return rows;
}

let tmp: ReturnType<typeof makeTempDir>;
let set: TempFileSet;
beforeEach(() => {
  tmp = makeTempDir();
  set = new TempFileSet(tmp.dir);
});
afterEach(() => {
  set.close();
  tmp.remove();
});

/** Sorts `rows` through an ExternalSorter fed in batches of 100; returns the output and stats. */
function sortAll(rows: Row[], options: Omit<ExternalSorterOptions, 'types' | 'files'>) {
  const sorter = new ExternalSorter({ ...options, types, files: set });
  try {
    for (let i = 0; i < rows.length; i += 100) sorter.addBatch(rows.slice(i, i + 100));
    sorter.finish();
    const out: Row[] = [];
    for (let b = sorter.next(); b; b = sorter.next()) out.push(...b);
    return { out, stats: sorter.stats };
  } finally {
    sorter.close();
  }
}

/** The oracle: Array.prototype.sort is stable, so equal keys keep input order. */
function oracle(rows: Row[], keys: RowSortKey[], limit = Number.POSITIVE_INFINITY): Row[] {
  return [...rows].sort(compareRowsBy(keys)).slice(0, limit);
}

const variants: [string, RowSortKey[]][] = [
  ['k ASC NULLS LAST', [{ column: 0, type: types[0], descending: false, nullsFirst: false }]],
  ['k DESC NULLS FIRST', [{ column: 0, type: types[0], descending: true, nullsFirst: true }]],
  ['k ASC NULLS FIRST', [{ column: 0, type: types[0], descending: false, nullsFirst: true }]],
  ['k DESC NULLS LAST', [{ column: 0, type: types[0], descending: true, nullsFirst: false }]],
  [
    's DESC, k ASC',
    [
      { column: 1, type: types[1], descending: true, nullsFirst: true },
      { column: 0, type: types[0], descending: false, nullsFirst: false },
    ],
  ],
];

describe('ExternalSorter', () => {
  it('sorts in memory under the budget (quicksort), stably', () => {
    const rows = randomRows(2000, 1);
    const keys = variants[0][1];
    const { out, stats } = sortAll(rows, { compare: compareRowsBy(keys) });
    expect(out).toEqual(oracle(rows, keys));
    expect(stats).toMatchObject({ method: 'quicksort', runs: 0, diskBytes: 0 });
    expect(existsSync(tmp.dir)).toBe(false);
  });

  for (const [name, keys] of variants) {
    it(`spills runs and merges them: ${name}`, () => {
      const rows = randomRows(5000, name.length);
      const { out, stats } = sortAll(rows, { compare: compareRowsBy(keys), workMem: 16 * 1024 });
      expect(out).toEqual(oracle(rows, keys));
      expect(stats.method).toBe('external merge');
      expect(stats.runs).toBeGreaterThan(10);
      expect(stats.mergePasses).toBe(0);
      expect(stats.diskBytes).toBeGreaterThan(0);
    });
  }

  it('merges in several passes when runs exceed the fan-in, and deletes its runs', () => {
    const rows = randomRows(6000, 7);
    const keys = variants[4][1];
    for (const fanIn of [2, 3, 7]) {
      const { out, stats } = sortAll(rows, { compare: compareRowsBy(keys), workMem: 4 * 1024, fanIn });
      expect(out).toEqual(oracle(rows, keys));
      expect(stats.runs).toBeGreaterThan(fanIn * fanIn);
      expect(stats.mergePasses).toBeGreaterThanOrEqual(2);
      expect(set.openFiles).toBe(0);
      expect(readdirSync(tmp.dir)).toEqual([]);
    }
  });

  it('rewinds to replay its output, in memory and after spilling', () => {
    const rows = randomRows(3000, 21);
    const keys = variants[2][1];
    for (const workMem of [1024 * 1024, 8 * 1024]) {
      const sorter = new ExternalSorter({
        types,
        compare: compareRowsBy(keys),
        files: set,
        workMem,
        limit: 2000,
      });
      for (const r of rows) sorter.add(r);
      sorter.finish();
      const read = () => {
        const out: Row[] = [];
        for (let b = sorter.next(); b; b = sorter.next()) out.push(...b);
        return out;
      };
      const first = read();
      expect(first).toEqual(oracle(rows, keys, 2000));
      sorter.next(); // past the end
      sorter.rewind();
      expect(read()).toEqual(first);
      sorter.close();
    }
  });

  it('keeps a single huge row per run when each row exceeds the budget', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 30; i++) rows.push([i % 4, 'y'.repeat(3000), BigInt(i)]);
    const keys = variants[1][1];
    const { out, stats } = sortAll(rows, { compare: compareRowsBy(keys), workMem: 1000, fanIn: 4 });
    expect(out).toEqual(oracle(rows, keys));
    expect(stats.runs).toBe(30);
  });

  it('top-N keeps the first rows in a bounded heap without spilling, stably', () => {
    const rows = randomRows(5000, 11, 10);
    for (const [, keys] of variants) {
      for (const limit of [0, 1, 7, 100, 4999, 5000, 6000]) {
        const { out, stats } = sortAll(rows, { compare: compareRowsBy(keys), limit, workMem: 1024 * 1024 });
        expect(out).toEqual(oracle(rows, keys, limit));
        expect(stats.method).toBe('top-N heapsort');
        expect(stats.diskBytes).toBe(0);
      }
    }
  });

  it('top-N whose rows exceed the budget continues as an external sort', () => {
    const rows = randomRows(5000, 12);
    const keys = variants[4][1];
    const { out, stats } = sortAll(rows, {
      compare: compareRowsBy(keys),
      limit: 1500,
      workMem: 8 * 1024,
      fanIn: 4,
    });
    expect(out).toEqual(oracle(rows, keys, 1500));
    expect(stats.method).toBe('external merge');
    expect(stats.runs).toBeGreaterThan(4);
  });

  it('keeps rows of unstorable types in memory past the budget', () => {
    const sorter = new ExternalSorter({
      types: [sqlType('int4'), sqlType('regclass')],
      compare: compareRowsBy([{ column: 0, type: sqlType('int4'), descending: false, nullsFirst: false }]),
      files: set,
      workMem: 100,
    });
    for (let i = 0; i < 50; i++) sorter.add([(i * 7) % 50, 1259]);
    sorter.finish();
    const out = sorter.next()!.map((r) => r[0]);
    expect(out).toEqual([...Array(50).keys()]);
    expect(sorter.stats.method).toBe('quicksort');
    sorter.close();
  });

  it('leaves no temporary file when the comparator fails half-way (after the set closes)', () => {
    let calls = 0;
    const sorter = new ExternalSorter({
      types,
      compare: (a, b) => {
        if (++calls > 20_000) throw new DbError('57014', 'canceling statement due to user request');
        return compareRowsBy(variants[0][1])(a, b);
      },
      files: set,
      workMem: 8 * 1024,
      fanIn: 3,
    });
    const run = () => {
      for (const r of randomRows(4000, 3)) sorter.add(r);
      sorter.finish();
      while (sorter.next());
    };
    expect(run).toThrow(expect.objectContaining({ code: '57014' }));
    expect(readdirSync(tmp.dir).length).toBeGreaterThan(0);
    sorter.close();
    set.close();
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});
