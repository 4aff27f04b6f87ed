/**
 * Operator kernels and comparison against PostgreSQL 15 (results and error texts from a real
 * PostgreSQL 15, e.g. `select 2147483647 + 1`, `select (-2147483648)::int4 / -1`).
 */
import { describe, expect, it } from 'vitest';
import { compareValues, valuesEqual } from './compare-values.js';
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';
import {
  float4Add,
  float4Mul,
  float8Add,
  float8Div,
  float8Mul,
  float8Neg,
  float8Pow,
  float8Sub,
  int2Add,
  int2Div,
  int2Mul,
  int2Neg,
  int4Add,
  int4Div,
  int4Mod,
  int4Mul,
  int4Neg,
  int4Sub,
  int8Add,
  int8Div,
  int8Mod,
  int8Mul,
  int8Neg,
  textConcat,
} from './operators.js';
import { sqlType } from './types.js';

function fails(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DbError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('expected a DbError');
}

describe('integer operators', () => {
  it('compute PostgreSQL results', () => {
    expect(int4Div(7, -2)).toBe(-3);
    expect(int4Div(-7, 2)).toBe(-3);
    expect(int4Mod(-7, 3)).toBe(-1);
    expect(int4Mod(7, -3)).toBe(1);
    expect(int4Mod(-2147483648, -1)).toBe(0);
    expect(Object.is(int4Mod(-4, 2), 0)).toBe(true);
    expect(Object.is(int4Div(-1, 2), 0)).toBe(true);
    expect(Object.is(int4Mul(-1, 0), 0)).toBe(true);
    expect(int4Add(2147483646, 1)).toBe(2147483647);
    expect(int4Sub(-2147483647, 1)).toBe(-2147483648);
    expect(int4Mul(46340, 46340)).toBe(2147395600);
    expect(int2Div(-32767, 2)).toBe(-16383);
    expect(int8Div(-7n, 2n)).toBe(-3n);
    expect(int8Mod(-7n, 3n)).toBe(-1n);
    expect(int8Mod(-(2n ** 63n), -1n)).toBe(0n);
    expect(int8Mul(3037000499n, 3037000499n)).toBe(9223372030926249001n);
  });

  it.each([
    [() => int4Add(2147483647, 1), '22003: integer out of range'],
    [() => int4Neg(-2147483648), '22003: integer out of range'],
    [() => int4Div(-2147483648, -1), '22003: integer out of range'],
    [() => int4Mul(65536, 32768), '22003: integer out of range'],
    [() => int4Div(5, 0), '22012: division by zero'],
    [() => int4Mod(5, 0), '22012: division by zero'],
    [() => int2Add(32767, 1), '22003: smallint out of range'],
    [() => int2Mul(200, 200), '22003: smallint out of range'],
    [() => int2Neg(-32768), '22003: smallint out of range'],
    [() => int8Add(2n ** 63n - 1n, 1n), '22003: bigint out of range'],
    [() => int8Div(-(2n ** 63n), -1n), '22003: bigint out of range'],
    [() => int8Neg(-(2n ** 63n)), '22003: bigint out of range'],
    [() => int8Mul(2n ** 32n, 2n ** 31n), '22003: bigint out of range'],
    [() => int8Div(1n, 0n), '22012: division by zero'],
    [() => int8Mod(1n, 0n), '22012: division by zero'],
  ])('%# raises', (fn, message) => {
    expect(fails(fn)).toBe(message);
  });
});

describe('float operators', () => {
  it('compute IEEE results where PostgreSQL does', () => {
    expect(float8Add(0.1, 0.2)).toBe(0.30000000000000004);
    expect(Number.isNaN(float8Div(Number.NaN, 0))).toBe(true);
    expect(float8Add(Number.POSITIVE_INFINITY, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(float8Sub(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY))).toBe(true);
    expect(Number.isNaN(float8Mul(Number.POSITIVE_INFINITY, 0))).toBe(true);
    expect(Object.is(float8Neg(0), -0)).toBe(true);
    expect(float4Add(0.1, 0.2)).toBe(Math.fround(0.1 + 0.2));
  });

  it.each([
    [() => float8Add(1e308, 1e308), '22003: value out of range: overflow'],
    [() => float8Mul(1e300, 1e300), '22003: value out of range: overflow'],
    [() => float8Mul(1e-300, 1e-300), '22003: value out of range: underflow'],
    [() => float8Div(1, 0), '22012: division by zero'],
    [() => float8Div(1e-300, 1e300), '22003: value out of range: underflow'],
    [() => float4Mul(1e30, 1e30), '22003: value out of range: overflow'],
    [() => float8Pow(0, -1), '2201F: zero raised to a negative power is undefined'],
    [
      () => float8Pow(-8, 1 / 3),
      '2201F: a negative number raised to a non-integer power yields a complex result',
    ],
    [() => float8Pow(10, 400), '22003: value out of range: overflow'],
    [() => float8Pow(10, -400), '22003: value out of range: underflow'],
  ])('%# raises', (fn, message) => {
    expect(fails(fn)).toBe(message);
  });

  it('follows POSIX pow for special values', () => {
    // select 1 ^ 'nan', 'nan' ^ 0, (-1) ^ 'inf', 2 ^ 0.5, 'nan' ^ 1, 0 ^ 0, (-2) ^ (-3), 'inf' ^ -1, (-0.5) ^ 'inf'
    const got = [
      float8Pow(1, Number.NaN),
      float8Pow(Number.NaN, 0),
      float8Pow(-1, Number.POSITIVE_INFINITY),
      float8Pow(2, 0.5),
      float8Pow(Number.NaN, 1),
      float8Pow(0, 0),
      float8Pow(-2, -3),
      float8Pow(Number.POSITIVE_INFINITY, -1),
      float8Pow(-0.5, Number.POSITIVE_INFINITY),
      float8Pow(0.5, Number.POSITIVE_INFINITY),
      float8Pow(2, Number.NEGATIVE_INFINITY),
    ];
    expect(got).toEqual([1, 1, 1, Math.SQRT2, Number.NaN, 1, -0.125, 0, 0, 0, 0]);
  });

  it('concatenates text', () => {
    expect(textConcat('ab', 'cd')).toBe('abcd');
  });
});

describe('compareValues / valuesEqual', () => {
  const sortAs = (values: unknown[], type: Parameters<typeof compareValues>[2]) =>
    [...values].sort((a, b) => compareValues(a as never, b as never, type));

  it('orders float8 with NaN last and NaN = NaN', () => {
    const f8 = sqlType('float8');
    expect(sortAs([Number.NaN, 1, Number.POSITIVE_INFINITY, -0, Number.NEGATIVE_INFINITY, -1], f8)).toEqual([
      Number.NEGATIVE_INFINITY,
      -1,
      -0,
      1,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ]);
    expect(valuesEqual(Number.NaN, Number.NaN, f8)).toBe(true);
    expect(compareValues(Number.NaN, Number.NaN, f8)).toBe(0);
    expect(valuesEqual(0, -0, f8)).toBe(true);
  });

  it('orders text by code point (C collation), not by locale', () => {
    // select x from (values ('a'),('B'),('é'),('z'),('🐘'),('\uFF5E'),('ab'),('')) v(x) order by x collate "C"
    const sorted = sortAs(['a', 'B', 'é', 'z', '🐘', '\uff5e', 'ab', ''], sqlType('text'));
    expect(sorted).toEqual(['', 'B', 'a', 'ab', 'z', 'é', '\uff5e', '🐘']);
  });

  it('ignores trailing spaces for bpchar only', () => {
    expect(compareValues('a', 'a  ', sqlType('bpchar'))).toBe(0);
    expect(valuesEqual('a', 'a  ', sqlType('bpchar'))).toBe(true);
    expect(compareValues('a', 'a  ', sqlType('text'))).toBe(-1);
    expect(compareValues('a\t', 'a ', sqlType('bpchar'))).toBe(1);
  });

  it('orders bytea, bool, int8 and numeric', () => {
    const bytea = sqlType('bytea');
    expect(compareValues(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]), bytea)).toBe(-1);
    expect(compareValues(new Uint8Array([255]), new Uint8Array([1, 2]), bytea)).toBe(1);
    expect(valuesEqual(new Uint8Array([7]), new Uint8Array([7]), bytea)).toBe(true);
    expect(sortAs([true, false], sqlType('bool'))).toEqual([false, true]);
    expect(compareValues(-(2n ** 63n), 2n ** 63n - 1n, sqlType('int8'))).toBe(-1);
    const num = sqlType('numeric');
    expect(valuesEqual(Numeric.parse('1.0'), Numeric.parse('1.00'), num)).toBe(true);
    expect(compareValues(Numeric.NaN, Numeric.Infinity, num)).toBe(1);
  });
});
