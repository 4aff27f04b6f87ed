import { describe, expect, it } from 'vitest';
import { compareOutcomes } from './compare-outcomes.js';
import type { StatementOutcome } from './diff-connection.js';

const rows = (
  values: (string | null)[][],
  columns = [{ name: 'a', typeOid: 23 }],
  tag = `SELECT ${values.length}`,
): StatementOutcome => ({ kind: 'result', tag, columns, rows: values });
const error = (code: string, message = 'boom'): StatementOutcome => ({ kind: 'error', code, message });

describe('compareOutcomes', () => {
  it('accepts the same rows in another order unless the statement is ordered', () => {
    const pg = rows([['1'], ['2']]);
    const rdb = rows([['2'], ['1']]);
    expect(compareOutcomes(pg, rdb, false).identical).toBe(true);
    const ordered = compareOutcomes(pg, rdb, true);
    expect(ordered.identical).toBe(false);
    expect(ordered.reasons).toEqual([
      'row 1: postgres ("1"); rustydb ("2")',
      'row 2: postgres ("2"); rustydb ("1")',
    ]);
  });

  it('compares rows as multisets, so duplicates count', () => {
    expect(compareOutcomes(rows([['1'], ['1']]), rows([['1'], ['2']]), false).identical).toBe(false);
  });

  it('tells NULL from the text "NULL"', () => {
    expect(compareOutcomes(rows([[null]]), rows([['NULL']]), true).identical).toBe(false);
  });

  it('reports column names, type OIDs and tags', () => {
    const result = compareOutcomes(
      rows([['1']]),
      rows([['1']], [{ name: 'b', typeOid: 20 }], 'SELECT 2'),
      true,
    );
    expect(result.reasons).toEqual([
      'tag: postgres SELECT 1; rustydb SELECT 2',
      'columns (name:type oid): postgres [a:23]; rustydb [b:20]',
    ]);
  });

  it('takes any two user-defined type OIDs as the same type (they depend on earlier DDL)', () => {
    const enumColumn = (typeOid: number) => rows([['ok']], [{ name: 'm', typeOid }]);
    expect(compareOutcomes(enumColumn(16723), enumColumn(16517), true).identical).toBe(true);
    expect(compareOutcomes(enumColumn(16723), enumColumn(25), true).identical).toBe(false);
  });

  it('agrees on errors with the same SQLSTATE, noting different messages', () => {
    const same = compareOutcomes(
      error('42P01', 'relation "t" does not exist'),
      error('42P01', 'no t'),
      false,
    );
    expect(same.identical).toBe(true);
    expect(same.notes).toEqual(['message: postgres "relation "t" does not exist"; rustydb "no t"']);
    expect(compareOutcomes(error('42P01'), error('XX000'), false).reasons).toEqual([
      'postgres: error 42P01 (boom); rustydb: error XX000 (boom)',
    ]);
  });

  it('treats a result against an error, and any lost session, as a difference', () => {
    expect(compareOutcomes(rows([]), error('22012'), false).identical).toBe(false);
    const lost: StatementOutcome = { kind: 'lost', reason: 'gone' };
    expect(compareOutcomes(lost, lost, false).identical).toBe(false);
  });

  it('quotes at most five differing rows', () => {
    const many = Array.from({ length: 8 }, (_, i) => [String(i)]);
    const other = Array.from({ length: 8 }, (_, i) => [String(i + 100)]);
    const result = compareOutcomes(rows(many), rows(other), true);
    expect(result.reasons).toHaveLength(6);
    expect(result.reasons[5]).toBe('… and 3 more rows');
  });
});
