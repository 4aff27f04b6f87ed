/**
 * Roles and LISTEN/NOTIFY against the real server process: roles created with SQL log in over
 * SCRAM and md5, password changes and DROP ROLE take effect at the next login, roles survive a
 * restart and kill -9, RUSTYDB_PASSWORD is the bootstrap superuser's first password; and
 * notifications travel between node-postgres clients and to psql.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

const PASSWORD = 'bootstrap secret';
let server: ServerProcess;
let hba: string;

async function canLogin(user: string, password: string): Promise<true> {
  const client = await server.login(user, password);
  const shown = await client.query('SHOW session_authorization');
  expect(shown.rows).toEqual([{ session_authorization: user }]);
  await client.end();
  return true;
}

/** psql with the bootstrap password; resolves with stdout and stderr together. */
function psql(args: readonly string[]): Promise<string> {
  const base = ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'rustydb', '-d', 'rustydb'];
  return new Promise((resolve, reject) => {
    execFile(
      'psql',
      [...base, ...args],
      { env: { ...process.env, PGPASSWORD: PASSWORD, PGCONNECT_TIMEOUT: '10' } },
      (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout + stderr)),
    );
  });
}

beforeAll(async () => {
  // md5 rules: roles with an md5 verifier answer md5, SCRAM verifiers run SCRAM (PostgreSQL's rule).
  hba = join(tmpdir(), `rustydb-hba-${process.pid}.conf`);
  writeFileSync(hba, 'host all all 127.0.0.1/32 md5\n');
  server = await ServerProcess.start({
    args: ['--hba-file', hba],
    env: { RUSTYDB_PASSWORD: PASSWORD },
    client: { password: PASSWORD },
  });
}, 120_000);
afterAll(async () => {
  await server?.destroy();
  rmSync(hba, { force: true });
});

describe('roles over the wire', () => {
  it('gives the bootstrap superuser RUSTYDB_PASSWORD and keeps no roles file', async () => {
    expect(await canLogin('rustydb', PASSWORD)).toBe(true);
    await expect(server.login('rustydb', 'wrong')).rejects.toMatchObject({ code: '28P01' });
    expect(existsSync(join(server.dataDir, 'auth', 'roles.json'))).toBe(false);
    expect(server.logs).not.toContain(PASSWORD);
    expect(server.logs).not.toContain('SCRAM-SHA-256$');
  });

  it('lets a created role in over SCRAM, and an md5 one over md5', async () => {
    const admin = await server.connect();
    await admin.query("CREATE USER alice PASSWORD 'alice pw'");
    await admin.query("SET password_encryption = 'md5'");
    await admin.query("CREATE USER bob PASSWORD 'bob pw'");
    await admin.query("CREATE ROLE carol PASSWORD 'carol pw'"); // no LOGIN
    await admin.end();
    expect(await canLogin('alice', 'alice pw')).toBe(true);
    expect(await canLogin('bob', 'bob pw')).toBe(true);
    await expect(server.login('alice', 'bob pw')).rejects.toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "alice"',
    });
    await expect(server.login('carol', 'carol pw')).rejects.toMatchObject({
      code: '28000',
      message: 'role "carol" is not permitted to log in',
    });
  });

  it('applies ALTER ROLE … PASSWORD and DROP ROLE at the next login', async () => {
    const alice = await server.login('alice', 'alice pw');
    await alice.query("ALTER ROLE alice PASSWORD 'new pw'"); // one's own password
    await alice.end();
    await expect(server.login('alice', 'alice pw')).rejects.toMatchObject({ code: '28P01' });
    expect(await canLogin('alice', 'new pw')).toBe(true);
    const admin = await server.connect();
    await admin.query('DROP ROLE bob');
    await admin.end();
    await expect(server.login('bob', 'bob pw')).rejects.toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "bob"',
    });
  });

  it('keeps roles across a restart and a kill -9 once committed', async () => {
    await server.stop();
    await server.restart();
    expect(await canLogin('alice', 'new pw')).toBe(true);
    const admin = await server.connect();
    admin.on('error', () => undefined); // the kill -9 below ends it
    await admin.query("CREATE USER dave PASSWORD 'dave pw'");
    await admin.query('BEGIN');
    await admin.query("CREATE USER eve PASSWORD 'eve pw'");
    await server.kill9();
    await admin.end().catch(() => undefined);
    await server.restart();
    expect(await canLogin('dave', 'dave pw')).toBe(true);
    await expect(server.login('eve', 'eve pw')).rejects.toMatchObject({ code: '28P01' });
    // The bootstrap password came from the first start and stays.
    expect(await canLogin('rustydb', PASSWORD)).toBe(true);
  }, 120_000);
});

describe('LISTEN / NOTIFY over the wire', () => {
  it('delivers committed notifications in commit order, and none from an aborted transaction', async () => {
    const listener = await server.connect();
    const sender = await server.connect();
    const received: pg.Notification[] = [];
    listener.on('notification', (n) => received.push(n));
    await listener.query('LISTEN jobs');
    await sender.query('BEGIN');
    await sender.query("NOTIFY jobs, 'aborted'");
    await sender.query('ROLLBACK');
    await sender.query('BEGIN');
    await sender.query("NOTIFY jobs, 'one'");
    await sender.query('SELECT 1'); // still in the block: nothing yet
    expect(received).toEqual([]);
    await sender.query("NOTIFY jobs, 'one'; NOTIFY jobs, 'two'; COMMIT");
    await sender.query("NOTIFY jobs, 'three'");
    for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    const pid = (sender as unknown as { processID: number }).processID;
    expect(received.map((n) => [n.processId, n.channel, n.payload])).toEqual([
      [pid, 'jobs', 'one'],
      [pid, 'jobs', 'two'],
      [pid, 'jobs', 'three'],
    ]);
    await listener.end();
    await sender.end();
  });

  it('shows psql its own notification', async () => {
    const out = await psql(['-c', 'LISTEN psqlchan', '-c', "NOTIFY psqlchan, 'hi'"]);
    expect(out).toMatch(
      /Asynchronous notification "psqlchan" with payload "hi" received from server process with PID \d+\./,
    );
  });
});
