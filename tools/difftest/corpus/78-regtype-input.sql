-- regtype input reads a type name as SQL writes it: aliases, typmods, array bounds (regtypein).
SELECT 'int'::regtype, 'INT'::regtype, ' int '::regtype, 'integer'::regtype, 'int4'::regtype;
SELECT 'int[]'::regtype, 'int4[]'::regtype, 'int4[3]'::regtype, 'integer[][]'::regtype, '_int4'::regtype;
SELECT 'varchar(10)'::regtype, 'character varying'::regtype, 'char'::regtype, 'char(3)'::regtype, '"char"'::regtype;
SELECT 'decimal'::regtype, 'dec'::regtype, 'numeric(10,2)'::regtype, 'float'::regtype, 'float(24)'::regtype, 'float(25)'::regtype;
SELECT 'double precision'::regtype, 'real'::regtype, 'smallint'::regtype, 'bigint'::regtype, 'boolean'::regtype;
SELECT 'timestamp(3) with time zone'::regtype, 'TIMESTAMP WITHOUT TIME ZONE'::regtype, 'time with time zone'::regtype;
SELECT 'interval day to second'::regtype, 'interval(2)'::regtype, 'pg_catalog.int4'::regtype, 'text[]'::regtype;
SELECT 'int'::regtype::oid, 'float(24)'::regtype::oid, 'char'::regtype::oid, '"char"'::regtype::oid;
SELECT to_regtype('int'), to_regtype('varchar(5)[]'), to_regtype('nosuch'), to_regtype('double precision');
SELECT 'nosuch'::regtype;
SELECT 'public.int4'::regtype;
SELECT 'float(0)'::regtype;
SELECT 'float(54)'::regtype;
SELECT '"Int4"'::regtype;
CREATE TYPE rt_mood AS ENUM ('sad', 'ok');
SELECT 'rt_mood'::regtype, 'rt_mood[]'::regtype, 'public.rt_mood'::regtype;
DROP TYPE rt_mood;
