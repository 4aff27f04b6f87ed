import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { parseRepeatedRows, parseShaped } from './repeated-values-parse.js';
import { statementShape } from './statement-shape.js';

const rows = (n: number, row: (i: number) => string, sep = ', '): string =>
  Array.from({ length: n }, (_, i) => row(i)).join(sep);

/** Statements the one-row parse must reproduce exactly. */
const replicated: string[] = [
  `INSERT INTO items VALUES ${rows(50, (i) => `(${i}, ${i % 7}, 'name-${i}', ${(i * 7) % 1000})`)}`,
  `insert into t (a, b) values ${rows(5, (i) => `(${i}.5, 'it''s ${i}')`)} returning a, b`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(-${i}, -${i}.25, 1e${i}, NULL, DEFAULT, true)`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `('${i}'::int, CAST('x${i}' AS varchar), ${i} + ${i} * 2)`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, 'v${i}')`)} ON CONFLICT (a) DO UPDATE SET b = excluded.b || 'z' RETURNING *`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, ${3_000_000_000 + i}, ${i + 1}00000000000000000000)`)};`,
  `SELECT * FROM (VALUES ${rows(8, (i) => `(${i}, 'a${i}')`)}) AS v (x, y) WHERE x > 2 ORDER BY 1`,
  `VALUES ${rows(8, (i) => `(${i}, $1, 'q${i}')`)} LIMIT 3`,
  `WITH w AS (SELECT 1) INSERT INTO t SELECT * FROM (VALUES ${rows(5, (i) => `(${i})`)}) v /* c */ RETURNING 'done'`,
  `INSERT INTO t VALUES\n${rows(5, (i) => `( ${i} ,  'x'  -- c\n )`, ',\n')}`,
  `INSERT INTO t VALUES ${rows(5, (i) => `(${i} - ${i}, -${i} - -${i}, COALESCE(NULL, ${i}), NULLIF(${i}, 0), ROW(${i}, 'r'))`)}`,
];

/** Statements that must fall back to the full parse (and still give its result). */
const fallbacks: string[] = [
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, upper('x${i}'))`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => (i === 3 ? `(${i}, 'x')` : `(${i}, ${i})`))}`,
  `INSERT INTO t VALUES ${rows(6, (i) => (i === 3 ? `(${i},${i})` : `(${i}, ${i})`))}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, E'e${i}')`)}`,
  // A type modifier is a literal slot but no literal node.
  `INSERT INTO t VALUES ${rows(6, (i) => `(CAST('x${i}' AS varchar(${i + 1})))`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, (SELECT ${i}))`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(- -${i})`)}`,
  `INSERT INTO t VALUES (1), (2)`,
  `INSERT INTO t SELECT a FROM u WHERE a IN (1, 2, 3, 4, 5)`,
];

function check(sql: string): ReturnType<typeof parseRepeatedRows> {
  const shape = statementShape(sql);
  expect(shape).toBeDefined();
  const full = parse(sql);
  expect(parseShaped(sql, shape!)).toEqual(full);
  return parseRepeatedRows(sql, shape!);
}

describe('parseShaped', () => {
  it.each(replicated)('replicates the first row exactly: %s', (sql) => {
    const fast = check(sql);
    expect(fast).toBeDefined();
    expect(fast).toEqual(parse(sql));
  });

  it.each(fallbacks)('falls back to the full parse: %s', (sql) => {
    expect(check(sql)).toBeUndefined();
  });

  it('reports syntax errors of the full text, with its positions', () => {
    const sql = `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, 'a')`)} RETURNIN x`;
    const shape = statementShape(sql)!;
    let full: unknown;
    try {
      parse(sql);
    } catch (err) {
      full = err;
    }
    expect(full).toBeDefined();
    expect(() => parseShaped(sql, shape)).toThrow(full as Error);
    try {
      parseShaped(sql, shape);
    } catch (err) {
      expect(err).toEqual(full);
    }
  });
});
