-- setup: stored generated columns (GENERATED ALWAYS AS (expr) STORED), with a default beside them
CREATE TABLE gc (id int PRIMARY KEY, a int DEFAULT 4, b int GENERATED ALWAYS AS (a * 2) STORED, note text);
-- INSERT computes the column after defaults: VALUES, DEFAULT, a short list, a column list, SELECT
INSERT INTO gc VALUES (1, 1);
INSERT INTO gc VALUES (2, 2, DEFAULT, 'x');
INSERT INTO gc (id) VALUES (3);
INSERT INTO gc (id, note) VALUES (4, 'y');
INSERT INTO gc SELECT 5, 10;
INSERT INTO gc (id, a, b) VALUES (6, 3, DEFAULT), (7, NULL, DEFAULT);
-- RETURNING returns the computed value
INSERT INTO gc VALUES (8, 8) RETURNING id, a, b;
SELECT id, a, b, note FROM gc ORDER BY id;
-- writing the generated column: 428C9, whatever the source or OVERRIDING says
INSERT INTO gc VALUES (9, 1, 2);
INSERT INTO gc (id, b) VALUES (9, 2);
INSERT INTO gc SELECT 9, 1, 2;
INSERT INTO gc OVERRIDING SYSTEM VALUE VALUES (9, 1, 2);
INSERT INTO gc (id, a, b) VALUES (9, 1, DEFAULT), (10, 1, 5);
UPDATE gc SET b = 1;
UPDATE gc SET b = a;
-- UPDATE recomputes it; SET b = DEFAULT is allowed
UPDATE gc SET a = a + 10 WHERE id <= 2 RETURNING id, a, b;
UPDATE gc SET b = DEFAULT, note = 'z' WHERE id = 3 RETURNING id, b, note;
UPDATE gc SET note = 'w' WHERE id = 4 RETURNING b;
SELECT id, a, b FROM gc ORDER BY id;
-- the generated column is visible to WHERE, ORDER BY and aggregates like any column
SELECT count(*), sum(b), max(b) FROM gc WHERE b > 10;
-- constraints see the computed value: CHECK, NOT NULL, UNIQUE
CREATE TABLE gck (a int, b int GENERATED ALWAYS AS (a - 1) STORED CHECK (b >= 0), c int GENERATED ALWAYS AS (a) STORED NOT NULL);
INSERT INTO gck VALUES (1);
INSERT INTO gck VALUES (0);
INSERT INTO gck VALUES (NULL);
SELECT * FROM gck;
CREATE TABLE gcu (a int, b int GENERATED ALWAYS AS (a % 10) STORED UNIQUE);
INSERT INTO gcu VALUES (1), (2);
INSERT INTO gcu VALUES (11);
UPDATE gcu SET a = 12 WHERE a = 1;
-- ON CONFLICT: the arbiter sees the computed key; DO UPDATE recomputes; SET of b is 428C9
INSERT INTO gcu VALUES (21) ON CONFLICT (b) DO NOTHING;
INSERT INTO gcu VALUES (22) ON CONFLICT (b) DO UPDATE SET a = excluded.a + 10 RETURNING a, b;
INSERT INTO gcu VALUES (3) ON CONFLICT (b) DO UPDATE SET a = 0 RETURNING a, b;
INSERT INTO gcu VALUES (3) ON CONFLICT (b) DO UPDATE SET b = 1;
SELECT a, b FROM gcu ORDER BY a;
-- an index on the generated column serves lookups after updates
CREATE INDEX gc_b ON gc (b);
SELECT id FROM gc WHERE b = 22;
UPDATE gc SET a = 50 WHERE id = 1;
SELECT id FROM gc WHERE b = 100;
SELECT id FROM gc WHERE b = 22;
-- a generated column in a primary key and as a foreign key
CREATE TABLE gcp (a int, k int GENERATED ALWAYS AS (a + 1000) STORED PRIMARY KEY);
INSERT INTO gcp VALUES (1), (2) RETURNING k;
INSERT INTO gcp VALUES (1);
CREATE TABLE gcf (x int, ref int GENERATED ALWAYS AS (x + 1000) STORED REFERENCES gcp (k));
INSERT INTO gcf VALUES (1);
INSERT INTO gcf VALUES (3);
CREATE TABLE gcf2 (x int, ref int GENERATED ALWAYS AS (x) STORED REFERENCES gcp (k) ON DELETE SET NULL);
CREATE TABLE gcf3 (x int, ref int GENERATED ALWAYS AS (x) STORED REFERENCES gcp (k) ON UPDATE CASCADE);
-- ON UPDATE CASCADE into the column an expression reads recomputes it
CREATE TABLE gcpar (id int PRIMARY KEY);
CREATE TABLE gcchild (pid int REFERENCES gcpar ON UPDATE CASCADE, twice int GENERATED ALWAYS AS (pid * 2) STORED);
INSERT INTO gcpar VALUES (1), (2);
INSERT INTO gcchild VALUES (1), (2);
UPDATE gcpar SET id = id + 10;
SELECT pid, twice FROM gcchild ORDER BY pid;
-- definition errors: another generated column, a system column, a subquery, an aggregate, a window function, a set-returning function, a non-immutable function
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (c * 2) STORED, c int GENERATED ALWAYS AS (a) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (b + 1) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (xmin) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (ctid) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS ((SELECT 1)) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (a + (SELECT max(a) FROM gc)) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (sum(a)) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (row_number() OVER ()) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (generate_series(1, a)) STORED);
CREATE TABLE gce (a int, b float8 GENERATED ALWAYS AS (random()) STORED);
CREATE TABLE gce (a int, b timestamptz GENERATED ALWAYS AS (now()) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (nope) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS ($1) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (a::text) STORED);
-- definition errors: DEFAULT, identity, SERIAL or a second generation clause on the same column; VIRTUAL is not PostgreSQL 15
CREATE TABLE gce (a int, b int DEFAULT 1 GENERATED ALWAYS AS (a) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (a) STORED DEFAULT 1);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS IDENTITY GENERATED ALWAYS AS (a) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (a) STORED GENERATED ALWAYS AS IDENTITY);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (a) STORED GENERATED ALWAYS AS (a) STORED);
CREATE TABLE gce (a int, b serial GENERATED ALWAYS AS (a) STORED);
CREATE TABLE gce (a int, b int GENERATED ALWAYS AS (a) VIRTUAL);
-- an immutable expression of another type is assignment-cast
CREATE TABLE gct (a text, up text GENERATED ALWAYS AS (upper(a)) STORED, len bigint GENERATED ALWAYS AS (length(a)) STORED, n numeric(6, 1) GENERATED ALWAYS AS (length(a) / 3.0) STORED);
INSERT INTO gct VALUES ('hello'), (NULL) RETURNING *;
-- catalogs: attgenerated, pg_attrdef, information_schema
SELECT attname, attgenerated, atthasdef FROM pg_attribute WHERE attrelid = 'gct'::regclass AND attnum > 0 ORDER BY attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'gct'::regclass AND a.attname <> 'n' ORDER BY a.attnum;
SELECT column_name, column_default, is_generated, is_updatable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'gc' ORDER BY ordinal_position;
SELECT column_name, is_generated, generation_expression FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'gct' AND column_name IN ('a', 'up', 'len') ORDER BY ordinal_position;
-- ALTER TABLE: SET / DROP DEFAULT on a generated column, DROP EXPRESSION (IF EXISTS) on an ordinary one
ALTER TABLE gc ALTER COLUMN b SET DEFAULT 5;
ALTER TABLE gc ALTER COLUMN b DROP DEFAULT;
ALTER TABLE gc ALTER COLUMN note DROP EXPRESSION;
ALTER TABLE gc ALTER COLUMN note DROP EXPRESSION IF EXISTS;
ALTER TABLE gc ALTER COLUMN nope DROP EXPRESSION;
-- ALTER COLUMN TYPE of a column a generation expression reads
ALTER TABLE gc ALTER COLUMN a TYPE bigint;
-- DROP COLUMN of a column an expression reads needs CASCADE, which drops the generated column
ALTER TABLE gc DROP COLUMN a;
CREATE TABLE gcd (a int, b int GENERATED ALWAYS AS (a + 1) STORED, c int);
INSERT INTO gcd VALUES (1, DEFAULT, 1);
ALTER TABLE gcd DROP COLUMN a CASCADE;
SELECT * FROM gcd;
-- dropping the generated column itself needs nothing
ALTER TABLE gck DROP COLUMN b;
SELECT * FROM gck;
-- ADD COLUMN … GENERATED computes existing rows; it cannot read another generated column; its own CHECK sees it
CREATE TABLE gca (a int, b int);
INSERT INTO gca VALUES (1, 2), (3, 4), (NULL, 5);
ALTER TABLE gca ADD COLUMN s int GENERATED ALWAYS AS (a + b) STORED;
SELECT * FROM gca ORDER BY b;
ALTER TABLE gca ADD COLUMN t int GENERATED ALWAYS AS (s * 2) STORED;
ALTER TABLE gca ADD COLUMN t int GENERATED ALWAYS AS (a * 2) STORED CHECK (t < 5);
-- DROP EXPRESSION keeps the values; the column then takes writes
ALTER TABLE gca ALTER COLUMN s DROP EXPRESSION;
SELECT attname, attgenerated, atthasdef FROM pg_attribute WHERE attrelid = 'gca'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO gca VALUES (7, 8, 100);
UPDATE gca SET a = 0 WHERE b = 2;
SELECT * FROM gca ORDER BY b;
-- COPY: generated columns are not in the default column list and cannot be named (either direction)
COPY gca (a, s) TO STDOUT;
COPY gct (up) TO STDOUT;
COPY gct (up) FROM STDIN;
-- in a transaction: ROLLBACK undoes ADD COLUMN and DROP EXPRESSION
BEGIN;
ALTER TABLE gct ALTER COLUMN up DROP EXPRESSION;
ALTER TABLE gca ADD COLUMN g int GENERATED ALWAYS AS (b * 3) STORED;
SELECT * FROM gca ORDER BY b;
ROLLBACK;
SELECT attname, attgenerated FROM pg_attribute WHERE attrelid IN ('gct'::regclass, 'gca'::regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attrelid::regclass::text, attnum;
INSERT INTO gct VALUES ('again') RETURNING up, len;
-- the tables drop cleanly
DROP TABLE gc, gck, gcu, gcf, gcp, gcchild, gcpar, gct, gcd, gca;
