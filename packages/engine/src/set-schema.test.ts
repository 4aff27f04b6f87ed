/**
 * ALTER TABLE … SET SCHEMA for plain tables: the table, its indexes, owned sequences (whose
 * defaults are rewritten to name them where they went) and constraints move; CREATE on the
 * schema and ownership are required; a view over the table refuses the move (0A000: views are
 * kept as SQL text naming the table, where PostgreSQL follows the OID).
 */
import type { DbError } from '@rustydb/common';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  s = db.connect();
  await s.query('CREATE SCHEMA app');
  await s.query('CREATE TABLE t (id serial PRIMARY KEY, g int GENERATED ALWAYS AS IDENTITY, c int UNIQUE)');
  await s.query('INSERT INTO t (c) VALUES (1), (2)');
});

afterEach(async () => {
  await s?.close();
  await db?.close();
  removeDir(dir);
});

const rows = async (sql: string) => (await s.query(sql)).rows;
const failure = async (sql: string): Promise<[string, string]> => {
  const e = (await s.query(sql).then(
    () => undefined,
    (err: unknown) => err,
  )) as DbError | undefined;
  if (!e) throw new Error(`expected ${sql} to fail`);
  return [e.code, e.message];
};
const placed = () =>
  rows(
    "SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE 't\\_%' OR c.relname = 't' ORDER BY 1",
  );

it('moves the table with its indexes and owned sequences, whose defaults follow (over a restart too)', async () => {
  await s.query('ALTER TABLE t SET SCHEMA app');
  const moved = [
    ['t', 'app'],
    ['t_c_key', 'app'],
    ['t_g_seq', 'app'],
    ['t_id_seq', 'app'],
    ['t_pkey', 'app'],
  ];
  expect(await placed()).toEqual(moved);
  expect(await rows("SELECT pg_get_serial_sequence('app.t', 'id')")).toEqual([['app.t_id_seq']]);
  await s.close();
  await db.close();
  db = await openTestDatabase(dir, { autovacuum: false });
  s = db.connect();
  expect(await placed()).toEqual(moved);
  await s.query('INSERT INTO app.t (c) VALUES (3)');
  expect(await rows('SELECT id, g, c FROM app.t ORDER BY id')).toEqual([
    [1, 1, 1],
    [2, 2, 2],
    [3, 3, 3],
  ]);
  expect((await failure('INSERT INTO app.t (c) VALUES (3)'))[0]).toBe('23505');
});

it('is 42P07 when a name is taken in the schema, 3F000 for a missing schema', async () => {
  await s.query('CREATE SEQUENCE app.t_id_seq');
  expect(await failure('ALTER TABLE t SET SCHEMA app')).toEqual([
    '42P07',
    'relation "t_id_seq" already exists in schema "app"',
  ]);
  expect(await failure('ALTER TABLE t SET SCHEMA nope')).toEqual(['3F000', 'schema "nope" does not exist']);
  expect(await placed()).toContainEqual(['t', 'public']);
});

it('needs CREATE on the schema and ownership of the table', async () => {
  await s.query('CREATE ROLE u');
  await s.query('GRANT USAGE ON SCHEMA app TO u');
  await s.query('CREATE TABLE public.mine (a int)');
  await s.query('ALTER TABLE mine OWNER TO u');
  await s.query('SET ROLE u');
  expect(await failure('ALTER TABLE mine SET SCHEMA app')).toEqual([
    '42501',
    'permission denied for schema app',
  ]);
  expect(await failure('ALTER TABLE t SET SCHEMA app')).toEqual(['42501', 'must be owner of table t']);
  await s.query('RESET ROLE');
  await s.query('GRANT CREATE ON SCHEMA app TO u');
  await s.query('SET ROLE u');
  await s.query('ALTER TABLE mine SET SCHEMA app');
  expect(await rows("SELECT relnamespace::regnamespace::text FROM pg_class WHERE relname = 'mine'")).toEqual([
    ['app'],
  ]);
});

it('refuses to move a table a view reads (0A000), and leaves it in place', async () => {
  await s.query('CREATE VIEW v AS SELECT c FROM t');
  expect(await failure('ALTER TABLE t SET SCHEMA app')).toEqual([
    '0A000',
    'cannot move relation used by view "v"',
  ]);
  expect(await rows('SELECT c FROM v ORDER BY c')).toEqual([[1], [2]]);
});
