import { describe, expect, it } from 'vitest';
import { useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });

const STAT = `SELECT n_mod_since_analyze, n_live_tup = greatest(c.reltuples, 0)::int8, analyze_count, vacuum_count,
  last_analyze IS NOT NULL, last_vacuum IS NOT NULL
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 't'`;

describe('pg_stat_user_tables', () => {
  it('counts committed changes since ANALYZE, and ANALYZE and VACUUM runs; n_live_tup is reltuples', async () => {
    const db = await databases.open();
    await db.query('CREATE TABLE t (a int)');
    expect((await db.query(STAT)).rows).toEqual([[0n, true, 0n, 0n, false, false]]);
    await db.query('INSERT INTO t SELECT g FROM generate_series(1, 3) g');
    await db.query('BEGIN');
    await db.query('INSERT INTO t VALUES (4)');
    await db.query('ROLLBACK');
    await db.query('UPDATE t SET a = a + 1 WHERE a = 1');
    // 3 inserts, the rolled-back one not; the UPDATE counts 2 (its old version's delete and the
    // new version: the heap's change tally), PostgreSQL's 1.
    expect((await db.query(STAT)).rows).toEqual([[5n, true, 0n, 0n, false, false]]);
    await db.query('ANALYZE t');
    expect((await db.query(STAT)).rows).toEqual([[0n, true, 1n, 0n, true, false]]);
    await db.query('DELETE FROM t WHERE a = 3');
    await db.query('VACUUM t');
    expect((await db.query(STAT)).rows).toEqual([[1n, true, 1n, 1n, true, true]]);
  });
});
