-- Full-text search: tsvector / tsquery input and output, normalization, errors
SELECT 'a fat cat sat on a mat and ate a fat rat'::tsvector;
SELECT $$'a':1 'cat':3,2A 'fat':2B,4C$$::tsvector;
SELECT $$   'a ':1   b:3,1,2,3a$$::tsvector;
SELECT $$'it''s' 'back\\slash' x\ y$$::tsvector;
SELECT 'c:1D b:2* a'::tsvector;
SELECT 'z:16384'::tsvector;
SELECT 'y:0'::tsvector;
SELECT 'a:1,'::tsvector;
SELECT ''::tsvector;
SELECT 'fat & (rat | cat)'::tsquery, '!fat & !(a | b)'::tsquery;
SELECT 'a <-> b <2> c'::tsquery, 'a <-> (b <-> c)'::tsquery, '(a | b) & c'::tsquery;
SELECT $$a:*AB & 'x y':c$$::tsquery, '!!a'::tsquery, 'a | b & c'::tsquery, 'a <-> !b'::tsquery;
SELECT 'a & '::tsquery;
SELECT 'a & (b'::tsquery;
SELECT 'a <0> b'::tsquery;
SELECT 'a <16385> b'::tsquery;
-- Types, casts, comparison
SELECT pg_typeof('a'::tsvector), pg_typeof('a'::tsquery), pg_typeof('english'::regconfig), 'english'::regconfig;
SELECT 'pg_catalog.simple'::regconfig;
SELECT 'nosuch'::regconfig;
SELECT 'a:1 b:2'::tsvector = 'b:2 a:1'::tsvector, 'a'::tsvector <> 'b'::tsvector, 'a'::tsquery = 'a'::tsquery;
SELECT format_type('tsvector'::regtype, -1), format_type(3615, -1), format_type(3643, -1), format_type(3734, -1);
SELECT typname, typlen, typcategory, typarray FROM pg_type WHERE oid IN (3614, 3615, 3734) ORDER BY oid;
-- to_tsvector with the english and simple configurations
SELECT to_tsvector('english', 'The Fat Rats ate the FAT cats, didn''t they?');
SELECT to_tsvector('english', 'supernovae stars and the self-driving cars, running quickly');
SELECT to_tsvector('english', 'Hello-World foo@bar.com 3.14 übel -42 1.2.3 abc123 state-of-the-art');
SELECT to_tsvector('english', 'PostgreSQL 15 is the world''s most advanced open-source database; see www.postgresql.org');
SELECT to_tsvector('simple', 'The Fat Rats ate the FAT cats');
SELECT to_tsvector('english'::regconfig, 'Generously communicating generalizations');
SELECT to_tsvector('The quick brown foxes jumped over the lazy dogs');
SHOW default_text_search_config;
SET default_text_search_config = 'simple';
SHOW default_text_search_config;
SELECT to_tsvector('The quick brown foxes'), get_current_ts_config();
SET default_text_search_config = 'nosuch';
RESET default_text_search_config;
-- to_tsquery and friends
SELECT to_tsquery('english', 'supernovae-stars'), to_tsquery('english', 'fat:AB & rats:*');
SELECT to_tsquery('english', 'the & cat'), to_tsquery('english', $$'fat cats' <-> rat$$);
SELECT to_tsquery('english', 'the');
SELECT plainto_tsquery('english', 'The fat cats ate rats'), phraseto_tsquery('english', 'the fat the cat');
SELECT phraseto_tsquery('english', 'fat cats ate the rats'), plainto_tsquery('simple', 'The Fat');
SELECT websearch_to_tsquery('english', '"fat cat" or dog -rat'), websearch_to_tsquery('english', 'fat cats or dogs mice');
SELECT websearch_to_tsquery('english', '"the fat cat" -"big dog"');
SELECT to_tsquery('cats & rats'), plainto_tsquery('cats rats');
-- Matching
SELECT to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'cat & mat');
SELECT to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'cat & dog');
SELECT to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'ca:* & !dog');
SELECT to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'fat <-> cat'), to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'cat <-> fat');
SELECT to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'fat <2> sat'), to_tsvector('english', 'a fat cat sat on a mat') @@ to_tsquery('english', 'fat <-> !cat');
SELECT 'a:1A b:2'::tsvector @@ 'a:B'::tsquery, 'a:1A b:2'::tsvector @@ 'a:AB'::tsquery, 'a b'::tsvector @@ 'a <-> b'::tsquery;
SELECT to_tsquery('english', 'cat') @@ to_tsvector('english', 'cats');
SELECT 'fat cats ate rats'::text @@ to_tsquery('cat & rat'), 'fat cats ate rats'::text @@ 'cat rat'::text;
-- Operators and functions on tsvector / tsquery
SELECT 'a:1 b:2'::tsvector || 'b:1 c:2'::tsvector, 'a'::tsquery && 'b', 'a'::tsquery || 'b'::tsquery;
SELECT !! 'a & b'::tsquery, 'a'::tsquery <-> 'b | c'::tsquery, tsquery_phrase('a', 'b', 3);
SELECT setweight(to_tsvector('english', 'fat cat'), 'A'), strip('a:1,2 b:3'::tsvector);
SELECT setweight('a:1'::tsvector, 'x');
SELECT length('a b c'::tsvector), numnode('(a | b) & !c'::tsquery), querytree('a & !b'::tsquery), querytree('!a'::tsquery);
SELECT tsvector_to_array('b:1 a:2'::tsvector), array_to_tsvector('{x,y,x}');
SELECT * FROM unnest('cat:3 fat:2,4A rat'::tsvector);
SELECT unnest('cat:3 fat:2,4A'::tsvector);
SELECT u.lexeme, u.weights FROM unnest('a:1B b'::tsvector) u ORDER BY 1;
-- Ranking
SELECT ts_rank(to_tsvector('english', 'a fat cat sat on a mat and ate a fat rat'), to_tsquery('english', 'cat & rat'));
SELECT ts_rank(to_tsvector('english', 'a fat cat sat on a mat and ate a fat rat'), to_tsquery('english', 'cat | dog'), 1);
SELECT ts_rank('{0.1,0.2,0.5,0.9}', setweight(to_tsvector('english', 'fat fat cat'), 'B'), to_tsquery('english', 'fat & cat'), 2 | 8);
SELECT ts_rank_cd(to_tsvector('english', 'a fat cat sat on a mat and ate a fat rat'), to_tsquery('english', 'cat & rat'));
SELECT ts_rank_cd(to_tsvector('english', 'cats and rats and more cats, a cat is fat'), to_tsquery('english', 'fat <-> cat'));
SELECT ts_rank_cd(to_tsvector('english', 'fat fat fat cat cat rat rat rat'), to_tsquery('english', 'fat & rat'), 4 | 32);
-- A table with a generated tsvector column; @@ runs as a sequential scan
CREATE TABLE docs (id int PRIMARY KEY, title text, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(body, ''))) STORED);
INSERT INTO docs (id, title, body) VALUES (1, 'Cats', 'The fat cat sat on the mat'), (2, 'Dogs', 'Dogs bark loudly at cats'), (3, 'Rats', 'A rat ate the cheese');
SELECT id, tsv FROM docs ORDER BY id;
SELECT id FROM docs WHERE tsv @@ to_tsquery('english', 'cat') ORDER BY id;
SELECT id, ts_rank(tsv, q) AS rank FROM docs, (SELECT to_tsquery('english', 'cat | rat') AS q) s WHERE tsv @@ q ORDER BY rank DESC, id;
UPDATE docs SET body = 'No animals here' WHERE id = 1;
SELECT id, tsv FROM docs WHERE id = 1;
SELECT id FROM docs WHERE to_tsvector('english', body) @@ plainto_tsquery('english', 'cheese eating rats') ORDER BY id;
CREATE TABLE bad (body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector(body)) STORED);
SELECT id FROM docs WHERE tsv = to_tsvector('english', 'Rats A rat ate the cheese');
-- Arrays of the types
SELECT ARRAY['a:1'::tsvector, 'b'], ARRAY['a & b'::tsquery];
-- regconfig values: casts from text, a column, ordering (by OID), NULLs, a prepared statement
SELECT 'simple'::text::regconfig, to_tsvector('Simple'::text::regconfig, 'The Cats');
CREATE TABLE cfg (c regconfig, t text);
INSERT INTO cfg VALUES ('english', 'The cats'), ('simple', 'The cats');
SELECT c, to_tsvector(c, t) FROM cfg ORDER BY 1;
SELECT to_tsvector('english', NULL), NULL::tsvector @@ 'a'::tsquery, length(NULL::tsvector);
PREPARE fts_p(text) AS SELECT to_tsvector('english', $1) @@ plainto_tsquery('english', 'cat');
EXECUTE fts_p('the cats');
