/**
 * Resumable operators (operator.ts): every query runs twice — once with every scan handing back
 * YIELD between every two rows (so each operator above is suspended and resumed at every point
 * of its input), once without — and must give the same rows. EXPLAIN shows which operator each
 * case exercises. (Merge Join, which the planner picks only with its cost settings, is tested
 * with yielding inputs in merge-join.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlHarness } from './testing/sql-harness.js';

const cases: [string, string, string][] = [
  ['Sort', 'Sort', 'SELECT a, b FROM t ORDER BY b DESC, a'],
  ['top-N Sort with OFFSET', 'Sort', 'SELECT a FROM t ORDER BY b, a LIMIT 7 OFFSET 5'],
  ['HashAggregate', 'HashAggregate', 'SELECT b, count(*), sum(a), max(a) FROM t GROUP BY b'],
  ['plain Aggregate', 'Aggregate', 'SELECT count(*), sum(a) FROM t WHERE a % 3 = 0'],
  ['grouping sets', 'MixedAggregate', 'SELECT b, c, count(*) FROM t GROUP BY ROLLUP (b, c)'],
  ['Hash Join', 'Hash Join', 'SELECT t.a, u.y FROM t JOIN u ON t.a = u.x'],
  ['Hash Full Join', 'Hash Full Join', 'SELECT t.a, u.y FROM t FULL JOIN u ON t.b = u.x'],
  ['Nested Loop', 'Nested Loop', 'SELECT t.a, u.x FROM t JOIN u ON t.a < u.x AND u.x < 40'],
  ['Nested Loop Left Join', 'Nested Loop', 'SELECT t.a, u.x FROM t LEFT JOIN u ON t.a > u.x + 590'],
  ['semi join (EXISTS)', 'Semi', 'SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.x = t.b)'],
  ['anti join (NOT EXISTS)', 'Anti', 'SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.x = t.a)'],
  [
    'WindowAgg',
    'WindowAgg',
    'SELECT a, row_number() OVER (PARTITION BY b ORDER BY a DESC), sum(a) OVER (ORDER BY a) FROM t',
  ],
  ['UNION', 'Append', 'SELECT b FROM t UNION SELECT x FROM u'],
  ['INTERSECT', 'Intersect', 'SELECT b FROM t INTERSECT SELECT x FROM u'],
  ['EXCEPT ALL', 'Except', 'SELECT b FROM t EXCEPT ALL SELECT x FROM u'],
  [
    'CTE',
    'CTE Scan',
    'WITH w AS MATERIALIZED (SELECT a, b FROM t WHERE a % 2 = 0) SELECT x.a, y.b FROM w x JOIN w y ON x.a = y.a',
  ],
  [
    'recursive CTE',
    'Recursive Union',
    'WITH RECURSIVE r(n) AS (SELECT a FROM t WHERE a < 3 UNION ALL SELECT n + 100 FROM r WHERE n < 500) SELECT count(*), sum(n) FROM r',
  ],
  ['DISTINCT', 'HashAggregate', 'SELECT DISTINCT b, c FROM t'],
  ['DISTINCT ON', 'Unique', 'SELECT DISTINCT ON (b) b, a FROM t ORDER BY b, a DESC'],
  ['LIMIT / OFFSET', 'Limit', 'SELECT a FROM t LIMIT 300 OFFSET 250'],
  // Subplans run to their end inside the expression (nextRows); the scan of t around them yields.
  ['scalar subquery', 'Seq Scan on t', 'SELECT a, (SELECT max(x) FROM u WHERE u.x <= t.b) FROM t'],
  ['IN (subquery)', 'Seq Scan on t', 'SELECT a FROM t WHERE a IN (SELECT x * 2 FROM u) OR b = 7'],
  ['generate_series', 'Function Scan', 'SELECT count(*), sum(g) FROM generate_series(1, 1000) g'],
  ['LATERAL', 'Nested Loop', 'SELECT t.a, l.x FROM t, LATERAL (SELECT x FROM u WHERE u.x = t.b LIMIT 2) l'],
];

/** With work_mem = 1 byte every sort, hash table and window sort spills (and reads back). */
for (const [config, workMem] of [
  ['in memory', undefined],
  ['spilling everything', 1],
] as const) {
  describe(`operators resumed after a YIELD between every two rows give the same rows (${config})`, () => {
    const options = workMem === undefined ? {} : { workMem };
    const plain = SqlHarness.create(options);
    const yielding = SqlHarness.create({ ...options, yieldEveryRow: true });
    beforeAll(async () => {
      for (const h of [plain, yielding]) {
        await h.run('CREATE TABLE t (a int, b int, c text)');
        await h.run("INSERT INTO t SELECT g, g % 17, 'c' || (g % 3) FROM generate_series(1, 600) g");
        await h.run('CREATE TABLE u (x int, y text)');
        await h.run("INSERT INTO u SELECT g, 'y' || g FROM generate_series(1, 300, 2) g");
      }
    });
    afterAll(() => {
      plain.close();
      yielding.close();
    });

    it.each(cases)('%s', async (_, node, sql) => {
      expect(plain.explain(sql).join('\n')).toContain(node);
      const expected = await plain.run(sql);
      const got = await yielding.run(sql);
      expect(expected.rows.length).toBeGreaterThan(0);
      expect(got.rows).toEqual(expected.rows);
    });
  });
}
