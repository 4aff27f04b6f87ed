/**
 * Generation expressions: the checks PostgreSQL 15 makes (SQLSTATEs and messages checked against
 * it), and the expressions INSERT and UPDATE compute per generated column.
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, sqlType } from '@rustydb/common';
import { parseExpression } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindGenerationExpression, generationExprs } from './bind-generation-expression.js';

const int4 = sqlType('int4');
const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [
    { attnum: 1, name: 'a', type: int4, notNull: false },
    { attnum: 2, name: 'b', type: sqlType('int8'), notNull: false, defaultSql: 'a * 2', generated: 'stored' },
    { attnum: 3, name: 'c', type: int4, notNull: false },
  ],
  indexes: [],
  constraints: [],
};
const catalog: CatalogReader = { table: () => t, tableByOid: () => t, tables: () => [t] };
const table = { name: 't', columns: t.columns, generated: new Set(['b']) };

function errorOf(sql: string): string {
  try {
    bindGenerationExpression(parseExpression(sql), { name: 'x', type: int4 }, table, catalog);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'ok';
}

describe('bindGenerationExpression', () => {
  it('accepts immutable expressions over ordinary columns', () => {
    expect(errorOf('a + c')).toBe('ok');
    expect(errorOf("coalesce(a, 0) + length('x')")).toBe('ok');
  });

  it('rejects what PostgreSQL rejects', () => {
    expect(errorOf('b + 1')).toBe('42P17 cannot use generated column "b" in column generation expression');
    expect(errorOf('ctid')).toBe('42P10 cannot use system column "ctid" in column generation expression');
    expect(errorOf('a + (SELECT 1)')).toBe('0A000 cannot use subquery in column generation expression');
    expect(errorOf('cardinality(ARRAY(SELECT 1))')).toBe(
      '0A000 cannot use subquery in column generation expression',
    );
    expect(errorOf('max(a)')).toBe(
      '42803 aggregate functions are not allowed in column generation expressions',
    );
    expect(errorOf('rank() OVER ()')).toBe(
      '42P20 window functions are not allowed in column generation expressions',
    );
    expect(errorOf('generate_series(1, a)')).toBe(
      '0A000 set-returning functions are not allowed in column generation expressions',
    );
    expect(errorOf('extract(epoch from now())::int')).toBe('42P17 generation expression is not immutable');
    expect(errorOf('$1')).toBe('42P02 there is no parameter $1');
    expect(errorOf('zz')).toBe('42703 column "zz" does not exist');
  });
});

describe('generationExprs', () => {
  it('binds each generated column over the row, coerced to its type', () => {
    const exprs = generationExprs(t, catalog);
    expect(exprs.map((g) => g.slot)).toEqual([1]);
    expect(exprs[0]!.expr.type.name).toBe('int8');
  });

  it('is empty for a table without generated columns', () => {
    expect(generationExprs({ ...t, columns: [t.columns[0]!] }, catalog)).toEqual([]);
  });
});
