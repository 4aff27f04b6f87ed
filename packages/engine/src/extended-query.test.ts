/**
 * The extended query protocol in the engine, called as the protocol calls it: prepared
 * statements with inferred parameter types and cached plans, portals with row limits, the
 * pipeline's implicit transaction and its error rules, and PostgreSQL's errors for names.
 */
import { DbError, type Value } from '@rustydb/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import type { EngineSession } from './session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let e: EmbeddedSession;
let s: EngineSession;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  e = db.connect();
  s = e.session;
  await e.query('CREATE TABLE kv (id int PRIMARY KEY, v text)');
});

afterAll(async () => {
  await e.close();
  await db.close();
  removeDir(dir);
});

beforeEach(async () => {
  await e.query('DELETE FROM kv');
  await e.query("INSERT INTO kv VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five')");
});

/** Bind + Execute of statement `name` with `params`; returns the output and whether it suspended. */
async function run(name: string, params: Value[] = [], maxRows = 0, portal = '') {
  s.bind(portal, name, params, []);
  const out = new ResultCollector();
  const suspended = await s.execute(portal, maxRows, out);
  return { out, suspended };
}

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
  }
  return 'ok';
};

describe('prepared statements', () => {
  it('infers parameter types and describes the result columns', () => {
    s.prepare('q1', 'SELECT v FROM kv WHERE id = $1', []);
    const d = s.describeStatement('q1');
    expect(d.paramTypes.map((t) => t.name)).toEqual(['int4']);
    expect(d.fields?.map((f) => [f.name, f.type.name, f.columnAttnum])).toEqual([['v', 'text', 2]]);
    s.prepare('q2', 'SELECT $1', []);
    expect(s.describeStatement('q2').paramTypes.map((t) => t.name)).toEqual(['text']);
    s.prepare('q3', 'SELECT $1 + 1', [20]);
    expect(s.describeStatement('q3').paramTypes.map((t) => t.name)).toEqual(['int8']);
    s.prepare('q4', 'INSERT INTO kv VALUES ($1, $2)', []);
    expect(s.describeStatement('q4')).toMatchObject({ fields: undefined });
    s.prepare('q5', 'BEGIN', []);
    expect(s.describeStatement('q5')).toMatchObject({ paramTypes: [], fields: undefined });
    for (const n of ['q1', 'q2', 'q3', 'q4', 'q5']) s.closeStatement(n);
  });

  it('plans once and reuses the plan until the catalog changes', async () => {
    s.prepare('byId', 'SELECT v FROM kv WHERE id = $1', []);
    const st = s.preparedStatement('byId');
    for (let i = 1; i <= 3; i++) {
      const { out } = await run('byId', [i]);
      expect(out.result?.rows).toEqual([[['one', 'two', 'three'][i - 1]]]);
    }
    await s.sync(false);
    expect(st.bindCount).toBe(1);
    await e.query('CREATE INDEX kv_v ON kv (v)');
    expect((await run('byId', [4])).out.result?.rows).toEqual([['four']]);
    await s.sync(false);
    expect(st.bindCount).toBe(2);
    await e.query('DROP INDEX kv_v');
    s.closeStatement('byId');
  });

  it("refuses a plan whose result type changed, as PostgreSQL's plan cache does", async () => {
    await e.query('CREATE TABLE shape (a int)');
    s.prepare('shape', 'SELECT * FROM shape', []);
    await e.query('DROP TABLE shape');
    await e.query('CREATE TABLE shape (a text, b int)');
    expect(errorOf(() => s.bind('', 'shape', [], []))).toBe('0A000 cached plan must not change result type');
    await s.sync(true);
    s.closeStatement('shape');
    await e.query('DROP TABLE shape');
  });

  it("gives a portal the statement's own fields when Bind asks for text, a binary copy once per formats", () => {
    s.prepare('fmt', 'SELECT id, v FROM kv WHERE id = $1', []);
    const st = s.preparedStatement('fmt');
    // Same array: the output's per-column memo (by identity) holds across Binds.
    expect(st.fieldsInFormats([])).toBe(st.fields);
    expect(st.fieldsInFormats([0])).toBe(st.fields);
    expect(st.fieldsInFormats([0, 0])).toBe(st.fields);
    const binary = st.fieldsInFormats([1, 0]);
    expect(binary?.map((f) => f.format)).toEqual([1, 0]);
    expect(st.fieldsInFormats([1, 0])).toBe(binary);
    expect(st.fieldsInFormats([1])?.map((f) => f.format)).toEqual([1, 1]);
    expect(st.fields?.map((f) => f.format ?? 0)).toEqual([0, 0]);
    s.closeStatement('fmt');
  });

  it('reports PostgreSQL errors for names and multiple statements', async () => {
    s.prepare('dup', 'SELECT 1', []);
    expect(errorOf(() => s.prepare('dup', 'SELECT 2', []))).toBe(
      '42P05 prepared statement "dup" already exists',
    );
    s.prepare('', 'SELECT 1', []);
    s.prepare('', 'SELECT 2', []); // the unnamed statement is replaced silently
    expect(errorOf(() => s.describeStatement('nope'))).toBe('26000 prepared statement "nope" does not exist');
    expect(errorOf(() => s.describePortal('nope'))).toBe('34000 portal "nope" does not exist');
    expect(errorOf(() => s.prepare('', 'SELECT 1; SELECT 2', []))).toBe(
      '42601 cannot insert multiple commands into a prepared statement',
    );
    expect(errorOf(() => s.prepare('', 'SELECT $1', [999999]))).toBe(
      '42704 type with OID 999999 does not exist',
    );
    s.bind('p', 'dup', [], []);
    expect(errorOf(() => s.bind('p', 'dup', [], []))).toBe('42P03 cursor "p" already exists');
    expect(errorOf(() => s.bind('', 'dup', [], [0, 1]))).toBe(
      '08P01 bind message has 2 result formats but query has 1 columns',
    );
    await s.sync(true);
    expect(s.transactionStatus()).toBe('I');
    s.closeStatement('dup');
  });
});

describe('portals', () => {
  it('suspends at the row limit, resumes, and counts each fetch in its tag', async () => {
    s.prepare('all', 'SELECT id FROM kv ORDER BY id', []);
    s.bind('c', 'all', [], []);
    const fetch = async () => {
      const out = new ResultCollector();
      const suspended = await s.execute('c', 2, out);
      return [suspended, out.result?.command ?? null, out.result?.rows ?? null];
    };
    expect(await fetch()).toEqual([true, null, null]);
    expect(await fetch()).toEqual([true, null, null]);
    expect(await fetch()).toEqual([false, 'SELECT 1', [[5]]]);
    expect(await fetch()).toEqual([false, 'SELECT 0', []]);
    await s.sync(false);
    // The transaction ended, and the portal with it.
    expect(errorOf(() => s.describePortal('c'))).toBe('34000 portal "c" does not exist');
    s.closeStatement('all');
  });

  it('runs DML once: RETURNING rows are held for row-limited fetches', async () => {
    s.prepare('ins', 'INSERT INTO kv VALUES ($1, $2), ($1 + 100, $2) RETURNING id', []);
    const first = new ResultCollector();
    s.bind('', 'ins', [10, 'ten'], []);
    expect(await s.execute('', 1, first)).toBe(true);
    const rest = new ResultCollector();
    expect(await s.execute('', 1, rest)).toBe(false);
    expect([rest.result?.command, rest.result?.rows]).toEqual(['INSERT 0 1', [[110]]]);
    s.prepare('upd', "UPDATE kv SET v = 'x' WHERE id = $1", []);
    const { out } = await run('upd', [10]);
    expect(out.result?.command).toBe('UPDATE 1');
    // NB: execute may throw synchronously or reject: an async wrapper turns both into a rejection.
    const again = await (async () => s.execute('', 0, new ResultCollector()))().catch(
      (err: DbError) => `${err.code} ${err.message}`,
    );
    expect(again).toBe('55000 portal "" cannot be run');
    await s.sync(true);
    expect((await e.query('SELECT count(*) FROM kv WHERE id IN (10, 110)')).rows).toEqual([[0n]]);
    s.closeStatement('ins');
    s.closeStatement('upd');
  });
});

describe('the pipeline transaction', () => {
  it('runs the statements up to Sync in one implicit transaction, committed by Sync', async () => {
    s.prepare('ins', 'INSERT INTO kv VALUES ($1, $2)', []);
    await run('ins', [20, 'a']);
    await run('ins', [21, 'b']);
    expect(s.transactionStatus()).toBe('I');
    const other = db.connect();
    expect((await other.query('SELECT count(*) FROM kv WHERE id >= 20')).rows).toEqual([[0n]]);
    await s.sync(false);
    expect((await other.query('SELECT count(*) FROM kv WHERE id >= 20')).rows).toEqual([[2n]]);
    await other.close();
    s.closeStatement('ins');
  });

  it('rolls back the whole pipeline after an error', async () => {
    s.prepare('ins', 'INSERT INTO kv VALUES ($1, $2)', []);
    await run('ins', [30, 'a']);
    await expect(run('ins', [1, 'duplicate'])).rejects.toMatchObject({ code: '23505' });
    await s.sync(true);
    expect((await e.query('SELECT count(*) FROM kv WHERE id = 30')).rows).toEqual([[0n]]);
    s.closeStatement('ins');
  });

  it('honours BEGIN and COMMIT sent through the extended protocol', async () => {
    s.prepare('begin', 'BEGIN', []);
    s.prepare('commit', 'COMMIT', []);
    s.prepare('ins', 'INSERT INTO kv VALUES ($1, $2)', []);
    await run('begin');
    await s.sync(false);
    expect(s.transactionStatus()).toBe('T');
    await run('ins', [40, 'in block']);
    await s.sync(false);
    expect(s.transactionStatus()).toBe('T');
    await expect(run('ins', [40, 'again'])).rejects.toMatchObject({ code: '23505' });
    await s.sync(true);
    expect(s.transactionStatus()).toBe('E');
    expect(errorOf(() => s.bind('', 'ins', [41, 'x'], []))).toMatch(/^25P02 /);
    await run('commit');
    await s.sync(false);
    expect(s.transactionStatus()).toBe('I');
    expect((await e.query('SELECT count(*) FROM kv WHERE id = 40')).rows).toEqual([[0n]]);
    for (const n of ['begin', 'commit', 'ins']) s.closeStatement(n);
  });

  it('answers an empty statement with EmptyQueryResponse', async () => {
    s.prepare('', '', []);
    expect(s.describeStatement('')).toEqual({ paramTypes: [], fields: undefined });
    const { out } = await run('');
    expect(out.result?.command).toBe('');
  });

  it('reports a changed application_name once, for ParameterStatus', async () => {
    expect(s.changedParameterStatuses()).toBeUndefined();
    await e.query("SET application_name = 'extended'");
    expect(s.changedParameterStatuses()).toEqual({ application_name: 'extended' });
    await e.query("SET application_name = 'extended'");
    expect(s.changedParameterStatuses()).toBeUndefined();
  });
});

describe('parameters in utility statements around a query', () => {
  it('CREATE TABLE AS, SELECT INTO and DECLARE take $n, typed from the query', async () => {
    s.prepare('ctas', 'CREATE TEMP TABLE ctas_p AS SELECT id, v, $1::int AS k FROM kv WHERE id <= $2', []);
    expect(s.describeStatement('ctas').paramTypes.map((t) => t.name)).toEqual(['int4', 'int4']);
    expect((await run('ctas', [7, 2])).out.result?.command).toBe('SELECT 2');
    expect((await e.query('SELECT id, v, k FROM ctas_p ORDER BY id')).rows).toEqual([
      [1, 'one', 7],
      [2, 'two', 7],
    ]);
    s.prepare('into', 'SELECT $1::text || v AS w INTO TEMP into_p FROM kv WHERE id = $2', []);
    expect((await run('into', ['x-', 3])).out.result?.command).toBe('SELECT 1');
    expect((await e.query('SELECT w FROM into_p')).rows).toEqual([['x-three']]);
    await e.query('BEGIN');
    s.prepare('decl', 'DECLARE c_p CURSOR FOR SELECT v FROM kv WHERE id > $1 ORDER BY id', []);
    expect(s.describeStatement('decl').paramTypes.map((t) => t.name)).toEqual(['int4']);
    await run('decl', [3]);
    expect((await e.query('FETCH ALL FROM c_p')).rows).toEqual([['four'], ['five']]);
    await e.query('COMMIT');
    await e.query('DROP TABLE ctas_p, into_p');
  });
});
