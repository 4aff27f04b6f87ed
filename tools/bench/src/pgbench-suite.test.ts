import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';
import { type PgbenchRow, pgbenchCell, pgbenchTable } from './pgbench-suite.js';

const result = (tps: number, failed = 0) => ({
  result: { tps, transactions: 1000, failed, latencyMs: 1, aborted: false },
});

describe('the pgbench table', () => {
  it('prints tps, failures in place of numbers, and the RustyDB/PostgreSQL ratio', () => {
    const rows: PgbenchRow[] = [
      {
        workload: 'init -s 1 (rows loaded/s)',
        clients: undefined,
        mode: '',
        rustydb: { error: 'ERROR: syntax error at or near "with"' },
        postgres: result(400000),
      },
      {
        workload: 'select-only (-S)',
        clients: 4,
        mode: 'simple',
        rustydb: result(5000),
        postgres: result(20000),
      },
      { workload: 'tpcb-like', clients: 16, mode: 'prepared', rustydb: result(100, 3), postgres: undefined },
    ];
    expect(formatTable(pgbenchTable(rows))).toBe(
      [
        '| workload                  | clients | mode     |                                   RustyDB tps | PostgreSQL tps | ratio |',
        '|---------------------------|--------:|----------|----------------------------------------------:|---------------:|------:|',
        '| init -s 1 (rows loaded/s) |         |          | FAILED: ERROR: syntax error at or near "with" |         400000 |       |',
        '| select-only (-S)          |       4 | simple   |                                          5000 |          20000 |  0.25 |',
        '| tpcb-like                 |      16 | prepared |                                100 (3 failed) |                |       |',
        '',
      ].join('\n'),
    );
  });

  it('an absent PostgreSQL is an empty cell and a skipped run says why, neither is a failure', () => {
    expect(pgbenchCell(undefined)).toBe('');
    expect(pgbenchCell({ skipped: 'not run (init failed)' })).toBe('not run (init failed)');
  });
});
