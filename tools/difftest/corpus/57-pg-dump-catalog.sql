-- What pg_dump reads from the catalogs: acldefault, pg_depend, pg_options_to_table, name
-- subscripts, pg_catalog-qualified aggregates, sequences read as relations, owners.
CREATE ROLE dump_r;
CREATE ROLE dump_o;
-- acldefault of every object type letter, in aclitem's text form.
SELECT k, acldefault(k::"char", 'dump_r'::regrole)::text FROM (VALUES ('c'), ('r'), ('s'), ('d'), ('f'), ('l'), ('L'), ('n'), ('p'), ('t'), ('F'), ('S'), ('T')) v(k);
SELECT acldefault('n', 0)::text;
SELECT acldefault(NULL, 'dump_r'::regrole)::text;
SELECT acldefault('x', 'dump_r'::regrole);
-- The default ACL pg_dump compares a schema's with.
CREATE SCHEMA dump_s;
ALTER SCHEMA dump_s OWNER TO dump_o;
SELECT nspname, nspacl::text, acldefault('n', nspowner)::text FROM pg_namespace WHERE nspname = 'dump_s';
GRANT USAGE ON SCHEMA dump_s TO dump_r;
SELECT nspacl::text, acldefault('n', nspowner)::text FROM pg_namespace WHERE nspname = 'dump_s';
-- pg_options_to_table: name=value elements as rows.
SELECT * FROM pg_options_to_table(ARRAY['fillfactor=70', 'novalue', 'a=b=c', '=x']);
SELECT * FROM pg_options_to_table(NULL);
SELECT option_name FROM pg_catalog.pg_options_to_table('{}'::text[]) o;
-- A name is an array of "char" from subscript 0.
SELECT typname[0], typname[1], typname[3], typname[63], typname[64], typname[-1] FROM pg_type WHERE typname = '_int4';
SELECT typname FROM pg_type WHERE typname[0] = '_' AND typname IN ('_int4', 'int4', '_text') ORDER BY 1;
SELECT ('abc'::name)[NULL];
SELECT ('ab✓c'::name)[0], ('ab✓c'::name)[2], ('ab✓c'::name)[3], ('ab✓c'::name)[4], ('ab✓c'::name)[5], ('ab✓c'::name)[6], ('é'::name)[1];
-- Aggregates written pg_catalog.name.
SELECT pg_catalog.array_agg(x ORDER BY x DESC), pg_catalog.count(*), pg_catalog.sum(x), pg_catalog.max(x) FROM (VALUES (2), (1), (3)) v(x);
SELECT pg_catalog.string_agg(x::text, ',' ORDER BY x) FILTER (WHERE x > 1) FROM (VALUES (2), (1), (3)) v(x);
-- A "char" compares with text as text (pg_dump: relkind = ANY (array['r', 'S'])); UNION still refuses.
SELECT 'r'::"char" = 'r'::text, 'r'::"char" <> 'r'::varchar, 'ab'::name > 'a'::"char";
SELECT relname FROM pg_class WHERE relkind OPERATOR(pg_catalog.=) ANY (array['r', 'S']) AND relname OPERATOR(pg_catalog.~) '^(pg_am)$' COLLATE pg_catalog.default;
SELECT 'a'::"char" UNION SELECT 'b'::text;
-- A sequence read as a relation.
CREATE SEQUENCE dump_seq START 5 INCREMENT 3;
SELECT last_value, is_called FROM dump_seq;
SELECT sequencename, sequenceowner = current_user, last_value FROM pg_sequences WHERE sequencename = 'dump_seq';
SELECT nextval('dump_seq');
SELECT last_value FROM pg_sequences WHERE sequencename = 'dump_seq';
SELECT last_value, is_called FROM public.dump_seq;
SELECT s.last_value + 1 AS next FROM dump_seq s;
SELECT setval('dump_seq', 20, false);
SELECT last_value, is_called FROM dump_seq;
CREATE SEQUENCE dump_s.seq;
SELECT nextval('dump_s.seq');
SET ROLE dump_r;
SELECT last_value FROM dump_s.seq;
SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'dump_s';
RESET ROLE;
GRANT SELECT ON dump_s.seq TO dump_r;
SET ROLE dump_r;
SELECT last_value, is_called FROM dump_s.seq;
SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'dump_s';
RESET ROLE;
ALTER SEQUENCE dump_s.seq OWNER TO dump_o;
SELECT sequenceowner FROM pg_sequences WHERE schemaname = 'dump_s';
DROP SEQUENCE dump_s.seq;
-- pg_depend: owned sequences, defaults, views, schemas.
CREATE TABLE dump_t (id serial PRIMARY KEY, n int GENERATED ALWAYS AS IDENTITY, c char(3), v int DEFAULT nextval('dump_seq'));
SELECT objid::regclass, refobjid::regclass, refobjsubid, deptype FROM pg_depend WHERE classid = 'pg_class'::regclass AND refclassid = 'pg_class'::regclass AND refobjid = 'dump_t'::regclass AND objid IN ('dump_t_id_seq'::regclass, 'dump_t_n_seq'::regclass) ORDER BY 1::text;
SELECT a.adnum, d.refobjid::regclass, d.refobjsubid, d.deptype FROM pg_attrdef a JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = a.oid WHERE a.adrelid = 'dump_t'::regclass AND d.refclassid = 'pg_class'::regclass ORDER BY 1, 2::text, 4;
SELECT refobjid::regnamespace, deptype FROM pg_depend WHERE classid = 'pg_class'::regclass AND objid = 'dump_t'::regclass AND refclassid = 'pg_namespace'::regclass;
CREATE VIEW dump_v AS SELECT t.id, s.last_value FROM dump_t t, dump_seq s;
CREATE MATERIALIZED VIEW dump_m AS SELECT id FROM dump_v;
SELECT r.ev_class::regclass, r.rulename, r.ev_type, r.is_instead FROM pg_rewrite r WHERE r.ev_class IN ('dump_v'::regclass, 'dump_m'::regclass) ORDER BY 1::text;
SELECT DISTINCT r.ev_class::regclass, d.refobjid::regclass, d.deptype FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid WHERE r.ev_class IN ('dump_v'::regclass, 'dump_m'::regclass) AND d.refclassid = 'pg_class'::regclass ORDER BY 1::text, 2::text;
SELECT relname, relhasrules FROM pg_class WHERE relname IN ('dump_v', 'dump_m', 'dump_t') ORDER BY 1;
-- Defaults and views print their sequences and relations qualified where the path does not find them.
SET search_path = '';
SELECT adnum, pg_catalog.pg_get_expr(adbin, adrelid) FROM pg_catalog.pg_attrdef WHERE adrelid = 'public.dump_t'::pg_catalog.regclass ORDER BY 1;
SELECT * FROM public.dump_v ORDER BY 1;
REFRESH MATERIALIZED VIEW public.dump_m;
RESET search_path;
SELECT data_type FROM information_schema.columns WHERE table_name = 'dump_t' AND column_name = 'c';
-- ALTER TABLE … OWNER TO takes the table's SERIAL and identity sequences along.
ALTER TABLE dump_t OWNER TO dump_o;
SELECT relname, relowner = 'dump_o'::regrole FROM pg_class WHERE relname IN ('dump_t', 'dump_t_id_seq', 'dump_t_n_seq', 'dump_seq') ORDER BY 1;
ALTER TABLE dump_t ADD COLUMN w int GENERATED BY DEFAULT AS IDENTITY;
SELECT relname, relowner::regrole FROM pg_class WHERE relname = 'dump_t_w_seq';
-- ALTER FUNCTION … OWNER TO.
CREATE FUNCTION dump_f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
ALTER FUNCTION dump_f(int) OWNER TO dump_o;
SELECT proname, proowner::regrole FROM pg_proc WHERE proname = 'dump_f';
ALTER FUNCTION dump_f OWNER TO dump_r;
SELECT proowner::regrole FROM pg_proc WHERE proname = 'dump_f';
ALTER FUNCTION dump_f(text) OWNER TO dump_o;
ALTER FUNCTION dump_f(int) OWNER TO no_such_role;
ALTER FUNCTION dump_f(int) OWNER dump_o;
SET ROLE dump_o;
ALTER FUNCTION dump_f(int) OWNER TO dump_o;
RESET ROLE;
DROP FUNCTION dump_f(int);
-- COMMENT ON TYPE / DOMAIN / FUNCTION / EXTENSION, as pg_dump writes them.
CREATE TYPE dump_e AS ENUM ('a');
CREATE DOMAIN dump_d AS int;
CREATE FUNCTION dump_g(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
COMMENT ON TYPE dump_e IS 'an enum';
COMMENT ON TYPE dump_d IS 'a domain, as a type';
COMMENT ON DOMAIN dump_e IS 'x';
COMMENT ON DOMAIN public.dump_d IS 'a domain';
COMMENT ON FUNCTION dump_g(int) IS 'a function';
COMMENT ON FUNCTION dump_g(text) IS 'x';
COMMENT ON FUNCTION no_such IS 'x';
COMMENT ON TYPE no_such IS 'x';
COMMENT ON TYPE no_schema.t IS 'x';
COMMENT ON EXTENSION no_such IS 'x';
COMMENT ON EXTENSION pg_catalog.plpgsql IS 'x';
SELECT obj_description('dump_e'::regtype, 'pg_type'), obj_description('dump_d'::regtype, 'pg_type');
SELECT d.classoid::regclass, d.objsubid, d.description FROM pg_description d JOIN pg_proc p ON p.oid = d.objoid WHERE p.proname = 'dump_g';
CREATE TABLE dump_x (a int);
DROP TABLE dump_x;
SELECT t.typname, d.description FROM pg_description d JOIN pg_type t ON t.oid = d.objoid AND d.classoid = 'pg_type'::regclass WHERE t.typname LIKE 'dump\_%' ORDER BY 1;
COMMENT ON TYPE dump_e IS NULL;
COMMENT ON DOMAIN dump_d IS '';
SELECT obj_description('dump_e'::regtype, 'pg_type'), obj_description('dump_d'::regtype, 'pg_type');
SET ROLE dump_r;
COMMENT ON FUNCTION dump_g(int) IS 'x';
COMMENT ON TYPE dump_e IS 'x';
RESET ROLE;
DROP FUNCTION dump_g(int);
DROP DOMAIN dump_d;
DROP TYPE dump_e;
DROP MATERIALIZED VIEW dump_m;
DROP VIEW dump_v;
DROP TABLE dump_t;
DROP SEQUENCE dump_seq;
DROP SCHEMA dump_s;
DROP ROLE dump_r;
DROP ROLE dump_o;
