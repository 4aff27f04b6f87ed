-- plain WITH
WITH x AS (SELECT 1 AS n UNION ALL SELECT 2) SELECT * FROM x;
WITH x(a, b) AS (VALUES (1, 'one'), (2, 'two')) SELECT b FROM x WHERE a = 2;
WITH x AS (SELECT 1 AS n), y AS (SELECT n + 1 AS m FROM x) SELECT * FROM x, y;
WITH x AS (SELECT generate_series(1, 5) AS n) SELECT sum(n), max(n) FROM x;
WITH x AS (SELECT 1 AS n) SELECT * FROM x a JOIN x b ON a.n = b.n;
WITH x AS MATERIALIZED (SELECT 3 AS n) SELECT n * 2 FROM x;
WITH x AS NOT MATERIALIZED (SELECT 3 AS n) SELECT n * 2 FROM x;
-- WITH RECURSIVE
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10) SELECT * FROM c;
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100) SELECT sum(n) FROM c;
WITH RECURSIVE fib(a, b) AS (SELECT 0::int8, 1::int8 UNION ALL SELECT b, a + b FROM fib WHERE b < 1000) SELECT a FROM fib;
WITH RECURSIVE c(n) AS (SELECT 1 UNION SELECT (n % 3) + 1 FROM c) SELECT * FROM c ORDER BY n;
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT * FROM c LIMIT 5;
-- tree walk
CREATE TABLE tree (id int PRIMARY KEY, parent int, name text);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x');
WITH RECURSIVE sub AS (SELECT id, name, 0 AS depth FROM tree WHERE id = 2 UNION ALL SELECT t.id, t.name, s.depth + 1 FROM tree t JOIN sub s ON t.parent = s.id) SELECT * FROM sub ORDER BY depth, id;
WITH RECURSIVE path AS (SELECT id, name::text AS p FROM tree WHERE parent IS NULL UNION ALL SELECT t.id, path.p || '/' || t.name FROM tree t JOIN path ON t.parent = path.id) SELECT p FROM path ORDER BY p;
WITH RECURSIVE up AS (SELECT id, parent FROM tree WHERE id = 6 UNION ALL SELECT t.id, t.parent FROM tree t JOIN up ON t.id = up.parent) SELECT count(*) FROM up;
-- CTE used by DML
CREATE TABLE log (id int, note text);
WITH src AS (SELECT id, name FROM tree WHERE parent = 1) INSERT INTO log SELECT id, name FROM src;
SELECT * FROM log ORDER BY id;
WITH u AS (SELECT 3 AS id) UPDATE log SET note = 'changed' FROM u WHERE log.id = u.id;
SELECT * FROM log;
-- CTE shadows a table name
WITH tree AS (SELECT 42 AS id) SELECT id FROM tree;
-- nested WITH
WITH a AS (WITH b AS (SELECT 5 AS v) SELECT v * 2 AS v FROM b) SELECT v FROM a;
-- CTE referenced in a subquery
WITH big AS (SELECT id FROM tree WHERE id > 3) SELECT name FROM tree WHERE id IN (SELECT id FROM big);
-- error: recursive reference in a non-recursive WITH
WITH c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT * FROM c;
