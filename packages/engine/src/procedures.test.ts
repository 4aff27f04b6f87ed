/**
 * CREATE PROCEDURE and CALL end to end (function-statements.ts, call-statement.ts, the PL/pgSQL
 * interpreter): calls with positional, named and default arguments, OUT and INOUT results,
 * CALL from PL/pgSQL storing them back, the errors PostgreSQL 15 gives (checked against it with
 * psql), transaction control inside procedures and DO blocks, the catalogs, and durability
 * across a restart and a crash.
 */
import type { DbError } from '@rustydb/common';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
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

describe('CALL', () => {
  it('runs a PL/pgSQL procedure with positional, named and default arguments', async () => {
    await s.query('CREATE TABLE t (a int, b text)');
    await s.query(
      "CREATE PROCEDURE ins(x int, y text DEFAULT 'dflt') LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (x, y); END $$",
    );
    const r = await s.query("CALL ins(1, 'one')");
    expect(r.command).toBe('CALL');
    expect(r.fields).toEqual([]);
    await s.query('CALL ins(2)');
    await s.query("CALL ins(y => 'three', x => 3)");
    expect(await rows('SELECT a, b FROM t ORDER BY a')).toEqual([
      [1, 'one'],
      [2, 'dflt'],
      [3, 'three'],
    ]);
  });

  it('returns one row of the OUT and INOUT parameters, an argument given for each', async () => {
    await s.query(
      "CREATE PROCEDURE pio(OUT x int, a int, INOUT y text) LANGUAGE plpgsql AS $$ BEGIN x := a * 2; y := y || 'z'; END $$",
    );
    const r = await s.query("CALL pio(NULL, 5, 'q')");
    expect(r.command).toBe('CALL');
    expect(r.fields.map((f) => [f.name, f.type.name])).toEqual([
      ['x', 'int4'],
      ['y', 'text'],
    ]);
    expect(r.rows).toEqual([[10, 'qz']]);
    expect(await errorOf("CALL pio(5, 'q')")).toBe('42883 procedure pio(integer, unknown) does not exist');
  });

  it('runs a SQL procedure; its OUT parameters come from the last statement', async () => {
    await s.query('CREATE TABLE t (a int)');
    await s.query(
      'CREATE PROCEDURE addone(x int, OUT y int) LANGUAGE sql AS $$ INSERT INTO t VALUES (x); SELECT x + 1 $$',
    );
    expect(await rows('CALL addone(4, NULL)')).toEqual([[5]]);
    expect(await rows('SELECT a FROM t')).toEqual([[4]]);
    await s.query('CREATE PROCEDURE no_row(x int, OUT y int) LANGUAGE sql AS $$ SELECT x WHERE false $$');
    expect(await errorOf('CALL no_row(1, NULL)')).toBe('XX000 procedure returned null record');
  });
});

describe('SQL procedures with utility statements', () => {
  it('run DDL and DML one by one, parameters by name, the last row the OUT values', async () => {
    await s.query(
      'CREATE PROCEDURE mk(a int, OUT b bigint) LANGUAGE sql AS $$ CREATE TABLE made (x int); SELECT a * 2 $$',
    );
    expect(await rows('CALL mk(21, NULL)')).toEqual([[42n]]);
    await s.query(
      'CREATE PROCEDURE fill(a int) LANGUAGE sql AS $$ INSERT INTO made VALUES (a); CREATE INDEX ON made (x); INSERT INTO made VALUES (a + 1) $$',
    );
    await s.query('CALL fill(4)');
    expect(await rows('SELECT x FROM made ORDER BY x')).toEqual([[4], [5]]);
    expect(await rows("SELECT count(*) FROM pg_indexes WHERE tablename = 'made'")).toEqual([[1n]]);
  });

  it('are checked as PostgreSQL checks them, and refuse transaction control when called', async () => {
    expect(
      await errorOf(
        'CREATE PROCEDURE bad(a int) LANGUAGE sql AS $$ CREATE TABLE later (x int); INSERT INTO later VALUES (a) $$',
      ),
    ).toBe('42P01 relation "later" does not exist');
    await s.query('CREATE PROCEDURE tc() LANGUAGE sql AS $$ CREATE TABLE never (x int); COMMIT $$');
    expect(await errorOf('CALL tc()', true)).toBe(
      '0A000 COMMIT is not allowed in an SQL function | SQL function "tc" during startup',
    );
    expect(await rows("SELECT count(*) FROM pg_class WHERE relname = 'never'")).toEqual([[0n]]);
    await s.query('CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CALL tc(); RETURN 1; END $$');
    // A statement that is the function's call runs its body through the session (session-call.ts).
    expect(await errorOf('SELECT f()')).toBe('0A000 COMMIT is not allowed in an SQL function');
    // Inside a larger query the body runs inside the expression, where CALL of such a body cannot.
    expect(await errorOf('SELECT 1 + f()')).toBe(
      '0A000 only queries and INSERT / UPDATE / DELETE can run inside a function',
    );
  });
});

describe('procedures are not functions', () => {
  beforeEach(async () => {
    await s.query('CREATE PROCEDURE p(a int) LANGUAGE plpgsql AS $$ BEGIN END $$');
    await s.query('CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$');
  });

  it("calling a procedure as a function is 42809 with PostgreSQL's hint, in any clause", async () => {
    for (const sql of ['SELECT p(1)', 'SELECT * FROM p(1)', 'SELECT 1 WHERE p(1) IS NULL']) {
      expect(await errorOf(sql)).toBe('42809 p(integer) is a procedure');
    }
    const err = await s.query('SELECT p(1)').catch((e: unknown) => e);
    expect(err).toMatchObject({ fields: { hint: 'To call a procedure, use CALL.', position: 8 } });
  });

  it('CALL of a function or of nothing fails as in PostgreSQL', async () => {
    expect(await errorOf('CALL f(1)')).toBe('42809 f(integer) is not a procedure');
    expect(await errorOf('CALL abs(-1)')).toBe('42809 abs(integer) is not a procedure');
    expect(await errorOf('CALL count(1)')).toBe('42809 count(integer) is not a procedure');
    expect(await errorOf('CALL generate_series(1, 2)')).toBe(
      '42809 generate_series(integer, integer) is not a procedure',
    );
    expect(await errorOf('CALL nope(1)')).toBe('42883 procedure nope(integer) does not exist');
    expect(await errorOf("CALL p('a', 2)")).toBe('42883 procedure p(unknown, integer) does not exist');
    expect(await errorOf('CALL p((SELECT 1))')).toBe('0A000 cannot use subquery in CALL argument');
  });

  it('DROP, ALTER and COMMENT ON name the kind they mean', async () => {
    expect(await errorOf('DROP FUNCTION p(int)')).toBe('42809 p(integer) is not a function');
    expect(await errorOf('DROP FUNCTION p')).toBe('42883 could not find a function named "p"');
    expect(await errorOf('DROP PROCEDURE f(int)')).toBe('42809 f(integer) is not a procedure');
    expect(await errorOf('ALTER FUNCTION p(int) OWNER TO CURRENT_USER')).toBe(
      '42809 p(integer) is not a function',
    );
    expect((await s.query('ALTER PROCEDURE p OWNER TO CURRENT_USER')).command).toBe('ALTER PROCEDURE');
    expect((await s.query("COMMENT ON PROCEDURE p(int) IS 'x'")).command).toBe('COMMENT');
    expect(await rows("SELECT obj_description('p'::regproc, 'pg_proc')")).toEqual([['x']]);
    const skipped = await s.query('DROP PROCEDURE IF EXISTS nope(int)');
    expect(skipped.notices.map((n) => n.message)).toEqual([
      'procedure nope(integer) does not exist, skipping',
    ]);
    expect((await s.query('DROP ROUTINE p, f')).command).toBe('DROP ROUTINE');
    expect(await rows("SELECT count(*) FROM pg_proc WHERE proname IN ('p', 'f')")).toEqual([[0n]]);
  });

  it('CREATE PROCEDURE checks what a procedure cannot have', async () => {
    expect(await errorOf('CREATE PROCEDURE q() LANGUAGE sql STRICT AS $$ SELECT 1 $$')).toBe(
      '42P13 invalid attribute in procedure definition',
    );
    expect(await errorOf('CREATE PROCEDURE q() LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$')).toBe(
      '42601 RETURN cannot have a parameter in a procedure',
    );
    expect(await errorOf('CREATE PROCEDURE q(OUT x int) LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$')).toBe(
      '42804 RETURN cannot have a parameter in function with OUT parameters',
    );
    expect(await errorOf('CREATE OR REPLACE FUNCTION p(a int) RETURNS void LANGUAGE sql AS $$ $$')).toBe(
      '42809 cannot change routine kind',
    );
    expect(await errorOf('CREATE OR REPLACE PROCEDURE f(a int) LANGUAGE sql AS $$ $$')).toBe(
      '42809 cannot change routine kind',
    );
    expect(await errorOf('CREATE PROCEDURE q(a int DEFAULT 1, OUT b int) LANGUAGE sql AS $$ $$')).toBe(
      '42P13 procedure OUT parameters cannot appear after one with a default value',
    );
    expect(await errorOf('CREATE PROCEDURE p(b int) LANGUAGE sql AS $$ $$')).toBe(
      '42723 function "p" already exists with same argument types',
    );
  });
});

describe('CALL in PL/pgSQL', () => {
  beforeEach(async () => {
    await s.query(
      "CREATE PROCEDURE pio(OUT x int, a int, INOUT y text) LANGUAGE plpgsql AS $$ BEGIN x := a * 2; y := y || 'z'; END $$",
    );
  });

  it('stores OUT and INOUT values back into the variables passed', async () => {
    const r = await s.query(
      "DO $$ DECLARE b text := 'v'; x int; BEGIN CALL pio(x, 21, b); CALL pio(x, x, b); RAISE NOTICE '% %', x, b; END $$",
    );
    expect(r.notices.map((n) => n.message)).toEqual(['84 vzz']);
  });

  it('an output argument that is no variable is 42601', async () => {
    expect(await errorOf("DO $$ DECLARE b text := 'v'; BEGIN CALL pio(NULL, 1, b); END $$", true)).toBe(
      '42601 procedure parameter "x" is an output parameter but corresponding argument is not writable | PL/pgSQL function inline_code_block line 1 at CALL',
    );
  });

  it('runs from a procedure and from a function', async () => {
    await s.query(
      "CREATE PROCEDURE outer_p(INOUT n int) LANGUAGE plpgsql AS $$ DECLARE t text := 'a'; BEGIN CALL pio(n, n + 1, t); END $$",
    );
    expect(await rows('CALL outer_p(3)')).toEqual([[8]]);
    await s.query(
      "CREATE FUNCTION fn(k int) RETURNS text LANGUAGE plpgsql AS $$ DECLARE b text := 'f'; x int; BEGIN CALL pio(x, k, b); RETURN x || b; END $$",
    );
    expect(await rows('SELECT fn(4), fn(5)')).toEqual([['8fz', '10fz']]);
  });

  it('nests at most MAX_CALL_DEPTH deep', async () => {
    await s.query('CREATE PROCEDURE deep(n int) LANGUAGE plpgsql AS $$ BEGIN CALL deep(n + 1); END $$');
    expect(await errorOf('CALL deep(1)')).toBe('54001 stack depth limit exceeded');
  });
});

describe('transaction control', () => {
  beforeEach(async () => {
    await s.query('CREATE TABLE log (n int)');
    await s.query(`CREATE PROCEDURE tx(m int) LANGUAGE plpgsql AS $$
      BEGIN
        FOR i IN 1..m LOOP
          INSERT INTO log VALUES (i);
          IF i % 2 = 0 THEN COMMIT; ELSE ROLLBACK; END IF;
        END LOOP;
      END $$`);
  });

  const logged = async () => (await rows('SELECT n FROM log ORDER BY n')).map((r) => r[0]);

  it('COMMIT and ROLLBACK end the transaction and the procedure goes on in the next', async () => {
    await s.query('CALL tx(5)');
    expect(await logged()).toEqual([2, 4]);
    await s.query(
      "CREATE PROCEDURE late() LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES (10); COMMIT AND CHAIN; INSERT INTO log VALUES (11); RAISE EXCEPTION 'late'; END $$",
    );
    expect(await errorOf('CALL late()')).toBe('P0001 late');
    expect(await logged()).toEqual([2, 4, 10]);
  });

  it('a committed row is visible to other sessions while the procedure runs on', async () => {
    const other = db.connect();
    await s.query(
      'CREATE PROCEDURE peek() LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES (1); COMMIT; PERFORM pg_sleep(0.3); END $$',
    );
    const running = s.query('CALL peek()');
    await new Promise((r) => setTimeout(r, 150));
    expect((await other.query('SELECT count(*) FROM log')).rows).toEqual([[1n]]);
    await running;
    await other.close();
  });

  it('a DO block outside a transaction block may commit too', async () => {
    await s.query(
      'DO $$ BEGIN INSERT INTO log VALUES (8); COMMIT; INSERT INTO log VALUES (9); ROLLBACK; END $$',
    );
    expect(await logged()).toEqual([8]);
  });

  it('is 2D000 in a transaction block, a multi-statement message, an EXCEPTION block, a function and SECURITY DEFINER', async () => {
    await s.query('BEGIN');
    expect(await errorOf('CALL tx(2)', true)).toBe(
      '2D000 invalid transaction termination | PL/pgSQL function tx(integer) line 5 at ROLLBACK',
    );
    await s.query('ROLLBACK');
    expect(await errorOf('CALL tx(2); SELECT 1')).toBe('2D000 invalid transaction termination');
    expect(await errorOf('SELECT 1; DO $$ BEGIN COMMIT; END $$')).toBe(
      '2D000 invalid transaction termination',
    );
    expect(
      await errorOf('DO $$ BEGIN BEGIN COMMIT; EXCEPTION WHEN division_by_zero THEN NULL; END; END $$'),
    ).toBe('2D000 cannot commit while a subtransaction is active');
    expect(
      await errorOf('DO $$ BEGIN BEGIN ROLLBACK; EXCEPTION WHEN division_by_zero THEN NULL; END; END $$'),
    ).toBe('2D000 cannot roll back while a subtransaction is active');
    await s.query(
      'CREATE FUNCTION fn() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CALL tx(2); RETURN 1; END $$',
    );
    expect(await errorOf('SELECT fn()')).toBe('2D000 invalid transaction termination');
    await s.query('CREATE PROCEDURE def() LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN CALL tx(2); END $$');
    expect(await errorOf('CALL def()')).toBe('2D000 invalid transaction termination');
    expect(await logged()).toEqual([]);
  });

  it('works through the extended protocol, committed at Sync', async () => {
    const session = s.session;
    session.prepare('c', 'CALL tx($1)', []);
    expect(session.describeStatement('c').paramTypes.map((t) => t.name)).toEqual(['int4']);
    session.bind('', 'c', [4], []);
    const out = new ResultCollector();
    await session.execute('', 0, out);
    await session.sync(false);
    expect(out.result?.command).toBe('CALL');
    expect(await logged()).toEqual([2, 4]);
  });
});

describe('the extended protocol', () => {
  it("describes a CALL's parameters and row, and returns the row", async () => {
    await s.query(
      "CREATE PROCEDURE pio(OUT x int, a int, INOUT y text) LANGUAGE plpgsql AS $$ BEGIN x := a * 2; y := y || 'z'; END $$",
    );
    const session = s.session;
    session.prepare('c', 'CALL pio($1, $2, $3)', []);
    const d = session.describeStatement('c');
    expect(d.paramTypes.map((t) => t.name)).toEqual(['int4', 'int4', 'text']);
    expect(d.fields?.map((f) => [f.name, f.type.name])).toEqual([
      ['x', 'int4'],
      ['y', 'text'],
    ]);
    session.bind('', 'c', [null, 7, 'a'], []);
    const out = new ResultCollector();
    await session.execute('', 0, out);
    await session.sync(false);
    expect(out.result).toMatchObject({ command: 'CALL', rows: [[14, 'az']] });
  });

  it('encodes the row in the formats Bind asked for', async () => {
    await s.query('CREATE PROCEDURE inc(INOUT a int) LANGUAGE plpgsql AS $$ BEGIN a := a + 1; END $$');
    const session = s.session;
    session.prepare('c', 'CALL inc($1)', []);
    session.bind('', 'c', [41], [1]);
    const formats: (number | undefined)[][] = [];
    const out = new (class extends ResultCollector {
      override rowDescription(fields: Parameters<ResultCollector['rowDescription']>[0]): void {
        formats.push(fields.map((f) => f.format));
        super.rowDescription(fields);
      }
    })();
    await session.execute('', 0, out);
    await session.sync(false);
    expect(formats).toEqual([[1]]);
    expect(out.result?.rows).toEqual([[42]]);
  });

  it("types each `$n` by the parameter it fills and refuses one the CALL skips (42P18), as PostgreSQL's Parse", async () => {
    await s.query("CREATE PROCEDURE pz(a int, b text DEFAULT 'x') LANGUAGE sql AS $$ SELECT 1 $$");
    const session = s.session;
    const typesOf = (sql: string) => {
      session.prepare('', sql, []);
      return session.describeStatement('').paramTypes.map((t) => t.name);
    };
    expect(typesOf('CALL pz($2, $1)')).toEqual(['text', 'int4']);
    expect(typesOf('CALL pz(b => $1, a => $2)')).toEqual(['text', 'int4']);
    const refused = (sql: string) => {
      try {
        session.prepare('', sql, []);
      } catch (err) {
        return `${(err as DbError).code} ${(err as DbError).message}`;
      }
      return 'prepared';
    };
    // $1 fills nothing: nothing types it (it used to be a hole, which Describe could not encode).
    expect(refused('CALL pz($2)')).toBe('42P18 could not determine data type of parameter $1');
    expect(refused('CALL pz($1, $3)')).toBe('42P18 could not determine data type of parameter $2');
    // One `$n` filling an int and a text parameter: both were untyped when the call was resolved.
    expect(refused('CALL pz($1, $1)')).toBe('42P08 inconsistent types deduced for parameter $1');
    // Declared in Parse, the skipped one is determined.
    session.prepare('', 'CALL pz($2)', [20]);
    expect(session.describeStatement('').paramTypes.map((t) => t.name)).toEqual(['int8', 'int4']);
  });
});

describe('catalogs', () => {
  it('pg_proc shows kind p, void or record results, and parameters in declared order', async () => {
    await s.query('CREATE PROCEDURE p1(a int DEFAULT 3) LANGUAGE sql AS $$ SELECT 1 $$');
    await s.query('CREATE PROCEDURE p2(OUT x int, a int) LANGUAGE plpgsql AS $$ BEGIN END $$');
    await s.query('CREATE FUNCTION f2(OUT x int, a int) LANGUAGE sql AS $$ SELECT a $$');
    expect(
      await rows(
        "SELECT proname, prokind, prorettype::regtype::text, proargmodes::text, pg_get_function_arguments(oid), pg_get_function_identity_arguments(oid), pg_get_function_result(oid) FROM pg_proc WHERE proname IN ('p1', 'p2', 'f2') ORDER BY 1",
      ),
    ).toEqual([
      ['f2', 'f', 'integer', '{o,i}', 'OUT x integer, a integer', 'OUT x integer, a integer', 'integer'],
      ['p1', 'p', 'void', null, 'IN a integer DEFAULT 3', 'IN a integer', null],
      ['p2', 'p', 'record', '{o,i}', 'OUT x integer, IN a integer', 'OUT x integer, IN a integer', null],
    ]);
    expect(
      await rows(
        "SELECT routine_name, routine_type, data_type FROM information_schema.routines WHERE routine_name IN ('p1', 'f2') ORDER BY 1",
      ),
    ).toEqual([
      ['f2', 'FUNCTION', 'integer'],
      ['p1', 'PROCEDURE', null],
    ]);
  });
});

describe('check_function_bodies', () => {
  it("off lets a body use a table created later, as pg_dump's scripts need", async () => {
    await s.query('SET check_function_bodies = off');
    await s.query('CREATE PROCEDURE later_p(a int) LANGUAGE sql AS $$ INSERT INTO later VALUES (a) $$');
    expect(await errorOf('CALL later_p(1)')).toBe('42P01 relation "later" does not exist');
    await s.query('CREATE TABLE later (a int)');
    await s.query('CALL later_p(1)');
    expect(await rows('SELECT a FROM later')).toEqual([[1]]);
    await s.query('RESET check_function_bodies');
    expect(await errorOf('CREATE PROCEDURE later_q() LANGUAGE sql AS $$ SELECT * FROM nowhere $$')).toBe(
      '42P01 relation "nowhere" does not exist',
    );
  });
});

describe('durability', () => {
  it('a procedure survives a restart and a crash', async () => {
    await s.query('CREATE TABLE t (a int)');
    await s.query('CREATE PROCEDURE ins(x int) LANGUAGE sql AS $$ INSERT INTO t VALUES (x) $$');
    await db.close();
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    await s.query('CALL ins(1)');
    await s.query(
      'CREATE PROCEDURE ins2(INOUT x int) LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (x); COMMIT; x := x + 1; END $$',
    );
    crash(db);
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    expect(await rows('CALL ins2(2)')).toEqual([[3]]);
    expect(await rows('SELECT a FROM t ORDER BY a')).toEqual([[1], [2]]);
    expect(await rows("SELECT prokind FROM pg_proc WHERE proname = 'ins2'")).toEqual([['p']]);
  });
});
