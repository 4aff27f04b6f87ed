/**
 * CREATE SCHEMA … AUTHORIZATION role: the schema belongs to that role (PostgreSQL's
 * CreateSchemaCommand), also when the bootstrap superuser creates it.
 */
import { describe, expect, it } from 'vitest';
import { loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });

describe('CREATE SCHEMA … AUTHORIZATION', () => {
  it('gives the schema to the named role, the name defaulting to the role', async () => {
    const db = await databases.open();
    await db.query('CREATE ROLE sa1; CREATE SCHEMA s1 AUTHORIZATION sa1; CREATE SCHEMA AUTHORIZATION sa1');
    const r = await db.query(
      "SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname IN ('s1', 'sa1', 'public') ORDER BY 1",
    );
    expect(r.rows).toEqual([
      ['public', 'pg_database_owner'],
      ['s1', 'sa1'],
      ['sa1', 'sa1'],
    ]);
    // The owner may create in it without a grant.
    await db.query('SET ROLE sa1; CREATE TABLE s1.t (a int); RESET ROLE');
    await rejects(db.query('CREATE SCHEMA s2 AUTHORIZATION nobody'), '42704', 'role "nobody" does not exist');
  });

  it('needs membership in the role for a non-superuser', async () => {
    const db = await databases.open();
    await db.query('CREATE ROLE sb1 LOGIN; CREATE ROLE sb2; GRANT CREATE ON DATABASE rustydb TO sb1');
    const s = await loginAs(db, 'sb1');
    await rejects(s.query('CREATE SCHEMA s3 AUTHORIZATION sb2'), '42501', 'must be member of role "sb2"');
  });
});
