-- literals and arithmetic
SELECT 1, 2 + 3, 7 / 2, 7 % 3, -5 / 2, 2 ^ 10;
SELECT 1.5 + 2, 10.0 / 4, 1e3, 1.0e-2, .5, 5.;
SELECT 'abc', 'it''s', E'tab\there', $$dollar$$, U&'\0041';
SELECT TRUE, FALSE, NULL, NULL::int, NOT TRUE, TRUE AND NULL, FALSE AND NULL, TRUE OR NULL;
SELECT 9223372036854775807, -2147483648, 2147483648, 32767::int2;
-- column naming
SELECT 1 + 1, 'x' || 'y', CAST(1 AS text), 2::int8, abs(-1), count(*) FROM (VALUES (1)) v;
SELECT a AS "Mixed Case", a AS lower_name, a "quoted" FROM (VALUES (1)) v(a);
-- the table for this file
CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2), qty int, category text);
INSERT INTO items VALUES (1, 'apple', 1.20, 10, 'fruit'), (2, 'banana', 0.50, NULL, 'fruit'), (3, 'carrot', 0.30, 25, 'vegetable'), (4, 'donut', 2.00, 5, NULL), (5, 'egg', NULL, 12, 'dairy'), (6, 'fig', 3.10, 0, 'fruit');
-- WHERE
SELECT id, name FROM items WHERE price > 1;
SELECT id FROM items WHERE qty IS NULL OR price IS NULL;
SELECT id FROM items WHERE NOT (category = 'fruit');
SELECT id FROM items WHERE category IS NOT NULL AND qty BETWEEN 5 AND 12;
SELECT id, qty * price AS total FROM items WHERE qty * price >= 5;
-- ORDER BY with NULLS FIRST / LAST, ASC / DESC, positions and expressions
SELECT id, price FROM items ORDER BY price;
SELECT id, price FROM items ORDER BY price DESC;
SELECT id, price FROM items ORDER BY price NULLS FIRST;
SELECT id, price FROM items ORDER BY price DESC NULLS LAST;
SELECT id, category FROM items ORDER BY category NULLS FIRST, id DESC;
SELECT id, qty FROM items ORDER BY 2 DESC NULLS LAST, 1;
SELECT name FROM items ORDER BY length(name), name;
SELECT id, name FROM items ORDER BY qty IS NULL, id;
SELECT name AS n FROM items ORDER BY n DESC;
-- LIMIT / OFFSET / FETCH
SELECT id FROM items ORDER BY id LIMIT 2;
SELECT id FROM items ORDER BY id LIMIT 2 OFFSET 3;
SELECT id FROM items ORDER BY id OFFSET 4;
SELECT id FROM items ORDER BY id FETCH FIRST 3 ROWS ONLY;
SELECT id FROM items ORDER BY id LIMIT 0;
SELECT id FROM items ORDER BY id LIMIT ALL;
-- VALUES
VALUES (1, 'one'), (2, 'two'), (3, NULL);
VALUES (1), (2) ORDER BY 1 DESC;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(num, letter) WHERE num > 1;
SELECT column1, column2 FROM (VALUES (1.5, true)) v;
-- select without FROM, expressions on columns
SELECT upper(name), price * 2, qty + 1 FROM items WHERE id <= 3;
SELECT items.* FROM items WHERE id = 1;
SELECT i.id, i.name FROM items AS i WHERE i.id = 2;
SELECT * FROM items WHERE FALSE;
SELECT count(*) FROM items WHERE NULL;
-- table-less aggregates and constants in WHERE
SELECT 1 WHERE 1 = 1;
SELECT 1 WHERE 1 = 0;
