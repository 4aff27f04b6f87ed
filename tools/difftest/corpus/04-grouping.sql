-- setup
CREATE TABLE sales (region text, product text, year int, amount int);
INSERT INTO sales VALUES ('east', 'a', 2020, 10), ('east', 'b', 2020, 20), ('east', 'a', 2021, 30), ('west', 'a', 2020, 5), ('west', 'b', 2021, 15), ('west', 'b', 2021, 25), ('north', NULL, 2021, 7), (NULL, 'a', 2020, 1);
-- GROUP BY
SELECT region, sum(amount) FROM sales GROUP BY region;
SELECT region, product, count(*), sum(amount) FROM sales GROUP BY region, product;
SELECT year, count(DISTINCT region) FROM sales GROUP BY year;
SELECT region, max(amount) - min(amount) AS spread FROM sales GROUP BY 1;
SELECT upper(region) AS r, count(*) FROM sales GROUP BY upper(region);
SELECT amount % 2 AS parity, count(*) FROM sales GROUP BY amount % 2;
SELECT count(*), sum(amount) FROM sales WHERE FALSE;
SELECT region, count(*) FROM sales WHERE FALSE GROUP BY region;
-- HAVING
SELECT region, sum(amount) FROM sales GROUP BY region HAVING sum(amount) > 20;
SELECT region FROM sales GROUP BY region HAVING count(*) = 1;
SELECT product, avg(amount) FROM sales GROUP BY product HAVING min(amount) < 10 AND product IS NOT NULL;
SELECT count(*) FROM sales HAVING count(*) > 100;
SELECT 1 AS x HAVING TRUE;
-- ORDER BY aggregates
SELECT region, sum(amount) AS s FROM sales GROUP BY region ORDER BY s DESC;
SELECT region, count(*) FROM sales GROUP BY region ORDER BY count(*), region NULLS LAST;
-- ROLLUP
SELECT region, product, sum(amount) FROM sales GROUP BY ROLLUP (region, product);
SELECT year, sum(amount) FROM sales GROUP BY ROLLUP (year) ORDER BY year NULLS LAST;
-- CUBE
SELECT region, year, count(*) FROM sales GROUP BY CUBE (region, year);
-- GROUPING SETS and GROUPING()
SELECT region, product, sum(amount) FROM sales GROUP BY GROUPING SETS ((region), (product), ());
SELECT region, product, GROUPING(region, product), sum(amount) FROM sales GROUP BY GROUPING SETS ((region, product), (region), ());
SELECT region, GROUPING(region) AS g, count(*) FROM sales GROUP BY ROLLUP (region) ORDER BY g, region;
SELECT year, region, sum(amount) FROM sales GROUP BY year, ROLLUP (region);
SELECT region, sum(amount) FROM sales GROUP BY GROUPING SETS ((region), (region));
SELECT product, year, sum(amount) FROM sales GROUP BY CUBE (product, year) HAVING sum(amount) > 30;
-- aggregate FILTER and DISTINCT
SELECT count(*) FILTER (WHERE amount > 10), sum(amount) FILTER (WHERE region = 'east') FROM sales;
SELECT region, count(*) FILTER (WHERE product = 'a') AS a_count FROM sales GROUP BY region;
SELECT sum(DISTINCT amount), count(DISTINCT product) FROM sales;
-- grouping by a column not selected, and errors for ungrouped columns
SELECT count(*) FROM sales GROUP BY region, product;
SELECT region, amount FROM sales GROUP BY region;
SELECT sum(amount) FROM sales WHERE sum(amount) > 1;
SELECT sum(sum(amount)) FROM sales;
-- group by primary key allows other columns
CREATE TABLE p (id int PRIMARY KEY, name text);
INSERT INTO p VALUES (1, 'x'), (2, 'y');
SELECT p.id, p.name, count(*) FROM p JOIN sales s ON s.amount > p.id * 10 GROUP BY p.id;
