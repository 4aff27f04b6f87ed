import { describe, expect, it } from 'vitest';
import type { Database, DatabaseOptions } from './database.js';
import { crash, useTestDatabases } from './test-database.js';

const databases = useTestDatabases();
const openDb = (options?: DatabaseOptions): Promise<Database> => databases.open(options);

const count = async (db: Database, sql: string): Promise<bigint> =>
  (await db.query(sql)).rows[0]![0] as bigint;

describe('Database', () => {
  it('bootstraps a new directory and reopens it after a clean shutdown', async () => {
    const db = await openDb();
    expect(db.recovery).toBeUndefined();
    await db.query("CREATE TABLE t (a int PRIMARY KEY, b text DEFAULT 'x')");
    await db.query('INSERT INTO t (a) VALUES (1), (2)');
    await db.close();
    databases.forget(db);
    const again = await openDb();
    expect(again.recovery).toBeDefined();
    expect((await again.query('SELECT a, b FROM t ORDER BY a')).rows).toEqual([
      [1, 'x'],
      [2, 'x'],
    ]);
    // The key index survived too.
    await expect(again.query("INSERT INTO t VALUES (1, 'y')")).rejects.toMatchObject({ code: '23505' });
  });

  it('keeps a table many times larger than the buffer pool', async () => {
    const db = await openDb({ bufferPoolPages: 16 });
    await db.query('CREATE TABLE big (id int PRIMARY KEY, pad text)');
    const pad = 'p'.repeat(200);
    for (let i = 0; i < 10; i++) {
      await db.query(
        `INSERT INTO big SELECT g, '${pad}' || g FROM generate_series(${i * 500 + 1}, ${(i + 1) * 500}) g`,
      );
    }
    expect(db.catalog.store(db.catalog.reader().table('big')!).pageCount()).toBeGreaterThan(16 * 5);
    expect(await count(db, 'SELECT count(*) FROM big')).toBe(5000n);
    expect((await db.query('SELECT sum(id) FROM big')).rows[0]![0]).toBe(12502500n);
    expect((await db.query('SELECT pad FROM big WHERE id = 4321')).rows).toEqual([[`${pad}4321`]]);
  });

  it('recovers committed work from the WAL after a crash and forgets uncommitted work', async () => {
    const db = await openDb({ bufferPoolPages: 16 });
    await db.query('CREATE TABLE t (a int PRIMARY KEY, b text)');
    await db.query("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 2000) g");
    await db.query('CREATE TABLE m (a int PRIMARY KEY) USING memory');
    await db.query('INSERT INTO m VALUES (1)');
    await db.query('CREATE TABLE dropped (a int)');
    await db.query('DROP TABLE dropped');
    const open1 = db.connect();
    await open1.query('BEGIN');
    await open1.query("INSERT INTO t SELECT g, 'lost' FROM generate_series(5001, 6000) g");
    await open1.query('CREATE TABLE uncommitted (a int)');
    await db.query("UPDATE t SET b = b || '!' WHERE a <= 10");
    await db.query('DELETE FROM t WHERE a > 1990');
    crash(db);
    databases.forget(db);

    const again = await openDb({ bufferPoolPages: 16 });
    expect(again.recovery!.records).toBeGreaterThan(10);
    expect(await count(again, 'SELECT count(*) FROM t')).toBe(1990n);
    expect((await again.query('SELECT b FROM t WHERE a = 10')).rows).toEqual([['row 10!']]);
    expect((await again.query('SELECT b FROM t WHERE a = 11')).rows).toEqual([['row 11']]);
    expect(await count(again, 'SELECT count(*) FROM t WHERE a > 5000')).toBe(0n);
    await expect(again.query('SELECT * FROM uncommitted')).rejects.toMatchObject({ code: '42P01' });
    await expect(again.query('SELECT * FROM dropped')).rejects.toMatchObject({ code: '42P01' });
    // memory tables come back empty, but defined
    expect(await count(again, 'SELECT count(*) FROM m')).toBe(0n);
    await again.query('INSERT INTO m VALUES (1)');
    expect(await count(again, 'SELECT count(*) FROM m WHERE a = 1')).toBe(1n);
    // new objects get fresh OIDs, never reusing ones the crashed run handed out
    await again.query('CREATE TABLE after (a int)');
    const oids = again.catalog
      .reader()
      .tables()
      .map((t) => t.oid);
    expect(new Set(oids).size).toBe(oids.length);
    await again.query('INSERT INTO t VALUES (5001, $1)', ['new']);
    expect(await count(again, 'SELECT count(*) FROM t')).toBe(1991n);
  });

  it('recovers twice in a row (replay is idempotent)', async () => {
    const db = await openDb({ bufferPoolPages: 16 });
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t SELECT g FROM generate_series(1, 3000) g');
    crash(db);
    databases.forget(db);
    const second = await openDb({ bufferPoolPages: 16 });
    await second.query('INSERT INTO t VALUES (0)');
    crash(second);
    databases.forget(second);
    const third = await openDb({ bufferPoolPages: 16 });
    expect(await count(third, 'SELECT count(*) FROM t')).toBe(3001n);
  });

  it('shares WAL flushes between concurrent commits (group commit)', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int)');
    const before = db.wal.syncCount;
    const sessions = 20;
    await Promise.all(Array.from({ length: sessions }, (_, i) => db.query('INSERT INTO t VALUES ($1)', [i])));
    const syncs = db.wal.syncCount - before;
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(sessions / 2);
    expect(await count(db, 'SELECT count(*) FROM t')).toBe(BigInt(sessions));
  });

  it('takes checkpoints that move the redo point', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t VALUES (1)');
    const redo = db.wal.redoLsn;
    await db.checkpoint();
    expect(db.wal.redoLsn).toBeGreaterThan(redo);
  });

  it('refuses new sessions once closing', async () => {
    const db = await openDb();
    await db.close();
    expect(() => db.connect()).toThrow(/shutting down/);
  });
});
