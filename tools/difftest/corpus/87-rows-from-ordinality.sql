-- Table functions in FROM: WITH ORDINALITY, ROWS FROM (…), unnest with several arrays.
CREATE TABLE arrs (id int PRIMARY KEY, a int[], b text[]);
INSERT INTO arrs VALUES (1, '{10,20}', '{x,y,z}'), (2, '{30}', NULL), (3, '{}', '{w}');

-- WITH ORDINALITY on the built-in set-returning functions: a last bigint column `ordinality`.
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
SELECT * FROM generate_series(5, 1, -2) WITH ORDINALITY AS g;
SELECT * FROM generate_series(1, 3) WITH ORDINALITY AS g(v, n);
SELECT * FROM generate_series(1, 3) WITH ORDINALITY AS g(v);
SELECT n, v FROM generate_series(10, 12) WITH ORDINALITY AS g(v, n) WHERE n > 1 ORDER BY n DESC;
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-03', '1 day') WITH ORDINALITY;
SELECT * FROM unnest(ARRAY['a', 'b', 'c']) WITH ORDINALITY;
SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS u(letter, pos);
SELECT * FROM unnest('{}'::int[]) WITH ORDINALITY;
SELECT * FROM jsonb_array_elements('[1, "two", null]') WITH ORDINALITY;
SELECT * FROM jsonb_array_elements_text('["p", "q"]') WITH ORDINALITY AS e;
SELECT * FROM jsonb_each('{"a": 1, "b": [2]}') WITH ORDINALITY ORDER BY ordinality;
SELECT * FROM jsonb_each_text('{"a": 1, "b": "x"}') WITH ORDINALITY AS e(k, v, i) ORDER BY i;
SELECT * FROM json_each('{"k": true}') WITH ORDINALITY;
SELECT * FROM jsonb_object_keys('{"x": 1, "y": 2}') WITH ORDINALITY ORDER BY 2;
SELECT * FROM regexp_matches('a1b22c333', '\d+', 'g') WITH ORDINALITY;
SELECT * FROM regexp_split_to_table('one two  three', '\s+') WITH ORDINALITY;
SELECT count(*), max(ordinality) FROM generate_series(1, 1000) WITH ORDINALITY;

-- A user-defined set-returning function.
CREATE FUNCTION evens(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT g * 2 FROM generate_series(1, n) g $$;
CREATE FUNCTION pairs(n int) RETURNS TABLE (k int, label text) LANGUAGE sql AS $$ SELECT g, 'p' || g FROM generate_series(1, n) g $$;
SELECT * FROM evens(3) WITH ORDINALITY;
SELECT * FROM evens(2) WITH ORDINALITY AS e(v, n);
SELECT * FROM pairs(2) WITH ORDINALITY;
SELECT * FROM pairs(2) WITH ORDINALITY AS p(a, b, c);

-- LATERAL and joins.
SELECT arrs.id, u.v, u.i FROM arrs, LATERAL unnest(arrs.a) WITH ORDINALITY AS u(v, i) ORDER BY 1, 3;
SELECT arrs.id, u.* FROM arrs LEFT JOIN LATERAL unnest(arrs.b) WITH ORDINALITY AS u(v, i) ON true ORDER BY 1, 3;
SELECT g.n, s.v FROM generate_series(1, 3) WITH ORDINALITY AS g(v0, n) JOIN generate_series(2, 4) WITH ORDINALITY AS s(v, n2) ON g.n = s.n2 ORDER BY 1;
SELECT a.x, b.ordinality FROM unnest(ARRAY[7, 8]) AS a(x) CROSS JOIN unnest(ARRAY['p', 'q']) WITH ORDINALITY AS b ORDER BY 1, 2;
SELECT id, (SELECT max(ordinality) FROM unnest(arrs.b) WITH ORDINALITY) FROM arrs ORDER BY id;

-- ROWS FROM: the functions side by side, the shorter padded with NULLs.
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3));
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) WITH ORDINALITY;
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) AS t;
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) WITH ORDINALITY AS t(a);
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) WITH ORDINALITY AS t(a, b, n) ORDER BY n DESC;
SELECT * FROM ROWS FROM (generate_series(1, 3));
SELECT * FROM ROWS FROM (generate_series(1, 3)) AS t;
SELECT * FROM ROWS FROM (generate_series(1, 3)) WITH ORDINALITY AS t;
SELECT * FROM ROWS FROM (unnest(ARRAY[1, 2, 3]), unnest(ARRAY['a']), generate_series(1, 0));
SELECT * FROM ROWS FROM (jsonb_each('{"a": 1, "b": 2}'), unnest(ARRAY[10])) AS t ORDER BY 1;
SELECT * FROM ROWS FROM (jsonb_array_elements('[1, 2]'), regexp_split_to_table('x y z', ' ')) WITH ORDINALITY;
SELECT * FROM ROWS FROM (evens(2), pairs(3)) WITH ORDINALITY AS r;
SELECT * FROM ROWS FROM (generate_series(1, 0), unnest('{}'::int[]));
SELECT t.* FROM ROWS FROM (unnest(ARRAY[1, 2]), unnest(ARRAY[3, 4])) AS t(x, y) WHERE x + y > 4;

-- A column definition list per function of ROWS FROM (functions returning record).
SELECT * FROM ROWS FROM (json_to_record('{"a": 1, "b": "x"}') AS (a int, b text), generate_series(1, 2));
SELECT * FROM ROWS FROM (jsonb_to_recordset('[{"a": 1}, {"a": 2}, {"a": 3}]') AS (a int), unnest(ARRAY['u', 'v'])) WITH ORDINALITY AS r(x, y, n);
SELECT * FROM ROWS FROM (json_to_record('{"a": 5}') AS (a int)) WITH ORDINALITY AS t(x, y);
SELECT * FROM ROWS FROM (json_to_record('{"a": 5}') AS (a int));

-- LATERAL ROWS FROM.
SELECT arrs.id, r.* FROM arrs, LATERAL ROWS FROM (unnest(arrs.a), unnest(arrs.b)) WITH ORDINALITY AS r(n, t, i) ORDER BY 1, 4;
SELECT arrs.id, r.* FROM arrs LEFT JOIN ROWS FROM (unnest(arrs.a), generate_series(1, arrs.id)) AS r(n, g) ON true ORDER BY 1, 3;

-- unnest with several arrays in FROM: ROWS FROM (unnest(a1), unnest(a2), …).
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']);
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']) AS t;
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']) AS t(x, y);
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']) WITH ORDINALITY AS t(x);
SELECT * FROM unnest(ARRAY[1], ARRAY[2.5], ARRAY[true, false]) WITH ORDINALITY;
SELECT * FROM unnest(ARRAY[1, 2], NULL::text[]);
SELECT * FROM ROWS FROM (unnest(ARRAY[1, 2], ARRAY['a']), generate_series(7, 9));
SELECT arrs.id, u.* FROM arrs, unnest(arrs.a, arrs.b) AS u ORDER BY 1, 2, 3;
SELECT * FROM unnest(VARIADIC ARRAY[1, 2]);
-- One array in the select list is the usual set-returning function.
SELECT unnest(ARRAY[1, 2]);

-- EXPLAIN runs (its text is not compared).
EXPLAIN (COSTS OFF) SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) WITH ORDINALITY;
EXPLAIN (COSTS OFF) SELECT * FROM unnest(ARRAY[1], ARRAY[2]) AS t;

-- Errors.
-- Several arrays outside FROM: no such function.
SELECT unnest(ARRAY[1, 2], ARRAY[3, 4]);
-- Inside unnest(a, b) every argument must be an array.
SELECT * FROM unnest(ARRAY[1], 5);
-- A qualified unnest is not rewritten.
SELECT * FROM pg_catalog.unnest(ARRAY[1], ARRAY[2]);
-- Too many column aliases.
SELECT * FROM generate_series(1, 2) WITH ORDINALITY AS g(a, b, c);
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) AS t(a, b, c);
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) WITH ORDINALITY AS t(a, b, c, d);
SELECT * FROM unnest(ARRAY[1], ARRAY[2]) WITH ORDINALITY AS t(a, b, c, d);
-- A column definition list where none is allowed.
SELECT * FROM generate_series(1, 2) AS t(a int);
SELECT * FROM ROWS FROM (generate_series(1, 2) AS (a int));
SELECT * FROM ROWS FROM (generate_series(1, 2)) AS t(a int);
SELECT * FROM ROWS FROM (unnest(ARRAY[1]) AS (a int), generate_series(1, 2));
SELECT * FROM json_to_record('{"a": 1}') WITH ORDINALITY AS t(a int);
SELECT * FROM ROWS FROM (json_to_record('{"a": 1}') AS (a int), generate_series(1, 2)) AS t(b int);
SELECT * FROM ROWS FROM (json_to_record('{"a": 1}') AS (a int)) AS t(b int);
SELECT * FROM ROWS FROM (generate_series(1, 2), json_to_record('{"a": 1}')) AS t(b int);
SELECT * FROM unnest(ARRAY[1], ARRAY[2]) AS t(a int, b int);
-- A record function without its list, and a name twice in a list.
SELECT * FROM ROWS FROM (json_to_record('{"a": 1}'), generate_series(1, 2));
SELECT * FROM ROWS FROM (json_to_record('{"a": 1}') AS (a int, a text));
-- Missing functions and bad arguments.
SELECT * FROM ROWS FROM (generate_series(1, 2), no_such_function(1));
SELECT * FROM ROWS FROM (unnest(5));
SELECT * FROM ROWS FROM (generate_series(1, 2)) WITH ORDINALITY AS t, LATERAL unnest(t.nope) WITH ORDINALITY;
-- FOR UPDATE cannot lock a function.
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) AS t FOR UPDATE OF t;
