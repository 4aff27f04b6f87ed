import { describe, expect, it } from 'vitest';
import { codePointLength, codePointOffset, codePointWidth, codePointWidthBefore } from './code-points.js';

describe('code points', () => {
  it('walks surrogate pairs as one character and lone surrogates as one each', () => {
    const s = 'a😀b\ud800c';
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => codePointOffset(s, n))).toEqual([0, 1, 3, 4, 5, 6, 6]);
    expect(codePointOffset(s, 2, 1)).toBe(4);
    expect([codePointLength(s), codePointLength(s, 3), codePointLength(s, 2), codePointLength('')]).toEqual([
      5, 2, 2, 0,
    ]);
    expect([
      codePointWidth(s, 1),
      codePointWidth(s, 4),
      codePointWidthBefore(s, 3),
      codePointWidthBefore(s, 5),
    ]).toEqual([2, 1, 2, 1]);
  });
});
