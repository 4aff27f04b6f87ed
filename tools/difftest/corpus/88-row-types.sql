-- setup: a table whose row type the rest uses
CREATE TABLE c2 (a int, b text);
INSERT INTO c2 VALUES (1, 'x'), (2, 'a b'), (3, NULL);
-- a row constructor converts to the row type item by item; too few or too many items, a bad item
SELECT ROW(1, 'x')::c2, ROW(2, NULL)::c2, (3, 'y')::c2;
SELECT ROW(1)::c2;
SELECT ROW(1, 'x', 3)::c2;
SELECT ROW('a', 'x')::c2;
SELECT ROW(now(), 'x')::c2;
-- composite text input with PostgreSQL's quoting rules
SELECT '(1,x)'::c2, '(1,"a b")'::c2, '( 1 ,x)'::c2, '(,)'::c2, '(1,"")'::c2, '(1,"q""uote")'::c2, '(1,back\\slash)'::c2;
SELECT '(1)'::c2;
SELECT '(1,x,3)'::c2;
SELECT '1,x'::c2;
SELECT '(a,x)'::c2;
SELECT '(1,x) junk'::c2;
SELECT '(1,"x'::c2;
SELECT 'x'::text::c2;
SELECT '(5,z)'::text::c2;
SELECT (1, 'x')::c2::text;
-- field selection and expansion on a typed value
SELECT (ROW(1, 'x')::c2).b, ('(7,y)'::c2).a;
SELECT (ROW(1, 'x')::c2).zz;
SELECT (ROW(1, 'x')::c2).*;
SELECT (t).a, (t).* FROM c2 t ORDER BY a;
-- whole-row references have the table's row type
SELECT pg_typeof(t), t FROM c2 t ORDER BY a;
SELECT t FROM c2 t WHERE t = ROW(2, 'a b')::c2;
SELECT row_to_json(t) FROM c2 t ORDER BY a;
-- comparing row values
SELECT ROW(1, 'x')::c2 = ROW(1, 'x')::c2, ROW(1, 'x')::c2 < ROW(2, 'a')::c2, '(1,x)'::c2 <> '(1,y)'::c2;
SELECT a FROM c2 t ORDER BY t DESC;
-- the catalog: pg_type rows of the row type and its array type, pg_class.reltype
SELECT t.typname, t.typtype, t.typcategory, t.typlen, t.typalign, t.typstorage, t.typinput, t.typoutput, t.typrelid = c.oid, a.typname, a.typelem = t.oid, a.typcategory, a.typrelid FROM pg_class c JOIN pg_type t ON t.oid = c.reltype JOIN pg_type a ON a.oid = t.typarray WHERE c.relname = 'c2' AND c.relnamespace = current_schema()::regnamespace;
SELECT format_type(reltype, NULL), reltype::regtype FROM pg_class WHERE relname = 'c2' AND relnamespace = current_schema()::regnamespace;
SELECT 'c2'::regtype, pg_typeof('c2'::regtype);
-- a view has a row type too
CREATE VIEW v2 AS SELECT a, b, a * 2 AS twice FROM c2;
SELECT pg_typeof(v), v FROM v2 v ORDER BY a;
SELECT ROW(1, 'q', 2)::v2;
-- SQL functions returning the row type: SETOF, single, whole-row or field columns
CREATE FUNCTION f1() RETURNS SETOF c2 LANGUAGE sql AS $$SELECT * FROM c2 ORDER BY a$$;
SELECT * FROM f1();
SELECT * FROM f1() AS f WHERE f.a > 1;
SELECT f1();
CREATE FUNCTION f2() RETURNS c2 LANGUAGE sql AS $$SELECT t FROM c2 t WHERE a = 2$$;
SELECT f2(), (f2()).b, pg_typeof(f2());
SELECT * FROM f2();
CREATE FUNCTION f2b(int) RETURNS c2 LANGUAGE sql AS $$SELECT $1, 'n' || $1$$;
SELECT f2b(4), (f2b(5)).*;
CREATE FUNCTION f2c() RETURNS c2 LANGUAGE sql AS $$SELECT 1$$;
CREATE FUNCTION f2d() RETURNS c2 LANGUAGE sql AS $$SELECT 1, 2, 3$$;
CREATE FUNCTION f2e() RETURNS c2 LANGUAGE sql AS $$SELECT now(), 'x'$$;
-- a function taking the row type
CREATE FUNCTION g(r c2) RETURNS int LANGUAGE sql AS $$SELECT r.a * 10$$;
SELECT a, g(t) FROM c2 t ORDER BY a;
SELECT g(ROW(4, 'w')), g('(5,v)');
-- PL/pgSQL: RETURN QUERY, RETURN NEXT of a record, RETURN of a row
CREATE FUNCTION f3() RETURNS SETOF c2 LANGUAGE plpgsql AS $$BEGIN RETURN QUERY SELECT * FROM c2 WHERE a < 3; END$$;
SELECT * FROM f3() ORDER BY a;
CREATE FUNCTION f4() RETURNS SETOF c2 LANGUAGE plpgsql AS $$DECLARE r record; BEGIN FOR r IN SELECT * FROM c2 LOOP RETURN NEXT r; END LOOP; END$$;
SELECT * FROM f4() ORDER BY a;
CREATE FUNCTION f5() RETURNS c2 LANGUAGE plpgsql AS $$BEGIN RETURN ROW(9, 'z'::text); END$$;
SELECT f5(), (f5()).a;
SELECT * FROM f5();
CREATE FUNCTION f6() RETURNS SETOF c2 LANGUAGE plpgsql AS $$BEGIN RETURN QUERY SELECT a FROM c2; END$$;
SELECT * FROM f6();
CREATE FUNCTION f7() RETURNS c2 LANGUAGE plpgsql AS $$BEGIN RETURN ROW(9::bigint, 'z'::text); END$$;
SELECT f7();
CREATE FUNCTION f8() RETURNS c2 LANGUAGE plpgsql AS $$BEGIN RETURN ROW(9, 'z'::text, 3); END$$;
SELECT f8();
CREATE FUNCTION f9() RETURNS SETOF c2 LANGUAGE plpgsql AS $$BEGIN RETURN NEXT ROW(9::bigint, 'z'::text); END$$;
SELECT * FROM f9();
CREATE FUNCTION f10() RETURNS c2 LANGUAGE plpgsql AS $$BEGIN RETURN 5; END$$;
SELECT f10();
-- DROP TABLE is held back by the functions using its row type
DROP TYPE c2;
CREATE TABLE d1 (a int, b text);
CREATE FUNCTION fd() RETURNS SETOF d1 LANGUAGE sql AS $$SELECT * FROM d1$$;
CREATE FUNCTION gd(r d1) RETURNS int LANGUAGE sql AS $$SELECT r.a$$;
DROP TABLE d1;
DROP FUNCTION fd();
DROP TABLE d1;
DROP TABLE d1 CASCADE;
SELECT count(*) FROM pg_type WHERE typname IN ('d1', '_d1') AND typnamespace = current_schema()::regnamespace;
SELECT count(*) FROM pg_proc WHERE proname = 'gd' AND pronamespace = current_schema()::regnamespace;
-- CREATE TYPE … AS (…): a standalone composite type
CREATE TYPE pair AS (x int, y text);
CREATE TYPE pair AS (z int);
CREATE TABLE pair (a int);
CREATE TYPE c2 AS (a int);
CREATE TYPE dup AS (x int, x text);
CREATE TYPE nope AS (x nosuchtype);
SELECT '(1,a)'::pair, ROW(2, 'b')::pair, pg_typeof('(1,a)'::pair);
SELECT c.relkind, c.relnatts, c.relam, c.relfilenode, c.relpersistence, c.reltuples, t.typtype, t.typname, c.reltype = t.oid FROM pg_class c JOIN pg_type t ON t.typrelid = c.oid WHERE c.relname = 'pair' AND c.relnamespace = current_schema()::regnamespace;
SELECT attname, attnum, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'pair'::regclass ORDER BY attnum;
SELECT n.nspname = current_schema(), format_type(t.oid, NULL) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_class c WHERE c.oid = t.typrelid)) AND NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid) AND pg_type_is_visible(t.oid) AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' ORDER BY 2;
CREATE FUNCTION fp() RETURNS SETOF pair LANGUAGE sql AS $$VALUES (1, 'a'), (2, 'b')$$;
SELECT * FROM fp() ORDER BY x;
CREATE TYPE empty AS ();
SELECT '()'::empty, ROW()::empty;
-- DROP TYPE: a table's row type cannot be dropped alone; a composite type's functions need CASCADE
DROP TYPE pair;
DROP TYPE pair CASCADE;
DROP TYPE IF EXISTS pair, empty;
SELECT '(1,a)'::pair;
