import { type SqlArray, sqlType, type Value } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { regexpFunction, regexpRows } from './regexp-functions.js';

const text = sqlType('text');
const int4 = sqlType('int4');

/** Calls regexp function `name` with arguments typed text, or int4 for numbers. */
function call(name: string, ...args: Value[]): Value {
  const f = regexpFunction(
    name,
    args.map((a) => (typeof a === 'number' ? int4 : text)),
  );
  return f!(args);
}

const elements = (v: Value) => (v as SqlArray).elements;

describe('regexp_replace', () => {
  it('replaces the first match, or every one with g, expanding \\1, \\& and \\\\', () => {
    expect(call('regexp_replace', 'foobarbaz', 'b..', 'X')).toBe('fooXbaz');
    expect(call('regexp_replace', 'foobarbaz', 'b..', 'X', 'g')).toBe('fooXX');
    expect(call('regexp_replace', 'aXbXc', 'x', '\\&\\&\\1-\\\\', 'gi')).toBe('aXX-\\bXX-\\c');
    expect(call('regexp_replace', 'abc', '', '-', 'g')).toBe('-a-b-c-');
  });

  it('starts at a character position and replaces the Nth match (0: all)', () => {
    expect(call('regexp_replace', 'abcabc', 'b', 'x', 2)).toBe('axcabc');
    expect(call('regexp_replace', 'abcabc', 'b', 'x', 1, 2)).toBe('abcaxc');
    expect(call('regexp_replace', 'abcabc', 'b', 'x', 1, 0)).toBe('axcaxc');
    expect(call('regexp_replace', 'héllo wörld', 'ö', 'o', 8)).toBe('héllo world');
    expect(() => call('regexp_replace', 'abc', 'b', 'x', 0)).toThrow(/parameter "start": 0/);
  });

  it('rejects unknown flags (22023) and invalid patterns (2201B)', () => {
    expect(() => call('regexp_replace', 'abc', 'b', 'x', 'z')).toThrow(
      expect.objectContaining({ code: '22023' }),
    );
    expect(() => call('regexp_replace', 'abc', '(', 'x')).toThrow(expect.objectContaining({ code: '2201B' }));
  });
});

describe('matching and splitting', () => {
  it('regexp_match gives the subexpressions (NULL where unmatched) or the whole match', () => {
    expect(elements(call('regexp_match', 'foobarbequebaz', '(bar)(beque)'))).toEqual(['bar', 'beque']);
    expect(elements(call('regexp_match', 'abc', '(x)?b'))).toEqual([null]);
    expect(call('regexp_match', 'abc', 'x')).toBeNull();
    expect(() => call('regexp_match', 'abc', 'b', 'g')).toThrow(/does not support the "global" option/);
  });

  it('regexp_matches with g gives one row per match, empty matches included', () => {
    expect(regexpRows('regexp_matches', ['abc', '', 'g'])).toHaveLength(4);
    expect(regexpRows('regexp_matches', ['a1b22', '\\d+', 'g']).map((r) => elements(r[0]))).toEqual([
      ['1'],
      ['22'],
    ]);
  });

  it('splitting ignores empty matches at the ends and right after a match', () => {
    expect(elements(call('regexp_split_to_array', 'abc', ''))).toEqual(['a', 'b', 'c']);
    expect(elements(call('regexp_split_to_array', 'abc', 'x*'))).toEqual(['a', 'b', 'c']);
    expect(elements(call('regexp_split_to_array', '', 'x'))).toEqual(['']);
    expect(regexpRows('regexp_split_to_table', ['a,b,,c', ','])).toEqual([['a'], ['b'], [''], ['c']]);
  });
});

describe('regexp_count, regexp_instr, regexp_substr, regexp_like', () => {
  it('counts characters, not UTF-16 units, in positions', () => {
    expect(call('regexp_count', 'aaa', '')).toBe(4);
    expect(call('regexp_count', 'abc', '', 5)).toBe(0);
    expect(call('regexp_instr', '😀a😀a', 'a', 1, 2)).toBe(4);
    expect(call('regexp_instr', 'ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2)).toBe(6);
    expect(call('regexp_instr', 'abcabc', 'b', 1, 2, 1)).toBe(6);
  });

  it('regexp_substr returns the Nth match or its subexpression, NULL when there is none', () => {
    expect(call('regexp_substr', 'ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2)).toBe('FGH');
    expect(call('regexp_substr', 'abc', '(b)', 1, 1, '', 5)).toBeNull();
    expect(call('regexp_like', 'Hello World', 'world', 'i')).toBe(true);
  });

  it('honours the newline-sensitivity and expanded-syntax flags', () => {
    expect(call('regexp_replace', 'ab\ncd', 'b.c', 'X')).toBe('aXd');
    expect(call('regexp_replace', 'ab\ncd', 'b.c', 'X', 'n')).toBe('ab\ncd');
    expect(call('regexp_replace', 'ab\ncd', '^c', 'X', 'w')).toBe('ab\nXd');
    expect(call('regexp_like', 'ab', 'a b # comment', 'x')).toBe(true);
    expect(call('regexp_replace', 'a.b', '.', '-', 'gq')).toBe('a-b');
  });
});
