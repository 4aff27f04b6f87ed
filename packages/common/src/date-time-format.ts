/**
 * Date/time output with DateStyle ISO (PostgreSQL's EncodeDateOnly / EncodeTimeOnly /
 * EncodeDateTime):
 *
 * | type        | example                              |
 * |-------------|--------------------------------------|
 * | date        | `2020-01-05`, `0044-03-15 BC`        |
 * | time        | `10:11:12`, `10:11:12.5`             |
 * | timestamp   | `2020-01-05 10:11:12.123456`         |
 * | timestamptz | `2020-01-05 10:11:12+00`, `…-03:30`  |
 *
 * Years below 1000 are zero-padded to four digits; BC years print as their positive number with
 * ` BC` at the very end; fractional seconds drop trailing zeros. timestamptz prints in the
 * given zone with that zone's offset at the instant.
 */
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  type DateTimeFields,
  j2date,
  newFields,
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  timestampToFields,
  timeToFields,
} from './calendar.js';
import { unixSeconds } from './date-time-parse.js';
import { formatOffset, type TimeZone } from './time-zone.js';

const scratch = newFields();

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function yearText(year: number): string {
  const y = year > 0 ? year : 1 - year;
  return y < 1000 ? String(y).padStart(4, '0') : String(y);
}

function ymd(f: DateTimeFields): string {
  return `${yearText(f.year)}-${pad2(f.month)}-${pad2(f.day)}`;
}

/** `HH:MM:SS[.ffffff]` with trailing zeros of the fraction dropped. */
function hms(f: DateTimeFields): string {
  let s = `${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}`;
  if (f.usec !== 0) s += `.${String(f.usec).padStart(6, '0').replace(/0+$/, '')}`;
  return s;
}

/** date_out. */
export function formatDate(days: number): string {
  if (days === DATE_NOEND) return 'infinity';
  if (days === DATE_NOBEGIN) return '-infinity';
  j2date(days + POSTGRES_EPOCH_JDATE, scratch);
  const s = ymd(scratch);
  return scratch.year <= 0 ? `${s} BC` : s;
}

/** time_out (microseconds since midnight). */
export function formatTime(micros: number): string {
  timeToFields(micros, scratch);
  return hms(scratch);
}

/** timestamp_out. */
export function formatTimestamp(ts: bigint): string {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  timestampToFields(ts, scratch);
  const s = `${ymd(scratch)} ${hms(scratch)}`;
  return scratch.year <= 0 ? `${s} BC` : s;
}

/** timestamptz_out in `zone`. */
export function formatTimestamptz(ts: bigint, zone: TimeZone): string {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  const offset = zone.offsetAt(unixSeconds(ts));
  timestampToFields(ts + BigInt(offset) * 1_000_000n, scratch);
  const s = `${ymd(scratch)} ${hms(scratch)}${formatOffset(offset)}`;
  return scratch.year <= 0 ? `${s} BC` : s;
}

/** Local wall-clock fields of a timestamptz in `zone` (and the offset used), into `out`. */
export function timestamptzToFields(ts: bigint, zone: TimeZone, out: DateTimeFields): number {
  const offset = zone.offsetAt(unixSeconds(ts));
  timestampToFields(ts + BigInt(offset) * 1_000_000n, out);
  return offset;
}
