/**
 * The time-valued settings of lock waits and statements — lock_timeout, statement_timeout,
 * deadlock_timeout — parsed and shown as PostgreSQL's GUC code does for a GUC_UNIT_MS integer:
 * a bare number is milliseconds; units us, ms, s, min, h, d are accepted (`'1s'`, `'500ms'`,
 * `'1.5s'`); SHOW prints the largest unit that divides the value exactly (1000 → `1s`,
 * 1500 → `1500ms`, 0 → `0`).
 */
import { DbError } from '@rustydb/common';

const MAX_MS = 2147483647;
const UNITS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const SHOW_UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];
const VALUE = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]*)\s*$/;

/**
 * The milliseconds a time setting's text means. Synchronous.
 * @throws DbError 22023 `invalid value for parameter "lock_timeout": "abc"` (with PostgreSQL's
 * hint on an unknown unit), or `-1 ms is outside the valid range for parameter … (0 .. 2147483647)`.
 */
export function parseTimeoutMs(name: string, value: string, min = 0): number {
  const m = VALUE.exec(value);
  const unit = m?.[2] ?? '';
  const factor = unit === '' ? 1 : UNITS[unit];
  if (m === null || factor === undefined) {
    throw new DbError('22023', `invalid value for parameter "${name}": "${value}"`, {
      ...(m !== null
        ? { hint: 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".' }
        : {}),
    });
  }
  const ms = Math.round(Number(m[1]) * factor);
  if (ms < min || ms > MAX_MS) {
    throw new DbError(
      '22023',
      `${ms} ms is outside the valid range for parameter "${name}" (${min} .. ${MAX_MS})`,
    );
  }
  return ms;
}

/** How SHOW prints `ms` milliseconds: `0`, `1500ms`, `1s`, `2min`, `1h`, `1d`. */
export function formatTimeoutMs(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of SHOW_UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** SET's check and canonical spelling of a time setting (`SET lock_timeout = 1000` shows `1s`). */
export function canonicalTimeout(name: string, min = 0): (value: string) => string {
  return (value) => formatTimeoutMs(parseTimeoutMs(name, value, min));
}
