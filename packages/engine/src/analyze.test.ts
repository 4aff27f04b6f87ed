/**
 * ANALYZE and the estimates built on it, against PostgreSQL 15: the same table loaded into a
 * PostgreSQL 15.18 and analyzed there gave the statistics and row estimates written below (the
 * table has 10,000 rows, so both systems sample all of it and must agree). Then auto-analyze,
 * transactional visibility and the statement's errors.
 */
import { pgStatsRows } from '@rustydb/catalog';
import { type DbError, encodeRow, seededRandom, type Tid } from '@rustydb/common';
import type { TupleVersion } from '@rustydb/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampledCursor, samplePages, TableSampler } from './analyze.js';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  await db.query('CREATE TABLE s (id int PRIMARY KEY, a int NOT NULL, b int, c text, d int)');
  await db.query(
    `INSERT INTO s SELECT i, i % 100, CASE WHEN i % 10 = 0 THEN NULL ELSE i END, 'v' || (i % 7),
       CASE WHEN i <= 9000 THEN 1 ELSE i END FROM generate_series(1, 10000) i`,
  );
  await db.query('ANALYZE s');
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

/** A version with payload `data` (the sampler reads nothing else). */
function versionOf(data: Uint8Array): TupleVersion {
  const tid: Tid = { page: 0, slot: 1 };
  return { tid, xmin: 3, xmax: 0, cmin: 0, cmax: 0, ctid: tid, data } as TupleVersion;
}

/** The row estimate of the plan's top node. */
async function rows(where: string): Promise<number> {
  const plan = await db.query(`EXPLAIN SELECT * FROM s WHERE ${where}`);
  const m = /rows=(\d+)/.exec(String(plan.rows[0][0]));
  return Number(m?.[1]);
}

describe('ANALYZE', () => {
  it('stores the statistics PostgreSQL computes for the same rows', () => {
    const stats = Object.fromEntries(pgStatsRows(db.catalog.reader()).map((r) => [r.attname, r]));
    // PostgreSQL 15: SELECT attname, n_distinct, null_frac, correlation FROM pg_stats …
    expect(stats.id).toMatchObject({ n_distinct: -1, null_frac: 0, correlation: 1 });
    expect(stats.a).toMatchObject({ n_distinct: 100, null_frac: 0 });
    expect(stats.a.correlation).toBeCloseTo(0.019404, 5);
    expect(stats.b).toMatchObject({
      n_distinct: Math.fround(-0.9),
      null_frac: Math.fround(0.1),
      correlation: 1,
    });
    expect(stats.c).toMatchObject({ n_distinct: 7, null_frac: 0, avg_width: 3 });
    expect(stats.c.correlation).toBeCloseTo(0.14285722, 6);
    expect(stats.d).toMatchObject({ n_distinct: Math.fround(-0.1001), null_frac: 0, correlation: 1 });
    expect(stats.d.most_common_vals).toBe('{1}');
    expect(stats.a.most_common_freqs).toHaveLength(100);
    expect(stats.b.histogram_bounds?.split(',')).toHaveLength(101);
    const table = db.catalog.reader().table('s')!;
    expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(10_000);
  });

  it('shows the statistics through the pg_stats view, as PostgreSQL 15 prints them', async () => {
    // PostgreSQL 15 on the same rows: SELECT attname, null_frac, n_distinct, most_common_vals::text
    // FROM pg_stats WHERE tablename = 's' AND attname IN ('id', 'c', 'd') ORDER BY attname
    const r = await db.query(
      "SELECT schemaname, attname, null_frac, n_distinct, most_common_vals::text FROM pg_stats WHERE tablename = 's' AND attname IN ('id', 'd') ORDER BY attname",
    );
    expect(r.rows).toEqual([
      ['public', 'd', 0, Math.fround(-0.1001), '{1}'],
      ['public', 'id', 0, -1, null],
    ]);
  });

  it('estimates rows as PostgreSQL does', async () => {
    // PostgreSQL 15's EXPLAIN of each condition on the same analyzed table.
    const expected: [string, number][] = [
      ['a = 5', 100],
      ['b = 500', 1],
      ['b < 1000', 900],
      ['b > 9000', 899],
      ['b BETWEEN 2000 AND 3000', 901],
      ['b IS NULL', 1000],
      ["c = 'v3'", 1429],
      ['d = 1', 9000],
      ['d = 9500', 1],
      ['a = 5 AND b < 5000', 45],
      ['a = 5 OR a = 6', 199],
      ['a IN (1, 2, 3)', 300],
      ['a <> 5', 9900],
      ['d < 5', 9000],
      ['id = 42', 1],
    ];
    const got: [string, number][] = [];
    for (const [where] of expected) got.push([where, await rows(where)]);
    expect(got).toEqual(expected);
  });

  it('estimates joins, groups and semi joins as PostgreSQL does', async () => {
    const top = async (sql: string) =>
      Number(/rows=(\d+)/.exec(String((await db.query(`EXPLAIN ${sql}`)).rows[0][0]))?.[1]);
    // PostgreSQL 15's estimates for the same statements on the same table.
    expect(await top('SELECT * FROM s s1 JOIN s s2 ON s1.a = s2.a')).toBe(1_000_000);
    // 81,000,994 in PostgreSQL: the same formula, a float rounding apart (2.5e-8).
    expect(Math.abs((await top('SELECT * FROM s s1 JOIN s s2 ON s1.d = s2.d')) - 81_000_994)).toBeLessThan(5);
    expect(await top('SELECT * FROM s s1 JOIN s s2 ON s1.b = s2.id')).toBe(9000);
    expect(await top('SELECT * FROM s s1 JOIN s s2 ON s1.c = s2.c WHERE s2.id < 100')).toBe(141_429);
    expect(await top('SELECT a, count(*) FROM s GROUP BY a')).toBe(100);
    expect(await top('SELECT * FROM s WHERE EXISTS (SELECT 1 FROM s s2 WHERE s2.d = s.id)')).toBe(1001);
  });

  it('keeps the other columns when analyzing a column list, and checks names', async () => {
    await db.query('ANALYZE s (a)');
    expect(pgStatsRows(db.catalog.reader()).map((r) => r.attname)).toEqual(['id', 'a', 'b', 'c', 'd']);
    await expect(db.query('ANALYZE s (nope)')).rejects.toMatchObject({
      code: '42703',
      message: 'column "nope" of relation "s" does not exist',
    });
    await expect(db.query('ANALYZE nosuch')).rejects.toMatchObject({ code: '42P01' });
    await expect(db.query('ANALYZE (frobnicate) s')).rejects.toMatchObject({ code: '42601' });
  });

  it('is transactional: a rolled-back ANALYZE leaves the earlier statistics', async () => {
    await db.query('CREATE TABLE tx (v int)');
    await db.query('INSERT INTO tx SELECT g FROM generate_series(1, 100) g');
    await db.query('ANALYZE tx');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO tx SELECT g FROM generate_series(1, 900) g');
    await s.query('ANALYZE tx');
    const inside = await s.query('EXPLAIN SELECT * FROM tx');
    expect(String(inside.rows[0][0])).toMatch(/rows=1000 /);
    const oid = db.catalog.reader().table('tx')!.oid;
    expect(db.catalog.reader().statistics(oid)?.relTuples).toBe(100); // others see the old ones
    await s.query('ROLLBACK');
    await s.close();
    expect(db.catalog.reader().statistics(oid)?.relTuples).toBe(100);
  });

  it('reports VERBOSE progress as INFO notices and refuses read-only transactions', async () => {
    const r = await db.query('ANALYZE VERBOSE tx');
    expect(r.command).toBe('ANALYZE');
    expect(r.notices.map((n) => n.message)).toEqual([
      'analyzing "public.tx"',
      expect.stringMatching(
        /^"tx": scanned \d+ of \d+ pages, containing 100 live rows and \d+ dead rows; 100 rows in sample, 100 estimated total rows$/,
      ),
    ]);
    const s = db.connect();
    await s.query('BEGIN READ ONLY');
    const err = await s.query('ANALYZE tx').catch((e: unknown) => e);
    expect((err as DbError).code).toBe('25006');
    await s.query('ROLLBACK');
    await s.close();
  });
});

describe('auto-analyze', () => {
  it('samples as algorithm R with the seeded generator, the kept rows intact across arena moves', async () => {
    await db.query('CREATE TABLE sampled (id int, t text)');
    const table = db.catalog.reader().table('sampled')!;
    const types = table.columns.map((c) => c.type);
    const target = 50;
    const sampler = new TableSampler(table, target);
    // Rows of 1 to 4 KiB: the sample outgrows the first arena, and replaced rows fill it again.
    const text = (id: number) => `${'x'.repeat(1000 + ((id * 37) % 3000))}:${id}`;
    const n = 3000;
    for (let id = 0; id < n; id++) {
      // Every fifth version is invisible (dead): not a live row, no random draw.
      if (id % 5 === 4) sampler.add(versionOf(encodeRow([-1, 'dead'], types)), false);
      sampler.add(versionOf(encodeRow([id, text(id)], types)), true);
    }
    // The reference: PostgreSQL's reservoir (Vitter's R) with analyze.ts's generator and seed.
    const random = seededRandom(table.oid);
    const reservoir: number[] = [];
    for (let id = 0; id < n; id++) {
      if (reservoir.length < target) reservoir.push(id);
      else {
        const j = Math.floor(random() * (id + 1));
        if (j < target) reservoir[j] = id;
      }
    }
    const ids = [...reservoir].sort((x, y) => x - y);
    const stats = sampler.finish(1, undefined, undefined);
    expect(sampler.live).toBe(n);
    expect(sampler.dead).toBe(n / 5);
    // Unique values: the histogram holds every sampled value (50 < 101 bounds).
    expect(stats.columns.get(1)?.histogramBounds).toEqual(ids);
    const texts = stats.columns.get(2)?.histogramBounds as string[];
    expect(texts).toHaveLength(target);
    expect(new Set(texts)).toEqual(new Set(ids.map(text)));
  });

  it('reads a sample of the pages of a table with more pages than sample rows, and extrapolates', async () => {
    await db.query('CREATE TABLE big (id int, g int, name text)');
    await db.query("INSERT INTO big SELECT i, i % 50, 'name-' || i FROM generate_series(1, 100000) i");
    const s = db.connect();
    // default_statistics_target 1: a sample of 300 rows, so 300 of the table's pages are read.
    await s.query('SET default_statistics_target = 1');
    const r = await s.query('ANALYZE VERBOSE big');
    const m =
      /^"big": scanned 300 of (\d+) pages, containing (\d+) live rows and 0 dead rows; 300 rows in sample, (\d+) estimated total rows$/.exec(
        r.notices[1]!.message,
      );
    expect(m).not.toBeNull();
    const [pages, seen, estimate] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(pages).toBeGreaterThan(300);
    expect(seen).toBeLessThan(100_000);
    expect(estimate).toBe(Math.floor((seen / 300) * pages + 0.5));
    // Full pages but the last: the extrapolation is within a few percent.
    expect(Math.abs(estimate - 100_000)).toBeLessThan(3_000);
    const table = db.catalog.reader().table('big')!;
    expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(estimate);
    const g = pgStatsRows(db.catalog.reader()).find((row) => row.tablename === 'big' && row.attname === 'g')!;
    // 300 rows of 50 values repeating: the estimate is about 50, but which values the draw holds,
    // and how often, depends on the seed (fixed per table, and the table's OID is part of it):
    // about one draw in nine misses a value.
    expect(Math.abs(Number(g.n_distinct) - 50)).toBeLessThanOrEqual(3);
    // The same statement again draws the same pages and rows.
    const again = await s.query('ANALYZE VERBOSE big');
    expect(again.notices[1]!.message).toBe(r.notices[1]!.message);
    // With the default target (30,000 rows) every page is read: exact again.
    await s.query('RESET default_statistics_target');
    await s.query('ANALYZE big');
    expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(100_000);
    await s.close();
  });

  it('a sampled scan returns exactly the versions of the sampled pages, resuming after a version', async () => {
    const table = db.catalog.reader().table('s')!;
    const store = db.catalog.store(table);
    const total = store.pageCount();
    const all: string[] = [];
    const cursor = store.scan();
    for (let v = cursor.next(); v; v = cursor.next()) all.push(`${v.tid.page}/${v.tid.slot}`);
    cursor.close();
    const pages = Int32Array.from({ length: Math.ceil(total / 3) }, (_, i) => i * 3).filter((p) => p < total);
    const wanted = all.filter((t) => pages.includes(Number(t.split('/')[0])));
    const read = (after?: Tid) => {
      const out: string[] = [];
      const c = new SampledCursor(store, pages, after);
      for (let v = c.next(); v; v = c.next()) out.push(`${v.tid.page}/${v.tid.slot}`);
      c.close();
      return out;
    };
    expect(read()).toEqual(wanted);
    const [page, slot] = wanted[5]!.split('/').map(Number) as [number, number];
    expect(read({ page, slot })).toEqual(wanted.slice(6));
    expect(samplePages(10, 10, Math.random)).toBeUndefined();
    const drawn = samplePages(1000, 30, Math.random)!;
    expect(drawn).toHaveLength(30);
    expect([...drawn].every((p, i) => p >= 0 && p < 1000 && (i === 0 || p > drawn[i - 1]!))).toBe(true);
  });

  it('analyzes a table past 50 + 10% of its rows changed, in bounded ticks', async () => {
    await db.query('CREATE TABLE auto (v int)');
    await db.query('INSERT INTO auto SELECT g FROM generate_series(1, 40) g');
    // 40 changes: under the threshold of 50.
    expect(await db.runAutoAnalyzeOnce()).toEqual({ versions: 0, finished: false });
    await db.query('INSERT INTO auto SELECT g FROM generate_series(1, 2000) g');
    let tick = await db.runAutoAnalyzeOnce();
    // Other tables (tx, s) may be over their thresholds too: run until auto is done.
    for (let i = 0; i < 20 && !(tick.table === 'public.auto' && tick.finished); i++)
      tick = await db.runAutoAnalyzeOnce();
    expect(tick).toMatchObject({ table: 'public.auto', finished: true });
    const table = db.catalog.reader().table('auto')!;
    expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(2040);
    // Just analyzed: nothing more to do for it.
    for (let i = 0; i < 5; i++) expect((await db.runAutoAnalyzeOnce()).table).not.toBe('public.auto');
  });

  it("follows the table's autovacuum_enabled and analyze threshold reloptions", async () => {
    await db.query('CREATE TABLE auto_off (v int) WITH (autovacuum_enabled = off)');
    await db.query('INSERT INTO auto_off SELECT g FROM generate_series(1, 3000) g');
    await db.query(
      'CREATE TABLE auto_low (v int) WITH (autovacuum_analyze_threshold = 5, autovacuum_analyze_scale_factor = 0)',
    );
    await db.query('INSERT INTO auto_low SELECT g FROM generate_series(1, 10) g');
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 30; i++) seen.add((await db.runAutoAnalyzeOnce()).table);
    expect(seen.has('public.auto_low')).toBe(true);
    expect(seen.has('public.auto_off')).toBe(false);
    await db.query('ALTER TABLE auto_off RESET (autovacuum_enabled)');
    for (let i = 0; i < 30; i++) seen.add((await db.runAutoAnalyzeOnce()).table);
    expect(seen.has('public.auto_off')).toBe(true);
  });
});

describe('EXPLAIN output', () => {
  it("estimates a never-analyzed empty table as PostgreSQL's 10 pages", async () => {
    await db.query('CREATE TABLE empty (a int)');
    // PostgreSQL 15 prints exactly this for CREATE TABLE t (a int); EXPLAIN SELECT * FROM t.
    expect((await db.query('EXPLAIN SELECT * FROM empty')).rows).toEqual([
      ['Seq Scan on empty  (cost=0.00..35.50 rows=2550 width=4)'],
    ]);
  });

  it('prints costs as PostgreSQL formats them', async () => {
    const r = await db.query('EXPLAIN SELECT * FROM s WHERE id = 42');
    expect(r.fields.map((f) => [f.name, f.type.name])).toEqual([['QUERY PLAN', 'text']]);
    expect(r.rows.map((x) => x[0])).toEqual([
      expect.stringMatching(
        /^Index Scan using s_pkey on s {2}\(cost=\d+\.\d\d\.\.\d+\.\d\d rows=1 width=\d+\)$/,
      ),
      '  Index Cond: (id = 42)',
    ]);
  });

  it('runs EXPLAIN ANALYZE and prints actuals, Planning Time and Execution Time', async () => {
    const r = await db.query('EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM s WHERE a = 5');
    const lines = r.rows.map((x) => String(x[0]));
    expect(lines[0]).toMatch(/^Aggregate \(actual time=\d+\.\d{3}\.\.\d+\.\d{3} rows=1 loops=1\)$/);
    expect(lines[1]).toMatch(
      /^ {2}-> {2}Seq Scan on s \(actual time=\d+\.\d{3}\.\.\d+\.\d{3} rows=100 loops=1\)$/,
    );
    expect(lines[2]).toBe('        Filter: (a = 5)');
    expect(lines[3]).toMatch(/^Planning Time: \d+\.\d{3} ms$/);
    expect(lines[4]).toMatch(/^Execution Time: \d+\.\d{3} ms$/);
    const timingOff = await db.query(
      'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM s WHERE id < 3',
    );
    expect(timingOff.rows.map((x) => x[0])).toEqual([
      'Index Scan using s_pkey on s (actual rows=2 loops=1)',
      '  Index Cond: (id < 3)',
    ]);
  });

  it('prints FORMAT JSON in PostgreSQL shape', async () => {
    const r = await db.query('EXPLAIN (FORMAT JSON) SELECT * FROM s WHERE a = 5');
    expect(r.fields[0].type.name).toBe('json');
    expect(r.rows).toHaveLength(1);
    const text = String(r.rows[0][0]);
    expect(text).toMatch(/"Startup Cost": 0\.00,/);
    const doc = JSON.parse(text);
    expect(doc).toEqual([
      {
        Plan: {
          'Node Type': 'Seq Scan',
          'Parallel Aware': false,
          'Async Capable': false,
          'Relation Name': 's',
          Alias: 's',
          'Startup Cost': 0,
          'Total Cost': expect.any(Number),
          'Plan Rows': 100,
          'Plan Width': expect.any(Number),
          Filter: '(a = 5)',
        },
      },
    ]);
    await expect(db.query('EXPLAIN (FORMAT XML) SELECT 1')).rejects.toMatchObject({ code: '0A000' });
    await expect(db.query('EXPLAIN (BOGUS) SELECT 1')).rejects.toMatchObject({ code: '42601' });
  });
});
