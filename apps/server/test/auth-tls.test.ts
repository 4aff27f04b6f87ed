/**
 * Password authentication and TLS against the real server process: RUSTYDB_PASSWORD (kept in
 * the catalog), --tls-cert/--tls-key, --hba-file, and listening beyond loopback.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { makeTestCertificates, type TestCertificates } from '@rustydb/protocol/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDataDir } from './support/server-process.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const PASSWORD = 'correct horse battery staple';

let certs: TestCertificates;
let server: ServerProcess;

/** The environment without any RUSTYDB_PASSWORD the test runner itself may have. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('RUSTYDB_PASSWORD' in extra)) delete env.RUSTYDB_PASSWORD;
  return env;
}

/** Runs the server binary to its exit (for start-ups that must fail). */
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { timeout: 30_000, env: cleanEnv(env) },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
      },
    );
  });
}

/** psql over TLS with full verification: resolves with stdout, or rejects with stderr. */
function psql(port: number, sql: string, env: Record<string, string>): Promise<string> {
  const args = [
    '-X',
    '-A',
    '-t',
    '-w',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'rustydb',
    '-d',
    'rustydb',
  ];
  return new Promise((resolve, reject) => {
    execFile(
      'psql',
      [...args, '-c', sql],
      {
        env: cleanEnv({
          PGCONNECT_TIMEOUT: '10',
          PGSSLMODE: 'verify-full',
          PGSSLROOTCERT: certs.caPath,
          ...env,
        }),
      },
      (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)),
    );
  });
}

const verifyFull = () => ({ ca: certs.ca, servername: 'localhost', rejectUnauthorized: true });

async function connectError(config: pg.ClientConfig): Promise<{ code?: string; message: string }> {
  const client = new pg.Client({ ...server.clientConfig(), ...config });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    return err as { code?: string; message: string };
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error('expected the connection to be refused');
}

beforeAll(async () => {
  certs = makeTestCertificates();
  server = await ServerProcess.start({
    args: ['--host', '0.0.0.0', '--tls-cert', certs.certPath, '--tls-key', certs.keyPath],
    env: { RUSTYDB_PASSWORD: PASSWORD },
    client: { password: PASSWORD, ssl: verifyFull() },
  });
}, 120_000);
afterAll(async () => {
  await server?.destroy();
  certs?.remove();
});

describe('RUSTYDB_PASSWORD and TLS', () => {
  it('lets node-postgres in with the password over verify-full TLS', async () => {
    const client = await server.connect();
    try {
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const socket = (client as unknown as { connection: { stream: TLSSocket } }).connection.stream;
      expect([socket.encrypted, socket.authorized]).toEqual([true, true]);
    } finally {
      await client.end();
    }
  });

  it('refuses node-postgres with a wrong or missing password (28P01), and over plain TCP too', async () => {
    expect(await connectError({ password: 'wrong' })).toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "rustydb"',
    });
    expect(await connectError({ password: 'wrong', ssl: false })).toMatchObject({ code: '28P01' });
    expect(await connectError({ user: 'nobody', password: PASSWORD })).toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "nobody"',
    });
  });

  it('lets psql in with sslmode=verify-full and the password, and refuses a wrong one', async () => {
    expect((await psql(server.port, 'SELECT 40 + 2', { PGPASSWORD: PASSWORD })).trim()).toBe('42');
    await expect(psql(server.port, 'SELECT 1', { PGPASSWORD: 'wrong' })).rejects.toThrow(
      /password authentication failed for user "rustydb"/,
    );
    await expect(psql(server.port, 'SELECT 1', {})).rejects.toThrow(/no password supplied/);
  });

  it('listens on 0.0.0.0 with a password (clients connect via 127.0.0.1)', () => {
    expect(server.logs).toMatch(/"host":"0\.0\.0\.0"[^\n]*ready to accept connections/);
  });

  it('keeps the password in the catalog only, and never logs it or its verifier', () => {
    expect(existsSync(join(server.dataDir, 'auth', 'roles.json'))).toBe(false);
    expect(server.logs).not.toContain(PASSWORD);
    expect(server.logs).not.toContain('SCRAM-SHA-256$');
    expect(server.logs).toMatch(
      /authentication failed: password authentication failed for user \\"rustydb\\"/,
    );
  });
});

describe('start-up without the variable, with --hba-file', () => {
  it('keeps demanding the stored password, and applies hostssl rules', async () => {
    const hba = join(server.dataDir, '..', `${server.port}-hba.conf`);
    writeFileSync(hba, '# TLS only\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
    await server.stop();
    const again = await ServerProcess.start({
      dataDir: server.dataDir,
      args: ['--tls-cert', certs.certPath, '--tls-key', certs.keyPath, '--hba-file', hba],
      client: { password: PASSWORD, ssl: verifyFull() },
    });
    try {
      const client = await again.connect();
      expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
      await client.end();
      const plain = new pg.Client({ ...again.clientConfig(), ssl: false });
      await expect(plain.connect()).rejects.toMatchObject({
        code: '28000',
        message:
          'no pg_hba.conf entry for host "127.0.0.1", user "rustydb", database "rustydb", no encryption',
      });
      await plain.end().catch(() => undefined);
      expect(await connectError({ port: again.port, password: 'wrong' })).toMatchObject({ code: '28P01' });
    } finally {
      await again.stop();
      rmSync(hba, { force: true });
    }
  }, 120_000);
});

describe('start-up refusals', () => {
  it('refuses 0.0.0.0 without a password (exit 1)', async () => {
    const dir = tempDataDir();
    const { code, output } = await run(['--data-dir', dir, '--host', '0.0.0.0', '--port', '0']);
    expect(code).toBe(1);
    expect(output).toMatch(/refusing to listen on a non-loopback address: no host rule demands a password/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with a clear message for bad TLS and host-rule options', async () => {
    const dir = tempDataDir();
    const missing = join(dir, 'missing.pem');
    const cases: Array<[string[], RegExp]> = [
      [['--tls-cert', certs.certPath], /--tls-cert and --tls-key go together/],
      [['--tls-cert', missing, '--tls-key', certs.keyPath], /cannot read --tls-cert file ".*missing\.pem"/],
      [['--tls-cert', certs.keyPath, '--tls-key', certs.certPath], /unusable --tls-cert/],
    ];
    const hba = join(dir, 'bad-hba.conf');
    writeFileSync(hba, 'host all all 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 ldap\n');
    cases.push([
      ['--hba-file', hba],
      /invalid --hba-file: invalid authentication method "ldap".*\(line 2 of configuration file/,
    ]);
    for (const [args, expected] of cases) {
      const { code, output } = await run(['--data-dir', dir, '--port', '0', ...args]);
      expect([code, output]).toEqual([2, expect.stringMatching(expected)]);
    }
    const empty = await run(['--data-dir', dir, '--port', '0'], { RUSTYDB_PASSWORD: '' });
    expect([empty.code, empty.output]).toEqual([
      2,
      expect.stringMatching(/RUSTYDB_PASSWORD is set but empty/),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
