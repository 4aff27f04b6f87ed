import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
const open: Database[] = [];

async function openDb(): Promise<Database> {
  const db = await openTestDatabase(dir, { bufferPoolPages: 32 });
  open.push(db);
  return db;
}

/** Crashes `db` (no shutdown checkpoint, unwritten pages lost) and opens the directory again. */
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

const values = async (db: Database, sql: string) => (await db.query(sql)).rows.map((r) => r[0]);

describe('DDL after a crash', () => {
  it('never hands out a sequence value twice', async () => {
    let db = await openDb();
    await db.query('CREATE SEQUENCE s');
    const seen = new Set<bigint>();
    for (let i = 0; i < 40; i++) seen.add((await values(db, "SELECT nextval('s')"))[0] as bigint);
    // A checkpoint in the middle: the next nextval must log again (the page on disk is current).
    await db.checkpoint();
    for (let i = 0; i < 5; i++) seen.add((await values(db, "SELECT nextval('s')"))[0] as bigint);
    expect(seen.size).toBe(45);
    db = await crashAndReopen(db);
    const next = (await values(db, "SELECT nextval('s')"))[0] as bigint;
    expect(next).toBeGreaterThan(45n);
    expect(seen.has(next)).toBe(false);
  });

  it('never repeats a value handed out by a transaction that rolled back', async () => {
    let db = await openDb();
    await db.query('CREATE SEQUENCE s');
    const s = db.connect();
    await s.query('BEGIN');
    const got = (await s.query("SELECT nextval('s')")).rows[0]![0] as bigint;
    await s.query('ROLLBACK');
    await s.close();
    // A committed nextval after it flushes the WAL through the first record.
    const later = (await values(db, "SELECT nextval('s')"))[0] as bigint;
    db = await crashAndReopen(db);
    const after = (await values(db, "SELECT nextval('s')"))[0] as bigint;
    expect(after).toBeGreaterThan(later);
    expect(after).toBeGreaterThan(got);
  });

  it('keeps serial columns counting after a crash and a clean restart', async () => {
    let db = await openDb();
    await db.query('CREATE TABLE t (id serial PRIMARY KEY, v text)');
    await db.query("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')");
    db = await crashAndReopen(db);
    await db.query("INSERT INTO t (v) VALUES ('d')");
    const ids = (await values(db, 'SELECT id FROM t ORDER BY id')) as number[];
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ids[3]).toBeGreaterThan(3);
    await db.close();
    open.splice(open.indexOf(db), 1);
    db = await openDb();
    await db.query("INSERT INTO t (v) VALUES ('e')");
    const all = (await values(db, 'SELECT id FROM t ORDER BY id')) as number[];
    expect(new Set(all).size).toBe(5);
  });

  it('recovers a committed TRUNCATE and forgets an uncommitted one', async () => {
    let db = await openDb();
    await db.query('CREATE TABLE t (a int PRIMARY KEY)');
    await db.query('CREATE TABLE u (a int)');
    await db.query('INSERT INTO t SELECT g FROM generate_series(1, 300) g');
    await db.query('INSERT INTO u VALUES (1), (2)');
    await db.checkpoint();
    await db.query('TRUNCATE t');
    await db.query('INSERT INTO t VALUES (7)');
    const open1 = db.connect();
    await open1.query('BEGIN');
    await open1.query('TRUNCATE u');
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT a FROM t')).toEqual([7]);
    expect(await values(db, 'SELECT a FROM u ORDER BY a')).toEqual([1, 2]);
    // The new index file works: the key constraint still holds.
    await expect(db.query('INSERT INTO t VALUES (7)')).rejects.toMatchObject({ code: '23505' });
  });

  it('recovers ALTER TABLE rewrites and dropped columns', async () => {
    let db = await openDb();
    await db.query('CREATE TABLE t (a int PRIMARY KEY, b text, c int DEFAULT 5)');
    await db.query("INSERT INTO t VALUES (1, 'one', 10), (2, 'two', 20)");
    await db.checkpoint();
    await db.query('ALTER TABLE t ALTER COLUMN c TYPE bigint');
    await db.query("ALTER TABLE t ADD COLUMN d text DEFAULT 'dd'");
    await db.query('ALTER TABLE t DROP COLUMN b');
    await db.query('INSERT INTO t (a, c) VALUES (3, 30)');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('ALTER TABLE t ALTER COLUMN d TYPE varchar(5)');
    db = await crashAndReopen(db);
    expect((await db.query('SELECT * FROM t ORDER BY a')).rows).toEqual([
      [1, 10n, 'dd'],
      [2, 20n, 'dd'],
      [3, 30n, 'dd'],
    ]);
    const t = db.catalog.reader().table('t')!;
    expect(t.columns.map((c) => [c.attnum, c.name, c.type.name])).toEqual([
      [1, 'a', 'int4'],
      [3, 'c', 'int8'],
      [4, 'd', 'text'],
    ]);
    await expect(db.query('INSERT INTO t (a) VALUES (2)')).rejects.toMatchObject({ code: '23505' });
  });
});

describe('temporary tables', () => {
  it('are private to their session and dropped when it ends', async () => {
    const db = await openDb();
    const a = db.connect();
    const b = db.connect();
    await a.query('CREATE TEMP TABLE tmp (x int)');
    await a.query('INSERT INTO tmp VALUES (1)');
    await expect(b.query('SELECT * FROM tmp')).rejects.toMatchObject({ code: '42P01' });
    await b.query('CREATE TEMP TABLE tmp (y text)');
    expect((await a.query('SELECT * FROM tmp')).rows).toEqual([[1]]);
    await a.close();
    expect(
      db.catalog
        .reader()
        .tables()
        .map((t) => t.name),
    ).toEqual(['tmp']);
    await b.close();
    expect(db.catalog.reader().tables()).toEqual([]);
  });

  it('are dropped at the next start after a crash', async () => {
    let db = await openDb();
    const a = db.connect();
    await a.query('CREATE TEMP TABLE tmp (x int)');
    db = await crashAndReopen(db);
    expect(db.catalog.reader().tables()).toEqual([]);
  });
});
