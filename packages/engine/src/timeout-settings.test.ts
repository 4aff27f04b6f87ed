import type { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { formatTimeoutMs, parseTimeoutMs } from './timeout-settings.js';

describe('time settings', () => {
  it('parses milliseconds and PostgreSQL units', () => {
    expect(parseTimeoutMs('lock_timeout', '1500')).toBe(1500);
    expect(parseTimeoutMs('lock_timeout', '1.5s')).toBe(1500);
    expect(parseTimeoutMs('lock_timeout', ' 2 min ')).toBe(120_000);
    expect(parseTimeoutMs('lock_timeout', '1500us')).toBe(2);
    expect(parseTimeoutMs('lock_timeout', '1d')).toBe(86_400_000);
  });

  it('rejects what PostgreSQL rejects, with its messages', () => {
    const err = (v: string, min = 0) => {
      try {
        parseTimeoutMs('lock_timeout', v, min);
      } catch (e) {
        return `${(e as DbError).code} ${(e as DbError).message}${(e as DbError).fields.hint ? ' +hint' : ''}`;
      }
      return 'ok';
    };
    expect(err('abc')).toBe('22023 invalid value for parameter "lock_timeout": "abc"');
    expect(err('5 parsecs')).toBe('22023 invalid value for parameter "lock_timeout": "5 parsecs" +hint');
    expect(err('-1')).toBe(
      '22023 -1 ms is outside the valid range for parameter "lock_timeout" (0 .. 2147483647)',
    );
    expect(err('0', 1)).toBe(
      '22023 0 ms is outside the valid range for parameter "lock_timeout" (1 .. 2147483647)',
    );
  });

  it('shows the largest exact unit', () => {
    expect([0, 1500, 1000, 60_000, 90_000, 3_600_000, 86_400_000].map(formatTimeoutMs)).toEqual([
      '0',
      '1500ms',
      '1s',
      '1min',
      '90s',
      '1h',
      '1d',
    ]);
  });
});
