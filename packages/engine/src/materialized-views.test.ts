/**
 * Materialized views (materialized-view-statements.ts): CREATE, REFRESH (plain and
 * CONCURRENTLY, transactional, seen whole by other sessions, crash safe), the rules that keep
 * them read-only, their dependencies, catalogs and privileges. Expected answers are PostgreSQL
 * 15's for the same statements.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { pending } from './concurrency-test-helpers.js';
import type { Database } from './database.js';
import { crash, loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
  await db.query('CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, $$x$$), (2, $$y$$)');
});

const rows = async (sql: string, on: { query(sql: string): Promise<{ rows: unknown[][] }> } = db) =>
  (await on.query(sql)).rows;

describe('CREATE MATERIALIZED VIEW', () => {
  it('stores the query result, and WITH NO DATA leaves it unreadable until REFRESH', async () => {
    const r = await db.query('CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t');
    expect(r.command).toBe('SELECT 2');
    await db.query('INSERT INTO t VALUES (3, $$z$$)');
    expect(await rows('SELECT * FROM m ORDER BY a')).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    const none = await db.query('CREATE MATERIALIZED VIEW e (n) AS SELECT count(*) FROM t WITH NO DATA');
    expect(none.command).toBe('CREATE MATERIALIZED VIEW');
    await rejects(db.query('SELECT * FROM e'), '55000', 'materialized view "e" has not been populated');
    // Only a scan of it fails: EXPLAIN, a view over it and an index on it are fine (as PostgreSQL).
    expect((await rows('EXPLAIN (COSTS OFF) SELECT * FROM e'))[0]).toEqual(['Seq Scan on e']);
    await db.query('CREATE VIEW ev AS SELECT * FROM e; CREATE INDEX ON e (n)');
    await rejects(db.query('SELECT * FROM ev'), '55000', 'materialized view "e" has not been populated');
    await db.query('REFRESH MATERIALIZED VIEW e');
    expect(await rows('SELECT n FROM e')).toEqual([[3n]]);
    // A prepared statement planned while it was populated sees the change.
    const s = await loginAs(db, 'rustydb');
    await s.query('PREPARE q AS SELECT n FROM e');
    expect(await rows('EXECUTE q', s)).toEqual([[3n]]);
    await db.query('REFRESH MATERIALIZED VIEW e WITH NO DATA');
    await rejects(s.query('EXECUTE q'), '55000', 'materialized view "e" has not been populated');
  });

  it('IF NOT EXISTS skips, a taken name is 42P07, UNLOGGED and TEMP are refused', async () => {
    await db.query('CREATE MATERIALIZED VIEW m AS SELECT 1 AS one');
    await rejects(db.query('CREATE MATERIALIZED VIEW m AS SELECT 1'), '42P07', 'relation "m" already exists');
    const r = await db.query('CREATE MATERIALIZED VIEW IF NOT EXISTS m AS SELECT 1');
    expect(r.command).toBe('CREATE MATERIALIZED VIEW');
    await rejects(
      db.query('CREATE UNLOGGED MATERIALIZED VIEW u AS SELECT 1'),
      '0A000',
      'materialized views cannot be unlogged',
    );
    await rejects(
      db.query('CREATE TEMP MATERIALIZED VIEW u AS SELECT 1'),
      '42601',
      'syntax error at or near "MATERIALIZED"',
    );
  });
});

describe('only REFRESH changes a materialized view', () => {
  beforeEach(async () => {
    await db.query('CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t');
  });

  it('refuses DML, COPY FROM, TRUNCATE, ALTER actions, and DROP TABLE / VIEW with a hint', async () => {
    for (const sql of ['INSERT INTO m VALUES (3, $$z$$)', 'UPDATE m SET a = 1', 'DELETE FROM m']) {
      await rejects(db.query(sql), '42809', 'cannot change materialized view "m"');
    }
    await rejects(db.query('TRUNCATE m'), '42809', '"m" is not a table');
    await rejects(db.query('COPY m FROM STDIN'), '42809', 'cannot copy to materialized view "m"');
    await rejects(
      db.query('SELECT * FROM m FOR UPDATE'),
      '42809',
      'cannot lock rows in materialized view "m"',
    );
    await rejects(db.query('BEGIN; LOCK TABLE m'), '42809', 'cannot lock relation "m"');
    await rejects(
      db.query('ALTER MATERIALIZED VIEW m ADD COLUMN c int'),
      '42809',
      'ALTER action ADD COLUMN cannot be performed on relation "m"',
    );
    const dropTable = db.query('DROP TABLE m');
    await expect(dropTable).rejects.toMatchObject({
      code: '42809',
      message: '"m" is not a table',
      fields: { hint: 'Use DROP MATERIALIZED VIEW to remove a materialized view.' },
    });
    await rejects(db.query('DROP VIEW m'), '42809', '"m" is not a view');
    await rejects(db.query('DROP MATERIALIZED VIEW t'), '42809', '"t" is not a materialized view');
    await rejects(db.query('REFRESH MATERIALIZED VIEW t'), '0A000', '"t" is not a materialized view');
    await rejects(
      db.query('ALTER MATERIALIZED VIEW t RENAME TO u'),
      '42809',
      '"t" is not a materialized view',
    );
  });

  it('a source column it reads cannot be dropped without CASCADE', async () => {
    await rejects(
      db.query('ALTER TABLE t DROP COLUMN b'),
      '2BP01',
      'cannot drop column b of table t because other objects depend on it',
    );
    const r = await db.query('ALTER TABLE t DROP COLUMN b CASCADE');
    expect(r.notices.map((n) => n.message)).toEqual(['drop cascades to materialized view m']);
  });

  it('a dropped source table needs CASCADE, which drops the materialized view and its dependents', async () => {
    await db.query('CREATE VIEW v AS SELECT * FROM m');
    await rejects(
      db.query('DROP TABLE t'),
      '2BP01',
      'cannot drop table t because other objects depend on it',
    );
    await rejects(
      db.query('DROP MATERIALIZED VIEW m'),
      '2BP01',
      'cannot drop materialized view m because other objects depend on it',
    );
    const r = await db.query('DROP TABLE t CASCADE');
    expect(r.notices.map((n) => n.message)).toEqual(['drop cascades to 2 other objects']);
    expect(await rows("SELECT count(*) FROM pg_class WHERE relname IN ('m', 'v')")).toEqual([[0n]]);
    const gone = await db.query('DROP MATERIALIZED VIEW IF EXISTS m');
    expect(gone.notices.map((n) => n.message)).toEqual(['materialized view "m" does not exist, skipping']);
  });

  it('renames (itself and its columns) and keeps an index the planner uses', async () => {
    await db.query('CREATE UNIQUE INDEX m_a ON m (a)');
    expect((await db.query('ALTER MATERIALIZED VIEW m RENAME COLUMN a TO aa')).command).toBe(
      'ALTER MATERIALIZED VIEW',
    );
    await db.query('ALTER MATERIALIZED VIEW m RENAME TO m2');
    await db.query('CREATE SCHEMA s; ALTER MATERIALIZED VIEW m2 SET SCHEMA s');
    expect(await rows("SELECT schemaname, indexname FROM pg_indexes WHERE tablename = 'm2'")).toEqual([
      ['s', 'm_a'],
    ]);
    // The materialized view's query names t: moving t would unbind it (see set-schema.test.ts).
    await rejects(
      db.query('ALTER TABLE t SET SCHEMA s'),
      '0A000',
      'cannot move relation used by materialized view "m2"',
    );
    await db.query('ALTER MATERIALIZED VIEW s.m2 SET SCHEMA public');
    await db.query('SET enable_seqscan = off');
    const plan = (await rows('EXPLAIN (COSTS OFF) SELECT * FROM m2 WHERE aa = 1')).map((r) => r[0]);
    expect(plan[0]).toMatch(/Index Scan using m_a on m2/);
    expect(await rows('SELECT b FROM m2 WHERE aa = 2')).toEqual([['y']]);
  });
});

describe('REFRESH MATERIALIZED VIEW', () => {
  beforeEach(async () => {
    await db.query('CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t');
    await db.query('INSERT INTO t VALUES (3, $$z$$)');
  });

  it('is transactional: ROLLBACK keeps the old contents, WITH NO DATA unpopulates', async () => {
    await db.query('BEGIN; REFRESH MATERIALIZED VIEW m; ROLLBACK');
    expect(await rows('SELECT count(*) FROM m')).toEqual([[2n]]);
    await db.query('REFRESH MATERIALIZED VIEW m');
    expect(await rows('SELECT count(*) FROM m')).toEqual([[3n]]);
    await db.query('REFRESH MATERIALIZED VIEW m WITH NO DATA');
    expect(await rows("SELECT relispopulated FROM pg_class WHERE relname = 'm'")).toEqual([[false]]);
    await rejects(db.query('SELECT * FROM m'), '55000', 'materialized view "m" has not been populated');
  });

  it('CONCURRENTLY needs a unique index and a populated view, and not WITH NO DATA', async () => {
    await rejects(
      db.query('REFRESH MATERIALIZED VIEW CONCURRENTLY m'),
      '55000',
      'cannot refresh materialized view "public.m" concurrently',
    );
    await db.query('CREATE UNIQUE INDEX ON m (a)');
    await rejects(
      db.query('REFRESH MATERIALIZED VIEW CONCURRENTLY m WITH NO DATA'),
      '42601',
      'CONCURRENTLY and WITH NO DATA options cannot be used together',
    );
    await db.query('REFRESH MATERIALIZED VIEW CONCURRENTLY m');
    expect(await rows('SELECT a FROM m ORDER BY a')).toEqual([[1], [2], [3]]);
    await db.query('REFRESH MATERIALIZED VIEW m WITH NO DATA');
    await rejects(
      db.query('REFRESH MATERIALIZED VIEW CONCURRENTLY m'),
      '0A000',
      'CONCURRENTLY cannot be used when the materialized view is not populated',
    );
  });

  it('CONCURRENTLY does not block readers, who see the old rows until COMMIT, then the new', async () => {
    await db.query('CREATE UNIQUE INDEX ON m (a)');
    const writer = await loginAs(db, 'rustydb');
    const reader = await loginAs(db, 'rustydb');
    await writer.query('BEGIN');
    await writer.query('REFRESH MATERIALIZED VIEW CONCURRENTLY m');
    expect(await rows('SELECT a FROM m ORDER BY a', reader)).toEqual([[1], [2]]);
    await writer.query('COMMIT');
    expect(await rows('SELECT a FROM m ORDER BY a', reader)).toEqual([[1], [2], [3]]);
  });

  it('plain REFRESH makes readers wait (AccessExclusive); they see the old rows or the new, whole', async () => {
    const writer = await loginAs(db, 'rustydb');
    const reader = await loginAs(db, 'rustydb');
    await writer.query('BEGIN');
    await writer.query('REFRESH MATERIALIZED VIEW m');
    const read = reader.query('SELECT a FROM m ORDER BY a');
    expect(await pending(read)).toBe(true);
    await writer.query('COMMIT');
    // As PostgreSQL: the statement's snapshot is taken after the lock wait (plan-locks.ts).
    expect((await read).rows).toEqual([[1], [2], [3]]);
    expect(await rows('SELECT a FROM m ORDER BY a', reader)).toEqual([[1], [2], [3]]);
  });

  it('needs ownership; SELECT needs the SELECT privilege as on a table', async () => {
    await db.query('CREATE ROLE r LOGIN');
    const r = await loginAs(db, 'r');
    await rejects(r.query('REFRESH MATERIALIZED VIEW m'), '42501', 'must be owner of materialized view m');
    await rejects(r.query('SELECT * FROM m'), '42501', 'permission denied for materialized view m');
    await db.query('GRANT SELECT ON m TO r');
    expect(await rows('SELECT count(*) FROM m', r)).toEqual([[2n]]);
  });

  it('survives a crash: a committed refresh stays, an uncommitted one leaves the old rows', async () => {
    await db.query('CREATE UNIQUE INDEX ON m (a)');
    await db.query('REFRESH MATERIALIZED VIEW m');
    await db.query('INSERT INTO t VALUES (4, $$w$$)');
    const open = await loginAs(db, 'rustydb');
    await open.query('BEGIN; REFRESH MATERIALIZED VIEW m');
    crash(db);
    databases.forget(db);
    db = await databases.open();
    expect(await rows('SELECT a FROM m ORDER BY a')).toEqual([[1], [2], [3]]);
    expect(await rows("SELECT relkind, relispopulated FROM pg_class WHERE relname = 'm'")).toEqual([
      ['m', true],
    ]);
    await db.query('REFRESH MATERIALIZED VIEW CONCURRENTLY m');
    expect(await rows('SELECT a FROM m WHERE a = 4')).toEqual([[4]]);
  });
});

describe('catalogs', () => {
  it("pg_class says relkind 'm', pg_matviews lists it, information_schema does not", async () => {
    await db.query('CREATE MATERIALIZED VIEW m AS SELECT a FROM t WITH NO DATA');
    expect(await rows("SELECT relkind, relispopulated FROM pg_class WHERE relname = 'm'")).toEqual([
      ['m', false],
    ]);
    expect(
      await rows('SELECT schemaname, matviewname, matviewowner, hasindexes, ispopulated FROM pg_matviews'),
    ).toEqual([['public', 'm', 'rustydb', false, false]]);
    expect(await rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'm'")).toEqual([
      [0n],
    ]);
    expect(await rows("SELECT count(*) FROM information_schema.columns WHERE table_name = 'm'")).toEqual([
      [0n],
    ]);
    expect(await rows("SELECT count(*) FROM pg_tables WHERE tablename = 'm'")).toEqual([[0n]]);
    expect(await rows("SELECT pg_get_viewdef('m'::regclass) IS NOT NULL")).toEqual([[true]]);
  });
});
