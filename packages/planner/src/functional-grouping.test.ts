/**
 * GROUP BY a table's primary key makes its other columns usable ungrouped (PostgreSQL's
 * functional dependency rule; messages checked against PostgreSQL 15).
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import { outputColumns } from './logical-plan.js';

const p: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 'p',
  method: 'memory',
  file: 100 as never,
  columns: [
    { attnum: 1, name: 'id', type: sqlType('int4'), notNull: true },
    { attnum: 2, name: 'name', type: sqlType('text'), notNull: false },
  ],
  indexes: [
    {
      oid: 102 as Oid,
      name: 'p_pkey',
      table: 100 as Oid,
      file: 102 as never,
      method: 'btree',
      columns: [1],
      descending: [false],
      unique: true,
      primary: true,
    },
  ],
  constraints: [],
};
const q: TableDef = { ...p, oid: 101 as Oid, name: 'q', indexes: [] };
const catalog: CatalogReader = {
  table: (name) => [p, q].find((t) => t.name === name),
  tableByOid: (oid) => [p, q].find((t) => t.oid === oid),
  tables: () => [p, q],
};
const bind = (sql: string) => bindStatement(parse(sql)[0].stmt, { catalog, sql });

function errorOf(sql: string): string {
  try {
    bind(sql);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('grouping by a primary key', () => {
  it('lets the select list read the other columns of that table', () => {
    const plan = bind('select p.id, p.name, count(*) from p join q on q.id > p.id group by p.id');
    expect(outputColumns(plan).map((c) => c.name)).toEqual(['id', 'name', 'count']);
    expect(bind('select name from p group by id order by name')).toBeDefined();
  });

  it('adds only the columns the query names as group keys', () => {
    const keysOf = (sql: string) => {
      let keys: unknown[] = [];
      JSON.stringify(bind(sql), (_key, value) => {
        if (value?.kind === 'aggregate') keys = value.groupBy;
        return value;
      });
      return keys.length;
    };
    expect(keysOf('select id, count(*) from p group by id')).toBe(1);
    expect(keysOf('select id, name, count(*) from p group by id')).toBe(2);
  });

  it('still rejects columns of tables whose key is not grouped', () => {
    expect(errorOf('select p.id, q.name from p join q on q.id = p.id group by p.id')).toBe(
      '42803 column "q.name" must appear in the GROUP BY clause or be used in an aggregate function',
    );
    expect(errorOf('select id, name from q group by id')).toBe(
      '42803 column "q.name" must appear in the GROUP BY clause or be used in an aggregate function',
    );
  });

  it('does not apply with grouping sets', () => {
    expect(errorOf('select id, name from p group by rollup (id)')).toBe(
      '42803 column "p.name" must appear in the GROUP BY clause or be used in an aggregate function',
    );
  });
});
