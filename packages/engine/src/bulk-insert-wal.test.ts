import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, useTestDatabases } from './test-database.js';

/**
 * Multi-row INSERTs log their heap and B+tree changes a batch of pages at a time (executor
 * modify-table.ts, wal page-change-batch.ts). Crash recovery must bring back exactly the
 * committed rows with consistent indexes, including when a batch ended in an error and when
 * the pool is small enough that batched pages are evicted mid-batch.
 */
const databases = useTestDatabases({ bufferPoolPages: 16 });
const openDb = (): Promise<Database> => databases.open();

const values = (from: number, to: number): string => {
  const rows: string[] = [];
  for (let i = from; i < to; i++) rows.push(`(${i}, ${i % 100}, 'name-${i}', ${(i * 7) % 1000})`);
  return rows.join(', ');
};

const scalar = async (db: Database, sql: string): Promise<unknown> => (await db.query(sql)).rows[0]![0];

describe('bulk INSERT WAL batches', () => {
  it('recovers committed multi-row INSERTs with their indexes and forgets the rest', async () => {
    const db = await openDb();
    await db.query(
      'CREATE TABLE items (id integer PRIMARY KEY, grp integer NOT NULL, name text NOT NULL UNIQUE, amount integer NOT NULL)',
    );
    await db.query('CREATE INDEX items_grp ON items (grp)');
    const s = db.connect();
    await s.query('BEGIN');
    for (let b = 0; b < 6000; b += 1000) await s.query(`INSERT INTO items VALUES ${values(b, b + 1000)}`);
    // A batch that fails half way (duplicate key): its rows go with the statement.
    await expect(
      s.query(`INSERT INTO items VALUES ${values(6000, 6500)}, (10, 1, 'dup', 1)`),
    ).rejects.toMatchObject({ code: '23505' });
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    for (let b = 0; b < 6000; b += 1000) await s.query(`INSERT INTO items VALUES ${values(b, b + 1000)}`);
    await s.query('COMMIT');
    // Uncommitted when the crash comes.
    const other = db.connect();
    await other.query('BEGIN');
    await other.query(`INSERT INTO items VALUES ${values(7000, 8000)}`);
    crash(db);
    databases.forget(db);

    const again = await openDb();
    expect(again.recovery!.records).toBeGreaterThan(10);
    expect(await scalar(again, 'SELECT count(*) FROM items')).toBe(6000n);
    expect(await scalar(again, 'SELECT sum(amount) FROM items')).toBe(
      BigInt(Array.from({ length: 6000 }, (_, i) => (i * 7) % 1000).reduce((a, b) => a + b, 0)),
    );
    // Each index answers like the heap.
    expect((await again.query('SELECT name FROM items WHERE id = 4321')).rows).toEqual([['name-4321']]);
    expect((await again.query("SELECT id FROM items WHERE name = 'name-77'")).rows).toEqual([[77]]);
    expect(await scalar(again, 'SELECT count(*) FROM items WHERE grp = 42')).toBe(60n);
    expect(await scalar(again, 'SELECT count(*) FROM items WHERE id >= 7000')).toBe(0n);
    await expect(again.query("INSERT INTO items VALUES (5, 1, 'x', 1)")).rejects.toMatchObject({
      code: '23505',
    });
    await again.query(`INSERT INTO items VALUES ${values(7000, 7100)}`);
    expect(await scalar(again, 'SELECT count(*) FROM items WHERE id >= 7000')).toBe(100n);
  });

  it('sees its own earlier rows of the same statement as duplicates', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a integer PRIMARY KEY)');
    const rows = Array.from({ length: 3000 }, (_, i) => `(${i})`);
    rows.push('(2999)');
    await expect(db.query(`INSERT INTO t VALUES ${rows.join(', ')}`)).rejects.toMatchObject({
      code: '23505',
      message: 'duplicate key value violates unique constraint "t_pkey"',
    });
    expect(await scalar(db, 'SELECT count(*) FROM t')).toBe(0n);
    await db.query(`INSERT INTO t VALUES ${rows.slice(0, 3000).join(', ')}`);
    expect(await scalar(db, 'SELECT count(*) FROM t')).toBe(3000n);
  });
});
