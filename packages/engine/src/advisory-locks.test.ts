/**
 * Advisory locks between sessions of one Database (pg_advisory_lock and friends): session and
 * transaction level, re-entrancy, unlock's WARNING, savepoints, DISCARD ALL, session end, pg_locks,
 * and waits that end by unlock, lock_timeout, statement_timeout, cancel and deadlock.
 */
import type { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
});

/** The advisory rows of pg_locks: objid, objsubid, mode, granted. */
async function advisoryLocks(): Promise<unknown[][]> {
  return (
    await db.query(
      `SELECT objid, objsubid, mode, granted FROM pg_locks WHERE locktype = 'advisory' ORDER BY objid, mode, granted`,
    )
  ).rows;
}

describe('advisory locks', () => {
  it('session locks are re-entrant, survive COMMIT and ROLLBACK and block others until unlocked', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SELECT pg_advisory_lock(1), pg_advisory_lock(1)');
    await s1.query('ROLLBACK');
    expect((await s2.query('SELECT pg_try_advisory_lock(1)')).rows).toEqual([[false]]);
    const p = outcome(s2.query('SELECT pg_advisory_lock(1)'));
    expect(await pending(p)).toBe(true);
    expect(await advisoryLocks()).toEqual([
      [1, 1, 'ExclusiveLock', false],
      [1, 1, 'ExclusiveLock', true],
    ]);
    expect((await s1.query('SELECT pg_advisory_unlock(1)')).rows).toEqual([[true]]);
    expect(await pending(p)).toBe(true); // locked twice: still held once
    expect((await s1.query('SELECT pg_advisory_unlock(1)')).rows).toEqual([[true]]);
    expect(await p).toBe('ok');
    const r = await s1.query('SELECT pg_advisory_unlock(1)');
    expect(r.rows).toEqual([[false]]);
    expect(r.notices.map((n) => `${n.severity} ${n.message}`)).toEqual([
      "WARNING you don't own a lock of type ExclusiveLock",
    ]);
    await s1.close();
    await s2.close();
  });

  it('transaction locks go at transaction end and at ROLLBACK TO; unlock does not release them', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SELECT pg_advisory_xact_lock(2)');
    expect((await s1.query('SELECT pg_advisory_unlock(2)')).rows).toEqual([[false]]);
    await s1.query('SAVEPOINT a');
    await s1.query('SELECT pg_advisory_xact_lock(3), pg_advisory_lock(4)');
    await s1.query('ROLLBACK TO a');
    expect((await s2.query('SELECT pg_try_advisory_lock(3), pg_try_advisory_lock(4)')).rows).toEqual([
      [true, false],
    ]);
    const p = outcome(s2.query('SELECT pg_advisory_xact_lock(2)'));
    expect(await pending(p)).toBe(true);
    await s1.query('COMMIT');
    expect(await p).toBe('ok');
    await s1.close(); // session end releases lock 4
    expect((await s2.query('SELECT pg_try_advisory_lock(4)')).rows).toEqual([[true]]);
    await s2.close();
  });

  it('shared locks share; session and transaction holds of one session do not conflict', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('SELECT pg_advisory_lock_shared(5)');
    expect((await s2.query('SELECT pg_try_advisory_lock_shared(5), pg_try_advisory_lock(5)')).rows).toEqual([
      [true, false],
    ]);
    await s2.query('SELECT pg_advisory_unlock_all()');
    await s1.query('BEGIN');
    expect((await s1.query('SELECT pg_try_advisory_xact_lock(5)')).rows).toEqual([[true]]);
    await s1.query('COMMIT');
    expect((await s1.query('SELECT pg_try_advisory_lock(6, 7), pg_advisory_unlock(6, 7)')).rows).toEqual([
      [true, true],
    ]);
    expect((await s1.query('SELECT pg_advisory_lock(NULL), pg_try_advisory_lock(NULL, 1)')).rows).toEqual([
      [null, null],
    ]);
    await s1.close();
    await s2.close();
  });

  it('DISCARD ALL and a closed session release session locks', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('SELECT pg_advisory_lock(8)');
    const p = outcome(s2.query('SELECT pg_advisory_lock(8)'));
    expect(await pending(p)).toBe(true);
    await s1.query('DISCARD ALL');
    expect(await p).toBe('ok');
    const q = outcome(s1.query('SELECT pg_advisory_lock(8)'));
    expect(await pending(q)).toBe(true);
    await s2.close();
    expect(await q).toBe('ok');
    await s1.close();
  });

  it('pg_locks shows the key as PostgreSQL encodes it', async () => {
    const s1 = db.connect();
    await s1.query(
      'SELECT pg_advisory_lock(-1), pg_advisory_lock_shared(-5, -7), pg_advisory_lock(4294967296)',
    );
    const rows = (
      await s1.query(
        `SELECT database, classid, objid, objsubid, mode, granted, pid = pg_backend_pid(), fastpath
           FROM pg_locks WHERE locktype = 'advisory' ORDER BY objsubid, classid`,
      )
    ).rows;
    expect(rows).toEqual([
      [5, 1, 0, 1, 'ExclusiveLock', true, true, false],
      [5, 4294967295, 4294967295, 1, 'ExclusiveLock', true, true, false],
      [5, 4294967291, 4294967289, 2, 'ShareLock', true, true, false],
    ]);
    await s1.close();
  });

  it('two calls of one select list that both wait take each lock once', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('SELECT pg_advisory_lock(5), pg_advisory_lock(6)');
    const p = outcome(s2.query('SELECT pg_advisory_lock(5), pg_advisory_lock(6)'));
    expect(await pending(p)).toBe(true);
    await s1.query('SELECT pg_advisory_unlock(5)');
    expect(await pending(p)).toBe(true); // holds 5, waits for 6
    await s1.query('SELECT pg_advisory_unlock(6)');
    expect(await p).toBe('ok');
    // Each key held once: the retry of the row after the second wait did not lock 5 again.
    expect((await s2.query('SELECT pg_advisory_unlock(5), pg_advisory_unlock(6)')).rows).toEqual([[true, true]]);
    expect(await advisoryLocks()).toEqual([]);
    await s1.close();
    await s2.close();
  });

  it('a waiting lock ends with lock_timeout, statement_timeout and a cancel request', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('SELECT pg_advisory_lock(9)');
    await s2.query("SET lock_timeout = '30ms'");
    expect(await outcome(s2.query('SELECT pg_advisory_lock(9)'))).toBe(
      '55P03 canceling statement due to lock timeout',
    );
    await s2.query('SET lock_timeout = 0');
    await s2.query("SET statement_timeout = '30ms'");
    expect(await outcome(s2.query('SELECT pg_advisory_xact_lock(9)'))).toBe(
      '57014 canceling statement due to statement timeout',
    );
    await s2.query('SET statement_timeout = 0');
    const p = outcome(s2.query('SELECT pg_advisory_lock_shared(9)'));
    expect(await pending(p)).toBe(true);
    db.cancel(s2.session.processId, s2.session.secretKey);
    expect(await p).toBe('57014 canceling statement due to user request');
    expect(await advisoryLocks()).toEqual([[9, 1, 'ExclusiveLock', true]]);
    await s1.close();
    await s2.close();
  });

  it('two sessions waiting for each other: one gets 40P01 naming the advisory locks', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query("SET deadlock_timeout = '20ms'");
    await s2.query("SET deadlock_timeout = '20ms'");
    await s1.query('SELECT pg_advisory_lock(10)');
    await s2.query('SELECT pg_advisory_lock(11)');
    const details: string[] = [];
    const detailed = (p: Promise<unknown>) =>
      outcome(
        p.catch((err: DbError) => {
          details.push(err.fields.detail ?? '');
          throw err;
        }),
      );
    const a = detailed(s1.query('SELECT pg_advisory_lock(11)'));
    const b = detailed(s2.query('SELECT pg_advisory_lock(10)'));
    const results = [await Promise.race([a, b])];
    await s1.query('SELECT pg_advisory_unlock_all()').catch(() => {});
    results.push(...(await Promise.all([a, b])));
    expect(results[0]).toBe('40P01 deadlock detected');
    expect(results.slice(1).sort()).toEqual(['40P01 deadlock detected', 'ok']);
    expect(details[0]).toMatch(
      /^Process \d+ waits for ExclusiveLock on advisory lock \[5,0,1[01],1\]; blocked by process \d+\.\nProcess \d+ waits for ExclusiveLock on advisory lock \[5,0,1[01],1\]; blocked by process \d+\.$/,
    );
    await s1.close();
    await s2.close();
  });

  it('waits in the select list of a query over a table, then returns every row once', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('SELECT pg_advisory_lock(2)');
    const p = s2.query('SELECT id, pg_advisory_lock(id) FROM t');
    expect(await pending(p)).toBe(true);
    await s1.query('SELECT pg_advisory_unlock(2)');
    expect((await p).rows).toEqual([
      [1, ''],
      [2, ''],
    ]);
    expect((await s2.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).rows).toEqual([
      [2n],
    ]);
    expect(await outcome(s1.query('SELECT 1 FROM t WHERE pg_advisory_lock(id) IS NULL'))).toBe(
      '0A000 pg_advisory_lock() cannot wait for a lock here',
    );
    await s1.close();
    await s2.close();
  });
});
