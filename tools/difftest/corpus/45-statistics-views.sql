-- setup: the statistics views have PostgreSQL 15's columns
CREATE TABLE st1 (a int PRIMARY KEY, b text);
CREATE INDEX st1_b ON st1 (b);
CREATE TABLE st2 (c int);
INSERT INTO st1 VALUES (1, 'x'), (2, 'y');
SELECT * FROM pg_stat_user_tables WHERE false;
SELECT * FROM pg_stat_all_tables WHERE false;
SELECT * FROM pg_stat_sys_tables WHERE false;
SELECT * FROM pg_stat_user_indexes WHERE false;
SELECT * FROM pg_stat_all_indexes WHERE false;
SELECT * FROM pg_stat_sys_indexes WHERE false;
SELECT * FROM pg_statio_user_tables WHERE false;
SELECT * FROM pg_statio_all_tables WHERE false;
SELECT * FROM pg_statio_sys_tables WHERE false;
SELECT * FROM pg_statio_user_indexes WHERE false;
SELECT * FROM pg_statio_all_indexes WHERE false;
SELECT * FROM pg_statio_sys_indexes WHERE false;
-- which relations each lists
SELECT relname, relid = (schemaname || '.' || relname)::regclass FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname;
SELECT relname, indexrelname FROM pg_stat_user_indexes WHERE schemaname = current_schema() ORDER BY indexrelname;
SELECT relname, indexrelname FROM pg_statio_user_indexes WHERE schemaname = current_schema() ORDER BY indexrelname;
SELECT relname FROM pg_statio_user_tables WHERE schemaname = current_schema() ORDER BY relname;
SELECT count(*) FROM pg_stat_sys_tables WHERE relname = 'pg_class';
SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'pg_catalog';
SELECT relname FROM pg_stat_all_tables WHERE schemaname = current_schema() ORDER BY relname;
-- NULL where PostgreSQL has no index (or TOAST table) to count
SELECT relname, idx_scan IS NULL, idx_tup_fetch IS NULL FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname;
SELECT relname, idx_blks_read IS NULL, idx_blks_hit IS NULL FROM pg_statio_user_tables WHERE schemaname = current_schema() ORDER BY relname;
-- fresh: never vacuumed or analyzed
SELECT relname, last_vacuum, last_analyze, vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname = 'st2';
-- ANALYZE and VACUUM are counted
ANALYZE st2;
SELECT last_analyze IS NOT NULL, analyze_count, vacuum_count FROM pg_stat_user_tables WHERE relname = 'st2';
VACUUM st2;
SELECT last_vacuum IS NOT NULL, vacuum_count FROM pg_stat_user_tables WHERE relname = 'st2';
SELECT c.relkind FROM pg_class c WHERE c.relname IN ('pg_stat_user_tables', 'pg_statio_all_indexes');
