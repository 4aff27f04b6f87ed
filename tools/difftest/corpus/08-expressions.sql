-- setup
CREATE TABLE e (id int, a int, b int, s text);
INSERT INTO e VALUES (1, 1, 2, 'alpha'), (2, NULL, 5, 'Beta'), (3, 7, NULL, NULL), (4, 4, 4, 'gamma_1'), (5, -3, 0, '100%');
-- CASE
SELECT id, CASE WHEN a > 3 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'other' END FROM e ORDER BY id;
SELECT id, CASE a WHEN 1 THEN 'one' WHEN 4 THEN 'four' END FROM e ORDER BY id;
SELECT id, CASE WHEN a IS NULL THEN 0 ELSE a END + 1 FROM e ORDER BY id;
SELECT CASE WHEN TRUE THEN 1 ELSE 2.5 END, CASE WHEN FALSE THEN 'x' END;
SELECT CASE 1 WHEN 1 THEN 'a' WHEN 1 THEN 'b' END;
-- COALESCE / NULLIF / GREATEST / LEAST
SELECT id, coalesce(a, b, -1) FROM e ORDER BY id;
SELECT coalesce(NULL, NULL, 'x'), coalesce(NULL::int, 2), coalesce(1, 2.5);
SELECT id, nullif(a, b), nullif(s, 'alpha') FROM e ORDER BY id;
SELECT id, greatest(a, b), least(a, b) FROM e ORDER BY id;
SELECT greatest(1, 2.5, 3), least('b', 'a', 'c'), greatest(NULL, NULL::int), least(1, NULL);
-- CAST and ::
SELECT CAST('42' AS int), '3.14'::numeric, 3.99::int, -2.5::int, 2.5::int, '1e2'::float8;
SELECT 1::text || 'x', 12.5::text, true::text, 'yes'::bool, 'off'::boolean, 0::bool, 5::bool;
SELECT '  17  '::int, '-0'::int, 255::int2, 40000::int8::int4;
SELECT 1.23456::numeric(4,2), 99.995::numeric(5,2), 'abc'::varchar(2), 'abc'::char(5) || '|';
SELECT CAST(NULL AS int), NULL::text IS NULL;
SELECT 10::float4 / 3, 10::float8 / 3, 1::numeric / 3;
-- casts that fail
SELECT 'abc'::int;
SELECT 99999::int2;
SELECT 123.456::numeric(4,2);
SELECT 'maybe'::bool;
-- BETWEEN
SELECT id FROM e WHERE a BETWEEN 1 AND 4;
SELECT id FROM e WHERE a NOT BETWEEN 1 AND 4;
SELECT id FROM e WHERE a BETWEEN SYMMETRIC 5 AND 0;
SELECT 2 BETWEEN 1 AND NULL, 0 BETWEEN 1 AND NULL;
-- IN lists
SELECT id FROM e WHERE id IN (1, 3, 5);
SELECT id FROM e WHERE s NOT IN ('alpha', 'Beta');
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1);
-- LIKE / ILIKE / SIMILAR TO
SELECT id FROM e WHERE s LIKE 'a%';
SELECT id FROM e WHERE s LIKE '_eta';
SELECT id FROM e WHERE s ILIKE 'b%';
SELECT id FROM e WHERE s NOT LIKE '%a%';
SELECT id FROM e WHERE s LIKE '%\_%';
SELECT id FROM e WHERE s LIKE '100!%' ESCAPE '!';
SELECT 'abc' LIKE 'abc', 'abc' LIKE 'ABC', 'abc' ILIKE 'ABC', 'a%c' LIKE 'a\%c', NULL LIKE 'x';
SELECT 'abc' SIMILAR TO 'a(b|c)c', 'abd' SIMILAR TO '(abc|abd)', 'abc' SIMILAR TO 'a', 'aaa' SIMILAR TO 'a+', 'xyz' NOT SIMILAR TO '%y%';
-- IS DISTINCT FROM, IS NULL, IS TRUE
SELECT id, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b FROM e ORDER BY id;
SELECT NULL IS DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL;
SELECT id, (a > 2) IS TRUE, (a > 2) IS NOT FALSE, (a > 2) IS UNKNOWN FROM e ORDER BY id;
SELECT id FROM e WHERE a IS NULL OR b IS NULL ORDER BY id;
SELECT id, a ISNULL, b NOTNULL FROM e ORDER BY id;
-- three-valued logic
SELECT id, a > 2 AND b > 2, a > 2 OR b > 2, NOT (a > 2) FROM e ORDER BY id;
-- operators on integers and comparisons
SELECT -(-3), - 2 + 3, 2 * -3, -2147483647 - 1, 5 - -5;
SELECT 2 + 3 * 4, (2 + 3) * 4, 2 ^ 3 ^ 2, -2 ^ 2, 10 - 2 - 3;
SELECT 5 <> 4, 5 != 5, 'a' < 'b', 'B' < 'a', 'abc' < 'abd', 'ab' < 'abc';
