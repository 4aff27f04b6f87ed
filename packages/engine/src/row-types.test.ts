/**
 * Row types in the engine: a table's name as a type (casts, text input, field selection,
 * pg_typeof of a whole-row reference), functions taking and returning it in SQL and PL/pgSQL,
 * DROP TABLE against the functions that use it, and composite columns refused. Messages are
 * PostgreSQL 15's.
 */
import { SqlRecord } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { bufferPoolPages: 32 });
  await db.query('CREATE TABLE c2 (a int, b text)');
  await db.query("INSERT INTO c2 VALUES (1, 'x'), (2, 'a b')");
});

afterEach(async () => {
  await db.close();
  removeDir(dir);
});

const rows = async (sql: string) => (await db.query(sql)).rows;

describe("a table's row type", () => {
  it('is a type: row constructors and text literals convert to it, fields select', async () => {
    expect(await rows("SELECT ROW(1, 'x')::c2::text, '(1,\"a b\")'::c2::text, '(,)'::c2::text")).toEqual([
      ['(1,x)', '(1,"a b")', '(,)'],
    ]);
    expect(await rows("SELECT (ROW(1, 'x')::c2).b, ('(7,y)'::c2).a")).toEqual([['x', 7]]);
    expect(await rows("SELECT ROW(1, 'x')::c2 = '(1,x)'::c2, ROW(1, 'x')::c2 < ROW(2, 'a')::c2")).toEqual([
      [true, true],
    ]);
    await expect(db.query('SELECT ROW(1)::c2')).rejects.toThrow(
      expect.objectContaining({
        code: '42846',
        fields: expect.objectContaining({ detail: 'Input has too few columns.' }),
      }),
    );
    await expect(db.query("SELECT '(1)'::c2")).rejects.toThrow(
      expect.objectContaining({ code: '22P02', message: 'malformed record literal: "(1)"' }),
    );
    await expect(db.query("SELECT (ROW(1, 'x')::c2).zz")).rejects.toThrow(
      'column "zz" not found in data type c2',
    );
  });

  it('types a whole-row reference, and is in pg_type with pg_class.reltype pointing at it', async () => {
    expect(await rows('SELECT pg_typeof(t)::text, t::text FROM c2 t ORDER BY a')).toEqual([
      ['c2', '(1,x)'],
      ['c2', '(2,"a b")'],
    ]);
    expect(
      await rows(
        `SELECT t.typtype, t.typcategory, t.typrelid = c.oid, a.typelem = t.oid, a.typname
           FROM pg_class c JOIN pg_type t ON t.oid = c.reltype JOIN pg_type a ON a.oid = t.typarray
          WHERE c.relname = 'c2'`,
      ),
    ).toEqual([['c', 'C', true, true, '_c2']]);
    // The array type prints as PostgreSQL's format_type and regtype print it, schema-qualified
    // when the search path does not find the row type.
    const arrayType = `SELECT format_type(t.typarray, NULL), t.typarray::regtype::text, pg_type_is_visible(t.typarray)
                         FROM pg_type t WHERE t.typname = 'c2'`;
    expect(await rows(arrayType)).toEqual([['c2[]', 'c2[]', true]]);
    const session = db.connect();
    await session.query('SET search_path = pg_catalog');
    expect((await session.query(arrayType)).rows).toEqual([['public.c2[]', 'public.c2[]', false]]);
    await session.close();
  });

  it('is what SQL and PL/pgSQL functions return and take', async () => {
    await db.query('CREATE FUNCTION f1() RETURNS SETOF c2 LANGUAGE sql AS $$SELECT * FROM c2 ORDER BY a$$');
    await db.query('CREATE FUNCTION f2() RETURNS c2 LANGUAGE sql AS $$SELECT t FROM c2 t WHERE a = 2$$');
    await db.query('CREATE FUNCTION g(r c2) RETURNS int LANGUAGE sql AS $$SELECT r.a * 10$$');
    await db.query(
      'CREATE FUNCTION f3() RETURNS SETOF c2 LANGUAGE plpgsql AS $$BEGIN RETURN QUERY SELECT * FROM c2; END$$',
    );
    await db.query(`CREATE FUNCTION f4() RETURNS SETOF c2 LANGUAGE plpgsql AS $$
      DECLARE r record; BEGIN FOR r IN SELECT * FROM c2 LOOP RETURN NEXT r; END LOOP; END$$`);
    await db.query("CREATE FUNCTION f5() RETURNS c2 LANGUAGE plpgsql AS $$BEGIN RETURN ROW(9, 'z'); END$$");
    const table = [
      [1, 'x'],
      [2, 'a b'],
    ];
    expect(await rows('SELECT * FROM f1()')).toEqual(table);
    expect(await rows('SELECT f1()')).toEqual(table.map((r) => [new SqlRecord(r)]));
    expect(await rows('SELECT f2()::text, (f2()).b, pg_typeof(f2())::text')).toEqual([
      ['(2,"a b")', 'a b', 'c2'],
    ]);
    expect(await rows('SELECT * FROM f2()')).toEqual([[2, 'a b']]);
    expect(await rows('SELECT g(t) FROM c2 t ORDER BY 1')).toEqual([[10], [20]]);
    expect(await rows("SELECT g(ROW(4, 'w')), g('(5,v)')")).toEqual([[40, 50]]);
    expect(await rows('SELECT * FROM f3() ORDER BY a')).toEqual(table);
    expect(await rows('SELECT * FROM f4() ORDER BY a')).toEqual(table);
    expect(await rows('SELECT (f5()).a, f5()::text')).toEqual([[9, '(9,z)']]);
  });

  it('checks a record PL/pgSQL returns against the row type, as PostgreSQL (42804)', async () => {
    await db.query(
      "CREATE FUNCTION f7() RETURNS c2 LANGUAGE plpgsql AS $$BEGIN RETURN ROW(9::bigint, 'z'::text); END$$",
    );
    await expect(db.query('SELECT f7()')).rejects.toThrow(
      expect.objectContaining({
        code: '42804',
        message: 'returned record type does not match expected record type',
        fields: expect.objectContaining({
          detail: 'Returned type bigint does not match expected type integer in column 1.',
        }),
      }),
    );
  });

  it('keeps DROP TABLE from leaving the functions using it behind', async () => {
    await db.query('CREATE FUNCTION f1() RETURNS SETOF c2 LANGUAGE sql AS $$SELECT * FROM c2$$');
    await db.query('CREATE FUNCTION g(r c2) RETURNS int LANGUAGE sql AS $$SELECT r.a$$');
    await expect(db.query('DROP TABLE c2')).rejects.toThrow(
      expect.objectContaining({
        code: '2BP01',
        fields: expect.objectContaining({
          detail: 'function f1() depends on type c2\nfunction g(c2) depends on type c2',
        }),
      }),
    );
    await db.query('DROP TABLE c2 CASCADE');
    expect(await rows("SELECT count(*)::int FROM pg_proc WHERE proname IN ('f1', 'g')")).toEqual([[0]]);
    expect(await rows("SELECT count(*)::int FROM pg_type WHERE typname IN ('c2', '_c2')")).toEqual([[0]]);
  });

  it('is refused as a column type (0A000)', async () => {
    await expect(db.query('CREATE TABLE bad (x c2)')).rejects.toThrow(
      expect.objectContaining({ code: '0A000', message: 'columns of composite type c2 are not supported' }),
    );
  });
});

describe('CREATE TYPE … AS (…)', () => {
  it('makes a composite type usable as a row type is, listed as psql \\dT lists types', async () => {
    await db.query('CREATE TYPE pair AS (x int, y text)');
    expect(
      await rows("SELECT '(1,a)'::pair::text, (ROW(2, 'b')::pair).y, pg_typeof('(1,a)'::pair)::text"),
    ).toEqual([['(1,a)', 'b', 'pair']]);
    await db.query("CREATE FUNCTION fp() RETURNS SETOF pair LANGUAGE sql AS $$VALUES (1, 'a'), (2, 'b')$$");
    expect(await rows('SELECT * FROM fp() ORDER BY x')).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(
      await rows(`SELECT c.relkind, c.relnatts, t.typtype, pg_type_is_visible(t.oid)
                    FROM pg_class c JOIN pg_type t ON t.typrelid = c.oid WHERE c.relname = 'pair'`),
    ).toEqual([['c', 2, 'c', true]]);
    await expect(db.query('CREATE TABLE pair (a int)')).rejects.toThrow('relation "pair" already exists');
    await expect(db.query('CREATE TYPE c2 AS (a int)')).rejects.toThrow('type "c2" already exists');
  });

  it('is dropped by DROP TYPE, which the functions using it hold back without CASCADE', async () => {
    await db.query('CREATE TYPE pair AS (x int, y text)');
    await db.query("CREATE FUNCTION fp() RETURNS pair LANGUAGE sql AS $$SELECT 1, 'a'$$");
    await expect(db.query('DROP TYPE pair')).rejects.toThrow(
      expect.objectContaining({
        code: '2BP01',
        message: 'cannot drop type pair because other objects depend on it',
        fields: expect.objectContaining({ detail: 'function fp() depends on type pair' }),
      }),
    );
    await db.query('DROP TYPE pair CASCADE');
    expect(await rows("SELECT count(*)::int FROM pg_class WHERE relname = 'pair'")).toEqual([[0]]);
    await expect(db.query("SELECT '(1,a)'::pair")).rejects.toThrow('type "pair" does not exist');
    await expect(db.query('DROP TYPE c2')).rejects.toThrow(
      'cannot drop type c2 because table c2 requires it',
    );
  });
});
