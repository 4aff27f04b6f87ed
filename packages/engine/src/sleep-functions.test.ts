/**
 * pg_sleep, pg_sleep_for and pg_sleep_until: a sleeping statement waits without holding up the
 * other sessions, ends early with cancel and statement_timeout, and cannot wait where the
 * statement cannot suspend.
 */
import { describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
});

describe('pg_sleep', () => {
  it('sleeps without holding up other sessions, and answers void', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    // A sleep far longer than any test machine's stall: the check below cannot race its end.
    const q = outcome(s1.query('SELECT pg_sleep(60)'));
    // Another session's statements run while the first sleeps.
    expect((await s2.query('SELECT count(*)::int FROM t')).rows).toEqual([[2]]);
    expect(await pending(q)).toBe(true);
    db.cancel(s1.session.processId, s1.session.secretKey);
    expect(await q).toBe('57014 canceling statement due to user request');
    const r = await s1.query("SELECT pg_sleep(0.02) AS a, pg_sleep_for(interval '10 ms') AS b");
    expect(r.rows).toEqual([['', '']]);
    await s1.close();
    await s2.close();
  });

  it('is strict and returns at once for a delay that is not positive', async () => {
    const r = await db.query(
      `SELECT pg_sleep(NULL) IS NULL, pg_sleep(-1), pg_sleep(0), pg_sleep('NaN'), pg_sleep_until(now() - interval '1 day'), pg_sleep_for(NULL) IS NULL`,
    );
    expect(r.rows).toEqual([[true, '', '', '', '', true]]);
  });

  it('sleeps once per call and per row', async () => {
    const r = await db.query('SELECT i, pg_sleep(0.01), pg_sleep(0.01) FROM generate_series(1, 3) i');
    expect(r.rows).toEqual([
      [1, '', ''],
      [2, '', ''],
      [3, '', ''],
    ]);
  });

  it('ends with statement_timeout and with a cancel request', async () => {
    const s = db.connect();
    await s.query("SET statement_timeout = '30ms'");
    expect(await outcome(s.query('SELECT pg_sleep(60)'))).toBe(
      '57014 canceling statement due to statement timeout',
    );
    await s.query('SET statement_timeout = 0');
    const p = outcome(s.query('SELECT pg_sleep(60)'));
    expect(await pending(p)).toBe(true);
    db.cancel(s.session.processId, s.session.secretKey);
    expect(await p).toBe('57014 canceling statement due to user request');
    expect((await s.query('SELECT 1')).rows).toEqual([[1]]);
    await s.close();
  });

  it('cannot wait outside the select list of the top SELECT', async () => {
    expect(await outcome(db.query('SELECT 1 FROM t WHERE pg_sleep(1) IS NOT NULL'))).toBe(
      '0A000 pg_sleep() cannot wait here',
    );
  });

  it('sleeps in a DO block through PERFORM', async () => {
    const s = db.connect();
    const p = outcome(s.query('DO $$ BEGIN PERFORM pg_sleep(60); END $$'));
    expect(await pending(p)).toBe(true);
    db.cancel(s.session.processId, s.session.secretKey);
    expect(await p).toBe('57014 canceling statement due to user request');
    await s.close();
  });
});
