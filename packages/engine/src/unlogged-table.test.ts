import type { Value } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, makeTempDir, openTestDatabase, queryError, removeDir } from './test-database.js';

let dir: string;
const open: Database[] = [];

async function openDb(): Promise<Database> {
  const db = await openTestDatabase(dir, { autovacuum: false, bufferPoolPages: 64 });
  open.push(db);
  return db;
}

async function crashAndReopen(db: Database): Promise<Database> {
  crash(db);
  open.splice(open.indexOf(db), 1);
  return openDb();
}

async function closeAndReopen(db: Database): Promise<Database> {
  await db.close();
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

const values = async (db: Database, sql: string): Promise<Value[]> =>
  (await db.query(sql)).rows.map((r) => r[0]);

/** An unlogged table `ul` and a logged table `l` with an index each, both filled with 1…n. */
async function fill(db: Database, n: number): Promise<void> {
  await db.query('CREATE UNLOGGED TABLE ul (id int PRIMARY KEY, pad text)');
  await db.query('CREATE TABLE l (id int PRIMARY KEY, pad text)');
  for (const t of ['ul', 'l'])
    await db.query(`INSERT INTO ${t} SELECT g, repeat('x', 200) FROM generate_series(1, ${n}) g`);
}

describe('CREATE UNLOGGED TABLE', () => {
  it("is relpersistence 'u' with its indexes", async () => {
    const db = await openDb();
    await fill(db, 1);
    const rows = await db.query(
      "SELECT relname, relpersistence FROM pg_class WHERE relname IN ('ul', 'ul_pkey', 'l') ORDER BY 1",
    );
    expect(rows.rows).toEqual([
      ['l', 'p'],
      ['ul', 'u'],
      ['ul_pkey', 'u'],
    ]);
  });

  it('writes no WAL for its rows and index entries', async () => {
    const db = await openDb();
    await db.query('CREATE UNLOGGED TABLE ul (id int PRIMARY KEY, pad text)');
    const before = db.wal.insertLsn;
    await db.query("INSERT INTO ul SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g");
    // The commit record and little else: 2,000 rows of 200 bytes would be ~500 KB.
    expect(db.wal.insertLsn - before).toBeLessThan(4096);
  });

  it('keeps its rows across a clean shutdown', async () => {
    let db = await openDb();
    await fill(db, 500);
    db = await closeAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM ul')).toEqual([500n]);
    expect(await values(db, 'SELECT pad = repeat($$x$$, 200) FROM ul WHERE id = 250')).toEqual([true]);
  });

  it('is empty after a crash, its index too, and the logged table keeps its rows', async () => {
    let db = await openDb();
    await fill(db, 500);
    // Some of its pages reach the disk before the crash, some do not.
    await db.checkpoint();
    await db.query("INSERT INTO ul SELECT g, 'late' FROM generate_series(501, 600) g");
    await db.query("INSERT INTO l SELECT g, 'late' FROM generate_series(501, 600) g");
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM ul')).toEqual([0n]);
    expect(await values(db, 'SELECT count(*) FROM l')).toEqual([600n]);
    // The index was reset with its table: keys can come back, lookups use it.
    await db.query("INSERT INTO ul VALUES (1, 'again')");
    expect(await values(db, 'SELECT pad FROM ul WHERE id = 1')).toEqual(['again']);
    expect(await queryError(db, "INSERT INTO ul VALUES (1, 'twice')")).toMatch(/^23505/);
    // …and it is an ordinary unlogged table again: a clean restart keeps the new row.
    db = await closeAndReopen(db);
    expect(await values(db, 'SELECT pad FROM ul')).toEqual(['again']);
  });

  it('survives a crash right after its creation, before any page of it was written', async () => {
    let db = await openDb();
    await db.query('CREATE UNLOGGED TABLE ul (id int PRIMARY KEY)');
    await db.query('INSERT INTO ul VALUES (1)');
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM ul')).toEqual([0n]);
    db = await crashAndReopen(db);
    await db.query('INSERT INTO ul VALUES (1)');
    expect(await values(db, 'SELECT id FROM ul')).toEqual([1]);
  });

  it('empties a TRUNCATEd and CREATE TABLE AS table after a crash too', async () => {
    let db = await openDb();
    await db.query('CREATE UNLOGGED TABLE a AS SELECT g AS id FROM generate_series(1, 10) g');
    await db.query('SELECT g AS id INTO UNLOGGED b FROM generate_series(1, 10) g');
    await db.query('CREATE INDEX ON a (id)');
    await db.query('TRUNCATE a');
    await db.query('INSERT INTO a SELECT g FROM generate_series(1, 5) g');
    await db.checkpoint();
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)')).toEqual([0n]);
    expect(await values(db, "SELECT relpersistence FROM pg_class WHERE relname = 'a_id_idx'")).toEqual(['u']);
  });

  it('resets hash and lsm indexes too, and takes USING memory', async () => {
    let db = await openDb();
    await db.query('CREATE UNLOGGED TABLE h (k int, v text)');
    await db.query('CREATE INDEX h_hash ON h USING hash (k)');
    await db.query('CREATE INDEX h_lsm ON h USING lsm (v)');
    await db.query("INSERT INTO h SELECT g, 'v' || g FROM generate_series(1, 300) g");
    await db.query('CREATE UNLOGGED TABLE m (k int PRIMARY KEY) USING memory');
    await db.query('INSERT INTO m VALUES (1)');
    await db.checkpoint();
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT (SELECT count(*) FROM h) + (SELECT count(*) FROM m)')).toEqual([0n]);
    await db.query("INSERT INTO h VALUES (7, 'v7'), (8, 'v8')");
    expect(await values(db, 'SELECT v FROM h WHERE k = 7')).toEqual(['v7']);
    expect(await values(db, "SELECT k FROM h WHERE v = 'v8'")).toEqual([8]);
  });

  it('follows PostgreSQL’s foreign key rules', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE p (id int PRIMARY KEY)');
    await db.query('CREATE UNLOGGED TABLE u (id int PRIMARY KEY REFERENCES p)');
    expect(await queryError(db, 'CREATE TABLE p2 (id int REFERENCES u)')).toBe(
      '42P16 constraints on permanent tables may reference only permanent tables',
    );
    expect(await queryError(db, 'CREATE UNLOGGED TABLE u2 (id int REFERENCES u)')).toBe('ok');
  });
});

describe('ALTER TABLE … SET LOGGED / SET UNLOGGED', () => {
  it('makes the table durable: its rows survive a crash after SET LOGGED', async () => {
    let db = await openDb();
    await fill(db, 300);
    await db.query('ALTER TABLE ul SET LOGGED');
    expect(
      await values(db, "SELECT relpersistence FROM pg_class WHERE relname IN ('ul', 'ul_pkey')"),
    ).toEqual(['p', 'p']);
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM ul WHERE id BETWEEN 1 AND 300')).toEqual([300n]);
    expect(await values(db, 'SELECT pad FROM ul WHERE id = 42')).toEqual(['x'.repeat(200)]);
  });

  it('makes it unlogged: kept by a clean restart, emptied by a crash', async () => {
    let db = await openDb();
    await fill(db, 300);
    await db.query('ALTER TABLE l SET UNLOGGED');
    db = await closeAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM l')).toEqual([300n]);
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM l')).toEqual([0n]);
    expect(await values(db, "SELECT relpersistence FROM pg_class WHERE relname = 'l_pkey'")).toEqual(['u']);
  });

  it('rolls back with the transaction, and refuses temporary tables and mixed foreign keys', async () => {
    const db = await openDb();
    await fill(db, 10);
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('ALTER TABLE ul SET LOGGED');
    await s.query('ROLLBACK');
    expect(await values(db, "SELECT relpersistence FROM pg_class WHERE relname = 'ul'")).toEqual(['u']);
    expect(await values(db, 'SELECT count(*) FROM ul')).toEqual([10n]);
    await s.query('CREATE TEMP TABLE t (x int)');
    expect(await queryError(s, 'ALTER TABLE t SET UNLOGGED')).toBe(
      '42P16 cannot change logged status of table "t" because it is temporary',
    );
    await db.query('CREATE UNLOGGED TABLE child (id int REFERENCES ul)');
    expect(await queryError(db, 'ALTER TABLE child SET LOGGED')).toBe(
      '42P16 could not change table "child" to logged because it references unlogged table "ul"',
    );
    await db.query('CREATE TABLE lchild (id int REFERENCES l)');
    expect(await queryError(db, 'ALTER TABLE l SET UNLOGGED')).toBe(
      '42P16 could not change table "l" to unlogged because it references logged table "lchild"',
    );
  });
});
