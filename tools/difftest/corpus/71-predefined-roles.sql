-- The predefined roles: PostgreSQL 15's OIDs and attributes, and pg_monitor's memberships
SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolpassword, rolvaliduntil FROM pg_authid WHERE rolname LIKE 'pg\_%' ORDER BY oid;
SELECT * FROM pg_roles WHERE rolname LIKE 'pg\_%' ORDER BY oid;
SELECT roleid::regrole, member::regrole, grantor = 10 AS bootstrap, admin_option FROM pg_auth_members WHERE member < 16384 ORDER BY roleid;
SELECT 'pg_monitor'::regrole::oid, 4544::regrole, 'pg_read_all_data'::regrole;
SELECT count(*) FROM pg_user WHERE usename LIKE 'pg\_%';
-- psql's \duS, for the predefined roles
SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolconnlimit, r.rolvaliduntil, ARRAY(SELECT b.rolname FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid) WHERE m.member = r.oid) as memberof, r.rolreplication, r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname ~ '^pg_' ORDER BY 1;
-- Reserved names: CREATE, ALTER (checked by name, before the lookup), RENAME, DROP
CREATE ROLE pg_foo;
CREATE USER pg_monitor;
ALTER ROLE pg_monitor LOGIN;
ALTER USER pg_read_all_data CONNECTION LIMIT 3;
ALTER ROLE pg_nonexistent NOLOGIN;
ALTER ROLE pg_monitor RENAME TO monitor;
ALTER ROLE pg_nonexistent RENAME TO x;
DROP ROLE pg_monitor;
DROP ROLE IF EXISTS pg_database_owner;
DROP ROLE IF EXISTS pg_nonexistent;
REASSIGN OWNED BY pg_signal_backend TO CURRENT_USER;
DROP OWNED BY pg_write_all_data;
-- postgres_exporter's setup: a login role granted pg_monitor
CREATE USER pr_exporter PASSWORD 'secret';
GRANT pg_monitor TO pr_exporter;
GRANT pg_monitor TO pr_exporter;
SELECT pg_has_role('pr_exporter', 'pg_monitor', 'MEMBER'), pg_has_role('pr_exporter', 'pg_read_all_stats', 'USAGE'), pg_has_role('pr_exporter', 'pg_stat_scan_tables', 'MEMBER'), pg_has_role('pr_exporter', 'pg_signal_backend', 'USAGE');
SELECT r.rolname, r.rolcanlogin, ARRAY(SELECT b.rolname FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid) WHERE m.member = r.oid) as memberof FROM pg_catalog.pg_roles r WHERE r.rolname = 'pr_exporter';
SELECT roleid::regrole, member::regrole, admin_option FROM pg_auth_members WHERE member = 'pr_exporter'::regrole;
-- Membership loops and pg_database_owner's rules
GRANT pg_read_all_stats TO pg_monitor;
GRANT pg_monitor TO pg_read_all_stats;
GRANT pr_exporter TO pg_monitor;
GRANT pg_database_owner TO pr_exporter;
GRANT pg_monitor TO pg_database_owner;
REVOKE pg_signal_backend FROM pr_exporter;
-- pg_checkpoint: CHECKPOINT
CREATE ROLE pr_plain;
SET ROLE pr_plain;
CHECKPOINT;
RESET ROLE;
GRANT pg_checkpoint TO pr_plain;
SET ROLE pr_plain;
CHECKPOINT;
RESET ROLE;
REVOKE pg_checkpoint FROM pr_plain;
-- pg_read_all_stats: after SET ROLE to a role without it, this session's own row (its user is the superuser) is hidden
SET ROLE pr_plain;
SELECT usename IS NOT NULL AS has_user, usesysid = 10 AS bootstrap, state, query, backend_type, query_start IS NULL AS no_start FROM pg_stat_activity WHERE pid = pg_backend_pid();
RESET ROLE;
GRANT pg_read_all_stats TO pr_plain;
SET ROLE pr_plain;
SELECT usename IS NOT NULL AS has_user, state, query, backend_type, query_start IS NULL AS no_start FROM pg_stat_activity WHERE pid = pg_backend_pid();
RESET ROLE;
REVOKE pg_read_all_stats FROM pr_plain;
-- pg_read_all_data and pg_write_all_data: every relation and schema without a GRANT
CREATE SCHEMA pr_s;
CREATE TABLE pr_s.t (a int);
INSERT INTO pr_s.t VALUES (1), (2);
CREATE VIEW pr_s.v AS SELECT a FROM pr_s.t;
CREATE SEQUENCE pr_s.q;
SELECT nextval('pr_s.q');
CREATE ROLE pr_reader;
CREATE ROLE pr_writer;
GRANT pg_read_all_data TO pr_reader;
GRANT pg_write_all_data TO pr_writer;
SELECT has_table_privilege('pr_reader', 'pr_s.t', 'SELECT'), has_table_privilege('pr_reader', 'pr_s.t', 'INSERT'), has_table_privilege('pr_reader', 'pr_s.t', 'SELECT WITH GRANT OPTION'), has_table_privilege('pr_reader', 'pr_s.v', 'SELECT'), has_column_privilege('pr_reader', 'pr_s.t', 'a', 'SELECT');
SELECT has_table_privilege('pr_writer', 'pr_s.t', 'INSERT'), has_table_privilege('pr_writer', 'pr_s.t', 'UPDATE'), has_table_privilege('pr_writer', 'pr_s.t', 'DELETE'), has_table_privilege('pr_writer', 'pr_s.t', 'SELECT'), has_table_privilege('pr_writer', 'pr_s.t', 'TRUNCATE'), has_table_privilege('pr_writer', 'pr_s.t', 'REFERENCES'), has_column_privilege('pr_writer', 'pr_s.t', 'a', 'UPDATE');
SELECT has_sequence_privilege('pr_reader', 'pr_s.q', 'SELECT'), has_sequence_privilege('pr_reader', 'pr_s.q', 'USAGE'), has_sequence_privilege('pr_writer', 'pr_s.q', 'UPDATE'), has_sequence_privilege('pr_writer', 'pr_s.q', 'USAGE');
SELECT has_schema_privilege('pr_reader', 'pr_s', 'USAGE'), has_schema_privilege('pr_writer', 'pr_s', 'USAGE'), has_schema_privilege('pr_reader', 'pr_s', 'CREATE'), has_schema_privilege('pr_plain', 'pr_s', 'USAGE');
SET ROLE pr_reader;
SELECT a FROM pr_s.t ORDER BY a;
SELECT a FROM pr_s.v ORDER BY a;
SELECT last_value FROM pr_s.q;
SELECT nextval('pr_s.q');
INSERT INTO pr_s.t VALUES (3);
SELECT a FROM pr_s.t FOR UPDATE;
CREATE TABLE pr_s.x (a int);
RESET ROLE;
SET ROLE pr_writer;
INSERT INTO pr_s.t VALUES (3);
UPDATE pr_s.t SET a = a + 10;
UPDATE pr_s.t SET a = 0 WHERE a = 11;
INSERT INTO pr_s.t VALUES (4) RETURNING a;
DELETE FROM pr_s.t WHERE a = 12;
SELECT a FROM pr_s.t;
TRUNCATE pr_s.t;
SELECT setval('pr_s.q', 10);
DELETE FROM pr_s.t;
RESET ROLE;
SELECT count(*) FROM pr_s.t;
SET ROLE pr_plain;
SELECT a FROM pr_s.t;
RESET ROLE;
-- Dropping a member takes its memberships along
DROP ROLE pr_exporter;
SELECT count(*) FROM pg_auth_members WHERE member::regrole::text LIKE 'pr\_%';
DROP SCHEMA pr_s CASCADE;
DROP ROLE pr_plain, pr_reader, pr_writer;
