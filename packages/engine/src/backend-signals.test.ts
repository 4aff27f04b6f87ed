/**
 * pg_cancel_backend and pg_terminate_backend between embedded sessions (signal-functions.ts in
 * the executor; EngineSession.terminate): the target's running statement stops, a terminated
 * session ends, who may signal whom, and the wait of pg_terminate_backend's timeout.
 */
import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import type { EmbeddedSession } from './embedded-session.js';
import { loginAs, queryError, useTestDatabases } from './test-database.js';

const dbs = useTestDatabases({ autovacuum: false });

const pidOf = async (s: EmbeddedSession): Promise<number> =>
  (await s.query('SELECT pg_backend_pid()')).rows[0]![0] as number;

/** What `promise` rejects with, as `SQLSTATE severity message`. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return `${err.code} ${err.fields.severity ?? 'ERROR'} ${err.message}`;
  }
  return 'ok';
}

/** Resolves once session `pid` runs a statement (pg_stat_activity says active). */
async function running(s: EmbeddedSession, pid: number): Promise<void> {
  for (;;) {
    const r = await s.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", [pid]);
    if (r.rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('pg_cancel_backend', () => {
  it("stops the other session's running statement with 57014; the session goes on", async () => {
    const db = await dbs.open();
    const a = db.connect();
    const b = db.connect();
    const pid = await pidOf(b);
    const sleeping = failure(b.query('SELECT pg_sleep(30)'));
    await running(a, pid);
    expect((await a.query('SELECT pg_cancel_backend($1)', [pid])).rows).toEqual([[true]]);
    expect(await sleeping).toBe('57014 ERROR canceling statement due to user request');
    expect((await b.query('SELECT 1')).rows).toEqual([[1]]);
  });

  it('is false with a WARNING for a process id no session has', async () => {
    const db = await dbs.open();
    const a = db.connect();
    const r = await a.query('SELECT pg_cancel_backend(1), pg_terminate_backend(2)');
    expect(r.rows).toEqual([[false, false]]);
    expect(r.notices.map((n) => `${n.code} ${n.fields.severity} ${n.message}`)).toEqual([
      '01000 WARNING PID 1 is not a PostgreSQL backend process',
      '01000 WARNING PID 2 is not a PostgreSQL backend process',
    ]);
  });
});

describe('pg_terminate_backend', () => {
  it('ends an idle session: its next call fails with FATAL 57P01, and it is gone', async () => {
    const db = await dbs.open();
    const a = db.connect();
    const b = db.connect();
    const pid = await pidOf(b);
    expect((await a.query('SELECT pg_terminate_backend($1)', [pid])).rows).toEqual([[true]]);
    expect(await failure(b.query('SELECT 1'))).toBe(
      '57P01 FATAL terminating connection due to administrator command',
    );
    expect(await failure(b.query('SELECT 1'))).toBe('08003 ERROR the session is closed');
    expect((await a.query('SELECT count(*) FROM pg_stat_activity WHERE pid = $1', [pid])).rows).toEqual([
      [0n],
    ]);
  });

  it('with a timeout, waits until the session has ended; its running statement fails with 57P01', async () => {
    const db = await dbs.open();
    const a = db.connect();
    const b = db.connect();
    const pid = await pidOf(b);
    await b.query('BEGIN');
    await b.query('CREATE TABLE t (id int)');
    const sleeping = failure(b.query('SELECT pg_sleep(30)'));
    await running(a, pid);
    expect((await a.query('SELECT pg_terminate_backend($1, 10000)', [pid])).rows).toEqual([[true]]);
    expect(await sleeping).toBe('57P01 FATAL terminating connection due to administrator command');
    // The session ended before the call returned: its transaction is rolled back.
    expect((await a.query('SELECT count(*) FROM pg_stat_activity WHERE pid = $1', [pid])).rows).toEqual([
      [0n],
    ]);
    expect(await queryError(a, 'SELECT * FROM t')).toBe('42P01 relation "t" does not exist');
  });

  it('a negative timeout is 22003', async () => {
    const db = await dbs.open();
    const a = db.connect();
    expect(await queryError(a, 'SELECT pg_terminate_backend(pg_backend_pid(), -1)')).toBe(
      '22003 "timeout" must not be negative',
    );
  });

  it("only a superuser may signal a superuser's session; others only sessions of roles they have the privileges of", async () => {
    const db = await dbs.open();
    const admin = db.connect();
    await admin.query('CREATE ROLE alice LOGIN');
    await admin.query('CREATE ROLE bob LOGIN');
    await admin.query('CREATE ROLE team');
    await admin.query('GRANT team TO alice');
    const adminPid = await pidOf(admin);
    const alice = await loginAs(db, 'alice');
    const bob = await loginAs(db, 'bob');
    const bobPid = await pidOf(bob);
    expect(await queryError(alice, `SELECT pg_terminate_backend(${adminPid})`)).toBe(
      '42501 must be a superuser to terminate superuser process',
    );
    expect(await queryError(alice, `SELECT pg_cancel_backend(${adminPid})`)).toBe(
      '42501 must be a superuser to cancel superuser query',
    );
    expect(await queryError(alice, `SELECT pg_cancel_backend(${bobPid})`)).toBe(
      '42501 must be a member of the role whose query is being canceled or member of pg_signal_backend',
    );
    // A member of bob's role may.
    await admin.query('GRANT bob TO alice');
    expect((await alice.query(`SELECT pg_terminate_backend(${bobPid})`)).rows).toEqual([[true]]);
    expect(await failure(bob.query('SELECT 1'))).toBe(
      '57P01 FATAL terminating connection due to administrator command',
    );
  });
});
