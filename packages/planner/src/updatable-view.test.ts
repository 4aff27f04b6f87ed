/**
 * Automatically updatable views (updatable-view.ts, dml-target.ts): DML on a view binds to a plan
 * on its base table — the view's WHERE filters the scan, its columns map onto the table's — and
 * the reasons a view is not updatable are PostgreSQL 15's (checked against it).
 */
import type { CatalogReader, TableDef, ViewDef } from '@rustydb/catalog';
import { DbError, type Oid, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import type { LogicalPlan } from './logical-plan.js';
import { checkOptionRefusal, updatableViewColumns } from './updatable-view.js';

const int4 = sqlType('int4');
const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [
    { attnum: 1, name: 'a', type: int4, notNull: false },
    { attnum: 2, name: 'b', type: int4, notNull: false },
  ],
  indexes: [],
  constraints: [],
};
const view = (
  oid: number,
  name: string,
  querySql: string,
  columns: string[],
  options?: string[],
): ViewDef => ({
  oid: oid as Oid,
  schema: 'public',
  name,
  columns: columns.map((c) => ({ name: c, type: int4 })),
  querySql,
  ...(options ? { options } : {}),
});
const views = [
  view(200, 'v', 'SELECT a AS k, b + 1 AS b1 FROM t WHERE a > 0', ['k', 'b1'], ['check_option=cascaded']),
  view(201, 'vv', 'SELECT k FROM v WHERE k < 10', ['k']),
  view(202, 'agg', 'SELECT count(*) AS n FROM t', ['n']),
  view(203, 'vd', 'SELECT DISTINCT a FROM t', ['a']),
  view(204, 'one', 'SELECT 1 AS x FROM t', ['x']),
];
const catalog: CatalogReader = {
  table: (name) => (name === 't' ? t : undefined),
  tableByOid: (o) => (o === t.oid ? t : undefined),
  tables: () => [t],
  view: (name) => views.find((v) => v.name === name),
};

const bind = (sql: string): LogicalPlan => bindStatement(parse(sql)[0].stmt, { catalog, sql });

function error(sql: string): { code: string; message: string; detail?: string } {
  try {
    bind(sql);
  } catch (err) {
    if (err instanceof DbError) return { code: err.code, message: err.message, detail: err.fields.detail };
    throw err;
  }
  throw new Error(`no error for ${sql}`);
}

describe('DML on an updatable view', () => {
  it('writes the base table, filtered by the WHERE of every view in the chain', () => {
    const plan = bind('UPDATE vv SET k = k + 1 WHERE k = 5');
    expect(plan.kind).toBe('update');
    if (plan.kind !== 'update') return;
    expect(plan.table.name).toBe('t');
    expect(plan.assignments.map((a) => a.column.name)).toEqual(['a']);
    // v's CASCADED CHECK OPTION checks v's WHERE; vv has none of its own.
    expect(plan.viewChecks?.map((c) => c.view)).toEqual(['v']);
    let filters = 0;
    for (let p: LogicalPlan = plan.input; ; p = (p as { input: LogicalPlan }).input) {
      if (p.kind === 'filter') filters++;
      if (p.kind === 'scan') break;
    }
    expect(filters).toBe(2);
  });

  it('refuses expression columns and views that are not automatically updatable', () => {
    expect(error('UPDATE v SET b1 = 1')).toEqual({
      code: '0A000',
      message: 'cannot update column "b1" of view "v"',
      detail: 'View columns that are not columns of their base relation are not updatable.',
    });
    expect(error('INSERT INTO v VALUES (1, 2)').message).toBe('cannot insert into column "b1" of view "v"');
    expect(error('DELETE FROM agg')).toEqual({
      code: '55000',
      message: 'cannot delete from view "agg"',
      detail: 'Views that return aggregate functions are not automatically updatable.',
    });
    expect(error('UPDATE vd SET a = 1').detail).toBe(
      'Views containing DISTINCT are not automatically updatable.',
    );
    expect(error('UPDATE one SET x = 2').detail).toBe(
      'Views that have no updatable columns are not automatically updatable.',
    );
    expect(bind('DELETE FROM one').kind).toBe('delete');
  });
});

describe('updatability without binding', () => {
  it('lists the updatable columns, or undefined for a view that is not updatable', () => {
    expect(updatableViewColumns(views[0], catalog)).toEqual([true, false]);
    expect(updatableViewColumns(views[1], catalog)).toEqual([true]);
    expect(updatableViewColumns(views[2], catalog)).toBeUndefined();
  });

  it('says why a query cannot take WITH CHECK OPTION', () => {
    const q = (sql: string) => parse(sql)[0].stmt as Parameters<typeof checkOptionRefusal>[0];
    expect(checkOptionRefusal(q('SELECT a FROM t'), catalog)).toBeUndefined();
    expect(checkOptionRefusal(q('SELECT a FROM t LIMIT 1'), catalog)).toBe(
      'Views containing LIMIT or OFFSET are not automatically updatable.',
    );
    expect(checkOptionRefusal(q('SELECT 1 AS x FROM t'), catalog)).toBe(
      'Views that have no updatable columns are not automatically updatable.',
    );
  });
});
