/**
 * RETURNS SETOF and RETURNS TABLE functions end to end (function-statements.ts, routines/,
 * plpgsql/returned-rows.ts; the planner's bind-routine-set.ts): SQL and PL/pgSQL bodies, calls
 * in FROM and the select list, pg_proc, the errors PostgreSQL 15 gives (checked against it with
 * psql), CREATE OR REPLACE seen by a repeated statement, and durability across a restart and a
 * crash.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { crash, queryError, useTestDatabases } from './test-database.js';

const databases = useTestDatabases();
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  db = await databases.open();
  s = db.connect();
  await s.query('CREATE TABLE t (a int, b text)');
  await s.query("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')");
});

const rows = async (sql: string) => (await s.query(sql)).rows;
const names = async (sql: string) => (await s.query(sql)).fields.map((f) => f.name);
const errorOf = (sql: string) => queryError(s, sql);

const SERIES =
  'CREATE FUNCTION s1(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT g FROM generate_series(1, n) g $$';
const TABLE =
  'CREATE FUNCTION tb(n int) RETURNS TABLE (k int, v text) LANGUAGE sql AS $$ SELECT a, b FROM t WHERE a <= n ORDER BY a $$';

describe('SQL set-returning functions', () => {
  it('return every row of the last statement, in FROM with aliases and WITH ORDINALITY', async () => {
    await s.query(SERIES);
    expect(await rows('SELECT * FROM s1(3)')).toEqual([[1], [2], [3]]);
    expect(await names('SELECT * FROM s1(1)')).toEqual(['s1']);
    expect(await names('SELECT * FROM s1(1) AS x')).toEqual(['x']);
    expect(await names('SELECT * FROM s1(1) AS x(v)')).toEqual(['v']);
    expect(await rows('SELECT * FROM s1(2) WITH ORDINALITY AS x(v, n)')).toEqual([
      [1, 1n],
      [2, 2n],
    ]);
    expect(await errorOf('SELECT * FROM s1(3) AS x(a, b)')).toBe(
      '42P10 table "x" has 1 columns available but 2 columns specified',
    );
  });

  it('are called per row with LATERAL and CROSS JOIN, and in the select list', async () => {
    await s.query(SERIES);
    const want = [
      [1, 1],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
      [3, 3],
    ];
    expect(await rows('SELECT t.a, x FROM t, LATERAL s1(t.a) x ORDER BY 1, 2')).toEqual(want);
    expect(await rows('SELECT t.a, x FROM t CROSS JOIN s1(t.a) x ORDER BY 1, 2')).toEqual(want);
    expect(await rows('SELECT a, s1(a) FROM t ORDER BY 1, 2')).toEqual(want);
    expect(await rows('SELECT s1(2), s1(3)')).toEqual([
      [1, 1],
      [2, 2],
      [null, 3],
    ]);
  });

  it('RETURNS TABLE gives named columns, a record in the select list', async () => {
    await s.query(TABLE);
    const r = await s.query('SELECT * FROM tb(2)');
    expect(r.fields.map((f) => f.name)).toEqual(['k', 'v']);
    expect(r.rows).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(await names('SELECT * FROM tb(2) AS q(x, y)')).toEqual(['x', 'y']);
    expect(await rows("SELECT k FROM tb(3) WHERE v > 'x' ORDER BY k")).toEqual([[2], [3]]);
    expect(await rows('SELECT count(*) FROM (SELECT tb(3) AS r) q')).toEqual([[3n]]);
  });

  it('a scalar function in FROM is one row; a STRICT set function of NULL none', async () => {
    await s.query('CREATE FUNCTION sc(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$');
    await s.query('CREATE FUNCTION sn(x int) RETURNS SETOF int STRICT LANGUAGE sql AS $$ SELECT x $$');
    expect(await rows('SELECT * FROM sc(1) AS z')).toEqual([[2]]);
    expect(await names('SELECT * FROM sc(1) AS z')).toEqual(['z']);
    expect(await rows('SELECT * FROM sn(NULL)')).toEqual([]);
  });

  it('fail as PostgreSQL where a set cannot go, and check the result at CREATE', async () => {
    await s.query(SERIES);
    expect(await errorOf('SELECT 1 WHERE s1(1) = 1')).toBe(
      '0A000 set-returning functions are not allowed in WHERE',
    );
    expect(await errorOf('SELECT * FROM t WHERE a IN (SELECT 1) AND s1(a) > 0')).toBe(
      '0A000 set-returning functions are not allowed in WHERE',
    );
    expect(
      await errorOf('CREATE FUNCTION b4() RETURNS TABLE (a int, b int) LANGUAGE sql AS $$ SELECT 1 $$'),
    ).toBe('42P13 return type mismatch in function declared to return record');
    expect(
      await errorOf('CREATE FUNCTION b5() RETURNS TABLE (a int) LANGUAGE sql AS $$ SELECT 1, 2 $$'),
    ).toBe('42P13 return type mismatch in function declared to return integer');
    expect(
      await errorOf('CREATE FUNCTION b6() RETURNS TABLE (a int, a int) LANGUAGE sql AS $$ SELECT 1, 2 $$'),
    ).toBe('42P13 parameter name "a" used more than once');
  });
});

describe('PL/pgSQL set-returning functions', () => {
  it('RETURN NEXT and RETURN QUERY [EXECUTE … USING] add rows; RETURN ends', async () => {
    await s.query(`CREATE FUNCTION ps(n int) RETURNS SETOF bigint LANGUAGE plpgsql AS $$
      BEGIN
        FOR i IN 1..n LOOP RETURN NEXT i * 10; END LOOP;
        RETURN QUERY SELECT g::bigint FROM generate_series(100, 101) g;
        RETURN;
        RETURN NEXT 0;
      END $$`);
    expect(await rows('SELECT * FROM ps(2)')).toEqual([[10n], [20n], [100n], [101n]]);
    await s.query(`CREATE FUNCTION pt(n int) RETURNS TABLE (i int, sq int) LANGUAGE plpgsql AS $$
      BEGIN
        FOR j IN 1..n LOOP i := j; sq := j * j; RETURN NEXT; END LOOP;
        RETURN QUERY EXECUTE 'SELECT $1, $1 * 2' USING n;
      END $$`);
    expect(await rows('SELECT * FROM pt(2)')).toEqual([
      [1, 1],
      [2, 4],
      [2, 4],
    ]);
  });

  it('refuse RETURN NEXT / RETURN expr where PostgreSQL does, at CREATE', async () => {
    const create = (result: string, body: string) =>
      errorOf(`CREATE FUNCTION bad() RETURNS ${result} LANGUAGE plpgsql AS $$ BEGIN ${body} END $$`);
    expect(await create('int', 'RETURN NEXT 1;')).toBe(
      '42804 cannot use RETURN NEXT in a non-SETOF function',
    );
    expect(await create('SETOF int', 'RETURN 1;')).toBe(
      '42804 RETURN cannot have a parameter in function returning set',
    );
    expect(await create('TABLE (a int)', 'RETURN NEXT 1;')).toBe(
      '42804 RETURN NEXT cannot have a parameter in function with OUT parameters',
    );
    expect(await create('SETOF int', 'RETURN NEXT;')).toBe('42601 missing expression at or near ";"');
  });

  it('RETURN QUERY checks the query against the result (42804)', async () => {
    await s.query(
      'CREATE FUNCTION q1() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1::bigint; END $$',
    );
    await s.query(
      'CREATE FUNCTION q2() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1, 2; END $$',
    );
    expect(await errorOf('SELECT * FROM q1()')).toBe(
      '42804 structure of query does not match function result type',
    );
    expect(await errorOf('SELECT * FROM q2()')).toBe(
      '42804 structure of query does not match function result type',
    );
  });
});

describe('OUT and INOUT parameters', () => {
  it('make a one-row record, or a set with RETURNS SETOF record', async () => {
    await s.query("CREATE FUNCTION o1(a int, OUT b int, OUT c text) LANGUAGE sql AS $$ SELECT a + 1, 'x' $$");
    expect(await names('SELECT * FROM o1(1)')).toEqual(['b', 'c']);
    expect(await rows('SELECT * FROM o1(1)')).toEqual([[2, 'x']]);
    expect(await rows('SELECT (o1(1)).c')).toEqual([['x']]);
    await s.query(
      'CREATE FUNCTION o2(INOUT a int, OUT b int) RETURNS SETOF record LANGUAGE sql AS $$ SELECT a, g FROM generate_series(1, a) g $$',
    );
    expect(await rows('SELECT * FROM o2(2)')).toEqual([
      [2, 1],
      [2, 2],
    ]);
    expect(await errorOf('DROP FUNCTION o2(int, int)')).toBe(
      '42883 function o2(integer, integer) does not exist',
    );
  });

  it('are PL/pgSQL variables; INOUT starts as the argument', async () => {
    await s.query('CREATE FUNCTION o3(a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN b := a * 2; END $$');
    expect(await rows('SELECT o3(4), * FROM o3(5)')).toEqual([[8, 10]]);
    await s.query(
      'CREATE FUNCTION o4(INOUT a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN a := a + 1; b := a * 2; RETURN; END $$',
    );
    expect(await rows('SELECT * FROM o4(1)')).toEqual([[2, 4]]);
    expect(
      await errorOf('CREATE FUNCTION bo5(a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$'),
    ).toBe('42804 RETURN cannot have a parameter in function with OUT parameters');
  });

  it('fix the result type and the parameter names as PostgreSQL (42P13)', async () => {
    const create = (sig: string) => errorOf(`CREATE FUNCTION bo${sig} LANGUAGE sql AS $$ SELECT 1, 2 $$`);
    expect(await create('(a int, OUT b int) RETURNS text')).toBe(
      '42P13 function result type must be integer because of OUT parameters',
    );
    expect(await create('(a int, OUT b int, OUT c int) RETURNS int')).toBe(
      '42P13 function result type must be record because of OUT parameters',
    );
    expect(await create('(INOUT a int, OUT a int)')).toBe('42P13 parameter name "a" used more than once');
    await s.query('CREATE FUNCTION o6(INOUT a int, OUT b text) LANGUAGE sql AS $$ SELECT 1, 2 $$');
    expect(
      await rows(
        "SELECT prorettype::regtype::text, proargmodes::text, pg_get_function_result(oid), pg_get_function_arguments(oid) FROM pg_proc WHERE proname = 'o6'",
      ),
    ).toEqual([['record', '{b,o}', 'record', 'INOUT a integer, OUT b text']]);
  });
});

describe('catalog', () => {
  it('pg_proc and pg_get_function_result show SETOF and TABLE as PostgreSQL', async () => {
    await s.query(SERIES);
    await s.query(TABLE);
    expect(
      await rows(
        "SELECT proname, proretset, prorettype::regtype::text, proargmodes::text, proallargtypes::text, proargnames::text, pg_get_function_result(oid) FROM pg_proc WHERE proname IN ('s1', 'tb') ORDER BY 1",
      ),
    ).toEqual([
      ['s1', true, 'integer', null, null, '{n}', 'SETOF integer'],
      ['tb', true, 'record', '{i,t,t}', '{23,23,25}', '{n,k,v}', 'TABLE(k integer, v text)'],
    ]);
  });

  it('CREATE OR REPLACE keeps the result, and a repeated statement runs the new body', async () => {
    await s.query(SERIES);
    expect(await rows('SELECT count(*) FROM s1(3)')).toEqual([[3n]]);
    await s.query(
      'CREATE OR REPLACE FUNCTION s1(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT g FROM generate_series(1, n * 2) g $$',
    );
    expect(await rows('SELECT count(*) FROM s1(3)')).toEqual([[6n]]);
    await s.query(TABLE);
    expect(
      await errorOf(
        'CREATE OR REPLACE FUNCTION tb(n int) RETURNS TABLE (k int, w text) LANGUAGE sql AS $$ SELECT a, b FROM t $$',
      ),
    ).toBe('42P13 cannot change return type of existing function');
  });

  it('set-returning functions survive a restart and a crash', async () => {
    await s.query(TABLE);
    await db.close();
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    expect(await rows('SELECT * FROM tb(1)')).toEqual([[1, 'x']]);
    await s.query(SERIES);
    crash(db);
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    expect(await rows('SELECT count(*) FROM tb(3), s1(2)')).toEqual([[6n]]);
    expect(await rows("SELECT pg_get_function_result('tb'::regproc)")).toEqual([
      ['TABLE(k integer, v text)'],
    ]);
  });
});
