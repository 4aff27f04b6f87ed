import { describe, expect, it } from 'vitest';
import {
  INSPECT_USAGE,
  MAIN_USAGE,
  parseCliArgs,
  parseLsn,
  QUERY_USAGE,
  SQL_USAGE,
  UsageError,
} from './cli-args.js';

function usageError(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('defaults sql to the local rustydb-server', () => {
    expect(parseCliArgs(['sql'])).toEqual({
      kind: 'sql',
      host: '127.0.0.1',
      port: 5433,
      user: 'rustydb',
      database: 'rustydb',
    });
    expect(
      parseCliArgs([
        'sql',
        '--host',
        '::1',
        '--port',
        '6000',
        '--user',
        'u',
        '--database',
        'd',
        '-c',
        'SELECT 1',
      ]),
    ).toEqual({
      kind: 'sql',
      host: '::1',
      port: 6000,
      user: 'u',
      database: 'd',
      command: 'SELECT 1',
    });
    expect(parseCliArgs(['sql', '-f', 'x.sql'])).toMatchObject({ file: 'x.sql' });
  });

  it('parses the data directory commands', () => {
    expect(parseCliArgs(['init'])).toEqual({ kind: 'init', dataDir: './data' });
    expect(parseCliArgs(['query', '--data-dir', '/d', '-c', 'SELECT 1'])).toEqual({
      kind: 'query',
      dataDir: '/d',
      sql: 'SELECT 1',
      bufferPoolPages: 1024,
    });
    expect(parseCliArgs(['inspect', 'wal', '--data-dir', '/d', '--from', '0/18'])).toEqual({
      kind: 'inspect-wal',
      dataDir: '/d',
      from: 24,
      force: false,
    });
    expect(parseCliArgs(['inspect', 'page', '--file', '16384', '--page', '3', '--force'])).toEqual({
      kind: 'inspect-page',
      dataDir: './data',
      file: 16384,
      page: 3,
      force: true,
    });
  });

  it('answers --help for the tool and for each command', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help', text: MAIN_USAGE });
    expect(parseCliArgs(['sql', '-h'])).toEqual({ kind: 'help', text: SQL_USAGE });
    expect(parseCliArgs(['query', '--help'])).toEqual({ kind: 'help', text: QUERY_USAGE });
    expect(parseCliArgs(['inspect', 'page', '--help'])).toEqual({ kind: 'help', text: INSPECT_USAGE });
  });

  it('rejects bad command lines with the matching usage text', () => {
    expect(usageError([]).usage).toBe(MAIN_USAGE);
    expect(usageError(['frobnicate']).message).toBe('unknown command "frobnicate"');
    expect(usageError(['sql', '--port', 'x']).message).toBe('invalid --port "x": expected 1..65535');
    expect(usageError(['sql', '--port', '70000']).usage).toBe(SQL_USAGE);
    expect(usageError(['sql', '-c', 'SELECT 1', '-f', 'x']).message).toBe(
      '-c and -f cannot be used together',
    );
    expect(usageError(['sql', 'stray']).message).toMatch(/positional argument/);
    expect(usageError(['query']).message).toBe('-c SQL is required');
    expect(usageError(['query', '-c']).message).toMatch(/argument missing/);
    expect(usageError(['inspect']).usage).toBe(INSPECT_USAGE);
    expect(usageError(['inspect', 'heap']).message).toBe('cannot inspect "heap"');
    expect(usageError(['inspect', 'page', '--file', '1']).message).toBe('--file and --page are required');
    expect(usageError(['inspect', 'page', '--file', '0', '--page', '0']).message).toMatch(
      /invalid --file "0"/,
    );
    expect(usageError(['inspect', 'wal', '--from', 'x/y']).message).toMatch(/invalid --from "x\/y"/);
  });
});

describe('parseLsn', () => {
  it('reads PostgreSQL notation and plain byte positions', () => {
    expect(parseLsn('0/18')).toBe(24);
    expect(parseLsn('16/B374D848')).toBe(0x16 * 2 ** 32 + 0xb374d848);
    expect(parseLsn('4096')).toBe(4096);
    expect(() => parseLsn('1/2/3')).toThrow(UsageError);
  });
});
