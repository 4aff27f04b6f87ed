import { describe, expect, it } from 'vitest';
import { hasTopLevelOrderBy } from './order-sensitivity.js';

describe('hasTopLevelOrderBy', () => {
  it.for([
    ['SELECT a FROM t ORDER BY a', true],
    ['select a from t order\n  by a desc limit 1', true],
    ['SELECT 1 UNION SELECT 2 ORDER BY 1', true],
    ['SELECT a FROM t', false],
    ['SELECT row_number() OVER (ORDER BY a) FROM t', false],
    ["SELECT string_agg(a, ',' ORDER BY a) FROM t", false],
    ['SELECT * FROM (SELECT a FROM t ORDER BY a) s', false],
    ['WITH x AS (SELECT 1 ORDER BY 1) SELECT * FROM x', false],
    ["SELECT 'order by' FROM t", false],
    ['SELECT "order" FROM t -- order by a', false],
    ["SELECT E'it\\'s order by' FROM t", false],
    ['SELECT $$ order by $$ FROM t', false],
    ['SELECT 1 /* ORDER BY */', false],
    ['INSERT INTO t VALUES (1) RETURNING a', false],
  ] as const)('%s → %s', ([sql, expected]) => {
    expect(hasTopLevelOrderBy(sql)).toBe(expected);
  });
});
