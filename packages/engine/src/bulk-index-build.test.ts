import { DbError } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, firstToFinish, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

// CREATE INDEX / ADD PRIMARY KEY on populated tables: the B+tree is built bottom-up from sorted
// entries (executor populate-index.ts, index btree-bulk-build.ts).

let dir: string;
const open: Database[] = [];

async function openDb(): Promise<Database> {
  // A small pool: the build's pages are evicted (and so written) while it runs.
  const db = await openTestDatabase(dir, { bufferPoolPages: 32 });
  open.push(db);
  return db;
}

async function crashAndReopen(db: Database): Promise<Database> {
  crash(db);
  open.splice(open.indexOf(db), 1);
  return openDb();
}

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  removeDir(dir);
});

const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

async function errorOf(db: Database, sql: string): Promise<DbError> {
  try {
    await db.query(sql);
  } catch (err) {
    expect(err).toBeInstanceOf(DbError);
    return err as DbError;
  }
  throw new Error(`no error from: ${sql}`);
}

/** 6,000 rows whose keys arrive out of order (k = g * 7919 mod 6007), so the build sorts. */
async function load(db: Database): Promise<void> {
  await db.query('CREATE TABLE t (id int NOT NULL, k int, s text)');
  await db.query(
    "INSERT INTO t SELECT g, (g * 7919) % 6007, 's' || (g % 13) FROM generate_series(1, 6000) AS g",
  );
}

describe('CREATE INDEX on a populated table', () => {
  it('answers like a sequential scan, then keeps working under inserts and deletes', async () => {
    const db = await openDb();
    await load(db);
    const queries = [
      'SELECT count(*), sum(id) FROM t WHERE k BETWEEN 100 AND 900',
      "SELECT id FROM t WHERE s = 's5' AND k < 300 ORDER BY id",
      'SELECT id FROM t WHERE k = 4242',
    ];
    const before = [];
    for (const q of queries) before.push(await rows(db, q));
    await db.query('CREATE INDEX t_k ON t (k)');
    await db.query('CREATE INDEX t_s_k ON t (s, k DESC)');
    for (const [i, q] of queries.entries()) expect(await rows(db, q)).toEqual(before[i]);
    await db.query('DELETE FROM t WHERE id % 3 = 0');
    await db.query('INSERT INTO t SELECT g, g, NULL FROM generate_series(6001, 6500) AS g');
    expect(await rows(db, 'SELECT count(*) FROM t WHERE k BETWEEN 6001 AND 6500')).toEqual([[500n]]);
    expect(await rows(db, 'SELECT count(*) FROM t WHERE k BETWEEN 100 AND 900')).toEqual(
      await rows(db, 'SELECT count(*) FROM t WHERE k + 0 BETWEEN 100 AND 900'),
    );
  });

  it('reports a duplicate with PostgreSQL 23505 text and detail, and builds nothing', async () => {
    const db = await openDb();
    await load(db);
    await db.query("INSERT INTO t VALUES (7, -1, 's7')");
    let err = await errorOf(db, 'ALTER TABLE t ADD PRIMARY KEY (id)');
    expect(err.code).toBe('23505');
    expect(err.message).toBe('could not create unique index "t_pkey"');
    expect(err.fields.detail).toBe('Key (id)=(7) is duplicated.');
    err = await errorOf(db, 'CREATE UNIQUE INDEX t_s_id ON t (s, id)');
    expect(err.message).toBe('could not create unique index "t_s_id"');
    expect(err.fields.detail).toBe('Key (s, id)=(s7, 7) is duplicated.');
    await db.query('DELETE FROM t WHERE k = -1');
    await db.query('ALTER TABLE t ADD PRIMARY KEY (id)');
    expect(await rows(db, 'SELECT k FROM t WHERE id = 7')).toEqual([[(7 * 7919) % 6007]]);
    err = await errorOf(db, 'INSERT INTO t VALUES (7, 0, NULL)');
    expect(err.code).toBe('23505');
  });

  it('indexes the right column of a table with dropped columns', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE d (a int, gone text, k int, s text)');
    await db.query("INSERT INTO d SELECT g, 'x' || g, 3000 - g, 's' || g FROM generate_series(1, 3000) AS g");
    await db.query('ALTER TABLE d DROP COLUMN gone');
    await db.query('CREATE UNIQUE INDEX d_k ON d (k)');
    await db.query('CREATE INDEX d_s_a ON d (s, a)');
    expect(await rows(db, 'SELECT a, s FROM d WHERE k = 2990')).toEqual([[10, 's10']]);
    expect(await rows(db, "SELECT k FROM d WHERE s = 's77' AND a = 77")).toEqual([[2923]]);
    await db.query('DROP INDEX d_k');
    await db.query('INSERT INTO d VALUES (0, 2990, NULL)');
    const err = await errorOf(db, 'CREATE UNIQUE INDEX d_k2 ON d (k)');
    expect(err.fields.detail).toBe('Key (k)=(2990) is duplicated.');
  });

  it('lets NULL keys repeat in a unique index', async () => {
    const db = await openDb();
    await load(db);
    await db.query('INSERT INTO t VALUES (6001, NULL, NULL), (6002, NULL, NULL)');
    await db.query('CREATE UNIQUE INDEX t_k_unique ON t (k)');
    expect(await rows(db, 'SELECT count(*) FROM t WHERE k IS NULL')).toEqual([[2n]]);
  });
});

describe('CREATE INDEX and crashes', () => {
  it('recovers a committed bulk-built index', async () => {
    let db = await openDb();
    await load(db);
    await db.query('ALTER TABLE t ADD PRIMARY KEY (id)');
    await db.query('CREATE INDEX t_k ON t (k)');
    db = await crashAndReopen(db);
    expect(await rows(db, 'SELECT k FROM t WHERE id = 4000')).toEqual([[(4000 * 7919) % 6007]]);
    expect(await rows(db, 'SELECT count(*) FROM t WHERE k < 1000')).toEqual([[997n]]);
    const err = await errorOf(db, 'INSERT INTO t VALUES (1, 0, NULL)');
    expect(err.code).toBe('23505');
  });

  it('forgets an index whose build was not committed, and builds it again', async () => {
    let db = await openDb();
    await load(db);
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('CREATE INDEX t_k ON t (k)');
    db = await crashAndReopen(db);
    expect(await rows(db, 'SELECT count(*) FROM t')).toEqual([[6000n]]);
    await db.query('CREATE INDEX t_k ON t (k)');
    expect(await rows(db, 'SELECT count(*) FROM t WHERE k < 1000')).toEqual([[997n]]);
  });
});

describe('a long index build', () => {
  it('gives other sessions their turns while it scans the table, in both build paths', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int, v text)');
    await db.query("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 60000) g");
    await db.query('CREATE TABLE other (a int)');
    const session = db.connect();
    for (const sql of ['CREATE INDEX t_v ON t (v)', 'CREATE INDEX t_part ON t (id) WHERE id > 0']) {
      // On another table: it finishes first only if the build takes turns.
      expect(await firstToFinish(db, sql, () => session.query('INSERT INTO other VALUES (1)'))).toBe('other');
    }
    await db.query('SET enable_seqscan = off');
    expect(await rows(db, "SELECT id FROM t WHERE v = 'row 777'")).toEqual([[777]]);
    expect(await rows(db, 'SELECT count(*)::int FROM t WHERE id > 59990')).toEqual([[10]]);
    await session.close();
  });
});
