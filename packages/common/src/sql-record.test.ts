import { describe, expect, it } from 'vitest';
import { canCast, castValue } from './cast.js';
import { compareValues, valuesEqual } from './compare-values.js';
import type { DbError } from './db-error.js';
import { formatRecord, parseRecord, SqlRecord } from './sql-record.js';
import { formatText, parseText } from './text-io.js';
import { type CompositeType, compositeSqlType, recordType, sqlType } from './types.js';

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

describe('record_in (named composites)', () => {
  const c2: CompositeType = {
    oid: 90001,
    arrayOid: 90000,
    name: 'c2',
    schema: 'public',
    relid: 89999,
    fields: [
      { name: 'a', type: sqlType('int4') },
      { name: 'b', type: sqlType('text') },
    ],
  };
  const type = compositeSqlType(c2);

  it('splits fields as PostgreSQL: quotes, doubled quotes, backslashes, NULL as nothing, spaces kept', () => {
    expect(parseRecord('(1,x)', 2)).toEqual(['1', 'x']);
    expect(parseRecord(' (1,"a ""b"" c")  ', 2)).toEqual(['1', 'a "b" c']);
    expect(parseRecord('(,)', 2)).toEqual([null, null]);
    expect(parseRecord('(1,"")', 2)).toEqual(['1', '']);
    expect(parseRecord('( 1 ,x\\,y)', 2)).toEqual([' 1 ', 'x,y']);
    expect(parseRecord('()', 0)).toEqual([]);
  });

  it('reports malformed literals with PostgreSQL details (22P02)', () => {
    const detail = (text: string) => {
      try {
        parseRecord(text, 2);
      } catch (e) {
        return [(e as DbError).code, (e as DbError).fields.detail];
      }
      return undefined;
    };
    expect(detail('1,x')).toEqual(['22P02', 'Missing left parenthesis.']);
    expect(detail('(1)')).toEqual(['22P02', 'Too few columns.']);
    expect(detail('(1,x,3)')).toEqual(['22P02', 'Too many columns.']);
    expect(detail('(1,x) junk')).toEqual(['22P02', 'Junk after right parenthesis.']);
    expect(detail('(1,"x')).toEqual(['22P02', 'Unexpected end of input.']);
  });

  it('reads each field with its type, and round-trips through record_out', () => {
    const v = parseText('( 7 ,"a b")', type);
    expect(v).toEqual(new SqlRecord([7, 'a b']));
    expect(formatText(v, type)).toBe('(7,"a b")');
    expect(() => parseText('(a,x)', type)).toThrow('invalid input syntax for type integer: "a"');
  });

  it('has no input function for an anonymous record (0A000)', () => {
    expect(() => parseText('(1)', recordType([{ name: 'f1', type: sqlType('int4') }]))).toThrow(
      /input of anonymous composite types/,
    );
  });

  it('converts an anonymous record field by field, and counts its fields', () => {
    const anon = recordType([
      { name: 'f1', type: sqlType('int8') },
      { name: 'f2', type: sqlType('text') },
    ]);
    expect(castValue(new SqlRecord([5n, 'z']), anon, type, true)).toEqual(new SqlRecord([5, 'z']));
    expect(() => castValue(new SqlRecord([5n]), anon, type, true)).toThrow('cannot cast type record to c2');
    expect(canCast(type, anon, 'implicit')).toBe(true);
    const other = compositeSqlType({ ...c2, oid: 90002, name: 'c3' });
    expect(canCast(type, other, 'explicit')).toBe(false);
  });
});
