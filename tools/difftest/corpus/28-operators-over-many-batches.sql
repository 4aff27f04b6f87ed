-- setup: tables larger than one executor batch (the executor moves rows in batches of 256), so every
-- operator has to hand rows across batch boundaries correctly; answers are aggregates, so order does not matter
CREATE TABLE big_a AS SELECT g AS id, g % 7 AS k, 'a' || g AS s FROM generate_series(1, 3000) g;
CREATE TABLE big_b AS SELECT g AS id, g % 5 AS k FROM generate_series(1, 3000, 2) g;
CREATE TABLE big_c (id int PRIMARY KEY, v int);
INSERT INTO big_c SELECT g, g * 3 FROM generate_series(1, 2000) g;
CREATE INDEX big_a_k ON big_a (k);
ANALYZE big_a;
ANALYZE big_b;
ANALYZE big_c;
-- semi and anti joins (EXISTS / NOT EXISTS / IN / NOT IN)
SELECT count(*), sum(id), count(DISTINCT id) FROM big_a WHERE EXISTS (SELECT 1 FROM big_b WHERE big_b.id = big_a.id);
SELECT count(*), sum(id), count(DISTINCT id) FROM big_a WHERE NOT EXISTS (SELECT 1 FROM big_b WHERE big_b.id = big_a.id);
SELECT count(*), sum(id) FROM big_a WHERE id IN (SELECT id FROM big_b);
SELECT count(*), sum(id) FROM big_a WHERE id NOT IN (SELECT id FROM big_b);
SELECT count(*), sum(id) FROM big_a WHERE id IN (SELECT id FROM big_c WHERE v % 2 = 0);
SELECT count(*), sum(a.id) FROM big_a a WHERE EXISTS (SELECT 1 FROM big_b b WHERE b.k = a.k AND b.id < a.id);
-- inner and outer joins, hash / merge / nested loop / index
SELECT count(*), sum(a.id), sum(b.id) FROM big_a a JOIN big_b b ON a.id = b.id;
SELECT count(*), sum(a.id), count(b.id) FROM big_a a LEFT JOIN big_b b ON a.id = b.id;
SELECT count(*), count(a.id), sum(b.id) FROM big_b b RIGHT JOIN big_a a ON a.id = b.id;
SELECT count(*), count(a.id), count(c.id) FROM big_a a FULL JOIN big_c c ON a.id = c.id + 1500;
SELECT count(*), sum(c.v) FROM big_a a JOIN big_c c ON c.id = a.id WHERE a.k = 3;
SELECT count(*), sum(a.id + b.id) FROM big_a a JOIN big_b b ON a.k = b.k AND a.id < 100;
SELECT count(*) FROM big_a a JOIN big_b b ON a.id < b.id AND b.id < a.id + 4;
SELECT count(*), sum(x.id) FROM (SELECT id FROM big_a ORDER BY id) x JOIN (SELECT id FROM big_c ORDER BY id) y USING (id);
-- grouping, distinct, sort, limit/offset
SELECT k, count(*), sum(id), min(s), max(s) FROM big_a GROUP BY k ORDER BY k;
SELECT count(DISTINCT k), count(DISTINCT s), count(*) FROM big_a;
SELECT count(*) FROM (SELECT DISTINCT id % 1000 FROM big_a) d;
SELECT sum(id) FROM (SELECT id FROM big_a ORDER BY s DESC LIMIT 1000 OFFSET 700) t;
SELECT id FROM big_a ORDER BY k, id DESC LIMIT 5 OFFSET 1500;
SELECT k, string_agg(id::text, ',' ORDER BY id) FILTER (WHERE id > 2990) FROM big_a GROUP BY k ORDER BY k;
-- set operations
SELECT count(*), sum(id) FROM (SELECT id FROM big_a UNION SELECT id FROM big_c) u;
SELECT count(*), sum(id) FROM (SELECT id FROM big_a UNION ALL SELECT id FROM big_b) u;
SELECT count(*), sum(id) FROM (SELECT id FROM big_a INTERSECT SELECT id FROM big_b) u;
SELECT count(*), sum(id) FROM (SELECT id FROM big_a EXCEPT SELECT id FROM big_b) u;
SELECT count(*) FROM (SELECT k FROM big_a INTERSECT ALL SELECT k FROM big_b) u;
-- window functions over many partitions and rows
SELECT sum(rn), sum(rk), max(running) FROM (SELECT row_number() OVER (PARTITION BY k ORDER BY id) rn, rank() OVER (ORDER BY k) rk, sum(id) OVER (PARTITION BY k ORDER BY id) running FROM big_a) w;
SELECT count(*), sum(lagged) FROM (SELECT lag(id, 300) OVER (ORDER BY id) lagged FROM big_a) w;
-- subqueries: scalar, correlated, lateral, CTEs
SELECT count(*), sum((SELECT count(*) FROM big_b b WHERE b.k = a.k)) FROM big_a a WHERE a.id <= 600;
SELECT sum(m) FROM big_a a, LATERAL (SELECT max(b.id) m FROM big_b b WHERE b.id <= a.id) l WHERE a.id % 50 = 0;
WITH t AS (SELECT id, k FROM big_a WHERE id % 3 = 0) SELECT count(*), sum(t1.id) FROM t t1 JOIN t t2 ON t1.id = t2.id;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2000) SELECT count(*), sum(n) FROM r;
SELECT count(*), sum(g) FROM generate_series(1, 5000) g WHERE g % 3 = 0;
SELECT count(*), sum(x) FROM unnest(ARRAY(SELECT id FROM big_a)) x;
-- DML over many rows
UPDATE big_a SET k = k + 10 WHERE id IN (SELECT id FROM big_b);
SELECT k, count(*) FROM big_a GROUP BY k ORDER BY k;
DELETE FROM big_a WHERE EXISTS (SELECT 1 FROM big_c WHERE big_c.id = big_a.id AND big_c.v % 2 = 1);
SELECT count(*), sum(id) FROM big_a;
INSERT INTO big_c SELECT id + 2000, id FROM big_a WHERE id > 1000 RETURNING count(*) OVER ();
SELECT count(*), sum(v) FROM big_c;
-- the same shapes through merge joins, sorted grouping and nested loops
SET enable_hashjoin = off;
SET enable_hashagg = off;
SELECT count(*), sum(a.id), sum(c.v) FROM big_a a JOIN big_c c ON a.id = c.id;
SELECT count(*), sum(a.id) FROM big_a a LEFT JOIN big_c c ON a.id = c.id WHERE c.id IS NULL;
SELECT count(*), sum(id) FROM big_a WHERE EXISTS (SELECT 1 FROM big_c WHERE big_c.id = big_a.id);
SELECT count(*), sum(id) FROM big_a WHERE NOT EXISTS (SELECT 1 FROM big_c WHERE big_c.id = big_a.id);
SELECT count(*), sum(c), sum(k) FROM (SELECT k, count(*) c FROM big_a GROUP BY k) g;
SELECT count(*), sum(k) FROM (SELECT DISTINCT k FROM big_a) d;
SET enable_mergejoin = off;
SELECT count(*), sum(a.id) FROM big_a a JOIN big_c c ON a.id = c.id AND c.v > 100;
SELECT count(*), sum(id) FROM big_a WHERE id IN (SELECT id FROM big_c WHERE v > 3000);
RESET enable_hashjoin;
RESET enable_hashagg;
RESET enable_mergejoin;
-- and again with work_mem small enough that sorts, hash aggregates and hash joins spill to disk
SET work_mem = '64kB';
SELECT sum(id) FROM (SELECT id FROM big_a ORDER BY s DESC LIMIT 1000 OFFSET 700) t;
SELECT count(*), sum(rn) FROM (SELECT row_number() OVER (ORDER BY s) rn FROM big_a) w;
SELECT count(*), sum(c) FROM (SELECT s, count(*) c FROM big_a GROUP BY s) g;
SELECT count(*), count(DISTINCT s) FROM big_a;
SELECT count(*), sum(a.id), sum(b.id) FROM big_a a JOIN big_b b ON a.id = b.id;
SELECT count(*), sum(a.id), count(b.id) FROM big_a a LEFT JOIN big_c b ON a.id = b.id;
SELECT count(*), sum(id) FROM (SELECT id FROM big_a UNION SELECT id FROM big_c) u;
SELECT count(*), sum(id) FROM big_a WHERE id IN (SELECT id FROM big_b);
RESET work_mem;
