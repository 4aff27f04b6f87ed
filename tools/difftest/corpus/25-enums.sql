-- setup: an enum, a table using it (scalar, array, default, NOT NULL)
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE person (id int PRIMARY KEY, current mood NOT NULL DEFAULT 'ok', history mood[]);
INSERT INTO person VALUES (1, 'happy', '{sad,ok}'), (2, 'sad', ARRAY['ok']::mood[]), (3, DEFAULT, NULL);
-- errors: duplicate type, bad input, long label, duplicate label, unknown type
CREATE TYPE mood AS ENUM ('x');
SELECT 'x'::mood;
CREATE TYPE longlabel AS ENUM ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
CREATE TYPE duplabel AS ENUM ('a', 'a');
SELECT 'x'::nosuchtype;
-- ordering and comparisons follow the declaration order, not the text
SELECT id, current, history FROM person ORDER BY current, id;
SELECT id, current::text, current < 'ok', current = 'sad', current >= 'ok' FROM person ORDER BY id;
-- ADD VALUE BEFORE / AFTER / at the end / IF NOT EXISTS
ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad';
ALTER TYPE mood ADD VALUE 'fine' AFTER 'ok';
ALTER TYPE mood ADD VALUE 'ecstatic';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
ALTER TYPE mood ADD VALUE 'ok';
ALTER TYPE mood ADD VALUE 'x' BEFORE 'nope';
INSERT INTO person VALUES (4, 'awful', NULL), (5, 'fine', '{fine,awful}'), (6, 'ecstatic', '{}');
SELECT id, current FROM person ORDER BY current DESC;
SELECT min(current), max(current), count(DISTINCT current) FROM person;
SELECT current, count(*) FROM person GROUP BY current ORDER BY current;
SELECT DISTINCT current FROM person ORDER BY 1;
SELECT id FROM person WHERE current IN ('sad', 'happy') ORDER BY id;
SELECT id FROM person WHERE current BETWEEN 'sad' AND 'fine' ORDER BY id;
-- the support functions
SELECT enum_first(NULL::mood), enum_last(NULL::mood), enum_range(NULL::mood);
SELECT enum_range('sad'::mood, 'fine'::mood), enum_range(NULL, 'sad'::mood), enum_range('fine'::mood, NULL), enum_range('fine'::mood, 'sad'::mood);
CREATE TYPE empty AS ENUM ();
SELECT enum_first(NULL::empty);
SELECT enum_range(NULL::empty)::text;
-- arrays
SELECT id FROM person WHERE 'awful' = ANY(history) ORDER BY id;
SELECT ARRAY['sad', 'happy']::mood[], array_length(history, 1) FROM person WHERE id = 5;
-- casts and operators
SELECT CAST('happy' AS mood), 'happy'::mood::text || '!', 'ok'::text::mood, pg_typeof('ok'::mood), pg_typeof(ARRAY['ok']::mood[]);
SELECT 'ok'::mood = 'ok'::text;
CREATE TYPE other AS ENUM ('ok');
SELECT 'ok'::mood = 'ok'::other;
SELECT 'ok'::mood::other;
SELECT current || 'x' FROM person WHERE id = 1;
-- indexes and keys follow the enum's order
CREATE UNIQUE INDEX person_current ON person (current);
SELECT id, current FROM person WHERE current >= 'ok' ORDER BY current;
INSERT INTO person VALUES (7, 'ok', NULL);
CREATE TABLE pair (a mood PRIMARY KEY, b mood);
INSERT INTO pair VALUES ('sad', 'sad'), ('ok', 'happy'), ('awful', NULL);
SELECT p.id, pair.b FROM person p JOIN pair ON p.current = pair.a ORDER BY 1;
UPDATE pair SET b = 'fine' WHERE a = 'awful' RETURNING a, b;
-- catalogs
SELECT typname, typtype, typcategory, typlen, typbyval, typinput, typoutput, typsend, typalign, typstorage FROM pg_type WHERE typname IN ('mood', '_mood') ORDER BY 1;
SELECT enumsortorder, enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY 1;
SELECT format_type('mood'::regtype, NULL), 'mood[]'::regtype, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = 'person'::regclass AND a.attname = 'history';
SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = 'person' ORDER BY ordinal_position;
-- RENAME VALUE, RENAME TO, DROP TYPE
ALTER TYPE mood RENAME VALUE 'fine' TO 'good';
ALTER TYPE mood RENAME VALUE 'nope' TO 'x';
ALTER TYPE mood RENAME VALUE 'ok' TO 'sad';
SELECT id, current, history FROM person ORDER BY id;
ALTER TYPE mood RENAME TO other;
ALTER TYPE mood RENAME TO feeling;
SELECT pg_typeof(current), current FROM person WHERE id = 1;
DROP TYPE feeling;
DROP TYPE IF EXISTS nothere;
DROP TYPE nothere;
DROP TYPE int4;
DROP TYPE person;
DROP TYPE feeling CASCADE;
SELECT * FROM person ORDER BY id;
SELECT * FROM pair;
DROP TYPE other, empty;
