/**
 * Conversions between date, time, timestamp, timestamptz and interval (pg_cast's date/time
 * rows), and the zone arithmetic they share with the operators.
 *
 * timestamptz values are UTC instants; converting to or from the wall-clock types (date,
 * timestamp, time) goes through the session's TimeZone at that instant, as PostgreSQL does.
 * ±infinity converts to ±infinity; finite values past the target's range raise 22008.
 */
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  END_TIMESTAMP,
  floorDiv,
  isFiniteDate,
  isFiniteTimestamp,
  isValidTimestamp,
  MIN_TIMESTAMP,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  USECS_PER_DAY_N,
} from './calendar.js';
import { unixSeconds } from './date-time-parse.js';
import { DbError } from './db-error.js';
import { Interval } from './interval.js';
import type { TimeZone } from './time-zone.js';
import type { Value } from './value.js';

const USECS = 1_000_000n;

export const timestampOutOfRange = (): DbError => new DbError('22008', 'timestamp out of range');
export const dateOutOfRange = (): DbError => new DbError('22008', 'date out of range');

/** Checks a computed finite timestamp (22008 `timestamp out of range`). */
export function checkTimestamp(ts: bigint): bigint {
  if (!isValidTimestamp(ts)) throw timestampOutOfRange();
  return ts;
}

/** date → timestamp: midnight. */
export function dateToTimestamp(d: number): bigint {
  if (d === DATE_NOBEGIN) return TIMESTAMP_NOBEGIN;
  if (d === DATE_NOEND) return TIMESTAMP_NOEND;
  const ts = BigInt(d) * USECS_PER_DAY_N;
  if (ts >= END_TIMESTAMP || ts < MIN_TIMESTAMP) {
    throw new DbError('22008', 'date out of range for timestamp');
  }
  return ts;
}

/** The UTC instant of local wall time `local` in `zone`. */
export function localToInstant(local: bigint, zone: TimeZone): bigint {
  if (!isFiniteTimestamp(local)) return local;
  return local - BigInt(zone.offsetForLocal(unixSeconds(local))) * USECS;
}

/** The local wall time of instant `ts` in `zone`. */
export function instantToLocal(ts: bigint, zone: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  return ts + BigInt(zone.offsetAt(unixSeconds(ts))) * USECS;
}

/** timestamp → date: the day it falls on. */
export function timestampToDate(ts: bigint): number {
  if (ts === TIMESTAMP_NOBEGIN) return DATE_NOBEGIN;
  if (ts === TIMESTAMP_NOEND) return DATE_NOEND;
  return Number(floorDiv(ts, USECS_PER_DAY_N));
}

/** timestamp → time: the time of day. */
export function timestampToTime(ts: bigint): number {
  const r = ts % USECS_PER_DAY_N;
  return Number(r < 0n ? r + USECS_PER_DAY_N : r);
}

/**
 * The conversion of `v` from `from` to `to` among the date/time types. Synchronous. Throws 22008
 * for finite values out of the target's range, 42846 for a pair that has no cast.
 */
export function convertDateTime(v: Value, from: string, to: string, zone: TimeZone): Value {
  switch (`${from}>${to}`) {
    case 'date>timestamp':
      return dateToTimestamp(v as number);
    case 'date>timestamptz': {
      const ts = dateToTimestamp(v as number);
      return isFiniteDate(v as number) ? checkTimestamp(localToInstant(ts, zone)) : ts;
    }
    case 'timestamp>date':
      return timestampToDate(v as bigint);
    case 'timestamptz>date':
      return timestampToDate(instantToLocal(v as bigint, zone));
    case 'timestamp>time':
      return timestampToTime(v as bigint);
    case 'timestamptz>time':
      return timestampToTime(instantToLocal(v as bigint, zone));
    case 'timestamp>timestamptz':
      return isFiniteTimestamp(v as bigint) ? checkTimestamp(localToInstant(v as bigint, zone)) : v;
    case 'timestamptz>timestamp':
      return isFiniteTimestamp(v as bigint) ? checkTimestamp(instantToLocal(v as bigint, zone)) : v;
    case 'time>interval':
      return new Interval(0, 0, BigInt(v as number));
    case 'interval>time': {
      const r = (v as Interval).micros % USECS_PER_DAY_N;
      return Number(r < 0n ? r + USECS_PER_DAY_N : r);
    }
  }
  throw new DbError('42846', `cannot cast type ${from} to ${to}`);
}
