import { DbError } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import { outputColumns } from './logical-plan.js';

const catalog = { table: () => undefined, tableByOid: () => undefined, tables: () => [] };
const bind = (sql: string) => bindStatement(parse(sql)[0].stmt, { catalog, sql });

describe('aggregates over an unknown literal (PostgreSQL 15 resolution)', () => {
  it.for(['sum', 'avg'])('%s(unknown) is not unique: numbers and intervals both fit', (fn) => {
    try {
      bind(`select ${fn}('1')`);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect([(err as DbError).code, (err as DbError).message]).toEqual([
        '42725',
        `function ${fn}(unknown) is not unique`,
      ]);
    }
  });

  it('max(unknown) is text and stddev(unknown) double precision', () => {
    expect(outputColumns(bind("select max('a'), stddev('1')")).map((c) => c.type.name)).toEqual([
      'text',
      'float8',
    ]);
  });
});
