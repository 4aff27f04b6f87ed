import { seededRandom } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { parseFast } from './fast-parse.js';
import { parseWithAntlr } from './parse.js';

/** A seeded generator, so a failure replays. */
const random = seededRandom;

/** Valid statements, as token lists, that the mutations start from. */
const SEEDS: string[][] = [
  ['INSERT', 'INTO', 'items', 'VALUES', '(', '1', ',', "'a'", ')', ',', '(', '-', '2', ',', 'NULL', ')'],
  [
    'insert',
    'into',
    's',
    '.',
    't',
    '(',
    'a',
    ',',
    '"B"',
    ')',
    'values',
    '(',
    '$1',
    '::',
    'int',
    ',',
    '1.5e3',
    ')',
    ';',
  ],
  [
    'CREATE',
    'TABLE',
    'items',
    '(',
    'id',
    'integer',
    'PRIMARY',
    'KEY',
    ',',
    'name',
    'text',
    'NOT',
    'NULL',
    ')',
  ],
  [
    'create',
    'table',
    'if',
    'not',
    'exists',
    't',
    '(',
    'a',
    'int8',
    'UNIQUE',
    ',',
    'b',
    'bool',
    'NULL',
    ')',
    ';',
  ],
  ['BEGIN', ';'],
  ['COMMIT'],
];

/** Tokens a mutation may insert or substitute: the fast path's own, and some it must refuse. */
const VOCABULARY = [
  ...new Set(SEEDS.flat()),
  'DEFAULT',
  'RETURNING',
  '*',
  '+',
  'x',
  'select',
  'values',
  'true',
  'FALSE',
  "'it''s'",
  "E'x'",
  '007',
  '.5',
  '5.',
  '1e',
  '$0',
  '$$a$$',
  'varchar',
  '(',
  ')',
  '10',
  'key',
  'primary',
  'unique',
  'AS',
  'ON',
  'TEMP',
  'transaction',
  'groups',
  'data',
  '"x""y"',
  "'a'\n'b'",
  '--c\n',
  '/*c*/',
  ':',
  '[',
  ']',
];
const SPACES = ['', ' ', ' ', ' ', '\n', '  '];

describe('parseFast against ANTLR on mutated statements', () => {
  it('never builds anything but what ANTLR builds (12,000 seeded mutations)', () => {
    const next = random(20261129);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    let taken = 0;
    for (let n = 0; n < 12_000; n++) {
      const tokens = [...pick(SEEDS)];
      for (let m = 1 + Math.floor(next() * 3); m > 0; m--) {
        const at = Math.floor(next() * (tokens.length + 1));
        const op = next();
        if (op < 0.3) tokens.splice(at, 1);
        else if (op < 0.6) tokens.splice(at, 0, pick(VOCABULARY));
        else if (op < 0.9) tokens[Math.min(at, tokens.length - 1)] = pick(VOCABULARY);
        else tokens.push(...tokens.slice(at, at + 4));
      }
      let sql = pick(SPACES);
      for (const t of tokens) sql += t + pick(SPACES);
      const fast = parseFast(sql);
      if (fast === undefined) continue;
      taken++;
      let full: unknown;
      try {
        full = parseWithAntlr(sql);
      } catch (err) {
        full = `error: ${(err as Error).message}`;
      }
      expect(JSON.stringify(fast), sql).toBe(JSON.stringify(full));
    }
    // The mutations keep enough statements valid for the comparison to mean something.
    expect(taken).toBeGreaterThan(400);
  });
});
