-- setup: a table a materialized view reads
CREATE TABLE mv_src (a int, b text);
INSERT INTO mv_src VALUES (1, 'x'), (2, 'y'), (3, 'z');
-- CREATE: the tag is SELECT n when the query ran
CREATE MATERIALIZED VIEW mv1 AS SELECT a, b FROM mv_src WHERE a < 3;
SELECT * FROM mv1 ORDER BY a;
CREATE MATERIALIZED VIEW mv1 AS SELECT 1;
CREATE MATERIALIZED VIEW IF NOT EXISTS mv1 AS SELECT 1;
CREATE MATERIALIZED VIEW mv_cols (x, y) AS SELECT a, b FROM mv_src;
SELECT x, y FROM mv_cols ORDER BY x;
CREATE MATERIALIZED VIEW mv_bad (x, y, z) AS SELECT a, b FROM mv_src;
CREATE UNLOGGED MATERIALIZED VIEW mv_u AS SELECT 1;
CREATE TEMP MATERIALIZED VIEW mv_u AS SELECT 1;
-- WITH NO DATA: unreadable until REFRESH, but EXPLAIN and views over it work
CREATE MATERIALIZED VIEW mv_empty AS SELECT a FROM mv_src WITH NO DATA;
SELECT * FROM mv_empty;
SELECT relkind, relispopulated FROM pg_class WHERE relname = 'mv_empty';
CREATE VIEW mv_over_empty AS SELECT * FROM mv_empty;
SELECT * FROM mv_over_empty;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_empty;
REFRESH MATERIALIZED VIEW mv_empty;
SELECT * FROM mv_over_empty ORDER BY a;
SELECT relispopulated FROM pg_class WHERE relname = 'mv_empty';
-- REFRESH sees the table's changes; a rollback keeps the old rows
INSERT INTO mv_src VALUES (0, 'w');
SELECT count(*) FROM mv1;
BEGIN;
REFRESH MATERIALIZED VIEW mv1;
SELECT count(*) FROM mv1;
ROLLBACK;
SELECT count(*) FROM mv1;
REFRESH MATERIALIZED VIEW mv1;
SELECT * FROM mv1 ORDER BY a;
REFRESH MATERIALIZED VIEW mv1 WITH NO DATA;
SELECT * FROM mv1;
REFRESH MATERIALIZED VIEW mv1 WITH DATA;
-- CONCURRENTLY needs a unique index on plain columns with no WHERE
REFRESH MATERIALIZED VIEW CONCURRENTLY mv1;
CREATE UNIQUE INDEX mv1_b ON mv1 (b) WHERE a > 5;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv1;
CREATE UNIQUE INDEX mv1_a ON mv1 (a);
REFRESH MATERIALIZED VIEW CONCURRENTLY mv1 WITH NO DATA;
DELETE FROM mv_src WHERE a = 0;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv1;
SELECT * FROM mv1 ORDER BY a;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT b FROM mv1 WHERE a = 2;
RESET enable_seqscan;
ANALYZE mv1;
SELECT count(*) FROM pg_stats WHERE tablename = 'mv1';
-- only REFRESH changes it
INSERT INTO mv1 VALUES (9, 'q');
UPDATE mv1 SET a = 1;
DELETE FROM mv1;
TRUNCATE mv1;
SELECT * FROM mv1 FOR UPDATE;
ALTER MATERIALIZED VIEW mv1 ADD COLUMN c int;
ALTER TABLE mv1 ADD COLUMN c int;
REFRESH MATERIALIZED VIEW mv_src;
REFRESH MATERIALIZED VIEW mv_nosuch;
-- DROP TABLE / VIEW on it, and DROP MATERIALIZED VIEW on others
DROP TABLE mv1;
DROP VIEW mv1;
DROP MATERIALIZED VIEW mv_src;
DROP MATERIALIZED VIEW mv_nosuch;
DROP MATERIALIZED VIEW IF EXISTS mv_nosuch;
-- catalogs
SELECT schemaname, matviewname, matviewowner = current_user, tablespace, hasindexes, ispopulated FROM pg_matviews ORDER BY matviewname;
SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'mv%';
SELECT count(*) FROM information_schema.columns WHERE table_name = 'mv1';
SELECT tablename FROM pg_tables WHERE tablename LIKE 'mv%';
SELECT indexname FROM pg_indexes WHERE tablename = 'mv1' ORDER BY 1;
SELECT relname, relkind, relhasindex FROM pg_class WHERE relname LIKE 'mv%' AND relkind IN ('m', 'v') ORDER BY 1;
-- ALTER: renames and owner
ALTER MATERIALIZED VIEW mv1 RENAME COLUMN b TO bb;
ALTER MATERIALIZED VIEW mv1 RENAME TO mv2;
ALTER MATERIALIZED VIEW IF EXISTS mv_nosuch RENAME TO mv3;
ALTER MATERIALIZED VIEW mv_src RENAME TO mv3;
ALTER MATERIALIZED VIEW mv2 OWNER TO CURRENT_USER;
SELECT a, bb FROM mv2 ORDER BY a;
CREATE SCHEMA mv_s;
ALTER MATERIALIZED VIEW mv_cols SET SCHEMA mv_s;
ALTER MATERIALIZED VIEW mv_cols SET SCHEMA mv_nosuch;
ALTER MATERIALIZED VIEW mv_s.mv_cols SET SCHEMA mv_nosuch;
SELECT schemaname, matviewname FROM pg_matviews WHERE matviewname = 'mv_cols';
SELECT count(*) FROM mv_s.mv_cols;
DROP SCHEMA mv_s CASCADE;
COMMENT ON MATERIALIZED VIEW mv2 IS 'a materialized view';
SELECT obj_description('mv2'::regclass);
-- dependencies
CREATE VIEW mv_v AS SELECT * FROM mv2;
DROP TABLE mv_src;
DROP MATERIALIZED VIEW mv2;
DROP MATERIALIZED VIEW mv2 CASCADE;
DROP TABLE mv_src CASCADE;
SELECT count(*) FROM pg_matviews;
