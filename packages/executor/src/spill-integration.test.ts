/**
 * The operators over the spill building blocks, through SQL: with a small work_mem each of
 * Sort (full and top-N), HashAggregate (plain and grouping sets), DISTINCT, Hash Join (every
 * join type) and WindowAgg really writes temporary files (its statistics say so), returns what
 * it returns in memory, and leaves no file behind — after the query, after an error half-way
 * and after a cancellation.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbError, formatText, type Row } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpillReport } from './execution-context.js';
import type { SortStats } from './spill/external-sorter.js';
import type { HashAggStats } from './spill/spilling-hash-aggregator.js';
import type { HashJoinStats } from './spill/spilling-hash-join-table.js';
import { type HarnessOptions, type QueryResult, SqlHarness } from './testing/sql-harness.js';

const SETUP = `
  create table t (a int4, b text, c int4);
  insert into t select g, 'v' || ((g * 7919) % 2003), g % 37 from generate_series(1, 3000) g;
  create table u (a int4, d text);
  insert into u select g * 2, 'u' || g from generate_series(1, 1500) g;
  insert into u select g * 2, 'dup' || g from generate_series(1, 40) g;
  insert into u values (null, 'null key'), (100001, 'no match');
`;

const SMALL = 64 * 1024;

let root: string;
let tempDir: string;
let memory: SqlHarness;
let small: SqlHarness;
let reports: SpillReport[] = [];

function harness(options: HarnessOptions): SqlHarness {
  return SqlHarness.create(options);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rustydb-spill-it-'));
  tempDir = join(root, 'tmp');
  memory = harness({});
  small = harness({ workMem: SMALL, tempDir, onSpillStats: (r) => reports.push(r) });
  await memory.run(SETUP);
  await small.run(SETUP);
});

afterAll(() => {
  memory.close();
  small.close();
  rmSync(root, { recursive: true, force: true });
});

function leftovers(): string[] {
  try {
    return readdirSync(tempDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function text(res: QueryResult): string[] {
  return res.rows.map((r: Row) =>
    r.map((v, i) => (v === null ? 'NULL' : formatText(v, res.columns[i].type))).join('|'),
  );
}

/**
 * Runs `sql` in memory and with the small budget: returns the small run's reports of `operator`
 * after checking both runs agree (in order when `ordered`) and no temporary file is left.
 */
type StatsOf<O> = O extends 'Sort' | 'WindowAgg'
  ? SortStats
  : O extends 'Hash Join'
    ? HashJoinStats
    : HashAggStats;

async function compare<O extends SpillReport['operator']>(
  sql: string,
  operator: O,
  ordered: boolean,
): Promise<{ stats: StatsOf<O> }[]> {
  reports = [];
  const expected = text(await memory.run(sql));
  const got = text(await small.run(sql));
  if (ordered) expect(got).toEqual(expected);
  else expect([...got].sort()).toEqual([...expected].sort());
  expect(got.length).toBeGreaterThan(0);
  expect(leftovers()).toEqual([]);
  return reports.filter((r) => r.operator === operator) as unknown as { stats: StatsOf<O> }[];
}

describe('operators spill past work_mem and return the same rows', () => {
  it('Sort: external merge', async () => {
    const [sort] = await compare('select a, b from t order by b desc, a', 'Sort', true);
    expect(sort.stats).toMatchObject({ method: 'external merge' });
    expect(sort.stats.diskBytes).toBeGreaterThan(0);
    expect(sort.stats.runs).toBeGreaterThan(1);
  });

  it('Sort on an expression key (appended to the spilled rows)', async () => {
    const [sort] = await compare('select a, b from t order by c * 1000 - a', 'Sort', true);
    expect(sort.stats.method).toBe('external merge');
  });

  it('Sort with LIMIT: top-N in memory, external past the budget', async () => {
    const [topN] = await compare('select a, b from t order by b, a limit 5 offset 2', 'Sort', true);
    expect(topN.stats).toMatchObject({ method: 'top-N heapsort', diskBytes: 0 });
    const [big] = await compare('select a, b from t order by b, a limit 2500', 'Sort', true);
    expect(big.stats.method).toBe('external merge');
  });

  it('HashAggregate: many groups in batches', async () => {
    const [agg] = await compare(
      "select b, count(*), sum(a), min(c), string_agg(a::text, ',' order by a) from t group by b",
      'HashAggregate',
      false,
    );
    expect(agg.stats.batches).toBeGreaterThan(1);
    expect(agg.stats.diskBytes).toBeGreaterThan(0);
  });

  it('HashAggregate with grouping sets: each set spills on its own', async () => {
    const aggs = await compare(
      'select c, a % 500, count(*), sum(a) from t group by rollup (c, a % 500)',
      'HashAggregate',
      false,
    );
    expect(aggs.length).toBe(3);
    expect(aggs.some((r) => r.stats.diskBytes > 0)).toBe(true);
  });

  it('DISTINCT spills; DISTINCT ON stays a streaming Unique over its sort', async () => {
    const [distinct] = await compare('select distinct b from t', 'Distinct', false);
    expect(distinct.stats.diskBytes).toBeGreaterThan(0);
    const union = await compare('select b from t union select d from u', 'Distinct', false);
    expect(union[0].stats.diskBytes).toBeGreaterThan(0);
    const on = await compare('select distinct on (c) c, a, b from t order by c, b desc', 'Distinct', true);
    expect(on).toEqual([]);
  });

  for (const join of ['inner', 'left', 'right', 'full']) {
    it(`Hash Join, ${join}: batches on disk, outer rows exact`, async () => {
      const sql = `select t.a, t.b, u.d from t ${join} join u on u.a = t.a`;
      expect(small.explain(sql).join('\n')).toContain('Hash');
      const [hash] = await compare(sql, 'Hash Join', false);
      expect(hash.stats.batches).toBeGreaterThan(1);
      expect(hash.stats.diskBytes).toBeGreaterThan(0);
    });
  }

  it('WindowAgg: each window sort spills, three windows chained', async () => {
    const sorts = await compare(
      `select a, c, row_number() over (partition by c order by b, a),
              sum(a) over (partition by c order by a rows between 2 preceding and current row),
              rank() over (order by b)
         from t`,
      'WindowAgg',
      true,
    );
    expect(sorts.length).toBe(3);
    for (const s of sorts) expect(s.stats.method).toBe('external merge');
  });

  it('UPDATE … FROM over a spilled hash join (the target tid goes through temp files)', async () => {
    const sql = "update t set c = c + 1000 from u where u.a = t.a and u.d like 'u%'";
    const before = (await small.run('select sum(c) from t')).rows[0][0] as bigint;
    reports = [];
    expect((await small.run(sql)).tag).toBe('UPDATE 1500');
    expect(reports.some((r) => r.operator === 'Hash Join' && r.stats.diskBytes > 0)).toBe(true);
    expect((await small.run('select sum(c) from t')).rows[0][0]).toBe(before + 1500000n);
    await small.run('update t set c = c - 1000 where c >= 1000');
    expect(leftovers()).toEqual([]);
  });
});

describe('temporary files are removed', () => {
  it('after an error half-way through the sort input', async () => {
    reports = [];
    // Rows reach the sort in `a` order, so runs are written well before a = 2500 fails.
    const err = await small.run('select a, b, 10 / (a - 2500) from t order by b').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('22012');
    expect(leftovers()).toEqual([]);
  });

  it('after an error while the hash join probes its batches', async () => {
    const err = await small.run('select t.a, 10 / (t.a - 2998) from t join u on u.a = t.a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as DbError).code).toBe('22012');
    expect(leftovers()).toEqual([]);
  });

  it('after a cancellation while temporary files exist', async () => {
    let sawFiles = false;
    const cancelling = harness({
      workMem: SMALL,
      tempDir,
      checkInterrupts: () => {
        if (leftovers().length === 0) return;
        sawFiles = true;
        throw new DbError('57014', 'canceling statement due to user request');
      },
    });
    try {
      await cancelling.run(SETUP);
      const err = await cancelling.run('select b, count(*) from t group by b order by 2, 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as DbError).code).toBe('57014');
      expect(sawFiles).toBe(true);
      expect(leftovers()).toEqual([]);
    } finally {
      cancelling.close();
    }
  });
});
