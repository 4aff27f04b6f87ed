/**
 * REASSIGN OWNED and DROP OWNED (owned-statements.ts): what moves, what is dropped and revoked,
 * who may, and that DROP ROLE then succeeds. Expected answers are PostgreSQL 15's for the same
 * statements (its bootstrap superuser `postgres` is `rustydb` here).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
  await db.query(`CREATE ROLE ro1; CREATE ROLE ro2; CREATE ROLE ro3; GRANT CREATE ON SCHEMA public TO ro1;
    SET ROLE ro1; CREATE TABLE o1 (a int PRIMARY KEY); CREATE VIEW ov AS SELECT * FROM o1; CREATE SEQUENCE os1;
    GRANT SELECT ON o1 TO ro3; RESET ROLE;
    CREATE TABLE keep1 (a int); GRANT SELECT ON keep1 TO ro1; GRANT SELECT ON keep1 TO ro3; GRANT UPDATE (a) ON keep1 TO ro1;
    ALTER DEFAULT PRIVILEGES FOR ROLE ro1 GRANT SELECT ON TABLES TO ro3;
    CREATE SCHEMA os AUTHORIZATION ro1`);
});

const owners = async () =>
  (
    await db.query(
      "SELECT relname, pg_get_userbyid(relowner) FROM pg_class WHERE relname IN ('o1', 'ov', 'os1', 'keep1', 'o1_pkey') ORDER BY 1",
    )
  ).rows.map((r) => r.join(' '));

describe('REASSIGN OWNED', () => {
  it("gives the role's tables, views, sequences and schemas to another role, ACLs moved", async () => {
    const r = await db.query('REASSIGN OWNED BY ro1 TO ro2');
    expect(r.command).toBe('REASSIGN OWNED');
    expect(await owners()).toEqual(['keep1 rustydb', 'o1 ro2', 'o1_pkey ro2', 'os1 ro2', 'ov ro2']);
    const schema = await db.query("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'os'");
    expect(schema.rows).toEqual([['ro2']]);
    const acl = await db.query("SELECT relacl::text FROM pg_class WHERE relname = 'o1'");
    expect(acl.rows).toEqual([['{ro2=arwdDxt/ro2,ro3=r/ro2}']]);
    // Privileges granted to ro1 on others' objects stay: DROP ROLE still refuses.
    await rejects(
      db.query('DROP ROLE ro1'),
      '2BP01',
      'role "ro1" cannot be dropped because some objects depend on it',
    );
  });

  it('refuses the bootstrap superuser, unknown roles and roles one lacks', async () => {
    await rejects(
      db.query('REASSIGN OWNED BY rustydb TO ro2'),
      '2BP01',
      'cannot reassign ownership of objects owned by role rustydb because they are required by the database system',
    );
    await rejects(db.query('REASSIGN OWNED BY nosuch TO ro2'), '42704', 'role "nosuch" does not exist');
    await db.query('CREATE ROLE lowly LOGIN');
    const lowly = await loginAs(db, 'lowly');
    await rejects(
      lowly.query('REASSIGN OWNED BY ro1 TO lowly'),
      '42501',
      'permission denied to reassign objects',
    );
    await rejects(lowly.query('DROP OWNED BY ro1'), '42501', 'permission denied to drop objects');
    await lowly.close();
  });
});

describe('DROP ROLE of a role with dependents', () => {
  it("lists them as PostgreSQL's DETAIL does: column and default privileges included", async () => {
    await expect(db.query('DROP ROLE ro1')).rejects.toMatchObject({
      code: '2BP01',
      fields: {
        detail: [
          'privileges for schema public',
          'owner of table o1',
          'owner of view ov',
          'owner of sequence os1',
          'privileges for table keep1',
          'privileges for column a of table keep1',
          'owner of schema os',
          // PostgreSQL orders by object OID: its default ACL row (created before `os`) comes first.
          'owner of default privileges on new relations belonging to role ro1',
        ].join('\n'),
      },
    });
  });
});

describe('DROP OWNED', () => {
  it('drops what the role owns, revokes what it was granted, and DROP ROLE then succeeds', async () => {
    expect((await db.query('DROP OWNED BY ro1')).command).toBe('DROP OWNED');
    expect(await owners()).toEqual(['keep1 rustydb']);
    expect((await db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'os'")).rows).toEqual([[0n]]);
    const keep = await db.query(
      "SELECT relacl::text, (SELECT attacl::text FROM pg_attribute WHERE attrelid = 'keep1'::regclass AND attname = 'a') FROM pg_class WHERE relname = 'keep1'",
    );
    expect(keep.rows).toEqual([['{rustydb=arwdDxt/rustydb,ro3=r/rustydb}', null]]);
    expect((await db.query('SELECT count(*) FROM pg_default_acl')).rows).toEqual([[0n]]);
    await db.query('DROP ROLE ro1');
  });

  it('RESTRICT refuses objects other roles depend on; CASCADE drops them too', async () => {
    await db.query('CREATE VIEW other_v AS SELECT a FROM o1');
    await expect(db.query('DROP OWNED BY ro1 RESTRICT')).rejects.toMatchObject({ code: '2BP01' });
    await db.query('DROP OWNED BY ro1 CASCADE');
    expect((await db.query("SELECT count(*) FROM pg_class WHERE relname = 'other_v'")).rows).toEqual([[0n]]);
  });
});
