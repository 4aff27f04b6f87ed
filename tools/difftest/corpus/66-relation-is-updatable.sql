-- pg_relation_is_updatable and pg_column_is_updatable: the commands a relation (a column) takes, as PostgreSQL's relation_is_updatable
CREATE TABLE riu_t (id int PRIMARY KEY, name text, qty int);
CREATE VIEW riu_plain AS SELECT id, name FROM riu_t;
CREATE VIEW riu_mixed AS SELECT id, qty + 1 AS more, name FROM riu_t WHERE qty > 0;
CREATE VIEW riu_computed AS SELECT qty * 2 AS twice, upper(name) AS shout FROM riu_t;
CREATE VIEW riu_agg AS SELECT count(*) AS n FROM riu_t;
CREATE VIEW riu_join AS SELECT a.id FROM riu_t a JOIN riu_t b ON a.id = b.id;
CREATE VIEW riu_nested AS SELECT name, id FROM riu_mixed;
CREATE VIEW riu_over_agg AS SELECT n FROM riu_agg;
CREATE SEQUENCE riu_seq;
CREATE MATERIALIZED VIEW riu_mv AS SELECT id FROM riu_t;
SELECT c, pg_relation_is_updatable(c::regclass, false) AS events, pg_relation_is_updatable(c::regclass, true) AS with_triggers FROM unnest(ARRAY['riu_t', 'riu_plain', 'riu_mixed', 'riu_computed', 'riu_agg', 'riu_join', 'riu_nested', 'riu_over_agg', 'riu_seq', 'riu_mv', 'riu_t_pkey', 'pg_class']) AS c ORDER BY c;
SELECT c, a.attnum, a.attname, pg_column_is_updatable(c::regclass, a.attnum, false) AS updatable FROM unnest(ARRAY['riu_t', 'riu_mixed', 'riu_computed', 'riu_nested', 'riu_agg']) AS c JOIN pg_attribute a ON a.attrelid = c::regclass AND a.attnum > 0 ORDER BY c, a.attnum;
-- system columns never; an unknown OID takes nothing; NULL in, NULL out
SELECT pg_column_is_updatable('riu_t'::regclass, -1::int2, false), pg_column_is_updatable('riu_t'::regclass, 0::int2, false);
SELECT pg_relation_is_updatable(0, false), pg_relation_is_updatable(987654, true), pg_column_is_updatable(987654, 1::int2, false), pg_relation_is_updatable(NULL, false), pg_column_is_updatable('riu_t'::regclass, NULL, false);
SELECT '-'::regclass AS dash, 0::regclass AS zero, '-'::regclass::oid AS oid, pg_relation_is_updatable('-', false) AS none;
