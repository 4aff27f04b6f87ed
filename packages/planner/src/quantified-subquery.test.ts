import { formatExpr, parseExpression, type QuantifiedSubquery } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { quantifiedAsScalarSubquery } from './quantified-subquery.js';

const rewrite = (sql: string) =>
  formatExpr(quantifiedAsScalarSubquery(parseExpression(sql) as QuantifiedSubquery));

describe('quantifiedAsScalarSubquery', () => {
  it('decides ANY with bool_or, and NULL when some comparison is NULL and none is true', () => {
    const text = rewrite('v > ANY (SELECT w FROM t2)');
    expect(text).toContain('bool_or');
    expect(text).toContain('count(*) = count(');
    expect(text).toMatch(/THEN true .*THEN false END/);
  });

  it('decides ALL with bool_or(NOT …), true for an empty subquery', () => {
    expect(rewrite('v < ALL (SELECT w FROM t2)')).toMatch(/bool_or\(NOT .*THEN false .*THEN true END/);
  });

  it('keeps the comparison operator and the compared expression', () => {
    expect(rewrite('a + 1 <= SOME (SELECT 2)')).toContain('<= "?quantified?"."?value?"');
  });
});
