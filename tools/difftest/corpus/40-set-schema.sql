-- setup: ALTER TABLE … SET SCHEMA moves the table, its indexes, owned sequences and constraints
CREATE SCHEMA ss40;
CREATE TABLE t40 (id serial PRIMARY KEY, g int GENERATED ALWAYS AS IDENTITY, c int UNIQUE CHECK (c > 0), d text DEFAULT 'x');
CREATE INDEX t40_d ON t40 (lower(d)) WHERE c > 1;
INSERT INTO t40 (c) VALUES (1), (2);
ALTER TABLE t40 SET SCHEMA ss40;
SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE 't40%' ORDER BY 1;
SELECT conname, connamespace::regnamespace FROM pg_constraint WHERE conrelid = 'ss40.t40'::regclass ORDER BY 1;
SELECT attname, pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum WHERE adrelid = 'ss40.t40'::regclass ORDER BY 1;
SELECT pg_get_serial_sequence('ss40.t40', 'id'), pg_get_serial_sequence('ss40.t40', 'g');
INSERT INTO ss40.t40 (c) VALUES (3);
SELECT id, g, c, d FROM ss40.t40 ORDER BY id;
SELECT * FROM t40;
SELECT pg_get_indexdef('ss40.t40_d'::regclass);
SELECT id FROM ss40.t40 WHERE c = 2;
INSERT INTO ss40.t40 (c) VALUES (3);
INSERT INTO ss40.t40 (c) VALUES (0);
-- errors
ALTER TABLE ss40.t40 SET SCHEMA nosuch40;
ALTER TABLE nosuch40 SET SCHEMA ss40;
ALTER TABLE IF EXISTS nosuch40 SET SCHEMA ss40;
CREATE TABLE t40 (x int);
ALTER TABLE t40 SET SCHEMA ss40;
DROP TABLE t40;
CREATE TABLE t40_pkey (x int);
ALTER TABLE ss40.t40 SET SCHEMA difftest_40_set_schema;
DROP TABLE t40_pkey;
CREATE SEQUENCE t40_id_seq;
ALTER TABLE ss40.t40 SET SCHEMA difftest_40_set_schema;
DROP SEQUENCE t40_id_seq;
SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 't40';
-- to its own schema: nothing happens
ALTER TABLE ss40.t40 SET SCHEMA ss40;
-- back, in a transaction that rolls back, then for good
BEGIN;
ALTER TABLE ss40.t40 SET SCHEMA difftest_40_set_schema;
SELECT count(*) FROM t40;
ROLLBACK;
SELECT count(*) FROM ss40.t40;
ALTER TABLE ss40.t40 SET SCHEMA difftest_40_set_schema;
SELECT attname, pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum WHERE adrelid = 't40'::regclass ORDER BY 1;
INSERT INTO t40 (c) VALUES (4);
SELECT id, g, c FROM t40 ORDER BY id;
SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE 't40%' ORDER BY 1;
-- a foreign key keeps working both ways
CREATE TABLE r40 (id int REFERENCES t40 (id));
ALTER TABLE t40 SET SCHEMA ss40;
INSERT INTO r40 VALUES (1);
INSERT INTO r40 VALUES (99);
ALTER TABLE r40 SET SCHEMA ss40;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ss40.r40'::regclass;
DROP SCHEMA ss40 CASCADE;
