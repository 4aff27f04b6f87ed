-- A function called by a statement of its own (SELECT f(...)) whose body runs DDL: PL/pgSQL's
-- EXECUTE and static DDL, SQL bodies with utility statements, CALL of such a procedure; atomic
-- as a function; STRICT; an EXCEPTION block around DDL; the same function inside a larger query.
CREATE FUNCTION dfc_make(n text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE %I (x int)', n);
  EXECUTE format('INSERT INTO %I VALUES (1), (2)', n);
  RETURN (SELECT 7);
END $$;
SELECT dfc_make('dfc_one');
SELECT x FROM dfc_one ORDER BY x;
SELECT dfc_make('dfc_one');
SELECT dfc_make('dfc_two') AS made;
SELECT count(*) FROM dfc_two;
CREATE FUNCTION dfc_static() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE dfc_static_t (a int PRIMARY KEY, b text);
  INSERT INTO dfc_static_t VALUES (1, 'one');
  CREATE INDEX dfc_static_b ON dfc_static_t (b);
  RETURN 'done';
END $$;
SELECT dfc_static();
SELECT indexname FROM pg_indexes WHERE tablename = 'dfc_static_t' ORDER BY 1;
CREATE FUNCTION dfc_sql(n int) RETURNS int LANGUAGE sql AS $$ CREATE TABLE dfc_sql_t (x int); SELECT n + 1 $$;
SELECT dfc_sql(1);
SELECT dfc_sql(1);
CREATE FUNCTION dfc_sql_void() RETURNS void LANGUAGE sql AS $$ DROP TABLE dfc_sql_t $$;
SELECT dfc_sql_void();
SELECT count(*) FROM pg_class WHERE relname = 'dfc_sql_t';
CREATE FUNCTION dfc_out(OUT a int, OUT b text) LANGUAGE sql AS $$ CREATE TABLE dfc_out_t (x int); SELECT 1, 'x' $$;
SELECT dfc_out();
CREATE FUNCTION dfc_commit() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE dfc_never (x int); COMMIT; END $$;
SELECT dfc_commit();
SELECT count(*) FROM pg_class WHERE relname = 'dfc_never';
BEGIN;
SELECT dfc_make('dfc_rolled');
SELECT count(*) FROM dfc_rolled;
ROLLBACK;
SELECT count(*) FROM pg_class WHERE relname = 'dfc_rolled';
CREATE FUNCTION dfc_strict(n text) RETURNS int STRICT LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE TABLE dfc_strict_t (x int)'; RETURN 1; END $$;
SELECT dfc_strict(NULL);
SELECT count(*) FROM pg_class WHERE relname = 'dfc_strict_t';
CREATE FUNCTION dfc_enum() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    CREATE TYPE dfc_mood AS ENUM ('sad', 'ok');
  EXCEPTION WHEN duplicate_object THEN
    RETURN 'exists';
  END;
  RETURN 'created';
END $$;
SELECT dfc_enum();
SELECT dfc_enum();
SELECT enum_range(NULL::dfc_mood);
CREATE PROCEDURE dfc_proc() LANGUAGE sql AS $$ CREATE TABLE dfc_via_proc (x int) $$;
CREATE FUNCTION dfc_calls() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CALL dfc_proc(); RETURN 1; END $$;
SELECT dfc_calls();
SELECT count(*) FROM pg_class WHERE relname = 'dfc_via_proc';
CREATE FUNCTION dfc_count(t text) RETURNS bigint LANGUAGE plpgsql AS $$ DECLARE n bigint; BEGIN EXECUTE 'SELECT count(*) FROM ' || quote_ident(t) INTO n; RETURN n; END $$;
SELECT dfc_count('dfc_two');
SELECT dfc_count(relname) FROM pg_class WHERE relname = 'dfc_two';
DO $$ BEGIN PERFORM dfc_make('dfc_from_do'); END $$;
SELECT count(*) FROM dfc_from_do;
CREATE FUNCTION dfc_truncate_all() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE tablename IN ('dfc_one', 'dfc_two') ORDER BY 1 LOOP
    EXECUTE 'TRUNCATE ' || quote_ident(t);
  END LOOP;
END $$;
SELECT dfc_truncate_all();
SELECT (SELECT count(*) FROM dfc_one) + (SELECT count(*) FROM dfc_two);
