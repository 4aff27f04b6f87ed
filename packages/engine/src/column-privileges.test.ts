/**
 * Column privileges end to end (column-grants.ts, planner required-privileges.ts, the column pass
 * of privilege-checks.ts): what a role holding only column privileges may read, insert and
 * update, GRANT/REVOKE's errors and warnings, the catalogs that show them, DROP COLUMN, and
 * persistence across a crash. Expected answers are PostgreSQL 15's for the same statements.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { crash, loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
  await db.query(`CREATE ROLE cpu LOGIN; CREATE TABLE cp (a int, b int, c text); INSERT INTO cp VALUES (1, 2, 'x');
    GRANT SELECT (a, b), UPDATE (c) ON cp TO cpu; GRANT INSERT (a), REFERENCES (b) ON cp TO cpu`);
});

const denied = (s: EmbeddedSession, sql: string) =>
  rejects(s.query(sql), '42501', 'permission denied for table cp');
const rows = async (s: EmbeddedSession | Database, sql: string) =>
  (await s.query(sql)).rows.map((r) => r.map(String));

describe('column privileges', () => {
  it('lets a role use exactly the columns it was granted', async () => {
    const cpu = await loginAs(db, 'cpu');
    expect(await rows(cpu, 'SELECT a, b FROM cp')).toEqual([['1', '2']]);
    await denied(cpu, 'SELECT * FROM cp');
    await denied(cpu, 'SELECT c FROM cp');
    await denied(cpu, 'SELECT cp FROM cp');
    await denied(cpu, 'SELECT a FROM cp WHERE c = $$x$$');
    await denied(cpu, 'SELECT a FROM cp ORDER BY c');
    await denied(cpu, 'SELECT s.c FROM (cp CROSS JOIN (SELECT 1 AS z) AS d) AS s');
    expect(await rows(cpu, 'SELECT s.a FROM (cp CROSS JOIN (SELECT 1 AS z) AS d) AS s')).toEqual([['1']]);
    // FOR UPDATE needs UPDATE on any column.
    expect(await rows(cpu, 'SELECT a FROM cp FOR UPDATE')).toEqual([['1']]);
    await denied(cpu, 'SELECT (SELECT max(c) FROM cp)');
    // No column named: SELECT on any column suffices (PostgreSQL's count(*) rule).
    expect(await rows(cpu, 'SELECT count(*) FROM cp')).toEqual([['1']]);
    expect(await rows(cpu, 'SELECT 1 FROM cp')).toEqual([['1']]);
    expect(await rows(cpu, 'SELECT x.a FROM cp AS x JOIN cp AS y USING (a, b)')).toEqual([['1']]);
    // UPDATE needs UPDATE on the SET columns and SELECT on what it reads.
    expect((await cpu.query("UPDATE cp SET c = 'y'")).rowCount).toBe(1);
    expect((await cpu.query("UPDATE cp SET c = 'z' WHERE a = 1")).rowCount).toBe(1);
    await denied(cpu, "UPDATE cp SET c = c || 'z' WHERE a = 1");
    await denied(cpu, 'UPDATE cp SET a = 2');
    await denied(cpu, "UPDATE cp SET c = 'q' RETURNING c");
    expect(await rows(cpu, "UPDATE cp SET c = 'q' RETURNING a")).toEqual([['1']]);
    // INSERT: the columns given (without a column list, as many leading columns as values).
    expect((await cpu.query('INSERT INTO cp (a) VALUES (5)')).rowCount).toBe(1);
    expect((await cpu.query('INSERT INTO cp VALUES (6)')).rowCount).toBe(1);
    await denied(cpu, 'INSERT INTO cp (a, b) VALUES (5, 6)');
    await denied(cpu, 'INSERT INTO cp VALUES (5, 6)');
    // DELETE has no column form.
    await denied(cpu, 'DELETE FROM cp WHERE a = 5');
    await cpu.close();
  });

  it('asks SELECT of a DML statement only when it reads a target column, as PostgreSQL', async () => {
    await db.query('CREATE ROLE rwu LOGIN; CREATE TABLE rw (a int); INSERT INTO rw VALUES (1)');
    await db.query('GRANT UPDATE, DELETE, INSERT ON rw TO rwu');
    const rwu = await loginAs(db, 'rwu');
    expect((await rwu.query('UPDATE rw SET a = 2 WHERE true')).rowCount).toBe(1);
    expect((await rwu.query('UPDATE rw SET a = 3 RETURNING 1')).rows).toEqual([[1]]);
    await rejects(rwu.query('UPDATE rw SET a = 4 WHERE a = 1'), '42501', 'permission denied for table rw');
    await rejects(rwu.query('UPDATE rw SET a = a + 1'), '42501', 'permission denied for table rw');
    expect((await rwu.query('INSERT INTO rw VALUES (5) RETURNING 1')).rows).toEqual([[1]]);
    await rejects(
      rwu.query('INSERT INTO rw VALUES (5) RETURNING a'),
      '42501',
      'permission denied for table rw',
    );
    expect((await rwu.query('DELETE FROM rw WHERE true RETURNING 1')).rowCount).toBe(2);
    await rwu.close();
  });

  it('answers has_column_privilege, has_any_column_privilege and shows attacl and column_privileges', async () => {
    const cpu = await loginAs(db, 'cpu');
    expect(
      await rows(
        cpu,
        `SELECT has_column_privilege('cp', 'a', 'SELECT'), has_column_privilege('cp', 'c', 'SELECT'),
          has_column_privilege('cp', 'c', 'UPDATE'), has_table_privilege('cp', 'SELECT'),
          has_any_column_privilege('cp', 'SELECT'), has_any_column_privilege('cp', 'UPDATE'),
          has_column_privilege('cp', 'a', 'REFERENCES'), has_column_privilege('cp', 2::int2, 'REFERENCES')`,
      ),
    ).toEqual([['true', 'false', 'true', 'false', 'true', 'true', 'false', 'true']]);
    await rejects(
      cpu.query("SELECT has_any_column_privilege('cp', 'DELETE')"),
      '22023',
      'unrecognized privilege type: "DELETE"',
    );
    await cpu.close();
    expect(
      await rows(
        db,
        "SELECT attname, attacl::text FROM pg_attribute WHERE attrelid = 'cp'::regclass AND attnum > 0",
      ),
    ).toEqual([
      ['a', '{cpu=ar/rustydb}'],
      ['b', '{cpu=rx/rustydb}'],
      ['c', '{cpu=w/rustydb}'],
    ]);
    expect(
      await rows(
        db,
        `SELECT column_name, privilege_type, is_grantable FROM information_schema.column_privileges
          WHERE table_name = 'cp' AND grantee = 'cpu' ORDER BY 1, 2`,
      ),
    ).toEqual([
      ['a', 'INSERT', 'NO'],
      ['a', 'SELECT', 'NO'],
      ['b', 'REFERENCES', 'NO'],
      ['b', 'SELECT', 'NO'],
      ['c', 'UPDATE', 'NO'],
    ]);
  });

  it('refuses what PostgreSQL refuses, and warns as it does', async () => {
    await rejects(
      db.query('GRANT DELETE (a) ON cp TO cpu'),
      '0LP01',
      'invalid privilege type DELETE for column',
    );
    await rejects(
      db.query('GRANT SELECT (zz) ON cp TO cpu'),
      '42703',
      'column "zz" of relation "cp" does not exist',
    );
    await db.query('CREATE ROLE cpu2; GRANT SELECT (a) ON cp TO cpu WITH GRANT OPTION');
    const cpu = await loginAs(db, 'cpu');
    await cpu.query('GRANT SELECT (a) ON cp TO cpu2');
    const none = await cpu.query('GRANT UPDATE (a) ON cp TO cpu2');
    expect(none.notices.map((n) => [n.code, n.message])).toEqual([
      ['01007', 'no privileges were granted for column "a" of relation "cp"'],
    ]);
    await db.query('REVOKE ALL ON cp FROM cpu CASCADE');
    await rejects(
      cpu.query('GRANT SELECT (a) ON cp TO cpu2'),
      '42501',
      'permission denied for column "a" of relation "cp"',
    );
    await cpu.close();
    // REVOKE on the table took the column privileges with it (cpu2's through the grant option too).
    expect(
      await rows(
        db,
        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'cp'::regclass AND attacl IS NOT NULL",
      ),
    ).toEqual([['0']]);
  });

  it('mixes table and column privileges in one GRANT; ALL (cols); REVOKE of one column privilege', async () => {
    await db.query('GRANT ALL PRIVILEGES (a) ON cp TO cpu; GRANT SELECT (c), DELETE ON cp TO cpu');
    await db.query('REVOKE SELECT (b) ON cp FROM cpu');
    expect(
      await rows(
        db,
        "SELECT attname, attacl::text FROM pg_attribute WHERE attrelid = 'cp'::regclass AND attnum > 0",
      ),
    ).toEqual([
      ['a', '{cpu=arwx/rustydb}'],
      ['b', '{cpu=x/rustydb}'],
      ['c', '{cpu=rw/rustydb}'],
    ]);
    expect(await rows(db, "SELECT relacl::text FROM pg_class WHERE relname = 'cp'")).toEqual([
      ['{rustydb=arwdDxt/rustydb,cpu=d/rustydb}'],
    ]);
    const cpu = await loginAs(db, 'cpu');
    expect((await cpu.query('DELETE FROM cp WHERE c = $1', ['x'])).rowCount).toBe(1);
    await denied(cpu, 'SELECT b FROM cp');
    await cpu.close();
  });

  it('lets REFERENCES on the referenced columns do for a foreign key', async () => {
    await db.query(
      'ALTER TABLE cp ADD UNIQUE (a); ALTER TABLE cp ADD UNIQUE (b); GRANT CREATE ON SCHEMA public TO cpu',
    );
    const cpu = await loginAs(db, 'cpu');
    await cpu.query('CREATE TABLE r1 (x int REFERENCES cp (b))');
    await denied(cpu, 'CREATE TABLE r2 (x int REFERENCES cp (a))');
    await cpu.close();
  });

  it('applies to views, checked as the view owner underneath', async () => {
    await db.query('CREATE VIEW cv AS SELECT a, c FROM cp; GRANT SELECT (a) ON cv TO cpu');
    const cpu = await loginAs(db, 'cpu');
    expect(await rows(cpu, 'SELECT a FROM cv')).toEqual([['1']]);
    await rejects(cpu.query('SELECT c FROM cv'), '42501', 'permission denied for view cv');
    await rejects(cpu.query('SELECT * FROM cv'), '42501', 'permission denied for view cv');
    await cpu.close();
  });

  it('drops a column with its ACL, and keeps column ACLs across a crash', async () => {
    await db.query('ALTER TABLE cp DROP COLUMN b');
    crash(db);
    databases.forget(db);
    db = await databases.open();
    expect(
      await rows(
        db,
        "SELECT attname, attacl::text FROM pg_attribute WHERE attrelid = 'cp'::regclass AND attnum > 0",
      ),
    ).toEqual([
      ['a', '{cpu=ar/rustydb}'],
      ['c', '{cpu=w/rustydb}'],
    ]);
    const cpu = await loginAs(db, 'cpu');
    expect(await rows(cpu, 'SELECT a FROM cp')).toEqual([['1']]);
    await cpu.close();
  });
});
