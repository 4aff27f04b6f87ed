/**
 * DO blocks end to end (PL/pgSQL in engine/src/plpgsql): each feature, the migration patterns
 * that generators emit verbatim, and the errors, as PostgreSQL 15 answers them (checked against
 * it with psql).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { queryError, useTestDatabases } from './test-database.js';

const databases = useTestDatabases();
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  db = await databases.open();
  s = db.connect();
});

/** The messages of the NOTICEs a DO sent. */
const notices = async (sql: string): Promise<string[]> => (await s.query(sql)).notices.map((n) => n.message);

/** `code message` of the error `sql` fails with (its CONTEXT too when asked). */
const errorOf = (sql: string, withContext = false) => queryError(s, sql, withContext);

const values = async (sql: string) => (await s.query(sql)).rows;

describe('DO', () => {
  it('runs a block and answers DO; LANGUAGE plpgsql in either place; other languages are 42704', async () => {
    expect((await s.query(`DO $$ BEGIN NULL; END $$`)).command).toBe('DO');
    expect((await s.query(`DO LANGUAGE plpgsql $$ BEGIN NULL; END $$`)).command).toBe('DO');
    expect((await s.query(`DO 'BEGIN NULL; END' LANGUAGE plpgsql`)).command).toBe('DO');
    expect(await errorOf(`DO LANGUAGE plperl $$ BEGIN END $$`)).toBe(
      '42704 language "plperl" does not exist',
    );
  });

  it('runs the drizzle-kit patterns verbatim: a duplicate type or constraint is caught', async () => {
    const createType = `DO $$ BEGIN
 CREATE TYPE "public"."mood" AS ENUM('a', 'b');
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`;
    await s.query(createType);
    await s.query(createType);
    expect(await values(`SELECT enum_range(NULL::mood)::text`)).toEqual([['{a,b}']]);
    await s.query('CREATE TABLE "users" ("id" integer PRIMARY KEY)');
    await s.query('CREATE TABLE "posts" ("id" integer PRIMARY KEY, "author_id" integer)');
    const addFk = `DO $$ BEGIN
 ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`;
    await s.query(addFk);
    await s.query(addFk);
    expect(await errorOf(`INSERT INTO posts VALUES (1, 7)`)).toMatch(/^23503 /);
  });

  it('runs IF NOT EXISTS over the catalog (the hand-written migration pattern)', async () => {
    const sql = `DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status') THEN
    CREATE TYPE status AS ENUM ('on', 'off');
    RAISE NOTICE 'created';
  ELSE
    RAISE NOTICE 'exists';
  END IF;
END $$;`;
    expect(await notices(sql)).toEqual(['created']);
    expect(await notices(sql)).toEqual(['exists']);
  });

  it('loops over catalog rows with EXECUTE format()', async () => {
    await s.query('CREATE TABLE a1 (x int)');
    await s.query('CREATE TABLE a2 (x int)');
    await s.query(`DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename LOOP
    EXECUTE format('INSERT INTO %I VALUES (%s)', r.tablename, length(r.tablename));
    EXECUTE format('ALTER TABLE %I ADD COLUMN y text', r.tablename);
  END LOOP;
END $$`);
    expect(await values('SELECT x, y FROM a1 UNION ALL SELECT x, y FROM a2')).toEqual([
      [2, null],
      [2, null],
    ]);
  });
});

describe('PL/pgSQL statements', () => {
  it('declares variables with defaults, constants, NOT NULL, and shadows them in nested blocks', async () => {
    expect(
      await notices(`DO $$
<<o>>
DECLARE
  a int := 1;
  b CONSTANT text = 'b';
  c numeric(5,2) DEFAULT 1.234;
  d int;
  e int NOT NULL := a + 1;
BEGIN
  DECLARE a int := 10;
  BEGIN
    RAISE NOTICE 'inner % outer % b % c % d % e %', a, o.a, b, c, d, e;
  END;
  RAISE NOTICE 'after %', a;
END o $$`),
    ).toEqual(['inner 10 outer 1 b b c 1.23 d <NULL> e 2', 'after 1']);
    expect(await errorOf(`DO $$ DECLARE x int NOT NULL := 1; BEGIN x := NULL; END $$`, true)).toBe(
      '22004 null value cannot be assigned to variable "x" declared NOT NULL | PL/pgSQL function inline_code_block line 1 at assignment',
    );
    expect(await errorOf(`DO $$ DECLARE c CONSTANT int := 1; BEGIN c := 2; END $$`)).toBe(
      '22005 variable "c" is declared CONSTANT',
    );
  });

  it('runs IF / ELSIF / ELSE and both forms of CASE', async () => {
    expect(
      await notices(`DO $$ DECLARE x int := 2; BEGIN
  IF x = 1 THEN RAISE NOTICE 'one'; ELSIF x = 2 THEN RAISE NOTICE 'two'; ELSE RAISE NOTICE 'many'; END IF;
  CASE x WHEN 1, 3 THEN RAISE NOTICE 'odd'; WHEN 2, 4 THEN RAISE NOTICE 'even'; END CASE;
  CASE WHEN x > 5 THEN RAISE NOTICE 'big'; ELSE RAISE NOTICE 'small'; END CASE;
END $$`),
    ).toEqual(['two', 'even', 'small']);
    expect(await errorOf(`DO $$ DECLARE x int := 1; BEGIN CASE x WHEN 2 THEN NULL; END CASE; END $$`)).toBe(
      '20000 case not found',
    );
  });

  it('runs LOOP, WHILE, FOR over integers (REVERSE, BY), EXIT / CONTINUE with labels', async () => {
    expect(
      await notices(`DO $$ DECLARE n int := 0; s text := ''; BEGIN
  LOOP n := n + 1; CONTINUE WHEN n = 2; s := s || n; EXIT WHEN n >= 4; END LOOP;
  WHILE n > 0 LOOP n := n - 1; END LOOP;
  FOR i IN REVERSE 10..1 BY 3 LOOP s := s || ',' || i; END LOOP;
  <<o>> FOR i IN 1..3 LOOP FOR j IN 1..3 LOOP CONTINUE o WHEN j = 2; s := s || ' ' || i || j; END LOOP; END LOOP;
  <<b>> BEGIN EXIT b; s := 'not reached'; END;
  RAISE NOTICE '% %', s, n;
END $$`),
    ).toEqual(['134,10,7,4,1 11 21 31 0']);
    expect(await errorOf(`DO $$ BEGIN EXIT; END $$`)).toBe(
      '42601 EXIT cannot be used outside a loop, unless it has a label',
    );
  });

  it('runs FOR over a query, FOR over EXECUTE … USING, FOREACH over an array, and sets FOUND', async () => {
    await s.query('CREATE TABLE t (a int, b text)');
    await s.query(`INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')`);
    expect(
      await notices(`DO $$ DECLARE r record; total int := 0; x int; BEGIN
  FOR r IN SELECT a, b FROM t ORDER BY a LOOP total := total + r.a; END LOOP;
  RAISE NOTICE 'total % found %', total, FOUND;
  FOR r IN EXECUTE 'SELECT b FROM t WHERE a > $1 ORDER BY a' USING 1 LOOP RAISE NOTICE '%', r.b; END LOOP;
  FOREACH x IN ARRAY ARRAY[5, 6] LOOP total := total + x; END LOOP;
  FOR r IN SELECT a FROM t WHERE false LOOP END LOOP;
  RAISE NOTICE 'total % found %', total, FOUND;
END $$`),
    ).toEqual(['total 6 found true', 'y', 'z', 'total 17 found false']);
  });

  it('SELECT / DML INTO [STRICT], PERFORM, GET DIAGNOSTICS ROW_COUNT, FOUND', async () => {
    await s.query('CREATE TABLE t (a int, b text)');
    expect(
      await notices(`DO $$ DECLARE n bigint; v text; x int; BEGIN
  INSERT INTO t VALUES (1, 'one') RETURNING b INTO v;
  INSERT INTO t SELECT g, 'g' || g FROM generate_series(2, 4) g;
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE 'returned % inserted % found %', v, n, FOUND;
  SELECT a, b INTO x, v FROM t WHERE a = 3;
  RAISE NOTICE 'x % v %', x, v;
  SELECT a INTO x FROM t WHERE a = 99;
  RAISE NOTICE 'x % found %', x, FOUND;
  UPDATE t SET b = upper(b) WHERE a > x OR x IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM 1 FROM t WHERE a = 42;
  RAISE NOTICE 'updated % found %', n, FOUND;
END $$`),
    ).toEqual([
      'returned one inserted 3 found true',
      'x 3 v g3',
      'x <NULL> found false',
      'updated 4 found false',
    ]);
    expect(await errorOf(`DO $$ DECLARE x int; BEGIN SELECT a INTO STRICT x FROM t; END $$`, true)).toBe(
      'P0003 query returned more than one row | PL/pgSQL function inline_code_block line 1 at SQL statement',
    );
    expect(
      await errorOf(`DO $$ DECLARE x int; BEGIN SELECT a INTO STRICT x FROM t WHERE false; END $$`),
    ).toBe('P0002 query returned no rows');
    expect(await errorOf(`DO $$ DECLARE x int; BEGIN DELETE FROM t RETURNING a INTO x; END $$`)).toBe(
      'P0003 query returned more than one row',
    );
    expect(await errorOf(`DO $$ BEGIN SELECT 1; END $$`)).toBe(
      '42601 query has no destination for result data',
    );
  });

  it('plans a statement of a loop once, again after DDL, and refuses a record field whose type changed', async () => {
    await s.query('CREATE TABLE t (a int)');
    await s.query('CREATE TABLE log (a int, b text)');
    await s.query('INSERT INTO t VALUES (1)');
    expect(
      await notices(`DO $$ DECLARE q record; s text; BEGIN
  FOR i IN 1..2 LOOP
    INSERT INTO log SELECT * FROM t;
    IF i = 1 THEN ALTER TABLE t ADD COLUMN b text DEFAULT 'x'; END IF;
  END LOOP;
END $$`),
    ).toEqual([]);
    expect(await values('SELECT a, b FROM log ORDER BY b')).toEqual([
      [1, 'x'],
      [1, null],
    ]);
    expect(
      await errorOf(`DO $$ DECLARE q record; s text; BEGIN
  FOR i IN 1..2 LOOP
    IF i = 1 THEN SELECT 1 AS v INTO q; ELSE SELECT 'a'::text AS v INTO q; END IF;
    SELECT q.v || 'b' INTO s;
  END LOOP;
END $$`),
    ).toBe('42804 type of parameter 1 (text) does not match that when preparing the plan (integer)');
  });

  it('passes variables to SQL as parameters of their declared types', async () => {
    await s.query('CREATE TABLE t (id int, name text, at date)');
    await s.query(`DO $$ DECLARE id_ int := 7; nm varchar(3) := 'abcdef'; d date := '2024-02-29'; BEGIN
  INSERT INTO t VALUES (id_, nm, d + 1);
END $$`);
    expect(await values('SELECT id, name, at::text FROM t')).toEqual([[7, 'abc', '2024-03-01']]);
  });
});

describe('variables and columns', () => {
  it('a variable named as a column in scope is 42702 (variable_conflict = error); elsewhere it is the variable', async () => {
    await s.query('CREATE TABLE c1 (id int, v text)');
    expect(
      await errorOf(
        `DO $$ DECLARE id int := 1; n int; BEGIN SELECT count(*) INTO n FROM c1 WHERE id = 1; END $$`,
      ),
    ).toBe('42702 column reference "id" is ambiguous');
    expect(
      await errorOf(`DO $$ DECLARE id int := 1; BEGIN UPDATE c1 SET v = 'y' WHERE c1.id = id; END $$`),
    ).toBe('42702 column reference "id" is ambiguous');
    await s.query(`DO $$ DECLARE v int := 7; BEGIN INSERT INTO c1 (id, v) VALUES (v, 'x'); END $$`);
    expect(await values('SELECT id, v FROM c1')).toEqual([[7, 'x']]);
  });
});

describe('exceptions', () => {
  it('rolls back what the block did, keeps variables, and sets SQLSTATE / SQLERRM', async () => {
    await s.query('CREATE TABLE t (a int PRIMARY KEY)');
    expect(
      await notices(`DO $$ DECLARE n int := 0; BEGIN
  INSERT INTO t VALUES (1);
  BEGIN
    INSERT INTO t VALUES (2);
    n := 5;
    INSERT INTO t VALUES (1);
  EXCEPTION
    WHEN foreign_key_violation OR not_null_violation THEN RAISE NOTICE 'wrong handler';
    WHEN unique_violation THEN RAISE NOTICE 'caught % % n=%', SQLSTATE, SQLERRM, n;
  END;
END $$`),
    ).toEqual(['caught 23505 duplicate key value violates unique constraint "t_pkey" n=5']);
    expect(await values('SELECT a FROM t')).toEqual([[1]]);
  });

  it('matches class conditions, SQLSTATE codes and OTHERS; GET STACKED DIAGNOSTICS; bare RAISE re-raises', async () => {
    expect(
      await notices(`DO $$ DECLARE st text; msg text; det text; hnt text; BEGIN
  BEGIN PERFORM 1 / 0; EXCEPTION WHEN data_exception THEN RAISE NOTICE 'class %', SQLSTATE; END;
  BEGIN RAISE EXCEPTION 'mine' USING ERRCODE = '22P02'; EXCEPTION WHEN SQLSTATE '22P02' THEN RAISE NOTICE 'code'; END;
  BEGIN RAISE 'x' USING DETAIL = 'the detail', HINT = 'the hint';
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    RAISE NOTICE '% % % %', st, msg, det, hnt;
  END;
END $$`),
    ).toEqual(['class 22012', 'code', 'P0001 x the detail the hint']);
    expect(
      await errorOf(
        `DO $$ BEGIN BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero THEN RAISE; END; END $$`,
      ),
    ).toBe('22012 division by zero');
    expect(await errorOf(`DO $$ BEGIN RAISE; END $$`)).toBe(
      '0Z002 RAISE without parameters cannot be used outside an exception handler',
    );
    expect(await errorOf(`DO $$ BEGIN NULL; EXCEPTION WHEN nosuch THEN NULL; END $$`)).toBe(
      '42704 unrecognized exception condition "nosuch"',
    );
  });

  it('OTHERS does not catch an assertion failure', async () => {
    expect(await errorOf(`DO $$ BEGIN ASSERT 1 = 2, 'nope'; EXCEPTION WHEN OTHERS THEN NULL; END $$`)).toBe(
      'P0004 nope',
    );
    expect(await errorOf(`DO $$ BEGIN ASSERT false; END $$`)).toBe('P0004 assertion failed');
  });

  it('an EXCEPTION block inside an explicit transaction rolls back to its start only', async () => {
    await s.query('CREATE TABLE t (a int)');
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (1)');
    await s.query(
      `DO $$ BEGIN INSERT INTO t VALUES (2); PERFORM 1/0; EXCEPTION WHEN OTHERS THEN INSERT INTO t VALUES (3); END $$`,
    );
    await s.query(`DO $$ BEGIN INSERT INTO t VALUES (4); END $$`);
    expect(await values('SELECT a FROM t ORDER BY a')).toEqual([[1], [3], [4]]);
    expect(await errorOf(`DO $$ BEGIN INSERT INTO t VALUES (5); PERFORM 1/0; END $$`)).toBe(
      '22012 division by zero',
    );
    expect(s.transactionStatus()).toBe('E');
    await s.query('ROLLBACK');
    expect(await values('SELECT count(*) FROM t')).toEqual([[0n]]);
  });
});

describe('RAISE', () => {
  it('sends NOTICE / WARNING / INFO with their SQLSTATEs; DEBUG and LOG stay below client_min_messages', async () => {
    const r = await s.query(`DO $$ BEGIN
  RAISE NOTICE 'n % %%', 1; RAISE WARNING 'w'; RAISE INFO 'i'; RAISE DEBUG 'd'; RAISE LOG 'l';
END $$`);
    expect(r.notices.map((n) => [n.code, n.severity, n.message])).toEqual([
      ['00000', 'NOTICE', 'n 1 %'],
      ['01000', 'WARNING', 'w'],
      ['00000', 'INFO', 'i'],
    ]);
    expect(r.notices[0]!.fields.where).toBe('PL/pgSQL function inline_code_block line 2 at RAISE');
  });

  it('raises EXCEPTION with P0001, conditions, SQLSTATE and USING options', async () => {
    expect(await errorOf(`DO $$ BEGIN RAISE 'boom % %', 1, NULL; END $$`, true)).toBe(
      'P0001 boom 1 <NULL> | PL/pgSQL function inline_code_block line 1 at RAISE',
    );
    expect(await errorOf(`DO $$ BEGIN RAISE division_by_zero; END $$`)).toBe('22012 division_by_zero');
    expect(await errorOf(`DO $$ BEGIN RAISE SQLSTATE '22012'; END $$`)).toBe('22012 22012');
    expect(
      await errorOf(`DO $$ BEGIN RAISE EXCEPTION USING MESSAGE = 'm', ERRCODE = 'unique_violation'; END $$`),
    ).toBe('23505 m');
    expect(await errorOf(`DO $$ BEGIN RAISE NOTICE 'a %'; END $$`)).toBe(
      '42601 too few parameters specified for RAISE',
    );
  });
});

describe('errors', () => {
  it('names the SQL statement and the line in CONTEXT', async () => {
    expect(await errorOf(`DO $$\nBEGIN\n  PERFORM 1/0;\nEND $$`, true)).toBe(
      '22012 division by zero | SQL statement "SELECT 1/0"\nPL/pgSQL function inline_code_block line 3 at PERFORM',
    );
    expect(await errorOf(`DO $$ DECLARE r record; BEGIN RAISE NOTICE '%', r.x; END $$`, true)).toBe(
      '55000 record "r" is not assigned yet | SQL expression "r.x"\nPL/pgSQL function inline_code_block line 1 at RAISE',
    );
  });

  it('reports syntax errors as 42601 and unsupported constructs as 0A000', async () => {
    expect(await errorOf(`DO $$ BEGIN WHEN; END $$`)).toBe('42601 syntax error at or near "WHEN"');
    expect(await errorOf(`DO $$ BEGIN foo; END $$`)).toBe('42601 syntax error at or near "foo"');
    expect(await errorOf(`DO $$ BEGIN RETURN 1; END $$`)).toBe(
      '42804 RETURN cannot have a parameter in function returning void',
    );
    expect(await errorOf(`DO $$ BEGIN RETURN NEXT; END $$`)).toBe(
      '42804 cannot use RETURN NEXT in a non-SETOF function',
    );
    // COMMIT parses (procedures.test.ts runs it); a misspelt chain clause does not.
    expect(await errorOf(`DO $$ BEGIN COMMIT AND CHAINS; END $$`)).toMatch(/^42601 /);
    expect(await errorOf(`DO $$ DECLARE c CURSOR FOR SELECT 1; BEGIN END $$`)).toMatch(/^0A000 /);
  });

  it('stops a long loop on statement_timeout', async () => {
    await s.query(`SET statement_timeout = '200ms'`);
    expect(await errorOf(`DO $$ BEGIN LOOP END LOOP; END $$`)).toBe(
      '57014 canceling statement due to statement timeout',
    );
  });
});
