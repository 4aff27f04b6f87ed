import { describe, expect, it } from 'vitest';
import { canCast, castValue } from './cast.js';
import { compareValues } from './compare-values.js';
import { decodeRow, encodeRow } from './row-codec.js';
import { SqlArray } from './sql-array.js';
import { formatText, parseText } from './text-io.js';
import {
  arrayTypeOf,
  elementType,
  enumSqlType,
  enumType,
  formatType,
  sameType,
  sqlType,
  typeOid,
} from './types.js';

const moodEnum = enumType({ oid: 16400, arrayOid: 16399, name: 'mood', schema: 'public' }, [
  { oid: 16401, sortOrder: 1, label: 'sad' },
  { oid: 16402, sortOrder: 2, label: 'ok' },
  { oid: 16403, sortOrder: 3, label: 'happy' },
  // Added BEFORE 'sad' later: a smaller sort order, a larger OID.
  { oid: 16404, sortOrder: 0.5, label: 'awful' },
]);
const mood = enumSqlType(moodEnum);
const other = enumSqlType(enumType({ oid: 16500, arrayOid: 16499, name: 'other', schema: 's' }, []));

describe('enum types', () => {
  it('have their own OIDs, names and identity', () => {
    expect(typeOid(mood)).toBe(16400);
    expect(typeOid(arrayTypeOf(mood)!)).toBe(16399);
    expect(elementType(arrayTypeOf(mood)!)).toBe(mood);
    expect(formatType(mood)).toBe('mood');
    expect(formatType(arrayTypeOf(other)!)).toBe('other[]');
    expect(sameType(mood, enumSqlType(moodEnum))).toBe(true);
    expect(sameType(mood, other)).toBe(false);
  });

  it('read only their labels (22P02) and print them', () => {
    expect(parseText('ok', mood)).toBe('ok');
    expect(() => parseText('OK', mood)).toThrow('invalid input value for enum mood: "OK"');
    expect(formatText('happy', mood)).toBe('happy');
    expect(formatText(SqlArray.of(['sad', 'ok']), arrayTypeOf(mood)!)).toBe('{sad,ok}');
  });

  it('order by sort order, not by text', () => {
    expect(compareValues('awful', 'sad', mood)).toBeLessThan(0);
    expect(compareValues('happy', 'ok', mood)).toBeGreaterThan(0);
    expect(compareValues('ok', 'ok', mood)).toBe(0);
  });

  it('store the label OID in 4 bytes and decode it back', () => {
    const bytes = encodeRow(['happy', SqlArray.of(['awful'])], [mood, arrayTypeOf(mood)!]);
    const out: never[] = [];
    decodeRow(bytes, [mood, arrayTypeOf(mood)!], out);
    expect(out).toEqual(['happy', SqlArray.of(['awful'])]);
    expect(bytes.length).toBe(3 + 1 + 4 + 1 + 1 + 4 + 4 + 1 + 4);
  });

  it('cast to and from text, never to another enum', () => {
    expect(canCast(mood, sqlType('text'), 'assignment')).toBe(true);
    expect(canCast(sqlType('text'), mood, 'assignment')).toBe(false);
    expect(canCast(sqlType('text'), mood, 'explicit')).toBe(true);
    expect(canCast(mood, other, 'explicit')).toBe(false);
    expect(castValue('ok', mood, sqlType('text'), true)).toBe('ok');
    expect(castValue('sad', sqlType('text'), mood, true)).toBe('sad');
    expect(() => castValue('sad', mood, other, true)).toThrow('cannot cast type mood to other');
  });
});
