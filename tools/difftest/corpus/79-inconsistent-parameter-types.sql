-- A parameter bound while its type was unknown and then typed otherwise by another use: 42P08.
CREATE TABLE ipt (a int, b text, c int);
CREATE FUNCTION ipt_f(a int, b text) RETURNS int LANGUAGE sql AS 'SELECT 1';
PREPARE ipt_1 AS SELECT ipt_f($1, $1);
PREPARE ipt_2 AS INSERT INTO ipt (a, b) VALUES ($1, $1);
PREPARE ipt_3 AS INSERT INTO ipt (a, c) VALUES ($1, $1);
EXECUTE ipt_3(7);
PREPARE ipt_4 AS UPDATE ipt SET a = $1, b = $1;
PREPARE ipt_5 AS SELECT ipt_f($1, $2), $1 || 'x';
PREPARE ipt_6 AS SELECT $1::int, $1::text;
EXECUTE ipt_6('5');
PREPARE ipt_7 AS SELECT greatest($1, $1), coalesce($2, 1), $2::text;
PREPARE ipt_8 AS SELECT * FROM ipt WHERE a = $1 AND b = $1;
PREPARE ipt_9 AS SELECT ROW($1, $1) = ROW(1, 'x'::text);
SELECT name, parameter_types FROM pg_prepared_statements WHERE name LIKE 'ipt%' ORDER BY name;
DEALLOCATE ALL;
DROP FUNCTION ipt_f;
DROP TABLE ipt;
