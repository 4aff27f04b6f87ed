/**
 * A function whose body runs DDL, called by a statement of its own (session-call.ts): through
 * the simple and the extended protocol, atomic, STRICT, nested, and what it stays inside a
 * larger query. PostgreSQL 15 gave the same answers (tools/difftest corpus 85 runs them there).
 */
import { SqlRecord } from '@rustydb/common';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { type EmbeddedSession, ResultCollector } from '../embedded-session.js';
import { queryError, useTestDatabases } from '../test-database.js';

const databases = useTestDatabases();
let db: Database;
let s: EmbeddedSession;

const MAKE = `CREATE FUNCTION make(n text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE %I (x int)', n);
  EXECUTE format('INSERT INTO %I VALUES (1), (2)', n);
  RETURN 7;
END $$`;

beforeEach(async () => {
  db = await databases.open();
  s = db.connect();
  await s.query(MAKE);
});

const rows = async (sql: string) => (await s.query(sql)).rows;
const errorOf = (sql: string, withContext = false) => queryError(s, sql, withContext);
const tableCount = async (name: string) =>
  (await rows(`SELECT count(*) FROM pg_class WHERE relname = '${name}'`))[0]![0];

describe('SELECT f(...) of a function that runs DDL', () => {
  it('runs the body through the session: its DDL, then its DML on what it made, and its result', async () => {
    const r = await s.query("SELECT make('one') AS made");
    expect(r.fields.map((f) => [f.name, f.type.name])).toEqual([['made', 'int4']]);
    expect(r.rows).toEqual([[7]]);
    expect(await rows('SELECT x FROM one ORDER BY x')).toEqual([[1], [2]]);
    // The statement cache's parameterized plan of the same shape takes the same path.
    expect(await rows("SELECT make('two')")).toEqual([[7]]);
    expect(await errorOf("SELECT make('one')", true)).toBe(
      '42P07 relation "one" already exists | SQL statement "CREATE TABLE one (x int)"\nPL/pgSQL function make(text) line 3 at EXECUTE',
    );
  });

  it('runs through the extended protocol, a row limit included', async () => {
    const session = s.session;
    session.prepare('mk', 'SELECT make($1)', []);
    expect(session.describeStatement('mk').fields?.map((f) => f.type.name)).toEqual(['int4']);
    session.bind('', 'mk', ['ext'], []);
    const out = new ResultCollector();
    expect(await session.execute('', 1, out)).toBe(false);
    expect(out.result?.rows).toEqual([[7]]);
    expect(await rows('SELECT count(*) FROM ext')).toEqual([[2n]]);
  });

  it('takes SQL bodies with utility statements: the last statement gives the result', async () => {
    await s.query(
      'CREATE FUNCTION sq(n int) RETURNS int LANGUAGE sql AS $$ CREATE TABLE sq_t (x int); SELECT n + 1 $$',
    );
    expect(await rows('SELECT sq(1)')).toEqual([[2]]);
    expect(await errorOf('SELECT sq(1)', true)).toBe(
      '42P07 relation "sq_t" already exists | SQL function "sq" statement 1',
    );
    await s.query(
      "CREATE FUNCTION sq_out(OUT a int, OUT b text) LANGUAGE sql AS $$ CREATE TABLE sq_out_t (x int); SELECT 1, 'x' $$",
    );
    expect((await rows('SELECT sq_out()'))[0]![0]).toEqual(new SqlRecord([1, 'x']));
    await s.query('CREATE FUNCTION sq_void() RETURNS void LANGUAGE sql AS $$ DROP TABLE sq_t $$');
    expect(await rows('SELECT sq_void()')).toEqual([[null]]);
    expect(await tableCount('sq_t')).toBe(0n);
  });

  it('is atomic: COMMIT inside is 2D000, and a ROLLBACK undoes its DDL', async () => {
    await s.query(
      'CREATE FUNCTION tc() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE never (x int); COMMIT; END $$',
    );
    expect(await errorOf('SELECT tc()')).toBe('2D000 invalid transaction termination');
    expect(await tableCount('never')).toBe(0n);
    await s.query('BEGIN');
    await s.query("SELECT make('rolled')");
    expect(await rows('SELECT count(*) FROM rolled')).toEqual([[2n]]);
    await s.query('ROLLBACK');
    expect(await tableCount('rolled')).toBe(0n);
  });

  it('returns NULL without running a STRICT body given a NULL', async () => {
    await s.query(
      "CREATE FUNCTION st(n text) RETURNS int STRICT LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE TABLE st_t (x int)'; RETURN 1; END $$",
    );
    expect(await rows('SELECT st(NULL)')).toEqual([[null]]);
    expect(await tableCount('st_t')).toBe(0n);
  });

  it('catches a DDL error in an EXCEPTION block, and CALLs a procedure whose body is DDL', async () => {
    await s.query(`CREATE FUNCTION en() RETURNS text LANGUAGE plpgsql AS $$
      BEGIN
        BEGIN CREATE TYPE mood AS ENUM ('sad', 'ok');
        EXCEPTION WHEN duplicate_object THEN RETURN 'exists';
        END;
        RETURN 'created';
      END $$`);
    expect(await rows('SELECT en()')).toEqual([['created']]);
    expect(await rows('SELECT en()')).toEqual([['exists']]);
    await s.query('CREATE PROCEDURE mkp() LANGUAGE sql AS $$ CREATE TABLE via_proc (x int) $$');
    await s.query(
      'CREATE FUNCTION calls() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CALL mkp(); RETURN 1; END $$',
    );
    expect(await rows('SELECT calls()')).toEqual([[1]]);
    expect(await tableCount('via_proc')).toBe(1n);
  });

  it('nests through EXECUTE and PERFORM up to the call depth limit', async () => {
    await s.query("DO $$ BEGIN PERFORM make('from_do'); END $$");
    expect(await rows('SELECT count(*) FROM from_do')).toEqual([[2n]]);
    await s.query(
      "CREATE FUNCTION deep(n int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE r int; BEGIN EXECUTE 'SELECT deep($1)' INTO r USING n + 1; RETURN r; END $$",
    );
    expect(await errorOf('SELECT deep(1)')).toBe('54001 stack depth limit exceeded');
  });

  it('stays 0A000 inside a larger query, where the body runs inside an expression', async () => {
    // (format's %I quotes a keyword of any category, as quote_ident does: "inner".)
    expect(await errorOf("SELECT 1 + make('inner')", true)).toBe(
      '0A000 only queries and INSERT / UPDATE / DELETE can run inside a function | SQL statement "CREATE TABLE "inner" (x int)"\nPL/pgSQL function make(text) line 3 at EXECUTE',
    );
    expect(await tableCount('inner')).toBe(0n);
    // A body that only queries runs inside a query as before.
    await s.query(
      "CREATE FUNCTION cnt(t text) RETURNS bigint LANGUAGE plpgsql AS $$ DECLARE n bigint; BEGIN EXECUTE 'SELECT count(*) FROM ' || quote_ident(t) INTO n; RETURN n; END $$",
    );
    await s.query("SELECT make('counted')");
    expect(await rows("SELECT cnt(relname) FROM pg_class WHERE relname = 'counted'")).toEqual([[2n]]);
  });
});
