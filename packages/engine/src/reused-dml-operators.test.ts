/**
 * A cached INSERT / UPDATE / DELETE plan run again reuses its operator tree (executor
 * reusable-plan.ts, reusable-dml.ts): DDL between executions (ADD CONSTRAINT, CREATE INDEX,
 * TRUNCATE, DROP + CREATE), a failed execution and a concurrent execution of the same statement
 * must all give what a fresh tree would.
 */
import { DbError, type Value } from '@rustydb/common';
import { operatorTreeStats } from '@rustydb/executor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  // No auto-analyze: new statistics would replan a statement whose tree reuse a test counts.
  db = await openTestDatabase(dir, { autovacuum: false });
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const UPDATE = 'UPDATE d SET amount = amount + $2 WHERE id = $1';
const INSERT = 'INSERT INTO d VALUES ($1, $2)';
const DELETE = 'DELETE FROM d WHERE id = $1';

async function fresh(s: EmbeddedSession, rows: number): Promise<void> {
  await s.query('DROP TABLE IF EXISTS d');
  await s.query('CREATE TABLE d (id int PRIMARY KEY, amount int NOT NULL)');
  await s.query(`INSERT INTO d SELECT g, g * 10 FROM generate_series(1, ${rows}) g`);
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DbError) return e.code;
    throw e;
  }
  return undefined;
}

const amount = async (s: EmbeddedSession, id: number) =>
  (await s.query('SELECT amount FROM d WHERE id = $1', [id])).rows[0]?.[0];

describe('reused DML operator trees', () => {
  it('reuses the tree of UPDATE, INSERT and DELETE by key, with each execution’s parameters', async () => {
    const s = db.connect();
    await fresh(s, 20);
    const before = operatorTreeStats.reused;
    for (let i = 1; i <= 20; i++) expect((await s.query(UPDATE, [i, i])).rowCount).toBe(1);
    for (let i = 21; i <= 30; i++) expect((await s.query(INSERT, [i, i])).rowCount).toBe(1);
    for (let i = 1; i <= 5; i++) expect((await s.query(DELETE, [i])).rowCount).toBe(1);
    expect((await s.query(DELETE, [1])).rowCount).toBe(0);
    // Each statement built once, then reused (minus the lookups' own reuse, counted too).
    expect(operatorTreeStats.reused - before).toBeGreaterThanOrEqual(19 + 9 + 5);
    const rows = (await s.query('SELECT id, amount FROM d ORDER BY id')).rows;
    const want: unknown[][] = [];
    for (let i = 6; i <= 20; i++) want.push([i, i * 11]);
    for (let i = 21; i <= 30; i++) want.push([i, i]);
    expect(rows).toEqual(want);
    await s.close();
  });

  it('sees a CHECK constraint added between executions, and a violation does not poison the next', async () => {
    const s = db.connect();
    await fresh(s, 5);
    await s.query(UPDATE, [1, 1]);
    await s.query(UPDATE, [1, 1]);
    await s.query('ALTER TABLE d ADD CONSTRAINT small CHECK (amount < 100)');
    expect(await codeOf(s.query(UPDATE, [2, 100]))).toBe('23514');
    expect(await amount(s, 2)).toBe(20);
    expect((await s.query(UPDATE, [2, 5])).rowCount).toBe(1);
    expect(await amount(s, 2)).toBe(25);
    expect(await codeOf(s.query(INSERT, [9, 500]))).toBe('23514');
    expect((await s.query(INSERT, [9, 50])).rowCount).toBe(1);
    await s.query('ALTER TABLE d DROP CONSTRAINT small');
    expect((await s.query(UPDATE, [2, 100])).rowCount).toBe(1);
    expect(await amount(s, 2)).toBe(125);
    await s.close();
  });

  it('a unique violation does not poison the next execution', async () => {
    const s = db.connect();
    await fresh(s, 5);
    expect((await s.query(INSERT, [6, 1])).rowCount).toBe(1);
    expect(await codeOf(s.query(INSERT, [6, 2]))).toBe('23505');
    expect(await codeOf(s.query(INSERT, [6, 3]))).toBe('23505');
    expect((await s.query(INSERT, [7, 4])).rowCount).toBe(1);
    await s.query('CREATE UNIQUE INDEX d_amount ON d (amount)');
    expect(await codeOf(s.query(UPDATE, [1, 10]))).toBe('23505'); // 20 belongs to id 2
    expect((await s.query(UPDATE, [1, 1])).rowCount).toBe(1);
    expect(await codeOf(s.query(INSERT, [8, 4]))).toBe('23505');
    expect((await s.query('SELECT count(*) FROM d')).rows).toEqual([[7n]]);
    await s.close();
  });

  it('maintains an index created (or rebuilt) between executions', async () => {
    const s = db.connect();
    await fresh(s, 200);
    for (let i = 1; i <= 3; i++) await s.query(UPDATE, [i, 1]);
    await s.query('CREATE INDEX d_amount ON d (amount)');
    for (let i = 1; i <= 3; i++) await s.query(UPDATE, [i, 1000]);
    await s.query(INSERT, [500, 7777]);
    // REINDEX gives the index new storage under the same definition: the kept INSERT must see it.
    await s.query(INSERT, [501, 8888]);
    await s.query('REINDEX INDEX d_amount');
    await s.query(INSERT, [502, 9999]);
    await s.query('SET enable_seqscan = off');
    expect((await s.query('SELECT id FROM d WHERE amount = $1', [9999])).rows).toEqual([[502]]);
    const plan = (await s.query('EXPLAIN SELECT id FROM d WHERE amount = 1011')).rows.join('\n');
    expect(plan).toContain('d_amount');
    expect((await s.query('SELECT id FROM d WHERE amount = $1', [1011])).rows).toEqual([[1]]);
    expect((await s.query('SELECT id FROM d WHERE amount = $1', [1031])).rows).toEqual([[3]]);
    expect((await s.query('SELECT id FROM d WHERE amount = $1', [7777])).rows).toEqual([[500]]);
    expect((await s.query('SELECT id FROM d WHERE amount = $1', [11])).rows).toEqual([]);
    await s.query('RESET enable_seqscan');
    await s.close();
  });

  it('writes into the storage TRUNCATE made, and into a table dropped and created again', async () => {
    const s = db.connect();
    await fresh(s, 5);
    await s.query(UPDATE, [1, 1]);
    await s.query(INSERT, [6, 6]);
    await s.query('TRUNCATE d');
    expect((await s.query(UPDATE, [1, 1])).rowCount).toBe(0);
    expect((await s.query(INSERT, [1, 1])).rowCount).toBe(1);
    expect(await codeOf(s.query(INSERT, [1, 2]))).toBe('23505');
    expect((await s.query(UPDATE, [1, 1])).rowCount).toBe(1);
    expect((await s.query('SELECT id, amount FROM d')).rows).toEqual([[1, 2]]);
    await s.query('DROP TABLE d');
    await s.query('CREATE TABLE d (id int PRIMARY KEY, amount int NOT NULL CHECK (amount >= 0))');
    expect((await s.query(INSERT, [1, 5])).rowCount).toBe(1);
    expect(await codeOf(s.query(INSERT, [1, 5]))).toBe('23505');
    expect(await codeOf(s.query(UPDATE, [1, -10]))).toBe('23514');
    expect((await s.query(UPDATE, [1, 3])).rowCount).toBe(1);
    expect((await s.query(DELETE, [1])).rowCount).toBe(1);
    expect((await s.query('SELECT count(*) FROM d')).rows).toEqual([[0n]]);
    await s.close();
  });

  it('builds a fresh tree while the kept one waits for a row lock', async () => {
    const s = db.connect();
    await fresh(s, 5);
    const a = db.connect();
    const b = db.connect();
    await a.query(UPDATE, [1, 1]);
    await b.query(UPDATE, [2, 1]);
    await a.query('BEGIN');
    await a.query(UPDATE, [1, 1]);
    // b's execution waits for a's row lock, its tree busy; a runs the same statement meanwhile.
    const waiting = b.query(UPDATE, [1, 100]);
    await new Promise((r) => setTimeout(r, 20));
    expect((await a.query(UPDATE, [3, 1])).rowCount).toBe(1);
    expect((await a.query(UPDATE, [1, 1])).rowCount).toBe(1);
    await a.query('COMMIT');
    expect((await waiting).rowCount).toBe(1);
    expect(await amount(s, 1)).toBe(113);
    expect(await amount(s, 3)).toBe(31);
    expect((await b.query(UPDATE, [3, 1])).rowCount).toBe(1);
    expect(await amount(s, 3)).toBe(32);
    await a.close();
    await b.close();
    await s.close();
  });

  it('keeps no tree for foreign keys, expression indexes or ON CONFLICT, and they still work', async () => {
    const s = db.connect();
    await s.query('DROP TABLE IF EXISTS kid');
    await s.query('DROP TABLE IF EXISTS dad');
    await s.query('CREATE TABLE dad (id int PRIMARY KEY, n int NOT NULL)');
    await s.query('CREATE TABLE kid (id int PRIMARY KEY, dad int REFERENCES dad, n int NOT NULL)');
    await s.query('INSERT INTO dad SELECT g, 0 FROM generate_series(1, 5) g');
    const reusedBy = async (sql: string, params: (n: number) => Value[]): Promise<number> => {
      const before = operatorTreeStats.reused;
      for (let i = 1; i <= 5; i++) await s.query(sql, params(i));
      return operatorTreeStats.reused - before;
    };
    expect(await reusedBy('INSERT INTO kid VALUES ($1, $2, 0)', (i) => [i, i])).toBe(0);
    expect(await codeOf(s.query('INSERT INTO kid VALUES ($1, $2, 0)', [6, 99]))).toBe('23503');
    expect(await reusedBy('UPDATE dad SET n = n + 1 WHERE id = $1', (i) => [i])).toBe(0);
    expect(await codeOf(s.query('DELETE FROM dad WHERE id = $1', [1]))).toBe('23503');
    await s.query('CREATE TABLE ex (id int PRIMARY KEY, name text NOT NULL)');
    await s.query('CREATE INDEX ex_lower ON ex (lower(name))');
    expect(await reusedBy('INSERT INTO ex VALUES ($1, $2)', (i) => [i, `N${i}`])).toBe(0);
    await s.query('SET enable_seqscan = off');
    expect((await s.query("SELECT id FROM ex WHERE lower(name) = 'n3'")).rows).toEqual([[3]]);
    await s.query('RESET enable_seqscan');
    const upsert = 'INSERT INTO dad VALUES ($1, 0) ON CONFLICT (id) DO UPDATE SET n = dad.n + 10';
    expect(await reusedBy(upsert, (i) => [i])).toBe(0);
    expect((await s.query('SELECT n FROM dad WHERE id = 2')).rows).toEqual([[11]]);
    // The same shapes on a plain table are kept.
    await fresh(s, 5);
    expect(await reusedBy(UPDATE, (i) => [i, 1])).toBeGreaterThanOrEqual(3);
    await s.query('DROP TABLE ex');
    await s.query('DROP TABLE kid');
    await s.query('DROP TABLE dad');
    await s.close();
  });
});
