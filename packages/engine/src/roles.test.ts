/**
 * Roles end to end in the engine: CREATE / ALTER / DROP ROLE with PostgreSQL's messages and
 * permission rules, stored verifiers, login checks, SET ROLE / SESSION AUTHORIZATION, and
 * persistence through a crash.
 */
import { parseScramVerifier } from '@rustydb/security';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { setRolePassword } from './role-passwords.js';
import { crash, loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
});

describe('CREATE / ALTER / DROP ROLE', () => {
  it('stores attributes and verifiers, never the password', async () => {
    await db.query("CREATE USER alice CONNECTION LIMIT 5 PASSWORD 'secret' VALID UNTIL '2030-01-01'");
    const alice = db.catalog.role('alice')!;
    expect(alice).toMatchObject({ canLogin: true, superuser: false, connectionLimit: 5, inherit: true });
    expect(alice.validUntil).not.toBeNull();
    expect(parseScramVerifier(alice.password!)).toBeDefined();
    expect(alice.password).not.toContain('secret');

    await db.query("SET password_encryption = 'md5'; CREATE ROLE bob PASSWORD 'pw'");
    expect(db.catalog.role('bob')!.password).toMatch(/^md5[0-9a-f]{32}$/);
    expect(db.catalog.role('bob')!.canLogin).toBe(false);

    // psql's \password sends a verifier: stored as is.
    const verifier = db.catalog.role('alice')!.password!;
    await db.query(`ALTER USER bob PASSWORD '${verifier}'`);
    expect(db.catalog.role('bob')!.password).toBe(verifier);

    const r = await db.query("ALTER ROLE bob PASSWORD ''");
    expect(r.notices.map((n) => n.message)).toEqual([
      'empty string is not a valid password, clearing password',
    ]);
    expect(db.catalog.role('bob')!.password).toBeNull();
  });

  it("raises PostgreSQL's errors", async () => {
    await db.query('CREATE ROLE r');
    await rejects(db.query('CREATE ROLE r'), '42710', 'role "r" already exists');
    await rejects(db.query('ALTER ROLE nobody LOGIN'), '42704', 'role "nobody" does not exist');
    await rejects(db.query('DROP ROLE nobody'), '42704', 'role "nobody" does not exist');
    await rejects(db.query('CREATE ROLE pg_x'), '42939', 'role name "pg_x" is reserved');
    await rejects(db.query('CREATE ROLE c CONNECTION LIMIT -2'), '22023', 'invalid connection limit: -2');
    await rejects(db.query('DROP ROLE rustydb'), '55006', 'current user cannot be dropped');
    await rejects(
      db.query("SET password_encryption = 'foo'"),
      '22023',
      'invalid value for parameter "password_encryption": "foo"',
    );
    const r = await db.query('DROP ROLE IF EXISTS nobody, r');
    expect(r.notices.map((n) => n.message)).toEqual(['role "nobody" does not exist, skipping']);
    expect(db.catalog.role('r')).toBeUndefined();
  });

  it('renames, clearing an md5 password with a NOTICE', async () => {
    await db.query("SET password_encryption = 'md5'; CREATE ROLE m PASSWORD 'pw'");
    // The verifier PostgreSQL 15 stores for this role and password.
    expect(db.catalog.role('m')!.password).toBe('md57764e463c73a54e4bb79b9b9e419e145');
    const r = await db.query('ALTER ROLE m RENAME TO m2');
    expect(r.notices.map((n) => n.message)).toEqual(['MD5 password cleared because of role rename']);
    expect(db.catalog.role('m')).toBeUndefined();
    expect(db.catalog.role('m2')!.password).toBeNull();
    await rejects(db.query('ALTER ROLE rustydb RENAME TO x'), '0A000', 'session user cannot be renamed');
    await db.query('CREATE ROLE m3');
    await rejects(db.query('ALTER ROLE m2 RENAME TO m3'), '42710', 'role "m3" already exists');
  });

  it('is transactional', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('CREATE ROLE t1 LOGIN');
    expect(db.catalog.role('t1')).toBeUndefined();
    await s.query('ROLLBACK');
    expect(db.catalog.role('t1')).toBeUndefined();
    await s.query('BEGIN; CREATE ROLE t1 LOGIN; COMMIT');
    expect(db.catalog.role('t1')?.canLogin).toBe(true);
    await s.close();
  });

  it('enforces who may create, alter and drop roles', async () => {
    await db.query("CREATE USER plain PASSWORD 'a'; CREATE USER admin CREATEROLE; CREATE ROLE victim");
    const plain = await loginAs(db, 'plain');
    await rejects(plain.query('CREATE ROLE x'), '42501', 'permission denied to create role');
    await rejects(plain.query('ALTER ROLE victim LOGIN'), '42501', 'permission denied');
    await rejects(plain.query('DROP ROLE victim'), '42501', 'permission denied to drop role');
    await plain.query("ALTER ROLE plain PASSWORD 'b'"); // one's own password
    await plain.close();
    const admin = await loginAs(db, 'admin');
    await rejects(admin.query('CREATE ROLE s SUPERUSER'), '42501', 'must be superuser to create superusers');
    await rejects(
      admin.query('ALTER ROLE rustydb NOLOGIN'),
      '42501',
      'must be superuser to alter superuser roles or change superuser attribute',
    );
    await admin.query('CREATE ROLE x; ALTER ROLE victim LOGIN; DROP ROLE x, victim');
    await admin.close();
  });
});

describe('sessions and roles', () => {
  it('checks LOGIN and CONNECTION LIMIT at login', async () => {
    await db.query('CREATE ROLE nologin; CREATE USER one CONNECTION LIMIT 1');
    await rejects(loginAs(db, 'nologin'), '28000', 'role "nologin" is not permitted to log in');
    await rejects(loginAs(db, 'ghost'), '28000', 'role "ghost" does not exist');
    const first = await loginAs(db, 'one');
    await rejects(loginAs(db, 'one'), '53300', 'too many connections for role "one"');
    await first.close();
    await (await loginAs(db, 'one')).close();
  });

  it('reports the session user and follows SET ROLE / SET SESSION AUTHORIZATION', async () => {
    await db.query('CREATE USER u; CREATE ROLE other');
    const u = await loginAs(db, 'u');
    expect(u.session.parameterStatuses()).toMatchObject({ session_authorization: 'u', is_superuser: 'off' });
    await rejects(u.query('SET ROLE other'), '42501', 'permission denied to set role "other"');
    await rejects(
      u.query('SET SESSION AUTHORIZATION other'),
      '42501',
      'permission denied to set session authorization',
    );
    await u.close();

    const s = db.connect();
    await rejects(s.query('SET ROLE ghost'), '22023', 'role "ghost" does not exist');
    await s.query('SET ROLE u');
    expect((await s.query('SHOW role')).rows).toEqual([['u']]);
    expect((await s.query('SHOW is_superuser')).rows).toEqual([['off']]);
    await rejects(s.query('CREATE ROLE z'), '42501', 'permission denied to create role');
    await s.query('RESET ROLE');
    await s.query('SET SESSION AUTHORIZATION u');
    expect((await s.query('SHOW session_authorization')).rows).toEqual([['u']]);
    await s.query('SET SESSION AUTHORIZATION DEFAULT');
    expect((await s.query('SHOW session_authorization')).rows).toEqual([['rustydb']]);
    await s.close();
  });

  it('answers CURRENT_USER, CURRENT_ROLE, USER and SESSION_USER', async () => {
    await db.query('CREATE USER u2');
    const s = db.connect();
    const who = async () => (await s.query('SELECT current_user, current_role, user, session_user')).rows[0];
    expect(await who()).toEqual(['rustydb', 'rustydb', 'rustydb', 'rustydb']);
    const r = await s.query('SELECT current_user');
    expect(r.fields.map((f) => [f.name, f.type.name])).toEqual([['current_user', 'name']]);
    await s.query('SET ROLE u2');
    expect(await who()).toEqual(['u2', 'u2', 'u2', 'rustydb']);
    await s.query('BEGIN; SET SESSION AUTHORIZATION u2; ROLLBACK');
    expect(await who()).toEqual(['u2', 'u2', 'u2', 'rustydb']);
    await s.query('SET SESSION AUTHORIZATION u2');
    expect(await who()).toEqual(['u2', 'u2', 'u2', 'u2']);
    await s.close();
  });

  it('keeps committed roles through a crash', async () => {
    await db.query("CREATE USER durable PASSWORD 'x'");
    await setRolePassword(db, 'rustydb', 'md500000000000000000000000000000000');
    crash(db);
    databases.forget(db);
    db = await databases.open();
    expect(db.catalog.role('durable')?.canLogin).toBe(true);
    expect(db.catalog.role('rustydb')?.password).toBe('md500000000000000000000000000000000');
    const stored = db.catalog.roles().filter((r) => !r.name.startsWith('pg_'));
    expect(stored.map((r) => r.name)).toEqual(['rustydb', 'durable']);
  });
});
