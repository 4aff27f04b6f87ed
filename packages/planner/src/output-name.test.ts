import { parseExpression } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { outputName } from './output-name.js';

describe('outputName (PostgreSQL 15 FigureColname)', () => {
  it.for([
    ['a', 'a'],
    ['t.a', 'a'],
    ['lower(a)', 'lower'],
    ['1::int', 'int4'],
    ["'{}'::text[]", 'text'],
    ['ARRAY[1, 2]', 'array'],
    ['ARRAY[]::int[]', 'array'],
    ['ARRAY[1]::text', 'array'],
    ['(ARRAY[10, 20])[1]', 'array'],
    ['(ARRAY[10, 20])[1:2]', 'array'],
    ['tags[1]', 'tags'],
    ['t.tags[1][2]', 'tags'],
    ['(1 + 2)', '?column?'],
    ['(a).f', 'f'],
    ['a[1]::text', 'a'],
    ["ROW(1, 'x')::c2", 'row'],
    ['(1, 2)::text', 'row'],
  ] as const)('%s → %s', ([sql, name]) => {
    expect(outputName(parseExpression(sql))).toBe(name);
  });
});
