/**
 * Stored generated columns end to end (GENERATED ALWAYS AS (expr) STORED): computed on INSERT,
 * UPDATE, ON CONFLICT and foreign-key cascades before the constraints are checked, never written
 * directly, kept through ALTER TABLE, DROP EXPRESSION and a restart, and left out of COPY.
 */
import { DbError } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
});

afterEach(async () => {
  await db.close();
  removeDir(dir);
});

const errorOf = async (sql: string): Promise<string> => {
  try {
    await db.query(sql);
  } catch (err) {
    return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
  }
  return 'ok';
};

const rows = async (sql: string) => (await db.query(sql)).rows;

describe('stored generated columns', () => {
  it('computes the column on INSERT and UPDATE, after defaults and before constraints', async () => {
    await db.query(
      'CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT 4, b int GENERATED ALWAYS AS (a * 2) STORED CHECK (b < 100))',
    );
    expect(await rows('INSERT INTO t VALUES (1, 1) RETURNING b')).toEqual([[2]]);
    expect(await rows('INSERT INTO t (id) VALUES (2) RETURNING b')).toEqual([[8]]);
    await db.query('INSERT INTO t VALUES (3, 5, DEFAULT)');
    await db.query('INSERT INTO t SELECT 4, 6');
    expect(await rows('UPDATE t SET a = a + 1 WHERE id = 1 RETURNING a, b')).toEqual([[2, 4]]);
    expect(await rows('UPDATE t SET b = DEFAULT WHERE id = 2 RETURNING b')).toEqual([[8]]);
    expect(await errorOf('INSERT INTO t VALUES (5, 50)')).toBe(
      '23514 new row for relation "t" violates check constraint "t_b_check"',
    );
    expect(await rows('SELECT id, a, b FROM t ORDER BY id')).toEqual([
      [1, 2, 4],
      [2, 4, 8],
      [3, 5, 10],
      [4, 6, 12],
    ]);
  });

  it('rejects values written to the column with 428C9', async () => {
    await db.query('CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED)');
    expect(await errorOf('INSERT INTO t VALUES (1, 2)')).toBe(
      '428C9 cannot insert a non-DEFAULT value into column "b"',
    );
    expect(await errorOf('INSERT INTO t SELECT 1, 2')).toBe(
      '428C9 cannot insert a non-DEFAULT value into column "b"',
    );
    expect(await errorOf('INSERT INTO t OVERRIDING SYSTEM VALUE VALUES (1, 2)')).toBe(
      '428C9 cannot insert a non-DEFAULT value into column "b"',
    );
    expect(await errorOf('UPDATE t SET b = 1')).toBe('428C9 column "b" can only be updated to DEFAULT');
  });

  it('keys unique indexes and ON CONFLICT arbiters on the computed value', async () => {
    await db.query('CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 10) STORED UNIQUE)');
    await db.query('INSERT INTO t VALUES (1), (2)');
    expect(await errorOf('INSERT INTO t VALUES (1)')).toMatch(/^23505 /);
    expect(
      await rows('INSERT INTO t VALUES (2) ON CONFLICT (b) DO UPDATE SET a = excluded.a + 5 RETURNING a, b'),
    ).toEqual([[7, 70]]);
    await db.query('SET enable_seqscan = off');
    expect(await rows('SELECT a FROM t WHERE b = 70')).toEqual([[7]]);
  });

  it('recomputes the column when a foreign key cascades into the column it reads', async () => {
    await db.query('CREATE TABLE p (id int PRIMARY KEY)');
    await db.query(
      'CREATE TABLE c (pid int REFERENCES p ON UPDATE CASCADE, twice int GENERATED ALWAYS AS (pid * 2) STORED)',
    );
    await db.query('INSERT INTO p VALUES (1)');
    await db.query('INSERT INTO c VALUES (1)');
    await db.query('UPDATE p SET id = 5');
    expect(await rows('SELECT pid, twice FROM c')).toEqual([[5, 10]]);
    expect(
      await errorOf(
        'CREATE TABLE d (x int, y int GENERATED ALWAYS AS (x) STORED REFERENCES p ON DELETE SET NULL)',
      ),
    ).toBe('42601 invalid ON DELETE action for foreign key constraint containing generated column');
  });

  it('validates generation expressions as PostgreSQL does', async () => {
    const create = (expr: string) =>
      errorOf(`CREATE TABLE x (a int, b int GENERATED ALWAYS AS (${expr}) STORED)`);
    expect(await create('xmin')).toBe(
      '42P10 cannot use system column "xmin" in column generation expression',
    );
    expect(await create('(SELECT 1)')).toBe('0A000 cannot use subquery in column generation expression');
    expect(await create('sum(a)')).toBe(
      '42803 aggregate functions are not allowed in column generation expressions',
    );
    expect(await create('random()::int')).toBe('42P17 generation expression is not immutable');
    expect(await create("a::text || 'x'")).toBe(
      '42804 column "b" is of type integer but default expression is of type text',
    );
    expect(
      await errorOf(
        'CREATE TABLE x (a int GENERATED ALWAYS AS (1) STORED, b int GENERATED ALWAYS AS (a) STORED)',
      ),
    ).toBe('42P17 cannot use generated column "a" in column generation expression');
    expect(await errorOf('CREATE TABLE x (a int, b int DEFAULT 1 GENERATED ALWAYS AS (a) STORED)')).toBe(
      '42601 both default and generation expression specified for column "b" of table "x"',
    );
  });

  it('adds a generated column to existing rows, drops its expression, and survives a restart', async () => {
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t VALUES (1), (2)');
    await db.query('ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 100) STORED');
    expect(await rows('SELECT a, b FROM t ORDER BY a')).toEqual([
      [1, 101],
      [2, 102],
    ]);
    expect(await errorOf('ALTER TABLE t ALTER COLUMN a TYPE bigint')).toBe(
      '0A000 cannot alter type of a column used by a generated column',
    );
    await db.close();
    db = await openTestDatabase(dir);
    expect(await rows('INSERT INTO t VALUES (3) RETURNING b')).toEqual([[103]]);
    await db.query('ALTER TABLE t ALTER COLUMN b DROP EXPRESSION');
    expect(await rows('INSERT INTO t VALUES (4, 7) RETURNING b')).toEqual([[7]]);
    expect(await rows('SELECT a, b FROM t ORDER BY a')).toEqual([
      [1, 101],
      [2, 102],
      [3, 103],
      [4, 7],
    ]);
  });

  it("validates a new column's own CHECK against the existing rows (ADD COLUMN)", async () => {
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t VALUES (1), (3)');
    expect(await errorOf('ALTER TABLE t ADD COLUMN d int DEFAULT 7 CHECK (d < 5)')).toBe(
      '23514 check constraint "t_d_check" of relation "t" is violated by some row',
    );
    expect(
      await errorOf('ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED CHECK (g < 5)'),
    ).toBe('23514 check constraint "t_g_check" of relation "t" is violated by some row');
    await db.query('ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED CHECK (g < 7)');
    expect(await rows('SELECT a, g FROM t ORDER BY a')).toEqual([
      [1, 2],
      [3, 6],
    ]);
  });

  it('needs CASCADE to drop a column the expression reads, and then drops the generated column', async () => {
    await db.query('CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c int)');
    expect(await errorOf('ALTER TABLE t DROP COLUMN a')).toBe(
      '2BP01 cannot drop column a of table t because other objects depend on it',
    );
    const dropped = await db.query('ALTER TABLE t DROP COLUMN a CASCADE');
    expect(dropped.notices.map((n) => n.message)).toEqual(['drop cascades to column b of table t']);
    expect((await db.query('SELECT * FROM t')).fields.map((c) => c.name)).toEqual(['c']);
    await db.query('DROP TABLE t');
  });

  it('shows the column in the catalogs', async () => {
    await db.query('CREATE TABLE t (a text, b text GENERATED ALWAYS AS (upper(a)) STORED)');
    expect(
      await rows(
        "SELECT attname, attgenerated, atthasdef FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum",
      ),
    ).toEqual([
      ['a', '', false],
      ['b', 's', true],
    ]);
    expect(
      await rows(
        "SELECT column_name, column_default, is_generated, generation_expression FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position",
      ),
    ).toEqual([
      ['a', null, 'NEVER', null],
      ['b', null, 'ALWAYS', 'upper(a)'],
    ]);
  });
});
