import { describe, expect, it } from 'vitest';
import { regexSubstring } from './posix-regex.js';

// Expected values are PostgreSQL 15's substring(s FROM pattern) for the same inputs.
describe('regexSubstring', () => {
  const sub = regexSubstring();
  it.each([
    ['hello', 'l+', 'll'],
    ['foobar', 'o(.)b', 'o'],
    ['x[ab]y', '[]a[]+', '[a'],
    ['2024-01-15', '^(\\d{4})-', '2024'],
    ['a\nb', 'a.b', 'a\nb'],
    ['foo.bar', '***=o.b', 'o.b'],
    ['Abc', '[[:upper:]][[:lower:]]*$', 'Abc'],
    ['ab12', '\\Ab(.)', null],
    ['one two', '\\y\\w+\\Z', 'two'],
    ['foo', 'foo(bar)?', null],
  ] as const)('substring(%j FROM %j)', (s, pattern, want) => {
    expect(sub(s, pattern)).toBe(want);
  });

  it('rejects an unbalanced pattern with 2201B', () => {
    expect(() => sub('abc', 'a(')).toThrow(expect.objectContaining({ code: '2201B' }));
  });
});
