import type { IndexDef } from '@rustydb/catalog';
import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, useTestDatabases } from './test-database.js';

// Index scans kill the entries of versions dead to every snapshot (IndexCursor.kill): later
// scans skip them without fetching the version. A hint that may be lost, never wrongly set.
// Every table here indexes the updated column, so updates are not HOT: each version has entries.

const databases = useTestDatabases({ autovacuum: false });
const openDb = (): Promise<Database> => databases.open();

const pkey = (db: Database): IndexDef =>
  db.catalog
    .reader()
    .table('t')!
    .indexes.find((i) => i.name === 't_pkey')!;
/** Entries of t_pkey scans return, and all it holds (killed ones included). */
function entries(db: Database): { live: number; all: number } {
  const index = db.catalog.index(pkey(db));
  const count = (includeKilled: boolean): number => {
    const cursor = index.scan(undefined, false, { includeKilled });
    let n = 0;
    while (cursor.next()) n++;
    cursor.close();
    return n;
  };
  return { live: count(false), all: count(true) };
}
/** Rows of `sql` run in `db`'s session `s` (one session, so SET enable_seqscan sticks). */
const rows = async (
  s: { query(sql: string): Promise<{ rows: unknown[][] }> },
  sql: string,
): Promise<unknown[][]> => (await s.query(sql)).rows;

/**
 * A session of `db` that plans index scans (SET enable_seqscan = off); with `create`, after
 * creating `t (id PRIMARY KEY, v)` with v indexed too, so no update of t is HOT.
 */
async function indexScanSession(db: Database, create = false) {
  const s = db.connect();
  await s.query('SET enable_seqscan = off');
  if (create) {
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s.query('CREATE INDEX t_v ON t (v)');
  }
  return s;
}

describe('killed index entries', () => {
  it('are set by index scans that meet versions dead to everyone, and skipped after', async () => {
    const db = await openDb();
    const s = await indexScanSession(db, true);
    await s.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 10) g');
    for (let i = 0; i < 30; i++) await s.query('UPDATE t SET v = v + 1 WHERE id = 3');
    expect(await rows(s, 'SELECT v FROM t WHERE id = 3')).toEqual([[30]]);
    // 30 dead versions of row 3, each killed by the scan of a later statement.
    expect(entries(db)).toEqual({ live: 10, all: 40 });
    expect(await rows(s, 'SELECT id, v FROM t WHERE id BETWEEN 2 AND 4 ORDER BY id')).toEqual([
      [2, 0],
      [3, 30],
      [4, 0],
    ]);
    // Vacuum still removes the killed entries before freeing their slots.
    await s.query('VACUUM t');
    expect(entries(db)).toEqual({ live: 10, all: 10 });
    await s.query('INSERT INTO t SELECT g, 1 FROM generate_series(11, 60) g');
    expect(await rows(s, 'SELECT count(*) FROM t WHERE id > 0')).toEqual([[60n]]);
    expect(await rows(s, 'SELECT v FROM t WHERE id = 3')).toEqual([[30]]);
  });

  it('never hide a version a running snapshot can see', async () => {
    const db = await openDb();
    const s = await indexScanSession(db, true);
    await s.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 10) g');
    const reader = await indexScanSession(db);
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect((await reader.query('SELECT v FROM t WHERE id = 3')).rows).toEqual([[0]]);
    for (let i = 0; i < 5; i++) await s.query('UPDATE t SET v = v + 1 WHERE id = 3');
    expect(await rows(s, 'SELECT v FROM t WHERE id = 3')).toEqual([[5]]);
    // The reader's snapshot holds the horizon back: nothing was killed.
    expect(entries(db)).toEqual({ live: 15, all: 15 });
    expect((await reader.query('SELECT v FROM t WHERE id = 3')).rows).toEqual([[0]]);
    await reader.query('COMMIT');
    // A READ COMMITTED reader in the middle of a transaction: its statement snapshot counts too.
    await reader.query('BEGIN');
    expect((await reader.query('SELECT v FROM t WHERE id = 3')).rows).toEqual([[5]]);
    await s.query('UPDATE t SET v = v + 1 WHERE id = 3');
    expect(entries(db).all - entries(db).live).toBe(5);
    expect((await reader.query('SELECT v FROM t WHERE id = 3')).rows).toEqual([[6]]);
    await reader.query('COMMIT');
    await reader.close();
    expect(await rows(s, 'SELECT v FROM t WHERE id = 3')).toEqual([[6]]);
    expect(entries(db)).toEqual({ live: 10, all: 16 });
  });

  it('do not kill versions of a deleter that rolled back, or that is still running', async () => {
    const db = await openDb();
    const s = await indexScanSession(db, true);
    await s.query('INSERT INTO t VALUES (1, 0)');
    await s.query('BEGIN');
    await s.query('UPDATE t SET v = 1 WHERE id = 1');
    await s.query('ROLLBACK');
    const writer = db.connect();
    await writer.query('BEGIN');
    await writer.query('DELETE FROM t WHERE id = 1');
    expect(await rows(s, 'SELECT v FROM t WHERE id = 1')).toEqual([[0]]);
    expect(entries(db).live).toBe(2);
    await writer.query('ROLLBACK');
    await writer.close();
    expect(await rows(s, 'SELECT v FROM t WHERE id = 1')).toEqual([[0]]);
  });

  it('survive a crash as hints: every live row is still found', async () => {
    let db = await openDb();
    let s = await indexScanSession(db, true);
    await s.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 100) g');
    await db.checkpoint();
    for (let i = 0; i < 20; i++) await s.query(`UPDATE t SET v = v + 1 WHERE id = ${1 + (i % 4)}`);
    expect(await rows(s, 'SELECT sum(v) FROM t WHERE id <= 4')).toEqual([[20n]]);
    expect(entries(db).all - entries(db).live).toBeGreaterThan(10);
    db.pool.flushAll();
    crash(db);
    databases.forget(db);
    db = await openDb();
    s = await indexScanSession(db);
    expect(await rows(s, 'SELECT id, v FROM t WHERE id <= 5 ORDER BY id')).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 0],
    ]);
    // Redo replays the leaf's full page image (the first change after the checkpoint), which
    // predates the hints: they are lost, the entries are not.
    expect(entries(db)).toEqual({ live: 120, all: 120 });
    await s.query('VACUUM t');
    expect(entries(db)).toEqual({ live: 100, all: 100 });
  });

  it('let an update into a full leaf take over a killed cell in a small record; it survives a crash', async () => {
    let db = await openDb();
    let s = await indexScanSession(db, true);
    await s.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 600) g');
    // Each round's lookups kill the entries of the versions the previous round replaced, and its
    // inserts fill the leaves up to the point where the new entries take over killed cells.
    for (let round = 0; round < 3; round++) {
      for (let id = 1; id <= 600; id++) await s.query(`UPDATE t SET v = v + 1 WHERE id = ${id}`);
    }
    const file = pkey(db).file;
    const from = db.wal.insertLsn;
    for (let id = 1; id <= 600; id++) await s.query(`UPDATE t SET v = v + 1 WHERE id = ${id}`);
    let bytes = 0;
    for (const { record } of db.wal.read(from)) {
      if (record.kind !== 'pages') continue;
      for (const c of record.changes) if (c.file === file) bytes += c.data.length;
    }
    // ~26 bytes per insert; simple deletions' whole-page records made it ~94 before.
    expect(bytes).toBeLessThan(600 * 40);
    crash(db);
    databases.forget(db);
    db = await openDb();
    s = await indexScanSession(db);
    expect(await rows(s, 'SELECT count(*), sum(v) FROM t WHERE id BETWEEN 1 AND 600')).toEqual([
      [600n, 2400n],
    ]);
    expect(await rows(s, 'SELECT v FROM t WHERE id = 300')).toEqual([[4]]);
  });
});
