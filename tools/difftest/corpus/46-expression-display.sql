-- setup: stored expressions print as PostgreSQL's ruleutils deparses them
CREATE TYPE ed_mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN ed_pos AS integer CHECK (VALUE > 0 AND VALUE < 1000);
CREATE DOMAIN ed_code AS varchar(10) CHECK (VALUE ~ '^[A-Z]+$' OR VALUE IS NULL);
CREATE DOMAIN ed_txt AS text DEFAULT 'none' CHECK (length(VALUE) BETWEEN 1 AND 20);
CREATE SEQUENCE ed_seq;
CREATE TABLE ed_checks (
  a int CHECK (a > 0 AND a < 10),
  b int CHECK (b IN (1, 2, 3)),
  c int CHECK (c BETWEEN 1 AND 100),
  d text CHECK (d LIKE 'x%'),
  e text CHECK (e ILIKE '%y'),
  f text CHECK (f IS NOT NULL OR a IS NULL),
  g varchar(20) CHECK (g <> ''),
  h numeric CHECK (h >= 0.5),
  i int CHECK (NOT (i = 5)),
  j text CHECK (j NOT LIKE '%z%'),
  k int CHECK (CASE WHEN k > 10 THEN k < 20 ELSE true END),
  l text CHECK (l || 'x' <> 'ax'),
  m int CHECK (m * 2 + 1 > m - 3),
  n int CHECK (n NOT IN (7, 8)),
  o text CHECK (upper(o) = o),
  p int CHECK (p::text <> '13'),
  q bigint CHECK (q > 5),
  r int CHECK (r % 2 = 0 OR r IS NULL),
  s date CHECK (s > '2020-01-01'),
  t boolean CHECK (t IS NOT TRUE OR a > 1),
  u int CHECK (COALESCE(u, 0) >= 0),
  v varchar(10) CHECK (char_length(v) > 2),
  w numeric(10,2) CHECK (w < 100),
  x int CHECK (x NOT BETWEEN 5 AND 6),
  y text CHECK (y IN ('a', 'b')),
  z ed_mood CHECK (z <> 'sad')
);
CREATE TABLE ed_defaults (
  id serial PRIMARY KEY,
  i1 int DEFAULT 1,
  i2 int DEFAULT -1,
  i3 bigint DEFAULT 42,
  i4 int DEFAULT 1 + 2,
  i5 smallint DEFAULT 7,
  n1 numeric DEFAULT 1.5,
  n2 numeric(8,2) DEFAULT 0,
  f1 double precision DEFAULT 2.5,
  f2 real DEFAULT 0,
  t1 text DEFAULT 'hello',
  t2 varchar(10) DEFAULT 'v',
  t3 text DEFAULT 'a' || 'b',
  t4 text DEFAULT upper('x'),
  t5 char(3) DEFAULT 'ab',
  b1 boolean DEFAULT true,
  b2 boolean DEFAULT false,
  d1 date DEFAULT CURRENT_DATE,
  d2 timestamptz DEFAULT now(),
  d3 timestamptz DEFAULT CURRENT_TIMESTAMP,
  d4 timestamp DEFAULT LOCALTIMESTAMP,
  d5 date DEFAULT '2024-01-02',
  d6 timestamp DEFAULT now(),
  d7 interval DEFAULT '1 day',
  s1 bigint DEFAULT nextval('ed_seq'),
  s2 int DEFAULT nextval('ed_seq'::regclass),
  a1 int[] DEFAULT '{}',
  a2 int[] DEFAULT ARRAY[1, 2],
  a3 text[] DEFAULT ARRAY['x', 'y'],
  e1 ed_mood DEFAULT 'ok',
  c1 int DEFAULT '5'::int,
  c2 text DEFAULT 5::text,
  c3 numeric DEFAULT 3::numeric,
  c4 bigint DEFAULT 5::bigint,
  j1 jsonb DEFAULT '{}',
  j2 json DEFAULT '[]'::json,
  u1 uuid DEFAULT gen_random_uuid(),
  dm1 ed_txt,
  dm2 ed_pos DEFAULT 5,
  x1 int DEFAULT abs(-3),
  x2 text DEFAULT COALESCE(NULL, 'q'),
  x3 int DEFAULT CASE WHEN true THEN 1 ELSE 2 END,
  x4 numeric DEFAULT 10 / 4.0,
  x5 int DEFAULT greatest(1, 2)
);
CREATE TABLE ed_gen (
  a int,
  b text,
  c varchar(10),
  twice int GENERATED ALWAYS AS (a * 2) STORED,
  label text GENERATED ALWAYS AS (b || '-' || a) STORED,
  up text GENERATED ALWAYS AS (upper(c)) STORED,
  neg int GENERATED ALWAYS AS (-a) STORED
);
CREATE INDEX ed_gen_lower ON ed_gen (lower(b));
CREATE INDEX ed_gen_lowerc ON ed_gen (lower(c));
CREATE INDEX ed_gen_expr ON ed_gen ((a + 1), (b || 'x'));
CREATE INDEX ed_gen_part ON ed_gen (a) WHERE a > 0 AND b IS NOT NULL;
CREATE INDEX ed_gen_part2 ON ed_gen (b) WHERE b LIKE 'p%' OR a IN (1, 2);
CREATE UNIQUE INDEX ed_gen_mixed ON ed_gen (a, lower(b) DESC) WHERE c <> 'z';
-- what psql's \d sends
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), a.attnotnull, a.attgenerated FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'ed_defaults'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'ed_defaults'::regclass ORDER BY a.attnum;
SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attgenerated FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'ed_gen'::regclass ORDER BY a.attnum;
SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true) FROM pg_catalog.pg_constraint r WHERE r.conrelid = 'ed_checks'::regclass AND r.contype = 'c' ORDER BY 1;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ed_checks'::regclass ORDER BY 1;
SELECT c2.relname, i.indisprimary, i.indisunique, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), pg_catalog.pg_get_constraintdef(con.oid, true) FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x')) WHERE c.oid = 'ed_gen'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid ORDER BY i.indisprimary DESC, c2.relname;
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid, 1, true), pg_get_indexdef(indexrelid, 2, false) FROM pg_index WHERE indrelid = 'ed_gen'::regclass ORDER BY 1;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ed_gen' ORDER BY 1;
SELECT pg_get_expr(indexprs, indrelid), pg_get_expr(indpred, indrelid) FROM pg_index WHERE indrelid = 'ed_gen'::regclass ORDER BY indexrelid;
-- domains
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid IN ('ed_pos'::regtype, 'ed_code'::regtype, 'ed_txt'::regtype) ORDER BY 1;
SELECT domain_name, domain_default FROM information_schema.domains WHERE domain_name LIKE 'ed\_%' ORDER BY 1;
SELECT constraint_name, check_clause FROM information_schema.check_constraints WHERE constraint_name LIKE 'ed\_%' ORDER BY 1;
-- information_schema
SELECT column_name, column_default, is_generated, generation_expression FROM information_schema.columns WHERE table_name IN ('ed_defaults', 'ed_gen') ORDER BY table_name, ordinal_position;
-- names are resolved at display time
ALTER TABLE ed_gen RENAME COLUMN b TO bb;
ALTER TABLE ed_checks RENAME COLUMN a TO aa;
ALTER TABLE ed_seq RENAME TO ed_seq2;
ALTER TYPE ed_mood RENAME TO ed_feeling;
CREATE SCHEMA ed_other;
ALTER TABLE ed_defaults RENAME TO ed_defaults2;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ed_checks'::regclass AND conname IN ('ed_checks_a_check', 'ed_checks_f_check', 'ed_checks_t_check', 'ed_checks_z_check') ORDER BY 1;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ed_gen' ORDER BY 1;
SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'ed_gen'::regclass ORDER BY a.attnum;
SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'ed_defaults2'::regclass AND a.attname IN ('id', 's1', 's2', 'e1') ORDER BY a.attnum;
SET search_path = ed_other;
SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'public.ed_defaults2'::regclass AND a.attname IN ('id', 's1', 'e1', 'd5') ORDER BY a.attnum;
RESET search_path;
-- ALTER TABLE … ADD CONSTRAINT and ALTER COLUMN SET DEFAULT go through the same display
ALTER TABLE ed_gen ADD CONSTRAINT ed_gen_chk CHECK (a >= 0 AND (c IS NULL OR length(c) > 0));
ALTER TABLE ed_gen ALTER COLUMN a SET DEFAULT 2 * 3;
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ed_gen_chk';
SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'ed_gen' AND column_name = 'a';
-- the renamed objects still work: index keys, generated columns and sequences follow their renames
INSERT INTO ed_gen (a, bb, c) VALUES (4, 'pq', 'r');
SELECT a, bb, c, twice, label, up, neg FROM ed_gen WHERE lower(bb) = 'pq';
INSERT INTO ed_defaults2 (id) VALUES (100) RETURNING s1 + s2, i4, t3, x4, e1, dm1, dm2;
-- more shapes: nested CASE, IS DISTINCT FROM, NULLIF, SIMILAR TO, regex, casts to a domain and between types
CREATE TABLE ed_more (
  a int,
  b text,
  c numeric,
  d ed_feeling,
  CONSTRAINT m1 CHECK (CASE WHEN a > 0 THEN CASE WHEN b IS NULL THEN false ELSE true END ELSE a IS NULL END),
  CONSTRAINT m2 CHECK (a IS DISTINCT FROM 3 AND a IS NOT DISTINCT FROM a),
  CONSTRAINT m3 CHECK (NULLIF(a, 0) IS NOT NULL OR b SIMILAR TO 'x%'),
  CONSTRAINT m4 CHECK (b ~* '^[a-z]' AND b !~ 'zz' AND b NOT ILIKE 'q%'),
  CONSTRAINT m5 CHECK (c::int > -5 AND a::numeric < 1.5e3 AND a - -1 <> 0),
  CONSTRAINT m6 CHECK ((a + 1) * 2 > a / 2 - 1 AND a - (1 - a) < 100),
  CONSTRAINT m7 CHECK (d IN ('ok', 'happy') AND d::text <> 'x'),
  CONSTRAINT m8 CHECK (a IN (1) OR b NOT IN ('z') OR NOT (a > 5 AND NOT b = 'c'))
);
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'ed_more'::regclass ORDER BY 1;
CREATE INDEX ed_more_case ON ed_more ((CASE WHEN a > 0 THEN b END));
CREATE INDEX ed_more_coalesce ON ed_more (COALESCE(b, 'none'), (c * 2));
CREATE INDEX ed_more_cast ON ed_more ((a::text));
SELECT pg_get_indexdef(indexrelid), pg_get_indexdef(indexrelid, 0, true) FROM pg_index WHERE indrelid = 'ed_more'::regclass ORDER BY indexrelid;
ALTER TABLE ed_more ADD COLUMN e date DEFAULT CURRENT_DATE + 1;
ALTER TABLE ed_more ADD COLUMN f text DEFAULT 'x' || CURRENT_USER;
ALTER TABLE ed_more ADD COLUMN g int[] DEFAULT ARRAY[[1, 2], [3, 4]];
ALTER TABLE ed_more ADD COLUMN h boolean GENERATED ALWAYS AS (a > 0 AND c IS NOT NULL) STORED;
SELECT attname, pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true) FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum WHERE adrelid = 'ed_more'::regclass ORDER BY adnum;
-- a type outside the search path is qualified
SET search_path = ed_other;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.ed_more'::regclass AND conname = 'm7';
RESET search_path;
-- a timestamptz constant prints in the session's TimeZone, wherever it was written
SET TimeZone = 'UTC';
CREATE TABLE ed_tz (ts timestamptz CHECK (ts > '2020-01-01 00:00:00+02'), d timestamptz DEFAULT '2021-06-01 12:00:00+00');
SET TimeZone = 'Europe/Berlin';
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ed_tz'::regclass;
SELECT pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true) FROM pg_attrdef WHERE adrelid = 'ed_tz'::regclass;
RESET TimeZone;
-- the binder's calls print as the syntax PostgreSQL keeps: simple CASE, EXTRACT, POSITION, SUBSTRING, TRIM, subscripts, ANY, bitwise operators; cross-type operators take their operands uncast
CREATE TABLE ed_syntax (a int, b text, c bigint, d date, e numeric, f smallint, g jsonb, h int[], ts timestamp);
ALTER TABLE ed_syntax ADD CONSTRAINT s1 CHECK (CASE a WHEN 1 THEN true ELSE false END);
ALTER TABLE ed_syntax ADD CONSTRAINT s2 CHECK (extract(year from d) > 2000);
ALTER TABLE ed_syntax ADD CONSTRAINT s3 CHECK (trim(b) <> '' AND trim(both 'x' from b) <> 'y');
ALTER TABLE ed_syntax ADD CONSTRAINT s4 CHECK (substring(b from 1 for 2) <> 'zz' AND substring(b from 3) <> '');
ALTER TABLE ed_syntax ADD CONSTRAINT s5 CHECK (position('x' in b) > 0);
ALTER TABLE ed_syntax ADD CONSTRAINT s6 CHECK (c IN (1, 2) AND c NOT IN (7, 8, 9));
ALTER TABLE ed_syntax ADD CONSTRAINT s7 CHECK (c % 2 = 0 AND c + a > 0 AND f * 2 < c);
ALTER TABLE ed_syntax ADD CONSTRAINT s8 CHECK (f > 1 AND f + a > 2);
ALTER TABLE ed_syntax ADD CONSTRAINT s9 CHECK (g ? 'k' AND g->>'k' <> 'v' AND g @> '{}');
ALTER TABLE ed_syntax ADD CONSTRAINT s10 CHECK (h[1] > 0 AND array_length(h, 1) < 5 AND 3 = ANY (h) AND a <> ALL (h));
ALTER TABLE ed_syntax ADD CONSTRAINT s11 CHECK (ts > now() - interval '1 day' AND d <= ts);
ALTER TABLE ed_syntax ADD CONSTRAINT s12 CHECK (e BETWEEN 0 AND 1.5);
ALTER TABLE ed_syntax ADD CONSTRAINT s13 CHECK (a IN (1, b::int) AND a NOT IN (a + f, 5, 6));
ALTER TABLE ed_syntax ADD CONSTRAINT s14 CHECK (b::varchar(3) <> 'abc' AND d::timestamp > '2020-01-01');
ALTER TABLE ed_syntax ADD CONSTRAINT s15 CHECK (length(b) > a & 7 AND a | 1 > 0 AND NOT a IS NULL);
ALTER TABLE ed_syntax ADD CONSTRAINT s16 CHECK (e::int > 0 AND -e < 0 AND e ^ 2 > 0);
ALTER TABLE ed_syntax ADD CONSTRAINT s17 CHECK (d < CURRENT_DATE AND b <> CURRENT_USER AND b <> SESSION_USER);
ALTER TABLE ed_syntax ADD CONSTRAINT s18 CHECK (ROW(a, b) IS NOT NULL AND (a, c) <> (1, 2));
ALTER TABLE ed_syntax ADD CONSTRAINT s19 CHECK (a BETWEEN SYMMETRIC 1 AND 10);
ALTER TABLE ed_syntax ADD CONSTRAINT s20 CHECK (b LIKE 'a\%' ESCAPE '\');
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ed_syntax'::regclass ORDER BY oid;
SELECT conname, pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'ed_syntax'::regclass ORDER BY oid;
CREATE TABLE ed_defaults3 (a int DEFAULT (random() * 10)::int, b text DEFAULT md5('x'), c date DEFAULT now()::date, d timestamp DEFAULT now() + interval '1 hour', e text DEFAULT CURRENT_USER, f numeric(5,2) DEFAULT 1.234, g bigint DEFAULT -5, h text DEFAULT $$it's$$, i float8 DEFAULT 'NaN', j int DEFAULT NULL, k text[] DEFAULT '{a,b}', l int DEFAULT 2147483647 + 0);
SELECT attname, pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true) FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum WHERE adrelid = 'ed_defaults3'::regclass ORDER BY adnum;
