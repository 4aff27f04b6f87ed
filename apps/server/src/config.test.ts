import { describe, expect, it } from 'vitest';
import { DEFAULTS, isLoopback, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('defaults to 127.0.0.1:5433 and ./data', () => {
    expect(parseConfig([])).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ host: '127.0.0.1', port: 5433, dataDir: './data', busyPoll: 50 });
  });
  it('takes every option', () => {
    expect(
      parseConfig([
        '--data-dir',
        '/d',
        '--port',
        '6000',
        '--host',
        '::1',
        '--log-level',
        'debug',
        '--buffer-pool',
        '64',
        '--busy-poll',
        '0',
        '-c',
        'max_prepared_transactions=10',
        '-c',
        'max_connections=20',
        '-c',
        'authentication_timeout=5',
      ]),
    ).toEqual({
      dataDir: '/d',
      port: 6000,
      host: '::1',
      logLevel: 'debug',
      bufferPoolPages: 64,
      maxPreparedTransactions: 10,
      maxConnections: 20,
      superuserReservedConnections: 3,
      authenticationTimeout: 5,
      busyPoll: 0,
    });
    expect(parseConfig(['--help'])).toBe('help');
  });
  it('rejects bad values and unknown options', () => {
    expect(() => parseConfig(['--port', 'x'])).toThrow(/invalid --port/);
    expect(() => parseConfig(['--port', '70000'])).toThrow(/invalid --port/);
    expect(() => parseConfig(['--log-level', 'loud'])).toThrow(/invalid --log-level/);
    expect(() => parseConfig(['--nope'])).toThrow();
    expect(() => parseConfig(['--busy-poll', '1001'])).toThrow(
      /invalid --busy-poll "1001": expected 0..1000/,
    );
    expect(() => parseConfig(['--busy-poll', '2.5'])).toThrow(/invalid --busy-poll/);
    expect(() => parseConfig(['-c', 'shared_buffers=1'])).toThrow(/invalid -c/);
    expect(() => parseConfig(['-c', 'max_prepared_transactions=-1'])).toThrow(/max_prepared_transactions/);
    expect(() => parseConfig(['-c', 'max_connections=0'])).toThrow(/max_connections/);
    expect(() => parseConfig(['-c', 'authentication_timeout=601'])).toThrow(/authentication_timeout/);
    expect(() => parseConfig(['-c', 'max_connections=5', '-c', 'superuser_reserved_connections=5'])).toThrow(
      /superuser_reserved_connections=5: must be less than max_connections \(5\)/,
    );
    // The reserved slots default below a small max_connections.
    expect(parseConfig(['-c', 'max_connections=2'])).toMatchObject({
      maxConnections: 2,
      superuserReservedConnections: 1,
    });
  });
});

describe('isLoopback', () => {
  it('accepts loopback addresses only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com'])
      expect(isLoopback(h)).toBe(false);
  });
});
