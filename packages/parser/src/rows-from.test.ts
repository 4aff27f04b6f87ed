import { describe, expect, it } from 'vitest';
import type { FunctionRef, SelectStmt } from './ast/index.js';
import { formatQuery, parse } from './index.js';

/** The first FROM item of a one-statement SELECT. */
function fromItem(sql: string): FunctionRef {
  const stmt = parse(sql)[0].stmt as SelectStmt;
  if (stmt.kind !== 'select') throw new Error('expected a plain select');
  const item = stmt.from[0];
  if (item.kind !== 'functionRef') throw new Error('expected a function in FROM');
  return item;
}

describe('parse: functions in FROM', () => {
  it('reads a plain call WITH ORDINALITY as one function without its own column definitions', () => {
    const item = fromItem('SELECT * FROM unnest(a) WITH ORDINALITY AS u(v, n)');
    expect(item.rowsFrom).toBe(false);
    expect(item.withOrdinality).toBe(true);
    expect(item.functions.map((f) => [f.call.name, f.columnDefs.length])).toEqual([['unnest', 0]]);
    expect(item.alias).toEqual({ name: 'u', columns: ['v', 'n'] });
  });

  it('reads ROWS FROM with a column definition list per function', () => {
    const item = fromItem(
      `SELECT * FROM ROWS FROM (json_to_record('{}') AS (a int, b text), generate_series(1, 2)) WITH ORDINALITY AS t`,
    );
    expect(item.rowsFrom).toBe(true);
    expect(item.withOrdinality).toBe(true);
    expect(item.columnDefs).toEqual([]);
    expect(item.functions.map((f) => f.call.name)).toEqual(['json_to_record', 'generate_series']);
    expect(item.functions[0].columnDefs.map((d) => [d.name, d.type.name])).toEqual([
      ['a', 'int4'],
      ['b', 'text'],
    ]);
    expect(item.functions[1].columnDefs).toEqual([]);
  });

  it('prints ROWS FROM back with each function and its column definition list', () => {
    const stmt = parse('SELECT * FROM ROWS FROM (f(1) AS (a int), g(2)) WITH ORDINALITY AS t(x, y, z)')[0]
      .stmt as SelectStmt;
    expect(formatQuery(stmt)).toContain(
      'FROM ROWS FROM (f(1) AS (a int4), g(2)) WITH ORDINALITY AS t(x, y, z)',
    );
  });

  it('refuses a column definition list inside ROWS FROM without AS', () => {
    expect(() => parse('SELECT * FROM ROWS FROM (f(1) (a int))')).toThrow(/syntax error/);
  });
});
