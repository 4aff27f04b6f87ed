import { describe, expect, it } from 'vitest';
import { formatFloat4, formatFloat8 } from './float-text.js';
import { SqlArray } from './sql-array.js';
import { formatText } from './text-io.js';
import { sqlType } from './types.js';

// Expected texts are PostgreSQL 15's for the same values and extra_float_digits.
describe('extra_float_digits', () => {
  it('keeps the shortest exact form above 0 (the default 1, and 2, 3)', () => {
    expect(formatFloat8(0.1)).toBe('0.1');
    expect(formatFloat8(1 / 3, 3)).toBe('0.3333333333333333');
    expect(formatFloat4(Math.fround(2 / 3), 2)).toBe('0.6666667');
  });

  it('prints 15 + n significant digits with %g layout at 0 and below', () => {
    expect(formatFloat8(0.1, 0)).toBe('0.1');
    expect(formatFloat8(1e100, 0)).toBe('1e+100');
    expect(formatFloat8(Number('123456789012345678'), 0)).toBe('1.23456789012346e+17');
    expect(formatFloat8(1 / 3, 0)).toBe('0.333333333333333');
    expect(formatFloat8(0.0001234, 0)).toBe('0.0001234');
    expect(formatFloat8(100 / 3, 0)).toBe('33.3333333333333');
    expect(formatFloat4(Math.fround(1.5e-5), 0)).toBe('1.5e-05');
    expect(formatFloat8(1 / 3, -15)).toBe('0.3');
    expect(formatFloat4(Math.fround(2 / 3), -15)).toBe('0.7');
    expect(formatFloat8(123.456, -15)).toBe('1e+02');
    expect(formatFloat8(-2.5e-7, 0)).toBe('-2.5e-07');
    expect(formatFloat8(Number.NaN, 0)).toBe('NaN');
    expect(formatFloat8(-0, 0)).toBe('-0');
  });

  it('reaches array elements through formatText', () => {
    const t = sqlType('_float8');
    expect(formatText(SqlArray.of([1 / 3, 0.1]), t, undefined, 0)).toBe('{0.333333333333333,0.1}');
    expect(formatText(SqlArray.of([1 / 3]), t)).toBe('{0.3333333333333333}');
  });
});
