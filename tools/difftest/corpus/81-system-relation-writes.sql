-- INSERT, UPDATE and DELETE naming a system relation: a system view is not updatable (55000);
-- a catalog table refuses a role that is not a superuser (42501).
UPDATE pg_stats SET attname = 'x' WHERE false;
INSERT INTO pg_roles (rolname) VALUES ('x');
DELETE FROM pg_stat_activity WHERE false;
UPDATE information_schema.tables SET table_name = 'x' WHERE false;
DELETE FROM pg_catalog.pg_settings WHERE false;
CREATE ROLE srw_plain;
SET ROLE srw_plain;
UPDATE pg_class SET relname = relname WHERE false;
DELETE FROM pg_namespace WHERE false;
INSERT INTO pg_description VALUES (1, 2, 0, 'x');
UPDATE pg_catalog.pg_attribute SET attname = attname WHERE false;
UPDATE pg_stats SET attname = 'x' WHERE false;
INSERT INTO pg_tables (tablename) VALUES ('x');
RESET ROLE;
DROP ROLE srw_plain;
