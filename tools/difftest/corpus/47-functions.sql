-- CREATE FUNCTION: SQL functions with named and positional parameters, defaults
CREATE FUNCTION fn_add(a integer, b integer DEFAULT 10) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + $2 $$;
SELECT fn_add(1, 2), fn_add(5), fn_add('7');
CREATE TABLE fn_t (id int PRIMARY KEY, name text, qty int);
INSERT INTO fn_t VALUES (1, 'apple', 3), (2, 'pear', 5), (3, 'fig', NULL);
SELECT id, fn_add(id), fn_add(id, qty) FROM fn_t ORDER BY id;
SELECT id FROM fn_t WHERE fn_add(id) > 11 ORDER BY fn_add(id) DESC;
UPDATE fn_t SET qty = fn_add(qty, 1) WHERE id = 1;
INSERT INTO fn_t VALUES (fn_add(1, 3), 'kiwi', fn_add(0));
SELECT * FROM fn_t ORDER BY id;
-- options in any order, a quoted body, the last statement's first row, NULL without one
CREATE OR REPLACE FUNCTION fn_name(k int) RETURNS text AS 'SELECT name FROM fn_t WHERE id = k ORDER BY id' STABLE LANGUAGE sql;
SELECT fn_name(2), fn_name(99);
CREATE FUNCTION fn_total() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 1; SELECT sum(qty) FROM fn_t $$;
SELECT fn_total();
-- a column wins over a parameter of the same name; the function name qualifies the parameter
CREATE FUNCTION fn_count(id int) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM fn_t WHERE id = id $$;
CREATE FUNCTION fn_count_eq(id int) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM fn_t WHERE fn_t.id = fn_count_eq.id $$;
SELECT fn_count(1), fn_count_eq(1);
-- the result converts to the declared type by an assignment cast
CREATE FUNCTION fn_big() RETURNS bigint LANGUAGE sql AS $$ SELECT 42 $$;
SELECT fn_big(), pg_typeof(fn_big());
CREATE FUNCTION fn_vc() RETURNS varchar LANGUAGE sql AS $$ SELECT 'abc' $$;
SELECT fn_vc(), pg_typeof(fn_vc());
-- STRICT: NULL in, NULL out without running the body
CREATE FUNCTION fn_div(a int, b int) RETURNS int LANGUAGE sql STRICT AS $$ SELECT a / b $$;
SELECT fn_div(6, 3), fn_div(NULL, 0), fn_div(1, NULL);
SELECT fn_div(1, 0);
CREATE FUNCTION fn_div2(a int, b int) RETURNS int LANGUAGE sql CALLED ON NULL INPUT AS $$ SELECT coalesce(a, 0) + coalesce(b, 0) $$;
SELECT fn_div2(NULL, NULL);
-- void functions
CREATE FUNCTION fn_touch(k int) RETURNS void LANGUAGE sql AS $$ UPDATE fn_t SET qty = 0 WHERE id = k $$;
SELECT fn_touch(2);
SELECT qty FROM fn_t WHERE id = 2;
-- PL/pgSQL: parameters as variables, RETURN, loops, recursion
CREATE FUNCTION fn_fact(n int) RETURNS numeric LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  acc numeric := 1;
BEGIN
  FOR i IN 2..n LOOP
    acc := acc * i;
  END LOOP;
  RETURN acc;
END
$$;
SELECT fn_fact(0), fn_fact(5), fn_fact(25);
CREATE FUNCTION fn_fib(n int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF n < 2 THEN
    RETURN n;
  END IF;
  RETURN fn_fib(n - 1) + fn_fib(n - 2);
END
$$;
SELECT fn_fib(15);
CREATE FUNCTION fn_label(k int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT name, qty INTO r FROM fn_t WHERE id = k;
  IF NOT FOUND THEN
    RETURN 'none';
  END IF;
  RETURN r.name || ':' || coalesce(r.qty::text, '-');
END
$$;
SELECT id, fn_label(id) FROM fn_t ORDER BY id;
SELECT fn_label(100);
-- PL/pgSQL: an EXCEPTION block catches the error and undoes the block's writes
CREATE TABLE fn_u (k int PRIMARY KEY);
CREATE FUNCTION fn_put(k int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fn_u VALUES (k);
  RETURN 'inserted';
EXCEPTION WHEN unique_violation THEN
  RETURN 'exists';
END
$$;
SELECT fn_put(1);
SELECT fn_put(1);
SELECT k FROM fn_u ORDER BY k;
-- PL/pgSQL: errors when run
CREATE FUNCTION fn_noret(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN IF n > 0 THEN RETURN n; END IF; END $$;
SELECT fn_noret(1);
SELECT fn_noret(0);
CREATE FUNCTION fn_commit() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$;
SELECT fn_commit();
CREATE FUNCTION fn_raise(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'bad value %', n USING ERRCODE = '22023'; END $$;
SELECT fn_raise(3);
-- PL/pgSQL: errors when created
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 END $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN; END $$;
CREATE FUNCTION fn_bad() RETURNS void LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
-- SQL bodies are checked when created
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql AS $$ SELECT x FROM fn_nope $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql AS $$ SELECT 'a'::text $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql AS $$ DELETE FROM fn_u WHERE false $$;
CREATE FUNCTION fn_bad() RETURNS trigger LANGUAGE sql AS $$ SELECT 1 $$;
-- definition errors
CREATE FUNCTION fn_bad() RETURNS int AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE perl AS $$ 1 $$;
CREATE FUNCTION fn_bad() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad(a int, a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad(a int DEFAULT 1, b int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql STRICT STRICT AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad() RETURNS int LANGUAGE sql IMMUTABLE VOLATILE AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad() RETURNS no_such_type LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION fn_bad(x no_such_type) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
SELECT count(*) FROM pg_proc WHERE proname = 'fn_bad';
-- duplicates and OR REPLACE
CREATE FUNCTION fn_add(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT 0 $$;
CREATE OR REPLACE FUNCTION fn_add(a integer, b integer) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
CREATE OR REPLACE FUNCTION fn_add(x integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT 0 $$;
CREATE OR REPLACE FUNCTION fn_add(a integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT 0 $$;
CREATE OR REPLACE FUNCTION fn_add(a integer, b integer DEFAULT 20) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a * b $$;
SELECT fn_add(2), fn_add(2, 3);
-- overloading: exact matches, implicit casts, unknown literals, ambiguity
CREATE FUNCTION fn_kind(x int) RETURNS text LANGUAGE sql AS $$ SELECT 'int' $$;
CREATE FUNCTION fn_kind(x text) RETURNS text LANGUAGE sql AS $$ SELECT 'text' $$;
CREATE FUNCTION fn_kind(x numeric) RETURNS text LANGUAGE sql AS $$ SELECT 'numeric' $$;
SELECT fn_kind(1), fn_kind('a'), fn_kind(1.5), fn_kind(3::bigint), fn_kind('x'::varchar);
SELECT fn_kind(2::smallint);
SELECT fn_kind(true);
CREATE FUNCTION fn_two(a int, b text) RETURNS text LANGUAGE sql AS $$ SELECT 'int,text' $$;
CREATE FUNCTION fn_two(a text, b int) RETURNS text LANGUAGE sql AS $$ SELECT 'text,int' $$;
SELECT fn_two(1, 'x'), fn_two('x', 1);
SELECT fn_two('1', '2');
SELECT fn_two(1, 2);
SELECT fn_nope(1);
SELECT fn_add(1, 2, 3);
-- named notation: parameters by name, the rest from their defaults
CREATE FUNCTION fn_named(a int, b text DEFAULT 'x', c int DEFAULT 3) RETURNS text LANGUAGE sql AS $$ SELECT a || b || c $$;
SELECT fn_named(1, c => 9), fn_named(a => 2), fn_named(b => 'y', a => 3), fn_named(c => 0, a => 4, b => 'z');
SELECT fn_named(1, a => 2);
SELECT fn_named(b => 'q');
SELECT fn_named(zz => 1);
-- trigger functions are stored but cannot be called
CREATE FUNCTION fn_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := 0; RETURN NEW; END $$;
SELECT fn_trg();
CREATE FUNCTION fn_trg2(x int) RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
-- the catalog: pg_proc, pg_language, psql's \df, \df+ (the owner compared with current_user: the
-- servers' users differ) and \sf
SELECT proname, prokind, provolatile, proisstrict, proretset, prorettype::regtype, pronargs, pronargdefaults, proargtypes::text, proargnames, prosrc, l.lanname
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE pronamespace = current_schema()::regnamespace AND proname IN ('fn_add', 'fn_name', 'fn_fact', 'fn_trg', 'fn_kind')
ORDER BY proname, proargtypes::text;
SELECT lanname, lanispl, lanpltrusted FROM pg_language ORDER BY lanname;
SELECT n.nspname as "Schema",
  p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind
  WHEN 'a' THEN 'agg'
  WHEN 'w' THEN 'window'
  WHEN 'p' THEN 'proc'
  ELSE 'func'
 END as "Type"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE pg_catalog.pg_function_is_visible(p.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
ORDER BY 1, 2, 4;
SELECT n.nspname as "Schema",
  p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind
  WHEN 'a' THEN 'agg'
  WHEN 'w' THEN 'window'
  WHEN 'p' THEN 'proc'
  ELSE 'func'
 END as "Type",
 CASE
  WHEN p.provolatile = 'i' THEN 'immutable'
  WHEN p.provolatile = 's' THEN 'stable'
  WHEN p.provolatile = 'v' THEN 'volatile'
 END as "Volatility",
 CASE
  WHEN p.proparallel = 'r' THEN 'restricted'
  WHEN p.proparallel = 's' THEN 'safe'
  WHEN p.proparallel = 'u' THEN 'unsafe'
 END as "Parallel",
 pg_catalog.pg_get_userbyid(p.proowner) = current_user as "Owner",
 CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS "Security",
 pg_catalog.array_to_string(p.proacl, E'\n') AS "Access privileges",
 l.lanname as "Language",
 COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as "Source code",
 pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.proname OPERATOR(pg_catalog.~) '^(fn_add)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_function_is_visible(p.oid)
ORDER BY 1, 2, 4;
SELECT replace(pg_catalog.pg_get_functiondef('fn_add'::pg_catalog.regproc::pg_catalog.oid), current_schema(), 'S');
SELECT replace(pg_catalog.pg_get_functiondef('fn_fact'::pg_catalog.regproc::pg_catalog.oid), current_schema(), 'S');
SELECT pg_get_function_identity_arguments('fn_add'::regproc), pg_get_function_arguments('fn_name'::regproc), pg_get_function_result('fn_trg'::regproc);
CREATE FUNCTION fn_defaults(a int, b text DEFAULT 'x', c numeric DEFAULT 1.5, d boolean DEFAULT true) RETURNS int LANGUAGE sql AS $$ SELECT a $$;
SELECT pg_get_function_arguments('fn_defaults'::regproc), pg_get_function_identity_arguments('fn_defaults'::regproc);
SELECT routine_name, specific_name ~ ('^' || routine_name || '_[0-9]+$') AS specific, routine_type, data_type, type_udt_name, routine_body, routine_definition, external_language, is_deterministic, security_type
FROM information_schema.routines WHERE routine_schema = current_schema() ORDER BY routine_name, data_type;
SELECT specific_name ~ '^fn_defaults_[0-9]+$' AS specific, ordinal_position, parameter_mode, is_result, as_locator, parameter_name, data_type, character_maximum_length, numeric_precision, udt_catalog = current_database() AS udt_catalog, udt_schema, udt_name, dtd_identifier, parameter_default
FROM information_schema.parameters WHERE specific_schema = current_schema() AND specific_name LIKE 'fn\_defaults\_%' ORDER BY ordinal_position;
SELECT count(*) FROM information_schema.parameters WHERE specific_schema = current_schema();
-- functions in another schema; DROP SCHEMA needs CASCADE and takes them along
CREATE SCHEMA fn_s;
CREATE FUNCTION fn_s.fn_in(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 100 $$;
SELECT fn_s.fn_in(4);
SELECT fn_in(4);
DROP SCHEMA fn_s;
DROP SCHEMA fn_s CASCADE;
SELECT fn_s.fn_in(4);
SELECT count(*) FROM pg_proc WHERE proname = 'fn_in';
-- transactional and dropped
BEGIN;
CREATE FUNCTION fn_tx() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
SELECT fn_tx();
ROLLBACK;
SELECT fn_tx();
DROP FUNCTION fn_kind;
DROP FUNCTION fn_kind(bigint);
DROP FUNCTION IF EXISTS fn_kind(bigint), fn_missing;
DROP FUNCTION fn_missing;
DROP FUNCTION fn_kind(int), fn_kind(text);
SELECT fn_kind(1);
DROP FUNCTION fn_kind;
SELECT fn_kind(1);
DROP FUNCTION fn_two(int, text), fn_two(text, int), fn_trg() RESTRICT;
SELECT count(*) FROM pg_proc WHERE proname IN ('fn_kind', 'fn_two', 'fn_trg');
-- DROP FUNCTION and what calls it: defaults, CHECKs and views need CASCADE, which drops them
CREATE FUNCTION dep47() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 7';
CREATE FUNCTION other47(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
CREATE TABLE dep47_t (a int DEFAULT dep47(), b int CHECK (b < dep47()), c int DEFAULT other47(1));
CREATE VIEW dep47_v AS SELECT dep47() AS x;
DROP FUNCTION dep47();
DROP FUNCTION other47(int);
DROP FUNCTION other47(int) CASCADE;
INSERT INTO dep47_t (b) VALUES (1) RETURNING a, b, c;
DROP FUNCTION dep47() CASCADE;
INSERT INTO dep47_t (b) VALUES (100) RETURNING a, b, c;
SELECT count(*) FROM pg_class WHERE relname = 'dep47_v';
SELECT conname FROM pg_constraint WHERE conrelid = 'dep47_t'::regclass;
-- Functions in FROM make a view depend on them too (FROM f(), ROWS FROM)
CREATE FUNCTION srf47() RETURNS SETOF int LANGUAGE sql AS 'SELECT 1';
CREATE VIEW srf47_v AS SELECT * FROM srf47();
CREATE VIEW srf47_w AS SELECT * FROM ROWS FROM (generate_series(1, 2), srf47()) AS r(a, b);
DROP FUNCTION srf47();
SELECT * FROM srf47_v;
DROP FUNCTION srf47() CASCADE;
SELECT count(*) FROM pg_class WHERE relname IN ('srf47_v', 'srf47_w');
DROP TABLE dep47_t;
