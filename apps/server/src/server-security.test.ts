import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '@rustydb/engine';
import {
  type HbaRule,
  md5Verifier,
  parseHbaRules,
  parseScramVerifier,
  scramVerifier,
  verifyScramPlainPassword,
} from '@rustydb/security';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { MOCK_AUTH_NONCE_FILE, ROLES_FILE } from './role-secrets-file.js';
import { readHbaFile, readTlsFiles, setUpAuthentication, StartupError } from './server-security.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-auth-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const conn = (user: string, address = '127.0.0.1') => ({ user, database: 'rustydb', address, ssl: false });

describe('parseConfig: TLS and host-rule options', () => {
  it('takes --tls-cert with --tls-key and --hba-file', () => {
    expect(parseConfig(['--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--hba-file', 'h.conf'])).toMatchObject({
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
      hbaFile: 'h.conf',
    });
  });
  it('wants both TLS files or neither', () => {
    expect(() => parseConfig(['--tls-cert', 'c.pem'])).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => parseConfig(['--tls-key', 'k.pem'])).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => parseConfig(['--hba-file', ''])).toThrow(/invalid --hba-file: empty file name/);
  });
});

describe('readTlsFiles and readHbaFile', () => {
  it('fail with exit code 2 and the file name', () => {
    const dir = tempDir();
    const missing = join(dir, 'nope.pem');
    const caught = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err as StartupError;
      }
      throw new Error('expected a StartupError');
    };
    const unreadable = caught(() => readTlsFiles(missing, missing));
    expect(unreadable).toBeInstanceOf(StartupError);
    expect([unreadable.exitCode, unreadable.message]).toEqual([
      2,
      expect.stringContaining(`--tls-cert file "${missing}"`),
    ]);
    writeFileSync(join(dir, 'junk.pem'), 'not a certificate');
    const junk = caught(() => readTlsFiles(join(dir, 'junk.pem'), join(dir, 'junk.pem')));
    expect([junk.exitCode, junk.message]).toEqual([2, expect.stringMatching(/^unusable --tls-cert/)]);
    const hba = join(dir, 'hba.conf');
    writeFileSync(hba, '# rules\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all 10.0.0.0/8 ident\n');
    const bad = caught(() => readHbaFile(hba));
    expect([bad.exitCode, bad.message]).toEqual([
      2,
      `invalid --hba-file: invalid authentication method "ident": not supported by this build (line 3 of configuration file "${hba}")`,
    ]);
    expect(caught(() => readHbaFile(missing)).message).toMatch(/^cannot read --hba-file/);
  });

  it('read good rules', () => {
    const hba = join(tempDir(), 'hba.conf');
    writeFileSync(hba, 'hostssl all all 0.0.0.0/0 scram-sha-256\n');
    expect(readHbaFile(hba).map((r) => [r.type, r.method])).toEqual([['hostssl', 'scram-sha-256']]);
  });
});

describe('setUpAuthentication', () => {
  const open = (dir: string) => Database.open(dir, { fsync: false, bufferPoolPages: 64, autovacuum: false });
  const databases: Database[] = [];
  afterEach(async () => {
    for (const db of databases.splice(0)) await db.close();
  });
  async function setUp(dir: string, options: { password?: string; hba?: HbaRule[] } = {}) {
    const db = await open(dir);
    databases.push(db);
    return { db, auth: await setUpAuthentication({ dataDir: dir, db, ...options }) };
  }
  async function reopen(dir: string, db: Database, options: { password?: string } = {}) {
    await db.close();
    databases.splice(databases.indexOf(db), 1);
    return setUp(dir, options);
  }

  it('trusts loopback clients when no role has a password, and writes nothing', async () => {
    const dir = tempDir();
    const { auth } = await setUp(dir);
    expect([auth.passwordSet, auth.passwordFromEnvironment, auth.authenticator.usesPasswords]).toEqual([
      false,
      false,
      false,
    ]);
    expect(auth.authenticator.begin(conn('rustydb')).method).toBe('trust');
    expect(() => auth.authenticator.begin(conn('rustydb', '10.1.1.1'))).toThrow(/no pg_hba.conf entry/);
    expect(existsSync(join(dir, MOCK_AUTH_NONCE_FILE))).toBe(false);
  });

  it('gives rustydb the RUSTYDB_PASSWORD at the first start, as a SCRAM verifier in the catalog', async () => {
    const dir = tempDir();
    const { db, auth } = await setUp(dir, { password: 's3cret' });
    expect([auth.passwordSet, auth.passwordFromEnvironment, auth.authenticator.usesPasswords]).toEqual([
      true,
      true,
      true,
    ]);
    expect(auth.authenticator.begin(conn('rustydb')).method).toBe('scram-sha-256');
    const verifier = db.catalog.role('rustydb')!.password!;
    expect(verifier).not.toContain('s3cret');
    expect(await verifyScramPlainPassword('s3cret', parseScramVerifier(verifier)!)).toBe(true);
    expect(existsSync(join(dir, ROLES_FILE))).toBe(false);
    expect(readFileSync(join(dir, MOCK_AUTH_NONCE_FILE), 'latin1')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(join(dir, MOCK_AUTH_NONCE_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'auth')).mode & 0o077).toBe(0);
  });

  it('keeps the catalog password afterwards, and ignores a different RUSTYDB_PASSWORD', async () => {
    const dir = tempDir();
    const first = await setUp(dir, { password: 'first' });
    const verifier = first.db.catalog.role('rustydb')!.password;
    const nonce = readFileSync(join(dir, MOCK_AUTH_NONCE_FILE), 'latin1');
    const again = await reopen(dir, first.db);
    expect([again.auth.passwordSet, again.auth.passwordFromEnvironment]).toEqual([true, false]);
    const same = await reopen(dir, again.db, { password: 'first' });
    expect(same.auth.environmentIgnored).toBe(false);
    const other = await reopen(dir, same.db, { password: 'second' });
    expect([other.auth.environmentIgnored, other.auth.passwordFromEnvironment]).toEqual([true, false]);
    expect(other.db.catalog.role('rustydb')!.password).toBe(verifier);
    expect(readFileSync(join(dir, MOCK_AUTH_NONCE_FILE), 'latin1')).toBe(nonce);
  });

  it('reads verifiers from the catalog at each login, and treats an expired one as none', async () => {
    const dir = tempDir();
    const { db, auth } = await setUp(dir, { password: 'pw' });
    expect(auth.authenticator.begin(conn('alice')).method).toBe('scram-sha-256');
    await db.query("SET password_encryption = 'md5'; CREATE USER alice PASSWORD 'a'");
    const hbaMd5 = await setUpAuthentication({
      dataDir: dir,
      db,
      hba: parseHbaRules('host all all 127.0.0.1/32 md5\n', 'hba'),
    });
    expect(hbaMd5.authenticator.begin(conn('alice')).method).toBe('md5');
    await db.query("ALTER ROLE alice PASSWORD 'b'"); // scram-sha-256 again: the session's SET is gone
    expect(hbaMd5.authenticator.begin(conn('alice')).method).toBe('scram-sha-256');
    await db.query("SET password_encryption = 'md5'; ALTER ROLE alice PASSWORD 'c'");
    expect(hbaMd5.authenticator.begin(conn('alice')).method).toBe('md5');
    await db.query("ALTER ROLE alice VALID UNTIL '2001-01-01'");
    // Expired: no usable secret, so the doomed exchange of an unknown password (SCRAM).
    expect(hbaMd5.authenticator.begin(conn('alice')).method).toBe('scram-sha-256');
  });

  it('uses --hba-file rules instead of the defaults', async () => {
    const hba = join(tempDir(), 'hba.conf');
    writeFileSync(hba, 'host all all 0.0.0.0/0 md5\n');
    const { auth } = await setUp(tempDir(), { password: 'pw', hba: readHbaFile(hba) });
    expect(auth.customHba).toBe(true);
    // A SCRAM secret under an md5 rule runs SCRAM, from anywhere the rule admits.
    expect(auth.authenticator.begin(conn('rustydb', '10.1.1.1')).method).toBe('scram-sha-256');
  });

  it('imports an old auth/roles.json once, then removes it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'auth'), { mode: 0o700 });
    const roles = { rustydb: scramVerifier('pw'), legacy: md5Verifier('pw', 'legacy') };
    writeFileSync(join(dir, ROLES_FILE), JSON.stringify(roles), { mode: 0o600 });
    const { db, auth } = await setUp(dir);
    expect([auth.importedRoles, auth.passwordSet]).toEqual([2, true]);
    expect(existsSync(join(dir, ROLES_FILE))).toBe(false);
    expect(db.catalog.role('rustydb')!.password).toBe(roles.rustydb);
    expect(db.catalog.role('legacy')).toMatchObject({ password: roles.legacy, canLogin: true });
    const again = await reopen(dir, db);
    expect(again.auth.importedRoles).toBe(0);
    expect(again.db.catalog.role('legacy')!.password).toBe(roles.legacy);
  });

  it('refuses an empty password and a damaged roles file', async () => {
    await expect(setUp(tempDir(), { password: '' })).rejects.toMatchObject({
      exitCode: 2,
      message: 'RUSTYDB_PASSWORD is set but empty',
    });
    const dir = tempDir();
    mkdirSync(join(dir, 'auth'), { mode: 0o700 });
    writeFileSync(join(dir, ROLES_FILE), JSON.stringify({ rustydb: 'plaintext-password' }));
    const err = (await setUp(dir).then(
      () => undefined,
      (e: unknown) => e,
    )) as StartupError;
    expect(err).toBeInstanceOf(StartupError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/the entry of role "rustydb" is not a SCRAM-SHA-256 or md5 verifier/);
    expect(err.message).not.toContain('plaintext-password');
    writeFileSync(join(dir, ROLES_FILE), '[1, 2]');
    await expect(setUp(dir)).rejects.toThrow(/must hold a JSON object/);
  });
});
