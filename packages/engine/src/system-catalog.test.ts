/**
 * The computed catalogs through the engine: MVCC consistency with the transaction, session
 * functions and settings, pg_stat_activity, EXPLAIN, regclass errors, client type fetching.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let s: EmbeddedSession;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  s = db.connect();
  await s.query('CREATE TABLE t (id serial PRIMARY KEY, v text)');
});

afterAll(async () => {
  await s.close();
  await db.close();
  removeDir(dir);
});

const rows = async (sql: string, session = s) => (await session.query(sql)).rows;
const errorCode = async (sql: string) => {
  try {
    await s.query(sql);
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'none';
};

describe('pg_catalog relations', () => {
  it('see the transaction own DDL, and other sessions only after commit', async () => {
    const other = db.connect();
    await s.query('BEGIN');
    await s.query('CREATE TABLE fresh (a int)');
    expect(await rows("SELECT relkind FROM pg_class WHERE relname = 'fresh'")).toEqual([['r']]);
    expect(await rows("SELECT count(*) FROM pg_class WHERE relname = 'fresh'", other)).toEqual([[0n]]);
    await s.query('ROLLBACK');
    expect(await rows("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'fresh'")).toEqual([[0n]]);
    await other.close();
  });

  it('describe columns with PostgreSQL type OIDs and attributes', async () => {
    expect(
      await rows(
        "SELECT a.attname, a.atttypid, a.attnum, a.attnotnull, a.atthasdef FROM pg_attribute a WHERE a.attrelid = 't'::regclass AND a.attnum > 0 ORDER BY a.attnum",
      ),
    ).toEqual([
      ['id', 23, 1, true, true],
      ['v', 25, 2, false, false],
    ]);
    expect(
      await rows('SELECT typname, typarray, typelem FROM pg_type WHERE oid IN (23, 1007) ORDER BY oid'),
    ).toEqual([
      ['int4', 1007, 0],
      ['_int4', 0, 23],
    ]);
  });

  it('show identity columns in information_schema.columns as PostgreSQL 15 does', async () => {
    await s.query('CREATE TABLE idt (a int GENERATED ALWAYS AS IDENTITY, b int)');
    expect(
      await rows(
        "SELECT column_name, is_identity, identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum, identity_cycle FROM information_schema.columns WHERE table_name = 'idt' ORDER BY ordinal_position",
      ),
    ).toEqual([
      ['a', 'YES', 'ALWAYS', '1', '1', '2147483647', '1', 'NO'],
      ['b', 'NO', null, null, null, null, null, 'NO'],
    ]);
    await s.query('DROP TABLE idt');
  });

  it('are scanned as Seq Scan and join like tables', async () => {
    const plan = (
      await rows(
        'EXPLAIN (COSTS OFF) SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace',
      )
    ).flat();
    expect(plan.join('\n')).toContain('Seq Scan on pg_class c');
    expect(
      await rows(
        "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 't'",
      ),
    ).toEqual([['public']]);
  });

  it('are found before the search path unless it lists pg_catalog later', async () => {
    await s.query('CREATE TABLE pg_am (mine int)');
    expect((await s.query('SELECT * FROM pg_am')).fields.map((f) => f.name)).toEqual([
      'oid',
      'amname',
      'amhandler',
      'amtype',
    ]);
    await s.query('SET search_path = public, pg_catalog');
    expect((await s.query('SELECT * FROM pg_am')).fields.map((f) => f.name)).toEqual(['mine']);
    expect((await s.query('SELECT count(*) FROM pg_catalog.pg_am')).rows).toEqual([[9n]]);
    await s.query('RESET search_path');
    await s.query('DROP TABLE public.pg_am');
  });

  it('list settings and sessions', async () => {
    await s.query("SET work_mem = '8MB'");
    expect(await rows("SELECT setting FROM pg_settings WHERE name = 'work_mem'")).toEqual([['8MB']]);
    const activity = await rows(
      'SELECT pid = pg_backend_pid(), state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    expect(activity).toEqual([
      [
        true,
        'active',
        'SELECT pid = pg_backend_pid(), state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()',
      ],
    ]);
  });
});

describe('catalog and session functions', () => {
  it('name the session', async () => {
    expect(
      await rows('SELECT current_user, session_user, current_database(), current_schema(), current_schema'),
    ).toEqual([['rustydb', 'rustydb', 'rustydb', 'public', 'public']]);
    expect((await rows('SELECT version()'))[0]![0]).toMatch(/^PostgreSQL 15\.0 \(RustyDB /);
  });

  it('read and change settings', async () => {
    expect(
      await rows(
        "SELECT set_config('search_path', 'pg_catalog, public', false), current_setting('search_path')",
      ),
    ).toEqual([['pg_catalog, public', 'pg_catalog, public']]);
    expect(await rows("SELECT current_setting('no_such_setting', true)")).toEqual([[null]]);
    expect(await errorCode("SELECT current_setting('no_such_setting')")).toBe('42704');
    await s.query('RESET search_path');
  });

  it('convert OIDs and names (reg* types)', async () => {
    expect(
      await rows(
        "SELECT 't'::regclass::oid = (SELECT oid FROM pg_class WHERE relname = 't'), 23::regtype, 'pg_class'::regclass::oid",
      ),
    ).toEqual([[true, 'integer', 1259]]);
    expect(await rows("SELECT (SELECT oid FROM pg_class WHERE relname = 't')::regclass::text")).toEqual([
      ['t'],
    ]);
    expect(await errorCode("SELECT 'nosuch'::regclass::oid")).toBe('42P01');
  });

  it('print definitions and sizes as PostgreSQL', async () => {
    expect(
      await rows("SELECT pg_get_indexdef('t_pkey'::regclass::oid), pg_get_serial_sequence('t', 'id')"),
    ).toEqual([['CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)', 'public.t_id_seq']]);
    expect(
      await rows(
        'SELECT pg_size_pretty(10239::int8), pg_size_pretty(10240::int8), pg_size_pretty(123456789::int8), format_type(1043, 14), format_type(23, NULL)',
      ),
    ).toEqual([['10239 bytes', '10 kB', '118 MB', 'character varying(10)', 'integer']]);
  });

  it('match regular expressions with ~ and its variants', async () => {
    expect(
      await rows("SELECT 'abc' ~ 'b', 'abc' !~ 'b', 'ABC' ~* 'b', 'ABC' !~* 'b', 'pg_toast'::name ~ '^pg_'"),
    ).toEqual([[true, false, true, false, true]]);
  });

  it('build arrays from subqueries', async () => {
    expect(
      await rows(
        'SELECT ARRAY(SELECT relname FROM pg_class WHERE relnamespace = 2200 AND relname LIKE $$t%$$ ORDER BY 1), ARRAY(SELECT 1 WHERE false)',
      ),
    ).toEqual([
      [
        expect.objectContaining({ elements: ['t', 't_id_seq', 't_pkey'] }),
        expect.objectContaining({ elements: [] }),
      ],
    ]);
  });
});
