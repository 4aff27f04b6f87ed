/**
 * CREATE FUNCTION end to end (function-statements.ts, routines/): SQL and PL/pgSQL functions
 * called from expressions, overload resolution, defaults, the errors PostgreSQL 15 gives
 * (checked against it with psql), plan caching across calls, the call depth limit, and
 * durability across a restart and a crash.
 */
import { operatorTreeStats } from '@rustydb/executor';
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
});

const rows = async (sql: string) => (await s.query(sql)).rows;

/** `code message` of the error `sql` fails with (its CONTEXT too when asked). */
const errorOf = (sql: string, withContext = false) => queryError(s, sql, withContext);

describe('SQL functions', () => {
  it('take parameters by name and $n, with defaults, in any statement', async () => {
    await s.query(
      'CREATE FUNCTION add(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + $2 $$',
    );
    expect(await rows('SELECT add(1, 2), add(5)')).toEqual([[3, 15]]);
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await s.query('INSERT INTO t VALUES (1, add(1)), (2, add(2, 2))');
    await s.query('UPDATE t SET v = add(v, 100) WHERE add(id) = 12');
    expect(await rows('SELECT id, v FROM t ORDER BY add(id) DESC')).toEqual([
      [2, 104],
      [1, 11],
    ]);
  });

  it('return the first row of the last statement, NULL without one, cast to the result', async () => {
    await s.query('CREATE TABLE t (id int, name text)');
    await s.query("INSERT INTO t VALUES (2, 'b'), (1, 'a')");
    await s.query(
      "CREATE FUNCTION name_of(k int) RETURNS varchar LANGUAGE sql AS 'INSERT INTO t VALUES (9, ''z''); SELECT name FROM t WHERE id = k'",
    );
    expect(await rows('SELECT name_of(1), name_of(7)')).toEqual([['a', null]]);
    expect(await rows('SELECT count(*) FROM t WHERE id = 9')).toEqual([[2n]]);
    await s.query('CREATE FUNCTION big() RETURNS bigint LANGUAGE sql AS $$ SELECT 1 $$');
    expect(await rows('SELECT big(), pg_typeof(big())')).toEqual([[1n, 'bigint']]);
  });

  it('resolve a column before a parameter of the same name, and reach the parameter qualified', async () => {
    await s.query('CREATE TABLE t (id int)');
    await s.query('INSERT INTO t VALUES (1), (2), (3)');
    await s.query(
      'CREATE FUNCTION n_ids(id int) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t WHERE id = id $$',
    );
    await s.query(
      'CREATE FUNCTION n_eq(id int) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t WHERE t.id = n_eq.id $$',
    );
    expect(await rows('SELECT n_ids(1), n_eq(1)')).toEqual([[3n, 1n]]);
  });

  it('are checked at CREATE as PostgreSQL does', async () => {
    expect(await errorOf('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$')).toBe(
      '42601 syntax error at or near "SELEC"',
    );
    expect(
      await errorOf('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT x FROM nope $$', true),
    ).toBe('42P01 relation "nope" does not exist | SQL function "f"');
    expect(await errorOf("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 'a'::text $$")).toBe(
      '42P13 return type mismatch in function declared to return integer',
    );
    expect(await errorOf('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$')).toBe(
      '42P13 return type mismatch in function declared to return integer',
    );
    expect(await errorOf('CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$')).toBe(
      '42P13 no language specified',
    );
    expect(await errorOf('CREATE FUNCTION f() RETURNS int LANGUAGE sql')).toBe(
      '42P13 no function body specified',
    );
    expect(await errorOf('CREATE FUNCTION f() RETURNS int LANGUAGE perl AS $$ $$')).toBe(
      '42704 language "perl" does not exist',
    );
    expect(await errorOf('CREATE FUNCTION f(a int, a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$')).toBe(
      '42P13 parameter name "a" used more than once',
    );
    expect(
      await errorOf('CREATE FUNCTION f(a int = 1, b int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'),
    ).toBe('42P13 input parameters after one with a default value must also have defaults');
    expect(await rows("SELECT count(*) FROM pg_proc WHERE proname = 'f'")).toEqual([[0n]]);
  });
});

describe('VOLATILE functions and the command counter', () => {
  it('run each statement as a new command; the calling statement does not see their writes', async () => {
    await s.query('CREATE TABLE vt (id int PRIMARY KEY, n int)');
    await s.query('INSERT INTO vt VALUES (1, 0), (2, 0), (3, 0)');
    await s.query(
      'CREATE FUNCTION del_count() RETURNS bigint LANGUAGE sql AS $$ DELETE FROM vt WHERE id = 3; SELECT count(*) FROM vt $$',
    );
    expect(await rows('SELECT del_count()')).toEqual([[2n]]);
    await s.query(`CREATE FUNCTION bump(k int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN
      UPDATE vt SET n = n + 1 WHERE id = k;
      IF NOT FOUND THEN INSERT INTO vt VALUES (k, 1); END IF;
      RETURN (SELECT n FROM vt WHERE id = k); END $$`);
    // The second call sees the first call's insert (it was 23505 when both ran as one command).
    expect(await rows('SELECT bump(5), bump(5)')).toEqual([[1, 2]]);
    // The calling statement resumes at its own command, not at the function's last one: a
    // subquery correlated with the call's result (so it runs after the call) misses the row.
    await s.query(
      'CREATE FUNCTION ins(k int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO vt VALUES (k, 7); RETURN k; END $$',
    );
    expect(
      await rows('SELECT x, (SELECT count(*) FROM vt WHERE n = 7 AND id = x) FROM (SELECT ins(10) AS x) q'),
    ).toEqual([[10, 0n]]);
    expect(await rows('SELECT count(*) FROM vt WHERE n = 7')).toEqual([[1n]]);
  });
});

describe('PL/pgSQL functions', () => {
  it('have their parameters as variables and return with RETURN', async () => {
    await s.query(`CREATE FUNCTION fact(n int) RETURNS numeric LANGUAGE plpgsql AS $$
      DECLARE acc numeric := 1;
      BEGIN
        FOR i IN 2..n LOOP acc := acc * i; END LOOP;
        RETURN acc;
      END $$`);
    expect(String((await rows('SELECT fact(20)'))[0]![0])).toBe('2432902008176640000');
  });

  it('reach their parameters by name and by $n', async () => {
    await s.query(
      'CREATE FUNCTION sub(a int, b int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN b - $1; END $$',
    );
    await s.query(
      'CREATE FUNCTION twice(int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN $1 * 2; END $$',
    );
    expect(await rows('SELECT sub(1, 10), twice(21)')).toEqual([[9, 42]]);
  });

  it('run queries and DML, catch errors in a subtransaction, and raise notices', async () => {
    await s.query('CREATE TABLE t (id int PRIMARY KEY)');
    await s.query(`CREATE FUNCTION put(k int) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO t VALUES (k);
        RAISE NOTICE 'inserted %', k;
        RETURN 'new';
      EXCEPTION WHEN unique_violation THEN
        RETURN 'exists';
      END $$`);
    const r = await s.query('SELECT put(1)');
    expect(r.rows).toEqual([['new']]);
    expect(r.notices.map((n) => n.message)).toEqual(['inserted 1']);
    expect(await rows('SELECT put(1)')).toEqual([['exists']]);
    expect(await rows('SELECT count(*) FROM t')).toEqual([[1n]]);
  });

  it('fail with 2F005 at the end without RETURN, 2D000 on COMMIT, 42601 when the body does not parse', async () => {
    await s.query(
      'CREATE FUNCTION noret(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN IF n > 0 THEN RETURN 1; END IF; END $$',
    );
    expect(await rows('SELECT noret(1)')).toEqual([[1]]);
    expect(await errorOf('SELECT noret(0)', true)).toBe(
      '2F005 control reached end of function without RETURN | PL/pgSQL function noret(integer)',
    );
    await s.query('CREATE FUNCTION c() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$');
    expect(await errorOf('SELECT c()', true)).toBe(
      '2D000 invalid transaction termination | PL/pgSQL function c() line 1 at COMMIT',
    );
    expect(
      await errorOf('CREATE FUNCTION bad() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 END $$'),
    ).toBe('42601 syntax error at end of input');
    expect(
      await errorOf('CREATE FUNCTION bad() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN; END $$', true),
    ).toBe('42601 missing expression at or near ";" | compilation of PL/pgSQL function "bad" near line 1');
  });

  it('stores trigger functions, which cannot be called from SQL', async () => {
    await s.query('CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$');
    expect(await errorOf('SELECT trg()')).toBe('0A000 trigger functions can only be called as triggers');
  });
});

describe('calls', () => {
  it('resolve overloads by exact match, implicit casts and unknown literals', async () => {
    await s.query("CREATE FUNCTION kind(x int) RETURNS text LANGUAGE sql AS $$ SELECT 'int' $$");
    await s.query("CREATE FUNCTION kind(x text) RETURNS text LANGUAGE sql AS $$ SELECT 'text' $$");
    await s.query("CREATE FUNCTION kind(x numeric) RETURNS text LANGUAGE sql AS $$ SELECT 'numeric' $$");
    expect(await rows("SELECT kind(1), kind('a'), kind(1.5), kind(3::int8)")).toEqual([
      ['int', 'text', 'numeric', 'numeric'],
    ]);
    // int2 converts to both int4 and numeric, neither preferred: PostgreSQL gives up too.
    expect(await errorOf('SELECT kind(2::int2)')).toBe('42725 function kind(smallint) is not unique');
    await s.query("CREATE FUNCTION two(a int, b text) RETURNS text LANGUAGE sql AS $$ SELECT 'it' $$");
    await s.query("CREATE FUNCTION two(a text, b int) RETURNS text LANGUAGE sql AS $$ SELECT 'ti' $$");
    expect(await errorOf("SELECT two('1', '2')")).toBe('42725 function two(unknown, unknown) is not unique');
    expect(await errorOf('SELECT two(1, 2)')).toBe('42883 function two(integer, integer) does not exist');
  });

  it('run in column defaults and CHECK constraints; not in index expressions', async () => {
    await s.query(
      "CREATE FUNCTION pad(x int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lpad(x::text, 3, '0') $$",
    );
    await s.query(
      'CREATE FUNCTION positive(x int) RETURNS bool LANGUAGE plpgsql AS $$ BEGIN RETURN x > 0; END $$',
    );
    await s.query('CREATE TABLE t (id int CHECK (positive(id)), code text DEFAULT pad(7))');
    await s.query('INSERT INTO t (id) VALUES (1)');
    expect(await rows('SELECT id, code FROM t')).toEqual([[1, '007']]);
    expect(await errorOf('INSERT INTO t (id) VALUES (-1)')).toBe(
      '23514 new row for relation "t" violates check constraint "t_id_check"',
    );
    expect(await errorOf('CREATE INDEX ON t (positive(id))')).toBe(
      '42P17 functions in index expression must be marked IMMUTABLE',
    );
  });

  it('take $n parameters of the calling statement as arguments', async () => {
    await s.query(
      'CREATE FUNCTION inc(x int, by int DEFAULT 1) RETURNS int LANGUAGE sql AS $$ SELECT x + by $$',
    );
    expect((await s.query('SELECT inc($1), inc($1, $2)', [41, 2])).rows).toEqual([[42, 43]]);
  });

  it('take arguments by name, the parameters left out from their defaults', async () => {
    await s.query(
      "CREATE FUNCTION named(a int, b text DEFAULT 'x', c int DEFAULT 3) RETURNS text LANGUAGE sql AS $$ SELECT a || b || c $$",
    );
    expect(await rows("SELECT named(1, c => 9), named(a => 2), named(b => 'y', a => 3)")).toEqual([
      ['1x9', '2x3', '3y3'],
    ]);
    expect(await errorOf("SELECT named(b => 'q')")).toBe('42883 function named(b => unknown) does not exist');
    expect(await errorOf('SELECT named(1, a => 2)')).toBe(
      '42883 function named(integer, a => integer) does not exist',
    );
  });

  it('return NULL for a NULL argument of a STRICT function without running it', async () => {
    await s.query('CREATE FUNCTION boom(x int) RETURNS int LANGUAGE sql STRICT AS $$ SELECT 1 / 0 $$');
    expect(await rows('SELECT boom(NULL)')).toEqual([[null]]);
    expect(await errorOf('SELECT boom(1)')).toBe('22012 division by zero');
  });

  it('reuse the body plans across calls, and plan again after CREATE OR REPLACE', async () => {
    await s.query('CREATE TABLE t (id int)');
    await s.query('INSERT INTO t SELECT generate_series(1, 50)');
    await s.query('CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$');
    await s.query(
      'CREATE FUNCTION thrice(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN x * 3; END $$',
    );
    const before = operatorTreeStats.reused;
    expect(await rows('SELECT sum(twice(id)), sum(thrice(id)) FROM t')).toEqual([[2550n, 3825n]]);
    // Every call after the first runs the operator tree the first one built (one plan per body).
    expect(operatorTreeStats.reused - before).toBeGreaterThanOrEqual(2 * 49);
    await s.query(
      'CREATE OR REPLACE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + x + 1 $$',
    );
    expect(await rows('SELECT twice(1)')).toEqual([[3]]);
  });

  it('stop at the call depth limit with 54001, not a crash', async () => {
    await s.query('CREATE FUNCTION down(n int) RETURNS int LANGUAGE sql AS $$ SELECT down(n + 1) $$');
    expect(await errorOf('SELECT down(1)')).toBe('54001 stack depth limit exceeded');
    await s.query(
      'CREATE FUNCTION pdown(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN pdown(n + 1); END $$',
    );
    expect(await errorOf('SELECT pdown(1)')).toBe('54001 stack depth limit exceeded');
    expect(await rows('SELECT 1')).toEqual([[1]]);
    // MAX_CALL_DEPTH (200) nested calls run; one more is refused before the JavaScript stack ends.
    await s.query(
      'CREATE FUNCTION depth(n int) RETURNS int LANGUAGE sql AS $$ SELECT CASE WHEN n <= 1 THEN 1 ELSE depth(n - 1) + 1 END $$',
    );
    expect(await rows('SELECT depth(200)')).toEqual([[200]]);
    expect(await errorOf('SELECT depth(201)')).toBe('54001 stack depth limit exceeded');
  });
});

describe('DROP FUNCTION', () => {
  it('by name or signature, with IF EXISTS notices and 42725 for an ambiguous name', async () => {
    await s.query('CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$');
    await s.query('CREATE FUNCTION f(x text) RETURNS text LANGUAGE sql AS $$ SELECT x $$');
    expect(await errorOf('DROP FUNCTION f')).toBe('42725 function name "f" is not unique');
    expect(await errorOf('DROP FUNCTION f(bigint)')).toBe('42883 function f(bigint) does not exist');
    const r = await s.query('DROP FUNCTION IF EXISTS f(bigint), g');
    expect(r.notices.map((n) => n.message)).toEqual([
      'function f(bigint) does not exist, skipping',
      'function g() does not exist, skipping',
    ]);
    await s.query('DROP FUNCTION f(int)');
    await s.query('DROP FUNCTION f');
    expect(await errorOf('SELECT f(1)')).toBe('42883 function f(integer) does not exist');
  });
});

describe('DROP SCHEMA', () => {
  it('needs CASCADE for a schema holding functions, and drops them with it', async () => {
    await s.query('CREATE SCHEMA s');
    await s.query('CREATE FUNCTION s.f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$');
    expect(await errorOf('DROP SCHEMA s')).toBe(
      '2BP01 cannot drop schema s because other objects depend on it',
    );
    const r = await s.query('DROP SCHEMA s CASCADE');
    expect(r.notices.map((n) => n.message)).toEqual(['drop cascades to function s.f(integer)']);
    expect(await rows("SELECT count(*) FROM pg_proc WHERE proname = 'f'")).toEqual([[0n]]);
    expect(await errorOf('SELECT s.f(1)')).toBe('3F000 schema "s" does not exist');
  });
});

describe('durability', () => {
  it('a function survives a restart and a crash', async () => {
    await s.query('CREATE FUNCTION add1(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$');
    await db.close();
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    expect(await rows('SELECT add1(1)')).toEqual([[2]]);
    await s.query(
      'CREATE FUNCTION add2(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN x + 2; END $$',
    );
    crash(db);
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    expect(await rows('SELECT add1(1), add2(1)')).toEqual([[2, 3]]);
  });
});

describe('built-in routine OIDs', () => {
  it('stay below FirstNormalObjectId (16384), out of the range user objects take', async () => {
    await db.query('CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$');
    expect(
      await rows(
        "SELECT count(*), max(oid::int) < 16384 FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace",
      ),
    ).toEqual([[expect.any(BigInt), true]]);
    expect(await rows("SELECT oid::int >= 16384 FROM pg_proc WHERE proname = 'f'")).toEqual([[true]]);
    // A built-in routine found by its OID prints as its name.
    expect(await rows("SELECT (SELECT oid FROM pg_proc WHERE proname = 'now')::regproc::text")).toEqual([
      ['now'],
    ]);
  });
});
