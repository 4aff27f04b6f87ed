import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePgbenchOutput, summarizePgbenchError } from './pgbench-output.js';

/** Real pgbench 15.18 output, captured against PostgreSQL 15 and the RustyDB server. */
const fixture = (name: string) =>
  readFileSync(new URL(`../testdata/pgbench/${name}`, import.meta.url), 'utf8');

describe('parsePgbenchOutput', () => {
  it("reads tps, transactions, failures and latency from PostgreSQL's report", () => {
    expect(parsePgbenchOutput(fixture('postgres-select-only-prepared.stdout'))).toEqual({
      tps: 29742.842961,
      transactions: 58782,
      failed: 0,
      latencyMs: 0.134,
      aborted: false,
    });
  });

  it('reads a RustyDB run whose pre-run VACUUM/TRUNCATE failed but whose transactions ran', () => {
    const result = parsePgbenchOutput(
      fixture('rustydb-select-only-simple.stdout'),
      fixture('rustydb-select-only-simple.stderr'),
    );
    expect(result).toMatchObject({ tps: 7849.324189, transactions: 15692, failed: 0, aborted: false });
  });

  it('returns undefined when an aborted run printed no tps line', () => {
    expect(parsePgbenchOutput(fixture('rustydb-prepared-aborted.stdout'))).toBeUndefined();
    expect(parsePgbenchOutput(fixture('rustydb-tpcb-aborted.stdout'))).toBeUndefined();
    expect(parsePgbenchOutput('')).toBeUndefined();
  });

  it('marks a run aborted when either stream says so, and counts failed transactions', () => {
    const stdout = [
      'number of transactions actually processed: 90',
      'number of failed transactions: 10 (10.000%)',
      'latency average = 1.5 ms',
      'tps = 45.5 (without initial connection time)',
    ].join('\n');
    expect(parsePgbenchOutput(stdout)).toEqual({
      tps: 45.5,
      transactions: 90,
      failed: 10,
      latencyMs: 1.5,
      aborted: false,
    });
    const stderr = 'pgbench: error: Run was aborted; the above results are incomplete.\n';
    expect(parsePgbenchOutput(stdout, stderr)?.aborted).toBe(true);
  });
});

describe('summarizePgbenchError', () => {
  it("keeps the init's error and drops progress, NOTICEs, LINE context and details", () => {
    expect(summarizePgbenchError(fixture('rustydb-init-fillfactor.stderr'))).toBe(
      'ERROR: syntax error at or near "with"',
    );
  });

  it("skips the errors pgbench ignores and reports a client's abort once", () => {
    expect(summarizePgbenchError(fixture('rustydb-tpcb-aborted.stderr'))).toBe(
      'aborted in command 9: ERROR: this SQL value function is not supported',
    );
    expect(summarizePgbenchError(fixture('rustydb-prepared-aborted.stderr'))).toBe(
      'aborted in command 1: ERROR: extended query protocol is not supported yet',
    );
  });

  it('reports errors that stop pgbench before it runs', () => {
    expect(summarizePgbenchError(fixture('no-tables.stderr'))).toBe(
      'no pgbench_accounts table found in search_path',
    );
  });

  it('says so when a successful-looking stderr holds nothing but noise', () => {
    expect(summarizePgbenchError(fixture('postgres-init.stderr'))).toBe('(no error output)');
    expect(summarizePgbenchError(fixture('rustydb-select-only-simple.stderr'))).toBe('(no error output)');
  });

  it('joins up to maxLines distinct lines', () => {
    const stderr = 'pgbench: error: one\npgbench: error: one\npgbench: error: two\npgbench: error: three\n';
    expect(summarizePgbenchError(stderr)).toBe('one / two');
    expect(summarizePgbenchError(stderr, 3)).toBe('one / two / three');
  });
});
