import { describe, expect, it } from 'vitest';
import { useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });

const STAT = `SELECT n_mod_since_analyze, n_live_tup, analyze_count, vacuum_count,
  last_analyze IS NOT NULL, last_vacuum IS NOT NULL
  FROM pg_stat_user_tables s WHERE s.relname = 't'`;

describe('pg_stat_user_tables', () => {
  it('counts committed changes since ANALYZE, live rows, and ANALYZE and VACUUM runs', async () => {
    const db = await databases.open();
    const s = db.connect();
    await s.query('CREATE TABLE t (a int)');
    expect((await s.query(STAT)).rows).toEqual([[0n, 0n, 0n, 0n, false, false]]);
    await s.query('INSERT INTO t SELECT g FROM generate_series(1, 3) g');
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (4)');
    await s.query('ROLLBACK');
    await s.query('UPDATE t SET a = a + 1 WHERE a = 1');
    // 3 inserts and the update, as PostgreSQL: the rolled-back insert is not a change.
    expect((await s.query(STAT)).rows).toEqual([[4n, 3n, 0n, 0n, false, false]]);
    await s.query('ANALYZE t');
    expect((await s.query(STAT)).rows).toEqual([[0n, 3n, 1n, 0n, true, false]]);
    await s.query('DELETE FROM t WHERE a = 3');
    await s.query('VACUUM t');
    expect((await s.query(STAT)).rows).toEqual([[1n, 2n, 1n, 1n, true, true]]);
  });
});
