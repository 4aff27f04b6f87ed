-- setup: ADD CONSTRAINT … NOT VALID leaves the existing rows unchecked
CREATE TABLE nvp (id int PRIMARY KEY);
CREATE TABLE nvc (a int, p int);
INSERT INTO nvc VALUES (-1, 5), (3, NULL);
ALTER TABLE nvc ADD CONSTRAINT c1 CHECK (a > 0) NOT VALID;
ALTER TABLE nvc ADD CONSTRAINT f1 FOREIGN KEY (p) REFERENCES nvp NOT VALID;
SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = 'nvc'::regclass ORDER BY conname;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'f1';
-- new rows are checked
INSERT INTO nvc VALUES (-2, NULL);
INSERT INTO nvc VALUES (2, 7);
UPDATE nvc SET a = -3 WHERE a = 3;
-- VALIDATE scans and fails on a bad row
ALTER TABLE nvc VALIDATE CONSTRAINT c1;
ALTER TABLE nvc VALIDATE CONSTRAINT f1;
ALTER TABLE nvc VALIDATE CONSTRAINT nope;
ALTER TABLE nvp VALIDATE CONSTRAINT nvp_pkey;
-- NOT VALID is for CHECK and FOREIGN KEY in ALTER TABLE only
ALTER TABLE nvc ADD CONSTRAINT u1 UNIQUE (a) NOT VALID;
ALTER TABLE nvc ADD PRIMARY KEY (a) NOT VALID;
CREATE TABLE nvx (a int CHECK (a > 0) NOT VALID);
CREATE TABLE nvy (a int, CONSTRAINT cy CHECK (a > 0) NOT VALID);
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'nvy'::regclass;
-- fixed rows validate; a second VALIDATE is a no-op
UPDATE nvc SET a = 1, p = NULL WHERE a < 0;
ALTER TABLE nvc VALIDATE CONSTRAINT c1;
ALTER TABLE nvc VALIDATE CONSTRAINT f1;
ALTER TABLE nvc VALIDATE CONSTRAINT f1;
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'nvc'::regclass ORDER BY conname;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'f1';
-- VALIDATE is transactional
ALTER TABLE nvy ADD CONSTRAINT cz CHECK (a < 10) NOT VALID;
BEGIN;
ALTER TABLE nvy VALIDATE CONSTRAINT cz;
ROLLBACK;
SELECT conname, convalidated FROM pg_constraint WHERE conname = 'cz';
