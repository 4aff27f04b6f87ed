/**
 * Table locks, timeouts and deadlocks between sessions on one Database: LOCK TABLE in its modes,
 * the locks statements take implicitly, lock_timeout, statement_timeout, deadlock_timeout and
 * the 40P01 victim.
 */
import type { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
});

describe('LOCK TABLE', () => {
  it('needs a transaction block and a table', async () => {
    expect(await outcome(db.query('LOCK t'))).toBe('25P01 LOCK TABLE can only be used in transaction blocks');
    await db.query('CREATE SEQUENCE IF NOT EXISTS sq');
    const s = db.connect();
    await s.query('BEGIN');
    expect(await outcome(s.query('LOCK TABLE sq'))).toBe('42809 cannot lock relation "sq"');
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    expect(await outcome(s.query('LOCK nosuch'))).toBe('42P01 relation "nosuch" does not exist');
    await s.query('ROLLBACK');
    expect((await db.query('LOCK t IN SHARE MODE; SELECT 1')).rows).toEqual([[1]]);
    await s.close();
  });

  const cases: [string, string, boolean][] = [
    ['ACCESS SHARE', 'SELECT * FROM t', false],
    ['ROW EXCLUSIVE', 'SELECT * FROM t', false],
    ['EXCLUSIVE', 'SELECT * FROM t', false],
    ['ACCESS EXCLUSIVE', 'SELECT * FROM t', true],
    ['SHARE', 'UPDATE t SET v = 0 WHERE id = 1', true],
    ['ROW SHARE', 'UPDATE t SET v = 0 WHERE id = 1', false],
    ['SHARE UPDATE EXCLUSIVE', 'INSERT INTO t VALUES (9, 9)', false],
    ['SHARE ROW EXCLUSIVE', 'INSERT INTO t VALUES (9, 9)', true],
    ['ROW EXCLUSIVE', 'CREATE INDEX t_v ON t (v)', true],
    ['ACCESS SHARE', 'TRUNCATE t', true],
    ['SHARE', 'LOCK t IN SHARE MODE', false],
    ['SHARE UPDATE EXCLUSIVE', 'LOCK t IN SHARE UPDATE EXCLUSIVE MODE', true],
  ];
  for (const [mode, sql, blocks] of cases) {
    it(`${mode} ${blocks ? 'blocks' : 'does not block'} ${sql}`, async () => {
      const s1 = db.connect();
      const s2 = db.connect();
      await s1.query('BEGIN');
      await s1.query(`LOCK TABLE t IN ${mode} MODE`);
      await s2.query('BEGIN');
      const p = outcome(s2.query(sql));
      expect(await pending(p)).toBe(blocks);
      await s1.query('COMMIT');
      expect(await p).toBe('ok');
      await s2.query('ROLLBACK');
      await s1.close();
      await s2.close();
    });
  }

  it('NOWAIT fails at once; DROP waits for a reader; autocommit releases at statement end', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SELECT * FROM t');
    await s2.query('BEGIN');
    expect(await outcome(s2.query('LOCK t NOWAIT'))).toBe('55P03 could not obtain lock on relation "t"');
    await s2.query('ROLLBACK');
    const drop = outcome(s2.query('DROP TABLE t'));
    expect(await pending(drop)).toBe(true);
    await s1.query('COMMIT');
    expect(await drop).toBe('ok');
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s1.query('SELECT * FROM t');
    expect(await outcome(s2.query('BEGIN; LOCK t NOWAIT; COMMIT'))).toBe('ok');
    await s1.close();
    await s2.close();
  });
});

describe('timeouts', () => {
  it('lock_timeout ends a lock wait with 55P03', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 1 WHERE id = 1');
    await s2.query("SET lock_timeout = '50ms'");
    expect((await s2.query('SHOW lock_timeout')).rows).toEqual([['50ms']]);
    expect(await outcome(s2.query('UPDATE t SET v = 2 WHERE id = 1'))).toBe(
      '55P03 canceling statement due to lock timeout',
    );
    await s2.query('SET lock_timeout = 1000');
    expect((await s2.query('SHOW lock_timeout')).rows).toEqual([['1s']]);
    await s2.query('RESET lock_timeout');
    expect((await s2.query('SHOW lock_timeout')).rows).toEqual([['0']]);
    expect(await outcome(s2.query("SET lock_timeout = '5 parsecs'"))).toBe(
      '22023 invalid value for parameter "lock_timeout": "5 parsecs"',
    );
    await s1.query('ROLLBACK');
    await s1.close();
    await s2.close();
  });

  it('statement_timeout cancels a lock wait and a long-running query with 57014', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('LOCK t');
    await s2.query("SET statement_timeout = '50ms'");
    expect(await outcome(s2.query('SELECT * FROM t'))).toBe(
      '57014 canceling statement due to statement timeout',
    );
    await s1.query('COMMIT');
    await db.query('CREATE TABLE IF NOT EXISTS big AS SELECT g AS id FROM generate_series(1, 3000) g');
    expect(await outcome(s2.query('SELECT count(*) FROM big a, big b WHERE a.id + b.id > 0'))).toBe(
      '57014 canceling statement due to statement timeout',
    );
    await s2.query('SET statement_timeout = 0');
    expect((await s2.query('SELECT count(*) FROM t')).rows).toEqual([[2n]]);
    await s1.close();
    await s2.close();
  });

  it('a cancel request interrupts a wait', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 1 WHERE id = 1');
    const p = outcome(s2.query('UPDATE t SET v = 2 WHERE id = 1'));
    expect(await pending(p)).toBe(true);
    db.cancel(s2.session.processId, s2.session.secretKey);
    expect(await p).toBe('57014 canceling statement due to user request');
    await s1.query('ROLLBACK');
    await s1.close();
    await s2.close();
  });
});

describe('deadlocks', () => {
  it('two sessions updating two rows in opposite order: exactly one gets 40P01, the other goes on', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query("SET deadlock_timeout = '20ms'");
    await s2.query("SET deadlock_timeout = '20ms'");
    expect((await s1.query('SHOW deadlock_timeout')).rows).toEqual([['20ms']]);
    await s1.query('BEGIN');
    await s2.query('BEGIN');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    await s2.query('UPDATE t SET v = 22 WHERE id = 2');
    const errors: DbError[] = [];
    const catchIt = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => {
          errors.push(e as DbError);
          return 'failed';
        },
      );
    const a = catchIt(s1.query('UPDATE t SET v = 12 WHERE id = 2'));
    const b = catchIt(s2.query('UPDATE t SET v = 21 WHERE id = 1'));
    const first = await Promise.race([a, b]);
    expect(first).toBe('failed');
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('40P01');
    expect(errors[0].message).toBe('deadlock detected');
    expect(errors[0].fields.detail).toMatch(
      /^Process \d+ waits for ShareLock on transaction \d+; blocked by process \d+\.\nProcess \d+ waits for ShareLock on transaction \d+; blocked by process \d+\.$/,
    );
    // The victim's transaction is aborted; the survivor's update then goes through.
    const victim = (await a) === 'failed' ? s1 : s2;
    const survivor = victim === s1 ? s2 : s1;
    await victim.query('ROLLBACK');
    expect([await a, await b].sort()).toEqual(['failed', 'ok']);
    await survivor.query('COMMIT');
    const rows = (await db.query('SELECT id, v FROM t ORDER BY id')).rows;
    expect(rows).toEqual(
      survivor === s1
        ? [
            [1, 11],
            [2, 12],
          ]
        : [
            [1, 21],
            [2, 22],
          ],
    );
    await s1.close();
    await s2.close();
  });
});
