/**
 * Numeric against PostgreSQL 15: every expected string below was produced by a real
 * PostgreSQL 15 (`select a + b, a - b, a * b, a / b, a % b` and friends), so scales included.
 */
import { describe, expect, it } from 'vitest';
import { DbError } from './db-error.js';
import { coerceNumeric, Numeric } from './numeric.js';
import { numericPower } from './numeric-power.js';
import { numericTypmod } from './types.js';

const n = (s: string): Numeric => Numeric.parse(s);

function dbErrorOf(fn: () => unknown): DbError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error('expected a DbError');
}

// [a, b, a + b, a - b, a * b, a / b, a % b]
const ARITH: [string, string, string, string, string, string, string][] = [
  ['1', '3', '4', '-2', '3', '0.33333333333333333333', '1'],
  ['10', '4', '14', '6', '40', '2.5000000000000000', '2'],
  [
    '1',
    '3.000000000000000000000000',
    '4.000000000000000000000000',
    '-2.000000000000000000000000',
    '3.000000000000000000000000',
    '0.333333333333333333333333',
    '1.000000000000000000000000',
  ],
  [
    '123456789',
    '0.0001',
    '123456789.0001',
    '123456788.9999',
    '12345.6789',
    '1234567890000.00000000',
    '0.0000',
  ],
  ['0.0001', '7', '7.0001', '-6.9999', '0.0007', '0.000014285714285714285714', '0.0001'],
  ['99999', '1', '100000', '99998', '99999', '99999.000000000000', '0'],
  ['1', '99999', '100000', '-99998', '99999', '0.000010000100001000010000', '1'],
  [
    '12345678901234567890',
    '3',
    '12345678901234567893',
    '12345678901234567887',
    '37037036703703703670',
    '4115226300411522630',
    '0',
  ],
  ['0', '5', '5', '-5', '0', '0.00000000000000000000', '0'],
  ['5.5', '0.001', '5.501', '5.499', '0.0055', '5500.0000000000000000', '0.000'],
  ['2', '3.5', '5.5', '-1.5', '7.0', '0.57142857142857142857', '2.0'],
  ['-7', '2', '-5', '-9', '-14', '-3.5000000000000000', '-1'],
  [
    '1e-20',
    '3',
    '3.00000000000000000001',
    '-2.99999999999999999999',
    '0.00000000000000000003',
    '0.0000000000000000000033333333333333333333',
    '0.00000000000000000001',
  ],
  [
    '1',
    '1e-20',
    '1.00000000000000000001',
    '0.99999999999999999999',
    '0.00000000000000000001',
    '100000000000000000000.00000000000000000000',
    '0.00000000000000000000',
  ],
  ['123.456', '-0.789', '122.667', '124.245', '-97.406784', '-156.4714828897338403', '0.372'],
  ['-1.50', '0.25', '-1.25', '-1.75', '-0.3750', '-6.0000000000000000', '0.00'],
  ['9999.9999', '0.0001', '10000.0000', '9999.9998', '0.99999999', '99999999.000000000000', '0.0000'],
  ['0.5', '2', '2.5', '-1.5', '1.0', '0.25000000000000000000', '0.5'],
  ['7', '-7', '0', '14', '-49', '-1.00000000000000000000', '0'],
  ['1.000', '3', '4.000', '-2.000', '3.000', '0.33333333333333333333', '1.000'],
  ['100', '7', '107', '93', '700', '14.2857142857142857', '2'],
  ['-0.001', '-3', '-3.001', '2.999', '0.003', '0.00033333333333333333', '-0.001'],
  ['98765.4321', '12.34', '98777.7721', '98753.0921', '1218765.432114', '8003.6816936790923825', '8.4121'],
  [
    '1e30',
    '7e-5',
    '1000000000000000000000000000000.00007',
    '999999999999999999999999999999.99993',
    '70000000000000000000000000.00000',
    '14285714285714285714285714285714285.71429',
    '0.00005',
  ],
  ['3.14159', '2.71828', '5.85987', '0.42331', '8.5397212652', '1.1557271509925394', '0.42331'],
];

describe('Numeric arithmetic (PostgreSQL 15 results)', () => {
  it.each(ARITH)('%s op %s', (a, b, sum, diff, prod, quot, rem) => {
    expect(n(a).add(n(b)).toString()).toBe(sum);
    expect(n(a).sub(n(b)).toString()).toBe(diff);
    expect(n(a).mul(n(b)).toString()).toBe(prod);
    expect(n(a).div(n(b)).toString()).toBe(quot);
    expect(n(a).mod(n(b)).toString()).toBe(rem);
  });

  it('raises 22012 for division and modulo by zero', () => {
    expect(dbErrorOf(() => n('1').div(n('0.00'))).code).toBe('22012');
    expect(dbErrorOf(() => n('1').div(n('0.00'))).message).toBe('division by zero');
    expect(dbErrorOf(() => n('1').mod(n('0'))).code).toBe('22012');
    expect(dbErrorOf(() => Numeric.Infinity.div(n('0'))).code).toBe('22012');
  });

  it('follows PostgreSQL for NaN and infinities', () => {
    const inf = Numeric.Infinity;
    expect(inf.sub(inf).toString()).toBe('NaN');
    expect(inf.mul(n('0')).toString()).toBe('NaN');
    expect(n('1').div(inf).toString()).toBe('0');
    expect(inf.div(inf).toString()).toBe('NaN');
    expect(Numeric.NaN.add(n('1')).toString()).toBe('NaN');
    expect(Numeric.NaN.div(n('0')).toString()).toBe('NaN');
    expect(n('5').mod(inf).toString()).toBe('5');
    expect(inf.mod(n('5')).toString()).toBe('NaN');
    expect(inf.add(n('-3')).toString()).toBe('Infinity');
    expect(Numeric.NegativeInfinity.mul(n('-2')).toString()).toBe('Infinity');
  });
});

describe('Numeric text input and output', () => {
  it.each([
    ['  -1.50  ', '-1.50'],
    ['1e5', '100000'],
    ['1.5e-3', '0.0015'],
    ['-0.00', '0.00'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['inf', 'Infinity'],
    ['-INFINITY', '-Infinity'],
    ['+inf', 'Infinity'],
    ['nan', 'NaN'],
    ['+1.0E+2', '100'],
    ['1.25E1', '12.5'],
    ['000123.4500', '123.4500'],
    ['\t7\n', '7'],
  ])('parses %j as %s', (input, out) => {
    expect(n(input).toString()).toBe(out);
  });

  it('keeps huge scales exactly', () => {
    expect(n('1e-1002').toString()).toBe(`0.${'0'.repeat(1001)}1`);
  });

  it.each(['.', '1e', '', ' ', '1.2.3', 'abc', '1 2', '--1', 'infinityx', '1e+', '0x10', '1_000'])(
    'rejects %j with 22P02',
    (input) => {
      const e = dbErrorOf(() => n(input));
      expect(e.code).toBe('22P02');
      expect(e.message).toBe(`invalid input syntax for type numeric: "${input}"`);
    },
  );

  it('raises 22003 when a value overflows the format', () => {
    const e = dbErrorOf(() => n('1e1000000'));
    expect(e.code).toBe('22003');
    expect(e.message).toBe('value overflows numeric format');
    expect(dbErrorOf(() => n('1e-20000')).code).toBe('22003');
  });

  it('converts from floats as float8_numeric / float4_numeric (15 / 6 digits)', () => {
    expect(Numeric.fromNumber(0.1).toString()).toBe('0.1');
    expect(Numeric.fromNumber(1 / 3).toString()).toBe('0.333333333333333');
    expect(Numeric.fromNumber(1e20).toString()).toBe('100000000000000000000');
    expect(Numeric.fromNumber(1.5e-7).toString()).toBe('0.00000015');
    expect(Numeric.fromNumber(Math.fround(123456.789), 6).toString()).toBe('123457');
    expect(Numeric.fromNumber(Math.fround(0.1), 6).toString()).toBe('0.1');
    expect(Numeric.fromNumber(Number.NaN).toString()).toBe('NaN');
    expect(Numeric.fromNumber(Number.NEGATIVE_INFINITY).toString()).toBe('-Infinity');
    expect(Numeric.fromNumber(-0).toString()).toBe('0');
  });

  it('converts to numbers and bigints', () => {
    expect(n('1.5').toNumber()).toBe(1.5);
    expect(n('0.1').toNumber()).toBe(0.1);
    expect(n('123456789012345678901234567890').toNumber()).toBe(1.2345678901234568e29);
    expect(n('2.5').toBigInt()).toBe(3n);
    expect(n('-2.5').toBigInt()).toBe(-3n);
    expect(n('2.49').toBigInt()).toBe(2n);
    expect(n('-0.5').toBigInt()).toBe(-1n);
    expect(dbErrorOf(() => Numeric.NaN.toBigInt('integer')).message).toBe('cannot convert NaN to integer');
    expect(dbErrorOf(() => Numeric.Infinity.toBigInt()).code).toBe('0A000');
  });
});

// [x, s, round(x, s), trunc(x, s)]
const ROUND: [string, number, string, string][] = [
  ['2.5', 0, '3', '2'],
  ['2.5', 2, '2.50', '2.50'],
  ['2.5', -2, '0', '0'],
  ['2.5', 5, '2.50000', '2.50000'],
  ['-2.5', 0, '-3', '-2'],
  ['-2.5', 2, '-2.50', '-2.50'],
  ['-2.5', -2, '0', '0'],
  ['-2.5', 5, '-2.50000', '-2.50000'],
  ['1.2345', 0, '1', '1'],
  ['1.2345', 2, '1.23', '1.23'],
  ['1.2345', -2, '0', '0'],
  ['1.2345', 5, '1.23450', '1.23450'],
  ['-1.2355', 0, '-1', '-1'],
  ['-1.2355', 2, '-1.24', '-1.23'],
  ['-1.2355', -2, '0', '0'],
  ['-1.2355', 5, '-1.23550', '-1.23550'],
  ['1234.5678', 0, '1235', '1234'],
  ['1234.5678', 2, '1234.57', '1234.56'],
  ['1234.5678', -2, '1200', '1200'],
  ['1234.5678', 5, '1234.56780', '1234.56780'],
  ['0.0005', 0, '0', '0'],
  ['0.0005', 2, '0.00', '0.00'],
  ['0.0005', -2, '0', '0'],
  ['0.0005', 5, '0.00050', '0.00050'],
  ['999.995', 0, '1000', '999'],
  ['999.995', 2, '1000.00', '999.99'],
  ['999.995', -2, '1000', '900'],
  ['999.995', 5, '999.99500', '999.99500'],
  ['0', 0, '0', '0'],
  ['0', 2, '0.00', '0.00'],
  ['0', -2, '0', '0'],
  ['0', 5, '0.00000', '0.00000'],
  ['-0.5', 0, '-1', '0'],
  ['-0.5', 2, '-0.50', '-0.50'],
  ['-0.5', -2, '0', '0'],
  ['-0.5', 5, '-0.50000', '-0.50000'],
];

describe('round and trunc', () => {
  it.each(ROUND)('round(%s, %i)', (x, s, rounded, truncated) => {
    expect(n(x).round(s).toString()).toBe(rounded);
    expect(n(x).trunc(s).toString()).toBe(truncated);
  });
});

describe('coerceNumeric: numeric(p, s)', () => {
  // [value, p, s, result or the error detail]
  it.each([
    ['1.5', 3, 1, '1.5'],
    ['0.5', 3, 3, '0.500'],
    ['123', 2, -1, '120'],
    ['125', 2, -1, '130'],
    ['0.001', 3, 5, '0.00100'],
    ['99.99', 4, 2, '99.99'],
    ['0.00001', 5, 5, '0.00001'],
    ['nan', 3, 1, 'NaN'],
  ])('%s::numeric(%i,%i) = %s', (v, p, s, out) => {
    expect(coerceNumeric(n(v), numericTypmod(p, s & 0x7ff)).toString()).toBe(out);
  });

  it.each([
    ['12.5', 3, 2, 'A field with precision 3, scale 2 must round to an absolute value less than 10^1.'],
    ['9.995', 3, 2, 'A field with precision 3, scale 2 must round to an absolute value less than 10^1.'],
    ['-9.995', 3, 2, 'A field with precision 3, scale 2 must round to an absolute value less than 10^1.'],
    ['1', 3, 3, 'A field with precision 3, scale 3 must round to an absolute value less than 1.'],
    ['0.1', 3, 5, 'A field with precision 3, scale 5 must round to an absolute value less than 10^-2.'],
    ['Infinity', 3, 1, 'A field with precision 3, scale 1 cannot hold an infinite value.'],
  ])('%s::numeric(%i,%i) overflows', (v, p, s, detail) => {
    const e = dbErrorOf(() => coerceNumeric(n(v), numericTypmod(p, s)));
    expect(e.code).toBe('22003');
    expect(e.message).toBe('numeric field overflow');
    expect(e.fields.detail).toBe(detail);
  });

  it('leaves values alone without a typmod', () => {
    expect(coerceNumeric(n('1.23456'), -1).toString()).toBe('1.23456');
  });
});

// [base, exponent, base ^ exponent]
const POWER: [string, string, string][] = [
  ['2', '10', '1024.0000000000000000'],
  ['2', '0.5', '1.4142135623730950'],
  ['2.0', '10', '1024.0000000000000000'],
  ['1.5', '3', '3.3750000000000000'],
  ['0.5', '-2', '4.0000000000000000'],
  ['2', '-3', '0.1250000000000000'],
  ['10', '20', '100000000000000000000.0000000000000000'],
  ['3', '0', '1.0000000000000000'],
  ['0', '0', '1.0000000000000000'],
  ['1.000001', '1000000', '2.7182804693193769'],
  ['2.5', '2.5', '9.8821176880261854'],
  ['0', '2.5', '0.0000000000000000'],
  ['7', '-1', '0.1428571428571429'],
  ['1.1', '2', '1.2100000000000000'],
  ['0.1', '50', '0.0000000000000000'],
  ['1.5', '1', '1.5000000000000000'],
  ['-1.5', '3', '-3.3750000000000000'],
  ['-2', '-3', '-0.1250000000000000'],
  ['2', '0.1', '1.0717734625362932'],
  ['100', '0.5', '10.000000000000000'],
  ['1.0001', '100.5', '1.0101001633134823'],
  ['3.7', '1.5', '7.1170921028183976'],
  ['2.00000000000000000000', '0.5', '1.41421356237309504880'],
  ['123.456', '7.89', '31771028258180977.309'],
  ['0.001', '2.5', '0.00000003162277660168379'],
  ['10', '50.5', '316227766016837933199889354443271853371955513932521.7'],
  ['-1.0000000001', '3000000001', '-1.3498588076907411'],
  ['0.9', '12345', '0.0000000000000000'],
  [
    '1.0000001',
    '3000000000',
    '19423972590657915917124363735476706382908978693930927820797837523822075011766840640101352712275248675001306015342496137753023713832.7914945',
  ],
  ['5', '-20', '0.0000000000000105'],
  ['1.23456789', '-7', '0.2287679391221273'],
  ['99.5', '33', '847542850302345316622614216091511676241145818736260520570451152754.4384457402629778'],
];

describe('numeric ^ numeric', () => {
  it.each(POWER)('%s ^ %s', (a, b, out) => {
    expect(numericPower(n(a), n(b)).toString()).toBe(out);
  });

  it('underflows to zero at scale 1000', () => {
    expect(numericPower(n('0.5'), n('10000.5')).toString()).toBe(`0.${'0'.repeat(1000)}`);
  });

  it('raises PostgreSQL errors', () => {
    expect(dbErrorOf(() => numericPower(n('0'), n('-1'))).message).toBe(
      'zero raised to a negative power is undefined',
    );
    const complex = dbErrorOf(() => numericPower(n('-2'), n('0.5')));
    expect(complex.code).toBe('2201F');
    expect(complex.message).toBe('a negative number raised to a non-integer power yields a complex result');
    expect(dbErrorOf(() => numericPower(n('10'), n('200000'))).message).toBe(
      'value overflows numeric format',
    );
  });

  it('handles NaN and infinities as PostgreSQL', () => {
    const cases: [Numeric, Numeric, string][] = [
      [Numeric.NaN, n('0'), '1'],
      [n('1'), Numeric.NaN, '1'],
      [Numeric.Infinity, n('2'), 'Infinity'],
      [n('2'), Numeric.Infinity, 'Infinity'],
      [n('0.5'), Numeric.Infinity, '0'],
      [Numeric.Infinity, n('-1'), '0'],
      [Numeric.Infinity, n('0'), '1'],
      [n('-2'), Numeric.Infinity, 'Infinity'],
      [Numeric.NegativeInfinity, n('3'), '-Infinity'],
      [Numeric.NegativeInfinity, n('2'), 'Infinity'],
      [Numeric.NaN, n('2'), 'NaN'],
    ];
    for (const [a, b, out] of cases) expect(numericPower(a, b).toString()).toBe(out);
  });
});

describe('ordering', () => {
  it('sorts -Infinity < finite < Infinity < NaN, with NaN = NaN and 1.0 = 1.00', () => {
    const sorted = ['NaN', '1.5', '-Infinity', 'Infinity', '-2', '0', '1.50', '-0.001']
      .map(n)
      .sort((a, b) => a.cmp(b))
      .map(String);
    expect(sorted).toEqual(['-Infinity', '-2', '-0.001', '0', '1.5', '1.50', 'Infinity', 'NaN']);
    expect(Numeric.NaN.eq(Numeric.NaN)).toBe(true);
    expect(n('1.0').eq(n('1.00'))).toBe(true);
    expect(n('1.0').eq(n('1.01'))).toBe(false);
  });

  it('reports sign and integrality', () => {
    expect([n('-3').sign(), n('0.00').sign(), n('2').sign(), Numeric.NegativeInfinity.sign()]).toEqual([
      -1, 0, 1, -1,
    ]);
    expect(Number.isNaN(Numeric.NaN.sign())).toBe(true);
    expect(n('3.00').isInteger()).toBe(true);
    expect(n('3.01').isInteger()).toBe(false);
    expect(Numeric.Infinity.isInteger()).toBe(false);
    expect(n('-4.5').abs().toString()).toBe('4.5');
    expect(n('0').neg().toString()).toBe('0');
  });
});
