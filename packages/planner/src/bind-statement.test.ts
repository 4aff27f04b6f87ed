/**
 * The binder: literal and operator typing, output names, parameter inference, and errors with
 * PostgreSQL's SQLSTATE, message and 1-based position (values checked against PostgreSQL 15).
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, type SqlType, sqlType } from '@rustydb/common';
import { parse, parseExpression } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindColumnDefault, bindStatement, bindStatementWithParams } from './bind-statement.js';
import { outputColumns } from './logical-plan.js';

const col = (attnum: number, name: string, type: SqlType, notNull = false) => ({
  attnum,
  name,
  type,
  notNull,
});
const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [
    col(1, 'a', sqlType('int4')),
    col(2, 'b', sqlType('text')),
    col(3, 'c', sqlType('int8')),
    col(4, 'n', sqlType('numeric')),
  ],
  indexes: [],
  constraints: [],
};
const u: TableDef = {
  ...t,
  oid: 101 as Oid,
  name: 'u',
  columns: [col(1, 'a', sqlType('int4')), col(2, 'd', sqlType('float8'))],
};
const catalog: CatalogReader = {
  table: (name) => [t, u].find((x) => x.name === name),
  tableByOid: (o) => [t, u].find((x) => x.oid === o),
  tables: () => [t, u],
};

function bind(sql: string, paramTypes?: (SqlType | undefined)[]) {
  return bindStatement(parse(sql)[0].stmt, { catalog, sql, ...(paramTypes ? { paramTypes } : {}) });
}

function columns(sql: string): string[] {
  return outputColumns(bind(sql)).map((c) => `${c.name}:${c.type.name}`);
}

function error(sql: string): { code: string; message: string; position?: number } {
  try {
    bind(sql);
  } catch (err) {
    if (err instanceof DbError)
      return { code: err.code, message: err.message, position: err.fields.position };
    throw err;
  }
  throw new Error(`no error for ${sql}`);
}

describe('types', () => {
  it('types literals as PostgreSQL does', () => {
    expect(columns("select 1, 2147483648, 9223372036854775808, 1.5, 'x', true, null")).toEqual([
      '?column?:int4',
      '?column?:int8',
      '?column?:numeric',
      '?column?:numeric',
      '?column?:text',
      '?column?:bool',
      '?column?:text',
    ]);
  });

  it('resolves mixed arithmetic', () => {
    expect(
      columns("select t.a + c, t.a + n, n + d, '5' + 1, t.a / 2, 2 ^ 2, -t.a, c * 1.0 from t, u"),
    ).toEqual([
      '?column?:int8',
      '?column?:numeric',
      '?column?:float8',
      '?column?:int4',
      '?column?:int4',
      '?column?:float8',
      '?column?:int4',
      '?column?:numeric',
    ]);
  });

  it('gives aggregates their result types', () => {
    expect(
      columns(
        'select count(*), count(b), sum(t.a), sum(c), sum(n), avg(t.a), avg(d), min(b), max(c) from t, u',
      ),
    ).toEqual([
      'count:int8',
      'count:int8',
      'sum:int8',
      'sum:numeric',
      'sum:numeric',
      'avg:numeric',
      'avg:float8',
      'min:text',
      'max:int8',
    ]);
  });

  it('names output columns like PostgreSQL', () => {
    expect(
      columns(
        'select a, t.b, a::text, 1::int, cast(2 as varchar(3)), coalesce(a, 1), case when true then 1 end, (select 1 as z), exists(select 1), upper(b) as up from t',
      ),
    ).toEqual([
      'a:int4',
      'b:text',
      'a:text',
      'int4:int4',
      'varchar:varchar',
      'coalesce:int4',
      'case:int4',
      'z:int4',
      'exists:bool',
      'up:text',
    ]);
  });

  it('infers parameter types from context', () => {
    const s = 'select a from t where a = $1 and b like $2 and $3::int8 > 0';
    const r = bindStatementWithParams(parse(s)[0].stmt, { catalog, sql: s, paramTypes: [] });
    expect(r.paramTypes.map((x) => x.name)).toEqual(['int4', 'text', 'int8']);
  });

  it('expands * and t.* with USING columns merged first', () => {
    expect(columns('select * from t join u using (a)')).toEqual([
      'a:int4',
      'b:text',
      'c:int8',
      'n:numeric',
      'd:float8',
    ]);
    expect(columns('select u.* from t join u using (a)')).toEqual(['a:int4', 'd:float8']);
  });
});

describe('errors', () => {
  it.each([
    ['select x from t', '42703', 'column "x" does not exist', 8],
    ['select t.x from t', '42703', 'column t.x does not exist', 8],
    ['select z.a from t', '42P01', 'missing FROM-clause entry for table "z"', 8],
    ['select a from t, u', '42702', 'column reference "a" is ambiguous', 8],
    ['select s.x from (select 1 as x, 2 as x) s', '42702', 'column reference "x" is ambiguous', 8],
    ['select * from nosuch', '42P01', 'relation "nosuch" does not exist', 15],
    ['select 1 + true', '42883', 'operator does not exist: integer + boolean', 10],
    ['select length(a) from t', '42883', 'function length(integer) does not exist', 8],
    [
      'select a from t group by b',
      '42803',
      'column "t.a" must appear in the GROUP BY clause or be used in an aggregate function',
      8,
    ],
    ['select a from t where sum(a) > 1', '42803', 'aggregate functions are not allowed in WHERE', 23],
    ['select 1 from t where a', '42804', 'argument of WHERE must be type boolean, not type integer', 23],
    ["select 1 = 'x'", '22P02', 'invalid input syntax for type integer: "x"', 12],
    ['select coalesce(1, true)', '42804', 'COALESCE types integer and boolean cannot be matched', 20],
    ['select 1 from t order by 3', '42P10', 'ORDER BY position 3 is not in select list', 26],
    ['select $1', '42P02', 'there is no parameter $1', 8],
    [
      "insert into t (a) values ('x'::text)",
      '42804',
      'column "a" is of type integer but expression is of type text',
      27,
    ],
    ['insert into t (zz) values (1)', '42703', 'column "zz" of relation "t" does not exist', 16],
    ['insert into t (a) values (1, 2)', '42601', 'INSERT has more expressions than target columns', 30],
    ['select 1::nosuchtype', '42704', 'type "nosuchtype" does not exist', 11],
  ])('%s', (sql, code, message, position) => {
    expect(error(sql)).toEqual({ code, message, position });
  });

  it('checks DEFAULT expressions', () => {
    const tryDefault = (sql: string, type = sqlType('int4')) => {
      try {
        bindColumnDefault(parseExpression(sql), { name: 'x', type }, catalog);
        return 'ok';
      } catch (err) {
        return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
      }
    };
    expect(tryDefault('1 + 2')).toBe('ok');
    expect(tryDefault('a')).toBe('0A000 cannot use column reference in DEFAULT expression');
    expect(tryDefault('(select 1)')).toBe('0A000 cannot use subquery in DEFAULT expression');
    expect(tryDefault('true')).toBe(
      '42804 column "x" is of type integer but default expression is of type boolean',
    );
    expect(tryDefault('sum(1)')).toBe('42803 aggregate functions are not allowed in DEFAULT expressions');
  });
});
