import { sqlType, type Value } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { impliedBy, sameExpr } from './index-match.js';
import type { PhysicalExpr } from './physical-plan.js';

const int4 = sqlType('int4');
const bool = sqlType('bool');
const col = (index: number, name = `c${index}`, table?: string): PhysicalExpr => ({
  kind: 'column',
  type: int4,
  index,
  name,
  ...(table ? { table } : {}),
});
const k = (value: Value): PhysicalExpr => ({ kind: 'const', type: int4, value });
const op = (o: string, l: PhysicalExpr, r: PhysicalExpr): PhysicalExpr =>
  ({ kind: 'op', op: o, type: bool, args: [l, r] }) as unknown as PhysicalExpr;
const notNull = (arg: PhysicalExpr): PhysicalExpr =>
  ({ kind: 'isNull', type: bool, arg, negated: true }) as PhysicalExpr;

describe('sameExpr', () => {
  it('ignores column names and aliases, not slots', () => {
    expect(sameExpr(op('+', col(0, 'a', 't'), k(1)), op('+', col(0, 'x'), k(1)))).toBe(true);
    expect(sameExpr(op('+', col(0), k(1)), op('+', col(1), k(1)))).toBe(false);
  });
});

describe('impliedBy (partial index predicates)', () => {
  const a = col(0);
  const cases: [string, PhysicalExpr, PhysicalExpr, boolean][] = [
    ['same conjunct', op('>', a, k(90)), op('>', a, k(90)), true],
    ['a > 95 ⇒ a > 90', op('>', a, k(90)), op('>', a, k(95)), true],
    ['a >= 90 ⇏ a > 90', op('>', a, k(90)), op('>=', a, k(90)), false],
    ['a >= 91 ⇒ a > 90', op('>', a, k(90)), op('>=', a, k(91)), true],
    ['a = 91 ⇒ a > 90', op('>', a, k(90)), op('=', a, k(91)), true],
    ['a = 90 ⇏ a > 90', op('>', a, k(90)), op('=', a, k(90)), false],
    ['a > 50 ⇏ a > 90', op('>', a, k(90)), op('>', a, k(50)), false],
    ['a < 5 ⇒ a <= 5', op('<=', a, k(5)), op('<', a, k(5)), true],
    ['a <= 5 ⇏ a < 5', op('<', a, k(5)), op('<=', a, k(5)), false],
    ['90 < a ⇒ a > 90 (flipped)', op('>', a, k(90)), op('<', k(90), a), true],
    ['a > 1 ⇒ a IS NOT NULL', notNull(a), op('>', a, k(1)), true],
    ['other column ⇏', op('>', a, k(90)), op('>', col(1), k(95)), false],
  ];
  it.each(cases)('%s', (_, predicate, query, expected) => {
    expect(impliedBy([predicate], [query]) !== undefined).toBe(expected);
  });

  it('needs every conjunct of the predicate, and reports the conjuncts that imply it', () => {
    const p = [op('>', a, k(0)), op('<', col(1), k(10))];
    const q1 = op('>', a, k(5));
    const q2 = op('=', col(1), k(3));
    expect(impliedBy(p, [q1])).toBeUndefined();
    expect(impliedBy(p, [q1, q2, op('=', col(2), k(1))])).toEqual([q1, q2]);
  });
});
