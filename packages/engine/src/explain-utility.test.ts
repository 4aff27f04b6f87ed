/**
 * EXPLAIN of PostgreSQL 15's explainable statements besides queries and DML: EXECUTE (the
 * prepared statement's plan with the arguments in place of `$n`), DECLARE (the cursor's query,
 * no cursor), CREATE TABLE / MATERIALIZED VIEW … AS (created only under ANALYZE) and REFRESH
 * MATERIALIZED VIEW (no plan), with PostgreSQL's errors.
 */
import { DbError, type Value } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import { queryError, useTestDatabases } from './test-database.js';

const dbs = useTestDatabases();
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  db = await dbs.open();
  s = db.connect();
  await s.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
  await s.query("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g");
  await s.query('ANALYZE t');
});

afterEach(async () => {
  await s.close();
});

/** The QUERY PLAN lines of an EXPLAIN. */
async function plan(sql: string): Promise<string[]> {
  const r = await s.query(sql);
  expect(r.command).toBe('EXPLAIN');
  expect(r.fields.map((f) => f.name)).toEqual(['QUERY PLAN']);
  return r.rows.map((row) => row[0] as string);
}

const count = async (sql: string): Promise<bigint> => (await s.query(sql)).rows[0]![0] as bigint;

/** The error `sql` fails with: code, message and position. */
async function failure(sql: string): Promise<[string, string, number | undefined]> {
  try {
    await s.query(sql);
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    const position = err.fields.position;
    return [err.code, err.message, position === undefined ? undefined : Number(position)];
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('EXPLAIN EXECUTE', () => {
  it("shows the prepared statement's plan with the arguments in place of $n", async () => {
    await s.query('PREPARE q (int) AS SELECT v FROM t WHERE id > $1');
    expect(await plan('EXPLAIN (COSTS OFF) EXECUTE q (2 + 3)')).toEqual([
      'Seq Scan on t',
      '  Filter: (id > 5)',
    ]);
    await s.query('PREPARE qt (text, int) AS SELECT id FROM t WHERE v = $1 AND id <> $2');
    expect(await plan("EXPLAIN (COSTS OFF) EXECUTE qt ('it''s', -1)")).toEqual([
      'Seq Scan on t',
      "  Filter: ((v = 'it''s'::text) AND (id <> '-1'::integer))",
    ]);
    // Costs, and the JSON format, as for any EXPLAIN.
    expect((await plan('EXPLAIN EXECUTE q (5)'))[0]).toMatch(
      /^Seq Scan on t {2}\(cost=\d+\.\d\d\.\.\d+\.\d\d rows=\d+ width=\d+\)$/,
    );
    const json = await s.query('EXPLAIN (FORMAT JSON, COSTS OFF) EXECUTE q (5)');
    expect(json.fields[0]!.type.name).toBe('json');
    expect(JSON.parse(json.rows[0]![0] as string)).toEqual([
      {
        Plan: {
          'Node Type': 'Seq Scan',
          'Parallel Aware': false,
          'Async Capable': false,
          'Relation Name': 't',
          Alias: 't',
          Filter: '(id > 5)',
        },
      },
    ]);
  });

  it('shows the plan EXECUTE runs: made again after the catalog or the settings changed', async () => {
    await s.query('PREPARE q (text) AS SELECT id FROM t WHERE v = $1');
    expect((await plan("EXPLAIN (COSTS OFF) EXECUTE q ('v7')"))[0]).toBe('Seq Scan on t');
    await s.query('CREATE INDEX t_v ON t (v)');
    await s.query('SET enable_seqscan = off');
    expect(await plan("EXPLAIN (COSTS OFF) EXECUTE q ('v7')")).toEqual([
      'Index Scan using t_v on t',
      "  Index Cond: (v = 'v7'::text)",
    ]);
    await s.query('DROP TABLE t');
    expect(await queryError(s, "EXPLAIN EXECUTE q ('v7')")).toBe('42P01 relation "t" does not exist');
  });

  it('runs the statement under ANALYZE, its writes included, and not without', async () => {
    await s.query('PREPARE ins (int, text) AS INSERT INTO t VALUES ($1, $2)');
    expect((await plan("EXPLAIN (COSTS OFF) EXECUTE ins (200, 'x')"))[0]).toBe('Insert on t');
    expect(await count('SELECT count(*) FROM t WHERE id = 200')).toBe(0n);
    const analyzed = await plan(
      "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE ins (200, 'x')",
    );
    expect(analyzed[0]).toBe('Insert on t (actual rows=0 loops=1)');
    expect(analyzed[1]).toMatch(/\(actual rows=1 loops=1\)$/);
    expect((await s.query('SELECT v FROM t WHERE id = 200')).rows).toEqual([['x']]);
    await s.query('PREPARE total AS SELECT count(*) FROM t');
    const lines = await plan('EXPLAIN ANALYZE EXECUTE total');
    expect(lines[0]).toMatch(
      /^Aggregate {2}\(cost=.*\) \(actual time=\d+\.\d{3}\.\.\d+\.\d{3} rows=1 loops=1\)$/,
    );
    expect(lines[1]).toMatch(/Seq Scan on t .*\(actual time=.* rows=101 loops=1\)$/);
    expect(lines.slice(-2).map((l) => l.replace(/[\d.]+ ms/, 'N ms'))).toEqual([
      'Planning Time: N ms',
      'Execution Time: N ms',
    ]);
    // In a read-only transaction: explained, but not run (PostgreSQL's 25006).
    await s.query('BEGIN READ ONLY');
    expect((await plan("EXPLAIN (COSTS OFF) EXECUTE ins (201, 'y')"))[0]).toBe('Insert on t');
    expect(await queryError(s, "EXPLAIN ANALYZE EXECUTE ins (201, 'y')")).toBe(
      '25006 cannot execute INSERT in a read-only transaction',
    );
    await s.query('ROLLBACK');
  });

  it("fails as EXECUTE does: unknown name, argument count and the arguments' errors", async () => {
    await s.query('PREPARE q (int) AS SELECT v FROM t WHERE id = $1');
    expect(await failure('EXPLAIN EXECUTE nosuch (1)')).toEqual([
      '26000',
      'prepared statement "nosuch" does not exist',
      undefined,
    ]);
    expect(await failure('EXPLAIN EXECUTE q (1, 2)')).toEqual([
      '42601',
      'wrong number of parameters for prepared statement "q"',
      undefined,
    ]);
    expect(await queryError(s, 'EXPLAIN EXECUTE q')).toBe(
      '42601 wrong number of parameters for prepared statement "q"',
    );
    expect(await failure("EXPLAIN (COSTS OFF) EXECUTE q ('abc')")).toEqual([
      '22P02',
      'invalid input syntax for type integer: "abc"',
      32,
    ]);
    // GENERIC_PLAN is PostgreSQL 16's: an unknown option in 15, pointed at.
    expect(await failure('EXPLAIN (COSTS OFF, GENERIC_PLAN) EXECUTE q (1)')).toEqual([
      '42601',
      'unrecognized EXPLAIN option "generic_plan"',
      21,
    ]);
    expect(await failure('EXPLAIN (FORMAT yml) SELECT 1')).toEqual([
      '22023',
      'unrecognized value for EXPLAIN option "format": "yml"',
      10,
    ]);
  });

  it('ignores the arguments of a statement without parameters, as EXECUTE does', async () => {
    await s.query('PREPARE none AS SELECT count(*) FROM t');
    expect(await plan('EXPLAIN (COSTS OFF) EXECUTE none (1 / 0)')).toEqual([
      'Aggregate',
      '  ->  Seq Scan on t',
    ]);
  });

  it('explains a utility statement made by Parse as that statement', async () => {
    const session = s.session;
    session.prepare('vac', 'VACUUM t', []);
    expect(await plan('EXPLAIN EXECUTE vac')).toEqual(['Utility statements have no plan structure']);
    expect(await plan('EXPLAIN (FORMAT JSON) EXECUTE vac')).toEqual(['[\n  "Utility Statement"\n]']);
    session.prepare('ex', 'EXPLAIN SELECT 1', []);
    expect(await plan('EXPLAIN EXECUTE ex')).toEqual(['Utility statements have no plan structure']);
    session.prepare('note', 'NOTIFY chan', []);
    expect(await plan('EXPLAIN EXECUTE note')).toEqual(['NOTIFY']);
    // DECLARE: its query, with EXECUTE's argument for its $1, and no cursor.
    session.prepare('cur', 'DECLARE c CURSOR WITH HOLD FOR SELECT v FROM t WHERE id < $1', []);
    expect(await plan('EXPLAIN (COSTS OFF) EXECUTE cur (3)')).toEqual([
      'Seq Scan on t',
      '  Filter: (id < 3)',
    ]);
    expect(await queryError(s, 'FETCH c')).toBe('34000 cursor "c" does not exist');
    // EXECUTE of another prepared statement: that one's plan.
    await s.query('PREPARE q AS SELECT count(*) FROM t');
    session.prepare('exec', 'EXECUTE q', []);
    expect(await plan('EXPLAIN (COSTS OFF) EXECUTE exec')).toEqual(['Aggregate', '  ->  Seq Scan on t']);
    session.prepare('empty', '', []);
    expect(await plan('EXPLAIN EXECUTE empty')).toEqual([]);
  });
});

describe('EXPLAIN DECLARE', () => {
  it("shows the cursor's query and declares nothing, in or out of a transaction block", async () => {
    expect(await plan('EXPLAIN (COSTS OFF) DECLARE c CURSOR FOR SELECT * FROM t WHERE id < 5')).toEqual([
      'Seq Scan on t',
      '  Filter: (id < 5)',
    ]);
    await s.query('BEGIN');
    await s.query('DECLARE c CURSOR FOR SELECT 1');
    // The name in use does not matter: nothing is declared (also under ANALYZE, which runs it).
    expect(
      await plan('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DECLARE c CURSOR FOR TABLE t'),
    ).toEqual(['Seq Scan on t (actual rows=100 loops=1)']);
    expect((await s.query('FETCH ALL c')).rows).toEqual([[1]]);
    await s.query('COMMIT');
    expect(await queryError(s, 'FETCH c')).toBe('34000 cursor "c" does not exist');
  });

  it('puts a SCROLL cursor over a plan PostgreSQL cannot run backwards under Materialize', async () => {
    expect(await plan('EXPLAIN (COSTS OFF) DECLARE c SCROLL CURSOR FOR SELECT count(*) FROM t')).toEqual([
      'Materialize',
      '  ->  Aggregate',
      '        ->  Seq Scan on t',
    ]);
    expect(await plan('EXPLAIN (COSTS OFF) DECLARE c SCROLL CURSOR FOR SELECT * FROM t ORDER BY v')).toEqual([
      'Sort',
      '  Sort Key: v',
      '  ->  Seq Scan on t',
    ]);
    expect(await plan('EXPLAIN (COSTS OFF) DECLARE c NO SCROLL CURSOR FOR SELECT count(*) FROM t')).toEqual([
      'Aggregate',
      '  ->  Seq Scan on t',
    ]);
  });

  it("refuses what DECLARE's parse analysis refuses", async () => {
    expect(await queryError(s, 'EXPLAIN DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t FOR UPDATE')).toBe(
      '0A000 DECLARE CURSOR WITH HOLD ... FOR UPDATE is not supported',
    );
    expect(
      await queryError(
        s,
        'EXPLAIN DECLARE c CURSOR FOR WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
      ),
    ).toBe('0A000 DECLARE CURSOR must not contain data-modifying statements in WITH');
    expect(await count('SELECT count(*) FROM t')).toBe(100n);
  });
});

describe('EXPLAIN CREATE TABLE / MATERIALIZED VIEW … AS', () => {
  it('shows the query and creates nothing without ANALYZE', async () => {
    for (const what of ['TABLE', 'MATERIALIZED VIEW']) {
      expect(
        await plan(`EXPLAIN (COSTS OFF) CREATE ${what} c (a, b, extra) AS SELECT * FROM t WHERE id < 5`),
      ).toEqual(['Seq Scan on t', '  Filter: (id < 5)']);
    }
    expect(await count("SELECT count(*) FROM pg_class WHERE relname = 'c'")).toBe(0n);
    expect(await queryError(s, 'EXPLAIN CREATE TABLE t AS SELECT 1')).toBe(
      '42P07 relation "t" already exists',
    );
    const skipped = await s.query('EXPLAIN CREATE MATERIALIZED VIEW IF NOT EXISTS t AS SELECT 1');
    expect([skipped.rows, skipped.notices.map((n) => n.message)]).toEqual([
      [],
      ['relation "t" already exists, skipping'],
    ]);
    expect(await plan('EXPLAIN (FORMAT JSON) CREATE TABLE IF NOT EXISTS t AS SELECT 1')).toEqual([
      '[\n  "CREATE TABLE AS"\n]',
    ]);
  });

  it('creates and fills the relation under ANALYZE (WITH NO DATA: created, never executed)', async () => {
    expect(
      await plan(
        'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) CREATE MATERIALIZED VIEW m AS SELECT * FROM t WHERE id < 5',
      ),
    ).toEqual(['Seq Scan on t (actual rows=4 loops=1)', '  Filter: (id < 5)']);
    expect((await s.query("SELECT relkind FROM pg_class WHERE relname = 'm'")).rows).toEqual([['m']]);
    expect(await count('SELECT count(*) FROM m')).toBe(4n);
    expect(
      await plan(
        'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) CREATE TABLE n (k) AS SELECT id FROM t WITH NO DATA',
      ),
    ).toEqual(['Seq Scan on t (never executed)']);
    expect((await s.query('SELECT * FROM n')).fields.map((f) => [f.name, f.type.name])).toEqual([
      ['k', 'int4'],
    ]);
    expect(await queryError(s, 'EXPLAIN ANALYZE CREATE TABLE c (a, b, extra) AS SELECT * FROM t')).toBe(
      '42601 too many column names were specified',
    );
    await s.query('BEGIN READ ONLY');
    expect(await queryError(s, 'EXPLAIN ANALYZE CREATE TABLE c AS SELECT 1')).toBe(
      '25006 cannot execute CREATE TABLE AS in a read-only transaction',
    );
    await s.query('ROLLBACK');
  });
});

describe('EXPLAIN REFRESH MATERIALIZED VIEW', () => {
  it('has no plan, checks nothing and refreshes nothing, even under ANALYZE', async () => {
    await s.query('CREATE MATERIALIZED VIEW m AS SELECT count(*) AS n FROM t');
    await s.query('DELETE FROM t WHERE id > 10');
    for (const sql of [
      'EXPLAIN REFRESH MATERIALIZED VIEW m',
      'EXPLAIN ANALYZE REFRESH MATERIALIZED VIEW m',
      'EXPLAIN (COSTS OFF) REFRESH MATERIALIZED VIEW CONCURRENTLY nosuch',
    ]) {
      expect(await plan(sql)).toEqual(['Utility statements have no plan structure']);
    }
    expect(await plan('EXPLAIN (FORMAT JSON) REFRESH MATERIALIZED VIEW m')).toEqual([
      '[\n  "Utility Statement"\n]',
    ]);
    expect(await count('SELECT n FROM m')).toBe(100n);
  });
});

describe('through the extended protocol', () => {
  it('describes QUERY PLAN and runs the utility forms at Execute', async () => {
    const session = s.session;
    await s.query('PREPARE q (int) AS SELECT v FROM t WHERE id > $1');
    session.prepare('e', 'EXPLAIN (COSTS OFF) EXECUTE q (7)', []);
    session.prepare('d', 'EXPLAIN (FORMAT JSON) DECLARE c CURSOR FOR SELECT * FROM t WHERE id = $1', []);
    expect(session.describeStatement('e').fields?.map((f) => [f.name, f.type.name])).toEqual([
      ['QUERY PLAN', 'text'],
    ]);
    const d = session.describeStatement('d');
    expect([d.paramTypes.map((t) => t.name), d.fields?.map((f) => f.type.name)]).toEqual([
      ['int4'],
      ['json'],
    ]);
    const run = async (name: string, params: Value[]) => {
      session.bind('', name, params, []);
      const out = new ResultCollector();
      await session.execute('', 0, out);
      await session.sync(false);
      return out.result!;
    };
    const e = await run('e', []);
    expect([e.command, e.rows]).toEqual(['EXPLAIN', [['Seq Scan on t'], ['  Filter: (id > 7)']]]);
    const plan = JSON.parse((await run('d', [3])).rows[0]![0] as string);
    expect(plan[0].Plan.Filter).toBe('(id = 3)');
  });
});
