/**
 * `parse` shares the parses of recent texts between its callers (sessions): the same AST for the
 * same text, frozen, and `parseFresh` for a caller that changes its parse.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseFresh } from './parse.js';

describe('parse cache', () => {
  it('answers a text parsed before with the same frozen statements, in a new array', () => {
    const sql = 'SELECT a, b FROM t WHERE a = 1 ORDER BY b';
    const first = parse(sql);
    const again = parse(sql);
    expect(again).not.toBe(first);
    expect(again[0]!.stmt).toBe(first[0]!.stmt);
    expect(again).toEqual(parseFresh(sql));
    expect(Object.isFrozen(first[0]!.stmt)).toBe(true);
    expect(() => {
      (first[0]!.stmt as { kind: string }).kind = 'insert';
    }).toThrow(TypeError);
    // The caller's array is its own.
    again.pop();
    expect(parse(sql)).toHaveLength(1);
  });

  it('gives parseFresh callers a statement they may change', () => {
    const sql = 'SELECT 1';
    const fresh = parseFresh(sql);
    expect(fresh[0]!.stmt).not.toBe(parse(sql)[0]!.stmt);
    expect(Object.isFrozen(fresh[0]!.stmt)).toBe(false);
  });

  it('reports a syntax error every time', () => {
    for (let i = 0; i < 2; i++) expect(() => parse('SELEC 1')).toThrow(/syntax error/);
  });
});
