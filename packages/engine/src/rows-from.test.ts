/**
 * Functions in FROM end to end (the planner's bind-function-scan.ts, the executor's
 * function-scan.ts): WITH ORDINALITY, ROWS FROM (…) padding the shorter functions with NULLs,
 * unnest(a, b), LATERAL, EXPLAIN and errors, checked against PostgreSQL 15 with psql.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedSession } from './embedded-session.js';
import { queryError, useTestDatabases } from './test-database.js';

const databases = useTestDatabases();
let s: EmbeddedSession;

beforeEach(async () => {
  s = (await databases.open()).connect();
});

const rows = async (sql: string) => (await s.query(sql)).rows;
const names = async (sql: string) => (await s.query(sql)).fields.map((f) => f.name);

describe('WITH ORDINALITY', () => {
  it('numbers generate_series rows from 1 in a bigint column', async () => {
    expect(await rows('SELECT * FROM generate_series(5, 1, -2) WITH ORDINALITY')).toEqual([
      [5, 1n],
      [3, 2n],
      [1, 3n],
    ]);
    expect(await names('SELECT * FROM generate_series(1, 2) WITH ORDINALITY AS g(v)')).toEqual([
      'v',
      'ordinality',
    ]);
  });

  it('numbers each LATERAL call from 1 again', async () => {
    await s.query('CREATE TABLE t (id int, a int[])');
    await s.query("INSERT INTO t VALUES (1, '{10,20}'), (2, '{30}')");
    expect(
      await rows(
        'SELECT t.id, u.v, u.i FROM t, LATERAL unnest(t.a) WITH ORDINALITY AS u(v, i) ORDER BY 1, 3',
      ),
    ).toEqual([
      [1, 10, 1n],
      [1, 20, 2n],
      [2, 30, 1n],
    ]);
  });
});

describe('ROWS FROM', () => {
  it('runs the functions side by side, the shorter padded with NULLs', async () => {
    const sql =
      "SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(array['a', 'b', 'c']), generate_series(1, 0))";
    expect(await rows(sql)).toEqual([
      [1, 'a', null],
      [2, 'b', null],
      [null, 'c', null],
    ]);
    expect(await names(sql)).toEqual(['generate_series', 'unnest', 'generate_series']);
  });

  it('numbers the rows with ORDINALITY and renames by the alias', async () => {
    const sql =
      'SELECT * FROM ROWS FROM (jsonb_each_text(\'{"k": 1}\'), generate_series(7, 8)) WITH ORDINALITY AS r(a)';
    expect(await names(sql)).toEqual(['a', 'value', 'generate_series', 'ordinality']);
    expect(await rows(sql)).toEqual([
      ['k', '1', 7, 1n],
      [null, null, 8, 2n],
    ]);
  });

  it('takes a column definition list per record function', async () => {
    const sql =
      'SELECT * FROM ROWS FROM (jsonb_to_recordset(\'[{"a": 1}, {"a": 2}]\') AS (a int), unnest(array[true])) WITH ORDINALITY';
    expect(await rows(sql)).toEqual([
      [1, true, 1n],
      [2, null, 2n],
    ]);
  });

  it('returns no rows when every function returns none', async () => {
    expect(await rows("SELECT * FROM ROWS FROM (generate_series(1, 0), unnest('{}'::int[]))")).toEqual([]);
  });
});

describe('unnest with several arrays', () => {
  it('is ROWS FROM (unnest(a1), unnest(a2), …) in FROM', async () => {
    const sql = "SELECT * FROM unnest(array[1, 2], array['x'], NULL::int[]) WITH ORDINALITY AS u(n)";
    expect(await names(sql)).toEqual(['n', 'unnest', 'unnest', 'ordinality']);
    expect(await rows(sql)).toEqual([
      [1, 'x', null, 1n],
      [2, null, null, 2n],
    ]);
  });

  it('is no function in the select list (42883)', async () => {
    expect(await queryError(s, 'SELECT unnest(array[1], array[2])')).toBe(
      '42883 function unnest(integer[], integer[]) does not exist',
    );
  });
});

describe('EXPLAIN and errors', () => {
  it('shows one Function Scan named by the alias', async () => {
    const plan = await rows(
      'EXPLAIN (COSTS OFF) SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) WITH ORDINALITY AS r',
    );
    expect(plan).toEqual([['Function Scan on r']]);
  });

  it('refuses column definition lists and column aliases as PostgreSQL', async () => {
    expect(await queryError(s, 'SELECT * FROM ROWS FROM (generate_series(1, 2)) AS t(a int)')).toBe(
      '42601 a column definition list is only allowed for functions returning "record"',
    );
    expect(
      await queryError(s, 'SELECT * FROM unnest(array[1], array[2]) WITH ORDINALITY AS t(a, b, c, d)'),
    ).toBe('42P10 table "t" has 3 columns available but 4 columns specified');
  });
});
