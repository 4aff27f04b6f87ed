/**
 * PostgreSQL 15's predefined roles (predefined-roles.ts in @rustydb/catalog): listed with
 * PostgreSQL's OIDs and attributes in every directory, granted like other roles, refused to
 * ALTER / RENAME / DROP with PostgreSQL's errors, and what membership in each means here —
 * pg_signal_backend, pg_checkpoint, pg_read_all_stats (pg_stat_activity), pg_read_all_data and
 * pg_write_all_data. Expected texts and answers are PostgreSQL 15's.
 */
import { describe, expect, it } from 'vitest';
import type { EmbeddedSession } from './embedded-session.js';
import { crash, loginAs, queryError, rejects, useTestDatabases } from './test-database.js';

const dbs = useTestDatabases({ autovacuum: false });

const rows = async (s: Pick<EmbeddedSession, 'query'>, sql: string) => (await s.query(sql)).rows;
const notices = async (s: EmbeddedSession, sql: string) =>
  (await s.query(sql)).notices.map((n) => `${n.code} ${n.message}`);
const pidOf = async (s: EmbeddedSession): Promise<number> =>
  (await s.query('SELECT pg_backend_pid()')).rows[0]![0] as number;

/** pg_authid's rows for the predefined roles in PostgreSQL 15 (all NOLOGIN, INHERIT, -1). */
const PREDEFINED = [
  [3373, 'pg_monitor'],
  [3374, 'pg_read_all_settings'],
  [3375, 'pg_read_all_stats'],
  [3377, 'pg_stat_scan_tables'],
  [4200, 'pg_signal_backend'],
  [4544, 'pg_checkpoint'],
  [4569, 'pg_read_server_files'],
  [4570, 'pg_write_server_files'],
  [4571, 'pg_execute_server_program'],
  [6171, 'pg_database_owner'],
  [6181, 'pg_read_all_data'],
  [6182, 'pg_write_all_data'],
].map(([oid, name]) => [oid, name, false, true, false, false, false, false, false, -1, null]);

describe('the predefined roles', () => {
  it('are in pg_authid, pg_roles and pg_auth_members as in PostgreSQL 15, in every directory', async () => {
    let db = await dbs.open();
    const list = `SELECT oid::int, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,
      rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolpassword
      FROM pg_authid WHERE rolname LIKE 'pg\\_%' ORDER BY oid`;
    const members = `SELECT roleid::regrole::text, member::regrole::text, grantor::int, admin_option
      FROM pg_auth_members ORDER BY roleid`;
    expect(await rows(db, list)).toEqual(PREDEFINED);
    expect(await rows(db, members)).toEqual([
      ['pg_read_all_settings', 'pg_monitor', 10, false],
      ['pg_read_all_stats', 'pg_monitor', 10, false],
      ['pg_stat_scan_tables', 'pg_monitor', 10, false],
    ]);
    expect(await rows(db, "SELECT 'pg_monitor'::regrole::oid::int, 3373::regrole::text")).toEqual([
      [3373, 'pg_monitor'],
    ]);
    // pg_user lists login roles only.
    expect(await rows(db, "SELECT count(*) FROM pg_user WHERE usename LIKE 'pg\\_%'")).toEqual([[0n]]);
    await db.query('CREATE USER exporter; GRANT pg_monitor TO exporter');
    crash(db);
    dbs.forget(db);
    db = await dbs.open();
    expect(await rows(db, list)).toEqual(PREDEFINED);
    expect(await rows(db, "SELECT pg_has_role('exporter', 'pg_read_all_stats', 'USAGE')")).toEqual([[true]]);
  });

  it('cannot log in', async () => {
    const db = await dbs.open();
    await rejects(loginAs(db, 'pg_monitor'), '28000', 'role "pg_monitor" is not permitted to log in');
  });

  it('are granted like other roles; pg_monitor has the privileges of its three roles', async () => {
    const db = await dbs.open();
    const s = db.connect();
    await s.query('CREATE USER exporter');
    expect((await s.query('GRANT pg_monitor TO exporter')).command).toBe('GRANT ROLE');
    expect(await notices(s, 'GRANT pg_monitor TO exporter')).toEqual([
      '00000 role "exporter" is already a member of role "pg_monitor"',
    ]);
    expect(
      await rows(
        s,
        `SELECT pg_has_role('exporter', 'pg_read_all_stats', 'USAGE'),
          pg_has_role('exporter', 'pg_read_all_settings', 'MEMBER'),
          pg_has_role('exporter', 'pg_signal_backend', 'USAGE')`,
      ),
    ).toEqual([[true, true, false]]);
    expect(await notices(s, 'GRANT pg_read_all_stats TO pg_monitor')).toEqual([
      '00000 role "pg_monitor" is already a member of role "pg_read_all_stats"',
    ]);
    expect(await queryError(s, 'GRANT pg_monitor TO pg_read_all_stats')).toBe(
      '0LP01 role "pg_monitor" is a member of role "pg_read_all_stats"',
    );
    expect(await queryError(s, 'GRANT exporter TO pg_monitor')).toBe(
      '0LP01 role "exporter" is a member of role "pg_monitor"',
    );
    expect(await queryError(s, 'GRANT pg_database_owner TO exporter')).toBe(
      'XX000 role "pg_database_owner" cannot have explicit members',
    );
    expect(await queryError(s, 'GRANT pg_monitor TO pg_database_owner')).toBe(
      'XX000 role "pg_database_owner" cannot be a member of any role',
    );
    // A CREATEROLE role may grant them (none is a superuser).
    await s.query('CREATE ROLE admin CREATEROLE LOGIN; CREATE USER other');
    const admin = await loginAs(db, 'admin');
    expect((await admin.query('GRANT pg_signal_backend TO other')).command).toBe('GRANT ROLE');
    expect((await admin.query('REVOKE pg_signal_backend FROM other')).command).toBe('REVOKE ROLE');
    // DROP ROLE takes the member's memberships with it.
    await s.query('REVOKE pg_monitor FROM exporter; GRANT pg_monitor TO exporter; DROP ROLE exporter');
    expect(await rows(s, 'SELECT count(*) FROM pg_auth_members WHERE member >= 16384')).toEqual([[0n]]);
  });

  it("pg_monitor's memberships are fixed (PostgreSQL stores them as rows one may revoke)", async () => {
    const db = await dbs.open();
    const s = db.connect();
    const built =
      '0A000 the membership of role "pg_monitor" in role "pg_read_all_stats" is built in and cannot be changed';
    expect(await queryError(s, 'REVOKE pg_read_all_stats FROM pg_monitor')).toBe(built);
    expect(await queryError(s, 'GRANT pg_read_all_stats TO pg_monitor WITH ADMIN OPTION')).toBe(built);
    expect((await s.query('REVOKE ADMIN OPTION FOR pg_read_all_stats FROM pg_monitor')).command).toBe(
      'REVOKE ROLE',
    );
    expect(await rows(s, 'SELECT count(*) FROM pg_auth_members')).toEqual([[3n]]);
  });

  it("cannot be created, altered, renamed or dropped (PostgreSQL's errors)", async () => {
    const db = await dbs.open();
    const s = db.connect();
    const reserved = async (sql: string) => {
      try {
        await s.query(sql);
      } catch (err) {
        const e = err as { code: string; message: string; fields: { detail?: string } };
        return `${e.code} ${e.message} | ${e.fields.detail}`;
      }
      return 'ok';
    };
    const namespace = 'Role names starting with "pg_" are reserved.';
    expect(await reserved('CREATE ROLE pg_monitor')).toBe(
      `42939 role name "pg_monitor" is reserved | ${namespace}`,
    );
    expect(await reserved('ALTER ROLE pg_monitor LOGIN')).toBe(
      '42939 role name "pg_monitor" is reserved | Cannot alter reserved roles.',
    );
    expect(await reserved("ALTER USER pg_monitor PASSWORD 'x'")).toBe(
      '42939 role name "pg_monitor" is reserved | Cannot alter reserved roles.',
    );
    // Checked by name, before the lookup.
    expect(await reserved('ALTER ROLE pg_nobody NOLOGIN')).toBe(
      '42939 role name "pg_nobody" is reserved | Cannot alter reserved roles.',
    );
    expect(await reserved('ALTER ROLE pg_monitor RENAME TO monitor')).toBe(
      `42939 role name "pg_monitor" is reserved | ${namespace}`,
    );
    expect(await queryError(s, 'ALTER ROLE pg_nobody RENAME TO x')).toBe(
      '42704 role "pg_nobody" does not exist',
    );
    const required = (name: string) =>
      `2BP01 cannot drop role ${name} because it is required by the database system`;
    expect(await queryError(s, 'DROP ROLE pg_monitor')).toBe(required('pg_monitor'));
    expect(await queryError(s, 'DROP ROLE IF EXISTS pg_database_owner')).toBe(required('pg_database_owner'));
    expect(await queryError(s, 'REASSIGN OWNED BY pg_monitor TO rustydb')).toBe(
      '2BP01 cannot reassign ownership of objects owned by role pg_monitor because they are required by the database system',
    );
    expect(await queryError(s, 'DROP OWNED BY pg_read_all_data')).toBe(
      '2BP01 cannot drop objects owned by role pg_read_all_data because they are required by the database system',
    );
    // SET ROLE to one works for a superuser (and then ALTER ROLE CURRENT_USER is refused here).
    await s.query('SET ROLE pg_monitor');
    expect(await rows(s, 'SELECT current_user')).toEqual([['pg_monitor']]);
    expect(await reserved('ALTER ROLE CURRENT_USER CONNECTION LIMIT 1')).toBe(
      '42939 role name "pg_monitor" is reserved | Cannot alter reserved roles.',
    );
  });
});

describe('what membership means', () => {
  it('pg_signal_backend: cancel and terminate sessions of other roles, not of superusers', async () => {
    const db = await dbs.open();
    const admin = db.connect();
    await admin.query('CREATE USER alice; CREATE USER bob; GRANT pg_signal_backend TO alice');
    const alice = await loginAs(db, 'alice');
    const bob = await loginAs(db, 'bob');
    const bobPid = await pidOf(bob);
    expect(await queryError(bob, `SELECT pg_cancel_backend(${await pidOf(alice)})`)).toBe(
      '42501 must be a member of the role whose query is being canceled or member of pg_signal_backend',
    );
    expect(await queryError(alice, `SELECT pg_cancel_backend(${await pidOf(admin)})`)).toBe(
      '42501 must be a superuser to cancel superuser query',
    );
    expect(await rows(alice, `SELECT pg_cancel_backend(${bobPid})`)).toEqual([[true]]);
    expect(await rows(alice, `SELECT pg_terminate_backend(${bobPid})`)).toEqual([[true]]);
    expect(await queryError(bob, 'SELECT 1')).toBe(
      '57P01 terminating connection due to administrator command',
    );
  });

  it('pg_checkpoint: CHECKPOINT', async () => {
    const db = await dbs.open();
    await db.query('CREATE USER op');
    const op = await loginAs(db, 'op');
    expect(await queryError(op, 'CHECKPOINT')).toBe(
      '42501 must be superuser or have privileges of pg_checkpoint to do CHECKPOINT',
    );
    await db.query('GRANT pg_checkpoint TO op');
    expect((await op.query('CHECKPOINT')).command).toBe('CHECKPOINT');
    // Through another role, with INHERIT; not without it.
    await db.query(
      'REVOKE pg_checkpoint FROM op; CREATE ROLE ops; GRANT pg_checkpoint TO ops; GRANT ops TO op',
    );
    expect((await op.query('CHECKPOINT')).command).toBe('CHECKPOINT');
    await db.query('ALTER ROLE op NOINHERIT');
    expect(await queryError(op, 'CHECKPOINT')).toBe(
      '42501 must be superuser or have privileges of pg_checkpoint to do CHECKPOINT',
    );
  });

  it("pg_read_all_stats (and pg_monitor): other roles' sessions in full in pg_stat_activity", async () => {
    const db = await dbs.open();
    const admin = db.connect();
    await admin.query('CREATE USER watcher; CREATE USER plain');
    const adminPid = await pidOf(admin);
    await admin.query("SET application_name = 'admin app'");
    await admin.query('SELECT 42');
    const sql = `SELECT usename, usesysid = 10, application_name, state, query, backend_type,
      backend_start IS NULL, query_start IS NULL, state_change IS NULL
      FROM pg_stat_activity WHERE pid = ${adminPid}`;
    const hidden = [['rustydb', true, 'admin app', null, '<insufficient privilege>', null, true, true, true]];
    const shown = [
      ['rustydb', true, 'admin app', 'idle', 'SELECT 42', 'client backend', false, false, false],
    ];
    const watcher = await loginAs(db, 'watcher');
    expect(await rows(watcher, sql)).toEqual(hidden);
    // Its own session in full.
    const own = await rows(
      watcher,
      'SELECT usename, state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    expect(own).toEqual([
      [
        'watcher',
        'active',
        'SELECT usename, state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()',
      ],
    ]);
    // Granted by another session, so that the admin session's last query stays `SELECT 42`.
    await db.query('GRANT pg_monitor TO watcher');
    expect(await rows(watcher, sql)).toEqual(shown);
    await db.query('REVOKE pg_monitor FROM watcher; GRANT pg_read_all_stats TO watcher');
    expect(await rows(watcher, sql)).toEqual(shown);
    // A member of a session's role sees it too; the superuser sees everything.
    const plain = await loginAs(db, 'plain');
    const plainPid = await pidOf(plain);
    const plainQuery = `SELECT query FROM pg_stat_activity WHERE pid = ${plainPid}`;
    await admin.query('CREATE USER teammate');
    const teammate = await loginAs(db, 'teammate');
    expect(await rows(teammate, plainQuery)).toEqual([['<insufficient privilege>']]);
    await admin.query('GRANT plain TO teammate');
    expect(await rows(teammate, plainQuery)).toEqual([['SELECT pg_backend_pid()']]);
    expect(await rows(admin, plainQuery)).toEqual([['SELECT pg_backend_pid()']]);
  });

  it('pg_read_all_data: SELECT on every table, view and sequence, USAGE on every schema', async () => {
    const db = await dbs.open();
    const admin = db.connect();
    await admin.query(`CREATE USER reader; CREATE SCHEMA s; CREATE TABLE s.t (a int);
      INSERT INTO s.t VALUES (1); CREATE VIEW s.v AS SELECT a FROM s.t; CREATE SEQUENCE s.q;
      SELECT nextval('s.q')`);
    const reader = await loginAs(db, 'reader');
    expect(await queryError(reader, 'SELECT * FROM s.t')).toBe('42501 permission denied for schema s');
    await admin.query('GRANT pg_read_all_data TO reader');
    expect(await rows(reader, 'SELECT * FROM s.t')).toEqual([[1]]);
    expect(await rows(reader, 'SELECT * FROM s.v')).toEqual([[1]]);
    expect(await rows(reader, 'SELECT last_value FROM s.q')).toEqual([[1n]]);
    expect(await queryError(reader, "SELECT nextval('s.q')")).toBe('42501 permission denied for sequence q');
    expect(await queryError(reader, 'INSERT INTO s.t VALUES (2)')).toBe(
      '42501 permission denied for table t',
    );
    expect(await queryError(reader, 'SELECT * FROM s.t FOR UPDATE')).toBe(
      '42501 permission denied for table t',
    );
    expect(await queryError(reader, 'CREATE TABLE s.x (a int)')).toBe('42501 permission denied for schema s');
    expect(
      await rows(
        reader,
        `SELECT has_table_privilege('s.t', 'SELECT'), has_table_privilege('s.t', 'INSERT'),
          has_table_privilege('s.t', 'SELECT WITH GRANT OPTION'), has_column_privilege('s.t', 'a', 'SELECT'),
          has_sequence_privilege('s.q', 'SELECT'), has_sequence_privilege('s.q', 'USAGE'),
          has_schema_privilege('s', 'USAGE'), has_schema_privilege('s', 'CREATE')`,
      ),
    ).toEqual([[true, false, false, true, true, false, true, false]]);
  });

  it('pg_write_all_data: INSERT, UPDATE and DELETE on every table, UPDATE on sequences; no SELECT', async () => {
    const db = await dbs.open();
    const admin = db.connect();
    await admin.query(`CREATE USER writer; CREATE SCHEMA s; CREATE TABLE s.t (a int);
      INSERT INTO s.t VALUES (1); CREATE SEQUENCE s.q`);
    await admin.query('GRANT pg_write_all_data TO writer');
    const writer = await loginAs(db, 'writer');
    expect((await writer.query('INSERT INTO s.t VALUES (2)')).command).toBe('INSERT 0 1');
    expect((await writer.query('UPDATE s.t SET a = 3')).command).toBe('UPDATE 2');
    // Reading a column (WHERE, RETURNING) needs SELECT, as in PostgreSQL.
    expect(await queryError(writer, 'UPDATE s.t SET a = 4 WHERE a = 3')).toBe(
      '42501 permission denied for table t',
    );
    expect(await queryError(writer, 'INSERT INTO s.t VALUES (5) RETURNING a')).toBe(
      '42501 permission denied for table t',
    );
    expect(await queryError(writer, 'SELECT * FROM s.t')).toBe('42501 permission denied for table t');
    expect(await queryError(writer, 'TRUNCATE s.t')).toBe('42501 permission denied for table t');
    expect(await rows(writer, "SELECT nextval('s.q'), setval('s.q', 5)")).toEqual([[1n, 5n]]);
    expect((await writer.query('DELETE FROM s.t')).command).toBe('DELETE 2');
    expect(
      await rows(
        writer,
        `SELECT has_table_privilege('s.t', 'INSERT, UPDATE, DELETE'), has_table_privilege('s.t', 'SELECT'),
          has_table_privilege('s.t', 'TRUNCATE'),
          has_sequence_privilege('s.q', 'UPDATE'), has_sequence_privilege('s.q', 'USAGE'),
          has_schema_privilege('s', 'USAGE')`,
      ),
    ).toEqual([[true, false, false, true, false, true]]);
  });
});
