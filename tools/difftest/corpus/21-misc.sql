-- SET / SHOW / RESET of common settings
SHOW search_path;
SET extra_float_digits = 0;
SELECT 0.1::float8, 1::float8 / 3, 2.5::float4;
RESET extra_float_digits;
SELECT 1::float8 / 3;
SHOW DateStyle;
SHOW IntervalStyle;
SHOW standard_conforming_strings;
SHOW client_encoding;
SET application_name = 'difftest';
SHOW application_name;
SET SESSION statement_timeout = 0;
SHOW statement_timeout;
SHOW nosuch_setting;
-- generate_series
SELECT * FROM generate_series(1, 5);
SELECT * FROM generate_series(10, 1, -3);
SELECT * FROM generate_series(1, 0);
SELECT generate_series(1, 3) AS g, 'x';
SELECT * FROM generate_series(0.5, 2.0, 0.5);
SELECT count(*) FROM generate_series(1, 1000);
SELECT * FROM generate_series(1, 3) AS g(n) WHERE n > 1;
-- transactions
CREATE TABLE acct (id int PRIMARY KEY, bal int);
INSERT INTO acct VALUES (1, 100), (2, 50);
BEGIN;
UPDATE acct SET bal = bal - 30 WHERE id = 1;
UPDATE acct SET bal = bal + 30 WHERE id = 2;
COMMIT;
SELECT * FROM acct ORDER BY id;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT sum(bal) FROM acct;
COMMIT;
START TRANSACTION;
DELETE FROM acct;
ROLLBACK;
SELECT count(*) FROM acct;
BEGIN READ ONLY;
SELECT count(*) FROM acct;
INSERT INTO acct VALUES (3, 0);
ROLLBACK;
-- multiple statements worth of data types in one row
SELECT 1::int2, 2::int4, 3::int8, 4.5::numeric, 5.5::float4, 6.5::float8, 'x'::text, 'y'::varchar, 'z'::char, true, '2024-01-01'::date, '\x01'::bytea;
-- result types of literals (the runner compares column type OIDs)
SELECT 1, 1.5, 'x', NULL, true, 3000000000, 1e5, ARRAY['a'];
-- boolean expressions in select lists
SELECT bal > 60 AS rich, count(*) FROM acct GROUP BY bal > 60 ORDER BY rich;
-- ORDER BY on expressions not in the select list
SELECT id FROM acct ORDER BY bal DESC;
SELECT id FROM acct ORDER BY -id;
-- LIMIT with expressions and NULL
SELECT id FROM acct ORDER BY id LIMIT 1 + 0;
SELECT id FROM acct ORDER BY id LIMIT NULL;
-- EXPLAIN runs (its text is not compared: PostgreSQL's plans differ by design)
SELECT 'explain skipped' AS note;
-- pg_typeof: the argument's type (format_type without the modifier), unknown for bare literals
SELECT pg_typeof(1), pg_typeof('a'::text), pg_typeof(NULL), pg_typeof('x'), pg_typeof(1.5), pg_typeof(ARRAY[1]);
SELECT pg_typeof(ROW(1, 2)), pg_typeof(now()), pg_typeof('a'::varchar(3)), pg_typeof(pg_typeof(1));
SELECT pg_typeof(id), pg_typeof(id::int8 + 1) FROM acct ORDER BY id LIMIT 1;
-- OID alias types compare and sort as OIDs (oid_ops), not as their names
SELECT 'acct'::regclass = 'public.acct'::regclass, 'int4'::regtype = 'integer'::regtype, 'acct'::regclass < 'pg_class'::regclass;
SELECT c FROM (VALUES ('acct'::regclass), ('pg_class'::regclass), ('pg_type'::regclass)) x(c) ORDER BY c;
SELECT c FROM (VALUES ('acct'::regclass), ('pg_class'::regclass)) x(c) ORDER BY c DESC;
SELECT 'acct'::regclass IN ('pg_class'::regclass, 'public.acct'::regclass);
-- FOR UPDATE pushed down into a FROM subquery, and refused where its query cannot lock
SELECT * FROM (SELECT id FROM acct ORDER BY id LIMIT 2) s FOR UPDATE;
SELECT * FROM (SELECT id, count(*) FROM acct GROUP BY id) s FOR UPDATE;
SELECT * FROM (SELECT id FROM acct UNION ALL SELECT 1) s FOR SHARE;
WITH w AS (SELECT id FROM acct) SELECT * FROM w FOR UPDATE OF w;
-- system columns: ctid (the row version's tid) and tableoid, not listed by *
CREATE TABLE dup (a int, b text);
INSERT INTO dup VALUES (1, 'x'), (2, 'y'), (1, 'x'), (3, 'z'), (1, 'x');
SELECT ctid, a, b FROM dup ORDER BY ctid DESC;
SELECT d.ctid, tableoid::regclass, pg_typeof(ctid) FROM dup d WHERE a = 2;
SELECT count(*) FROM dup x, dup y WHERE x.a = y.a AND x.ctid < y.ctid;
DELETE FROM dup x USING dup y WHERE x.a = y.a AND x.b = y.b AND x.ctid > y.ctid;
SELECT ctid, * FROM dup ORDER BY a;
SELECT a FROM dup WHERE ctid = '(0,2)';
SELECT a FROM dup WHERE ctid IN (SELECT ctid FROM dup WHERE a = 3);
SELECT max(ctid), min(tableoid) = 'dup'::regclass FROM dup;
SELECT '(1,2)'::tid, '(0,1)'::tid < '(0,2)'::tid, ' ( 4294967295, 65535) '::tid, '(-1,+2)'::tid;
SELECT '(1 ,2)'::tid;
SELECT '(1,65536)'::tid;
SELECT 'x'::tid;
SELECT ctid FROM (SELECT 1 AS a) x;
SELECT count(*) > 50 FROM pg_class WHERE tableoid = 'pg_class'::regclass;
CREATE TABLE sysname (ctid int);
ALTER TABLE dup ADD COLUMN xmin int;
ALTER TABLE dup RENAME a TO cmax;
SELECT xmax, pg_typeof(xmin), xmin = (SELECT min(xmin::text)::xid FROM dup) FROM dup WHERE a = 3;
SELECT x.xmin = y.xmin FROM dup x JOIN dup y ON x.ctid = y.ctid WHERE x.a = 1;
BEGIN;
UPDATE dup SET b = 'w' WHERE a = 1;
SELECT a, xmin::text = txid_current()::text AS mine, xmax::text = '0' AS live FROM dup ORDER BY a;
ROLLBACK;
SELECT 'abc'::xid, '-1'::xid, '4294967297'::xid, '99999999999999999999'::xid, ' 12 '::xid;
DROP TABLE dup;
-- RETURNING ctid: the version written (the new one for UPDATE and ON CONFLICT DO UPDATE)
CREATE TABLE ret (id int PRIMARY KEY, v int);
INSERT INTO ret VALUES (1, 1), (2, 2) RETURNING ctid, *;
UPDATE ret SET v = v + 1 WHERE id = 1 RETURNING ctid, v, xmin = xmin;
UPDATE ret SET v = v + 1 FROM (VALUES (2)) x(k) WHERE ret.id = x.k RETURNING ret.ctid, v;
DELETE FROM ret WHERE id = 1 RETURNING ctid, id;
INSERT INTO ret VALUES (2, 9) ON CONFLICT (id) DO UPDATE SET v = excluded.v RETURNING ctid, v;
DELETE FROM ret USING (VALUES (2)) x(k) WHERE ret.id = x.k RETURNING ret.ctid, ret.id;
INSERT INTO ret VALUES (5, 5) RETURNING tableoid::regclass, ctid;
DROP TABLE ret;
