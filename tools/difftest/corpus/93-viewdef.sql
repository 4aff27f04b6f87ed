-- view definitions as PostgreSQL reprints the analysed query (ruleutils): `*` expanded, columns
-- qualified, implicit casts shown, AS where the name differs, clauses indented; pretty and not
CREATE SCHEMA vd_other;
CREATE TABLE vd_other.orders (id int PRIMARY KEY, customer_id int, total numeric, note text);
CREATE TABLE vd_cust (id int PRIMARY KEY, name text, region varchar(10));
CREATE TABLE vd_ev (id bigint, d date, flag boolean, amount numeric(10,2), code char(3), tags text[]);
CREATE VIEW vd_big AS SELECT * FROM vd_other.orders WHERE total > 100;
SELECT pg_get_viewdef('vd_big'::regclass);
SELECT pg_get_viewdef('vd_big'::regclass, true);
SELECT pg_get_viewdef('vd_big');
SELECT pg_get_viewdef('vd_big', true);
-- aliases, joins, AND/OR, output names, literals
CREATE VIEW vd_join AS SELECT o.id, c.name AS cust, o.total * 2 AS dbl, upper(c.name), 1 AS one, 'x' AS x FROM vd_other.orders o JOIN vd_cust c ON c.id = o.customer_id WHERE c.region = 'eu' AND (o.total > 5 OR o.note IS NULL);
SELECT pg_get_viewdef('vd_join'::regclass), pg_get_viewdef('vd_join'::regclass, true);
CREATE VIEW vd_left AS SELECT c.id, o.total FROM vd_cust c LEFT JOIN vd_other.orders o ON o.customer_id = c.id;
SELECT pg_get_viewdef('vd_left'::regclass), pg_get_viewdef('vd_left'::regclass, true);
CREATE VIEW vd_using AS SELECT id, name FROM vd_cust JOIN vd_other.orders USING (id);
SELECT pg_get_viewdef('vd_using'::regclass), pg_get_viewdef('vd_using'::regclass, true);
CREATE VIEW vd_nested_join AS SELECT a.id FROM vd_cust a JOIN (vd_other.orders b JOIN vd_cust c ON c.id = b.customer_id) ON a.id = b.id LEFT JOIN vd_cust d ON d.id = a.id;
SELECT pg_get_viewdef('vd_nested_join'::regclass), pg_get_viewdef('vd_nested_join'::regclass, true);
CREATE VIEW vd_comma AS SELECT c.name, o.id FROM vd_cust c, vd_other.orders o WHERE c.id = o.customer_id;
SELECT pg_get_viewdef('vd_comma'::regclass), pg_get_viewdef('vd_comma'::regclass, true);
-- grouping, HAVING, ORDER BY, LIMIT / OFFSET, DISTINCT, DISTINCT ON
CREATE VIEW vd_group AS SELECT customer_id, count(*), sum(total) AS s FROM vd_other.orders GROUP BY customer_id HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 10 OFFSET 2;
SELECT pg_get_viewdef('vd_group'::regclass), pg_get_viewdef('vd_group'::regclass, true);
CREATE VIEW vd_group2 AS SELECT region, count(DISTINCT name) AS n, max(id) FROM vd_cust GROUP BY 1 ORDER BY region NULLS FIRST;
SELECT pg_get_viewdef('vd_group2'::regclass), pg_get_viewdef('vd_group2'::regclass, true);
CREATE VIEW vd_distinct AS SELECT DISTINCT name FROM vd_cust WHERE id > 0;
SELECT pg_get_viewdef('vd_distinct'::regclass), pg_get_viewdef('vd_distinct'::regclass, true);
CREATE VIEW vd_distinct_on AS SELECT DISTINCT ON (customer_id) customer_id, id FROM vd_other.orders ORDER BY customer_id, id DESC;
SELECT pg_get_viewdef('vd_distinct_on'::regclass), pg_get_viewdef('vd_distinct_on'::regclass, true);
CREATE VIEW vd_aggs AS SELECT string_agg(name, ',' ORDER BY name) AS names, count(*) FILTER (WHERE id > 1) AS cnt FROM vd_cust;
SELECT pg_get_viewdef('vd_aggs'::regclass), pg_get_viewdef('vd_aggs'::regclass, true);
-- subqueries in WHERE, in the select list and in FROM; a name used by an outer level
CREATE VIEW vd_sub AS SELECT DISTINCT name FROM vd_cust WHERE id IN (SELECT customer_id FROM vd_other.orders) AND EXISTS (SELECT 1 FROM vd_other.orders o WHERE o.customer_id = vd_cust.id);
SELECT pg_get_viewdef('vd_sub'::regclass), pg_get_viewdef('vd_sub'::regclass, true);
CREATE VIEW vd_not_in AS SELECT name FROM vd_cust WHERE NOT EXISTS (SELECT 1 FROM vd_other.orders WHERE customer_id = vd_cust.id) OR id NOT IN (SELECT customer_id FROM vd_other.orders WHERE customer_id IS NOT NULL);
SELECT pg_get_viewdef('vd_not_in'::regclass), pg_get_viewdef('vd_not_in'::regclass, true);
CREATE VIEW vd_above_avg AS SELECT * FROM vd_other.orders WHERE total > (SELECT avg(total) FROM vd_other.orders);
SELECT pg_get_viewdef('vd_above_avg'::regclass), pg_get_viewdef('vd_above_avg'::regclass, true);
CREATE VIEW vd_scalar AS SELECT id, (SELECT max(total) FROM vd_other.orders o WHERE o.customer_id = c.id) AS mx, EXISTS (SELECT 1 FROM vd_other.orders WHERE customer_id = c.id) AS has FROM vd_cust c;
SELECT pg_get_viewdef('vd_scalar'::regclass), pg_get_viewdef('vd_scalar'::regclass, true);
CREATE VIEW vd_from_sub AS SELECT s.x, s.y FROM (SELECT id AS x, name AS y FROM vd_cust) s WHERE s.x > 1;
SELECT pg_get_viewdef('vd_from_sub'::regclass), pg_get_viewdef('vd_from_sub'::regclass, true);
CREATE VIEW vd_from_agg AS SELECT c.name, t.cnt FROM vd_cust c JOIN (SELECT customer_id, count(*) AS cnt FROM vd_other.orders GROUP BY customer_id) t ON t.customer_id = c.id ORDER BY t.cnt DESC, c.name;
SELECT pg_get_viewdef('vd_from_agg'::regclass), pg_get_viewdef('vd_from_agg'::regclass, true);
CREATE VIEW vd_sublinks AS SELECT id FROM vd_cust WHERE (SELECT 1) = 1 AND NOT EXISTS (SELECT 1) AND (SELECT true) AND id = ANY (SELECT 1) AND (id = 1 OR EXISTS (SELECT 2));
SELECT pg_get_viewdef('vd_sublinks'::regclass), pg_get_viewdef('vd_sublinks'::regclass, true);
-- CASE, function calls, casts, operators and their parentheses
CREATE VIEW vd_case AS SELECT id, CASE WHEN total > 10 THEN 'big' WHEN total > 5 THEN 'mid' ELSE 'small' END AS size, CASE note WHEN 'a' THEN 1 WHEN 'b' THEN 2 END AS code FROM vd_other.orders;
SELECT pg_get_viewdef('vd_case'::regclass), pg_get_viewdef('vd_case'::regclass, true);
CREATE VIEW vd_exprs AS SELECT 1 + 2 * 3 AS a, (1 + 2) * 3 AS b, NOT true AS c, -id AS d, id % 2 = 0 OR id > 5 AND id < 8 AS cond FROM vd_cust;
SELECT pg_get_viewdef('vd_exprs'::regclass), pg_get_viewdef('vd_exprs'::regclass, true);
CREATE VIEW vd_funcs AS SELECT id, coalesce(note, 'none') AS n, nullif(total, 0), greatest(id, 3) FROM vd_other.orders WHERE note LIKE 'a%' AND id BETWEEN 1 AND 10 AND id IN (1, 2, 3) AND note IS NOT NULL;
SELECT pg_get_viewdef('vd_funcs'::regclass), pg_get_viewdef('vd_funcs'::regclass, true);
CREATE VIEW vd_casts AS SELECT id::text AS tid, CAST(total AS int) AS ti, total::float8 / 2 AS half, -total AS neg FROM vd_other.orders;
SELECT pg_get_viewdef('vd_casts'::regclass), pg_get_viewdef('vd_casts'::regclass, true);
CREATE VIEW vd_types AS SELECT e.id, e.d + 1 AS tomorrow, e.tags[1] AS first_tag, amount::text || code AS s FROM vd_ev e WHERE e.d > '2024-01-01' AND e.flag AND e.amount IS DISTINCT FROM 0 AND e.id > 5 AND e.code = 'abc';
SELECT pg_get_viewdef('vd_types'::regclass), pg_get_viewdef('vd_types'::regclass, true);
CREATE VIEW vd_strings AS SELECT substring(name FROM 2 FOR 3) AS s, position('a' IN name) AS p, trim(name) AS t, name SIMILAR TO 'a%' AS sim FROM vd_cust WHERE region = ANY (ARRAY['eu', 'us']) AND name ILIKE '%x%' AND name !~ '^a';
SELECT pg_get_viewdef('vd_strings'::regclass), pg_get_viewdef('vd_strings'::regclass, true);
CREATE VIEW vd_consts AS SELECT 'a'::text AS a, 1::bigint AS b, 2.5 AS c, true AS d, NULL::int AS e, ARRAY[1, 2] AS f;
SELECT pg_get_viewdef('vd_consts'::regclass), pg_get_viewdef('vd_consts'::regclass, true);
-- window functions, named windows
CREATE VIEW vd_window AS SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY total DESC) AS rn, sum(total) OVER (), sum(total) OVER (PARTITION BY customer_id ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS running, rank() OVER (ORDER BY total DESC NULLS LAST) FROM vd_other.orders;
SELECT pg_get_viewdef('vd_window'::regclass), pg_get_viewdef('vd_window'::regclass, true);
CREATE VIEW vd_named_window AS SELECT id, lag(id) OVER w2 FROM vd_cust WINDOW w2 AS (ORDER BY id);
SELECT pg_get_viewdef('vd_named_window'::regclass), pg_get_viewdef('vd_named_window'::regclass, true);
-- functions in FROM (LATERAL when they read an item on their left), set-returning select list
CREATE VIEW vd_srf AS SELECT g FROM generate_series(1, 3) g;
SELECT pg_get_viewdef('vd_srf'::regclass), pg_get_viewdef('vd_srf'::regclass, true);
CREATE VIEW vd_unnest AS SELECT * FROM unnest(ARRAY[1, 2]) WITH ORDINALITY AS u(x, n);
SELECT pg_get_viewdef('vd_unnest'::regclass), pg_get_viewdef('vd_unnest'::regclass, true);
CREATE VIEW vd_lateral AS SELECT c.id, s FROM vd_cust c, generate_series(1, c.id) s;
SELECT pg_get_viewdef('vd_lateral'::regclass), pg_get_viewdef('vd_lateral'::regclass, true);
CREATE VIEW vd_srf_target AS SELECT generate_series(1, 3) AS n;
SELECT pg_get_viewdef('vd_srf_target'::regclass), pg_get_viewdef('vd_srf_target'::regclass, true);
-- NATURAL JOIN prints its USING, <> ALL, FETCH FIRST … WITH TIES, grouping sets
CREATE VIEW vd_natural AS SELECT id FROM vd_cust NATURAL JOIN vd_other.orders;
SELECT pg_get_viewdef('vd_natural'::regclass), pg_get_viewdef('vd_natural'::regclass, true);
CREATE VIEW vd_all AS SELECT id FROM vd_cust WHERE id <> ALL (SELECT customer_id FROM vd_other.orders);
SELECT pg_get_viewdef('vd_all'::regclass), pg_get_viewdef('vd_all'::regclass, true);
CREATE VIEW vd_ties AS SELECT id FROM vd_cust ORDER BY id FETCH FIRST 2 ROWS WITH TIES;
SELECT pg_get_viewdef('vd_ties'::regclass), pg_get_viewdef('vd_ties'::regclass, true);
CREATE VIEW vd_rollup AS SELECT region, count(*) FROM vd_cust GROUP BY ROLLUP (region), CUBE (id, name), GROUPING SETS ((region, id), ());
SELECT pg_get_viewdef('vd_rollup'::regclass), pg_get_viewdef('vd_rollup'::regclass, true);
-- COLLATE, system catalogs, SQL value functions
CREATE VIEW vd_collate AS SELECT id, name || ' ' || region AS full_name FROM vd_cust WHERE name <> '' ORDER BY name COLLATE "C";
SELECT pg_get_viewdef('vd_collate'::regclass), pg_get_viewdef('vd_collate'::regclass, true);
CREATE VIEW vd_catalog AS SELECT relname FROM pg_class WHERE relkind = 'r';
SELECT pg_get_viewdef('vd_catalog'::regclass), pg_get_viewdef('vd_catalog'::regclass, true);
CREATE VIEW vd_now AS SELECT current_date AS today, current_user AS who, length(name)::bigint AS l FROM vd_cust;
SELECT pg_get_viewdef('vd_now'::regclass), pg_get_viewdef('vd_now'::regclass, true);
-- UNION / INTERSECT / EXCEPT, WITH, VALUES
CREATE VIEW vd_setops AS SELECT id FROM vd_other.orders UNION SELECT id FROM vd_cust EXCEPT SELECT 3;
SELECT pg_get_viewdef('vd_setops'::regclass), pg_get_viewdef('vd_setops'::regclass, true);
CREATE VIEW vd_setops2 AS SELECT id FROM vd_cust INTERSECT ALL SELECT id FROM vd_other.orders UNION ALL SELECT 1;
SELECT pg_get_viewdef('vd_setops2'::regclass), pg_get_viewdef('vd_setops2'::regclass, true);
CREATE VIEW vd_setop_order AS SELECT id FROM vd_cust WHERE name = 'x' UNION ALL SELECT id FROM vd_cust WHERE name = 'y' ORDER BY 1;
SELECT pg_get_viewdef('vd_setop_order'::regclass), pg_get_viewdef('vd_setop_order'::regclass, true);
CREATE VIEW vd_setop_sub AS SELECT x.id FROM (SELECT id FROM vd_cust UNION SELECT id FROM vd_other.orders) x;
SELECT pg_get_viewdef('vd_setop_sub'::regclass), pg_get_viewdef('vd_setop_sub'::regclass, true);
CREATE VIEW vd_with AS WITH t AS (SELECT id, total FROM vd_other.orders WHERE total < 50) SELECT t.id FROM t;
SELECT pg_get_viewdef('vd_with'::regclass), pg_get_viewdef('vd_with'::regclass, true);
CREATE VIEW vd_recursive AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r;
SELECT pg_get_viewdef('vd_recursive'::regclass), pg_get_viewdef('vd_recursive'::regclass, true);
CREATE VIEW vd_values AS VALUES (1, 'a'), (2, 'b');
SELECT pg_get_viewdef('vd_values'::regclass), pg_get_viewdef('vd_values'::regclass, true);
-- column names of the view, quoted names, a view over a view, a materialized view
CREATE VIEW vd_renamed (k, label) AS SELECT id, upper(name) FROM vd_cust;
SELECT pg_get_viewdef('vd_renamed'::regclass), pg_get_viewdef('vd_renamed'::regclass, true);
CREATE VIEW vd_quoted AS SELECT id AS "Weird Name", name AS "select" FROM vd_cust;
SELECT pg_get_viewdef('vd_quoted'::regclass), pg_get_viewdef('vd_quoted'::regclass, true);
CREATE VIEW vd_over_view AS SELECT v.id, v.note FROM vd_big v WHERE v.id > 1;
SELECT pg_get_viewdef('vd_over_view'::regclass), pg_get_viewdef('vd_over_view'::regclass, true);
CREATE MATERIALIZED VIEW vd_mat AS SELECT region, count(*) AS n FROM vd_cust GROUP BY region;
SELECT pg_get_viewdef('vd_mat'::regclass), pg_get_viewdef('vd_mat'::regclass, true);
SELECT matviewname, definition FROM pg_matviews WHERE matviewname = 'vd_mat';
-- pg_views and information_schema.views print pg_get_viewdef(oid)
SELECT viewname, definition FROM pg_views WHERE viewname LIKE 'vd\_%' ORDER BY viewname;
SELECT table_name, view_definition FROM information_schema.views WHERE table_name LIKE 'vd\_%' ORDER BY table_name;
-- the schema shows where the search path does not find the relation
SET search_path = public;
SELECT pg_get_viewdef('difftest_93_viewdef.vd_join'::regclass, true), pg_get_viewdef('difftest_93_viewdef.vd_over_view'::regclass);
RESET search_path;
