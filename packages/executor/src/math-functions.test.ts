import { Numeric, sqlType, type TypeName, type Value } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { mathFunction } from './math-functions.js';

const call = (name: string, type: TypeName, ...args: Value[]) =>
  mathFunction(
    name,
    args.map(() => sqlType(type)),
  )!(args);

describe('trigonometry', () => {
  it('gives exact values at the special angles in degrees', () => {
    expect(call('sind', 'float8', 30)).toBe(0.5);
    expect(call('cosd', 'float8', 60)).toBe(0.5);
    expect(call('tand', 'float8', 45)).toBe(1);
    expect(call('tand', 'float8', 135)).toBe(-1);
    expect(call('cotd', 'float8', 45)).toBe(1);
    expect(call('asind', 'float8', 0.5)).toBe(30);
    expect(call('acosd', 'float8', -0.5)).toBe(120);
    expect(call('sind', 'float8', 270)).toBe(-1);
  });

  it('rejects inputs outside the domain with 22003', () => {
    expect(() => call('asin', 'float8', 2)).toThrow(expect.objectContaining({ code: '22003' }));
    expect(() => call('sin', 'float8', Number.POSITIVE_INFINITY)).toThrow(/input is out of range/);
    expect(call('cot', 'float8', 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('gcd and lcm', () => {
  it('works over int4, int8 and numeric (exact, at the larger scale)', () => {
    expect(call('gcd', 'int4', -12, 18)).toBe(6);
    expect(call('lcm', 'int8', 4n, 6n)).toBe(12n);
    expect(String(call('gcd', 'numeric', Numeric.parse('12.5'), Numeric.parse('7.5')))).toBe('2.5');
    expect(String(call('lcm', 'numeric', Numeric.parse('1.5'), Numeric.parse('2.25')))).toBe('4.50');
  });

  it('raises 22003 when the result does not fit', () => {
    expect(() => call('gcd', 'int4', -2147483648, 0)).toThrow(/integer out of range/);
    expect(() => call('lcm', 'int4', 2147483647, 2147483646)).toThrow(/integer out of range/);
  });
});

describe('width_bucket and the scale functions', () => {
  it('buckets ascending and descending ranges, with 0 and count + 1 outside them', () => {
    const wb = (...a: number[]) =>
      mathFunction('width_bucket', [
        sqlType('float8'),
        sqlType('float8'),
        sqlType('float8'),
        sqlType('int4'),
      ])!(a);
    expect(wb(5.35, 0.024, 10.06, 5)).toBe(3);
    expect(wb(-1, 0, 10, 5)).toBe(0);
    expect(wb(10, 0, 10, 5)).toBe(6);
    expect(wb(5, 10, 0, 5)).toBe(3);
    expect(() => wb(1, 0, 0, 5)).toThrow(expect.objectContaining({ code: '2201G' }));
  });

  it('scale, min_scale and trim_scale read the display scale', () => {
    const n = Numeric.parse('8.4100');
    expect(call('scale', 'numeric', n)).toBe(4);
    expect(call('min_scale', 'numeric', n)).toBe(2);
    expect(String(call('trim_scale', 'numeric', n))).toBe('8.41');
    expect(call('scale', 'numeric', Numeric.NaN)).toBeNull();
  });
});
