-- setup
CREATE TABLE rx (id int, s text, p text);
INSERT INTO rx VALUES (1, 'foobarbequebaz', 'b(.)'), (2, 'Hello World', 'o'), (3, NULL, 'x'), (4, 'aXbXc', NULL), (5, 'héllo wörld', 'ö');
-- regexp_replace: first match, g, i, back-references \1 \& \\, start and N
SELECT regexp_replace('foobarbaz', 'b..', 'X'), regexp_replace('foobarbaz', 'b..', 'X', 'g'), regexp_replace('fooBARbaz', 'b(..)', '<\1>', 'gi');
SELECT regexp_replace('aXbXc', 'x', '\&\&\1-\\', 'gi'), regexp_replace('abc', '', '-', 'g'), regexp_replace('abc', 'x', 'y');
SELECT regexp_replace('abcabc', 'b', 'x', 2), regexp_replace('abcabc', 'b', 'x', 1, 2), regexp_replace('abcabc', 'b', 'x', 1, 0), regexp_replace('abcabc', 'B', 'x', 1, 0, 'i');
SELECT id, regexp_replace(s, p, '[\1]', 'g') FROM rx ORDER BY id;
SELECT regexp_replace('héllo wörld', 'ö', 'o', 8), regexp_replace('a.b.c', '.', '-', 'gq'), regexp_replace(E'ab\ncd', '^c', 'X', 'gn'), regexp_replace(E'ab\ncd', 'b.c', 'X');
SELECT regexp_replace(E'ab\ncd', 'b.c', 'X', 'n'), regexp_replace('abc', 'a b # comment', 'X', 'x');
-- regexp_match / regexp_matches
SELECT regexp_match('foobarbequebaz', '(bar)(beque)'), regexp_match('abc', 'x'), regexp_match('abc', 'b'), regexp_match('abc', '(x)?b'), regexp_match('ABC', 'b', 'i');
SELECT pg_typeof(regexp_match('abc', 'b')), (regexp_match('key=value', '(\w+)=(\w+)'))[2];
SELECT regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT regexp_matches('abc', 'b'), regexp_matches('abc', 'x');
SELECT regexp_matches('abc', '', 'g');
SELECT * FROM regexp_matches('a1b22c333', '\d+', 'g') WITH ORDINALITY AS m(digits, n);
SELECT id, regexp_matches(s, 'o', 'g') FROM rx ORDER BY id;
-- regexp_split_to_array / regexp_split_to_table
SELECT regexp_split_to_array('hello world', '\s+'), regexp_split_to_array('abc', ''), regexp_split_to_array('', 'x'), regexp_split_to_array('abc', 'x*'), regexp_split_to_array('aXbxc', 'x', 'i');
SELECT regexp_split_to_table('a,b,,c', ',');
SELECT * FROM regexp_split_to_table('the quick  brown', '\s+') WITH ORDINALITY AS t(word, n);
SELECT id, regexp_split_to_table(s, ' ') FROM rx ORDER BY id;
-- regexp_count, regexp_instr, regexp_substr, regexp_like
SELECT regexp_count('ABCABCAXYaxy', 'A.'), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i'), regexp_count('ABCABC', 'A', 2), regexp_count('aaa', ''), regexp_count('héllo wörld', 'l', 5);
SELECT regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2), regexp_instr('abcabc', 'b', 1, 2), regexp_instr('abcabc', 'b', 1, 2, 1), regexp_instr('abc', 'x'), regexp_instr('héllo wörld', 'ö'), regexp_instr('abc', '(b)', 1, 1, 0, '', 3);
SELECT regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2), regexp_substr('abcabc', 'b.', 1, 2), regexp_substr('abc', 'x'), regexp_substr('abc', '(x)?b', 1, 1, '', 1), regexp_substr('abc', '(b)', 1, 1, '', 5);
SELECT regexp_like('Hello World', 'world'), regexp_like('Hello World', 'world', 'i'), regexp_like(NULL, 'a'), regexp_like('a', NULL);
SELECT id FROM rx WHERE regexp_like(s, '^h', 'i') ORDER BY id;
SELECT regexp_count(s, 'o'), regexp_instr(s, 'o', 1, 2), regexp_substr(s, '[a-z]+', 1, 2) FROM rx ORDER BY id;
-- regexp errors: invalid flags, g where not allowed, parameter checks, invalid patterns
SELECT regexp_replace('abc', 'b', 'x', 'z');
SELECT regexp_match('abc', 'b', 'g');
SELECT regexp_split_to_array('abc', 'b', 'g');
SELECT regexp_like('abc', 'b', 'g');
SELECT regexp_count('abc', 'b', 1, 'g');
SELECT regexp_substr('abc', 'b', 1, 1, 'g');
SELECT regexp_replace('abc', 'b', 'x', 0);
SELECT regexp_replace('abc', 'b', 'x', 1, -1);
SELECT regexp_count('abc', 'b', 0);
SELECT regexp_instr('abc', 'b', 1, 0);
SELECT regexp_instr('abc', 'b', 1, 1, 2);
SELECT regexp_instr('abc', 'b', 1, 1, 0, '', -1);
SELECT regexp_substr('abc', 'b', 1, 0);
SELECT regexp_match('abc', '[[:foo:]]');
SELECT * FROM regexp_matches('abc', 'b', 'k');
-- translate, overlay, quote_*, bit_length
SELECT translate('12345', '143', 'ax'), translate('abc', '', 'x'), translate('aaa', 'aa', 'xy'), translate('héllo', 'é', 'e'), translate(NULL, 'a', 'b');
SELECT overlay('Txxxxas' placing 'hom' from 2 for 4), overlay('Txxxxas' placing 'hom' from 2), overlay('abc' placing 'X' from 5), overlay('abc' placing 'X' from 2 for -1), overlay('abc' placing 'XY' from 2 for 0);
SELECT overlay('\x1234'::bytea placing '\xff'::bytea from 2), overlay('\x123456'::bytea placing '\xff'::bytea from 1 for 2);
SELECT overlay('abc' placing 'X' from 0);
SELECT quote_literal('O''Reilly'), quote_literal(E'a\\b'), quote_literal(42), quote_literal(1.5::numeric), quote_literal(true), quote_nullable(false), quote_literal(NULL), quote_literal(ARRAY[1,2]);
SELECT quote_nullable(NULL), quote_nullable('x'), quote_nullable(42), quote_nullable(NULL::int), pg_typeof(quote_nullable(NULL)), quote_ident('Foo bar'), quote_ident('foo');
SELECT bit_length('jose'), bit_length('é'), bit_length('\x0102'::bytea), bit_length(NULL::text);
-- encode / decode
SELECT encode('\x00ff41'::bytea, 'hex'), encode('hello'::bytea, 'base64'), encode(E'a\\000b\\\\c\\377'::bytea, 'escape'), encode('x'::bytea, 'HEX');
SELECT encode('hello world, this is a long string that goes past seventy six chars for base64 wrapping'::bytea, 'base64');
SELECT decode('00ff41', 'hex'), decode('aGVsbG8=', 'base64'), decode('aGk=', 'base64'), decode('a\000b\\c', 'escape'), decode('DEADbeef', 'HEX'), decode(' 01 02 ', 'hex');
SELECT decode(encode('round trip'::bytea, 'base64'), 'base64'), decode('', 'hex'), encode(''::bytea, 'base64');
SELECT encode('x'::bytea, 'foo');
SELECT decode('0g', 'hex');
SELECT decode('0', 'hex');
SELECT decode('a', 'base64');
SELECT decode('aGVsbG8', 'base64');
SELECT decode('a$bc', 'base64');
SELECT decode('a\9', 'escape');
-- trigonometry
SELECT sin(1), cos(1), tan(1), cot(1), asin(0.5), acos(0.5), atan(1), atan2(1, 2), cot(0);
SELECT sind(30), cosd(60), tand(45), asind(0.5), acosd(0.5), atand(1), cotd(45), atan2d(1, 1), degrees(pi()), radians(180);
SELECT sind(90), sind(180), sind(270), sind(-30), cosd(90), cosd(180), cosd(120), tand(90), tand(135), tand(-45), cotd(90), asind(-0.5), acosd(-0.5), acosd(-1);
SELECT x, sind(x), cosd(x), tand(x) FROM generate_series(0, 360, 45) AS x ORDER BY x;
SELECT sin('nan'), asin('nan'), atan2(0, 0), pg_typeof(sin(1));
SELECT asin(2);
SELECT acos(-1.5);
SELECT acosd(2);
SELECT sin('infinity');
SELECT cosd('-infinity');
-- gcd, lcm
SELECT gcd(12, 18), gcd(-12, 18), gcd(0, 0), lcm(4, 6), lcm(0, 5), lcm(-4, 6), gcd(12::int8, 18), lcm(12::int8, 18), gcd(12.5, 7.5), lcm(1.5, 2.25), gcd(0.0, 0.00);
SELECT pg_typeof(gcd(1, 2)), pg_typeof(gcd(1::int8, 2)), pg_typeof(gcd(1.0, 2)), gcd('nan'::numeric, 1), lcm(NULL, 1);
SELECT gcd(-2147483648, 0);
SELECT lcm(2147483647, 2147483646);
SELECT gcd(-9223372036854775808, 0);
-- width_bucket
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(5.35::float8, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5), width_bucket(5, 10, 0, 5), width_bucket(0, 10, 0, 5), width_bucket(11, 10, 0, 5);
SELECT x, width_bucket(x, 0, 100, 4), width_bucket(x::float8, 0, 100, 4) FROM generate_series(-10, 110, 25) AS x ORDER BY x;
SELECT pg_typeof(width_bucket(5.35, 0.024, 10.06, 5)), width_bucket(1, 0, 10, NULL);
SELECT width_bucket(1, 0, 10, 0);
SELECT width_bucket(1, 0, 0, 5);
SELECT width_bucket(1::float8, 'nan', 10, 5);
SELECT width_bucket(1::float8, 0, 'infinity', 5);
SELECT width_bucket(1.0, 0, 'nan', 5);
-- scale, min_scale, trim_scale
SELECT scale(8.4100), min_scale(8.4100), trim_scale(8.4100), scale(1e10), min_scale(0), trim_scale(120.00), scale('nan'::numeric), trim_scale('nan'), min_scale(1e-3), trim_scale(-0.050);
SELECT pg_typeof(scale(1.0)), pg_typeof(trim_scale(1.0)), scale(NULL);
-- json(b)_extract_path(_text): a VARIADIC text[] path
SELECT jsonb_extract_path('{"a":{"b":[1,2]}}', 'a', 'b', '1'), jsonb_extract_path('{"a":{"b":[1,2]}}', 'a'), jsonb_extract_path('{"a":1}', 'x'), jsonb_extract_path('{"a":1}', 'a', NULL);
SELECT jsonb_extract_path_text('{"a":{"b":"x"}}', 'a', 'b'), json_extract_path('{"a": {"b": "x"}}', 'a'), json_extract_path_text('{"a":{"b":"x"}}', 'a', 'b'), pg_typeof(json_extract_path('{}', 'a'));
SELECT jsonb_extract_path('{"a":{"b":[1,2]}}', VARIADIC ARRAY['a', 'b']), jsonb_extract_path_text('{"a":1}', VARIADIC '{a}'), jsonb_extract_path('{"a":1}', VARIADIC '{}'::text[]);
SELECT jsonb_extract_path('{"a":1}');
SELECT jsonb_extract_path('{"a":1}', 'a', 1);
-- unnest of several arrays in FROM: columns padded with NULLs to the longest
SELECT * FROM unnest(ARRAY[1,2], ARRAY['a']);
SELECT * FROM unnest(ARRAY[1,2], ARRAY['a','b','c']) AS t(x, y);
SELECT * FROM unnest(ARRAY[1,2], NULL::text[]) WITH ORDINALITY;
SELECT x, y FROM unnest(ARRAY[1,2,3], ARRAY[true,false]) AS u(x, y) WHERE x > 1 ORDER BY x;
SELECT unnest(ARRAY[1,2], ARRAY['a']);
-- regexp: a start past the end, the newline-sensitivity flags, expanded syntax, characters beyond ASCII
SELECT regexp_count('abc', 'b', 10), regexp_instr('abc', 'b', 10), regexp_substr('abc', 'b', 10), regexp_replace('abc', 'b', 'x', 10), regexp_count('abc', '', 4), regexp_count('abc', '', 5);
SELECT regexp_replace(E'ab\ncd', '^c', 'X', 'gw'), regexp_replace(E'ab\ncd', 'b.c', 'X', 'p'), regexp_match('a b', 'a\ b', 'x'), regexp_replace('abc', 'B', 'x', 'ic'), regexp_replace('abc', 'B', 'x', 'ci');
SELECT regexp_matches('aAbB', '[a-z]', 'gi'), regexp_split_to_array('a1b2c3', '\d');
SELECT regexp_instr('héllo wörld', 'l', 1, 3, 1), regexp_substr('héllo', 'é(.)', 1, 1, '', 1), regexp_replace('ab', '(a)(b)?', '\2\1\0'), regexp_count('😀a😀a', 'a', 2), regexp_instr('😀a😀a', 'a', 1, 2);
