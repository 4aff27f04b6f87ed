-- CREATE PROCEDURE and CALL: positional, named and default arguments
CREATE TABLE pr_t (id int PRIMARY KEY, note text);
CREATE PROCEDURE pr_ins(k int, n text DEFAULT 'none') LANGUAGE plpgsql AS $$ BEGIN INSERT INTO pr_t VALUES (k, n); END $$;
CALL pr_ins(1, 'one');
CALL pr_ins(2);
CALL pr_ins(n => 'three', k => 3);
CALL pr_ins(4, n => 'four');
CALL pr_ins('5');
SELECT * FROM pr_t ORDER BY id;
-- the errors of a failing body; the procedure's changes go with the statement
CALL pr_ins(1, 'again');
SELECT count(*) FROM pr_t;
-- SQL procedures
CREATE PROCEDURE pr_sql(k int) LANGUAGE sql AS $$ UPDATE pr_t SET note = upper(note) WHERE id <= k; DELETE FROM pr_t WHERE id = 5 $$;
CALL pr_sql(2);
SELECT * FROM pr_t ORDER BY id;
-- SQL procedures may hold DDL: each statement runs in turn
CREATE PROCEDURE pr_sqlddl(a int, OUT b int) LANGUAGE sql AS $$ CREATE TABLE pr_sqlddl_t (x int); SELECT a $$;
CALL pr_sqlddl(1, NULL);
SELECT * FROM pr_sqlddl_t;
CREATE PROCEDURE pr_sqlddl2(a int) LANGUAGE sql AS $$ INSERT INTO pr_sqlddl_t VALUES (a); CREATE INDEX ON pr_sqlddl_t (x); INSERT INTO pr_sqlddl_t VALUES (a + 1) $$;
CALL pr_sqlddl2(4);
SELECT * FROM pr_sqlddl_t ORDER BY x;
CREATE PROCEDURE pr_sqlddl3(a int) LANGUAGE sql AS $$ CREATE TABLE pr_sqlddl_u (x int); INSERT INTO pr_sqlddl_u VALUES (a) $$;
CREATE PROCEDURE pr_sqlcommit() LANGUAGE sql AS $$ COMMIT $$;
CALL pr_sqlcommit();
-- a SQL procedure's OUT parameters need a row from its last statement
CREATE PROCEDURE pr_norow(x int, OUT y int) LANGUAGE sql AS $$ SELECT x WHERE false $$;
CALL pr_norow(1, NULL);
-- check_function_bodies = off (as pg_dump's scripts set it): the body is checked when called
SET check_function_bodies = off;
CREATE PROCEDURE pr_later(x int) LANGUAGE sql AS $$ INSERT INTO pr_later_t VALUES (x) $$;
RESET check_function_bodies;
CALL pr_later(1);
CREATE TABLE pr_later_t (a int);
CALL pr_later(2);
SELECT * FROM pr_later_t;
-- OUT and INOUT parameters: one row of them; CALL passes an argument for every parameter
CREATE PROCEDURE pr_io(OUT x int, a int, INOUT y text) LANGUAGE plpgsql AS $$ BEGIN x := a * 2; y := y || 'z'; END $$;
CALL pr_io(NULL, 5, 'q');
CALL pr_io(0, a => 7, y => 'w');
CALL pr_io(NULL, 1, NULL);
CALL pr_io(5, 'q');
CREATE PROCEDURE pr_out1(a int, OUT b bigint) LANGUAGE sql AS $$ SELECT a * 10 $$;
CALL pr_out1(3, NULL);
CREATE PROCEDURE pr_unset(INOUT a int, OUT b text) LANGUAGE plpgsql AS $$ BEGIN a := a + 1; END $$;
CALL pr_unset(41, NULL);
-- RETURN ends a procedure
CREATE PROCEDURE pr_ret(k int) LANGUAGE plpgsql AS $$ BEGIN IF k > 0 THEN RETURN; END IF; RAISE NOTICE 'not returned'; END $$;
CALL pr_ret(1);
CALL pr_ret(0);
-- overloads resolve as for functions
CREATE PROCEDURE pr_ov(a int) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'int %', a; END $$;
CREATE PROCEDURE pr_ov(a text) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'text %', a; END $$;
CALL pr_ov(1);
CALL pr_ov('x');
CALL pr_ov(1.5);
-- errors: a procedure is not a function and a function not a procedure
SELECT pr_ret(1);
SELECT * FROM pr_ret(1);
SELECT 1 WHERE pr_ret(1) IS NULL;
CALL abs(-1);
CREATE FUNCTION pr_f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CALL pr_f();
CALL pr_nothing(1);
CALL pr_ins();
CALL pr_ins(1, 2, 3);
CALL pr_ins(k => 1, z => 2);
CALL pr_ins;
CALL pr_ret((SELECT 1));
CALL generate_series(1, 2);
CALL count(1);
CALL unnest(ARRAY[1]);
CALL pr_ret(1 / 0);
-- CREATE PROCEDURE's checks
CREATE PROCEDURE pr_bad1() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE pr_bad2() LANGUAGE sql STRICT AS $$ SELECT 1 $$;
CREATE PROCEDURE pr_bad3() LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
CREATE PROCEDURE pr_bad4() LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
CREATE PROCEDURE pr_bad5(OUT x int) LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
CREATE PROCEDURE pr_bad6() AS $$ SELECT 1 $$;
CREATE PROCEDURE pr_bad7() LANGUAGE sql AS $$ SELECT * FROM pr_missing $$;
CREATE PROCEDURE pr_bad8(a int, a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE pr_bad9(a int DEFAULT 1, OUT b int) LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE PROCEDURE pr_ins(k int, n text) LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE OR REPLACE FUNCTION pr_ret(k int) RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE PROCEDURE pr_f() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE PROCEDURE pr_io(OUT x int, a int, INOUT y text, OUT z int) LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE OR REPLACE PROCEDURE pr_ret(k int) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'replaced %', k; END $$;
CALL pr_ret(9);
-- CALL from PL/pgSQL: INOUT and OUT values stored back into the variables passed
DO $$
DECLARE
  b text := 'v';
  x int;
BEGIN
  CALL pr_io(x, 21, b);
  RAISE NOTICE 'x=% b=%', x, b;
  CALL pr_io(x, x, b);
  RAISE NOTICE 'x=% b=%', x, b;
END $$;
DO $$ DECLARE b text := 'v'; BEGIN CALL pr_io(NULL, 1, b); END $$;
DO $$ DECLARE b text := 'v'; x int; BEGIN CALL pr_io(x, 1, b || 'w'); END $$;
DO $$ DECLARE r record; BEGIN EXECUTE 'CALL pr_io(NULL, $1, $2)' INTO r USING 6, 'e'; RAISE NOTICE '% %', r.x, r.y; END $$;
CREATE PROCEDURE pr_outer(INOUT n int) LANGUAGE plpgsql AS $$ DECLARE t text := 'a'; BEGIN CALL pr_io(n, n + 1, t); CALL pr_ins(100 + n, t); END $$;
CALL pr_outer(3);
SELECT * FROM pr_t WHERE id > 100;
-- CALL in a function: atomic, runs as the function does
CREATE FUNCTION pr_fn(k int) RETURNS text LANGUAGE plpgsql AS $$ DECLARE b text := 'f'; x int; BEGIN CALL pr_io(x, k, b); RETURN x || b; END $$;
SELECT pr_fn(4);
-- transaction control: COMMIT and ROLLBACK inside a procedure called outside a transaction block
CREATE TABLE pr_log (n int);
CREATE PROCEDURE pr_tx(m int) LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..m LOOP
    INSERT INTO pr_log VALUES (i);
    IF i % 2 = 0 THEN COMMIT; ELSE ROLLBACK; END IF;
  END LOOP;
END $$;
CALL pr_tx(5);
SELECT n FROM pr_log ORDER BY n;
-- what a procedure committed stays when it fails afterwards
CREATE PROCEDURE pr_tx_fail() LANGUAGE plpgsql AS $$ BEGIN INSERT INTO pr_log VALUES (10); COMMIT; INSERT INTO pr_log VALUES (11); RAISE EXCEPTION 'late failure'; END $$;
CALL pr_tx_fail();
SELECT n FROM pr_log ORDER BY n;
-- COMMIT inside a loop over a query (the loop's rows were read already)
CREATE PROCEDURE pr_tx_loop() LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN SELECT n FROM pr_log ORDER BY n LOOP INSERT INTO pr_log VALUES (r.n * 100); COMMIT; END LOOP; END $$;
CALL pr_tx_loop();
SELECT n FROM pr_log ORDER BY n;
-- COMMIT AND CHAIN keeps the transaction's characteristics
CREATE PROCEDURE pr_chain() LANGUAGE plpgsql AS $$ BEGIN COMMIT AND CHAIN; RAISE NOTICE '%', current_setting('transaction_isolation'); ROLLBACK AND NO CHAIN; END $$;
CALL pr_chain();
-- nested: a CALL from a procedure, and a DO block, may commit too
CREATE PROCEDURE pr_tx_outer() LANGUAGE plpgsql AS $$ BEGIN CALL pr_tx(2); INSERT INTO pr_log VALUES (7); ROLLBACK; END $$;
CALL pr_tx_outer();
DO $$ BEGIN INSERT INTO pr_log VALUES (8); COMMIT; INSERT INTO pr_log VALUES (9); ROLLBACK; END $$;
SELECT n FROM pr_log ORDER BY n;
-- where transaction control is refused: a transaction block, an EXCEPTION block, a function,
-- SECURITY DEFINER
BEGIN;
CALL pr_tx(2);
ROLLBACK;
BEGIN;
DO $$ BEGIN COMMIT; END $$;
ROLLBACK;
CREATE PROCEDURE pr_tx_exc() LANGUAGE plpgsql AS $$ BEGIN BEGIN COMMIT; EXCEPTION WHEN division_by_zero THEN NULL; END; END $$;
CALL pr_tx_exc();
CREATE PROCEDURE pr_tx_exc2() LANGUAGE plpgsql AS $$ BEGIN BEGIN ROLLBACK; EXCEPTION WHEN division_by_zero THEN NULL; END; END $$;
CALL pr_tx_exc2();
CREATE FUNCTION pr_tx_fn() RETURNS int LANGUAGE plpgsql AS $$ BEGIN CALL pr_tx(2); RETURN 1; END $$;
SELECT pr_tx_fn();
CREATE PROCEDURE pr_tx_def() LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN COMMIT; END $$;
CALL pr_tx_def();
SELECT n FROM pr_log ORDER BY n;
-- a procedure may run DDL
CREATE PROCEDURE pr_ddl(tname text) LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('CREATE TABLE %I (a int)', tname); EXECUTE format('INSERT INTO %I VALUES (1)', tname); END $$;
CALL pr_ddl('pr_made');
SELECT * FROM pr_made;
-- the catalogs: pg_proc, information_schema, psql's \df, pg_get_functiondef
SELECT proname, prokind, prorettype::regtype, provolatile, pronargs, pronargdefaults, proargtypes::text, proallargtypes::text, proargmodes, proargnames, prosecdef
FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND proname LIKE 'pr\_%'
ORDER BY proname, proargtypes::text;
SELECT p.proname, pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid)
FROM pg_proc p WHERE pronamespace = current_schema()::regnamespace AND proname IN ('pr_ins', 'pr_io', 'pr_out1', 'pr_f', 'pr_ov')
ORDER BY 1, 2;
SELECT pg_get_functiondef('pr_ins'::regproc);
SELECT pg_get_functiondef('pr_io'::regproc);
SELECT pg_get_functiondef('pr_tx_def'::regproc);
SELECT routine_name, routine_type, data_type, type_udt_name, routine_body, external_language, security_type
FROM information_schema.routines WHERE routine_schema = current_schema() AND routine_name IN ('pr_ins', 'pr_io', 'pr_sql', 'pr_f')
ORDER BY routine_name;
SELECT r.routine_name, p.ordinal_position, p.parameter_mode, p.parameter_name, p.data_type, p.parameter_default
FROM information_schema.parameters p JOIN information_schema.routines r ON r.specific_name = p.specific_name
WHERE r.routine_schema = current_schema() AND r.routine_name IN ('pr_ins', 'pr_io')
ORDER BY 1, 2;
SELECT n.nspname = current_schema() as "Schema",
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
      AND n.nspname = current_schema()
      AND p.proname IN ('pr_io', 'pr_f', 'pr_ins')
ORDER BY 1, 2, 4;
-- COMMENT ON PROCEDURE, ALTER PROCEDURE … OWNER TO
COMMENT ON PROCEDURE pr_ins(int, text) IS 'inserts a row';
SELECT obj_description('pr_ins'::regproc, 'pg_proc');
COMMENT ON ROUTINE pr_ins IS 'a routine';
SELECT obj_description('pr_ins'::regproc, 'pg_proc');
COMMENT ON FUNCTION pr_ins(int, text) IS 'no';
COMMENT ON PROCEDURE pr_f() IS 'no';
ALTER PROCEDURE pr_ins(int, text) OWNER TO CURRENT_USER;
ALTER ROUTINE pr_ins OWNER TO CURRENT_USER;
ALTER FUNCTION pr_ins OWNER TO CURRENT_USER;
ALTER PROCEDURE pr_f() OWNER TO CURRENT_USER;
-- DROP PROCEDURE / ROUTINE; DROP FUNCTION of a procedure
DROP FUNCTION pr_ret(int);
DROP FUNCTION pr_ret;
DROP PROCEDURE pr_f();
DROP PROCEDURE pr_ret(text);
DROP PROCEDURE IF EXISTS pr_nothing(int);
DROP PROCEDURE IF EXISTS pr_nothing;
DROP ROUTINE IF EXISTS pr_nothing;
DROP PROCEDURE pr_ov;
DROP PROCEDURE pr_ov(text);
DROP PROCEDURE pr_io(int, text);
DROP PROCEDURE pr_out1(int, bigint);
DROP ROUTINE pr_ret, pr_f;
DROP PROCEDURE pr_ret(int);
SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND proname IN ('pr_ret', 'pr_f', 'pr_io', 'pr_out1', 'pr_ov') ORDER BY 1;
