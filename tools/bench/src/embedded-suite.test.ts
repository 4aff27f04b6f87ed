import { describe, expect, it } from 'vitest';
import { ROUNDS, runEmbeddedSuite } from './embedded-suite.js';
import { formatTable } from './format-table.js';
import { isMeasurement } from './measure.js';

/** The harness end to end at a tiny scale: both engines, every workload, checked results. */
describe('runEmbeddedSuite (smoke, 1,000 rows)', () => {
  it('measures every workload on RustyDB and SQLite and prints them', async () => {
    const { results, report } = await runEmbeddedSuite({
      rows: 1000,
      lookups: 300,
      updates: 20,
      maxMeasureMs: 300,
    });
    expect(results.map((r) => r.workload)).toEqual([
      'bulk insert 1000 rows, 1 transaction',
      'point select by primary key',
      'autocommit update (durable commit)',
      'GROUP BY over 1000 rows',
      'join 1000 x 100 rows',
    ]);
    for (const r of results) {
      // Each outcome is a measurement: a wrong row count or an engine error would be { error }.
      expect(r.sqlite, `${r.workload} on SQLite`).toSatisfy(isMeasurement);
      expect(r.rustydb, `${r.workload} on RustyDB`).toSatisfy(isMeasurement);
      if (isMeasurement(r.rustydb)) expect(r.rustydb.rate).toBeGreaterThan(0);
    }
    const bulk = results[0].rustydb;
    expect(isMeasurement(bulk) && bulk.ops).toBe(1000);
    expect(results[0].roundRatios).toBeUndefined();
    // The repeated workloads alternate in rounds: a ratio per round, and each engine's
    // operations over them all (the update's 20 in rounds of 4).
    for (const r of results.slice(1)) expect(r.roundRatios, r.workload).toHaveLength(ROUNDS);
    const update = results[2]!;
    expect(isMeasurement(update.rustydb) && update.rustydb.ops).toBe(20);
    expect(isMeasurement(update.sqlite) && update.sqlite.ops).toBe(20);
    const text = formatTable(report.table);
    expect(text).toContain('| point select by primary key');
    expect(report.table.headers.at(-1)).toBe('rounds');
    expect(text).not.toContain('FAILED');
    expect(report.notes.some((n) => n.startsWith('Peak RSS of this process'))).toBe(true);
  });
});
