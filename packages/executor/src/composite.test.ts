/**
 * The executor's composite pieces: _pg_expandarray rows, select-list series over a multi-column
 * function (one column or the whole row), record construction and field selection, and the
 * integer bitwise kernels (wrap-around as PostgreSQL's C code).
 */
import { formatText, recordType, SqlArray, SqlRecord, sqlType, type Value } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { compileBitwiseFunction } from './bitwise-functions.js';
import { expandArrayRows } from './expand-array.js';
import { compileRecordFunction } from './record-functions.js';
import { seriesFor, setReturningRows } from './set-returning.js';

const drain = (s: { next(): Value | undefined }): Value[] => {
  const out: Value[] = [];
  for (let v = s.next(); v !== undefined; v = s.next()) out.push(v);
  return out;
};

describe('_pg_expandarray', () => {
  it('numbers the elements from 1 whatever the lower bound', () => {
    expect(expandArrayRows(new SqlArray([5, 6], [2], [0]))).toEqual([
      [5, 1],
      [6, 2],
    ]);
    expect(expandArrayRows(SqlArray.of([]))).toEqual([]);
    expect(setReturningRows('_pg_expandarray', [null])).toEqual([]);
  });

  it('gives NULL elements for a multi-dimensional array (too few subscripts)', () => {
    expect(expandArrayRows(new SqlArray([1, 2, 3, 4], [2, 2], [1, 1]))).toEqual([
      [null, 1],
      [null, 2],
    ]);
  });

  it('feeds ProjectSet one column or whole rows as records', () => {
    const arr = SqlArray.of([10, 20]);
    expect(drain(seriesFor('_pg_expandarray', [arr], sqlType('int4'), 1))).toEqual([1, 2]);
    const type = recordType([
      { name: 'x', type: sqlType('int4') },
      { name: 'n', type: sqlType('int4') },
    ]);
    const rows = drain(seriesFor('_pg_expandarray', [arr], type));
    expect(rows.map((r) => formatText(r, type))).toEqual(['(10,1)', '(20,2)']);
  });
});

describe('records', () => {
  it('builds rows and selects fields; a NULL record has NULL fields', () => {
    const row = compileRecordFunction('row', [(r) => r[0], () => 'a b']);
    const rec = row([1]);
    expect(rec).toBeInstanceOf(SqlRecord);
    const field = compileRecordFunction('record_field', [(r) => r[0], () => 1]);
    expect(field([rec])).toBe('a b');
    expect(field([null])).toBeNull();
  });
});

describe('bitwise kernels', () => {
  const call = (name: string, ...args: Value[]) =>
    compileBitwiseFunction(
      name,
      args.map((_, i) => (r) => r[i]),
    )(args);
  it('compute as PostgreSQL, wrapping instead of overflowing', () => {
    expect(call('int2and', 12, 10)).toBe(8);
    expect(call('int4or', 12, 3)).toBe(15);
    expect(call('int8xor', 12n, 10n)).toBe(6n);
    expect(call('int2shl', 32767, 1)).toBe(-2);
    expect(call('int4shr', -16, 2)).toBe(-4);
    expect(call('int8shl', 1n, 63)).toBe(-9223372036854775808n);
    expect(call('int2not', 5)).toBe(-6);
    expect(call('int4and', null, 1)).toBeNull();
    expect(call('int4and', 1, null)).toBeNull();
  });
});
