-- An extension's functions: in pg_proc only while it is installed, in its schema, members of it
-- in pg_depend ('e'), listed as psql's \dx+ lists them (pg_describe_object); pg_describe_object
-- of other objects.
SELECT count(*) FROM pg_proc WHERE proname = 'uuid_nil';
CREATE SCHEMA ext100;
CREATE EXTENSION "uuid-ossp" SCHEMA ext100;
SELECT p.proname, n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE proname IN ('uuid_nil', 'uuid_generate_v4') ORDER BY 1;
SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS "Object description" FROM pg_catalog.pg_depend WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'uuid-ossp') AND deptype = 'e' ORDER BY 1;
SET search_path = ext100, public;
SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS "Object description" FROM pg_catalog.pg_depend WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'uuid-ossp') AND deptype = 'e' ORDER BY 1;
SELECT 'uuid_nil()'::regprocedure::text, pg_function_is_visible('uuid_nil()'::regprocedure);
RESET search_path;
DROP EXTENSION "uuid-ossp";
DROP SCHEMA ext100;
SELECT count(*) FROM pg_proc WHERE proname = 'uuid_nil';
CREATE TABLE describe100 (id int PRIMARY KEY, note text);
CREATE VIEW describe100_v AS SELECT id FROM describe100;
CREATE SEQUENCE describe100_s;
SELECT pg_describe_object('pg_class'::regclass, 'describe100'::regclass, 0), pg_describe_object('pg_class'::regclass, 'describe100'::regclass, 2), pg_describe_object('pg_class'::regclass, 'describe100_pkey'::regclass, 0);
SELECT pg_describe_object('pg_class'::regclass, 'describe100_v'::regclass, 0), pg_describe_object('pg_class'::regclass, 'describe100_s'::regclass, 0);
SELECT pg_describe_object('pg_proc'::regclass, 'pg_catalog.upper(text)'::regprocedure, 0), pg_describe_object('pg_type'::regclass, 'int4'::regtype, 0), pg_describe_object('pg_namespace'::regclass, 'public'::regnamespace, 0);
SELECT pg_describe_object(2612, (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'), 0), pg_describe_object(3079, (SELECT oid FROM pg_extension WHERE extname = 'plpgsql'), 0);
DROP VIEW describe100_v;
DROP TABLE describe100;
DROP SEQUENCE describe100_s;
