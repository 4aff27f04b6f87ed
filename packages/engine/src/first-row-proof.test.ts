import { DbError, formatText } from '@rustydb/common';
import { optimize } from '@rustydb/optimizer';
import { parse, type Statement } from '@rustydb/parser';
import { bindStatementWithParams } from '@rustydb/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { parameterizeRepeatedRows, repeatedInsertRows } from './first-row-proof.js';
import { parameterizeLiterals } from './literal-params.js';
import { searchPathOf } from './search-path.js';
import { statementShape } from './statement-shape.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

/** repeatedInsertRows on `sql` (parameters from 0): its rows and literals per row, or undefined. */
function rowsOf(sql: string): { rows: number; perRow: number } | undefined {
  const shape = statementShape(sql)!;
  const stmt = parse(sql)[0]!.stmt;
  const found = repeatedInsertRows(stmt, parameterizeLiterals(stmt, shape, sql, 0), shape, 0);
  return found && { rows: found.rows, perRow: found.perRow };
}

describe('repeatedInsertRows', () => {
  it('takes an INSERT whose rows are written alike', () => {
    expect(rowsOf("INSERT INTO t VALUES (1, 'a', 2.5), (2, 'b', 3.25), (3, 'c', 0.5)")).toEqual({
      rows: 3,
      perRow: 3,
    });
    // The same NULL, DEFAULT or sign in every row is fine.
    expect(rowsOf('INSERT INTO t (a, b, c) VALUES (-1, NULL, DEFAULT), (-2, NULL, DEFAULT)')).toEqual({
      rows: 2,
      perRow: 1,
    });
  });

  it('refuses rows that differ in a literal class, NULL, DEFAULT, sign or expression', () => {
    expect(rowsOf('INSERT INTO t VALUES (1, 2), (2.5, 3)')).toBeUndefined(); // int4 / decimal
    expect(rowsOf('INSERT INTO t VALUES (1, 2), (3000000000, 3)')).toBeUndefined(); // int4 / int8
    expect(rowsOf("INSERT INTO t VALUES (1, 'a'), (2, NULL)")).toBeUndefined();
    expect(rowsOf("INSERT INTO t VALUES (1, 'a'), (2, DEFAULT)")).toBeUndefined();
    expect(rowsOf('INSERT INTO t VALUES (1, 2), (-1, 2)')).toBeUndefined();
    expect(rowsOf('INSERT INTO t VALUES (1, 2), (1 + 1, 2)')).toBeUndefined();
    expect(rowsOf('INSERT INTO t VALUES (1, true), (2, false)')).toBeUndefined();
    expect(rowsOf("INSERT INTO t VALUES (1, 'a'), (2, E'b')")).toBeUndefined();
  });

  it('refuses statements with literals outside the rows, one row, or no literal parameters', () => {
    expect(rowsOf('INSERT INTO t VALUES (1), (2) RETURNING a + 1')).toBeUndefined();
    expect(rowsOf('INSERT INTO t VALUES (1), (2) ON CONFLICT (a) DO UPDATE SET b = 5')).toBeUndefined();
    expect(rowsOf('INSERT INTO t VALUES (1)')).toBeUndefined();
    expect(rowsOf('INSERT INTO t VALUES (DEFAULT), (DEFAULT)')).toBeUndefined();
    expect(rowsOf('INSERT INTO t SELECT 1 UNION ALL SELECT 2')).toBeUndefined();
    expect(rowsOf('WITH x AS (SELECT 1) INSERT INTO t VALUES (1), (2)')).toBeUndefined();
  });
});

/** parameterizeRepeatedRows and the general rewrite of `sql` (parameters from 0). */
function rewritesOf(sql: string) {
  const shape = statementShape(sql)!;
  const stmt = parse(sql)[0]!.stmt;
  return {
    derived: parameterizeRepeatedRows(stmt, shape, sql, 0),
    general: parameterizeLiterals(stmt, shape, sql, 0),
  };
}

describe('parameterizeRepeatedRows', () => {
  it.each([
    "INSERT INTO t VALUES (1, 'a', 2.5), (2, 'b', 3.25), (3, 'c', 0.5)",
    "INSERT INTO t VALUES (1, 'it''s'), (2, 'b''c'), (3, '')",
    'INSERT INTO t (a, b, c) VALUES (-1, NULL, DEFAULT), (- 2, NULL, DEFAULT), (-3, NULL, DEFAULT)',
    'INSERT INTO t VALUES (1, true, 7), (2, true, 8)',
    "INSERT INTO t VALUES (1, E'x'), (2, E'x')",
    'INSERT INTO t VALUES (3000000000, 1e5), (4000000000, 2e5) RETURNING a',
    '/* c */ INSERT INTO t VALUES (1,2),(3,4) -- trailing',
  ])('rewrites rows written alike exactly as the general rewrite: %s', (sql) => {
    const { derived, general } = rewritesOf(sql);
    expect(derived).toBeDefined();
    expect(derived).toEqual(general);
  });

  it.each([
    'INSERT INTO t VALUES (1, 2), (2.5, 3)', // int4 / decimal
    'INSERT INTO t VALUES (1, 2), (3000000000, 3)', // int4 / int8
    "INSERT INTO t VALUES (1, 'a'), (2, NULL)",
    "INSERT INTO t VALUES (1, NULL), (2, 'a')",
    "INSERT INTO t VALUES (1, 'a'), (2, DEFAULT)",
    'INSERT INTO t VALUES (1, DEFAULT), (2, 3)',
    'INSERT INTO t VALUES (1, 2), (-1, 2)',
    'INSERT INTO t VALUES (1, 2), (1 + 1, 2)',
    'INSERT INTO t VALUES (1, true), (2, false)',
    "INSERT INTO t VALUES (1, E'x'), (2, 'x')", // the later literal is parameterizable, row 0's not
    "INSERT INTO t VALUES (1, 'a'), (2, E'b')",
    'INSERT INTO t VALUES (1, 2), (3)',
    'INSERT INTO t VALUES (1), (2) RETURNING a + 1',
    'INSERT INTO t VALUES (1), (2) ON CONFLICT (a) DO UPDATE SET b = 5',
    'INSERT INTO t VALUES (1)',
    'INSERT INTO t VALUES (DEFAULT), (DEFAULT)',
    'INSERT INTO t SELECT 1 UNION ALL SELECT 2',
    'WITH x AS (SELECT 1) INSERT INTO t VALUES (1), (2)',
    "INSERT INTO t VALUES (1, 'a'::text), (2, 'b'::text)", // not modelled: the general rewrite
  ])('leaves rows not written alike (or not modelled) to the general rewrite: %s', (sql) => {
    expect(rewritesOf(sql).derived).toBeUndefined();
  });
});

/**
 * Statements whose first row proves a plan the later rows must not get silently: each runs on a
 * database with the statement cache and on one without, and everything observable must agree.
 */
describe('statement cache: first-row proof of a multi-row INSERT', () => {
  let dirs: string[];
  let cached: Database;
  let cold: Database;
  let c: EmbeddedSession;
  let h: EmbeddedSession;

  beforeAll(async () => {
    dirs = [makeTempDir(), makeTempDir()];
    cached = await openTestDatabase(dirs[0]!, { autovacuum: false });
    cold = await openTestDatabase(dirs[1]!, { autovacuum: false, statementCacheSize: 0 });
    h = cached.connect();
    c = cold.connect();
    for (const s of [h, c]) {
      await s.query(
        "CREATE TABLE r (id int PRIMARY KEY, small int2, big int8, label varchar(3), price numeric(5, 2), note text NOT NULL DEFAULT 'none')",
      );
    }
  });

  afterAll(async () => {
    await h.close();
    await c.close();
    await cached.close();
    await cold.close();
    for (const d of dirs) removeDir(d);
  });

  async function outcome(s: EmbeddedSession, sql: string): Promise<unknown> {
    try {
      const r = await s.query(sql);
      return {
        command: r.command,
        rows: r.rows.map((row) => row.map((v, i) => (v === null ? null : formatText(v, r.fields[i]!.type)))),
      };
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      const { position, detail } = err.fields;
      return { error: err.code, message: err.message, position, detail };
    }
  }

  /**
   * Runs `sql` on both databases; returns the outcome and whether the cache answered. `learn`:
   * with the cache emptied first, so the statement is a miss that learns its shape (the proof).
   */
  async function both(sql: string, learn = false): Promise<{ outcome: unknown; hit: boolean }> {
    if (learn) h.session.statementCache.clear();
    const before = h.session.statementCache.hits;
    const got = await outcome(h, sql);
    const hit = h.session.statementCache.hits > before;
    expect(got).toEqual(await outcome(c, sql));
    return { outcome: got, hit };
  }

  const table = async () => (await both('SELECT * FROM r ORDER BY id')).outcome;

  it('plans only the first row with its literals when the rows are written alike', () => {
    const engine = h.session;
    const catalog = cached.catalog.reader(undefined, searchPathOf(engine.settings, engine.processId));
    /** The row counts of the statements `learn` asks to plan with their literals. */
    const planned = (sql: string): number[] => {
      const rows: number[] = [];
      const stmt = parse(sql)[0]!.stmt;
      const planLiteral = (s: Statement) => {
        if (s.kind === 'insert' && s.source?.kind === 'values') rows.push(s.source.rows.length);
        const bound = bindStatementWithParams(s, { catalog, sql });
        const physical = optimize(bound.plan, { catalog, settings: engine.settings.all() });
        return { logical: bound.plan, physical, paramTypes: bound.paramTypes };
      };
      engine.statementCache.clear();
      const st = engine.statementCache.learn(
        statementShape(sql)!,
        sql,
        stmt,
        planLiteral,
        undefined,
        catalog,
        engine.settings,
      );
      expect(st).toBeDefined();
      return rows;
    };
    expect(planned("INSERT INTO r (id, label) VALUES (90, 'a'), (91, 'b'), (92, 'c')")).toEqual([1]);
    // Rows written otherwise: the whole statement, as before.
    expect(planned("INSERT INTO r (id, label) VALUES (90, 'a'), (91, NULL), (92, 'c')")).toEqual([3]);
  });

  it('inserts every row and reuses the plan for the next statement of the shape', async () => {
    const first = await both("INSERT INTO r (id, small, big, label) VALUES (1, 1, 1, 'a'), (2, 2, 2, 'b')");
    expect(first).toEqual({ outcome: { command: 'INSERT 0 2', rows: [] }, hit: false });
    const next = await both("INSERT INTO r (id, small, big, label) VALUES (3, 3, 3, 'c'), (4, 4, 4, 'd')");
    expect(next.hit).toBe(true);
    await table();
  });

  it('reports a later row that does not fit a type as the binder does', async () => {
    // Row 0 proves int2 / int8 / varchar(3) parameters; a later row's value is out of range, too
    // long or no number: the statement takes the literal path and fails there, with its position.
    // Each pair: a statement whose later row does not fit, and one of the same shape that does.
    const pairs = [
      ["VALUES (10, 1, 1, 'a'), (11, 40000, 1, 'b')", "VALUES (50, 1, 1, 'a'), (51, 2, 1, 'b')"],
      ["VALUES (12, 1, 1, 'a'), (13, 1, 1, 'long')", "VALUES (52, 1, 1, 'a'), (53, 1, 1, 'ok')"],
      ["VALUES (14, '1', 1, 'a'), (15, 'x', 1, 'b')", "VALUES (54, '1', 1, 'a'), (55, '2', 1, 'b')"],
    ].map((p) => p.map((v) => `INSERT INTO r (id, small, big, label) ${v}`));
    pairs.push([
      'INSERT INTO r (id, price) VALUES (16, 1.5), (17, 12345.5)',
      'INSERT INTO r (id, price) VALUES (56, 1.5), (57, 12.5)',
    ]);
    for (const [bad, good] of pairs) {
      // Learnt from the failing statement itself, then from a good one and used for the bad one.
      expect((await both(bad!, true)).outcome).toMatchObject({ error: expect.any(String) });
      expect((await both(good!, true)).outcome).toMatchObject({ command: 'INSERT 0 2' });
      const again = await both(bad!);
      expect(again.outcome).toMatchObject({ error: expect.any(String) });
      // The cached plan was there (the good statement's shape) but not used for the bad one.
      expect(again.hit).toBe(false);
      expect((await both(good!.replace(/\(5(\d), /g, '(7$1, '))).hit).toBe(true);
    }
    await table();
  });

  it('keeps unique violations, NOT NULL and defaults as PostgreSQL reports them', async () => {
    expect((await both("INSERT INTO r (id, note) VALUES (20, 'x'), (1, 'y')", true)).outcome).toMatchObject({
      error: '23505',
      detail: 'Key (id)=(1) already exists.',
    });
    expect((await both("INSERT INTO r (id, note) VALUES (21, 'x'), (22, NULL)", true)).outcome).toMatchObject(
      {
        error: '23502',
      },
    );
    await both('INSERT INTO r (id, note) VALUES (23, DEFAULT), (24, DEFAULT) RETURNING id, note', true);
    await both('INSERT INTO r (id, price) VALUES (25, 1.555), (26, 2.5) RETURNING price', true);
    await table();
  });

  it('does not reuse a plan for rows written otherwise', async () => {
    await both('INSERT INTO r (id, small) VALUES (30, 1), (31, 2)', true);
    // Another class in one row is another shape: planned on its own, never the plan above.
    expect((await both('INSERT INTO r (id, small) VALUES (32, 1), (33, 2.6)')).hit).toBe(false);
    expect((await both('INSERT INTO r (id, small) VALUES (34, 1), (35, -2)')).hit).toBe(false);
    expect((await both('INSERT INTO r (id, small) VALUES (36, 1), (37, NULL)')).hit).toBe(false);
    await table();
  });
});
