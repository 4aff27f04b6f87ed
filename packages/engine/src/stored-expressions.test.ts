/**
 * Stored expressions through renames and on display: RENAME COLUMN rewrites the index keys,
 * partial-index predicates and generated columns naming the column (not only CHECKs), RENAME of a
 * sequence rewrites the defaults calling it, and pg_get_expr & co. print them as PostgreSQL's
 * ruleutils does (the difftest corpus 46-expression-display compares them with PostgreSQL's).
 */
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
});

afterEach(async () => {
  await s?.close();
  await db?.close();
  removeDir(dir);
});

const rows = async (sql: string) => (await s.query(sql)).rows;

it('RENAME COLUMN carries index keys, predicates and generated columns along', async () => {
  await s.query('CREATE TABLE t (a int, b text, up text GENERATED ALWAYS AS (upper(b)) STORED)');
  await s.query('CREATE INDEX t_lower ON t (lower(b)) WHERE b IS NOT NULL');
  await s.query('ALTER TABLE t RENAME COLUMN b TO bb');
  await s.query("INSERT INTO t (a, bb) VALUES (1, 'Xy')");
  expect(await rows("SELECT a, up FROM t WHERE lower(bb) = 'xy'")).toEqual([[1, 'XY']]);
  expect(await rows("SELECT pg_get_indexdef('t_lower'::regclass)")).toEqual([
    ['CREATE INDEX t_lower ON public.t USING btree (lower(bb)) WHERE (bb IS NOT NULL)'],
  ]);
  expect(
    await rows("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 't'::regclass"),
  ).toEqual([['upper(bb)']]);
});

it('RENAME of a sequence carries the defaults calling it along', async () => {
  await s.query('CREATE SEQUENCE s1');
  await s.query("CREATE TABLE u (a int DEFAULT nextval('s1'), b bigint DEFAULT nextval('s1'::regclass) + 1)");
  await s.query('ALTER TABLE s1 RENAME TO s2');
  expect(await rows('INSERT INTO u DEFAULT VALUES RETURNING a, b')).toEqual([[1, 3n]]);
  expect(
    await rows(
      "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'u'::regclass ORDER BY adnum",
    ),
  ).toEqual([["nextval('s2'::regclass)"], ["(nextval('s2'::regclass) + 1)"]]);
});

it('prints CHECKs, defaults and index expressions as ruleutils, pretty or not', async () => {
  await s.query(
    "CREATE TABLE v (a int CHECK (a > 0 AND a IN (1, 2, 3)), n varchar(9) DEFAULT 'x' CHECK (n LIKE 'x%'), d timestamptz DEFAULT CURRENT_TIMESTAMP)",
  );
  await s.query('CREATE INDEX v_expr ON v ((a + 1), lower(n))');
  expect(
    await rows(
      "SELECT pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'v'::regclass ORDER BY conname",
    ),
  ).toEqual([
    ['CHECK (((a > 0) AND (a = ANY (ARRAY[1, 2, 3]))))', 'CHECK (a > 0 AND (a = ANY (ARRAY[1, 2, 3])))'],
    ["CHECK (((n)::text ~~ 'x%'::text))", "CHECK (n::text ~~ 'x%'::text)"],
  ]);
  expect(
    await rows(
      "SELECT pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true) FROM pg_attrdef WHERE adrelid = 'v'::regclass ORDER BY adnum",
    ),
  ).toEqual([
    ["'x'::character varying", "'x'::character varying"],
    ['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP'],
  ]);
  expect(await rows("SELECT pg_get_indexdef('v_expr'::regclass, 0, true)")).toEqual([
    ['CREATE INDEX v_expr ON v USING btree ((a + 1), lower(n::text))'],
  ]);
});
