import { MAX_ARRAY_ELEMENTS, pushBounded } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { reverseCodePoints, splitBounded } from './code-points.js';

describe('code points', () => {
  it('reverses by code point, keeping lone surrogates', () => {
    expect(reverseCodePoints('a😀b\ud800')).toBe('\ud800b😀a');
    const long = 'xy😀'.repeat(5000);
    expect(reverseCodePoints(reverseCodePoints(long))).toBe(long);
  });

  it('splits as String.prototype.split below the limit', () => {
    expect(splitBounded('a--b--', '--')).toEqual(['a', 'b', '']);
  });

  it('refuses to grow a collected array past MAX_ARRAY_ELEMENTS', () => {
    const items: number[] = [];
    items.length = MAX_ARRAY_ELEMENTS - 1;
    pushBounded(items, 1);
    expect(() => pushBounded(items, 2)).toThrow(
      expect.objectContaining({
        code: '54000',
        message: `array size exceeds the maximum allowed (${MAX_ARRAY_ELEMENTS})`,
      }),
    );
  });
});
