/**
 * Row-level waits between sessions (two or three sessions on one Database): UPDATE / DELETE /
 * INSERT wait for the transaction changing their row or key, then go on as PostgreSQL 15 does —
 * READ COMMITTED re-checks the newest version, REPEATABLE READ raises 40001.
 */
import { describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
});

const rows = async (sql: string): Promise<unknown[][]> => (await db.query(sql)).rows as unknown[][];

describe('UPDATE waits for a concurrent updater', () => {
  it('proceeds on the row when the blocker aborts', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    const blocked = outcome(s2.query('UPDATE t SET v = v + 100 WHERE id = 1'));
    expect(await pending(blocked)).toBe(true);
    await s1.query('ROLLBACK');
    expect(await blocked).toBe('ok');
    expect(await rows('SELECT v FROM t WHERE id = 1')).toEqual([[110]]);
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: applies SET to the newest version after the blocker commits', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = v + 1 WHERE id = 1');
    const blocked = s2.query('UPDATE t SET v = v + 100 WHERE id = 1 RETURNING v');
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).rows).toEqual([[111]]);
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: re-checks WHERE on the newest version and skips a row that no longer matches', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 50 WHERE id = 1');
    const blocked = s2.query('UPDATE t SET v = 0 WHERE v = 10');
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).command).toBe('UPDATE 0');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 50],
      [2, 20],
    ]);
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: skips a row deleted by the blocker', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('DELETE FROM t WHERE id = 2');
    const blocked = s2.query('UPDATE t SET v = v + 1');
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).command).toBe('UPDATE 1');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([[1, 11]]);
    await s1.close();
    await s2.close();
  });

  it('REPEATABLE READ: 40001 after the blocker commits, the update goes on after it aborts', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    await s2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await s2.query('SELECT 1');
    const blocked = outcome(s2.query('UPDATE t SET v = 12 WHERE id = 1'));
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect(await blocked).toBe('40001 could not serialize access due to concurrent update');
    await s2.query('ROLLBACK');
    await s1.query('BEGIN');
    await s1.query('DELETE FROM t WHERE id = 1');
    await s2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await s2.query('SELECT 1');
    const del = outcome(s2.query('DELETE FROM t WHERE id = 1'));
    expect(await pending(del)).toBe(true);
    await s1.query('COMMIT');
    expect(await del).toBe('40001 could not serialize access due to concurrent delete');
    await s2.query('ROLLBACK');
    await s1.close();
    await s2.close();
  });

  it('UPDATE … FROM keeps the other table values and re-checks the join', async () => {
    await db.query('DROP TABLE IF EXISTS u');
    await db.query('CREATE TABLE u (id int, w int)');
    await db.query('INSERT INTO u VALUES (1, 5)');
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 15 WHERE id = 1');
    const blocked = s2.query(
      'UPDATE t SET v = t.v + u.w FROM u WHERE t.id = u.id AND t.v >= 10 RETURNING t.v, u.w',
    );
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).rows).toEqual([[20, 5]]);
    await s1.close();
    await s2.close();
  });
});

describe('unique keys wait for their inserter', () => {
  it('23505 once the inserter commits, the insert succeeds once it aborts', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('INSERT INTO t VALUES (3, 30)');
    const dup = outcome(s2.query('INSERT INTO t VALUES (3, 31)'));
    expect(await pending(dup)).toBe(true);
    await s1.query('COMMIT');
    expect(await dup).toMatch(/^23505 duplicate key value violates unique constraint "t_pkey"/);
    await s1.query('BEGIN');
    await s1.query('INSERT INTO t VALUES (4, 40)');
    const ok = outcome(s2.query('INSERT INTO t VALUES (4, 41)'));
    expect(await pending(ok)).toBe(true);
    await s1.query('ROLLBACK');
    expect(await ok).toBe('ok');
    expect(await rows('SELECT v FROM t WHERE id = 4')).toEqual([[41]]);
    await s1.close();
    await s2.close();
  });

  it('ON CONFLICT DO UPDATE waits, then updates the committed row', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('INSERT INTO t VALUES (5, 50)');
    const upsert = s2.query(
      'INSERT INTO t VALUES (5, 1) ON CONFLICT (id) DO UPDATE SET v = t.v + excluded.v RETURNING v',
    );
    expect(await pending(upsert)).toBe(true);
    await s1.query('COMMIT');
    expect((await upsert).rows).toEqual([[51]]);
    await s1.close();
    await s2.close();
  });
});
