/**
 * The example methods registered through `Database.open` and driven by SQL, the way an
 * embedding application would: CREATE TABLE … USING log, CREATE INDEX … USING sorted, queries
 * the planner answers through the index (read from EXPLAIN), DML that keeps the index in step,
 * uniqueness, and what a restart does to unlogged relations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type DatabaseOptions, DbError } from '@rustydb/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAccessMethods } from './methods.js';

let dir: string;
let db: Database;

/** A database over `dir` with a fresh pair of example methods (a new process, after a restart). */
function open(): Promise<Database> {
  const ext = exampleAccessMethods();
  const options: DatabaseOptions = {
    fsync: false,
    autovacuum: false,
    bufferPoolPages: 256,
    tableStores: [ext.tableStore],
    indexMethods: [ext.indexMethod],
  };
  return Database.open(dir, options);
}

const rows = async (sql: string) => (await db.query(sql)).rows;
const plan = async (sql: string) => (await rows(`EXPLAIN (COSTS OFF) ${sql}`)).map((r) => String(r[0]));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rustydb-embedder-'));
  db = await open();
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an embedder’s table store and index through SQL', () => {
  beforeEach(async () => {
    await db.query('CREATE TABLE events (id int NOT NULL, kind text, at int) USING log');
    await db.query("INSERT INTO events SELECT g, 'k' || (g % 10), g * 3 FROM generate_series(1, 5000) g");
    await db.query('CREATE INDEX events_at ON events USING sorted (at)');
    await db.query('ANALYZE events');
  });

  it('uses the index for equality and ranges, and returns the right rows', async () => {
    expect(await plan('SELECT id FROM events WHERE at = 300')).toEqual([
      'Index Scan using events_at on events',
      '  Index Cond: (at = 300)',
    ]);
    expect(await rows('SELECT id, kind FROM events WHERE at = 300')).toEqual([[100, 'k0']]);
    // A range: only an ordered method (IndexMethod.ordered) is offered one.
    expect((await plan('SELECT id FROM events WHERE at > 14990'))[0]).toBe(
      'Index Scan using events_at on events',
    );
    expect(await rows('SELECT id FROM events WHERE at > 14990 ORDER BY id')).toEqual([
      [4997],
      [4998],
      [4999],
      [5000],
    ]);
    expect(await rows('SELECT count(*) FROM events WHERE at BETWEEN 30 AND 60')).toEqual([[11n]]);
  });

  it('keeps the index in step with UPDATE, DELETE and rollback', async () => {
    await db.query('UPDATE events SET at = -1 WHERE id = 7');
    await db.query('DELETE FROM events WHERE id = 8');
    await db.query('BEGIN; UPDATE events SET at = -2 WHERE id = 9; ROLLBACK');
    expect(await rows('SELECT id FROM events WHERE at = -1')).toEqual([[7]]);
    expect(await rows('SELECT id FROM events WHERE at = 21')).toEqual([]);
    expect(await rows('SELECT id FROM events WHERE at = 24')).toEqual([]);
    expect(await rows('SELECT id FROM events WHERE at = -2')).toEqual([]);
    expect(await rows('SELECT id FROM events WHERE at = 27')).toEqual([[9]]);
    expect((await plan('SELECT id FROM events WHERE at = -1'))[0]).toBe(
      'Index Scan using events_at on events',
    );
  });

  it('enforces a UNIQUE index of the embedder’s method against visible rows', async () => {
    await db.query('CREATE UNIQUE INDEX events_id ON events USING sorted (id)');
    const err = await db.query('INSERT INTO events VALUES (5, NULL, 0)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('23505');
    expect((err as DbError).message).toBe('duplicate key value violates unique constraint "events_id"');
    await db.query('DELETE FROM events WHERE id = 5');
    await db.query("INSERT INTO events VALUES (5, 'again', 0)");
    expect(await rows('SELECT kind FROM events WHERE id = 5')).toEqual([['again']]);
  });

  it('rejects an access method nobody registered', async () => {
    const err = await db.query('CREATE INDEX ON events USING nosuch (id)').catch((e: unknown) => e);
    expect((err as DbError).code).toBe('42704');
    expect((err as DbError).message).toBe('access method "nosuch" does not exist');
  });
});

describe('restarts', () => {
  it('empties the unlogged store’s tables and their indexes, as PostgreSQL does unlogged tables', async () => {
    await db.query('CREATE TABLE t (a int) USING log');
    await db.query('CREATE INDEX t_a ON t USING sorted (a)');
    await db.query('INSERT INTO t SELECT generate_series(1, 100)');
    await db.close();
    db = await open();
    expect(await rows('SELECT count(*) FROM t')).toEqual([[0n]]);
    await db.query('INSERT INTO t VALUES (42)');
    expect(await rows('SELECT a FROM t WHERE a = 42')).toEqual([[42]]);
  });

  it('rebuilds a non-durable index on a durable heap table from the table', async () => {
    await db.query('CREATE TABLE h (a int, b text)');
    await db.query("INSERT INTO h SELECT g, 'v' || g FROM generate_series(1, 3000) g");
    await db.query('CREATE INDEX h_a ON h USING sorted (a)');
    await db.query('DELETE FROM h WHERE a = 10');
    await db.query('ANALYZE h');
    await db.close();
    db = await open();
    expect((await plan('SELECT b FROM h WHERE a = 1234'))[0]).toBe('Index Scan using h_a on h');
    expect(await rows('SELECT b FROM h WHERE a = 1234')).toEqual([['v1234']]);
    expect(await rows('SELECT b FROM h WHERE a = 10')).toEqual([]);
    expect(await rows('SELECT count(*) FROM h WHERE a <= 100')).toEqual([[99n]]);
  });
});
