import { readdirSync } from 'node:fs';
import { type Row, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HashKey, rowKey, valueKey } from '../row-key.js';
import { hashKey } from './hash-key.js';
import { HashPartitioner } from './hash-partitioner.js';
import { type GroupCallbacks, SpillingHashAggregator } from './spilling-hash-aggregator.js';
import { TempFileSet } from './temp-file-set.js';
import { makeTempDir, seededRandom } from './test-rows.js';

// Input rows: [g text (NULLs), v int4, seq int4].
const types = [sqlType('text'), sqlType('int4'), sqlType('int4')];

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

describe('hashKey', () => {
  it('hashes equal keys equally and spreads keys differently under other seeds', () => {
    const keys: HashKey[] = [
      '',
      'a',
      'ab',
      'héllo',
      0,
      1,
      -1,
      2 ** 40,
      1.5,
      Number.NaN,
      5n,
      2n ** 62n,
      true,
      false,
    ];
    for (const k of keys) {
      expect(hashKey(k, 3)).toBe(hashKey(k, 3));
      expect(hashKey(k, 3)).toBeGreaterThanOrEqual(0);
      expect(hashKey(k, 3)).toBeLessThan(2 ** 32);
    }
    expect(new Set(keys.map((k) => hashKey(k, 0))).size).toBe(keys.length);
    // keys sharing partition 0 of 32 under seed 0 spread over many partitions under seed 1
    const shared: number[] = [];
    for (let i = 0; shared.length < 200; i++) if (hashKey(`k${i}`, 0) % 32 === 0) shared.push(i);
    const spread = new Set(shared.map((i) => hashKey(`k${i}`, 1) % 32));
    expect(spread.size).toBeGreaterThan(25);
  });
});

describe('HashPartitioner', () => {
  it('puts every row in exactly one partition, equal keys together', () => {
    const p = new HashPartitioner(set, types, 8, 0, 1024);
    const rnd = seededRandom(5);
    const rows: Row[] = [];
    for (let i = 0; i < 3000; i++) rows.push([rnd() < 0.05 ? null : `g${Math.floor(rnd() * 300)}`, i, i]);
    for (const r of rows) p.write(r, p.partitionOf(valueKey(r[0], types[0])));
    expect(p.rowCounts.reduce((a, b) => a + b)).toBe(rows.length);
    expect(p.rowCounts.filter((n) => n > 0).length).toBe(8);
    const partitionOfSeq = new Map<number, number>();
    const keyPartitions = new Map<HashKey, Set<number>>();
    const readBack: Row[] = [];
    p.files.forEach((f, part) => {
      f!.rewind();
      for (let out: Row = []; f!.read(out); out = []) {
        readBack.push(out);
        partitionOfSeq.set(out[2] as number, part);
        const k = valueKey(out[0], types[0]);
        keyPartitions.set(k, (keyPartitions.get(k) ?? new Set()).add(part));
      }
    });
    expect(readBack.length).toBe(rows.length);
    expect(partitionOfSeq.size).toBe(rows.length);
    expect([...keyPartitions.values()].every((parts) => parts.size === 1)).toBe(true);
    expect(readBack.sort((a, b) => (a[2] as number) - (b[2] as number))).toEqual(rows);
    p.close();
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});

/** A group's state: its key, row count, sum of v, and the seqs of its rows (to check routing). */
interface State {
  readonly g: string | null;
  count: number;
  sum: number;
  seqs: number[];
}

const callbacks: GroupCallbacks<State> = {
  key: (row) => valueKey(row[0], types[0]),
  init: (row) => ({ g: row[0] as string | null, count: 0, sum: 0, seqs: [] }),
  advance: (s, row) => {
    s.count++;
    s.sum += row[1] as number;
    s.seqs.push(row[2] as number);
  },
};

function aggregate(rows: Row[], workMem: number, extra: { fanout?: number; maxDepth?: number } = {}) {
  const agg = new SpillingHashAggregator<State>({ types, callbacks, files: set, workMem, ...extra });
  try {
    const reused: Row = new Array(3);
    for (const r of rows) {
      for (let i = 0; i < 3; i++) reused[i] = r[i]; // callers hand in reused rows
      agg.add(reused);
    }
    agg.finish();
    const groups: State[] = [];
    for (let s = agg.next(); s !== undefined; s = agg.next()) groups.push(s);
    return { groups, stats: agg.stats };
  } finally {
    agg.close();
  }
}

function oracle(rows: Row[]): Map<string | null, { count: number; sum: number }> {
  const m = new Map<string | null, { count: number; sum: number }>();
  for (const r of rows) {
    const g = r[0] as string | null;
    const e = m.get(g) ?? { count: 0, sum: 0 };
    e.count++;
    e.sum += r[1] as number;
    m.set(g, e);
  }
  return m;
}

function expectSameGroups(groups: State[], rows: Row[]): void {
  const want = oracle(rows);
  expect(groups.length).toBe(want.size);
  const allSeqs: number[] = [];
  for (const s of groups) {
    expect(want.get(s.g), String(s.g)).toEqual({ count: s.count, sum: s.sum });
    allSeqs.push(...s.seqs);
  }
  // every row fed exactly one group
  expect(allSeqs.sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
}

function randomRows(n: number, groups: number, seed: number): Row[] {
  const rnd = seededRandom(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const g = rnd() < 0.02 ? null : `group-${Math.floor(rnd() * groups)}`;
    rows.push([g, Math.floor(rnd() * 100), i]);
  }
  return rows;
}

describe('SpillingHashAggregator', () => {
  it('aggregates in memory in first-seen order under the budget', () => {
    const rows = randomRows(2000, 50, 1);
    const { groups, stats } = aggregate(rows, 1024 * 1024);
    expectSameGroups(groups, rows);
    const firstSeen = [...new Set(rows.map((r) => r[0]))];
    expect(groups.map((s) => s.g)).toEqual(firstSeen);
    expect(stats).toMatchObject({ batches: 1, diskBytes: 0, depth: 0 });
  });

  it('spills new groups to partitions past a tiny budget and matches the oracle', () => {
    const rows = randomRows(20000, 3000, 2);
    const { groups, stats } = aggregate(rows, 16 * 1024, { fanout: 4 });
    expectSameGroups(groups, rows);
    expect(stats.batches).toBeGreaterThan(5);
    expect(stats.depth).toBeGreaterThanOrEqual(2); // partitions re-split with new seeds
    expect(stats.diskBytes).toBeGreaterThan(0);
    expect(set.openFiles).toBe(0);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('past the depth limit, completes the groups that fit pass after pass', () => {
    const rows = randomRows(5000, 1000, 3);
    const { groups, stats } = aggregate(rows, 8 * 1024, { fanout: 2, maxDepth: 1 });
    expectSameGroups(groups, rows);
    expect(stats.depth).toBeGreaterThan(3);
  });

  it('handles skew: one huge group stays in memory among many small spilled ones', () => {
    const rnd = seededRandom(4);
    const rows: Row[] = [];
    for (let i = 0; i < 20000; i++)
      rows.push([rnd() < 0.8 ? 'hot' : `cold-${Math.floor(rnd() * 2000)}`, 1, i]);
    const { groups, stats } = aggregate(rows, 8 * 1024, { fanout: 4 });
    expectSameGroups(groups, rows);
    expect(groups.find((s) => s.g === 'hot')!.count).toBeGreaterThan(15000);
    expect(stats.batches).toBeGreaterThan(1);
  });

  it('every pass completes a group even when a single group exceeds the budget', () => {
    const rows = randomRows(3000, 100, 5);
    const { groups } = aggregate(rows, 10, { fanout: 2, maxDepth: 2 });
    expectSameGroups(groups, rows);
  });

  it('groups by multi-column keys (rowKey) across partitions', () => {
    const rnd = seededRandom(6);
    const rows: Row[] = [];
    for (let i = 0; i < 5000; i++) rows.push([`a${Math.floor(rnd() * 30)}`, Math.floor(rnd() * 30), i]);
    const keyTypes = [types[0], types[1]];
    const agg = new SpillingHashAggregator<{ n: number; key: HashKey }>({
      types,
      files: set,
      workMem: 4 * 1024,
      fanout: 4,
      callbacks: {
        key: (r) => rowKey([r[0], r[1]], keyTypes),
        init: (r) => ({ n: 0, key: rowKey([r[0], r[1]], keyTypes) }),
        advance: (s) => void s.n++,
      },
    });
    for (const r of rows) agg.add(r);
    agg.finish();
    const got = new Map<HashKey, number>();
    for (let s = agg.next(); s; s = agg.next()) {
      expect(got.has(s.key)).toBe(false);
      got.set(s.key, s.n);
    }
    agg.close();
    const want = new Map<HashKey, number>();
    for (const r of rows)
      want.set(rowKey([r[0], r[1]], keyTypes), (want.get(rowKey([r[0], r[1]], keyTypes)) ?? 0) + 1);
    expect(got).toEqual(want);
  });
});
