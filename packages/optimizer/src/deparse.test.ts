import { parseText, rangeOperatorCall, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { Deparser } from './deparse.js';
import type { PhysicalExpr } from './physical-plan.js';

const INT4R = sqlType('int4range');
const BOOL = sqlType('bool');
const k: PhysicalExpr = { kind: 'column', type: INT4R, index: 0, name: 'k' };
const range = (text: string): PhysicalExpr => ({ kind: 'const', type: INT4R, value: parseText(text, INT4R) });

describe('Deparser.cond', () => {
  it("prints a condition once parenthesized when a constant's text holds parentheses", () => {
    const eq: PhysicalExpr = { kind: 'op', type: BOOL, op: '=', args: [k, range('[1,2)')] } as PhysicalExpr;
    expect(new Deparser(false).cond(eq)).toBe("(k = '[1,2)'::int4range)");
  });

  it('prints the binder’s range operator calls as their operators', () => {
    const call: PhysicalExpr = {
      kind: 'func',
      type: BOOL,
      name: rangeOperatorCall('-|-'),
      args: [k, range('(,5)')],
    } as PhysicalExpr;
    expect(new Deparser(false).cond(call)).toBe("(k -|- '(,5)'::int4range)");
  });
});
