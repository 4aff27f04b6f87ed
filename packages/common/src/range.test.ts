import { describe, expect, it } from 'vitest';
import { compareValues } from './compare-values.js';
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';
import {
  constructRange,
  rangeAdjacent,
  rangeAfter,
  rangeBefore,
  rangeContains,
  rangeContainsElement,
  rangeIntersect,
  rangeMinus,
  rangeOverLeft,
  rangeOverlaps,
  rangeOverRight,
  rangeUnion,
  type SqlRange,
} from './range.js';
import { decodeRow, encodeRow } from './row-codec.js';
import { formatText, parseText } from './text-io.js';
import { type SqlType, sqlType, TYPE_OID, typeByOid } from './types.js';

const INT4R = sqlType('int4range');
const NUMR = sqlType('numrange');
const DATER = sqlType('daterange');
const TSR = sqlType('tsrange');
const INT8R = sqlType('int8range');

const r = (text: string, t: SqlType = INT4R) => parseText(text, t) as SqlRange;
const out = (v: SqlRange, t: SqlType = INT4R) => formatText(v, t);
const round = (text: string, t: SqlType = INT4R) => out(r(text, t), t);

function errorOf(f: () => unknown): DbError {
  try {
    f();
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('range types', () => {
  it('has PostgreSQL OIDs for the range types and their arrays', () => {
    expect(TYPE_OID.int4range).toBe(3904);
    expect(TYPE_OID._int4range).toBe(3905);
    expect(TYPE_OID.numrange).toBe(3906);
    expect(TYPE_OID.tsrange).toBe(3908);
    expect(TYPE_OID.tstzrange).toBe(3910);
    expect(TYPE_OID.daterange).toBe(3912);
    expect(TYPE_OID.int8range).toBe(3926);
    expect(TYPE_OID._int8range).toBe(3927);
    expect(typeByOid(3912)?.name).toBe('daterange');
  });

  it('reads and prints text as range_in / range_out do', () => {
    expect(round('[1,5)')).toBe('[1,5)');
    expect(round('[1,5]')).toBe('[1,6)');
    expect(round('(1,5)')).toBe('[2,5)');
    expect(round('(1,2)')).toBe('empty');
    expect(round('(,5]')).toBe('(,6)');
    expect(round('[,]')).toBe('(,)');
    expect(round(' [ 1 , 5 ) ')).toBe('[1,5)');
    expect(round(' EmPtY ')).toBe('empty');
    expect(round('[1,1]')).toBe('[1,2)');
    expect(round('[1,1)')).toBe('empty');
    expect(round('[1.5,2.50)', NUMR)).toBe('[1.5,2.50)');
    expect(round('[1.5,1.5]', NUMR)).toBe('[1.5,1.5]');
    expect(round('["2024-01-01","2024-02-01")', TSR)).toBe('["2024-01-01 00:00:00","2024-02-01 00:00:00")');
    expect(round('[2024-01-01,2024-01-05]', DATER)).toBe('[2024-01-01,2024-01-06)');
    expect(round('(-infinity,infinity]', DATER)).toBe('(-infinity,infinity]');
    expect(round('[1,"5")', INT8R)).toBe('[1,5)');
    expect(errorOf(() => r('[1,5\\])')).message).toBe('invalid input syntax for type integer: "5]"');
    expect(round('["1",\\5)')).toBe('[1,5)');
  });

  it('reports malformed literals with PostgreSQL DETAILs', () => {
    const cases: [string, string][] = [
      ['[1,5', 'Unexpected end of input.'],
      ['x', 'Missing left parenthesis or bracket.'],
      ['empty x', 'Junk after "empty" key word.'],
      ['[1,5)x', 'Junk after right parenthesis or bracket.'],
      ['[1 5)', 'Missing comma after lower bound.'],
      ['[1,5,6)', 'Too many commas.'],
      ['["1,5)', 'Unexpected end of input.'],
    ];
    for (const [text, detail] of cases) {
      const e = errorOf(() => r(text));
      expect(e.code).toBe('22P02');
      expect(e.message).toBe(`malformed range literal: "${text}"`);
      expect(e.fields.detail).toBe(detail);
    }
    const e = errorOf(() => r('[5,1)'));
    expect([e.code, e.message]).toEqual([
      '22000',
      'range lower bound must be less than or equal to range upper bound',
    ]);
    expect(errorOf(() => r('["",5)')).code).toBe('22P02');
    expect(errorOf(() => r('(2147483647,)')).message).toBe('integer out of range');
  });

  it('constructs ranges with flags, NULL bounds infinite', () => {
    expect(out(constructRange(INT4R, 1, 5, '[]'))).toBe('[1,6)');
    expect(out(constructRange(INT4R, null, 5, '[]'))).toBe('(,6)');
    expect(out(constructRange(INT4R, null, null))).toBe('(,)');
    expect(errorOf(() => constructRange(INT4R, 1, 5, 'ab')).fields.hint).toBe(
      'Valid values are "[]", "[)", "(]", and "()".',
    );
    expect(errorOf(() => constructRange(INT4R, 1, 5, null)).code).toBe('22000');
    expect(errorOf(() => constructRange(NUMR, Numeric.NaN, Numeric.of(1n))).code).toBe('22000');
    expect(out(constructRange(NUMR, Numeric.of(1n), Numeric.NaN), NUMR)).toBe('[1,NaN)');
  });

  it('quotes bounds that need it', () => {
    const TSTZ = sqlType('tstzrange');
    expect(round('[2024-01-01 00:00:00+00,)', TSTZ)).toBe('["2024-01-01 00:00:00+00",)');
  });

  it('orders as range_cmp: empty first, then lower, then upper bound', () => {
    const sorted = ['empty', '(,1)', '(,5)', '[1,3)', '[1,5)', '[1,)', '[2,3)']
      .map((t) => r(t))
      .sort((a, b) => compareValues(a, b, INT4R))
      .map((x) => out(x));
    expect(sorted).toEqual(['empty', '(,1)', '(,5)', '[1,3)', '[1,5)', '[1,)', '[2,3)']);
    expect(compareValues(r('[1,5)', NUMR), r('(1,5)', NUMR), NUMR)).toBeLessThan(0);
    expect(compareValues(r('[1,5)', NUMR), r('[1,5]', NUMR), NUMR)).toBeLessThan(0);
    expect(compareValues(r('[1.0,5)', NUMR), r('[1.00,5)', NUMR), NUMR)).toBe(0);
  });

  it('implements the operators', () => {
    expect(rangeContains(r('[1,5)'), r('[2,3)'))).toBe(true);
    expect(rangeContains(r('[1,5)'), r('empty'))).toBe(true);
    expect(rangeContains(r('empty'), r('[1,2)'))).toBe(false);
    expect(rangeContainsElement(r('[1,5)'), 5)).toBe(false);
    expect(rangeContainsElement(r('[1,5)'), 1)).toBe(true);
    expect(rangeContainsElement(r('(,)'), 1)).toBe(true);
    expect(rangeOverlaps(r('[1,5)'), r('[4,7)'))).toBe(true);
    expect(rangeOverlaps(r('[1,5)'), r('[5,7)'))).toBe(false);
    expect(rangeBefore(r('[1,5)'), r('[5,7)'))).toBe(true);
    expect(rangeAfter(r('[5,7)'), r('[1,5)'))).toBe(true);
    expect(rangeOverLeft(r('[1,5)'), r('[1,7)'))).toBe(true);
    expect(rangeOverRight(r('[1,5)'), r('[0,2)'))).toBe(true);
    expect(rangeAdjacent(INT4R, r('[1,3)'), r('[3,4)'))).toBe(true);
    expect(rangeAdjacent(NUMR, r('[1,2]', NUMR), r('(2,3)', NUMR))).toBe(true);
    expect(rangeAdjacent(NUMR, r('[1,2]', NUMR), r('[2,3)', NUMR))).toBe(false);
    expect(out(rangeUnion(INT4R, r('[1,5)'), r('[5,7)'), true))).toBe('[1,7)');
    expect(errorOf(() => rangeUnion(INT4R, r('[1,5)'), r('[6,7)'), true)).message).toBe(
      'result of range union would not be contiguous',
    );
    expect(out(rangeUnion(INT4R, r('[1,2)'), r('[5,6)'), false))).toBe('[1,6)');
    expect(out(rangeIntersect(INT4R, r('[1,5)'), r('[3,7)')))).toBe('[3,5)');
    expect(out(rangeIntersect(INT4R, r('[1,5)'), r('[6,7)')))).toBe('empty');
    expect(out(rangeMinus(INT4R, r('[1,5)'), r('[3,7)')))).toBe('[1,3)');
    expect(out(rangeMinus(INT4R, r('[1,5)'), r('[0,3)')))).toBe('[3,5)');
    expect(out(rangeMinus(NUMR, r('[1,5]', NUMR), r('[3,7)', NUMR)), NUMR)).toBe('[1,3)');
    expect(out(rangeMinus(NUMR, r('[1,5]', NUMR), r('[0,3]', NUMR)), NUMR)).toBe('(3,5]');
    expect(errorOf(() => rangeMinus(INT4R, r('[1,9)'), r('[3,4)'))).message).toBe(
      'result of range difference would not be contiguous',
    );
  });

  it('stores ranges in rows and reads them back', () => {
    const types = [INT4R, NUMR, TSR, DATER, INT8R, sqlType('_int4range')];
    const values = [
      r('[1,5)'),
      r('(,2.50]', NUMR),
      r('empty', TSR),
      r('[2024-01-01,)', DATER),
      r('[-9223372036854775808,0)', INT8R),
      parseText('{"[1,2)",empty,NULL}', sqlType('_int4range')),
    ];
    const got: unknown[] = [];
    decodeRow(encodeRow(values, types), types, got as never);
    expect(got.map((v, i) => formatText(v as never, types[i]!))).toEqual([
      '[1,5)',
      '(,2.50]',
      'empty',
      '[2024-01-01,)',
      '[-9223372036854775808,0)',
      '{"[1,2)",empty,NULL}',
    ]);
  });
});
