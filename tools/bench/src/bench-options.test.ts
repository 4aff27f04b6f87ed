import { describe, expect, it } from 'vitest';
import { FULL_SCALE, parseBenchArgs, QUICK_SCALE, SUITES } from './bench-options.js';

describe('parseBenchArgs', () => {
  it('defaults to every suite at full scale, with PostgreSQL', () => {
    expect(parseBenchArgs([])).toEqual({
      suites: [...SUITES],
      quick: false,
      scale: FULL_SCALE,
      postgres: true,
      serverPath: undefined,
    });
  });

  it('--quick switches to the quick scale', () => {
    const options = parseBenchArgs(['--quick']);
    expect(options).toMatchObject({ quick: true, scale: QUICK_SCALE });
  });

  it('--only takes a comma list or repeats, and keeps the canonical order', () => {
    expect(parseBenchArgs(['--only', 'wire,pgbench'])).toMatchObject({ suites: ['pgbench', 'wire'] });
    expect(parseBenchArgs(['--only', 'optimizer', '--only', 'embedded'])).toMatchObject({
      suites: ['embedded', 'optimizer'],
    });
  });

  it('overrides scale settings on top of --quick', () => {
    const options = parseBenchArgs([
      '--quick',
      '--seconds',
      '2',
      '--clients',
      '1, 8',
      '--pgbench-scale',
      '3',
      '--rounds',
      '3',
    ]);
    expect(options).not.toBe('help');
    if (options === 'help') return;
    expect(options.scale).toMatchObject({
      pgbenchSeconds: 2,
      pgbenchClients: [1, 8],
      pgbenchScale: 3,
      pgbenchRounds: 3,
    });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ scale: { pgbenchRounds: 1 } });
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow(/invalid --rounds/);
    expect(options.scale.rows).toBe(QUICK_SCALE.rows);
  });

  it('--rows caps the lookups at the row count', () => {
    const options = parseBenchArgs(['--rows', '500']);
    expect(options).toMatchObject({ scale: { rows: 500, lookups: 500 } });
  });

  it('--no-postgres and --server', () => {
    expect(parseBenchArgs(['--no-postgres', '--server', '/x/main.js'])).toMatchObject({
      postgres: false,
      serverPath: '/x/main.js',
    });
  });

  it('returns help for -h and --help', () => {
    expect(parseBenchArgs(['-h'])).toBe('help');
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it('rejects unknown suites, options, positionals and bad numbers', () => {
    expect(() => parseBenchArgs(['--only', 'tpch'])).toThrow(
      'unknown suite "tpch": use one of pgbench, embedded, wire, optimizer',
    );
    expect(() => parseBenchArgs(['--fast'])).toThrow(/Unknown option '--fast'/);
    expect(() => parseBenchArgs(['extra'])).toThrow('unexpected argument "extra"');
    expect(() => parseBenchArgs(['--seconds', '0'])).toThrow(
      'invalid --seconds "0": expected a positive integer',
    );
    expect(() => parseBenchArgs(['--clients', '4,x'])).toThrow('invalid --clients "x"');
  });
});
