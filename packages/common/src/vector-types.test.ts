/** int2vector / oidvector: arrays of int2 / oid from 0 with their own OID, name and text form. */
import { describe, expect, it } from 'vitest';
import { canCast, castValue } from './cast.js';
import { appendElement, concatArrays, prependElement, SqlArray, vectorOf } from './sql-array.js';
import { formatText, parseText } from './text-io.js';
import {
  elementType,
  formatType,
  sameType,
  sqlType,
  typeByOid,
  typeOid,
  VECTOR_TYPES,
  vectorType,
} from './types.js';

const { int2vector, oidvector } = VECTOR_TYPES;

describe('vector types', () => {
  it('have their own OIDs and names but the elements of their arrays', () => {
    expect([typeOid(int2vector), typeOid(oidvector)]).toEqual([22, 30]);
    expect([formatType(int2vector), formatType(oidvector)]).toEqual(['int2vector', 'oidvector']);
    expect(typeByOid(22)).toBe(int2vector);
    expect(vectorType('oidvector')).toBe(oidvector);
    expect(vectorType('_int2')).toBeUndefined();
    expect(elementType(int2vector)).toBe(sqlType('int2'));
    expect(sameType(int2vector, sqlType('_int2'))).toBe(false);
  });

  it('print and read space-separated, from subscript 0', () => {
    const v = parseText(' 2  1 ', int2vector) as SqlArray;
    expect(v.lbounds).toEqual([0]);
    expect(formatText(v, int2vector)).toBe('2 1');
    expect(formatText(v, sqlType('_int2'))).toBe('[0:1]={2,1}');
    expect(formatText(parseText('1 -1', oidvector), oidvector)).toBe('1 4294967295');
    expect(formatText(parseText('', int2vector), int2vector)).toBe('');
    expect(() => parseText('99999', int2vector)).toThrow(/out of range for type smallint/);
    expect(() => parseText('1 x', int2vector)).toThrow(/invalid input syntax for type smallint/);
    expect(() => parseText(Array(101).fill('1').join(' '), int2vector)).toThrow(/too many elements/);
  });

  it('cast to their arrays and from text, never from an array', () => {
    expect(canCast(int2vector, sqlType('_int2'), 'implicit')).toBe(true);
    expect(canCast(sqlType('_int2'), int2vector, 'explicit')).toBe(false);
    expect(canCast(sqlType('text'), int2vector, 'explicit')).toBe(true);
    expect(canCast(sqlType('text'), int2vector, 'assignment')).toBe(false);
    expect(() => castValue(vectorOf([1]), sqlType('_int2'), int2vector, true)).toThrow(/cannot cast/);
    expect(castValue(vectorOf([1, 2]), int2vector, sqlType('text'), true)).toBe('1 2');
  });
});

describe('array append, prepend and concatenation keep the lower bound', () => {
  const from0 = new SqlArray([3, 4], [2], [0]);
  it('as PostgreSQL does', () => {
    expect(appendElement(from0, 5)).toEqual(new SqlArray([3, 4, 5], [3], [0]));
    expect(prependElement(5, from0)).toEqual(new SqlArray([5, 3, 4], [3], [0]));
    expect(concatArrays(SqlArray.of([5]), from0)).toEqual(new SqlArray([5, 3, 4], [3], [1]));
    expect(appendElement(SqlArray.of([]), 3)).toEqual(SqlArray.of([3]));
    expect(() => appendElement(new SqlArray([1, 2], [1, 2], [1, 1]), 3)).toThrow(
      /argument must be empty or one-dimensional array/,
    );
  });
});
