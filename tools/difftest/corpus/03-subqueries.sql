-- setup
CREATE TABLE t1 (id int, v int);
CREATE TABLE t2 (id int, w int);
INSERT INTO t1 VALUES (1, 10), (2, 20), (3, NULL), (4, 40);
INSERT INTO t2 VALUES (1, 100), (1, 101), (3, 300), (5, NULL);
-- scalar subqueries
SELECT (SELECT max(w) FROM t2);
SELECT id, (SELECT w FROM t2 WHERE t2.id = t1.id AND w < 300 ORDER BY w DESC LIMIT 1) FROM t1;
SELECT id, (SELECT count(*) FROM t2 WHERE t2.id = t1.id) AS n FROM t1;
SELECT (SELECT 1 WHERE FALSE) IS NULL;
-- scalar subquery with more than one row is an error
SELECT (SELECT w FROM t2);
-- IN / NOT IN
SELECT id FROM t1 WHERE id IN (SELECT id FROM t2);
SELECT id FROM t1 WHERE id NOT IN (SELECT id FROM t2);
SELECT id FROM t1 WHERE id NOT IN (SELECT w FROM t2);
SELECT id FROM t1 WHERE id NOT IN (SELECT w FROM t2 WHERE w IS NOT NULL);
SELECT id FROM t1 WHERE v IN (10, 40, NULL);
SELECT id FROM t1 WHERE v NOT IN (10, NULL);
SELECT id, v IN (SELECT w / 10 FROM t2) FROM t1;
SELECT id, v NOT IN (SELECT w FROM t2) FROM t1;
SELECT NULL IN (SELECT id FROM t2), 1 IN (SELECT id FROM t2 WHERE FALSE), NULL NOT IN (SELECT id FROM t2 WHERE FALSE);
-- EXISTS / NOT EXISTS, correlated
SELECT id FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.id = t1.id);
SELECT id FROM t1 WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.id = t1.id);
SELECT id FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.w > t1.v * 10);
SELECT id, EXISTS (SELECT 1 FROM t2 WHERE t2.id = t1.id) AS has FROM t1;
-- correlated scalar in WHERE
SELECT id FROM t1 WHERE v > (SELECT min(w) / 10 FROM t2 WHERE t2.id = t1.id);
SELECT id FROM t1 a WHERE v = (SELECT max(v) FROM t1 b WHERE b.id <= a.id);
-- ANY / ALL / SOME
SELECT id FROM t1 WHERE v > ANY (SELECT w / 10 FROM t2);
SELECT id FROM t1 WHERE v < ALL (SELECT w FROM t2 WHERE w IS NOT NULL);
SELECT id FROM t1 WHERE v < ALL (SELECT w FROM t2);
SELECT id FROM t1 WHERE v = SOME (SELECT w / 10 FROM t2);
SELECT 5 > ALL (SELECT id FROM t2 WHERE FALSE), 5 = ANY (SELECT id FROM t2 WHERE FALSE);
SELECT id, v >= ANY (SELECT w / 10 FROM t2), v <> ANY (SELECT id * 10 FROM t2), v <= ALL (SELECT id * 10 FROM t2 WHERE id > 2) FROM t1;
SELECT id FROM t1 WHERE v > ALL (SELECT w / 10 FROM t2 WHERE t2.id = t1.id);
-- subquery in FROM
SELECT s.id, s.doubled FROM (SELECT id, v * 2 AS doubled FROM t1) s WHERE s.doubled > 30;
SELECT count(*) FROM (SELECT DISTINCT id FROM t2) s;
SELECT * FROM (SELECT id FROM t1 ORDER BY id DESC LIMIT 2) s ORDER BY id;
SELECT x.n, y.n FROM (SELECT count(*) AS n FROM t1) x, (SELECT count(*) AS n FROM t2) y;
-- LATERAL
SELECT t1.id, l.w FROM t1, LATERAL (SELECT w FROM t2 WHERE t2.id = t1.id) l;
SELECT t1.id, l.w FROM t1 LEFT JOIN LATERAL (SELECT w FROM t2 WHERE t2.id = t1.id ORDER BY w DESC LIMIT 1) l ON TRUE;
SELECT t1.id, l.s FROM t1 CROSS JOIN LATERAL (SELECT sum(w) AS s FROM t2 WHERE t2.id <= t1.id) l;
SELECT t1.id, g FROM t1, LATERAL generate_series(1, t1.id) g WHERE t1.id <= 3;
-- subqueries in select list and HAVING
SELECT id, v, v - (SELECT avg(v) FROM t1) AS diff FROM t1 WHERE v IS NOT NULL;
SELECT id, count(*) FROM t2 GROUP BY id HAVING count(*) > (SELECT count(*) FROM t1 WHERE v > 30);
-- nested subqueries
SELECT id FROM t1 WHERE id IN (SELECT id FROM t2 WHERE w IN (SELECT w FROM t2 WHERE w > 100));
SELECT (SELECT (SELECT 42));
-- subquery returning no rows in comparison
SELECT id FROM t1 WHERE v = (SELECT w FROM t2 WHERE FALSE);
-- subquery with more than one column is an error
SELECT (SELECT id, w FROM t2 LIMIT 1);
