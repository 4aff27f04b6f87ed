-- setup
CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, n int);
INSERT INTO t VALUES (1, 'a', 1), (2, 'b', NULL);
-- syntax errors (42601)
SELEC 1;
SELECT 1 +;
SELECT * FROM;
SELECT (1;
INSERT INTO t VALUES (;
-- undefined objects
SELECT * FROM missing_table;
SELECT missing_col FROM t;
SELECT t.missing FROM t;
SELECT missing_fn(1);
SELECT x.id FROM t;
SELECT 1::missing_type;
-- ambiguous column (42702)
SELECT id FROM t a, t b;
-- wrong types (42804 / 42883)
SELECT 1 + 'a'::text;
SELECT 'a'::text - 1;
SELECT length(1);
SELECT * FROM t WHERE n;
SELECT * FROM t WHERE v = 1;
SELECT CASE WHEN true THEN 1 ELSE 'x'::text END;
SELECT coalesce(1, 'x'::text);
-- invalid input syntax (22P02) and out of range (22003)
SELECT 'x'::int;
SELECT ''::int;
SELECT '1.5'::int;
SELECT '99999999999'::int;
SELECT '1e400'::float8;
SELECT 'abc'::numeric;
SELECT '2024-99-99'::date;
SELECT 'abc'::interval;
SELECT 'abc'::timestamp;
-- string data right truncation (22001)
CREATE TABLE vc (s varchar(3));
INSERT INTO vc VALUES ('abcd');
UPDATE vc SET s = 'abcdef';
-- not null (23502), unique (23505), check (23514)
INSERT INTO t (id) VALUES (3);
INSERT INTO t VALUES (1, 'dup', 0);
UPDATE t SET v = NULL;
CREATE TABLE ck (x int CHECK (x < 10));
INSERT INTO ck VALUES (10);
-- division by zero (22012) and numeric overflow (22003)
SELECT 10 / 0;
SELECT 10.0 / 0.0;
SELECT 10::float8 / 0;
SELECT n / 0 FROM t WHERE id = 1;
SELECT 2147483647 * 2;
SELECT (-32768)::int2 * -1::int2;
SELECT 10::numeric ^ 1000000;
-- duplicate objects
CREATE TABLE t (x int);
CREATE TABLE dupcol (a int, A int);
CREATE INDEX t_v_idx ON t (v);
CREATE INDEX t_v_idx ON t (n);
-- grouping errors (42803)
SELECT v, count(*) FROM t;
SELECT id FROM t GROUP BY v;
-- set-returning and misc errors
SELECT * FROM t LIMIT -1;
SELECT * FROM t OFFSET -1;
SELECT * FROM t ORDER BY 5;
SELECT * FROM t GROUP BY 7;
SELECT DISTINCT ON (n) id FROM t ORDER BY id;
-- errors inside a transaction block, and recovery
BEGIN;
SELECT * FROM missing_table;
SELECT 1;
ROLLBACK;
SELECT count(*) FROM t;
BEGIN;
SAVEPOINT sp;
SELECT 1 / 0;
ROLLBACK TO SAVEPOINT sp;
COMMIT;
-- transaction state warnings are not errors
COMMIT;
ROLLBACK;
-- invalid LIKE escape
SELECT 'a' LIKE 'a\' ESCAPE '\';
-- array subscript and cardinality errors
SELECT (ARRAY[1, 2])['x'];
SELECT ARRAY[1] = ARRAY['a'];
