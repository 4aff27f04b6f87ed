/**
 * The type modifiers of the date/time types, as PostgreSQL encodes and applies them
 * (datetime.h, timestamp.c):
 *
 *   timestamp(p), timestamptz(p), time(p), timetz(p)   typmod p: fractional digits, 0..6
 *   interval [fields] [(p)]                             typmod (range << 16) | precision, where
 *       range is a mask of the fields (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND; 0x7FFF for all)
 *       and precision is 0..6 (0xFFFF for none): `interval(3)` is 2147418115, `interval year`
 *       327679, `interval day to second(2)` 470286338
 *
 * Applying one rounds the fractional seconds half away from zero (AdjustTimestampForTypmod,
 * AdjustTimeForTypmod) and, for an interval, first drops the fields right of its range
 * (AdjustIntervalForTypmod: `interval '1 year 3 mons' year` is `1 year`). The range also says
 * what unit a bare number in interval input has (`interval '5' hour` is five hours).
 */

import { TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND } from './calendar.js';
import { DbError } from './db-error.js';
import { type Interval, type IntervalInputRange, makeInterval } from './interval.js';

/** datetime.h's field numbers, as bits of an interval typmod's range. */
const MONTH = 1 << 1;
const YEAR = 1 << 2;
const DAY = 1 << 3;
const HOUR = 1 << 10;
const MINUTE = 1 << 11;
const SECOND = 1 << 12;
const FULL_RANGE = 0x7fff;
const FULL_PRECISION = 0xffff;
/** The most fractional digits a timestamp, time or interval keeps. */
export const MAX_DATETIME_PRECISION = 6;

/** The ranges an interval may be declared with, by their SQL words (gram.y's opt_interval). */
const RANGES: ReadonlyMap<string, number> = new Map([
  ['year', YEAR],
  ['month', MONTH],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
  ['year to month', YEAR | MONTH],
  ['day to hour', DAY | HOUR],
  ['day to minute', DAY | HOUR | MINUTE],
  ['day to second', DAY | HOUR | MINUTE | SECOND],
  ['hour to minute', HOUR | MINUTE],
  ['hour to second', HOUR | MINUTE | SECOND],
  ['minute to second', MINUTE | SECOND],
]);
const RANGE_WORDS: ReadonlyMap<number, string> = new Map([...RANGES].map(([w, r]) => [r, w]));

/**
 * The typmod of `interval fields (precision)` (either may be missing; -1 when both are).
 * @throws DbError 42601 for fields that are not a declarable range.
 */
export function intervalTypmod(fields: string | undefined, precision: number | undefined): number {
  if (fields === undefined && precision === undefined) return -1;
  const range = fields === undefined ? FULL_RANGE : RANGES.get(fields.toLowerCase());
  if (range === undefined) throw new DbError('42601', `invalid INTERVAL type modifier`);
  return (range << 16) | (precision ?? FULL_PRECISION);
}

/** The fields of an interval typmod's range (`day to second`), undefined for all of them. */
export function intervalFields(typmod: number): string | undefined {
  return typmod < 0 ? undefined : RANGE_WORDS.get((typmod >> 16) & FULL_RANGE);
}

/** An interval typmod's precision, undefined when it has none. */
export function intervalPrecision(typmod: number): number | undefined {
  const p = typmod & FULL_PRECISION;
  return typmod < 0 || p === FULL_PRECISION ? undefined : p;
}

/** intervaltypmodout: `` (none), ` year`, `(3)`, ` day to second(2)`. */
export function intervalTypmodText(typmod: number): string {
  if (typmod < 0) return '';
  const fields = intervalFields(typmod);
  const p = intervalPrecision(typmod);
  return `${fields === undefined ? '' : ` ${fields}`}${p === undefined ? '' : `(${p})`}`;
}

/**
 * How interval input reads under `typmod` (DecodeInterval): a bare number is in the range's
 * rightmost field (seconds without a range), and `a:b` is minutes and seconds in MINUTE TO SECOND.
 */
export function intervalInputRange(typmod: number): IntervalInputRange {
  const range = typmod < 0 ? FULL_RANGE : (typmod >> 16) & FULL_RANGE;
  const minutesSeconds = range === (MINUTE | SECOND);
  if (range === YEAR) return { bareUnit: 'y', minutesSeconds };
  if (range === MONTH || range === (YEAR | MONTH)) return { bareUnit: 'mon', minutesSeconds };
  if (range === DAY) return { bareUnit: 'd', minutesSeconds };
  if (range === HOUR || range === (DAY | HOUR)) return { bareUnit: 'h', minutesSeconds };
  if (range === MINUTE || range === (HOUR | MINUTE) || range === (DAY | HOUR | MINUTE)) {
    return { bareUnit: 'min', minutesSeconds };
  }
  return { bareUnit: 's', minutesSeconds };
}

/** `micros` rounded to `precision` fractional digits, half away from zero. */
function roundMicros(micros: bigint, precision: number): bigint {
  if (precision >= MAX_DATETIME_PRECISION) return micros;
  const scale = 10n ** BigInt(MAX_DATETIME_PRECISION - precision);
  const half = scale / 2n;
  return micros >= 0n ? ((micros + half) / scale) * scale : -(((-micros + half) / scale) * scale);
}

/** AdjustTimestampForTypmod: a timestamp (µs) rounded to `typmod` digits; infinities stay. */
export function adjustTimestamp(ts: bigint, typmod: number): bigint {
  if (typmod < 0 || ts === TIMESTAMP_NOEND || ts === TIMESTAMP_NOBEGIN) return ts;
  return roundMicros(ts, typmod);
}

/** AdjustTimeForTypmod: a time of day (µs) rounded to `typmod` digits (24:00:00 may result). */
export function adjustTime(micros: number, typmod: number): number {
  if (typmod < 0) return micros;
  return Number(roundMicros(BigInt(micros), typmod));
}

/** AdjustIntervalForTypmod: the fields right of the range dropped, then the seconds rounded. */
export function adjustInterval(v: Interval, typmod: number): Interval {
  if (typmod < 0) return v;
  const range = (typmod >> 16) & FULL_RANGE;
  let { months, days, micros } = v;
  if (range === YEAR) [months, days, micros] = [Math.trunc(months / 12) * 12, 0, 0n];
  else if (range === MONTH || range === (YEAR | MONTH)) [days, micros] = [0, 0n];
  else if (range === DAY) micros = 0n;
  else if (range === HOUR || range === (DAY | HOUR)) micros = truncate(micros, 3_600_000_000n);
  else if (range === MINUTE || range === (HOUR | MINUTE) || range === (DAY | HOUR | MINUTE)) {
    micros = truncate(micros, 60_000_000n);
  }
  const p = intervalPrecision(typmod);
  if (p !== undefined) micros = roundMicros(micros, p);
  if (months === v.months && days === v.days && micros === v.micros) return v;
  return makeInterval(months, days, micros);
}

/** `micros` truncated toward zero to a multiple of `unit` (C's integer division). */
const truncate = (micros: bigint, unit: bigint): bigint => (micros / unit) * unit;
