-- Set-returning user functions: RETURNS SETOF and RETURNS TABLE, SQL and PL/pgSQL bodies.
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');

-- A SQL function returning SETOF a scalar type: every row of its last query.
CREATE FUNCTION s1(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT g FROM generate_series(1, n) g $$;
SELECT * FROM s1(3);
SELECT * FROM s1(3) AS x;
SELECT * FROM s1(3) AS x(v);
SELECT * FROM s1(2) WITH ORDINALITY;
SELECT * FROM s1(2) WITH ORDINALITY AS x(v, n);
SELECT * FROM s1(0);
SELECT count(*) FROM s1(1000);

-- In the select list: a set per row, in lockstep with another.
SELECT s1(3);
SELECT s1(2), s1(3);
SELECT a, s1(a) FROM t ORDER BY 1, 2;
SELECT a, s1(a), generate_series(1, 2) FROM t ORDER BY 1, 2, 3;

-- Called per row: LATERAL and CROSS JOIN.
SELECT t.a, x FROM t, LATERAL s1(t.a) x ORDER BY 1, 2;
SELECT t.a, x FROM t CROSS JOIN s1(t.a) x ORDER BY 1, 2;
SELECT t.a, x FROM t LEFT JOIN LATERAL s1(t.a - 1) x ON true ORDER BY 1, 2;

-- RETURNS TABLE: named columns; a record in the select list.
CREATE FUNCTION tb(n int) RETURNS TABLE (k int, v text) LANGUAGE sql AS $$ SELECT a, b FROM t WHERE a <= n ORDER BY a $$;
SELECT * FROM tb(2);
SELECT tb(2);
SELECT * FROM tb(2) AS q(x, y);
SELECT * FROM tb(2) AS q(x);
SELECT k FROM tb(3) WHERE v > 'x' ORDER BY k;
SELECT * FROM tb(3) WITH ORDINALITY ORDER BY ordinality DESC;
CREATE FUNCTION one(n int) RETURNS TABLE (k int) LANGUAGE sql AS $$ SELECT g FROM generate_series(1, n) g $$;
SELECT * FROM one(2);
SELECT * FROM one(2) AS z;
SELECT one(2);

-- A scalar function in FROM is one row; a STRICT set function of NULL none.
CREATE FUNCTION sc(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$;
SELECT * FROM sc(1);
SELECT * FROM sc(1) AS z;
CREATE FUNCTION sn(x int) RETURNS SETOF int STRICT LANGUAGE sql AS $$ SELECT x $$;
SELECT * FROM sn(NULL);
SELECT * FROM sn(4);

-- PL/pgSQL: RETURN NEXT, RETURN QUERY, RETURN QUERY EXECUTE … USING, RETURN ends.
CREATE FUNCTION ps(n int) RETURNS SETOF bigint LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..n LOOP RETURN NEXT i * 10; END LOOP; RETURN QUERY SELECT g::bigint FROM generate_series(100, 101) g; RETURN; RETURN NEXT 0; END $$;
SELECT * FROM ps(2);
SELECT ps(1);
CREATE FUNCTION pt(n int) RETURNS TABLE (i int, sq int) LANGUAGE plpgsql AS $$ BEGIN FOR j IN 1..n LOOP i := j; sq := j * j; RETURN NEXT; END LOOP; RETURN QUERY EXECUTE 'SELECT $1, $1 * 2' USING n; END $$;
SELECT * FROM pt(3);
SELECT t.a, p.* FROM t, LATERAL pt(t.a) p ORDER BY 1, 2, 3;
CREATE FUNCTION pn(n int) RETURNS SETOF text LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT b FROM t WHERE a > n ORDER BY a; IF NOT FOUND THEN RETURN NEXT 'none'; END IF; END $$;
SELECT * FROM pn(1);
SELECT * FROM pn(5);

-- The catalog: pg_proc and pg_get_function_result as PostgreSQL.
SELECT proname, proretset, prorettype::regtype, proargmodes, proallargtypes, proargnames, prorows, pg_get_function_result(oid) FROM pg_proc WHERE proname IN ('s1', 'tb', 'one', 'ps', 'pt') ORDER BY proname;

-- Errors: a set where none can go, wrong bodies, bad column lists.
SELECT 1 WHERE s1(1) = 1;
SELECT * FROM t GROUP BY a, b HAVING s1(a) > 1;
SELECT * FROM s1(3) AS x(a, b);
CREATE FUNCTION bad() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN NEXT 1; END $$;
CREATE FUNCTION bad() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
CREATE FUNCTION bad() RETURNS TABLE (a int) LANGUAGE plpgsql AS $$ BEGIN RETURN NEXT 1; END $$;
CREATE FUNCTION bad() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN NEXT; END $$;
CREATE FUNCTION bad() RETURNS TABLE (a int) LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION bad() RETURNS TABLE (a int, b int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION bad() RETURNS TABLE (a int, a int) LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION ok(a int) RETURNS TABLE (a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION qm() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1::bigint; END $$;
SELECT * FROM qm();
CREATE FUNCTION qm2() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1, 2; END $$;
SELECT * FROM qm2();

-- CREATE OR REPLACE: the new body runs; the result type cannot change.
CREATE OR REPLACE FUNCTION s1(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT g FROM generate_series(1, n * 2) g $$;
SELECT count(*) FROM s1(3);
CREATE OR REPLACE FUNCTION tb(n int) RETURNS TABLE (k int, w text) LANGUAGE sql AS $$ SELECT a, b FROM t $$;
CREATE OR REPLACE FUNCTION s1(n int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION tb(int);
SELECT * FROM tb(1);

-- OUT and INOUT parameters: a one-row record, or SETOF record; one OUT parameter is its type.
CREATE FUNCTION o1(a int, OUT b int, OUT c text) LANGUAGE sql AS $$ SELECT a + 1, 'x' $$;
SELECT * FROM o1(1);
SELECT o1(1);
SELECT (o1(1)).c;
CREATE FUNCTION o2(INOUT a int, OUT b int) RETURNS SETOF record LANGUAGE sql AS $$ SELECT a, g FROM generate_series(1, a) g $$;
SELECT * FROM o2(2);
CREATE FUNCTION o3(a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN b := a * 2; END $$;
SELECT o3(4), * FROM o3(5);
CREATE FUNCTION o4(INOUT a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN a := a + 1; b := a * 2; RETURN; END $$;
SELECT * FROM o4(1);
SELECT o4(1);
CREATE FUNCTION o5(a int, OUT b int) RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..a LOOP b := i; RETURN NEXT; END LOOP; END $$;
SELECT * FROM o5(3);
SELECT proname, prorettype::regtype, proretset, pronargs, proargtypes, proargmodes, proallargtypes, proargnames, pg_get_function_result(oid), pg_get_function_arguments(oid), pg_get_function_identity_arguments(oid) FROM pg_proc WHERE proname ~ '^o[0-9]$' ORDER BY 1;
CREATE FUNCTION bo1(a int, OUT b int) RETURNS text LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION bo2(a int, OUT b int, OUT c int) RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION bo3(a int, OUT a int) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION bo4(INOUT a int, OUT a int) LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION bo5(a int, OUT b int) LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
DROP FUNCTION o1(int);
DROP FUNCTION o2(int, int);
DROP FUNCTION o3(int, OUT int);
