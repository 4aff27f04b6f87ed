-- setup
CREATE TABLE dept (id int PRIMARY KEY, name text);
CREATE TABLE emp (id int PRIMARY KEY, name text, dept_id int, boss_id int, salary int);
INSERT INTO dept VALUES (1, 'eng'), (2, 'sales'), (3, 'ops'), (4, 'empty');
INSERT INTO emp VALUES (1, 'ann', 1, NULL, 100), (2, 'bob', 1, 1, 80), (3, 'cid', 2, 1, 70), (4, 'dee', 2, 3, 60), (5, 'eve', NULL, 1, 50), (6, 'fay', 3, 2, NULL);
-- inner join
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e INNER JOIN dept d ON e.dept_id = d.id AND d.name <> 'eng';
SELECT e.name, d.name FROM emp e, dept d WHERE e.dept_id = d.id AND e.salary > 60;
-- left / right / full outer joins
SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e RIGHT JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e FULL JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e LEFT OUTER JOIN dept d ON e.dept_id = d.id WHERE d.id IS NULL;
SELECT d.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.id IS NULL;
SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id AND d.id = 1;
SELECT e.name, d.name FROM emp e FULL OUTER JOIN dept d ON e.dept_id = d.id AND e.salary > 60;
-- cross join
SELECT count(*) FROM emp CROSS JOIN dept;
SELECT d1.id, d2.id FROM dept d1 CROSS JOIN dept d2 WHERE d1.id < d2.id;
-- self join
SELECT e.name, b.name AS boss FROM emp e JOIN emp b ON e.boss_id = b.id;
SELECT e.name, b.name AS boss FROM emp e LEFT JOIN emp b ON e.boss_id = b.id;
-- USING and NATURAL
CREATE TABLE a (k int, x text);
CREATE TABLE b (k int, y text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'anull');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'bnull');
SELECT * FROM a JOIN b USING (k);
SELECT * FROM a LEFT JOIN b USING (k);
SELECT * FROM a FULL JOIN b USING (k);
SELECT k, x, y FROM a NATURAL JOIN b;
SELECT * FROM a NATURAL FULL JOIN b;
-- NULL keys never match
SELECT a.x, b.y FROM a JOIN b ON a.k = b.k;
SELECT a.x, b.y FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k;
-- non-equi joins
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id < d.id WHERE e.id <= 2;
SELECT e1.name, e2.name FROM emp e1 JOIN emp e2 ON e1.salary > e2.salary AND e2.salary >= 70;
-- three-way joins
SELECT e.name, d.name, b.name FROM emp e JOIN dept d ON e.dept_id = d.id JOIN emp b ON e.boss_id = b.id;
SELECT e.name, d.name, b.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id LEFT JOIN emp b ON e.boss_id = b.id;
SELECT d.name, count(e.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name;
-- join with subquery in FROM
SELECT d.name, s.total FROM dept d JOIN (SELECT dept_id, sum(salary) AS total FROM emp GROUP BY dept_id) s ON s.dept_id = d.id;
-- parenthesized joins
SELECT e.name, d.name FROM (emp e JOIN dept d ON e.dept_id = d.id);
SELECT a.x, b.y, d.name FROM a JOIN (b JOIN dept d ON b.k = d.id) ON a.k = b.k;
-- join ON TRUE / FALSE
SELECT count(*) FROM a JOIN b ON TRUE;
SELECT a.x, b.y FROM a LEFT JOIN b ON FALSE;
-- join ordering
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id ORDER BY d.name, e.name;
SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id ORDER BY d.name NULLS FIRST, e.name;
