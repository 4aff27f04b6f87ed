-- length family
SELECT length('hello'), length(''), length(NULL::text), char_length('héllo'), octet_length('héllo');
-- case
SELECT lower('HeLLo'), upper('hello'), initcap('hello wORLD foo_bar'), lower(''), upper('MiXeD 123');
-- substring and position
SELECT substring('hello world' FROM 7), substring('hello world' FROM 1 FOR 5), substring('hello', 0, 3), substring('hello', -1, 3), substr('hello', 2), substr('hello', 2, 2);
SELECT substring('abc' FROM 10), substring('abc' FOR 2), position('lo' IN 'hello'), position('z' IN 'hello'), position('' IN 'abc'), strpos('hello', 'l');
-- substring with a regular expression
SELECT substring('hello' FROM 'l+'), substring('foobar' FROM 'o(.)b');
SELECT substring('hello', 2, -1);
-- replace, translate, reverse
SELECT replace('aXbXc', 'X', '--'), replace('abc', '', 'z'), replace('aaa', 'a', ''), reverse('abc'), replace(NULL, 'a', 'b');
-- trim family
SELECT trim('  x  ') || '|', ltrim('  x  ') || '|', rtrim('  x  ') || '|', trim(BOTH 'x' FROM 'xxaxx'), trim(LEADING 'x' FROM 'xxaxx'), trim(TRAILING 'x' FROM 'xxaxx');
SELECT btrim('xyaxy', 'xy'), ltrim('zzabc', 'z'), rtrim('abcyy', 'y'), trim('ab' FROM 'abcba');
-- concatenation
SELECT 'a' || 'b', 'a' || NULL, 'n' || 1, 1 || 'n', concat('a', NULL, 'b', 1, true), concat_ws('-', 'a', NULL, 'b', 2), concat();
SELECT 'x' || 1.5, 'arr' || ARRAY['b'], 'date:' || '2024-01-01'::date;
-- split_part, left, right
SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,b,c', ',', -1), split_part('abc', '', 1);
SELECT left('hello', 2), left('hello', -2), left('hi', 10), right('hello', 3), right('hello', -1), right('', 2);
-- lpad, rpad, repeat
SELECT lpad('7', 3, '0'), lpad('hello', 3), lpad('ab', 6, 'xy'), rpad('ab', 5, '-'), rpad('abcdef', 2), lpad('a', 4), lpad('x', 3, '');
SELECT repeat('ab', 3), repeat('x', 0), repeat('x', -1), repeat('', 5);
-- md5 and hashing
SELECT md5('hello'), md5(''), md5('The quick brown fox');
-- format
SELECT format('Hello %s, you are %s', 'ann', 30), format('%I.%I', 'my table', 'col'), format('%L', 'it''s'), format('%L', NULL), format('%s%%', 50);
SELECT format('%2$s %1$s', 'world', 'hello'), format('[%5s][%-5s]', 'ab', 'cd'), format('%s', NULL), format('no args');
SELECT format('%z', 1);
-- other string functions
SELECT ascii('A'), chr(66), to_hex(255), to_hex(-1), starts_with('hello', 'he'), starts_with('hello', 'lo');
SELECT string_agg(x, ',' ORDER BY x) FROM (VALUES ('b'), ('a'), ('c')) v(x);
SELECT lower(NULL), upper(1::text);
-- case mapping leaves non-ASCII letters alone (C locale)
SELECT lower('ÀB'), upper('àb'), upper('straße');
-- string functions over a table
CREATE TABLE names (id int, first text, last text);
INSERT INTO names VALUES (1, 'ada', 'lovelace'), (2, 'alan', 'turing'), (3, 'grace', NULL);
SELECT id, initcap(first) || ' ' || coalesce(upper(last), '?') FROM names ORDER BY id;
SELECT id, length(first || last), position('a' IN first), left(first, 1) || '.' FROM names ORDER BY id;
SELECT string_agg(first, ', ' ORDER BY id DESC), string_agg(last, '/' ORDER BY id) FILTER (WHERE last IS NOT NULL) FROM names;
-- Characters outside the BMP count as one character (code points, as UTF-8 characters).
select substr('a😀bç😀d', 2, 3), substr('a😀bç😀d', 0, 3), substr('a😀bç😀d', -1, 4), substr('a😀bç😀d', 5), substr('a😀bç😀d', 9);
select lpad('a😀b', 6, 'x😀'), rpad('a😀b', 6, '😀y'), lpad('a😀bcd', 2), rpad('a😀', 5), lpad('ab', 4, ''), lpad('ab', -1, 'x');
select left('a😀bç', 2), left('a😀bç', -1), left('a😀bç', -9), right('a😀bç', 2), right('a😀bç', -1), right('a😀bç', 9), right('a😀bç', -9);
select reverse('a😀bç'), reverse(''), btrim('😀xa😀bx😀', 'x😀'), ltrim('😀😀a😀', '😀'), rtrim('a😀😀', '😀');
select split_part('a,b,,c', ',', 3), split_part('a,b,,c', ',', -1), split_part('a,b', ',', 5), string_to_array('a😀b', null), string_to_array('a--b--', '--');
select lpad('x', 500000000);
