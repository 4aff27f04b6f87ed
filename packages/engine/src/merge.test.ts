/**
 * MERGE (PostgreSQL 15) through the engine: the command tag, the join planned like any other
 * (an index on the target's key), 21000 for a target row two source rows match, and two sessions
 * under READ COMMITTED (the re-check of a concurrently updated row, NOT MATCHED for a row that no
 * longer joins, 23505 for a concurrent insert of the key) and REPEATABLE READ (40001).
 */
import { describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
});

const rows = async (sql: string): Promise<unknown[][]> => (await db.query(sql)).rows as unknown[][];

const UPSERT = `MERGE INTO t USING (VALUES (1, 1), (3, 3)) AS s(id, d) ON t.id = s.id
  WHEN MATCHED THEN UPDATE SET v = t.v + s.d
  WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.d)`;

describe('MERGE', () => {
  it('updates, inserts and deletes, counting the rows it acted on', async () => {
    expect((await db.query(UPSERT)).command).toBe('MERGE 2');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 11],
      [2, 20],
      [3, 3],
    ]);
    const del = await db.query(
      'MERGE INTO t USING t AS s2 ON t.id = s2.id WHEN MATCHED AND s2.v > 10 THEN DELETE WHEN MATCHED THEN DO NOTHING',
    );
    expect(del.command).toBe('MERGE 2');
    expect(await rows('SELECT id FROM t')).toEqual([[3]]);
  });

  it('uses the index on the target key and prints Merge on t', async () => {
    const plan = await rows(
      'EXPLAIN (COSTS OFF) MERGE INTO t USING (SELECT 2 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 0',
    );
    expect(plan[0]).toEqual(['Merge on t']);
    expect(plan.flat().join('\n')).toContain('Index Scan using t_pkey on t');
  });

  it('raises 21000 when two source rows match one target row', async () => {
    const r = outcome(
      db.query(
        'MERGE INTO t USING (VALUES (1), (1)) s(id) ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 0',
      ),
    );
    expect(await r).toBe('21000 MERGE command cannot affect row a second time');
  });

  it('takes parameters and is cached as a prepared statement', async () => {
    const s = db.connect();
    await s.query(
      'PREPARE m(int, int) AS MERGE INTO t USING (SELECT $1 AS id, $2 AS v) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)',
    );
    expect((await s.query('EXECUTE m(1, 7)')).command).toBe('MERGE 1');
    expect((await s.query('EXECUTE m(5, 8)')).command).toBe('MERGE 1');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 7],
      [2, 20],
      [5, 8],
    ]);
    await s.close();
  });
});

describe('MERGE by statement shape', () => {
  it('runs again with other literals (the shape cache) and gets them right', async () => {
    const s = db.connect();
    for (const [id, v] of [
      [1, 5],
      [7, 70],
      [1, 6],
    ]) {
      const sql = `MERGE INTO t USING (SELECT ${id} AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = ${v} WHEN NOT MATCHED THEN INSERT VALUES (s.id, ${v})`;
      expect((await s.query(sql)).command).toBe('MERGE 1');
    }
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 6],
      [2, 20],
      [7, 70],
    ]);
    await s.close();
  });
});

describe('MERGE against a concurrent writer', () => {
  it('READ COMMITTED: re-checks the newest version of a matched row and updates it', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = v + 1 WHERE id = 1');
    const blocked = s2.query(UPSERT);
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).command).toBe('MERGE 2');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 12],
      [2, 20],
      [3, 3],
    ]);
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: a matched row that no longer joins takes WHEN NOT MATCHED', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET id = 10 WHERE id = 1');
    const blocked = s2.query(UPSERT);
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).command).toBe('MERGE 2');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 1],
      [2, 20],
      [3, 3],
      [10, 10],
    ]);
    await s1.close();
    await s2.close();
  });

  it('READ COMMITTED: a NOT MATCHED insert of a key another transaction inserted is 23505', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('INSERT INTO t VALUES (3, 30)');
    const blocked = outcome(s2.query(UPSERT));
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect(await blocked).toBe('23505 duplicate key value violates unique constraint "t_pkey"');
    await s1.close();
    await s2.close();
  });

  it('REPEATABLE READ: 40001 when the matched row was updated concurrently', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await s2.query('SELECT 1');
    await s1.query('UPDATE t SET v = 0 WHERE id = 1');
    expect(await outcome(s2.query(UPSERT))).toBe('40001 could not serialize access due to concurrent update');
    await s2.query('ROLLBACK');
    await s1.close();
    await s2.close();
  });
});
