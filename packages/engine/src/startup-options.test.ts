/**
 * The startup packet's settings (startup-options.ts) and how a session takes them
 * (SessionSettings): PGOPTIONS-style switches, plain parameters, and PostgreSQL 15's errors for
 * bad ones (checked against it with `PGOPTIONS=… psql`).
 */
import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { SessionSettings } from './session-settings.js';
import { splitOptions, startupSettings } from './startup-options.js';

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'ok';
};

describe('startupSettings', () => {
  it('splits options at white space, a backslash keeping the next character', () => {
    expect(splitOptions('  -c a=1   --b=2\t-c c=x\\ y\\\\z ')).toEqual([
      '-c',
      'a=1',
      '--b=2',
      '-c',
      'c=x y\\z',
    ]);
    expect(splitOptions('')).toEqual([]);
  });

  it('reads -c name=value, -cname=value and --name=value, then the other parameters', () => {
    const settings = startupSettings({
      user: 'u',
      database: 'd',
      options: '-c search_path=a\\,\\ b -cwork_mem=8MB --statement-timeout=5s',
      application_name: 'app',
      _pq_: 'x',
      '_pq_.protocol_ext': 'y',
    });
    expect(settings).toEqual([
      { name: 'search_path', value: 'a, b', bySwitch: true },
      { name: 'work_mem', value: '8MB', bySwitch: true },
      { name: 'statement_timeout', value: '5s', bySwitch: true },
      { name: 'application_name', value: 'app', bySwitch: false },
      { name: '_pq_', value: 'x', bySwitch: false },
    ]);
  });

  it('refuses other switches and a switch without a value, as PostgreSQL does', () => {
    expect(errorOf(() => startupSettings({ options: '-x' }))).toBe(
      '42601 invalid command-line argument for server process: -x',
    );
    expect(errorOf(() => startupSettings({ options: '-c' }))).toBe(
      '42601 invalid command-line argument for server process: -c',
    );
    expect(errorOf(() => startupSettings({ options: '-c search_path' }))).toBe(
      '42601 -c search_path requires a value',
    );
    expect(errorOf(() => startupSettings({ options: '--search_path' }))).toBe(
      '42601 --search_path requires a value',
    );
  });
});

describe('SessionSettings at startup', () => {
  it('starts with the switches’ values, checked, and RESET returns to them', () => {
    const s = new SessionSettings({ options: '-c search_path=app -c statement_timeout=5000 -c my.flag=on' });
    expect([s.get('search_path'), s.get('statement_timeout'), s.get('my.flag')]).toEqual(['app', '5s', 'on']);
    s.set('search_path', 'other');
    s.reset('search_path');
    expect(s.get('search_path')).toBe('app');
  });

  it('lets a plain parameter override a switch', () => {
    const s = new SessionSettings({ options: '-c application_name=a', application_name: 'b' });
    expect(s.get('application_name')).toBe('b');
  });

  it('fails on a bad value, or an unknown or read-only name asked for by switch', () => {
    expect(errorOf(() => new SessionSettings({ options: '-c statement_timeout=abc' }))).toBe(
      '22023 invalid value for parameter "statement_timeout": "abc"',
    );
    expect(errorOf(() => new SessionSettings({ statement_timeout: 'abc' }))).toBe(
      '22023 invalid value for parameter "statement_timeout": "abc"',
    );
    expect(errorOf(() => new SessionSettings({ options: '-c nosuch=1' }))).toBe(
      '42704 unrecognized configuration parameter "nosuch"',
    );
    expect(errorOf(() => new SessionSettings({ options: '-c server_version=1' }))).toBe(
      '55P02 parameter "server_version" cannot be changed',
    );
    // A plain parameter of a setting RustyDB does not model is left alone.
    expect(new SessionSettings({ geqo: 'off', server_version: '1' }).get('server_version')).toMatch(/^15\./);
  });
});
