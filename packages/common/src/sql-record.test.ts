import { describe, expect, it } from 'vitest';
import { compareValues, valuesEqual } from './compare-values.js';
import { formatRecord, SqlRecord } from './sql-record.js';
import { formatText } from './text-io.js';
import { recordType, sqlType } from './types.js';

describe('record_out', () => {
  it('quotes as PostgreSQL: empty, spaces, parentheses, commas, quotes and backslashes', () => {
    const rec = new SqlRecord([1, 'a b', null, '', 'x"y', 'p\\q', '(,)', 'plain']);
    expect(formatRecord(rec, (v) => String(v))).toBe('(1,"a b",,"","x""y","p\\\\q","(,)",plain)');
  });

  it('formats each field with its type through formatText', () => {
    const type = recordType([
      { name: 'b', type: sqlType('bool') },
      { name: 'n', type: sqlType('int8') },
    ]);
    expect(formatText(new SqlRecord([true, 5n]), type)).toBe('(t,5)');
  });

  it('refuses a record of unknown shape (0A000)', () => {
    expect(() => formatText(new SqlRecord([1]), sqlType('record'))).toThrow(/text output of type record/);
  });
});

describe('compareValues on records', () => {
  const type = recordType([
    { name: 'f1', type: sqlType('int4') },
    { name: 'f2', type: sqlType('text') },
  ]);
  const rec = (a: number | null, b: string | null) => new SqlRecord([a, b]);

  it('orders field by field with each field type, NULL fields equal and after values', () => {
    expect(compareValues(rec(1, 'b'), rec(1, 'a'), type)).toBeGreaterThan(0);
    expect(compareValues(rec(0, 'z'), rec(1, 'a'), type)).toBeLessThan(0);
    expect(compareValues(rec(1, null), rec(1, 'zz'), type)).toBeGreaterThan(0);
    expect(compareValues(rec(null, null), rec(null, null), type)).toBe(0);
    expect(valuesEqual(rec(2, null), rec(2, null), type)).toBe(true);
  });

  it('still refuses records of unknown shape', () => {
    expect(() => compareValues(rec(1, 'a'), rec(1, 'a'), sqlType('record'))).toThrow(
      /comparison of type record/,
    );
  });
});
