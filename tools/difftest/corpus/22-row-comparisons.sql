-- setup
CREATE TABLE rc (a int, b int, s text);
INSERT INTO rc VALUES (1, 2, 'x'), (1, 1, 'y'), (0, 5, 'z'), (NULL, 1, 'n1'), (1, NULL, 'n2'), (2, 0, NULL);
-- row-constructor comparisons: SQL's NULL rules, the first differing pair decides
SELECT row(1,2) < row(1,3), (1,null::int) < (2,0), (null::int,1) < (2,0), (1,null::int) < (1,2), (1,2) <= (1,2), (1,2) >= (1,3);
SELECT (1,null::int) = (1,null::int), (1,null::int) <> (2,null::int), (1,2) = (1,2), (1,2) <> (1,2), (1,2,3) > (1,2,2), (3,1) > (2,9);
SELECT (1,2) IS DISTINCT FROM (1,null::int), row(1,null::int) IS NOT DISTINCT FROM row(1,null::int), (1,2) IS NOT DISTINCT FROM (1,3);
SELECT (1,'a') = (1,'a'), (1,'b') > (1,'a'), (2.5, 'x') < (3, 'a');
SELECT s FROM rc WHERE (a, b) > (0, 9) ORDER BY s;
SELECT s FROM rc WHERE (a, b) >= (1, 1) AND (a, b) < (2, 0) ORDER BY s;
SELECT s, (a, b) < (1, 2), (a, b) = (1, 2), (a, b) <> (1, 2), (a, b) IS DISTINCT FROM (1, 2) FROM rc ORDER BY s;
SELECT s FROM rc WHERE (a, s) = (1, 'y');
-- keyset pagination
SELECT a, b FROM rc WHERE (a, b) > (1, 1) ORDER BY a, b LIMIT 2;
-- record values: sorted and grouped field by field (NULL fields equal, after values)
SELECT r FROM (VALUES (row(1,2)), (row(1,1)), (row(0,null::int)), (row(0,1))) v(r) ORDER BY r;
SELECT DISTINCT r FROM (VALUES (row(1,2)), (row(1,2)), (row(0,null::int)), (row(0,null::int))) v(r) ORDER BY r;
SELECT count(DISTINCT r) FROM (VALUES (row(1,2)), (row(1,2)), (row(0,null::int))) v(r);
SELECT r, count(*) FROM (VALUES (row(1,2)), (row(1,2)), (row(0,null::int))) v(r) GROUP BY r ORDER BY r;
SELECT (SELECT (1,2)) = (1,2);
-- errors
SELECT (1,2) < (1,2,3);
SELECT (1, 2) = (1, 'x');
SELECT (1, now()) = (1, 2);
-- a row compared with a subquery: IN, NOT IN, ANY, ALL, and one row
SELECT (1,2) IN (SELECT 1, 2), (1,2) = (SELECT 1, 2), (1,2) IN (SELECT 1, 2 UNION SELECT 3, 4), (1,null::int) IN (SELECT 1, 2), (1,2) < (SELECT 1, 3);
SELECT (1,2) < ANY (SELECT 1, 3), (1,2) > ALL (SELECT 0, 9 UNION ALL SELECT 1, 1), (1,2) NOT IN (SELECT 1, null::int), (1,2) IN (SELECT 1, null::int), (1,2) NOT IN (SELECT 3, null::int);
SELECT (1,2) IN (SELECT 1, 2 WHERE false), (1,2) NOT IN (SELECT 1, 2 WHERE false), (1,2) = (SELECT 1, 2 WHERE false);
SELECT s FROM rc WHERE (a, b) IN (SELECT a, b FROM rc WHERE s IN ('x', 'z', 'n1')) ORDER BY s;
SELECT s FROM rc r1 WHERE (a, b) NOT IN (SELECT a + 1, b FROM rc r2 WHERE r2.s = r1.s) ORDER BY s;
SELECT s FROM rc WHERE (b, a) = ANY (SELECT b, a FROM rc WHERE b > 1) ORDER BY s;
SELECT (1,2) = (SELECT 1);
SELECT (1,2) IN (SELECT 1, 2, 3);
SELECT (1,2) = (SELECT 1, 2 UNION ALL SELECT 1, 2);
-- whole-row references: a FROM item's name where no column has it (as text: RustyDB has no
-- per-table row types, so the column's type is record, not the table's composite type)
CREATE TABLE wr (a int, b text);
INSERT INTO wr VALUES (2, 'x y'), (1, NULL), (1, 'a');
SELECT wr::text FROM wr ORDER BY wr;
SELECT w::text FROM wr w ORDER BY w DESC;
SELECT t FROM (SELECT DISTINCT wr FROM wr) d(r), LATERAL (SELECT r::text) x(t) ORDER BY r;
SELECT wr::text, count(*) FROM wr GROUP BY wr ORDER BY wr;
SELECT (wr).b FROM wr ORDER BY a, b;
SELECT x FROM (SELECT 1 AS x, 2 AS y) x;
SELECT s FROM (SELECT 1 AS p, 'q' AS r) s;
SELECT wr FROM wr, (SELECT 1 AS wr) z;
SELECT count(*) FROM wr WHERE (wr.a, wr.b) > (1, 'a');
SELECT nosuch FROM wr;
