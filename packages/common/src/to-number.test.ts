/** to_number: PostgreSQL 15's answers for ordinary and quirky templates, and its errors. */
import { describe, expect, it } from 'vitest';
import { toNumber } from './to-number.js';

describe('to_number', () => {
  it.each([
    ['12,345.6', '99G999D9', '12345.6'],
    ['12,454.8-', '99G999D9S', '-12454.8'],
    ['-34,338,492', '99G999G999', '-34338492'],
    ['<123>', '999PR', '-123'],
    ['1234', '99', '12'],
    ['12.34', '99.9', '12.3'],
    ['12', '99.99', '12'],
    ['123', '9,9,9', '123'],
    ['123', '9x9', '13'],
    ['1 2', '99', '12'],
    ['- 1', '99', '-1'],
    ['1-', '99', '1'],
    ['1-', '9MI', '-1'],
    ['1x2', '9S9', '1'],
    ['1st2', '9th9', '12'],
    ['$1,234.56', 'L9G999D99', '1234.56'],
  ])('to_number(%j, %j) = %s', (input, fmt, want) => {
    expect(toNumber(input, fmt)!.toString()).toBe(want);
  });

  it('is NULL for an empty template', () => {
    expect(toNumber('12', '')).toBeNull();
  });

  it.each([
    ['abc', '999', '22P02', 'invalid input syntax for type numeric: " "'],
    ['-', '9', '22P02', 'invalid input syntax for type numeric: "-"'],
    ['1,2', '9.9', '22003', 'numeric field overflow'],
    ['1', '9..9', '42601', 'multiple decimal points'],
    ['1', 'S9S9', '42601', 'cannot use "S" twice'],
    ['12', '9PR9', '42601', '"9" must be ahead of "PR"'],
    ['1', '9.9EEEE', '0A000', '"EEEE" not supported for input'],
  ])('to_number(%j, %j) fails with %s', (input, fmt, code, message) => {
    expect(() => toNumber(input, fmt)).toThrow(expect.objectContaining({ code, message }));
  });
});
