-- VACUUM and its ANALYZE option: the statistics it leaves, warnings for what it skips.
-- Autovacuum off: statistics come only from what the statements below do.
CREATE TABLE vac_t (a int PRIMARY KEY, b text, c int) WITH (autovacuum_enabled = off);
INSERT INTO vac_t SELECT g, 'b' || (g % 10), g % 3 FROM generate_series(1, 2000) g;
UPDATE vac_t SET c = c + 1 WHERE a % 4 = 0;
DELETE FROM vac_t WHERE a > 1900;
CREATE INDEX vac_t_b ON vac_t (b);
CREATE VIEW vac_v AS SELECT a FROM vac_t;
SELECT attname FROM pg_stats WHERE tablename = 'vac_t' ORDER BY attname;
VACUUM vac_t;
SELECT attname FROM pg_stats WHERE tablename = 'vac_t' ORDER BY attname;
-- A column list needs ANALYZE; with it only those columns get statistics.
VACUUM vac_t (b);
VACUUM (ANALYZE) vac_t (b);
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'vac_t' ORDER BY attname;
VACUUM ANALYZE vac_t;
SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'vac_t' ORDER BY attname;
SELECT reltuples FROM pg_class WHERE relname = 'vac_t';
-- Not a table: a warning, then the tables named with it are still vacuumed.
VACUUM vac_v;
VACUUM (ANALYZE) vac_v;
VACUUM (ANALYZE) vac_v, vac_t;
VACUUM (ANALYZE, VERBOSE false) vac_t;
-- Inside a transaction block.
BEGIN;
VACUUM vac_t;
ROLLBACK;
-- Index lookups after the vacuum see what they should.
SET enable_seqscan = off;
SELECT count(*) FROM vac_t WHERE b = 'b3';
SELECT a, c FROM vac_t WHERE a IN (4, 5, 1950) ORDER BY a;
RESET enable_seqscan;
DROP VIEW vac_v;
DROP TABLE vac_t;
