/**
 * Moderate scale: 500,000 rows through an ExternalSorter with a 1 MiB budget. The rows are
 * generated on the fly and checked on the fly (order, stability, a permutation of the input),
 * so the process never holds them all. Peak heap and RSS are printed for the record; nothing
 * is asserted about them (timings and memory depend on the machine).
 */
import { type Row, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ExternalSorter } from './external-sorter.js';
import { compareRowsBy } from './row-comparator.js';
import { estimateRowSize } from './row-size.js';
import { TempFileSet } from './temp-file-set.js';
import { makeTempDir, seededRandom } from './test-rows.js';

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

it('sorts 500,000 rows with a 1 MiB budget', () => {
  const n = 500_000;
  const types = [sqlType('int4'), sqlType('text'), sqlType('int4')];
  const keys = [
    { column: 0, type: types[0], descending: false, nullsFirst: false },
    { column: 1, type: types[1], descending: true, nullsFirst: true },
  ];
  const compare = compareRowsBy(keys);
  const sorter = new ExternalSorter({ types, compare, files: set, workMem: 1024 * 1024 });
  const rnd = seededRandom(42);
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  };
  const before = process.memoryUsage();
  let inputBytes = 0;
  const batch: Row[] = [];
  for (let i = 0; i < n; i++) {
    const row: Row = [
      Math.floor(rnd() * 10_000),
      rnd() < 0.05 ? null : `value-${Math.floor(rnd() * 100)}`,
      i,
    ];
    inputBytes += estimateRowSize(row);
    batch.push(row);
    if (batch.length === 256) {
      sorter.addBatch(batch);
      batch.length = 0;
      if ((i & 0x3fff) === 0) sample();
    }
  }
  sorter.addBatch(batch);
  sorter.finish();
  const seen = new Uint8Array(n);
  let count = 0;
  let prev: Row | undefined;
  let outOfOrder = 0;
  for (let b = sorter.next(); b; b = sorter.next()) {
    for (const row of b) {
      if (prev) {
        const c = compare(prev, row);
        if (c > 0 || (c === 0 && (prev[2] as number) > (row[2] as number))) outOfOrder++;
      }
      seen[row[2] as number]++;
      prev = row;
      count++;
    }
    if ((count & 0x3fff) === 0) sample();
  }
  sample();
  const stats = sorter.stats;
  sorter.close();
  expect(count).toBe(n);
  expect(outOfOrder).toBe(0);
  expect(seen.every((s) => s === 1)).toBe(true);
  expect(stats.method).toBe('external merge');
  const mib = (x: number) => `${(x / 1048576).toFixed(1)} MiB`;
  console.log(
    `sorted ${n} rows (~${mib(inputBytes)} estimated in memory) with work_mem 1 MiB: ` +
      `${stats.runs} runs, ${stats.mergePasses} extra merge pass(es), disk ${mib(stats.diskBytes)}; ` +
      `heapUsed ${mib(before.heapUsed)} before, peak ${mib(peakHeap)}; rss ${mib(before.rss)} before, peak ${mib(peakRss)}`,
  );
}, 120_000);
