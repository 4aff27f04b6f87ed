import { DbError } from '@rustydb/common';
import { operatorTreeStats } from '@rustydb/executor';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  await db.query(
    'CREATE TABLE items (id int PRIMARY KEY, small int2, big int8, name text, price numeric, label varchar(3))',
  );
  await db.query(
    "INSERT INTO items VALUES (1, 1, 10, 'one', 1.5, 'a'), (2, 2, 20, 'two', 2.25, 'b'), (3, 3, 30, 'three', 3, 'c')",
  );
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const errorOf = async (p: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return { code: err.code, message: err.message, position: err.fields.position };
  }
  return { code: 'ok' };
};

/** Runs `sql` and reports its rows and whether the statement cache answered. */
async function run(s: EmbeddedSession, sql: string, params: unknown[] = []) {
  const cache = s.session.statementCache;
  const before = cache.hits;
  const r = await s.query(sql, params as never[]);
  return { rows: r.rows, command: r.command, hit: cache.hits > before };
}

describe('statement cache', () => {
  it('reuses the plan of a shape with other literal values, in every literal class', async () => {
    const s = db.connect();
    expect(await run(s, 'SELECT name FROM items WHERE id = 1')).toMatchObject({
      rows: [['one']],
      hit: false,
    });
    expect(await run(s, 'SELECT name FROM items WHERE id = 2')).toMatchObject({ rows: [['two']], hit: true });
    expect(await run(s, "SELECT id FROM items WHERE name = 'three'")).toMatchObject({ hit: false });
    expect(await run(s, "SELECT id FROM items WHERE name = 'one'")).toMatchObject({ rows: [[1]], hit: true });
    // Another class is another shape: a decimal is not an integer.
    expect(await run(s, 'SELECT id FROM items WHERE price = 3')).toMatchObject({ rows: [[3]], hit: false });
    expect(await run(s, 'SELECT id FROM items WHERE price = 2.25')).toMatchObject({
      rows: [[2]],
      hit: false,
    });
    expect(await run(s, 'SELECT id FROM items WHERE price = 1.50')).toMatchObject({ rows: [[1]], hit: true });
    // An integer narrowed to the column's int8 by the binder: the cached plan takes an int8.
    await run(s, 'SELECT id FROM items WHERE big = 10');
    expect(await run(s, 'SELECT id FROM items WHERE big = 30')).toMatchObject({ rows: [[3]], hit: true });
    // LIMIT and OFFSET literals are parameters too.
    await run(s, 'SELECT id FROM items ORDER BY id LIMIT 1 OFFSET 0');
    expect(await run(s, 'SELECT id FROM items ORDER BY id LIMIT 2 OFFSET 1')).toMatchObject({
      rows: [[2], [3]],
      hit: true,
    });
    await s.close();
  });

  it('keeps ORDER BY / GROUP BY ordinals and typed literals as literals', async () => {
    const s = db.connect();
    expect((await run(s, 'SELECT id, name FROM items ORDER BY 2')).rows.map((r) => r[0])).toEqual([1, 3, 2]);
    expect((await run(s, 'SELECT id, name FROM items ORDER BY 1')).rows.map((r) => r[0])).toEqual([1, 2, 3]);
    const again = await run(s, 'SELECT id, name FROM items ORDER BY 2');
    expect(again.rows.map((r) => r[0])).toEqual([1, 3, 2]);
    expect(again.hit).toBe(true);
    expect((await run(s, 'SELECT count(*) FROM items GROUP BY 1 = 1')).rows).toEqual([[3n]]);
    expect((await run(s, "SELECT '1 day'::interval < interval '2 days'")).rows).toEqual([[true]]);
    expect((await run(s, "SELECT '3 days'::interval < interval '2 days'")).rows).toEqual([[false]]);
    await s.close();
  });

  it('falls back to the normal path when a literal does not fit the cached parameter', async () => {
    const s = db.connect();
    await run(s, 'SELECT id FROM items WHERE small = 2');
    const hit = await run(s, 'SELECT id FROM items WHERE small = 3');
    expect(hit).toMatchObject({ rows: [[3]], hit: true });
    // 40000 is no int2: PostgreSQL compares int2 with int4 and finds nothing (no error).
    expect(await run(s, 'SELECT id FROM items WHERE small = 40000')).toMatchObject({ rows: [], hit: false });
    // A string the column type rejects: the error and its position are the literal's.
    await run(s, "SELECT name FROM items WHERE id = '1'");
    expect(await run(s, "SELECT name FROM items WHERE id = '2'")).toMatchObject({
      rows: [['two']],
      hit: true,
    });
    expect(await errorOf(s.query("SELECT name FROM items WHERE id = 'abc'"))).toEqual({
      code: '22P02',
      message: 'invalid input syntax for type integer: "abc"',
      position: 35,
    });
    await s.close();
  });

  it('does not cache across typmods: an over-long value still fails', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    await run(s, "UPDATE items SET label = 'x' WHERE id = 1");
    expect(await errorOf(s.query("UPDATE items SET label = 'wxyz' WHERE id = 1"))).toMatchObject({
      code: '22001',
      message: 'value too long for type character varying(3)',
    });
    await s.query('ROLLBACK');
    await s.close();
  });

  it('drops plans when the catalog or the planner settings change', async () => {
    const s = db.connect();
    await run(s, 'SELECT name FROM items WHERE id = 1');
    expect((await run(s, 'SELECT name FROM items WHERE id = 2')).hit).toBe(true);
    await s.query('CREATE INDEX items_name ON items (name)');
    expect((await run(s, 'SELECT name FROM items WHERE id = 3')).hit).toBe(false);
    expect((await run(s, 'SELECT name FROM items WHERE id = 1')).hit).toBe(true);
    await s.query('SET enable_indexscan = off');
    expect((await run(s, 'SELECT name FROM items WHERE id = 2')).hit).toBe(false);
    await s.query('DROP INDEX items_name');
    await s.query('ALTER TABLE items ADD COLUMN extra int');
    const wide = await s.query('SELECT * FROM items WHERE id = 1');
    expect(wide.fields.map((f) => f.name)).toContain('extra');
    await s.query('ALTER TABLE items DROP COLUMN extra');
    await s.close();
  });

  it('serves embedded queries with parameters, keyed by the parameter types', async () => {
    const s = db.connect();
    expect(await run(s, 'SELECT name FROM items WHERE id = $1', [1])).toMatchObject({
      rows: [['one']],
      hit: false,
    });
    expect(await run(s, 'SELECT name FROM items WHERE id = $1', [3])).toMatchObject({
      rows: [['three']],
      hit: true,
    });
    expect(await run(s, 'SELECT name FROM items WHERE id = $1', ['2'])).toMatchObject({
      rows: [['two']],
      hit: false,
    });
    expect(await run(s, 'SELECT name FROM items WHERE id = $1', ['3'])).toMatchObject({
      rows: [['three']],
      hit: true,
    });
    expect(await errorOf(s.query('SELECT name FROM items WHERE id = $1', ['x']))).toMatchObject({
      code: '22P02',
    });
    await s.close();
  });

  it('runs the plan it learns on the miss that learns it, so the next hit reuses its operators', async () => {
    const s = db.connect();
    await s.query('CREATE TEMP TABLE learnt (id int PRIMARY KEY, name text NOT NULL)');
    expect(await run(s, "INSERT INTO learnt VALUES (1, 'a'), (2, 'b')")).toMatchObject({ hit: false });
    const reused = operatorTreeStats.reused;
    expect(await run(s, "INSERT INTO learnt VALUES (3, 'c'), (4, 'd')")).toMatchObject({ hit: true });
    // The miss ran the cached plan (not the plan of its literals): its operator tree is kept.
    expect(operatorTreeStats.reused).toBe(reused + 1);
    // A literal the cached plan cannot take still fails as the binder says, on the miss too.
    expect(await errorOf(s.query("INSERT INTO learnt VALUES (5, 'e'), (6, NULL)"))).toMatchObject({
      code: '23502',
    });
    expect((await s.query('SELECT id, name FROM learnt ORDER BY id')).rows).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('is off with statementCacheSize: 0', async () => {
    const d = makeTempDir();
    const off = await openTestDatabase(d, { statementCacheSize: 0, autovacuum: false });
    try {
      const s = off.connect();
      await s.query('SELECT 1 + 1');
      await s.query('SELECT 1 + 1');
      expect(s.session.statementCache.hits + s.session.statementCache.misses).toBe(0);
      await s.close();
    } finally {
      await off.close();
      removeDir(d);
    }
  });
});

describe('Database.query session reuse', () => {
  it('keeps one session (and its cache) across calls', async () => {
    await db.query('SELECT name FROM items WHERE id = 1');
    const connect = vi.spyOn(db, 'connect');
    try {
      expect((await db.query('SELECT name FROM items WHERE id = 2')).rows).toEqual([['two']]);
      expect((await db.query('SELECT name FROM items WHERE id = $1', [3])).rows).toEqual([['three']]);
      expect(connect).not.toHaveBeenCalled();
      // Overlapping calls each get a session; one is kept.
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]);
      expect(connect).toHaveBeenCalledTimes(1);
    } finally {
      connect.mockRestore();
    }
  });

  it('never lets one call see another call’s session state', async () => {
    await db.query('SET search_path = nowhere');
    expect((await db.query('SHOW search_path')).rows).toEqual([['"$user", public']]);
    await db.query('BEGIN');
    expect((await db.query('SELECT count(*) FROM items')).rows).toEqual([[3n]]);
    await db.query('CREATE TEMP TABLE scratch (a int)');
    expect(await errorOf(db.query('SELECT * FROM scratch'))).toMatchObject({ code: '42P01' });
    await db.query('CREATE SEQUENCE reuse_seq');
    await db.query("SELECT nextval('reuse_seq')");
    expect(await errorOf(db.query("SELECT currval('reuse_seq')"))).toMatchObject({ code: '55000' });
  });
});
