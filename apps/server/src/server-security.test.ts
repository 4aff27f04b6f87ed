import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md5Verifier, parseScramVerifier, scramVerifier, verifyScramPlainPassword } from '@rustydb/security';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { MOCK_AUTH_NONCE_FILE, ROLES_FILE, readRolesFile } from './role-secrets-file.js';
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
  it('trusts loopback clients when no password is set, and writes nothing', async () => {
    const dir = tempDir();
    const auth = await setUpAuthentication({ dataDir: dir });
    expect([auth.passwordSet, auth.passwordSource, auth.authenticator.usesPasswords]).toEqual([
      false,
      'none',
      false,
    ]);
    expect(auth.authenticator.begin(conn('rustydb')).method).toBe('trust');
    expect(() => auth.authenticator.begin(conn('rustydb', '10.1.1.1'))).toThrow(/no pg_hba.conf entry/);
    auth.persist();
    expect(readRolesFile(dir)).toBeUndefined();
  });

  it('demands the RUSTYDB_PASSWORD over SCRAM and keeps only its verifier, in a 0600 file', async () => {
    const dir = tempDir();
    const auth = await setUpAuthentication({ dataDir: dir, password: 's3cret' });
    expect([auth.passwordSet, auth.passwordSource, auth.authenticator.usesPasswords]).toEqual([
      true,
      'environment',
      true,
    ]);
    expect(auth.authenticator.begin(conn('rustydb')).method).toBe('scram-sha-256');
    expect(readRolesFile(dir)).toBeUndefined(); // nothing written before persist()
    auth.persist();
    const text = readFileSync(join(dir, ROLES_FILE), 'utf8');
    expect(text).not.toContain('s3cret');
    const verifier = JSON.parse(text).rustydb as string;
    expect(Object.keys(JSON.parse(text))).toEqual(['rustydb']);
    const secret = parseScramVerifier(verifier);
    expect(secret).toBeDefined();
    expect(await verifyScramPlainPassword('s3cret', secret!)).toBe(true);
    expect(statSync(join(dir, ROLES_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'auth')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, MOCK_AUTH_NONCE_FILE), 'latin1')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(join(dir, MOCK_AUTH_NONCE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reads the password back without the variable, and never rewrites the file', async () => {
    const dir = tempDir();
    (await setUpAuthentication({ dataDir: dir, password: 'first' })).persist();
    const written = readFileSync(join(dir, ROLES_FILE), 'utf8');
    const nonce = readFileSync(join(dir, MOCK_AUTH_NONCE_FILE), 'latin1');
    const again = await setUpAuthentication({ dataDir: dir });
    expect([again.passwordSet, again.passwordSource, again.environmentOverridesFile]).toEqual([
      true,
      'roles-file',
      false,
    ]);
    const same = await setUpAuthentication({ dataDir: dir, password: 'first' });
    expect(same.environmentOverridesFile).toBe(false);
    const other = await setUpAuthentication({ dataDir: dir, password: 'second' });
    expect(other.environmentOverridesFile).toBe(true);
    other.persist();
    expect(readFileSync(join(dir, ROLES_FILE), 'utf8')).toBe(written);
    expect(readFileSync(join(dir, MOCK_AUTH_NONCE_FILE), 'latin1')).toBe(nonce);
  });

  it('uses --hba-file rules instead of the defaults', async () => {
    const hba = join(tempDir(), 'hba.conf');
    writeFileSync(hba, 'host all all 0.0.0.0/0 md5\n');
    const auth = await setUpAuthentication({ dataDir: tempDir(), password: 'pw', hba: readHbaFile(hba) });
    expect(auth.customHba).toBe(true);
    // A SCRAM secret under an md5 rule runs SCRAM, from anywhere the rule admits.
    expect(auth.authenticator.begin(conn('rustydb', '10.1.1.1')).method).toBe('scram-sha-256');
  });

  it('refuses an empty password and a damaged roles file', async () => {
    await expect(setUpAuthentication({ dataDir: tempDir(), password: '' })).rejects.toMatchObject({
      exitCode: 2,
      message: 'RUSTYDB_PASSWORD is set but empty',
    });
    const dir = tempDir();
    (await setUpAuthentication({ dataDir: dir, password: 'pw' })).persist();
    writeFileSync(join(dir, ROLES_FILE), JSON.stringify({ rustydb: 'plaintext-password' }));
    const err = (await setUpAuthentication({ dataDir: dir }).then(
      () => undefined,
      (e: unknown) => e,
    )) as StartupError;
    expect(err).toBeInstanceOf(StartupError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/the entry of role "rustydb" is not a SCRAM-SHA-256 or md5 verifier/);
    expect(err.message).not.toContain('plaintext-password');
    writeFileSync(join(dir, ROLES_FILE), '[1, 2]');
    await expect(setUpAuthentication({ dataDir: dir })).rejects.toThrow(/must hold a JSON object/);
  });

  it('reads md5 and SCRAM verifiers from the roles file', async () => {
    const dir = tempDir();
    (await setUpAuthentication({ dataDir: dir, password: 'pw' })).persist();
    const roles = { rustydb: scramVerifier('pw'), legacy: md5Verifier('pw', 'legacy') };
    writeFileSync(join(dir, ROLES_FILE), JSON.stringify(roles));
    expect(readRolesFile(dir)).toEqual(new Map(Object.entries(roles)));
  });
});
