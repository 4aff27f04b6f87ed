/**
 * quoteIdent against PostgreSQL 15's quote_ident (answers taken from it with psql).
 */
import { describe, expect, it } from 'vitest';
import { quoteIdent } from './quote-ident.js';

describe('quoteIdent', () => {
  it('leaves plain lower-case names and unreserved keywords bare', () => {
    for (const name of ['t', 'a_1', '_x', 'name', 'text', 'cube', 'abort', 'zone'])
      expect(quoteIdent(name)).toBe(name);
  });

  it('quotes reserved, column-name and type/function-name keywords alike', () => {
    // reserved; col_name (int, between, xmltable); type_func_name (inner, left, join).
    for (const name of ['select', 'user', 'int', 'between', 'xmltable', 'inner', 'left', 'join']) {
      expect(quoteIdent(name)).toBe(`"${name}"`);
    }
  });

  it('quotes anything but lower-case letters, digits and underscores, doubling quotes', () => {
    expect(quoteIdent('a$b')).toBe('"a$b"');
    expect(quoteIdent('1a')).toBe('"1a"');
    expect(quoteIdent('Mixed')).toBe('"Mixed"');
    expect(quoteIdent('a b')).toBe('"a b"');
    expect(quoteIdent('say "hi"')).toBe('"say ""hi"""');
    expect(quoteIdent('')).toBe('""');
  });
});
