/**
 * CREATE INDEX … WITH (storage parameters): stored as the index's reloptions (and kept over a
 * restart), checked for its access method with PostgreSQL 15's 22023 errors.
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
  await s.query('CREATE TABLE t (a int, b text)');
});

afterEach(async () => {
  await s?.close();
  await db?.close();
  removeDir(dir);
});

const reloptions = async (name: string) =>
  (await s.query(`SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = '${name}'`))
    .rows[0]?.[0];
const failure = async (sql: string): Promise<[string, string]> => {
  const e = (await s.query(sql).then(
    () => undefined,
    (err: unknown) => err,
  )) as DbError | undefined;
  if (!e) throw new Error(`expected ${sql} to fail`);
  return [e.code, e.message];
};

it('stores WITH (…) as the index reloptions, printed by pg_get_indexdef and kept over a restart', async () => {
  await s.query(
    'CREATE UNIQUE INDEX ti ON t (a) INCLUDE (b) WITH (fillfactor = 70, deduplicate_items = off) WHERE a > 0',
  );
  expect(await reloptions('ti')).toBe('fillfactor=70,deduplicate_items=off');
  const def = (await s.query("SELECT pg_get_indexdef('ti'::regclass)")).rows[0]![0];
  expect(def).toBe(
    "CREATE UNIQUE INDEX ti ON public.t USING btree (a) INCLUDE (b) WITH (fillfactor='70', deduplicate_items=off) WHERE (a > 0)",
  );
  await s.close();
  await db.close();
  db = await openTestDatabase(dir, { autovacuum: false });
  s = db.connect();
  expect(await reloptions('ti')).toBe('fillfactor=70,deduplicate_items=off');
});

it('checks the parameters for the access method', async () => {
  expect(await failure('CREATE INDEX ON t (a) WITH (fillfactor = 5)')).toEqual([
    '22023',
    'value 5 out of bounds for option "fillfactor"',
  ]);
  expect(await failure('CREATE INDEX ON t (a) WITH (autovacuum_enabled = off)')).toEqual([
    '22023',
    'unrecognized parameter "autovacuum_enabled"',
  ]);
  expect(await failure('CREATE INDEX ON t USING hash (a) WITH (deduplicate_items = on)')).toEqual([
    '22023',
    'unrecognized parameter "deduplicate_items"',
  ]);
  await s.query('CREATE INDEX th ON t USING hash (a) WITH (fillfactor = 40)');
  expect(await reloptions('th')).toBe('fillfactor=40');
  expect((await s.query("SELECT count(*) FROM pg_class WHERE relname = 't_a_idx'")).rows[0]![0]).toBe(0n);
});
