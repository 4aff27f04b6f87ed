/**
 * DROP SCHEMA … CASCADE of a schema whose tables have identity columns: the identity sequences go
 * with their tables, whatever order the catalog lists the schema's relations in.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { bufferPoolPages: 32 });
});

afterEach(async () => {
  await db.close();
  removeDir(dir);
});

it('drops identity sequences with their tables', async () => {
  await db.query('CREATE SCHEMA s');
  await db.query('CREATE TABLE s.parent (id int PRIMARY KEY, v text)');
  await db.query('CREATE TABLE s.ident (id int GENERATED ALWAYS AS IDENTITY, v text)');
  await db.query("INSERT INTO s.ident (v) VALUES ('a')");
  await db.query('ALTER TABLE s.parent ADD COLUMN w int');
  await db.query('TRUNCATE s.ident');
  await db.query('DROP SCHEMA s CASCADE');
  expect(
    (await db.query("SELECT count(*)::int FROM pg_class WHERE relname IN ('ident', 'ident_id_seq')")).rows,
  ).toEqual([[0]]);
});
