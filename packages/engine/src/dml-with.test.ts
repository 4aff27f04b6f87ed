/**
 * Data-modifying statements in WITH (`WITH d AS (DELETE … RETURNING …) …`) end to end, checked
 * against what PostgreSQL 15 answers: each sub-statement runs once and to completion, all of
 * them see one snapshot, the tag is the main statement's, foreign keys wait for the whole
 * statement, an error undoes everything, and the places PostgreSQL refuses them.
 */
import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { outcome, pending } from './concurrency-test-helpers.js';
import type { Database } from './database.js';
import { ResultCollector } from './embedded-session.js';
import { useTestDatabases } from './test-database.js';

const dbs = useTestDatabases();

/** A database with `jobs (id serial, payload text)` holding 5 jobs and an empty `archive`. */
async function jobsDatabase(): Promise<Database> {
  const db = await dbs.open();
  await db.query('CREATE TABLE jobs (id serial PRIMARY KEY, payload text NOT NULL)');
  await db.query("INSERT INTO jobs (payload) SELECT 'job ' || i FROM generate_series(1, 5) i");
  await db.query(
    "CREATE TABLE archive (id int PRIMARY KEY, payload text, moved_at text DEFAULT 'now', n int GENERATED ALWAYS AS (id * 10) STORED)",
  );
  return db;
}

const errorOf = async (db: Database, sql: string): Promise<string> => {
  try {
    await db.query(sql);
  } catch (err) {
    return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
  }
  return 'ok';
};

const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

describe('data-modifying WITH', () => {
  it('moves rows to another table: the tag and count are the main statement’s', async () => {
    const db = await jobsDatabase();
    const r = await db.query(
      'WITH moved AS (DELETE FROM jobs WHERE id <= 3 RETURNING *) INSERT INTO archive (id, payload) SELECT id, payload FROM moved RETURNING id, moved_at, n',
    );
    expect(r.command).toBe('INSERT 0 3');
    expect(r.rows).toEqual([
      [1, 'now', 10],
      [2, 'now', 20],
      [3, 'now', 30],
    ]);
    expect(await rows(db, 'SELECT id FROM jobs ORDER BY id')).toEqual([[4], [5]]);
  });

  it('runs every sub-statement to completion: unreferenced, without RETURNING, or read in part', async () => {
    const db = await jobsDatabase();
    const limited = await db.query('WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d LIMIT 1');
    expect(limited.command).toBe('SELECT 1');
    expect(await rows(db, 'SELECT count(*) FROM jobs')).toEqual([[0n]]);
    const r = await db.query(
      "WITH a AS (INSERT INTO archive (id) VALUES (1)), b AS (INSERT INTO archive (id) VALUES (2) RETURNING id) SELECT 'x'",
    );
    expect(r.rows).toEqual([['x']]);
    expect(await rows(db, 'SELECT id FROM archive ORDER BY id')).toEqual([[1], [2]]);
  });

  it('the main query and the sub-statements share one snapshot: changes show only through RETURNING', async () => {
    const db = await jobsDatabase();
    const r = await db.query(
      "WITH d AS (DELETE FROM jobs WHERE id = 1 RETURNING id), i AS (INSERT INTO jobs (payload) VALUES ('new') RETURNING id) SELECT (SELECT count(*) FROM jobs), (SELECT id FROM d), (SELECT id FROM i)",
    );
    expect(r.rows).toEqual([[5n, 1, 6]]);
    expect(await rows(db, 'SELECT count(*) FROM jobs')).toEqual([[5n]]);
  });

  it('a chain: a later CTE reads an earlier one’s RETURNING', async () => {
    const db = await jobsDatabase();
    const r = await db.query(
      'WITH d AS (DELETE FROM jobs WHERE id % 2 = 1 RETURNING id, payload), a AS (INSERT INTO archive (id, payload) SELECT id, payload FROM d RETURNING id) SELECT count(*) FROM a',
    );
    expect(r.rows).toEqual([[3n]]);
    expect(await rows(db, 'SELECT id FROM archive ORDER BY id')).toEqual([[1], [3], [5]]);
  });

  it('a row two statements change is changed once, by the one PostgreSQL runs first', async () => {
    const db = await dbs.open();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, x int)');
    await db.query('INSERT INTO t VALUES (1, 0)');
    // An unreferenced CTE runs after the main statement, which wins.
    await db.query('WITH u AS (UPDATE t SET x = x + 1 WHERE id = 1) UPDATE t SET x = x + 10 WHERE id = 1');
    expect(await rows(db, 'SELECT x FROM t')).toEqual([[10]]);
    // Unreferenced CTEs run the last-listed first.
    await db.query(
      'WITH u AS (UPDATE t SET x = x + 1 WHERE id = 1), v AS (UPDATE t SET x = x + 100 WHERE id = 1) SELECT 1',
    );
    expect(await rows(db, 'SELECT x FROM t')).toEqual([[110]]);
    // A CTE the main statement reads runs first: the main UPDATE then skips the row.
    const r = await db.query(
      'WITH u AS (UPDATE t SET x = x + 1 WHERE id = 1 RETURNING id) UPDATE t SET x = x + 1000 WHERE id IN (SELECT id FROM u)',
    );
    expect(r.command).toBe('UPDATE 0');
    expect(await rows(db, 'SELECT x FROM t')).toEqual([[111]]);
  });

  it('an error in any part undoes every part', async () => {
    const db = await jobsDatabase();
    await db.query("INSERT INTO archive (id, payload) VALUES (2, 'old')");
    expect(
      await errorOf(
        db,
        'WITH moved AS (DELETE FROM jobs RETURNING *) INSERT INTO archive (id, payload) SELECT id, payload FROM moved',
      ),
    ).toBe('23505 duplicate key value violates unique constraint "archive_pkey"');
    expect(await rows(db, 'SELECT count(*) FROM jobs')).toEqual([[5n]]);
    expect(await rows(db, 'SELECT count(*) FROM archive')).toEqual([[1n]]);
  });

  it('checks foreign keys once the whole statement has run', async () => {
    const db = await dbs.open();
    await db.query('CREATE TABLE p (id int PRIMARY KEY)');
    await db.query('CREATE TABLE c (pid int REFERENCES p)');
    await db.query('WITH a AS (INSERT INTO p VALUES (1)) INSERT INTO c VALUES (1)');
    await db.query('WITH a AS (DELETE FROM c) DELETE FROM p');
    expect(await rows(db, 'SELECT count(*) FROM p')).toEqual([[0n]]);
    expect(await errorOf(db, 'WITH a AS (INSERT INTO c VALUES (7)) SELECT 1')).toMatch(/^23503 /);
  });

  it('ON CONFLICT and sequences in a CTE', async () => {
    const db = await jobsDatabase();
    const upsert =
      "WITH u AS (INSERT INTO archive (id, payload) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET payload = archive.payload || '+' RETURNING payload) SELECT payload FROM u";
    expect(await rows(db, upsert)).toEqual([['a']]);
    expect(await rows(db, upsert)).toEqual([['a+']]);
    const r = await db.query(
      "WITH i AS (INSERT INTO jobs (payload) VALUES ('x') RETURNING id) SELECT id FROM i",
    );
    expect(r.rows).toEqual([[6]]);
  });

  it('takes parameters (extended protocol, PREPARE / EXECUTE)', async () => {
    const db = await jobsDatabase();
    const s = db.connect();
    await s.query('PREPARE mv(int) AS WITH d AS (DELETE FROM jobs WHERE id = $1 RETURNING id) SELECT id FROM d');
    expect((await s.query('EXECUTE mv(5)')).rows).toEqual([[5]]);
    expect((await s.query('EXECUTE mv(5)')).rows).toEqual([]);
    await s.close();
    const r = await db.query(
      'WITH d AS (DELETE FROM jobs WHERE id = $1 RETURNING payload) SELECT payload FROM d',
      [4],
    );
    expect(r.rows).toEqual([['job 4']]);
  });

  it('runs to completion on a portal’s first Execute, then hands out the rows (PORTAL_ONE_MOD_WITH)', async () => {
    const db = await jobsDatabase();
    // More rows than one executor batch, so a lazily read portal would stop part-way.
    await db.query("INSERT INTO jobs (payload) SELECT 'bulk' FROM generate_series(1, 1000)");
    const e = db.connect();
    const s = e.session;
    s.prepare('mv', 'WITH d AS (DELETE FROM jobs WHERE id <= $1 RETURNING id) SELECT id FROM d', []);
    s.bind('p', 'mv', [1000], []);
    const fetch = async (maxRows: number) => {
      const out = new ResultCollector();
      const suspended = await s.execute('p', maxRows, out);
      return [suspended, out.result?.command ?? null, out.result?.rows.length ?? null];
    };
    expect(await fetch(1)).toEqual([true, null, null]);
    expect(await fetch(2)).toEqual([true, null, null]);
    await s.sync(false);
    // The portal ended with the transaction after three rows, and every row was deleted.
    expect(await rows(db, 'SELECT count(*) FROM jobs')).toEqual([[5n]]);
    s.bind('p', 'mv', [1001], []);
    expect(await fetch(0)).toEqual([false, 'SELECT 1', 1]);
    await s.sync(false);
    await e.close();
  });

  it('CREATE TABLE AS runs it', async () => {
    const db = await jobsDatabase();
    await db.query(
      'CREATE TABLE gone AS WITH d AS (DELETE FROM jobs WHERE id = 1 RETURNING *) SELECT * FROM d',
    );
    expect(await rows(db, 'SELECT id, payload FROM gone')).toEqual([[1, 'job 1']]);
    expect(await rows(db, 'SELECT count(*) FROM jobs')).toEqual([[4n]]);
  });

  it('is refused where PostgreSQL refuses it', async () => {
    const db = await jobsDatabase();
    const refused = [
      [
        'SELECT * FROM (WITH d AS (DELETE FROM jobs RETURNING *) SELECT * FROM d) s',
        '0A000 WITH clause containing a data-modifying statement must be at the top level',
      ],
      [
        'WITH x AS (WITH d AS (DELETE FROM jobs RETURNING *) SELECT * FROM d) SELECT * FROM x',
        '0A000 WITH clause containing a data-modifying statement must be at the top level',
      ],
      [
        'WITH x AS (WITH d AS (DELETE FROM jobs RETURNING *) INSERT INTO archive (id) SELECT id FROM d RETURNING id) SELECT * FROM x',
        '0A000 WITH clause containing a data-modifying statement must be at the top level',
      ],
      [
        'WITH d AS (DELETE FROM jobs) SELECT * FROM d',
        '0A000 WITH query "d" does not have a RETURNING clause',
      ],
      [
        'WITH RECURSIVE d AS (DELETE FROM jobs WHERE id IN (SELECT id FROM d) RETURNING *) SELECT * FROM d',
        '42P19 recursive query "d" must not contain data-modifying statements',
      ],
      [
        'CREATE VIEW v AS WITH d AS (DELETE FROM jobs RETURNING *) SELECT * FROM d',
        '0A000 views must not contain data-modifying statements in WITH',
      ],
    ];
    for (const [sql, error] of refused) expect(await errorOf(db, sql)).toBe(error);
    const s = db.connect();
    await s.query('BEGIN');
    expect(
      await outcome(s.query('DECLARE c CURSOR FOR WITH d AS (DELETE FROM jobs RETURNING *) SELECT * FROM d')),
    ).toBe('0A000 DECLARE CURSOR must not contain data-modifying statements in WITH');
    await s.query('ROLLBACK');
    await s.query('BEGIN READ ONLY');
    expect(await outcome(s.query('WITH d AS (DELETE FROM jobs RETURNING *) SELECT * FROM d'))).toBe(
      '25006 cannot execute SELECT in a read-only transaction',
    );
    await s.query('ROLLBACK');
    await s.close();
    expect(await rows(db, 'SELECT count(*) FROM jobs')).toEqual([[5n]]);
  });

  it('mixes with WITH RECURSIVE when the recursive CTE is a SELECT', async () => {
    const db = await jobsDatabase();
    const r = await db.query(
      'WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 2), d AS (DELETE FROM jobs WHERE id IN (SELECT i FROM n) RETURNING id) SELECT id FROM d ORDER BY id',
    );
    expect(r.rows).toEqual([[1], [2]]);
  });

  it('checks each sub-statement’s privileges', async () => {
    const db = await jobsDatabase();
    await db.query('CREATE ROLE reader LOGIN');
    await db.query('GRANT SELECT ON jobs, archive TO reader');
    const s = db.connect();
    await s.query('SET ROLE reader');
    expect(await outcome(s.query('WITH d AS (DELETE FROM jobs RETURNING id) SELECT * FROM d'))).toBe(
      '42501 permission denied for table jobs',
    );
    await s.close();
  });

  it('a sub-statement waits for a row another transaction is changing (READ COMMITTED)', async () => {
    const db = await jobsDatabase();
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query("UPDATE jobs SET payload = 'changed' WHERE id = 1");
    const blocked = s2.query(
      'WITH d AS (DELETE FROM jobs WHERE id = 1 RETURNING payload) SELECT payload FROM d',
    );
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).rows).toEqual([['changed']]);
    // An unreferenced one waits too (it runs after the main query).
    await s1.query('BEGIN');
    await s1.query("UPDATE jobs SET payload = 'again' WHERE id = 2");
    const after = s2.query("WITH u AS (UPDATE jobs SET payload = payload || '+' WHERE id = 2) SELECT 1");
    expect(await pending(after)).toBe(true);
    await s1.query('COMMIT');
    expect((await after).rows).toEqual([[1]]);
    expect(await rows(db, 'SELECT payload FROM jobs WHERE id = 2')).toEqual([['again+']]);
    await s1.close();
    await s2.close();
  });

  it('EXPLAIN shows the sub-statements as CTEs', async () => {
    const db = await jobsDatabase();
    const r = await db.query(
      'EXPLAIN (COSTS OFF) WITH d AS (DELETE FROM jobs WHERE id = 5 RETURNING *) INSERT INTO archive (id, payload) SELECT * FROM d',
    );
    expect(r.rows.map((x) => x[0])).toEqual([
      'Insert on archive',
      '  CTE d',
      '    ->  Delete on jobs',
      '          ->  Index Scan using jobs_pkey on jobs',
      '                Index Cond: (jobs.id = 5)',
      '  ->  CTE Scan on d',
    ]);
  });
});
