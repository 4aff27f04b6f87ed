import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, loginAs, rejects, useTestDatabases } from './test-database.js';

const dbs = useTestDatabases({ bufferPoolPages: 32 });
const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;
const notices = async (db: Database, sql: string) =>
  (await db.query(sql)).notices.map((n) => [n.code, n.message]);
const extensions = (db: Database) =>
  rows(
    db,
    'SELECT extname, extversion, extnamespace::regnamespace::text, extrelocatable FROM pg_extension ORDER BY 1',
  );

describe('CREATE EXTENSION / DROP EXTENSION', () => {
  it('has plpgsql from the start, as initdb installs it', async () => {
    const db = await dbs.open();
    expect(await extensions(db)).toEqual([['plpgsql', '1.0', 'pg_catalog', false]]);
    await rejects(db.query('CREATE EXTENSION plpgsql'), '42710', 'extension "plpgsql" already exists');
    expect(await notices(db, 'CREATE EXTENSION IF NOT EXISTS plpgsql')).toEqual([
      ['42710', 'extension "plpgsql" already exists, skipping'],
    ]);
  });

  it('installs uuid-ossp in the first search_path schema, shown as \\dx shows it', async () => {
    const db = await dbs.open();
    expect((await db.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"')).command).toBe('CREATE EXTENSION');
    const dx = await rows(
      db,
      `SELECT e.extname, e.extversion, n.nspname, c.description FROM pg_catalog.pg_extension e
       LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
       LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid
         AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass ORDER BY 1`,
    );
    expect(dx).toEqual([
      ['plpgsql', '1.0', 'pg_catalog', 'PL/pgSQL procedural language'],
      ['uuid-ossp', '1.1', 'public', 'generate universally unique identifiers (UUIDs)'],
    ]);
    await rejects(db.query('CREATE EXTENSION "uuid-ossp"'), '42710', 'extension "uuid-ossp" already exists');
    expect(
      await rows(
        db,
        'SELECT name, default_version, installed_version FROM pg_available_extensions ORDER BY 1',
      ),
    ).toEqual([
      ['pgcrypto', '1.3', null],
      ['plpgsql', '1.0', '1.0'],
      ['uuid-ossp', '1.1', '1.1'],
    ]);
  });

  it('refuses what it cannot provide, with PostgreSQL codes and no file path', async () => {
    const db = await dbs.open();
    const err = await db.query('CREATE EXTENSION foo').catch((e) => e);
    expect(err).toMatchObject({ code: '0A000', message: 'extension "foo" is not available' });
    expect(err.fields.detail).toBe('RustyDB provides only the extensions plpgsql, pgcrypto, uuid-ossp.');
    expect(err.fields.hint).toBeDefined();
    await rejects(
      db.query(`CREATE EXTENSION "uuid-ossp" VERSION '2.0'`),
      '22023',
      'extension "uuid-ossp" has no installation script nor update path for version "2.0"',
    );
    await rejects(
      db.query('CREATE EXTENSION "uuid-ossp" SCHEMA nosuch'),
      '3F000',
      'schema "nosuch" does not exist',
    );
    await rejects(db.query('DROP EXTENSION foo'), '42704', 'extension "foo" does not exist');
    expect(await notices(db, 'DROP EXTENSION IF EXISTS foo')).toEqual([
      ['00000', 'extension "foo" does not exist, skipping'],
    ]);
  });

  it('makes the functions callable only while installed, in the extension schema', async () => {
    const db = await dbs.open();
    await rejects(db.query('SELECT uuid_nil()'), '42883', 'function uuid_nil() does not exist');
    await db.query('CREATE SCHEMA ext');
    await db.query('CREATE EXTENSION "uuid-ossp" WITH SCHEMA ext');
    await rejects(db.query('SELECT uuid_nil()'), '42883', 'function uuid_nil() does not exist');
    expect(await rows(db, 'SELECT ext.uuid_nil()::text')).toEqual([['00000000-0000-0000-0000-000000000000']]);
    const s = db.connect();
    await s.query('SET search_path = public, ext');
    expect(await s.query("SELECT uuid_generate_v5(uuid_ns_url(), 'http://x')::text")).toMatchObject({
      rows: [['c059942f-567e-54eb-aeb5-5fd9830bce43']],
    });
    await s.close();
    expect(await notices(db, 'DROP EXTENSION IF EXISTS "uuid-ossp", foo')).toEqual([
      ['00000', 'extension "foo" does not exist, skipping'],
    ]);
    await rejects(db.query('SELECT ext.uuid_nil()'), '42883', 'function ext.uuid_nil() does not exist');
  });

  it('computes PostgreSQL-exact v3/v5 and well-formed v1/v4, and serves DEFAULT uuid_generate_v4()', async () => {
    const db = await dbs.open();
    await db.query('CREATE EXTENSION "uuid-ossp"');
    expect(
      await rows(
        db,
        `SELECT uuid_generate_v3(uuid_ns_dns(), 'www.example.com')::text, uuid_ns_oid()::text,
           uuid_ns_x500()::text, substr(uuid_generate_v1()::text, 15, 1), substr(uuid_generate_v1mc()::text, 15, 1),
           substr(uuid_generate_v4()::text, 15, 1), uuid_generate_v1() < uuid_generate_v1()`,
      ),
    ).toEqual([
      [
        '5df41881-3aed-3515-88a7-2f4a814cf09e',
        '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
        '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
        '1',
        '1',
        '4',
        expect.any(Boolean),
      ],
    ]);
    await db.query('CREATE TABLE t (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), n int)');
    await db.query('INSERT INTO t (n) VALUES (1), (2)');
    expect(
      await rows(db, 'SELECT count(DISTINCT id), bool_and(substr(id::text, 15, 1) = $$4$$) FROM t'),
    ).toEqual([[2n, true]]);
  });

  it('is transactional: a rolled-back CREATE or DROP leaves the previous state', async () => {
    const db = await dbs.open();
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('CREATE EXTENSION "uuid-ossp"');
    expect(await s.query('SELECT uuid_nil() IS NOT NULL')).toMatchObject({ rows: [[true]] });
    await s.query('ROLLBACK');
    expect(await extensions(db)).toEqual([['plpgsql', '1.0', 'pg_catalog', false]]);
    await db.query('CREATE EXTENSION "uuid-ossp"');
    await s.query('BEGIN');
    await s.query('DROP EXTENSION "uuid-ossp"');
    await s.query('ROLLBACK');
    await s.close();
    expect(await rows(db, 'SELECT uuid_nil() IS NOT NULL')).toEqual([[true]]);
    // The same text again after DROP: no cached plan keeps the function alive.
    await db.query('DROP EXTENSION "uuid-ossp"');
    await rejects(db.query('SELECT uuid_nil() IS NOT NULL'), '42883', 'function uuid_nil() does not exist');
  });

  it('survives a clean restart and a crash', async () => {
    let db = await dbs.open();
    await db.query('CREATE EXTENSION "uuid-ossp"');
    await db.close();
    dbs.forget(db);
    db = await dbs.open();
    expect((await extensions(db)).map((r) => r[0])).toEqual(['plpgsql', 'uuid-ossp']);
    await db.query('DROP EXTENSION "uuid-ossp"');
    await db.query('CREATE EXTENSION "uuid-ossp" VERSION "1.1"');
    crash(db);
    dbs.forget(db);
    db = await dbs.open();
    expect((await extensions(db)).map((r) => r[0])).toEqual(['plpgsql', 'uuid-ossp']);
    expect(await rows(db, 'SELECT uuid_ns_dns()::text')).toEqual([['6ba7b810-9dad-11d1-80b4-00c04fd430c8']]);
  });

  it('needs a superuser or CREATE on the database to install, and the owner to drop', async () => {
    const db = await dbs.open();
    await db.query('CREATE ROLE alice LOGIN');
    const alice = await loginAs(db, 'alice');
    await expect(alice.query('CREATE EXTENSION "uuid-ossp"')).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied to create extension "uuid-ossp"',
      fields: { hint: 'Must have CREATE privilege on current database to create this extension.' },
    });
    await db.query('GRANT CREATE ON DATABASE rustydb TO alice');
    await alice.query('CREATE EXTENSION "uuid-ossp"');
    expect(
      await rows(db, "SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'uuid-ossp'"),
    ).toEqual([['alice']]);
    await db.query('CREATE ROLE bob LOGIN');
    const bob = await loginAs(db, 'bob');
    await rejects(bob.query('DROP EXTENSION "uuid-ossp"'), '42501', 'must be owner of extension uuid-ossp');
    await alice.query('DROP EXTENSION "uuid-ossp"');
    await alice.close();
    await bob.close();
  });
});
