import { sqlType } from '@rustydb/common';
import { FUNCTION_SIGNATURES } from '@rustydb/planner';
import { describe, expect, it } from 'vitest';
import { hasImplementation } from './functions.js';
import { likeToRegExpSource } from './like.js';

describe('scalar functions', () => {
  it('implements every signature the binder can resolve', () => {
    const missing = FUNCTION_SIGNATURES.filter(
      (s) =>
        !hasImplementation(
          s.name,
          s.args.map((a) => sqlType(a)),
        ),
    ).map((s) => `${s.name}(${s.args.join(', ')})`);
    expect(missing).toEqual([]);
  });
});

describe('LIKE patterns', () => {
  it.each([
    ['a%', '\\', '^a.*$'],
    ['_b\\_', '\\', '^.b_$'],
    ['x#%', '#', '^x%$'],
    ['a.b', null, '^a\\.b$'],
    ['50\\', '\\', '(?!)'],
    // `\-` outside a bracket is an invalid escape under the `u` flag.
    ['a-b\\-', '\\', '^a-b-$'],
  ])('%s escape %s', (pattern, escapeChar, source) => {
    expect(likeToRegExpSource(pattern, escapeChar)).toBe(source);
  });
});
