/**
 * pg_stat_database (database-activity.ts, Database.databaseActivityOf): transactions, rows,
 * temporary files, deadlocks, sessions and their times, and pg_stat_reset().
 */
import { describe, expect, it } from 'vitest';
import type { EmbeddedSession } from './embedded-session.js';
import { loginAs, queryError, useTestDatabases } from './test-database.js';

const dbs = useTestDatabases({ autovacuum: false });

/** The named columns of this database's pg_stat_database row, as numbers (null stays null). */
async function dbStats(s: EmbeddedSession, columns: string): Promise<Record<string, number | null>> {
  const r = await s.query(`SELECT ${columns} FROM pg_stat_database WHERE datname = current_database()`);
  const row = r.rows[0]!;
  return Object.fromEntries(r.fields.map((f, i) => [f.name, row[i] === null ? null : Number(row[i])]));
}

/** `after` minus `before`, column by column. */
const delta = (before: Record<string, number | null>, after: Record<string, number | null>) =>
  Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));

describe('pg_stat_database', () => {
  it('counts commits and rollbacks (a failed statement rolls back), and the rows the tables counted', async () => {
    const db = await dbs.open();
    const s = db.connect();
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    const cols =
      'xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned, tup_fetched';
    const before = await dbStats(s, cols);
    await s.query('INSERT INTO t SELECT g, g FROM generate_series(1, 5) g');
    await s.query('BEGIN');
    await s.query('UPDATE t SET v = 0 WHERE v = 1');
    await s.query('COMMIT');
    await s.query('BEGIN');
    await s.query('DELETE FROM t WHERE v = 2');
    await s.query('ROLLBACK');
    expect(await queryError(s, 'INSERT INTO t VALUES (1, 1)')).toMatch(/^23505/);
    await s.query('SELECT * FROM t');
    // Commits: the first read's own, the INSERT, the block, the SELECT; rollbacks: the block and
    // the failed INSERT. Rows: the 5 inserted (the duplicate was refused before it was written;
    // PostgreSQL writes it first and counts it too), and the sequential scans' live rows.
    expect(delta(before, await dbStats(s, cols))).toEqual({
      xact_commit: 4,
      xact_rollback: 2,
      tup_inserted: 5,
      tup_updated: 1,
      tup_deleted: 1,
      tup_returned: 5 + 5 + 5,
      tup_fetched: 0,
    });
    // The shared catalogs' row: datid 0, no name.
    const shared = await s.query(
      'SELECT datid, datname, numbackends, checksum_failures FROM pg_stat_database WHERE datid = 0',
    );
    expect(shared.rows).toEqual([[0, null, 0, null]]);
  });

  it('counts sessions, those that were killed, and the backends connected now', async () => {
    const db = await dbs.open();
    const s = db.connect();
    const cols = 'numbackends, sessions, sessions_killed, sessions_abandoned, sessions_fatal';
    const before = await dbStats(s, cols);
    const other = db.connect();
    const third = db.connect();
    const pid = (await third.query('SELECT pg_backend_pid()')).rows[0]![0];
    expect(delta(before, await dbStats(s, cols))).toEqual({
      numbackends: 2,
      sessions: 2,
      sessions_killed: 0,
      sessions_abandoned: 0,
      sessions_fatal: 0,
    });
    await other.close();
    await s.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(delta(before, await dbStats(s, cols))).toEqual({
      numbackends: 0,
      sessions: 2,
      sessions_killed: 1,
      sessions_abandoned: 0,
      sessions_fatal: 0,
    });
  });

  it('adds up the time sessions spent connected, running statements and idle in a transaction', async () => {
    const db = await dbs.open();
    const s = db.connect();
    const idle = db.connect();
    await idle.query('BEGIN');
    await s.query('SELECT pg_sleep(0.05)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t = await dbStats(s, 'session_time, active_time, idle_in_transaction_time');
    // s slept 50 ms in a statement; idle has sat in its block for at least 100 ms.
    expect(t.active_time).toBeGreaterThanOrEqual(50);
    expect(t.idle_in_transaction_time).toBeGreaterThanOrEqual(100);
    expect(t.session_time).toBeGreaterThanOrEqual(t.active_time! + t.idle_in_transaction_time!);
    await idle.query('COMMIT');
  });

  it('counts temporary files and their bytes, and deadlocks', async () => {
    const db = await dbs.open();
    const s = db.connect();
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await s.query("INSERT INTO t SELECT g, repeat('x', 50) || g FROM generate_series(1, 20000) g");
    const before = await dbStats(s, 'temp_files, temp_bytes, deadlocks');
    await s.query("SET work_mem = '64kB'");
    expect((await s.query('SELECT v FROM t ORDER BY v DESC')).rows.length).toBe(20000);
    const sorted = delta(before, await dbStats(s, 'temp_files, temp_bytes, deadlocks'));
    expect(sorted.temp_files).toBeGreaterThan(0);
    expect(sorted.temp_bytes).toBeGreaterThan(20000 * 50);
    // Two transactions each waiting for the other's row.
    const a = db.connect();
    const b = db.connect();
    await a.query("SET deadlock_timeout = '10ms'");
    await b.query("SET deadlock_timeout = '10ms'");
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('UPDATE t SET v = v WHERE id = 1');
    await b.query('UPDATE t SET v = v WHERE id = 2');
    const first = a.query('UPDATE t SET v = v WHERE id = 2').then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    const second = b.query('UPDATE t SET v = v WHERE id = 1').then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    expect([await first, await second].sort()).toEqual(['40P01', 'ok']);
    await a.query('ROLLBACK');
    await b.query('ROLLBACK');
    expect(delta(before, await dbStats(s, 'deadlocks'))).toEqual({ deadlocks: 1 });
  });

  it('pg_stat_reset() sets the counters back to zero and stamps stats_reset', async () => {
    const db = await dbs.open();
    const s = db.connect();
    await s.query('CREATE TABLE t (id int)');
    await s.query('INSERT INTO t VALUES (1), (2)');
    expect((await s.query('SELECT stats_reset IS NULL FROM pg_stat_database WHERE datid <> 0')).rows).toEqual(
      [[true]],
    );
    await s.query('SELECT pg_stat_reset()');
    const after = await dbStats(s, 'xact_commit, tup_inserted, sessions, active_time < 1000 AS recent');
    // The reset's own transaction committed before this read.
    expect(after).toEqual({ xact_commit: 1, tup_inserted: 0, sessions: 0, recent: 1 });
    expect(
      (await s.query('SELECT stats_reset <= now() FROM pg_stat_database WHERE datid <> 0')).rows,
    ).toEqual([[true]]);
  });

  it('CHECKPOINT runs one, which pg_stat_bgwriter counts with the pages it wrote; pg_stat_reset_shared resets it', async () => {
    const db = await dbs.open();
    const s = db.connect();
    const bg = async () => {
      const r = await s.query(
        'SELECT checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_alloc, stats_reset FROM pg_stat_bgwriter',
      );
      const [timed, req, written, alloc, reset] = r.rows[0]!;
      return {
        timed: Number(timed),
        req: Number(req),
        written: Number(written),
        alloc: Number(alloc),
        reset,
      };
    };
    const before = await bg();
    await s.query('CREATE TABLE t (id int)');
    await s.query('INSERT INTO t SELECT generate_series(1, 2000)');
    expect((await s.query('CHECKPOINT')).command).toBe('CHECKPOINT');
    const after = await bg();
    expect(after.req - before.req).toBe(1);
    expect(after.timed).toBe(before.timed);
    expect(after.written - before.written).toBeGreaterThan(0);
    expect(after.alloc - before.alloc).toBeGreaterThan(0);
    await s.query("SELECT pg_stat_reset_shared('bgwriter')");
    const reset = await bg();
    expect([reset.req, reset.written]).toEqual([0, 0]);
    expect(reset.reset).not.toEqual(before.reset);
    expect(await queryError(s, "SELECT pg_stat_reset_shared('checkpointer')")).toBe(
      '22023 unrecognized reset target: "checkpointer"',
    );
    await s.query('CREATE ROLE plain LOGIN');
    const plain = await loginAs(db, 'plain');
    expect(await queryError(plain, "SELECT pg_stat_reset_shared('bgwriter')")).toBe(
      '42501 permission denied for function pg_stat_reset_shared',
    );
    expect(await queryError(plain, 'CHECKPOINT')).toBe(
      '42501 must be superuser or have privileges of pg_checkpoint to do CHECKPOINT',
    );
    // CHECKPOINT is an unreserved keyword: still a name and a bare column label.
    await s.query('CREATE TABLE checkpoint (checkpoint int)');
    expect(
      (await s.query('SELECT 1 checkpoint FROM checkpoint RIGHT JOIN (VALUES (1)) v ON true')).fields[0]!
        .name,
    ).toBe('checkpoint');
  });
});
