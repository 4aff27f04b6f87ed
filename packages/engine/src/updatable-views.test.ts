/**
 * Updatable views (planner's updatable-view.ts): what the catalog keeps for them — CHECK OPTION
 * and security_barrier as reloptions, view column defaults — survives a crash, and an
 * uncommitted ALTER VIEW … SET DEFAULT does not. Privileges: the caller's on the view, the view
 * owner's on the table. Expected answers are PostgreSQL 15's (tools/difftest corpus
 * 62-updatable-views.sql covers the SQL behaviour).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
  await db.query('CREATE TABLE t (a int PRIMARY KEY, b int DEFAULT 1)');
});

const rows = async (sql: string, on: { query(sql: string): Promise<{ rows: unknown[][] }> } = db) =>
  (await on.query(sql)).rows;

describe('updatable views across a crash', () => {
  it('keeps CHECK OPTION, options and committed column defaults; drops an uncommitted default', async () => {
    await db.query(
      'CREATE VIEW v WITH (security_barrier) AS SELECT * FROM t WHERE a > 0 WITH LOCAL CHECK OPTION',
    );
    await db.query('ALTER VIEW v ALTER COLUMN b SET DEFAULT 42');
    const open = await loginAs(db, 'rustydb');
    await open.query('BEGIN; ALTER VIEW v ALTER COLUMN a SET DEFAULT 7');
    crash(db);
    databases.forget(db);
    db = await databases.open();
    expect(await rows("SELECT reloptions::text FROM pg_class WHERE relname = 'v'")).toEqual([
      ['{security_barrier=true,check_option=local}'],
    ]);
    expect(await rows('INSERT INTO v (a) VALUES (1) RETURNING *')).toEqual([[1, 42]]);
    await rejects(
      db.query('INSERT INTO v (b) VALUES (2)'),
      '23502',
      'null value in column "a" of relation "t" violates not-null constraint',
    );
    await rejects(
      db.query('INSERT INTO v VALUES (-1)'),
      '44000',
      'new row violates check option for view "v"',
    );
  });
});

describe('privileges', () => {
  it("checks the caller's privilege on the view and the owner's on the table", async () => {
    await db.query('CREATE ROLE owner_r; CREATE ROLE user_r LOGIN; GRANT USAGE ON SCHEMA public TO user_r');
    await db.query('GRANT SELECT, UPDATE ON t TO owner_r; INSERT INTO t VALUES (1, 1)');
    await db.query('CREATE VIEW v AS SELECT a, b FROM t; ALTER VIEW v OWNER TO owner_r');
    await db.query('GRANT SELECT, UPDATE, DELETE ON v TO user_r');
    const user = await loginAs(db, 'user_r');
    expect((await user.query('UPDATE v SET b = 2')).command).toBe('UPDATE 1');
    await rejects(user.query('DELETE FROM v'), '42501', 'permission denied for table t');
    await rejects(user.query('INSERT INTO v VALUES (3, 3)'), '42501', 'permission denied for view v');
    await rejects(user.query('UPDATE t SET b = 3'), '42501', 'permission denied for table t');
  });
});
