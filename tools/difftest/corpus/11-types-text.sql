-- text, varchar(n), char(n)
CREATE TABLE strs (t text, v varchar(5), c char(5), c1 char);
INSERT INTO strs VALUES ('hello', 'abc', 'ab', 'x'), ('', '', '', ' '), (NULL, NULL, NULL, NULL), ('with space ', 'sp ', 'sp ', 'y');
SELECT t, v, c, c1 FROM strs;
SELECT length(t), length(v), length(c), octet_length(c), char_length(c) FROM strs;
SELECT c || '|', v || '|', c = 'ab', c = 'ab   ', v = 'sp' FROM strs;
SELECT c FROM strs ORDER BY c NULLS FIRST;
-- length violations
INSERT INTO strs (v) VALUES ('toolong');
INSERT INTO strs (c) VALUES ('toolong');
INSERT INTO strs (v) VALUES ('abc  ');
INSERT INTO strs (v) VALUES ('abcde     ');
SELECT v, length(v) FROM strs WHERE t IS NULL AND v IS NOT NULL;
-- explicit casts truncate
SELECT 'toolong'::varchar(3), 'toolong'::char(3), 'a'::char(3), 'a'::char(3)::text || '|';
-- result types
SELECT 'a'::varchar(3) || 'b', 'a'::char(2), upper('a'::varchar), 'x';
-- text comparisons (C collation)
SELECT 'a' < 'B', 'Z' < 'a', 'abc' < 'abcd', '' < 'a', 'é' > 'z';
SELECT t FROM strs WHERE t IS NOT NULL ORDER BY t;
-- bool
CREATE TABLE flags (id int, f bool);
INSERT INTO flags VALUES (1, true), (2, false), (3, NULL), (4, 't'), (5, 'no'), (6, '1');
SELECT * FROM flags ORDER BY id;
SELECT f, count(*) FROM flags GROUP BY f;
SELECT id FROM flags WHERE f;
SELECT id FROM flags WHERE NOT f;
SELECT id, f ORDER BY id FROM flags;
SELECT f FROM flags ORDER BY f NULLS FIRST, id;
SELECT true > false, true::int, false::int, 'TRUE'::bool, ' on '::bool;
-- bytea
SELECT '\x414243'::bytea, 'abc'::bytea, '\000'::bytea, E'\\xDEADBEEF'::bytea;
SELECT octet_length('\x0102ff'::bytea), octet_length('abc'::bytea), '\x01'::bytea || '\x02'::bytea, '\x01'::bytea || '\x', 'a'::text || '\x02'::bytea;
CREATE TABLE bin (b bytea);
INSERT INTO bin VALUES ('\x00ff'), ('hello'), (NULL), ('\x');
SELECT b FROM bin ORDER BY b;
SELECT md5('abc'::bytea), md5(''::bytea), md5('\x00ff'::bytea);
SELECT '\xzz'::bytea;
-- name and "char"
SELECT 'abc'::name, 'abc'::name, 'x'::"char", 'x'::"char";
