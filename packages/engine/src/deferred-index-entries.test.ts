import { BTree } from '@rustydb/index';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from './database.js';
import { crash, useTestDatabases } from './test-database.js';

/**
 * A plain multi-row INSERT adds its B+tree entries a run at a time after each input batch's rows
 * (executor constraints.ts `beginDeferredEntries`, index `BTree.insertAscending`). Unique checks
 * must stay exact while entries are held back, and the runs must be logged like single inserts.
 */
const databases = useTestDatabases({ bufferPoolPages: 64 });
const openDb = (): Promise<Database> => databases.open();
const scalar = async (db: Database, sql: string): Promise<unknown> => (await db.query(sql)).rows[0]![0];
const rows = (values: readonly number[]): string => values.map((v) => `(${v}, 'n${v}')`).join(', ');
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('deferred B+tree entries of a multi-row INSERT', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('adds an ascending load’s entries as runs, and every index answers like the heap', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL)');
    await db.query('CREATE INDEX t_name ON t (name)');
    const lengths: number[] = [];
    const original = BTree.prototype.insertAscending;
    vi.spyOn(BTree.prototype, 'insertAscending').mockImplementation(function (this: BTree, entries) {
      lengths.push(entries.length); // the run is emptied after the call
      original.call(this, entries);
    });
    await db.query(`INSERT INTO t VALUES ${rows(range(0, 3000))}`);
    // Runs per input batch and index, of many entries each (names ascend only in stretches).
    expect(lengths.length).toBeGreaterThan(0);
    expect(Math.max(...lengths)).toBeGreaterThan(100);
    expect(lengths.reduce((a, b) => a + b, 0)).toBeGreaterThan(3000);
    expect(await scalar(db, 'SELECT count(*) FROM t')).toBe(3000n);
    expect((await db.query('SELECT name FROM t WHERE id = 2345')).rows).toEqual([['n2345']]);
    expect((await db.query("SELECT id FROM t WHERE name = 'n777'")).rows).toEqual([[777]]);
    expect(await scalar(db, 'SELECT count(*) FROM t WHERE id BETWEEN 1000 AND 1999')).toBe(1000n);
  });

  it('finds a duplicate of an earlier row of the same batch, and of a stored row, at once', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL)');
    // The duplicate of row 100 comes after 150 ascending rows of the same input batch.
    await expect(
      db.query(`INSERT INTO t VALUES ${rows([...range(0, 150), 100, ...range(150, 300)])}`),
    ).rejects.toMatchObject({
      code: '23505',
      fields: { detail: 'Key (id)=(100) already exists.' },
    });
    expect(await scalar(db, 'SELECT count(*) FROM t')).toBe(0n);
    await db.query(`INSERT INTO t VALUES ${rows(range(0, 1000))}`);
    // Above everything stored, then one below: the run so far goes in before the probe.
    await expect(db.query(`INSERT INTO t VALUES ${rows([2000, 2001, 2002, 500])}`)).rejects.toMatchObject({
      code: '23505',
      fields: { detail: 'Key (id)=(500) already exists.' },
    });
    // A run that starts below a stored key (5000) is not above the tree: its keys are probed.
    await db.query(`INSERT INTO t VALUES ${rows([5000])}`);
    await expect(
      db.query(`INSERT INTO t VALUES ${rows([...range(2000, 2100), 5000])}`),
    ).rejects.toMatchObject({
      code: '23505',
      fields: { detail: 'Key (id)=(5000) already exists.' },
    });
    await db.query('DELETE FROM t WHERE id = 5000');
    // Descending keys never extend a run: each goes in on its own, and duplicates still fail.
    await db.query(`INSERT INTO t VALUES ${rows(range(1000, 1300).reverse())}`);
    await expect(db.query(`INSERT INTO t VALUES ${rows([1400, 1350, 1299])}`)).rejects.toMatchObject({
      code: '23505',
      fields: { detail: 'Key (id)=(1299) already exists.' },
    });
    expect(await scalar(db, 'SELECT count(*) FROM t')).toBe(1300n);
    expect(await scalar(db, 'SELECT count(*) FROM t WHERE id >= 1300')).toBe(0n);
    expect((await db.query('SELECT name FROM t WHERE id = 1150')).rows).toEqual([['n1150']]);
  });

  it('recovers committed runs after a crash, and leaves an aborted batch’s rows out', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL UNIQUE)');
    const s = db.connect();
    await s.query('BEGIN');
    for (let b = 0; b < 5000; b += 1000) await s.query(`INSERT INTO t VALUES ${rows(range(b, b + 1000))}`);
    await expect(s.query(`INSERT INTO t VALUES ${rows([...range(5000, 5400), 42])}`)).rejects.toMatchObject({
      code: '23505',
    });
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    for (let b = 0; b < 5000; b += 1000) await s.query(`INSERT INTO t VALUES ${rows(range(b, b + 1000))}`);
    await s.query('COMMIT');
    crash(db);
    databases.forget(db);

    const again = await openDb();
    expect(await scalar(again, 'SELECT count(*) FROM t')).toBe(5000n);
    expect((await again.query('SELECT name FROM t WHERE id = 4999')).rows).toEqual([['n4999']]);
    expect((await again.query("SELECT id FROM t WHERE name = 'n3210'")).rows).toEqual([[3210]]);
    await expect(again.query(`INSERT INTO t VALUES ${rows([4999])}`)).rejects.toMatchObject({
      code: '23505',
    });
    await again.query(`INSERT INTO t VALUES ${rows(range(5000, 5300))}`);
    expect(await scalar(again, 'SELECT count(*) FROM t WHERE id >= 5000')).toBe(300n);
  });
});
