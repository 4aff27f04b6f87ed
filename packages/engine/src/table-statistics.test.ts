/**
 * pg_stat_all_tables' and pg_stat_all_indexes' counters (table-activity.ts, the executor's
 * activity-counters.ts): scans, rows written, and the live and dead estimates through commits,
 * rollbacks, savepoints, VACUUM, ANALYZE, TRUNCATE and the resets.
 */
import { describe, expect, it } from 'vitest';
import type { EmbeddedSession } from './embedded-session.js';
import { queryError, useTestDatabases } from './test-database.js';

const dbs = useTestDatabases();

/** The named columns of pg_stat_user_tables for `table`, as numbers (null stays null). */
async function tableStats(
  s: EmbeddedSession,
  table: string,
  columns: string,
): Promise<Record<string, unknown>> {
  const r = await s.query(`SELECT ${columns} FROM pg_stat_user_tables WHERE relname = '${table}'`);
  const row = r.rows[0]!;
  return Object.fromEntries(r.fields.map((f, i) => [f.name, row[i] === null ? null : Number(row[i])]));
}

async function session(): Promise<EmbeddedSession> {
  const db = await dbs.open({ autovacuum: false });
  return db.connect();
}

describe('pg_stat_user_tables row counters', () => {
  it('counts rows written whether or not they commit; the estimates follow the outcome', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s.query('INSERT INTO t SELECT g, g FROM generate_series(1, 10) g');
    await s.query('UPDATE t SET v = v + 1 WHERE id <= 3');
    await s.query('DELETE FROM t WHERE id = 10');
    expect(await tableStats(s, 't', 'n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup')).toEqual({
      n_tup_ins: 10,
      n_tup_upd: 3,
      n_tup_del: 1,
      n_live_tup: 9,
      n_dead_tup: 4,
    });
    // A rolled-back transaction: its rows count as written; its inserted and updated rows are dead.
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (100, 0), (101, 0)');
    await s.query('UPDATE t SET v = 0 WHERE id = 1');
    await s.query('DELETE FROM t WHERE id = 2');
    await s.query('ROLLBACK');
    expect(await tableStats(s, 't', 'n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup')).toEqual({
      n_tup_ins: 12,
      n_tup_upd: 4,
      n_tup_del: 2,
      n_live_tup: 9,
      n_dead_tup: 7,
    });
  });

  it('a rolled-back savepoint leaves dead rows at once; the rest of its transaction counts when it commits', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (1, 1), (2, 2)');
    await s.query('SAVEPOINT a');
    await s.query('INSERT INTO t VALUES (3, 3)');
    await s.query('ROLLBACK TO SAVEPOINT a');
    // The savepoint's row is dead now; the transaction's own rows wait for it to end.
    expect(await tableStats(s, 't', 'n_live_tup, n_dead_tup')).toEqual({ n_live_tup: 0, n_dead_tup: 1 });
    await s.query('COMMIT');
    expect(await tableStats(s, 't', 'n_tup_ins, n_live_tup, n_dead_tup')).toEqual({
      n_tup_ins: 3,
      n_live_tup: 2,
      n_dead_tup: 1,
    });
  });

  it('counts HOT updates apart, and an ON DELETE CASCADE delete on the referencing table', async () => {
    const s = await session();
    await s.query('CREATE TABLE p (id int PRIMARY KEY, note text)');
    await s.query('CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p ON DELETE CASCADE)');
    await s.query("INSERT INTO p VALUES (1, 'a'), (2, 'b')");
    await s.query('INSERT INTO c VALUES (1, 1), (2, 1), (3, 2)');
    // No indexed column changes and the page has room: heap-only.
    await s.query("UPDATE p SET note = 'z' WHERE id = 2");
    // The key changes: not HOT.
    await s.query('UPDATE c SET id = 30 WHERE id = 3');
    await s.query('DELETE FROM p WHERE id = 1');
    expect(await tableStats(s, 'p', 'n_tup_upd, n_tup_hot_upd, n_tup_del')).toEqual({
      n_tup_upd: 1,
      n_tup_hot_upd: 1,
      n_tup_del: 1,
    });
    expect(await tableStats(s, 'c', 'n_tup_upd, n_tup_hot_upd, n_tup_del, n_live_tup')).toEqual({
      n_tup_upd: 1,
      n_tup_hot_upd: 0,
      n_tup_del: 2,
      n_live_tup: 1,
    });
  });

  it('VACUUM and ANALYZE replace the estimates with what they counted; VACUUM restarts n_ins_since_vacuum', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s.query('INSERT INTO t SELECT g, g FROM generate_series(1, 50) g');
    await s.query('DELETE FROM t WHERE id > 40');
    expect(await tableStats(s, 't', 'n_live_tup, n_dead_tup, n_ins_since_vacuum')).toEqual({
      n_live_tup: 40,
      n_dead_tup: 10,
      n_ins_since_vacuum: 50,
    });
    await s.query('VACUUM t');
    expect(await tableStats(s, 't', 'n_live_tup, n_dead_tup, n_ins_since_vacuum, vacuum_count')).toEqual({
      n_live_tup: 40,
      n_dead_tup: 0,
      n_ins_since_vacuum: 0,
      vacuum_count: 1,
    });
    await s.query('INSERT INTO t VALUES (100, 0)');
    await s.query('ANALYZE t');
    expect(await tableStats(s, 't', 'n_live_tup, n_dead_tup, n_ins_since_vacuum')).toEqual({
      n_live_tup: 41,
      n_dead_tup: 0,
      n_ins_since_vacuum: 1,
    });
  });

  it('a committed TRUNCATE leaves no rows, but the rows its transaction writes after it; a rolled-back one changes nothing', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (id int PRIMARY KEY)');
    await s.query('INSERT INTO t SELECT generate_series(1, 20)');
    await s.query('DELETE FROM t WHERE id > 15');
    await s.query('BEGIN');
    await s.query('TRUNCATE t');
    await s.query('ROLLBACK');
    expect(await tableStats(s, 't', 'n_live_tup, n_dead_tup')).toEqual({ n_live_tup: 15, n_dead_tup: 5 });
    await s.query('BEGIN');
    await s.query('TRUNCATE t');
    await s.query('INSERT INTO t VALUES (1), (2), (3)');
    await s.query('COMMIT');
    expect(await tableStats(s, 't', 'n_live_tup, n_dead_tup')).toEqual({ n_live_tup: 3, n_dead_tup: 0 });
  });
});

describe('pg_stat_user_tables and pg_stat_user_indexes scan counters', () => {
  it('counts sequential and index scans, the rows they returned and the entries an index returned', async () => {
    const s = await session();
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s.query('CREATE TABLE u (id int)');
    // Enough rows that a lookup by key is an Index Scan (a table of a page or two is read whole).
    await s.query('INSERT INTO t SELECT g, g % 3 FROM generate_series(1, 3000) g');
    await s.query('INSERT INTO u VALUES (1), (2)');
    await s.query('ANALYZE');
    await s.query('DELETE FROM t WHERE id = 2999');
    // A sequential scan returns every live row; the filter comes after.
    await s.query('SELECT count(*) FROM t WHERE v = 1');
    // Point lookups through the primary key: three scans, two rows found.
    for (const id of [5, 6, 2999]) await s.query('SELECT v FROM t WHERE id = $1', [id]);
    const t = await tableStats(s, 't', 'seq_scan, seq_tup_read, idx_scan, idx_tup_fetch');
    // The DELETE found its row through the index too (a fourth scan, one row fetched). The first
    // sequential scan is the primary key's build at CREATE TABLE, as PostgreSQL counts it.
    expect(t).toEqual({ seq_scan: 2, seq_tup_read: 2999, idx_scan: 4, idx_tup_fetch: 3 });
    const ix = await s.query(
      "SELECT idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes WHERE indexrelname = 't_pkey'",
    );
    // The deleted row's entry is still in the index: read, but nothing live fetched through it.
    expect(ix.rows[0]!.map(Number)).toEqual([4, 4, 3]);
    // A table without indexes: NULL index counters, as PostgreSQL's sum over no indexes.
    await s.query('SELECT * FROM u');
    await s.query('SELECT * FROM u');
    expect(await tableStats(s, 'u', 'seq_scan, seq_tup_read, idx_scan, idx_tup_fetch')).toEqual({
      seq_scan: 2,
      seq_tup_read: 4,
      idx_scan: null,
      idx_tup_fetch: null,
    });
  });
});

describe('pg_stat_reset and pg_stat_reset_single_table_counters', () => {
  it('set the counters back to zero, for a superuser only', async () => {
    const s = await session();
    await s.query('CREATE TABLE a (id int PRIMARY KEY)');
    await s.query('CREATE TABLE b (id int)');
    await s.query('INSERT INTO a VALUES (1), (2)');
    await s.query('INSERT INTO b VALUES (1)');
    await s.query('SET enable_seqscan = off');
    await s.query('SELECT * FROM a WHERE id = 1');
    await s.query("SELECT pg_stat_reset_single_table_counters('a'::regclass)");
    expect(await tableStats(s, 'a', 'n_tup_ins, n_live_tup')).toEqual({ n_tup_ins: 0, n_live_tup: 0 });
    expect(await tableStats(s, 'b', 'n_tup_ins, n_live_tup')).toEqual({ n_tup_ins: 1, n_live_tup: 1 });
    // The index's counters are its own: reset on their own.
    const idx = "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'a_pkey'";
    expect(Number((await s.query(idx)).rows[0]![0])).toBe(1);
    await s.query("SELECT pg_stat_reset_single_table_counters('a_pkey'::regclass)");
    expect(Number((await s.query(idx)).rows[0]![0])).toBe(0);
    await s.query('SELECT pg_stat_reset()');
    expect(await tableStats(s, 'b', 'n_tup_ins, n_live_tup')).toEqual({ n_tup_ins: 0, n_live_tup: 0 });
    await s.query('SELECT pg_stat_force_next_flush()');
    await s.query('CREATE ROLE plain LOGIN');
    await s.query('SET ROLE plain');
    expect(await queryError(s, 'SELECT pg_stat_reset()')).toBe(
      '42501 permission denied for function pg_stat_reset',
    );
  });
});
