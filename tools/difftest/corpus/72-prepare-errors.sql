-- PREPARE: a parameter whose type nothing determines is 42P18
PREPARE z AS SELECT $2::int;
PREPARE z AS SELECT $3::int, $1::text;
PREPARE z (int) AS SELECT $3::int;
PREPARE z AS SELECT 1 WHERE $1 IS NULL;
PREPARE z AS VALUES ($2::int);
-- declared or inferred, they are determined
PREPARE z1 (int, int) AS SELECT $1 AS a;
PREPARE z2 AS SELECT $1 AS a, $2 = $3 AS b;
EXECUTE z1 (7, 8);
EXECUTE z2 ('x', 'y', 'y');
-- EXECUTE's arguments: no subquery, aggregate, GROUPING, window or set-returning function
PREPARE p (int) AS SELECT $1 + 1 AS x;
EXECUTE p (count(*));
EXECUTE p (count(*) + 1);
EXECUTE p ((SELECT 1));
EXECUTE p (1 + (SELECT 1));
EXECUTE p (EXISTS (SELECT 1)::int);
EXECUTE p (1 IN (SELECT 1)::int);
EXECUTE p (ARRAY(SELECT 1)[1]);
EXECUTE p (row_number() OVER ());
EXECUTE p (sum(1) OVER ());
EXECUTE p (generate_series(1, 2));
EXECUTE p (grouping(1));
EXECUTE p (a);
EXECUTE p ($1);
-- arguments are assigned to the parameter types, not cast
EXECUTE p ('abc'::text);
EXECUTE p (true);
EXECUTE p ('abc');
EXECUTE p (2147483648);
EXECUTE p (1.5);
EXECUTE p ('41');
EXECUTE p (NULL);
EXECUTE p (2::smallint);
PREPARE q (int, text) AS SELECT $1 AS i, $2 AS t;
EXECUTE q (1, 2);
EXECUTE q (1);
EXECUTE q (count(*), (SELECT 1));
EXECUTE q ((SELECT 1), count(*));
-- a statement without parameters ignores its arguments
PREPARE q0 AS SELECT 1 AS one;
EXECUTE q0 (count(*));
EXECUTE q0 ((SELECT 1));
DEALLOCATE ALL;
