import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignmentForType, formatTable } from './format-table.js';

/** Result sets and the bytes psql 15 printed for them (regenerate with testdata/capture-psql.mjs). */
interface PsqlCase {
  sql: string;
  columns: { name: string; typeOid: number }[];
  rows: (string | null)[][];
  psql: string;
}
const cases: PsqlCase[] = JSON.parse(
  readFileSync(new URL('../testdata/psql-aligned.json', import.meta.url), 'utf8'),
);

describe('formatTable matches psql byte for byte', () => {
  it.each(cases.map((c) => [c.sql, c] as const))('%s', (_sql, c) => {
    const columns = c.columns.map((col) => ({ name: col.name, align: alignmentForType(col.typeOid) }));
    expect(formatTable(columns, c.rows)).toBe(c.psql);
  });

  it('covers NULLs, numbers, multi-line values, wide characters and empty results', () => {
    const all = cases.map((c) => c.psql).join('');
    expect(all).toContain('(0 rows)');
    expect(all).toContain('+\n');
    expect(cases.some((c) => c.rows.some((r) => r.includes(null)))).toBe(true);
    expect(cases.some((c) => c.columns.some((col) => alignmentForType(col.typeOid) === 'right'))).toBe(true);
  });
});

describe('alignmentForType', () => {
  it('right-aligns the numeric types only', () => {
    expect([20, 21, 23, 700, 701, 1700, 26].map(alignmentForType)).toEqual(Array(7).fill('right'));
    expect([16, 25, 1043, 17, 1082].map(alignmentForType)).toEqual(Array(5).fill('left'));
  });
});
