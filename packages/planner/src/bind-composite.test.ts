/**
 * Composite values in the binder: field selection, row constructors, _pg_expandarray in the
 * select list (ProjectSet slots taking one column or the whole row) and the bitwise operators.
 * Errors and result types checked against PostgreSQL 15.
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import type { LogicalExpr, LogicalPlan } from './logical-plan.js';

const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [
    { attnum: 1, name: 'a', type: sqlType('int4'), notNull: false },
    { attnum: 2, name: 'arr', type: sqlType('_int2'), notNull: false },
  ],
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

function error(sql: string): string {
  try {
    bind(sql);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message} @${err.fields.position}`;
    throw err;
  }
  throw new Error(`no error for ${sql}`);
}

describe('_pg_expandarray in a select list', () => {
  it('takes one column under field selection and the whole row as a record otherwise', () => {
    const sql =
      'select (information_schema._pg_expandarray(arr)).n, information_schema._pg_expandarray(arr) k from t';
    const p = bind(sql);
    expect(p.columns.map((c) => `${c.name}:${c.type.name}`)).toEqual(['n:int4', 'k:record']);
    expect(p.columns[1].type.fields?.map((f) => `${f.name}:${f.type.name}`)).toEqual(['x:int2', 'n:int4']);
    expect(p.kind).toBe('projectSet');
    const ps = p as Extract<LogicalPlan, { kind: 'projectSet' }>;
    expect(ps.srfs.map((s) => [s.slot, s.fn, s.field])).toEqual([
      [0, '_pg_expandarray', 1],
      [1, '_pg_expandarray', undefined],
    ]);
  });

  it('selects fields of the record column of a subquery', () => {
    const p = bind('select (s.k).x from (select information_schema._pg_expandarray(arr) k from t) s');
    expect(p.columns[0]).toMatchObject({ name: 'x', type: { name: 'int2' } });
    const project = p as Extract<LogicalPlan, { kind: 'project' }>;
    const e = project.exprs[0] as Extract<LogicalExpr, { kind: 'func' }>;
    expect(e).toMatchObject({ kind: 'func', name: 'record_field' });
    expect(e.args[1]).toMatchObject({ kind: 'const', value: 0 });
  });

  it('must be schema-qualified, as PostgreSQL (information_schema is not on the search path)', () => {
    expect(error('select _pg_expandarray(arr) from t')).toMatch(
      /^42883 function _pg_expandarray\(smallint\[\]\)/,
    );
  });

  it('reports unknown fields with PostgreSQL position (the opening parenthesis)', () => {
    expect(error('select (information_schema._pg_expandarray(arr)).y from t')).toBe(
      '42703 could not identify column "y" in record data type @8',
    );
    expect(error('select (s.k).y from (select information_schema._pg_expandarray(arr) k from t) s')).toBe(
      '42703 could not identify column "y" in record data type @8',
    );
  });
});

describe('field selection', () => {
  it('reads row constructor fields f1…fn', () => {
    expect(columns("select (row(1, 'x'::text)).f2, row(1, 2)")).toEqual(['f2:text', 'row:record']);
    expect(error('select (row(1, 2)).f3')).toBe(
      '42703 could not identify column "f3" in record data type @8',
    );
  });

  it('resolves (t).c and (t.*).c to the column', () => {
    const p = bind('select (t).a, (t.*).arr from t');
    expect(p.columns.map((c) => `${c.name}:${c.type.name}`)).toEqual(['a:int4', 'arr:_int2']);
    expect(error('select (t).zz from t')).toBe('42703 column t.zz does not exist @8');
  });

  it('expands (x).* into one item per field, (t).* into the table columns', () => {
    expect(columns('select (information_schema._pg_expandarray(arr)).*, (t).* from t')).toEqual([
      'x:int2',
      'n:int4',
      'a:int4',
      'arr:_int2',
    ]);
    expect(columns("select (row(1, 'a'::text)).*")).toEqual(['f1:int4', 'f2:text']);
    expect(error('select (a).* from t')).toBe('42809 type integer is not composite @8');
  });

  it('refuses a non-composite value with 42809', () => {
    expect(error('select (a).x from t')).toBe(
      '42809 column notation .x applied to type integer, which is not a composite type @8',
    );
  });
});

describe('bitwise operators', () => {
  it('bind to the implementing function of the wider integer type', () => {
    expect(
      columns('select a & 1::int2, 1::int2 | 2::int2, 1::int8 # a, a << 2, 3::int2 >> 1, ~a from t'),
    ).toEqual([
      '?column?:int4',
      '?column?:int2',
      '?column?:int8',
      '?column?:int4',
      '?column?:int2',
      '?column?:int4',
    ]);
    const p = bind('select arr[1] & 1::int2 from t') as Extract<LogicalPlan, { kind: 'project' }>;
    expect(p.exprs[0]).toMatchObject({ kind: 'func', name: 'int2and' });
  });

  it('refuse other types and two unknowns as PostgreSQL', () => {
    expect(error("select 'a'::text & 1")).toMatch(/^42883 operator does not exist: text & integer/);
    expect(error("select '1' & '2'")).toMatch(/^42725 operator is not unique: unknown & unknown/);
  });
});
