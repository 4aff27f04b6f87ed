import { describe, expect, it } from 'vitest';
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
