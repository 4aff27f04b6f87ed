-- setup: storage parameters are stored as pg_class.reloptions
CREATE TABLE ro1 (a int) WITH (fillfactor = '70', autovacuum_enabled);
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
ALTER TABLE ro1 SET (autovacuum_enabled = OFF, autovacuum_vacuum_scale_factor = 0.05, vacuum_index_cleanup = auto, parallel_workers = 4, toast_tuple_target = 200);
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
ALTER TABLE ro1 SET (fillfactor = 80);
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
-- PostgreSQL's validation
ALTER TABLE ro1 SET (fillfactor = 70, fillfactor = 80);
ALTER TABLE ro1 SET (fillfactor = 5);
ALTER TABLE ro1 SET (fillfactor = 7.5);
ALTER TABLE ro1 SET (fillfactor);
ALTER TABLE ro1 SET (autovacuum_vacuum_scale_factor = 200);
ALTER TABLE ro1 SET (autovacuum_vacuum_scale_factor = abc);
ALTER TABLE ro1 SET (autovacuum_enabled = abc);
ALTER TABLE ro1 SET (vacuum_index_cleanup = maybe);
ALTER TABLE ro1 SET (bogus = 1);
ALTER TABLE ro1 RESET (fillfactor = 3);
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
-- RESET removes names (unknown ones are ignored)
ALTER TABLE ro1 RESET (fillfactor, nope);
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
ALTER TABLE ro1 RESET (autovacuum_enabled, autovacuum_vacuum_scale_factor, vacuum_index_cleanup, parallel_workers, toast_tuple_target);
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
-- transactional
BEGIN;
ALTER TABLE ro1 SET (fillfactor = 50);
ROLLBACK;
SELECT reloptions FROM pg_class WHERE relname = 'ro1';
-- ALTER INDEX
CREATE INDEX ro1_i ON ro1 (a);
ALTER INDEX ro1_i SET (fillfactor = 60, deduplicate_items = off);
SELECT reloptions FROM pg_class WHERE relname = 'ro1_i';
ALTER INDEX ro1_i SET (fillfactor = 101);
ALTER INDEX ro1_i SET (autovacuum_enabled = false);
ALTER INDEX ro1_i RESET (deduplicate_items);
SELECT reloptions FROM pg_class WHERE relname = 'ro1_i';
ALTER TABLE ro1_i SET (fillfactor = 50);
SELECT reloptions FROM pg_class WHERE relname = 'ro1_i';
ALTER INDEX ro1 SET (fillfactor = 50);
CREATE INDEX ro1_h ON ro1 USING hash (a);
ALTER INDEX ro1_h SET (fillfactor = 40);
ALTER INDEX ro1_h SET (deduplicate_items = on);
ALTER INDEX ro1_i RENAME TO ro1_j;
SELECT relname FROM pg_class WHERE relname LIKE 'ro1\__' ORDER BY 1;
ALTER INDEX ro1_i RENAME TO ro1_k;
ALTER INDEX IF EXISTS ro1_i RENAME TO ro1_k;
ALTER INDEX ro1_j RENAME TO ro1_h;
CREATE TABLE ro2 (a int PRIMARY KEY);
ALTER INDEX ro2_pkey RENAME TO ro2_key;
SELECT conname FROM pg_constraint WHERE conrelid = 'ro2'::regclass;
