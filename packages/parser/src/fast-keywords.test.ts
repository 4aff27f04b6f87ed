import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPlainName, UNRESERVED_KEYWORDS } from './fast-keywords.js';

const grammar = (file: string): string =>
  readFileSync(new URL(`../grammar/${file}`, import.meta.url), 'utf8');

/** Keyword token name → its word, from the lexer grammar's `NAME: 'word';` rules. */
function lexerKeywords(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of grammar('PostgreSqlLexer.g4').matchAll(/^([A-Z_][A-Z0-9_]*)\s*:\s*'([a-z_]+)'\s*;/gm))
    out.set(m[1]!, m[2]!);
  return out;
}

/** The token names listed in the parser grammar's rule `name`. */
function ruleTokens(name: string): string[] {
  const text = grammar('PostgreSqlParser.g4');
  const start = text.indexOf(`\n${name}\n`);
  expect(start).toBeGreaterThan(0);
  const body = text.slice(start + name.length + 2, text.indexOf(';', start));
  return [...body.matchAll(/\b([A-Z_][A-Z0-9_]*)\b/g)].map((m) => m[1]!);
}

describe('fast-path keywords', () => {
  it('lists exactly the grammar’s unreserved keywords', () => {
    const words = lexerKeywords();
    const expected = [...new Set(ruleTokens('unreservedKeyword').map((t) => words.get(t)))]
      .filter((w): w is string => w !== undefined)
      .sort();
    expect([...UNRESERVED_KEYWORDS].sort()).toEqual(expected);
  });

  it('takes identifiers and unreserved keywords as names, no other keyword', () => {
    const words = lexerKeywords();
    const unreserved = new Set(UNRESERVED_KEYWORDS);
    for (const word of words.values()) expect(isPlainName(word), word).toBe(unreserved.has(word));
    for (const word of ['items', 'grp', 'amount', 'label', 'weight', 't', 'x1$'])
      expect(isPlainName(word)).toBe(true);
    for (const word of ['select', 'values', 'null', 'true', 'int', 'integer', 'table', 'primary', 'default'])
      expect(isPlainName(word)).toBe(false);
  });
});
