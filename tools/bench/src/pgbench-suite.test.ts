import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';
import {
  combineRounds,
  type PgbenchRow,
  pgbenchCell,
  pgbenchRunPlan,
  pgbenchTable,
  WARM_UP_SECONDS,
} from './pgbench-suite.js';

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

describe('several rounds of a row', () => {
  it("keep each server's median round, the median of the rounds' ratios, and list the ratios", () => {
    const combined = combineRounds([
      { rustydb: result(900), postgres: result(1000) },
      { rustydb: result(1300), postgres: result(1000) },
      { rustydb: result(1000), postgres: result(1250) },
    ]);
    expect(combined.roundRatios).toEqual([0.9, 1.3, 0.8]);
    expect(combined.rustydb).toEqual(result(1000));
    expect(combined.postgres).toEqual(result(1000));
    const row: PgbenchRow = { workload: 'tpcb-like', clients: 1, mode: 'simple', ...combined };
    expect(formatTable(pgbenchTable([row]))).toBe(
      [
        '| workload  | clients | mode   | RustyDB tps | PostgreSQL tps | ratio | rounds         |',
        '|-----------|--------:|--------|------------:|---------------:|------:|----------------|',
        '| tpcb-like |       1 | simple |        1000 |           1000 |  0.90 | 0.90 1.30 0.80 |',
        '',
      ].join('\n'),
    );
  });

  it("a failed round is the row's cell; ratios come from the rounds that ran", () => {
    const combined = combineRounds([
      { rustydb: result(900), postgres: result(1000) },
      { rustydb: { error: 'pgbench exited with 2' }, postgres: result(1000) },
    ]);
    expect(combined.rustydb).toEqual({ error: 'pgbench exited with 2' });
    expect(combined.roundRatios).toEqual([0.9]);
  });

  it('one round is the row as it ran, without a rounds column', () => {
    const combined = combineRounds([{ rustydb: result(900), postgres: result(1000) }]);
    expect(combined.roundRatios).toBeUndefined();
  });
});

describe('the pgbench run plan', () => {
  it('warms each workload and mode up at one client, unmeasured, before its measured runs', () => {
    const plan = pgbenchRunPlan({ pgbenchSeconds: 5, pgbenchClients: [1, 16] });
    const shown = plan.map((s) => `${s.warmUp ? 'warm-up' : 'measure'} ${s.args.join(' ')}`);
    expect(shown).toEqual([
      `warm-up -S -M simple -c 1 -j 1 -T ${WARM_UP_SECONDS}`,
      'measure -S -M simple -c 1 -j 1 -T 5',
      'measure -S -M simple -c 16 -j 1 -T 5',
      `warm-up -S -M prepared -c 1 -j 1 -T ${WARM_UP_SECONDS}`,
      'measure -S -M prepared -c 1 -j 1 -T 5',
      'measure -S -M prepared -c 16 -j 1 -T 5',
      `warm-up -M simple -c 1 -j 1 -T ${WARM_UP_SECONDS}`,
      'measure -M simple -c 1 -j 1 -T 5',
      'measure -M simple -c 16 -j 1 -T 5',
      `warm-up -M prepared -c 1 -j 1 -T ${WARM_UP_SECONDS}`,
      'measure -M prepared -c 1 -j 1 -T 5',
      'measure -M prepared -c 16 -j 1 -T 5',
    ]);
    expect(plan.filter((s) => !s.warmUp).map((s) => [s.workload, s.mode, s.clients])).toEqual([
      ['select-only (-S)', 'simple', 1],
      ['select-only (-S)', 'simple', 16],
      ['select-only (-S)', 'prepared', 1],
      ['select-only (-S)', 'prepared', 16],
      ['tpcb-like', 'simple', 1],
      ['tpcb-like', 'simple', 16],
      ['tpcb-like', 'prepared', 1],
      ['tpcb-like', 'prepared', 16],
    ]);
  });
});
