/**
 * Privileges end to end in the engine, beyond privileges.slt: logins of non-superusers (CONNECT),
 * two sessions (a GRANT committed by one takes effect at the other's next execution of a cached
 * plan), the warnings of partial grants, DROP ROLE's DETAIL, persistence across a crash, and the
 * safety net for plans the binder did not annotate.
 */
import { optimize } from '@rustydb/optimizer';
import { parse } from '@rustydb/parser';
import { bindStatement } from '@rustydb/planner';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { planPrivilegeCheck } from './privilege-checks.js';
import { crash, loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
});

describe('privileges', () => {
  it('checks a logged-in role; a GRANT committed elsewhere applies at the next execution', async () => {
    await db.query('CREATE USER alice; CREATE TABLE t (a int); INSERT INTO t VALUES (1)');
    const alice = await loginAs(db, 'alice');
    await rejects(alice.query('SELECT a FROM t'), '42501', 'permission denied for table t');
    await rejects(alice.query('SELECT a FROM t'), '42501', 'permission denied for table t');
    await db.query('GRANT SELECT ON t TO alice');
    expect((await alice.query('SELECT a FROM t')).rows).toEqual([[1]]);
    // Prepared (extended protocol) plans too.
    expect((await alice.query('SELECT a FROM t WHERE a = $1', [1])).rows).toEqual([[1]]);
    await db.query('REVOKE SELECT ON t FROM alice');
    await rejects(alice.query('SELECT a FROM t WHERE a = $1', [1]), '42501', 'permission denied for table t');
    await alice.close();
  });

  it('refuses writes to the computed catalogs, a superuser\'s too (PostgreSQL applies those)', async () => {
    await rejects(db.query('UPDATE pg_class SET relname = relname WHERE false'), '42501', 'permission denied for table pg_class');
    await rejects(db.query('DELETE FROM pg_catalog.pg_namespace WHERE false'), '42501', 'permission denied for table pg_namespace');
    await rejects(db.query("INSERT INTO pg_roles (rolname) VALUES ('x')"), '55000', 'cannot insert into view "pg_roles"');
    // A user's table of the same name is the target where the search path lists it before pg_catalog.
    await db.query('SET search_path = public, pg_catalog; CREATE TABLE pg_stats (a int)');
    expect((await db.query('INSERT INTO pg_stats VALUES (1)')).rowCount).toBe(1);
  });

  it('runs SECURITY DEFINER routines as their owner, and the caller again after them', async () => {
    await db.query(`CREATE USER alice; CREATE TABLE secret (v int); INSERT INTO secret VALUES (42);
      CREATE FUNCTION peek() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT v FROM secret';
      CREATE FUNCTION peek_invoker() RETURNS int LANGUAGE sql AS 'SELECT v FROM secret';
      CREATE FUNCTION who() RETURNS text LANGUAGE sql AS 'SELECT current_user::text';
      CREATE FUNCTION who_definer() RETURNS text LANGUAGE sql SECURITY DEFINER AS 'SELECT who()';
      CREATE PROCEDURE put(x int) LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN INSERT INTO secret VALUES (x); END $$;
      CREATE PROCEDURE put_fails() LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN INSERT INTO secret VALUES (1 / 0); END $$`);
    const alice = await loginAs(db, 'alice');
    expect((await alice.query('SELECT peek()')).rows).toEqual([[42]]);
    await rejects(alice.query('SELECT peek_invoker()'), '42501', 'permission denied for table secret');
    // The owner's identity reaches the invoker function the definer's body calls.
    expect((await alice.query('SELECT who(), who_definer()')).rows).toEqual([['alice', 'rustydb']]);
    await alice.query('CALL put(7)');
    await rejects(alice.query('CALL put_fails()'), '22012', 'division by zero');
    expect((await alice.query('SELECT current_user')).rows).toEqual([['alice']]);
    await rejects(alice.query('SELECT v FROM secret'), '42501', 'permission denied for table secret');
    expect((await db.query('SELECT v FROM secret ORDER BY v')).rows).toEqual([[7], [42]]);
  });

  it('refuses a login without CONNECT on the database (PUBLIC has it by default)', async () => {
    await db.query('CREATE USER bob');
    (await loginAs(db, 'bob')).close();
    await db.query('REVOKE CONNECT ON DATABASE rustydb FROM PUBLIC');
    await expect(loginAs(db, 'bob')).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for database "rustydb"',
      fields: { severity: 'FATAL', detail: 'User does not have CONNECT privilege.' },
    });
    await db.query('GRANT CONNECT ON DATABASE rustydb TO bob');
    (await loginAs(db, 'bob')).close();
  });

  it("warns about privileges a grantor cannot grant, as PostgreSQL's aclchk.c", async () => {
    await db.query('CREATE USER carol; CREATE USER dave; CREATE TABLE t (a int)');
    await db.query('GRANT SELECT ON t TO carol WITH GRANT OPTION; GRANT INSERT ON t TO carol');
    const carol = await loginAs(db, 'carol');
    const r = await carol.query('GRANT SELECT, INSERT ON t TO dave');
    expect(r.notices.map((n) => [n.code, n.message])).toEqual([
      ['01007', 'not all privileges were granted for "t"'],
    ]);
    const none = await carol.query('GRANT INSERT ON t TO dave');
    expect(none.notices.map((n) => n.message)).toEqual(['no privileges were granted for "t"']);
    await rejects(
      carol.query('GRANT SELECT ON t TO dave GRANTED BY rustydb'),
      '0A000',
      'grantor must be current user',
    );
    await carol.close();
    const acl = await db.query("SELECT relacl::text FROM pg_class WHERE relname = 't'");
    expect(String(acl.rows[0]![0])).toBe('{rustydb=arwdDxt/rustydb,carol=ar*/rustydb,dave=r/carol}');
  });

  it("DROP ROLE lists what depends on the role in PostgreSQL's DETAIL", async () => {
    await db.query('CREATE ROLE erin; CREATE SCHEMA s; CREATE TABLE s.u (a int); CREATE TABLE t (a int)');
    await db.query(
      'GRANT SELECT ON s.u TO erin; ALTER TABLE t OWNER TO erin; GRANT USAGE ON SCHEMA s TO erin',
    );
    await expect(db.query('DROP ROLE erin')).rejects.toMatchObject({
      code: '2BP01',
      message: 'role "erin" cannot be dropped because some objects depend on it',
      fields: { detail: 'privileges for schema s\nprivileges for table s.u\nowner of table t' },
    });
  });

  it('keeps owners, ACLs and memberships across a crash', async () => {
    await db.query(
      'CREATE ROLE f; CREATE ROLE g; CREATE TABLE t (a int); GRANT SELECT ON t TO f; GRANT f TO g',
    );
    crash(db);
    databases.forget(db);
    db = await databases.open();
    const r = await db.query(
      "SELECT relacl::text, has_table_privilege('g', 't', 'select') FROM pg_class WHERE relname = 't'",
    );
    expect(r.rows.map((x) => x.map(String))).toEqual([['{rustydb=arwdDxt/rustydb,f=r/rustydb}', 'true']]);
  });

  it('shows information_schema privilege views from the current role after SET ROLE', async () => {
    await db.query(
      'CREATE ROLE tpr; CREATE TABLE tp1 (a int); CREATE TABLE tp2 (a int); GRANT SELECT ON tp1 TO tpr',
    );
    const s = db.connect();
    const tablePrivileges = async () =>
      (
        await s.query(
          `SELECT table_name, grantee, privilege_type FROM information_schema.table_privileges
            WHERE table_name IN ('tp1', 'tp2') ORDER BY 1, 2, 3`,
        )
      ).rows.map((r) => r.join(' '));
    expect(await tablePrivileges()).toHaveLength(15);
    await s.query('SET ROLE tpr');
    // PostgreSQL 15: only the rows whose grantor or grantee the current role has the privileges of.
    expect(await tablePrivileges()).toEqual(['tp1 tpr SELECT']);
    const columns = await s.query(
      "SELECT table_name, column_name, grantee, privilege_type FROM information_schema.column_privileges WHERE table_name IN ('tp1', 'tp2')",
    );
    expect(columns.rows.map((r) => r.join(' '))).toEqual(['tp1 a tpr SELECT']);
    await s.close();
  });

  it('checks a plan the binder did not annotate by what its nodes touch', async () => {
    await db.query('CREATE ROLE h; CREATE TABLE t (a int)');
    const view = db.catalog.reader();
    const bound = bindStatement(parse('SELECT a FROM t')[0]!.stmt, { catalog: view, sql: '' });
    const physical = optimize(bound, { catalog: view, settings: new Map() });
    const copy = { ...physical }; // a new plan object: no requirements attached
    expect(() => planPrivilegeCheck(view, 'h')(copy)).toThrow('permission denied for table t');
    expect(() => planPrivilegeCheck(view, 'rustydb')(copy)).not.toThrow();
  });
});
