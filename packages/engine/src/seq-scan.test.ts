/**
 * Sequential scans. They leave out the versions dead to every snapshot (TableStore.scan with isDead):
 * pgbench's UPDATE of its one-row branches table runs through a Seq Scan, and the table holds
 * every version of that row made while a long transaction (an auto-analyze of the accounts
 * table, say) held the vacuum horizon, until vacuum. The executor no longer gets, or tests, each
 * of them; a version that a running snapshot still sees is never left out.
 */
import type { TableStore, TupleCursor } from '@rustydb/storage';
import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });

type Querier = { query(sql: string): Promise<{ rows: unknown[][] }> };
const rows = async (s: Querier, sql: string): Promise<unknown[][]> => (await s.query(sql)).rows;
const store = (db: Database): TableStore => db.catalog.store(db.catalog.reader().table('b')!);

/** Counts the versions the table's scans hand the executor, from now on. */
function countScanned(db: Database): { n: number } {
  const counter = { n: 0 };
  const st = store(db);
  const scan = st.scan.bind(st);
  st.scan = (isDead) => {
    const cursor: TupleCursor = scan(isDead);
    return {
      next: () => {
        const v = cursor.next();
        if (v !== undefined) counter.n++;
        return v;
      },
      close: () => cursor.close(),
    };
  };
  return counter;
}

async function setup(db: Database): Promise<Querier> {
  const s = db.connect();
  await s.query('SET enable_indexscan = off');
  await s.query('SET enable_bitmapscan = off');
  await s.query('CREATE TABLE b (bid int PRIMARY KEY, bbalance int NOT NULL, filler char(88))');
  await s.query('INSERT INTO b VALUES (1, 0, NULL)');
  return s;
}

describe('sequential scans and versions dead to every snapshot', () => {
  it('are left out once no snapshot can see them; an open snapshot keeps what it sees', async () => {
    const db = await databases.open();
    const s = await setup(db);
    const plan = (await rows(s, 'EXPLAIN UPDATE b SET bbalance = bbalance + 1 WHERE bid = 1')).join('\n');
    expect(plan).toContain('Seq Scan on b');
    const reader = db.connect();
    await reader.query('SET enable_indexscan = off');
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(await rows(reader, 'SELECT bbalance FROM b')).toEqual([[0]]);
    for (let i = 0; i < 200; i++) await s.query('UPDATE b SET bbalance = bbalance + 1 WHERE bid = 1');
    // The reader holds the horizon: nothing is dead to all, every version is scanned.
    const scanned = countScanned(db);
    expect(await rows(reader, 'SELECT bbalance FROM b')).toEqual([[0]]);
    expect(scanned.n).toBe(201);
    expect(await rows(s, 'SELECT bbalance FROM b')).toEqual([[200]]);
    expect(store(db).pageCount()).toBeGreaterThan(1);
    await reader.query('COMMIT');
    // Now only the live version reaches the executor: the 200 others are dead to all.
    scanned.n = 0;
    expect(await rows(s, 'SELECT bid, bbalance FROM b')).toEqual([[1, 200]]);
    expect(scanned.n).toBe(1);
    await s.query('UPDATE b SET bbalance = bbalance + 1 WHERE bid = 1');
    expect(await rows(s, 'SELECT bbalance FROM b')).toEqual([[201]]);
    // An index lookup finds the same row.
    await s.query('SET enable_seqscan = off');
    await s.query('SET enable_indexscan = on');
    expect(await rows(s, 'SELECT bbalance FROM b WHERE bid = 1')).toEqual([[201]]);
  });

  it('leave out a rolled-back update, never our own uncommitted or deleted rows', async () => {
    const db = await databases.open();
    const s = await setup(db);
    await s.query('BEGIN');
    await s.query('UPDATE b SET bbalance = 5 WHERE bid = 1');
    await s.query('ROLLBACK');
    // The aborted updater's new version: its inserter aborted, and it is deleted by nobody, so
    // the scan hands it over and the visibility test rejects it. The old version's xmax is the
    // aborted updater's: alive, so handed over as well.
    const scanned = countScanned(db);
    expect(await rows(s, 'SELECT bid, bbalance FROM b')).toEqual([[1, 0]]);
    expect(scanned.n).toBe(2);
    await s.query('BEGIN');
    await s.query('INSERT INTO b VALUES (3, 3, NULL)');
    await s.query('DELETE FROM b WHERE bid = 1');
    expect(await rows(s, 'SELECT bid FROM b')).toEqual([[3]]);
    await s.query('ROLLBACK');
    expect(await rows(s, 'SELECT bid, bbalance FROM b')).toEqual([[1, 0]]);
  });
});

describe('sequential scans that decode the filter’s columns first', () => {
  it('return the same rows for filters on any column, a correlated subquery, the ctid and dropped columns', async () => {
    const db = await databases.open();
    const s = db.connect();
    await s.query('SET enable_indexscan = off');
    await s.query('SET enable_bitmapscan = off');
    await s.query('CREATE TABLE t (a int, b text, c int, d text)');
    await s.query(
      "INSERT INTO t SELECT g, 'b' || g, g % 3, CASE WHEN g % 2 = 0 THEN 'd' || g END FROM generate_series(1, 12) g",
    );
    await s.query('CREATE TABLE u (c int, n int)');
    await s.query('INSERT INTO u VALUES (0, 100), (1, 200)');
    expect(await rows(s, 'SELECT a, b FROM t WHERE c = 2 ORDER BY a')).toEqual([
      [2, 'b2'],
      [5, 'b5'],
      [8, 'b8'],
      [11, 'b11'],
    ]);
    expect(await rows(s, "SELECT a, c FROM t WHERE d = 'd4' OR b = 'b7' ORDER BY a")).toEqual([
      [4, 1],
      [7, 1],
    ]);
    expect(await rows(s, 'SELECT a FROM t WHERE d IS NULL AND a > 8 ORDER BY a')).toEqual([[9], [11]]);
    // The subqueries read t.c through an outer reference: the filter needs that column too.
    expect(
      await rows(s, 'SELECT a FROM t WHERE a < 5 AND EXISTS (SELECT 1 FROM u WHERE u.c = t.c) ORDER BY a'),
    ).toEqual([[1], [3], [4]]);
    expect(
      await rows(s, 'SELECT a FROM t WHERE a < 7 AND (SELECT n FROM u WHERE u.c = t.c) = 200 ORDER BY a'),
    ).toEqual([[1], [4]]);
    expect(await rows(s, "SELECT a, b FROM t WHERE ctid = '(0,3)'")).toEqual([[3, 'b3']]);
    await s.query('UPDATE t SET d = b || c WHERE a = 5');
    expect(await rows(s, 'SELECT d FROM t WHERE a = 5')).toEqual([['b52']]);
    await s.query('ALTER TABLE t DROP COLUMN b');
    expect(await rows(s, 'SELECT a, c, d FROM t WHERE c = 0 AND d IS NOT NULL ORDER BY a')).toEqual([
      [6, 0, 'd6'],
      [12, 0, 'd12'],
    ]);
    await s.query('UPDATE t SET c = c + 10 WHERE a = 6');
    expect(await rows(s, 'SELECT a, c, d FROM t WHERE a = 6')).toEqual([[6, 10, 'd6']]);
  });
});
