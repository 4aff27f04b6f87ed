-- setup: a job queue, its archive, a parent/child pair
CREATE TABLE jobs (id serial PRIMARY KEY, kind text NOT NULL, payload text, tries int DEFAULT 0);
CREATE TABLE archive (id int PRIMARY KEY, kind text, payload text, archived text DEFAULT 'yes', id10 int GENERATED ALWAYS AS (id * 10) STORED);
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (pid int REFERENCES parent, note text);
INSERT INTO jobs (kind, payload) SELECT CASE WHEN i % 3 = 0 THEN 'mail' ELSE 'sms' END, 'p' || i FROM generate_series(1, 12) i;
-- move jobs to the archive: the tag and count are the INSERT's
WITH moved AS (DELETE FROM jobs WHERE kind = 'mail' RETURNING id, kind, payload) INSERT INTO archive (id, kind, payload) SELECT * FROM moved;
SELECT * FROM archive ORDER BY id;
SELECT count(*) FROM jobs;
-- RETURNING shapes: expressions, renamed columns, the main statement's RETURNING
WITH moved(job, k) AS (DELETE FROM jobs WHERE id IN (1, 2) RETURNING id, upper(kind), payload || '!') SELECT * FROM moved ORDER BY job;
WITH moved AS (DELETE FROM jobs WHERE id = 4 RETURNING *) INSERT INTO archive (id, kind, payload) SELECT id, kind, payload FROM moved RETURNING id, archived, id10;
-- counts of each step in one query
WITH d AS (DELETE FROM jobs WHERE id IN (5, 7) RETURNING *), a AS (INSERT INTO archive (id, kind, payload) SELECT id, kind, payload FROM d RETURNING id) SELECT (SELECT count(*) FROM d) AS deleted, (SELECT count(*) FROM a) AS archived;
-- LIMIT on the outer query: every row is still deleted
WITH d AS (DELETE FROM jobs WHERE id > 9 RETURNING id) SELECT id FROM d ORDER BY id LIMIT 1;
SELECT id FROM jobs ORDER BY id;
-- an unreferenced CTE still runs, and the main query does not see its change
WITH d AS (DELETE FROM jobs WHERE id = 8) SELECT count(*) FROM jobs;
SELECT count(*) FROM jobs;
WITH i AS (INSERT INTO jobs (kind, payload) VALUES ('sms', 'late') RETURNING id, tries) SELECT * FROM i;
SELECT id, kind, payload, tries FROM jobs ORDER BY id;
-- UPDATE in WITH, main statement UPDATE reading it
WITH bumped AS (UPDATE jobs SET tries = tries + 1 WHERE kind = 'sms' RETURNING id, tries) SELECT id, tries FROM bumped ORDER BY id;
WITH u AS (UPDATE jobs SET tries = tries + 10 WHERE id = 3 RETURNING id) UPDATE jobs SET payload = 'main' WHERE id IN (SELECT id FROM u);
WITH u AS (UPDATE jobs SET tries = tries + 100 WHERE id = 6) UPDATE jobs SET tries = tries + 1000 WHERE id = 6;
SELECT id, payload, tries FROM jobs ORDER BY id;
-- DELETE as the main statement
WITH a AS (INSERT INTO archive (id, kind) VALUES (100, 'x') RETURNING id) DELETE FROM jobs WHERE id = 6 RETURNING id, kind;
-- ON CONFLICT in the CTE, upsert then select
WITH up AS (INSERT INTO archive (id, kind) VALUES (100, 'y'), (101, 'z') ON CONFLICT (id) DO UPDATE SET kind = archive.kind || EXCLUDED.kind RETURNING id, kind) SELECT * FROM up ORDER BY id;
WITH up AS (INSERT INTO archive (id, kind) VALUES (100, 'w') ON CONFLICT DO NOTHING RETURNING id) SELECT count(*) FROM up;
-- foreign keys are checked at the end of the whole statement
WITH p AS (INSERT INTO parent VALUES (1), (2) RETURNING id) INSERT INTO child SELECT id, 'n' FROM p;
WITH c AS (DELETE FROM child WHERE pid = 1) DELETE FROM parent WHERE id = 1;
WITH c AS (INSERT INTO child VALUES (9, 'orphan')) SELECT 1;
SELECT * FROM parent ORDER BY id;
SELECT * FROM child ORDER BY pid;
-- an error in one part rolls back every part
WITH d AS (DELETE FROM jobs RETURNING id, kind, payload) INSERT INTO archive (id, kind, payload) SELECT * FROM d;
SELECT count(*) FROM jobs;
BEGIN;
WITH d AS (DELETE FROM jobs WHERE id = 3 RETURNING id) SELECT * FROM d;
WITH d AS (INSERT INTO archive (id) VALUES (1) RETURNING id) SELECT * FROM d;
ROLLBACK;
SELECT count(*) FROM jobs;
-- errors PostgreSQL raises
WITH d AS (DELETE FROM jobs) SELECT * FROM d;
SELECT * FROM (WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d) s;
WITH x AS (WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d) SELECT * FROM x;
INSERT INTO archive (id) WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d;
WITH RECURSIVE d AS (DELETE FROM jobs WHERE id IN (SELECT id FROM d) RETURNING id) SELECT * FROM d;
CREATE VIEW v AS WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d;
BEGIN;
DECLARE c CURSOR FOR WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d;
ROLLBACK;
BEGIN READ ONLY;
WITH d AS (DELETE FROM jobs RETURNING id) SELECT id FROM d;
ROLLBACK;
SELECT count(*) FROM jobs;
-- WITH RECURSIVE beside a data-modifying CTE
WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 20), d AS (DELETE FROM jobs WHERE id IN (SELECT i FROM n) RETURNING id) SELECT count(*) FROM d;
SELECT count(*) FROM jobs;
-- the same key deleted and inserted again: the order PostgreSQL runs them in decides
CREATE TABLE kv (k int PRIMARY KEY, v int);
INSERT INTO kv VALUES (1, 1), (2, 2);
WITH d AS (DELETE FROM kv WHERE k = 1 RETURNING *) INSERT INTO kv SELECT k, v + 10 FROM d;
WITH d AS (DELETE FROM kv WHERE k = 2 RETURNING *) INSERT INTO kv VALUES (2, 100);
WITH i AS (INSERT INTO kv VALUES (3, 3) RETURNING *) DELETE FROM kv WHERE k = 3;
SELECT * FROM kv ORDER BY k;
-- EXPLAIN
EXPLAIN (COSTS OFF) WITH d AS (UPDATE kv SET v = 0) SELECT 1;
EXPLAIN (COSTS OFF) WITH d AS (DELETE FROM archive RETURNING *) SELECT * FROM d;
EXPLAIN (COSTS OFF) WITH d AS (UPDATE jobs SET tries = 0 RETURNING id), e AS (INSERT INTO archive (id) SELECT id FROM d RETURNING id) SELECT * FROM e;
