/**
 * SELECT … FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE between sessions: the conflict matrix,
 * NOWAIT, SKIP LOCKED, UPDATE waiting for a row lock, REPEATABLE READ 40001, and PostgreSQL's
 * errors for locking clauses it does not allow.
 */
import { describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
}, 3);

const MODES = ['KEY SHARE', 'SHARE', 'NO KEY UPDATE', 'UPDATE'] as const;
// PostgreSQL's row lock conflict table: held (row) x requested (column).
const CONFLICTS: Record<string, readonly boolean[]> = {
  'KEY SHARE': [false, false, false, true],
  SHARE: [false, false, true, true],
  'NO KEY UPDATE': [false, true, true, true],
  UPDATE: [true, true, true, true],
};

describe('row lock modes', () => {
  for (const held of MODES) {
    MODES.forEach((requested, i) => {
      const blocks = CONFLICTS[held][i];
      it(`FOR ${held} ${blocks ? 'blocks' : 'does not block'} FOR ${requested}`, async () => {
        const s1 = db.connect();
        const s2 = db.connect();
        await s1.query('BEGIN');
        expect((await s1.query(`SELECT v FROM t WHERE id = 1 FOR ${held}`)).rows).toEqual([[10]]);
        await s2.query('BEGIN');
        const p = s2.query(`SELECT v FROM t WHERE id = 1 FOR ${requested}`);
        expect(await pending(p)).toBe(blocks);
        await s1.query('COMMIT');
        expect((await p).rows).toEqual([[10]]);
        await s2.query('COMMIT');
        await s1.close();
        await s2.close();
      });
    });
  }

  it('FOR UPDATE blocks UPDATE; FOR KEY SHARE does not block a non-key UPDATE but blocks a key UPDATE', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SELECT * FROM t WHERE id = 1 FOR UPDATE');
    const upd = s2.query('UPDATE t SET v = 11 WHERE id = 1');
    expect(await pending(upd)).toBe(true);
    await s1.query('COMMIT');
    expect((await upd).command).toBe('UPDATE 1');
    await s1.query('BEGIN');
    await s1.query('SELECT * FROM t WHERE id = 2 FOR KEY SHARE');
    expect((await s2.query('UPDATE t SET v = 21 WHERE id = 2')).command).toBe('UPDATE 1');
    const key = s2.query('UPDATE t SET id = 22 WHERE id = 2');
    expect(await pending(key)).toBe(true);
    await s1.query('ROLLBACK');
    expect((await key).command).toBe('UPDATE 1');
    await s1.close();
    await s2.close();
  });

  it('FOR KEY SHARE goes ahead of a running non-key UPDATE and then blocks a key UPDATE of the new version', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    await s2.query('BEGIN');
    expect((await s2.query('SELECT id FROM t WHERE id = 1 FOR KEY SHARE')).rows).toEqual([[1]]);
    expect(await outcome(s2.query('SELECT id FROM t WHERE id = 1 FOR SHARE NOWAIT'))).toBe(
      '55P03 could not obtain lock on row in relation "t"',
    );
    await s2.query('ROLLBACK');
    await s2.query('BEGIN');
    await s2.query('SELECT id FROM t WHERE id = 1 FOR KEY SHARE');
    await s1.query('COMMIT');
    const key = s1.query('UPDATE t SET id = 100 WHERE id = 1');
    expect(await pending(key)).toBe(true);
    await s2.query('COMMIT');
    expect((await key).command).toBe('UPDATE 1');
    await s1.close();
    await s2.close();
  });

  it('NOWAIT fails with 55P03, SKIP LOCKED skips, OF limits the locked tables', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SELECT * FROM t WHERE id = 1 FOR UPDATE');
    expect(await outcome(s2.query('SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT'))).toBe(
      '55P03 could not obtain lock on row in relation "t"',
    );
    expect((await s2.query('SELECT id FROM t ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED')).rows).toEqual([
      [2],
    ]);
    await db.query('DROP TABLE IF EXISTS u');
    await db.query('CREATE TABLE u (id int)');
    await db.query('INSERT INTO u VALUES (1)');
    expect((await s2.query('SELECT u.id FROM t, u WHERE t.id = u.id FOR UPDATE OF u NOWAIT')).rows).toEqual([
      [1],
    ]);
    expect(await outcome(s2.query('SELECT u.id FROM t, u WHERE t.id = u.id FOR UPDATE OF t NOWAIT'))).toBe(
      '55P03 could not obtain lock on row in relation "t"',
    );
    await s1.query('COMMIT');
    await s1.close();
    await s2.close();
  });

  it('REPEATABLE READ: 40001 when the row was updated after the snapshot; READ COMMITTED skips a deleted row', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await s2.query('SELECT 1');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    expect(await outcome(s2.query('SELECT * FROM t WHERE id = 1 FOR UPDATE'))).toBe(
      '40001 could not serialize access due to concurrent update',
    );
    await s2.query('ROLLBACK');
    await s1.query('BEGIN');
    await s1.query('DELETE FROM t WHERE id = 2');
    const p = s2.query('SELECT id FROM t ORDER BY id FOR UPDATE');
    expect(await pending(p)).toBe(true);
    await s1.query('COMMIT');
    expect((await p).rows).toEqual([[1], [3]]);
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: re-checks WHERE on the updated row and returns its new values', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = v + 1 WHERE id IN (1, 2)');
    await s1.query('UPDATE t SET v = 99 WHERE id = 3');
    const p = s2.query('SELECT id, v, v * 2 AS w FROM t WHERE v < 50 ORDER BY id FOR UPDATE');
    expect(await pending(p)).toBe(true);
    await s1.query('COMMIT');
    expect((await p).rows).toEqual([
      [1, 11, 22],
      [2, 21, 42],
    ]);
    await s1.close();
    await s2.close();
  });

  it('rejects what PostgreSQL rejects', async () => {
    expect(await outcome(db.query('SELECT v FROM t GROUP BY v FOR UPDATE'))).toBe(
      '0A000 FOR UPDATE is not allowed with GROUP BY clause',
    );
    expect(await outcome(db.query('SELECT DISTINCT v FROM t FOR SHARE'))).toBe(
      '0A000 FOR SHARE is not allowed with DISTINCT clause',
    );
    expect(await outcome(db.query('SELECT count(*) FROM t FOR UPDATE'))).toBe(
      '0A000 FOR UPDATE is not allowed with aggregate functions',
    );
    expect(await outcome(db.query('SELECT id FROM t UNION SELECT 1 FOR UPDATE'))).toBe(
      '0A000 FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT',
    );
    expect(await outcome(db.query('SELECT id FROM t FOR UPDATE OF nosuch'))).toBe(
      '42P01 relation "nosuch" in FOR UPDATE clause not found in FROM clause',
    );
    expect(await outcome(db.query('SELECT sum(id) OVER () FROM t FOR UPDATE'))).toBe(
      '0A000 FOR UPDATE is not allowed with window functions',
    );
  });
});
