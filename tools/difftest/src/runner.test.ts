import { describe, expect, it } from 'vitest';
import { compareOutcomes } from './compare-outcomes.js';
import type { StatementOutcome } from './diff-connection.js';
import { parseKnownDifferences } from './known-differences.js';
import { formatDifference, formatTally, type StatementResult, schemaName, tally } from './runner.js';

function result(index: number, pg: StatementOutcome, rdb: StatementOutcome): StatementResult {
  return {
    statement: { index, line: index * 2, sql: `SELECT ${index}`, label: 'what it tests' },
    key: `f.sql:${index}`,
    ordered: false,
    postgres: pg,
    rustydb: rdb,
    comparison: compareOutcomes(pg, rdb, false),
  };
}

const one: StatementOutcome = { kind: 'result', tag: 'SELECT 1', columns: [], rows: [] };
const boom: StatementOutcome = { kind: 'error', code: 'XX000', message: 'boom' };

describe('tally', () => {
  it('sorts differences into known and unexplained, and finds stale list entries', () => {
    const results = [result(1, one, one), result(2, one, boom), result(3, one, boom), result(4, one, one)];
    const t = tally(results, parseKnownDifferences('f.sql:2 known cause\nf.sql:4 fixed since'));
    expect(t).toMatchObject({ statements: 4, identical: 2, different: 2, known: 1, stale: ['f.sql:4'] });
    expect(t.unexplained.map((r) => r.key)).toEqual(['f.sql:3']);
    expect(formatTally(t)).toBe('difftest: 4 statements, 2 identical, 2 different (1 known)');
    expect(formatTally(tally(results.slice(0, 1), new Map()), 'f.sql')).toBe(
      'difftest f.sql: 1 statements, 1 identical, 0 different',
    );
  });
});

describe('formatDifference', () => {
  it('shows the key, line, label, SQL and reasons', () => {
    expect(formatDifference(result(3, one, boom), 'listed')).toBe(
      [
        'DIFF f.sql:3 (line 6) known: listed',
        '  -- what it tests',
        '  | SELECT 3',
        '  postgres: SELECT 1; rustydb: error XX000 (boom)',
      ].join('\n'),
    );
  });
});

describe('schemaName', () => {
  it('derives a lower-case identifier from the file name', () => {
    expect(schemaName('07-Window.sql')).toBe('difftest_07_window');
  });
});
