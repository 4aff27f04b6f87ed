-- setup: SELECT … INTO creates a table as CREATE TABLE AS does
CREATE TABLE sisrc (a int, b text);
INSERT INTO sisrc VALUES (1, 'one'), (2, 'two'), (3, 'three');
SELECT a, b INTO si1 FROM sisrc WHERE a > 1;
SELECT * FROM si1 ORDER BY a;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'si1'::regclass AND attnum > 0 ORDER BY attnum;
SELECT 1 AS x, 'lit' AS y INTO TABLE si2;
SELECT x, y, pg_typeof(y) FROM si2;
SELECT a * 10 AS t INTO TEMP si3 FROM sisrc ORDER BY a DESC LIMIT 2;
SELECT * FROM si3 ORDER BY t;
SELECT relpersistence FROM pg_class WHERE relname = 'si3';
SELECT a INTO TEMPORARY TABLE si4 FROM sisrc UNION SELECT 10;
SELECT * FROM si4 ORDER BY a;
WITH w AS (SELECT b FROM sisrc WHERE a = 3) SELECT * INTO si5 FROM w;
SELECT * FROM si5;
SELECT * INTO si6 FROM sisrc WHERE false;
SELECT count(*) FROM si6;
-- errors: the table exists, INTO anywhere but the top-level SELECT
SELECT 1 INTO si1;
SELECT * FROM (SELECT 1 INTO si7) s;
WITH w AS (SELECT 1 INTO si8) SELECT * FROM w;
SELECT * FROM sisrc WHERE a IN (SELECT 1 INTO si9);
CREATE VIEW siv AS SELECT 1 INTO si10;
SELECT * FROM (SELECT 1) s INTO si11;
-- in a transaction: rolled back with it
BEGIN;
SELECT 5 AS v INTO si12;
SELECT * FROM si12;
ROLLBACK;
SELECT * FROM si12;
