-- ON COMMIT DELETE ROWS: emptied at every commit, in autocommit too
CREATE TEMP TABLE oc_del (x int PRIMARY KEY, t text) ON COMMIT DELETE ROWS;
INSERT INTO oc_del VALUES (1, 'a'), (2, 'b');
SELECT count(*) FROM oc_del;
BEGIN;
INSERT INTO oc_del VALUES (1, 'a'), (2, 'b');
SELECT x, t FROM oc_del ORDER BY x;
SELECT t FROM oc_del WHERE x = 2;
COMMIT;
SELECT count(*) FROM oc_del;
BEGIN;
INSERT INTO oc_del VALUES (1, 'again');
SELECT t FROM oc_del WHERE x = 1;
ROLLBACK;
SELECT count(*) FROM oc_del;
-- a savepoint's rows go at the commit too
BEGIN;
SAVEPOINT s1;
INSERT INTO oc_del VALUES (5, 'sp');
RELEASE SAVEPOINT s1;
SELECT count(*) FROM oc_del;
COMMIT;
SELECT count(*) FROM oc_del;
-- CREATE TEMP TABLE AS with ON COMMIT DELETE ROWS: filled, then emptied by its own commit
CREATE TEMP TABLE oc_ctas ON COMMIT DELETE ROWS AS SELECT g AS x FROM generate_series(1, 3) g;
SELECT count(*) FROM oc_ctas;
CREATE TEMPORARY TABLE oc_ctas2 (a) ON COMMIT PRESERVE ROWS AS SELECT 7;
SELECT a FROM oc_ctas2;
-- ON COMMIT PRESERVE ROWS is the default behaviour
CREATE LOCAL TEMP TABLE oc_pres (x int) ON COMMIT PRESERVE ROWS;
INSERT INTO oc_pres VALUES (1), (2);
SELECT count(*) FROM oc_pres;
CREATE GLOBAL TEMPORARY TABLE oc_glob (x int) ON COMMIT DELETE ROWS;
INSERT INTO oc_glob VALUES (1);
SELECT count(*) FROM oc_glob;
-- ON COMMIT DROP: gone when the creating transaction commits
BEGIN;
CREATE TEMP TABLE oc_drop (x serial, y int) ON COMMIT DROP;
INSERT INTO oc_drop (y) VALUES (10), (20);
SELECT x, y FROM oc_drop ORDER BY x;
CREATE TEMP VIEW oc_drop_v AS SELECT y FROM oc_drop;
SELECT sum(y) FROM oc_drop_v;
COMMIT;
SELECT * FROM oc_drop;
SELECT * FROM oc_drop_v;
SELECT count(*) FROM pg_class WHERE relname IN ('oc_drop', 'oc_drop_x_seq', 'oc_drop_v');
CREATE TEMP TABLE oc_auto (x int) ON COMMIT DROP;
SELECT * FROM oc_auto;
CREATE TEMP TABLE oc_auto2 ON COMMIT DROP AS SELECT 1 AS x;
SELECT * FROM oc_auto2;
-- rolled back: nothing left, the name is free again
BEGIN;
CREATE TEMP TABLE oc_rb (x int) ON COMMIT DROP;
INSERT INTO oc_rb VALUES (1);
ROLLBACK;
CREATE TEMP TABLE oc_rb (x int);
INSERT INTO oc_rb VALUES (3);
SELECT x FROM oc_rb;
-- pg_temp written out is a temporary table too
CREATE TABLE pg_temp.oc_q (x int) ON COMMIT DELETE ROWS;
INSERT INTO pg_temp.oc_q VALUES (1);
SELECT count(*) FROM pg_temp.oc_q;
SELECT relname, relpersistence, relkind FROM pg_class WHERE relname IN ('oc_del', 'oc_del_pkey', 'oc_pres', 'oc_q') ORDER BY relname;
-- errors: ON COMMIT only on temporary tables, not on materialized views
CREATE TABLE oc_perm (x int) ON COMMIT DROP;
CREATE TABLE oc_perm (x int) ON COMMIT PRESERVE ROWS;
CREATE UNLOGGED TABLE oc_perm (x int) ON COMMIT DELETE ROWS;
CREATE TABLE oc_perm ON COMMIT DELETE ROWS AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW oc_mv ON COMMIT DROP AS SELECT 1;
CREATE TEMP TABLE oc_bad (x int) ON COMMIT DELETE;
-- CREATE UNLOGGED TABLE: relpersistence 'u' for the table and its indexes
CREATE UNLOGGED TABLE ul (id int PRIMARY KEY, v text UNIQUE);
INSERT INTO ul SELECT g, 'v' || g FROM generate_series(1, 200) g;
SELECT count(*), min(id), max(id) FROM ul;
SELECT v FROM ul WHERE id = 77;
CREATE INDEX ul_v_idx ON ul (v);
SELECT id FROM ul WHERE v = 'v150';
SELECT relname, relpersistence, relkind FROM pg_class WHERE relname LIKE 'ul%' ORDER BY relname;
UPDATE ul SET v = v || '!' WHERE id <= 10;
DELETE FROM ul WHERE id > 100;
SELECT count(*), count(*) FILTER (WHERE v LIKE '%!') FROM ul;
VACUUM ul;
ANALYZE ul;
SELECT count(*) FROM ul;
TRUNCATE ul;
SELECT count(*) FROM ul;
INSERT INTO ul VALUES (1, 'one');
SELECT relpersistence FROM pg_class WHERE relname = 'ul_pkey';
-- CREATE UNLOGGED TABLE AS and SELECT INTO UNLOGGED
CREATE UNLOGGED TABLE ul_as AS SELECT g AS n FROM generate_series(1, 5) g;
SELECT g AS n INTO UNLOGGED ul_into FROM generate_series(1, 3) g;
SELECT relname, relpersistence FROM pg_class WHERE relname IN ('ul_as', 'ul_into') ORDER BY relname;
SELECT (SELECT sum(n) FROM ul_as), (SELECT sum(n) FROM ul_into);
CREATE UNLOGGED MATERIALIZED VIEW ul_mv AS SELECT 1;
-- foreign keys: permanent → permanent only; unlogged → permanent or unlogged
CREATE TABLE ul_parent (id int PRIMARY KEY);
INSERT INTO ul_parent VALUES (1), (2);
CREATE UNLOGGED TABLE ul_child (id int PRIMARY KEY REFERENCES ul_parent);
INSERT INTO ul_child VALUES (1);
INSERT INTO ul_child VALUES (3);
CREATE TABLE ul_perm_child (id int REFERENCES ul_child);
CREATE UNLOGGED TABLE ul_grandchild (id int REFERENCES ul_child);
CREATE TEMP TABLE ul_temp_child (id int REFERENCES ul_child);
-- ALTER TABLE … SET LOGGED / SET UNLOGGED
CREATE UNLOGGED TABLE ul_alter (id int PRIMARY KEY, v text);
INSERT INTO ul_alter SELECT g, 'a' || g FROM generate_series(1, 50) g;
ALTER TABLE ul_alter SET LOGGED;
SELECT relname, relpersistence FROM pg_class WHERE relname IN ('ul_alter', 'ul_alter_pkey') ORDER BY relname;
SELECT count(*), max(v) FROM ul_alter;
SELECT v FROM ul_alter WHERE id = 42;
ALTER TABLE ul_alter SET LOGGED;
ALTER TABLE ul_alter SET UNLOGGED;
SELECT relname, relpersistence FROM pg_class WHERE relname IN ('ul_alter', 'ul_alter_pkey') ORDER BY relname;
SELECT count(*) FROM ul_alter;
BEGIN;
ALTER TABLE ul_alter SET LOGGED;
ROLLBACK;
SELECT relpersistence FROM pg_class WHERE relname = 'ul_alter';
SELECT count(*) FROM ul_alter;
ALTER TABLE IF EXISTS ul_missing SET LOGGED;
ALTER TABLE ul_grandchild SET LOGGED;
ALTER TABLE ul_child SET UNLOGGED;
ALTER TABLE ul_parent SET UNLOGGED;
ALTER TABLE oc_pres SET LOGGED;
CREATE VIEW ul_view AS SELECT 1 AS x;
ALTER TABLE ul_view SET LOGGED;
