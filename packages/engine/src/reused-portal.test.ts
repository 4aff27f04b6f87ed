/**
 * The unnamed portal's object is re-bound by the next Bind of the unnamed portal (PortalTable
 * `reusableUnnamed`, `Portal.rebind`): every Bind must still start afresh — after a suspended
 * fetch, after DML that ran (or held RETURNING rows), after an error, after a schema change, and
 * beside a named portal of the same statement.
 */
import type { DbError, Value } from '@rustydb/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import { RowCursor } from './row-cursor.js';
import type { EngineSession } from './session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let e: EmbeddedSession;
let s: EngineSession;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
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

/** Bind (unless `bind` is false) and Execute: the rows sent, the tag, whether it suspended. */
async function run(statement: string, params: Value[] = [], maxRows = 0, portal = '', bind = true) {
  if (bind) s.bind(portal, statement, params, []);
  const out = new ResultCollector();
  const rows: Value[][] = [];
  out.dataRow = (values) => {
    rows.push(values.slice());
  };
  let tag: string | null = null;
  out.commandComplete = (t) => {
    tag = t;
  };
  // NB: execute may throw synchronously or reject: an async wrapper turns both into a rejection.
  const suspended = await (async () => s.execute(portal, maxRows, out))();
  return { rows, tag, suspended };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((err: DbError) => err.code);

describe('the re-bound unnamed portal', () => {
  it('starts afresh after a suspended fetch, in the same pipeline and the next', async () => {
    s.prepare('all', 'SELECT id FROM kv ORDER BY id', []);
    s.prepare('one', 'SELECT v FROM kv WHERE id = $1', []);
    expect(await run('all', [], 2)).toEqual({ rows: [[1], [2]], tag: null, suspended: true });
    expect(await run('one', [4])).toEqual({ rows: [['four']], tag: 'SELECT 1', suspended: false });
    expect(await run('all', [], 2)).toEqual({ rows: [[1], [2]], tag: null, suspended: true });
    await s.sync(false);
    expect(await run('all', [], 4)).toMatchObject({ rows: [[1], [2], [3], [4]], suspended: true });
    expect(await run('all', [], 4, '', false)).toEqual({ rows: [[5]], tag: 'SELECT 1', suspended: false });
    await s.sync(false);
    s.closeStatement('all');
    s.closeStatement('one');
  });

  it('runs DML again after DML ran, and drops RETURNING rows held for a row-limited fetch', async () => {
    s.prepare('bump', "UPDATE kv SET v = v || '+' WHERE id = $1", []);
    s.prepare('ins', 'INSERT INTO kv VALUES ($1, $2), ($1 + 100, $2) RETURNING id', []);
    expect((await run('bump', [1])).tag).toBe('UPDATE 1');
    expect(await codeOf(run('bump', [1], 0, '', false))).toBe('55000');
    await s.sync(true); // the error ends the pipeline (the connection would fail it)
    expect((await run('bump', [1])).tag).toBe('UPDATE 1');
    expect((await run('bump', [1])).tag).toBe('UPDATE 1');
    expect(await run('ins', [10, 'ten'], 1)).toEqual({ rows: [[10]], tag: null, suspended: true });
    expect(await run('ins', [20, 'twenty'], 1)).toEqual({ rows: [[20]], tag: null, suspended: true });
    expect(await run('ins', [20, 'twenty'], 1, '', false)).toEqual({
      rows: [[120]],
      tag: 'INSERT 0 1',
      suspended: false,
    });
    await s.sync(false);
    expect((await run('bump', [1])).tag).toBe('UPDATE 1');
    await s.sync(false);
    expect((await e.query('SELECT v FROM kv WHERE id = 1')).rows).toEqual([['one+++']]);
    expect((await e.query('SELECT id FROM kv WHERE id >= 10 ORDER BY id')).rows).toEqual([
      [10],
      [20],
      [110],
      [120],
    ]);
    s.closeStatement('bump');
    s.closeStatement('ins');
  });

  it('works after an error, after Close, and after a schema change', async () => {
    s.prepare('ins', 'INSERT INTO kv VALUES ($1, $2)', []);
    s.prepare('one', 'SELECT v FROM kv WHERE id = $1', []);
    await expect(run('ins', [1, 'duplicate'])).rejects.toMatchObject({ code: '23505' });
    await s.sync(true);
    expect((await run('one', [2])).rows).toEqual([['two']]);
    s.closePortal('');
    expect(await codeOf(run('one', [2], 0, '', false))).toBe('34000');
    expect((await run('one', [3])).rows).toEqual([['three']]);
    await s.sync(false);
    await e.query('ALTER TABLE kv ADD COLUMN extra int DEFAULT 7');
    await e.query('CREATE INDEX kv_v ON kv (v)');
    expect((await run('one', [5])).rows).toEqual([['five']]);
    expect((await run('ins', [6, 'six'])).tag).toBe('INSERT 0 1');
    await s.sync(false);
    expect((await e.query('SELECT v, extra FROM kv WHERE id = 6')).rows).toEqual([['six', 7]]);
    await e.query('ALTER TABLE kv DROP COLUMN extra');
    await e.query('DROP INDEX kv_v');
    s.closeStatement('ins');
    s.closeStatement('one');
  });

  it('runs beside a named portal of the same statement, both suspended', async () => {
    s.prepare('from', 'SELECT id FROM kv WHERE id >= $1 ORDER BY id', []);
    expect((await run('from', [1], 1, 'c')).rows).toEqual([[1]]);
    expect((await run('from', [3], 1)).rows).toEqual([[3]]);
    expect((await run('from', [1], 1, 'c', false)).rows).toEqual([[2]]);
    expect((await run('from', [3], 1, '', false)).rows).toEqual([[4]]);
    expect((await run('from', [4], 1)).rows).toEqual([[4]]);
    expect(await run('from', [1], 0, 'c', false)).toEqual({
      rows: [[3], [4], [5]],
      tag: 'SELECT 3',
      suspended: false,
    });
    expect(await run('from', [4], 0, '', false)).toEqual({ rows: [[5]], tag: 'SELECT 1', suspended: false });
    await s.sync(false);
    s.closeStatement('from');
  });

  it('reopens its finished cursor for the next execution, also after a privilege error', async () => {
    s.prepare('byid', 'SELECT v FROM kv WHERE id = $1', []);
    const reopen = vi.spyOn(RowCursor.prototype, 'reopen');
    try {
      const got: unknown[] = [];
      for (let id = 1; id <= 5; id++) {
        got.push((await run('byid', [id])).rows);
        s.sync(false);
      }
      expect(got).toEqual([[['one']], [['two']], [['three']], [['four']], [['five']]]);
      // The portal object outlives each Sync (PortalTable): its cursor serves every execution but the first.
      expect(reopen.mock.calls.length).toBeGreaterThanOrEqual(4);
      await e.query('CREATE ROLE nokv');
      await e.query('SET ROLE nokv');
      expect(await codeOf(run('byid', [2]))).toBe('42501');
      s.sync(true);
      await e.query('RESET ROLE');
      expect((await run('byid', [3])).rows).toEqual([['three']]);
      s.sync(false);
      expect((await run('byid', [4], 0)).rows).toEqual([['four']]);
      s.sync(false);
    } finally {
      reopen.mockRestore();
      await e.query('RESET ROLE');
    }
  });
});
