-- pg_stat_user_tables / pg_stat_user_indexes counters: rows written, live and dead estimates, scans. PostgreSQL sends a backend's counts at most once a second; pg_stat_force_next_flush() makes it send them before the next statement reads them
CREATE TABLE psc_t (id int PRIMARY KEY, v int, note text);
CREATE TABLE psc_u (id int, v int);
INSERT INTO psc_t SELECT g, g, 'n' || g FROM generate_series(1, 10) g;
UPDATE psc_t SET v = v + 1 WHERE v <= 3;
DELETE FROM psc_t WHERE id = 10;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname LIKE 'psc\_%' ORDER BY relname;
-- a rolled-back transaction: its rows count as written, its inserted and updated rows as dead
BEGIN;
INSERT INTO psc_t VALUES (100, 0, 'x'), (101, 0, 'y');
UPDATE psc_t SET note = 'z' WHERE id = 1;
DELETE FROM psc_t WHERE id = 2;
ROLLBACK;
-- a rolled-back savepoint inside a committed transaction
BEGIN;
INSERT INTO psc_t VALUES (200, 0, 'a');
SAVEPOINT s;
INSERT INTO psc_t VALUES (201, 0, 'b'), (202, 0, 'c');
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'psc_t';
-- VACUUM counts the live rows and removes the dead ones
VACUUM psc_t;
SELECT pg_stat_force_next_flush();
SELECT relname, n_live_tup, n_dead_tup, n_ins_since_vacuum, vacuum_count FROM pg_stat_user_tables WHERE relname = 'psc_t';
-- sequential scans of a table without indexes: each scan, and the live rows it returned (before any filter)
INSERT INTO psc_u SELECT g, g % 4 FROM generate_series(1, 20) g;
DELETE FROM psc_u WHERE id > 18;
SELECT count(*) FROM psc_u WHERE v = 1;
SELECT max(id) FROM psc_u;
UPDATE psc_u SET v = 9 WHERE id = 1;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_upd, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'psc_u';
-- index scans (sequential scans off): each scan of the index, the entries it returned, the live rows fetched
SET enable_seqscan = off;
SELECT v FROM psc_t WHERE id = 5;
SELECT v FROM psc_t WHERE id = 6;
SELECT v FROM psc_t WHERE id = 9999;
RESET enable_seqscan;
SELECT pg_stat_force_next_flush();
SELECT relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes WHERE relname = 'psc_t';
SELECT relname, seq_scan, idx_scan, idx_tup_fetch FROM pg_stat_user_tables WHERE relname = 'psc_t';
-- a committed TRUNCATE: no rows left but those its transaction wrote after it
BEGIN;
TRUNCATE psc_u;
INSERT INTO psc_u VALUES (1, 1), (2, 2), (3, 3);
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'psc_u';
-- resetting one table's counters
SELECT pg_stat_reset_single_table_counters('psc_u'::regclass);
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, n_tup_ins, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'psc_u';
-- index builds read the table with a sequential scan, which PostgreSQL counts (every version it returned)
CREATE TABLE psc_b (id int PRIMARY KEY, v int UNIQUE, w int);
INSERT INTO psc_b SELECT g, g, g FROM generate_series(1, 30) g;
DELETE FROM psc_b WHERE w > 25;
CREATE INDEX psc_b_w ON psc_b (w);
REINDEX TABLE psc_b;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, seq_tup_read, idx_scan, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'psc_b';
