-- setup: a parent and children whose foreign keys are checked at different times
CREATE TABLE dp (id int PRIMARY KEY, name text);
CREATE TABLE dc (id int PRIMARY KEY, pid int REFERENCES dp DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE di (id int PRIMARY KEY, pid int, CONSTRAINT di_fk FOREIGN KEY (pid) REFERENCES dp (id) DEFERRABLE INITIALLY IMMEDIATE);
CREATE TABLE dn (id int PRIMARY KEY, pid int REFERENCES dp NOT DEFERRABLE);
INSERT INTO dp VALUES (1, 'one'), (2, 'two');
-- the catalogs
SELECT conname, contype, condeferrable, condeferred FROM pg_constraint WHERE conrelid IN ('dc'::regclass, 'di'::regclass, 'dn'::regclass) ORDER BY conname;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('dc'::regclass, 'di'::regclass, 'dn'::regclass) ORDER BY conname;
SELECT constraint_name, constraint_type, is_deferrable, initially_deferred FROM information_schema.table_constraints WHERE table_name IN ('dc', 'di', 'dn') AND constraint_type <> 'CHECK' ORDER BY constraint_name;
-- psql \d's foreign key query
SELECT conname, pg_catalog.pg_get_constraintdef(r.oid, true) AS condef FROM pg_catalog.pg_constraint r WHERE r.conrelid = 'dc'::regclass AND r.contype = 'f' ORDER BY 1;
-- a deferred key: the child may come first, the parent before COMMIT
BEGIN;
INSERT INTO dc VALUES (1, 10);
SELECT count(*) FROM dc;
INSERT INTO dp VALUES (10, 'ten');
COMMIT;
SELECT * FROM dc ORDER BY id;
-- a deferred key still missing at COMMIT: COMMIT fails and rolls back
BEGIN;
INSERT INTO dc VALUES (2, 20);
INSERT INTO dc VALUES (3, 1);
COMMIT;
SELECT * FROM dc ORDER BY id;
-- outside a block the statement's own commit checks it
INSERT INTO dc VALUES (4, 40);
INSERT INTO dc VALUES (4, 2);
-- a row fixed up later in the transaction passes
BEGIN;
INSERT INTO dc VALUES (5, 50);
UPDATE dc SET pid = 1 WHERE id = 5;
COMMIT;
-- a row inserted then deleted passes
BEGIN;
INSERT INTO dc VALUES (6, 60);
DELETE FROM dc WHERE id = 6;
COMMIT;
-- an own row updated without touching the key is still checked
BEGIN;
INSERT INTO dc VALUES (7, 70);
UPDATE dc SET id = 8 WHERE id = 7;
COMMIT;
SELECT * FROM dc ORDER BY id;
-- deleting a referenced parent: NO ACTION is deferred too, and a new parent row with the key fixes it
BEGIN;
DELETE FROM dp WHERE id = 10;
INSERT INTO dp VALUES (10, 'ten again');
COMMIT;
BEGIN;
DELETE FROM dp WHERE id = 10;
COMMIT;
SELECT * FROM dp ORDER BY id;
-- an immediate deferrable key fails at the end of the statement
BEGIN;
INSERT INTO di VALUES (1, 30);
ROLLBACK;
-- SET CONSTRAINTS defers it
BEGIN;
SET CONSTRAINTS di_fk DEFERRED;
INSERT INTO di VALUES (1, 30);
INSERT INTO dp VALUES (30, 'thirty');
COMMIT;
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO di VALUES (2, 31);
INSERT INTO dc VALUES (9, 32);
SET CONSTRAINTS di_fk IMMEDIATE;
ROLLBACK;
-- SET CONSTRAINTS IMMEDIATE checks the pending rows at once
BEGIN;
INSERT INTO dc VALUES (9, 33);
SET CONSTRAINTS dc_pid_fkey IMMEDIATE;
ROLLBACK;
BEGIN;
INSERT INTO dc VALUES (9, 33);
INSERT INTO dp VALUES (33, 'x');
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO dc VALUES (10, 34);
ROLLBACK;
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS dc_pid_fkey DEFERRED;
INSERT INTO dc VALUES (9, 35);
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO dp VALUES (35, 'y');
COMMIT;
-- names: schema-qualified, unknown, not deferrable
BEGIN;
SET CONSTRAINTS public.dc_pid_fkey, di_fk DEFERRED;
SET CONSTRAINTS nope DEFERRED;
ROLLBACK;
BEGIN;
SET CONSTRAINTS dn_pid_fkey DEFERRED;
ROLLBACK;
BEGIN;
SET CONSTRAINTS dn_pid_fkey IMMEDIATE;
SET CONSTRAINTS nosuchschema.x DEFERRED;
ROLLBACK;
SET CONSTRAINTS ALL DEFERRED;
-- savepoints: ROLLBACK TO drops the checks queued since
BEGIN;
INSERT INTO dc VALUES (11, 1);
SAVEPOINT s;
INSERT INTO dc VALUES (12, 99);
ROLLBACK TO s;
COMMIT;
-- a check that passed after the savepoint runs again after ROLLBACK TO
BEGIN;
INSERT INTO dc VALUES (13, 77);
SAVEPOINT s;
INSERT INTO dp VALUES (77, 'seventy-seven');
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK TO s;
COMMIT;
-- SET CONSTRAINTS inside a rolled-back savepoint is undone
BEGIN;
SAVEPOINT s;
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK TO s;
INSERT INTO dc VALUES (14, 88);
INSERT INTO dp VALUES (88, 'eighty-eight');
COMMIT;
SELECT * FROM dc ORDER BY id;
-- an error in a failed block: COMMIT answers ROLLBACK, no check runs
BEGIN;
INSERT INTO dc VALUES (15, 1000);
SELECT 1 / 0;
COMMIT;
-- several statements in one message share one transaction and one check at its end
INSERT INTO dc VALUES (16, 1001); INSERT INTO dp VALUES (1001, 'z');
INSERT INTO dc VALUES (17, 1002); SELECT 1;
SELECT * FROM dc WHERE id >= 15 ORDER BY id;
-- ALTER TABLE ADD CONSTRAINT … DEFERRABLE
CREATE TABLE da (id int, pid int);
ALTER TABLE da ADD CONSTRAINT da_fk FOREIGN KEY (pid) REFERENCES dp DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE da ADD CONSTRAINT da_fk2 FOREIGN KEY (pid) REFERENCES dp INITIALLY DEFERRED;
ALTER TABLE da ADD CONSTRAINT da_fk3 FOREIGN KEY (pid) REFERENCES dp NOT DEFERRABLE INITIALLY DEFERRED;
SELECT conname, condeferrable, condeferred, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'da'::regclass ORDER BY conname;
BEGIN;
INSERT INTO da VALUES (1, 500);
UPDATE da SET pid = 2;
COMMIT;
-- misplaced clauses
CREATE TABLE dz (a int CHECK (a > 0) DEFERRABLE);
CREATE TABLE dz (a int NOT NULL INITIALLY DEFERRED);
-- cascading actions are never deferred
CREATE TABLE dcas (id int PRIMARY KEY, pid int REFERENCES dp ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED);
INSERT INTO dcas VALUES (1, 2);
BEGIN;
DELETE FROM dp WHERE id = 2;
SELECT count(*) FROM dcas;
ROLLBACK;
-- deferrable UNIQUE and PRIMARY KEY: an immediate one is checked at the end of the statement
CREATE TABLE du (id int PRIMARY KEY DEFERRABLE, v int UNIQUE DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE dnu (id int PRIMARY KEY, v int);
INSERT INTO du VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO dnu VALUES (1, 1), (2, 2), (3, 3);
UPDATE du SET id = id + 1;
UPDATE dnu SET id = id + 1;
SELECT * FROM du ORDER BY id;
INSERT INTO du VALUES (2, 10);
SELECT conname, contype, condeferrable, condeferred, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'du'::regclass ORDER BY conname;
SELECT pg_get_indexdef('du_pkey'::regclass);
-- a deferred unique key: duplicates may exist until COMMIT
BEGIN;
INSERT INTO du VALUES (10, 2);
SELECT count(*) FROM du WHERE v = 2;
UPDATE du SET v = 20 WHERE id = 2;
COMMIT;
BEGIN;
INSERT INTO du VALUES (11, 3);
COMMIT;
BEGIN;
INSERT INTO du VALUES (11, 3);
SET CONSTRAINTS du_v_key IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS du_pkey DEFERRED;
INSERT INTO du VALUES (2, 50);
DELETE FROM du WHERE v = 1;
COMMIT;
SELECT * FROM du ORDER BY id;
-- ON CONFLICT cannot use a deferrable key
INSERT INTO du VALUES (100, 100) ON CONFLICT DO NOTHING;
INSERT INTO du VALUES (100, 100) ON CONFLICT (id) DO NOTHING;
-- a foreign key cannot reference a deferrable key
CREATE TABLE dref (a int REFERENCES du);
CREATE TABLE dref (a int REFERENCES du (v));
-- ALTER TABLE ADD deferrable keys
CREATE TABLE dk (a int, b int);
INSERT INTO dk VALUES (1, 1), (2, 2);
ALTER TABLE dk ADD CONSTRAINT dk_a UNIQUE (a) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE dk ADD PRIMARY KEY (b) DEFERRABLE;
SELECT conname, condeferrable, condeferred FROM pg_constraint WHERE conrelid = 'dk'::regclass ORDER BY conname;
BEGIN;
UPDATE dk SET a = 3 - a;
UPDATE dk SET b = 1;
ROLLBACK;
SELECT constraint_name, is_deferrable, initially_deferred FROM information_schema.table_constraints WHERE table_name = 'dk' AND constraint_type <> 'CHECK' ORDER BY constraint_name;
-- INCLUDE on PRIMARY KEY and UNIQUE: stored after the key, not part of uniqueness
CREATE TABLE dinc (a int, b int, c text, PRIMARY KEY (a) INCLUDE (b), UNIQUE (b) INCLUDE (c, a));
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dinc'::regclass ORDER BY conname;
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'dinc'::regclass ORDER BY 1;
SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'dinc'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO dinc VALUES (1, 1, 'x'), (2, 2, 'x');
INSERT INTO dinc VALUES (1, 3, 'y');
INSERT INTO dinc VALUES (3, 1, 'x');
INSERT INTO dinc VALUES (3, NULL, NULL);
SELECT a, b FROM dinc WHERE a = 2;
CREATE TABLE dinc2 (a int, UNIQUE (a) INCLUDE (nope));
CREATE TABLE dinc3 (a int, b int);
ALTER TABLE dinc3 ADD CONSTRAINT dinc3_k UNIQUE (a) INCLUDE (b) DEFERRABLE;
ALTER TABLE dinc3 ADD PRIMARY KEY (b) INCLUDE (a);
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dinc3'::regclass ORDER BY conname;
-- WITH (storage parameters) on key constraints, checked as CREATE INDEX's
CREATE TABLE dwith (a int PRIMARY KEY WITH (fillfactor = 70), b int, c int, UNIQUE (b) WITH (fillfactor = 80, deduplicate_items = off), UNIQUE (c) INCLUDE (a) WITH (fillfactor = 90) DEFERRABLE);
SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE i.indrelid = 'dwith'::regclass ORDER BY 1;
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'dwith'::regclass ORDER BY 1;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dwith'::regclass ORDER BY conname;
CREATE TABLE dwith2 (a int PRIMARY KEY WITH (fillfactor = 5));
CREATE TABLE dwith2 (a int UNIQUE WITH (nosuch = 1));
CREATE TABLE dwith2 (a int, UNIQUE (a) WITH (fillfactor = 70, fillfactor = 80));
ALTER TABLE dinc3 ADD CONSTRAINT dinc3_w UNIQUE (b) WITH (fillfactor = 60);
SELECT reloptions FROM pg_class WHERE relname = 'dinc3_w';
-- USING INDEX TABLESPACE: pg_default only
CREATE TABLE dts (a int PRIMARY KEY USING INDEX TABLESPACE pg_default, b int, UNIQUE (b) WITH (fillfactor = 75) USING INDEX TABLESPACE pg_default);
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dts'::regclass ORDER BY conname;
CREATE TABLE dts2 (a int PRIMARY KEY USING INDEX TABLESPACE nosuch);
CREATE TABLE dts2 (a int, UNIQUE (a) USING INDEX TABLESPACE pg_global);
-- DDL on a table with deferred checks not yet run is refused
BEGIN;
INSERT INTO dc VALUES (30, 1);
ALTER TABLE dc ADD COLUMN x int;
ROLLBACK;
BEGIN;
INSERT INTO dc VALUES (30, 1);
TRUNCATE dc;
ROLLBACK;
BEGIN;
INSERT INTO dc VALUES (30, 1);
DROP TABLE dc;
ROLLBACK;
BEGIN;
DELETE FROM dp WHERE id = 1;
ALTER TABLE dp ADD COLUMN y int;
ROLLBACK;
BEGIN;
INSERT INTO dc VALUES (30, 1);
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE dc ADD COLUMN x int;
ROLLBACK;
SELECT count(*) FROM dc WHERE id = 30;
-- psql \d's index query shows deferrable keys and INCLUDE
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x')) WHERE c.oid = 'du'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid ORDER BY i.indisprimary DESC, c2.relname;
SELECT c2.relname, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), pg_catalog.pg_get_constraintdef(con.oid, true), condeferrable, condeferred FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x')) WHERE c.oid = 'dwith'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid ORDER BY i.indisprimary DESC, c2.relname;
