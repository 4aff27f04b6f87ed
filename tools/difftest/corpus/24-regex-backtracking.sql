-- Patterns that backtrack exponentially on a backtracking engine end promptly with PostgreSQL's answer
SELECT repeat('a', 30) || 'b' ~ '^(a+)+$', repeat('a', 30) || 'b' ~ '^(a|a)+$', repeat('a', 30) || 'b' ~ '^(a|aa)+$', repeat('a', 30) || 'b' ~ '^(a*)*c', repeat('a', 30) || 'b' !~ '^(a+)+$';
SELECT repeat('a', 30) || 'b' ~* '^(A+)+$', upper(repeat('a', 30) || 'b') ~* '^(a+)+$', regexp_like(repeat('a', 30) || 'b', '^(a+)+$', 'i');
SELECT repeat('a', 30) || 'b' SIMILAR TO '(a+)+', repeat('a', 30) || 'b' SIMILAR TO '(a|aa)+b', repeat('a', 30) || 'b' NOT SIMILAR TO '(a|aa)+';
SELECT repeat('a', 30) || 'b' LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%c', repeat('a', 30) || 'b' ILIKE '%A%A%A%A%A%A%A%A%A%A%A%A%C';
SELECT regexp_count(repeat('a', 30) || 'b', '(a+)+$'), regexp_instr(repeat('a', 30) || 'b', '(a+)+b'), substring(repeat('a', 30) || 'b' from '^(a+)+$');
SELECT regexp_replace(repeat('a', 30) || 'b' || repeat('a', 30) || 'b', '(a+)+$', 'x', 'g'), regexp_replace(repeat('a', 30) || 'b', '(a|aa)+b', '<\1>', 'g');
SELECT count(*) FROM generate_series(1, 200) g WHERE repeat('a', 20 + g % 10) || 'b' ~ '^(a+)+$';
-- Characters beyond the Basic Multilingual Plane and non-ASCII patterns under ~* keep their results
SELECT repeat('a', 30) || 'b' || '😀' ~ '^(a+)+.*😀?$', 'x😀y😀' ~ '^x.+y.*$', 'x😀y' LIKE 'x%y', '😀' LIKE '_', '😀😀' ~ '^.{2}$', 'x😀y' ~ '^x[^a]y$';
SELECT regexp_replace('a😀b😀', '.', '-', 'g'), 'école' ~* 'école', 'Straße' ILIKE 'STRASSE', 'Zebra' ~* '^[x-z]EB[^A]a$', '[_]' ~* '^[[-_]+$';
-- A hyphen in LIKE and SIMILAR TO patterns is a literal, escaped or not (in a bracket only when escaped)
SELECT 'a-b' LIKE 'a-b', 'a-b' LIKE 'a\-b', 'a-b' ILIKE 'A-B', 'a-b' SIMILAR TO 'a-b', '-' SIMILAR TO '[a\-z]', 'b' SIMILAR TO '[a\-z]';
