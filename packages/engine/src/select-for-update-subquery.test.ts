/**
 * SELECT … FOR UPDATE / SHARE over FROM subqueries and views: the clause is pushed down into
 * their queries and locks the base tables' rows (PostgreSQL's transformLockingClause and
 * markQueryForLocking), with PostgreSQL's errors where it cannot apply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
}, 3);

afterEach(async () => {
  await db.query('DROP VIEW IF EXISTS tv, tg');
  await db.query('DROP TABLE IF EXISTS u');
});

describe('FOR UPDATE over subqueries and views', () => {
  it('locks the rows a FROM subquery reads, however deeply nested', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    const r = await s1.query('SELECT * FROM (SELECT id, v * 2 AS w FROM t WHERE id = 1) s FOR UPDATE');
    expect(r.rows).toEqual([[1, 20]]);
    expect(r.fields.map((f) => f.name)).toEqual(['id', 'w']);
    const upd = s2.query('UPDATE t SET v = 11 WHERE id = 1');
    expect(await pending(upd)).toBe(true);
    expect((await db.query('UPDATE t SET v = 21 WHERE id = 2')).command).toBe('UPDATE 1');
    await s1.query('COMMIT');
    expect((await upd).command).toBe('UPDATE 1');

    await s1.query('BEGIN');
    const nested = await s1.query(
      'SELECT * FROM (SELECT * FROM (SELECT id FROM t WHERE id = 3) a ORDER BY id LIMIT 1) b FOR SHARE',
    );
    expect(nested.rows).toEqual([[3]]);
    expect(await outcome(s2.query('SELECT id FROM t WHERE id = 3 FOR UPDATE NOWAIT'))).toBe(
      '55P03 could not obtain lock on row in relation "t"',
    );
    // FOR SHARE does not conflict with FOR SHARE.
    expect((await s2.query('SELECT id FROM t WHERE id = 3 FOR SHARE NOWAIT')).rows).toEqual([[3]]);
    await s1.query('COMMIT');
    await s1.close();
    await s2.close();
  });

  it('locks the rows of a view, and honours NOWAIT and SKIP LOCKED through it', async () => {
    await db.query('CREATE VIEW tv AS SELECT id, v * 2 AS w FROM t WHERE id > 0');
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    expect((await s1.query('SELECT * FROM tv WHERE id = 2 FOR UPDATE')).rows).toEqual([[2, 40]]);
    expect(await outcome(s2.query('SELECT * FROM tv WHERE id = 2 FOR UPDATE NOWAIT'))).toBe(
      '55P03 could not obtain lock on row in relation "t"',
    );
    expect((await s2.query('SELECT id FROM tv ORDER BY id FOR UPDATE SKIP LOCKED')).rows).toEqual([[1], [3]]);
    const upd = s2.query('UPDATE t SET v = 0 WHERE id = 2');
    expect(await pending(upd)).toBe(true);
    await s1.query('ROLLBACK');
    expect((await upd).command).toBe('UPDATE 1');
    await s1.close();
    await s2.close();
  });

  it('OF a subquery alias locks only its tables', async () => {
    await db.query('CREATE TABLE u (id int, c int)');
    await db.query('INSERT INTO u VALUES (1, 100)');
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    const r = await s1.query(
      'SELECT s.id, u.c FROM (SELECT * FROM t) s, u WHERE s.id = u.id FOR UPDATE OF s',
    );
    expect(r.rows).toEqual([[1, 100]]);
    expect(await outcome(s2.query('SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT'))).toBe(
      '55P03 could not obtain lock on row in relation "t"',
    );
    expect((await s2.query('SELECT c FROM u FOR UPDATE NOWAIT')).rows).toEqual([[100]]);
    await s1.query('COMMIT');
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: a row updated meanwhile is locked in its newest version', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    const s3 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    await s2.query('BEGIN');
    const locked = s2.query('SELECT id FROM (SELECT id FROM t WHERE id = 1) s FOR UPDATE');
    expect(await pending(locked)).toBe(true);
    await s1.query('COMMIT');
    expect((await locked).rows).toEqual([[1]]);
    const upd = s3.query('UPDATE t SET v = 12 WHERE id = 1');
    expect(await pending(upd)).toBe(true);
    await s2.query('COMMIT');
    expect((await upd).command).toBe('UPDATE 1');
    await s1.close();
    await s2.close();
    await s3.close();
  });

  it('needs UPDATE on the view, and its owner UPDATE on the tables, as PostgreSQL does', async () => {
    await db.query('CREATE VIEW tv AS SELECT id FROM t');
    await db.query('DROP ROLE IF EXISTS lu');
    await db.query('CREATE ROLE lu');
    await db.query('GRANT SELECT ON tv, t TO lu');
    const s = db.connect();
    await s.query('SET ROLE lu');
    expect(await outcome(s.query('SELECT * FROM tv FOR UPDATE'))).toBe('42501 permission denied for view tv');
    expect(await outcome(s.query('SELECT * FROM (SELECT * FROM t) s FOR SHARE'))).toBe(
      '42501 permission denied for table t',
    );
    await db.query('GRANT UPDATE ON tv TO lu');
    expect((await s.query('SELECT * FROM tv ORDER BY id FOR UPDATE')).rows).toEqual([[1], [2], [3]]);
    await s.close();
    await db.query('DROP VIEW tv');
    await db.query('DROP OWNED BY lu');
    await db.query('DROP ROLE lu');
  });

  it('rejects what PostgreSQL rejects, and skips what it skips', async () => {
    await db.query('CREATE VIEW tg AS SELECT v, count(*) FROM t GROUP BY v');
    expect(await outcome(db.query('SELECT * FROM tg FOR UPDATE'))).toBe(
      '0A000 FOR UPDATE is not allowed with GROUP BY clause',
    );
    expect(await outcome(db.query('SELECT * FROM (SELECT id FROM t UNION SELECT 1) s FOR SHARE'))).toBe(
      '0A000 FOR SHARE is not allowed with UNION/INTERSECT/EXCEPT',
    );
    expect(await outcome(db.query('WITH c AS (SELECT * FROM t) SELECT * FROM c FOR UPDATE OF c'))).toBe(
      '0A000 FOR UPDATE cannot be applied to a WITH query',
    );
    expect(await outcome(db.query('SELECT * FROM generate_series(1, 2) g FOR UPDATE OF g'))).toBe(
      '0A000 FOR UPDATE cannot be applied to a function',
    );
    expect(await outcome(db.query('SELECT * FROM (SELECT * FROM t) s FOR UPDATE OF t'))).toBe(
      '42P01 relation "t" in FOR UPDATE clause not found in FROM clause',
    );
    // Without OF, WITH queries and VALUES are left alone.
    expect(
      (await db.query('WITH c AS (SELECT id FROM t) SELECT * FROM c ORDER BY id FOR UPDATE')).rows,
    ).toEqual([[1], [2], [3]]);
    expect((await db.query('SELECT * FROM (VALUES (1)) x(a) FOR UPDATE OF x')).rows).toEqual([[1]]);
  });
});
