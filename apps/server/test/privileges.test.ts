/**
 * Privileges against the real server process: a non-superuser logs in over SCRAM and meets
 * PostgreSQL's 42501 errors, GRANT and role membership let it in, a prepared statement is
 * re-checked after SET ROLE, REVOKE CONNECT keeps it out at the next login, owners and ACLs
 * survive kill -9, and a member of the predefined role pg_monitor reads pg_stat_activity in full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

const PASSWORD = 'bootstrap secret';
let server: ServerProcess;

beforeAll(async () => {
  server = await ServerProcess.start({ env: { RUSTYDB_PASSWORD: PASSWORD }, client: { password: PASSWORD } });
}, 120_000);
afterAll(async () => {
  await server?.destroy();
});

describe('privileges over the wire', () => {
  it('refuses, then grants, to a logged-in non-superuser', async () => {
    const admin = await server.connect();
    await admin.query("CREATE USER app PASSWORD 'app pw'; CREATE ROLE readers");
    await admin.query(
      "CREATE TABLE accounts (id int PRIMARY KEY, owner text); INSERT INTO accounts VALUES (1, 'x')",
    );
    const app = await server.login('app', 'app pw');
    await expect(app.query('SELECT * FROM accounts')).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for table accounts',
    });
    await expect(app.query('CREATE TABLE mine (a int)')).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for schema public',
    });
    // Extended protocol, parameters, a named prepared statement: checked at each execution.
    const named = { name: 'by_id', text: 'SELECT owner FROM accounts WHERE id = $1', values: [1] };
    await expect(app.query(named)).rejects.toMatchObject({ code: '42501' });
    await admin.query('GRANT SELECT ON accounts TO readers; GRANT readers TO app');
    expect((await app.query(named)).rows).toEqual([{ owner: 'x' }]);
    await admin.query('REVOKE readers FROM app');
    await expect(app.query(named)).rejects.toMatchObject({ code: '42501' });
    const has = await app.query("SELECT has_table_privilege('accounts', 'select') AS s, current_user AS u");
    expect(has.rows).toEqual([{ s: false, u: 'app' }]);
    await app.end();

    await admin.query('REVOKE CONNECT ON DATABASE rustydb FROM PUBLIC');
    await expect(server.login('app', 'app pw')).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for database "rustydb"',
    });
    await admin.query('GRANT CONNECT ON DATABASE rustydb TO app');
    await (await server.login('app', 'app pw')).end();
    await admin.query('GRANT CONNECT ON DATABASE rustydb TO PUBLIC');
    await admin.end();
  });

  it('keeps owners and ACLs across kill -9', async () => {
    const admin = await server.connect();
    await admin.query("CREATE USER owner1 PASSWORD 'o pw'; GRANT CREATE ON SCHEMA public TO owner1");
    const owner = await server.login('owner1', 'o pw');
    await owner.query('CREATE TABLE owned (id serial, v text)');
    await owner.query("INSERT INTO owned (v) VALUES ('a')");
    await owner.query('GRANT SELECT ON owned TO PUBLIC');
    await owner.end();
    await admin.end();
    await server.kill9();
    await server.restart();
    const again = await server.connect();
    const r = await again.query(
      "SELECT relname, pg_get_userbyid(relowner) AS owner, relacl::text AS acl FROM pg_class WHERE relname LIKE 'owned%' ORDER BY 1",
    );
    expect(r.rows).toEqual([
      { relname: 'owned', owner: 'owner1', acl: '{owner1=arwdDxt/owner1,=r/owner1}' },
      { relname: 'owned_id_seq', owner: 'owner1', acl: null },
    ]);
    await again.end();
  });

  it("postgres_exporter's setup: a login role granted pg_monitor reads every session's activity, across kill -9", async () => {
    const admin = await server.connect();
    await admin.query("CREATE USER exporter PASSWORD 'e pw'; CREATE USER nosy PASSWORD 'n pw'");
    await admin.query('GRANT pg_monitor TO exporter');
    await admin.query("SELECT 'the admin query'");
    const pid = (await admin.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const activity = `SELECT usename, state, query FROM pg_stat_activity WHERE pid = ${pid}`;
    const nosy = await server.login('nosy', 'n pw');
    expect((await nosy.query(activity)).rows).toEqual([
      { usename: 'rustydb', state: null, query: '<insufficient privilege>' },
    ]);
    await nosy.end();
    await admin.end();
    await server.kill9();
    await server.restart();
    const exporter = await server.login('exporter', 'e pw');
    const again = await server.connect();
    await again.query("SELECT 'after the restart'");
    const againPid = (await again.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    expect(
      (await exporter.query(`SELECT usename, state, query FROM pg_stat_activity WHERE pid = ${againPid}`))
        .rows,
    ).toEqual([{ usename: 'rustydb', state: 'idle', query: 'SELECT pg_backend_pid() AS pid' }]);
    const roles = await exporter.query(
      "SELECT rolname, rolcanlogin FROM pg_roles WHERE pg_has_role('exporter', rolname, 'USAGE') ORDER BY oid",
    );
    expect(roles.rows).toEqual([
      { rolname: 'pg_monitor', rolcanlogin: false },
      { rolname: 'pg_read_all_settings', rolcanlogin: false },
      { rolname: 'pg_read_all_stats', rolcanlogin: false },
      { rolname: 'pg_stat_scan_tables', rolcanlogin: false },
      { rolname: 'exporter', rolcanlogin: true },
    ]);
    await expect(server.login('pg_monitor', 'x')).rejects.toMatchObject({ code: '28P01' });
    await exporter.end();
    await again.end();
  });
});
