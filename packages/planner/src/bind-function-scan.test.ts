/**
 * Functions in FROM (bind-function-scan.ts): WITH ORDINALITY, ROWS FROM (…), unnest(a, b) as
 * ROWS FROM (unnest(a), unnest(b)); column names and errors checked against PostgreSQL 15.
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import type { FunctionScanNode, LogicalPlan } from './logical-plan.js';

const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [{ attnum: 1, name: 'arr', type: sqlType('_int4'), notNull: false }],
  indexes: [],
  constraints: [],
};
const catalog: CatalogReader = {
  table: (name) => (name === 't' ? t : undefined),
  tableByOid: (o) => (o === t.oid ? t : undefined),
  tables: () => [t],
};

const bind = (sql: string): LogicalPlan => bindStatement(parse(sql)[0].stmt, { catalog, sql });
const columns = (sql: string) => bind(sql).columns.map((c) => `${c.name}:${c.type.name}`);

/** The first Function Scan of `sql`'s plan (depth first through inputs). */
function scan(sql: string): FunctionScanNode {
  const stack: LogicalPlan[] = [bind(sql)];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'functionScan') return n;
    for (const v of Object.values(n)) {
      if (v && typeof v === 'object' && 'kind' in v && 'columns' in v) stack.push(v as LogicalPlan);
    }
  }
  throw new Error(`no function scan in ${sql}`);
}

function error(sql: string): string {
  try {
    bind(sql);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  throw new Error(`no error for ${sql}`);
}

describe('WITH ORDINALITY', () => {
  it('adds a bigint column `ordinality` to any set-returning function, generate_series too', () => {
    expect(columns('select * from generate_series(1, 3) with ordinality')).toEqual([
      'generate_series:int4',
      'ordinality:int8',
    ]);
    expect(columns('select * from generate_series(1, 3) with ordinality as g')).toEqual([
      'g:int4',
      'ordinality:int8',
    ]);
    expect(columns("select * from jsonb_each('{}') with ordinality as e(k)")).toEqual([
      'k:text',
      'value:jsonb',
      'ordinality:int8',
    ]);
    const s = scan('select * from generate_series(1, 3) with ordinality');
    expect(s.ordinality).toBe(true);
    expect(s.functions.map((f) => [f.fn, f.width])).toEqual([['generate_series', 1]]);
  });
});

describe('ROWS FROM', () => {
  it('puts the functions side by side, each named after itself when there are several', () => {
    const sql = "select * from rows from (generate_series(1, 2), unnest(array['a'])) with ordinality as t";
    expect(columns(sql)).toEqual(['generate_series:int4', 'unnest:text', 'ordinality:int8']);
    const s = scan(sql);
    expect(s.alias).toBe('t');
    expect(s.functions.map((f) => f.fn)).toEqual(['generate_series', 'unnest']);
  });

  it('names a lone function after the alias, and takes the first function as the alias', () => {
    expect(columns('select * from rows from (generate_series(1, 2)) as t')).toEqual(['t:int4']);
    expect(scan('select * from rows from (generate_series(1, 2), generate_series(1, 3))').alias).toBe(
      'generate_series',
    );
  });

  it('takes a column definition list per function returning record', () => {
    const sql =
      "select * from rows from (json_to_record('{}') as (a int, b text), generate_series(1, 2)) as r(x)";
    expect(columns(sql)).toEqual(['x:int4', 'b:text', 'generate_series:int4']);
    expect(scan(sql).functions.map((f) => [f.fn, f.width, f.recordFields?.length])).toEqual([
      ['json_to_record', 2, 2],
      ['generate_series', 1, undefined],
    ]);
  });
});

describe('unnest with several arrays in FROM', () => {
  it('is one unnest per array, side by side', () => {
    const sql = "select * from unnest(array[1], array['a']) with ordinality as u(x)";
    expect(columns(sql)).toEqual(['x:int4', 'unnest:text', 'ordinality:int8']);
    expect(scan(sql).functions.map((f) => [f.fn, f.args.length])).toEqual([
      ['unnest', 1],
      ['unnest', 1],
    ]);
    expect(scan('select * from t, lateral unnest(t.arr, t.arr) u').functions).toHaveLength(2);
  });

  it('is no function outside FROM, nor qualified, nor with a non-array argument (42883)', () => {
    expect(error('select unnest(array[1], array[2])')).toBe(
      '42883 function unnest(integer[], integer[]) does not exist',
    );
    expect(error('select * from pg_catalog.unnest(array[1], array[2])')).toBe(
      '42883 function pg_catalog.unnest(integer[], integer[]) does not exist',
    );
    expect(error('select * from unnest(array[1], 5)')).toBe(
      '42883 function pg_catalog.unnest(integer) does not exist',
    );
  });
});

describe('errors', () => {
  it('refuses column definition lists as PostgreSQL (42601)', () => {
    expect(error('select * from rows from (generate_series(1, 2) as (a int))')).toBe(
      '42601 a column definition list is only allowed for functions returning "record"',
    );
    expect(error('select * from rows from (generate_series(1, 2), generate_series(1, 2)) as t(a int)')).toBe(
      '42601 ROWS FROM() with multiple functions cannot have a column definition list',
    );
    expect(error('select * from unnest(array[1], array[2]) as t(a int)')).toBe(
      '42601 UNNEST() with multiple arguments cannot have a column definition list',
    );
    expect(error("select * from json_to_record('{}') with ordinality as t(a int)")).toBe(
      '42601 WITH ORDINALITY cannot be used with a column definition list',
    );
    expect(error("select * from rows from (json_to_record('{}') as (a int)) as t(b int)")).toBe(
      '42601 multiple column definition lists are not allowed for the same function',
    );
    expect(error("select * from rows from (json_to_record('{}'), generate_series(1, 2))")).toBe(
      '42601 a column definition list is required for functions returning "record"',
    );
  });

  it('refuses more column aliases than columns (42P10)', () => {
    expect(
      error('select * from rows from (generate_series(1, 2), generate_series(1, 3)) as t(a, b, c)'),
    ).toBe('42P10 table "t" has 2 columns available but 3 columns specified');
    expect(error('select * from generate_series(1, 2) with ordinality as g(a, b, c)')).toBe(
      '42P10 table "g" has 2 columns available but 3 columns specified',
    );
  });
});
