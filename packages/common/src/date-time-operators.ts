/**
 * Date/time arithmetic with PostgreSQL's semantics (date.c, timestamp.c):
 *
 * - date ± int4 → date; date - date → int4 (days); date ± interval → timestamp; date + time →
 *   timestamp.
 * - timestamp(tz) ± interval: months first (the day clamps to the month's end: Jan 31 + 1 mon =
 *   Feb 29 in a leap year), then days, then microseconds. For timestamptz the month and day
 *   steps happen on the wall clock of the session's TimeZone, so `+ 1 day` across a DST change
 *   keeps the local time, as PostgreSQL.
 * - timestamp - timestamp → interval with whole days split out (justify_hours); infinities
 *   raise 22008 `cannot subtract infinite timestamps`.
 * - time ± interval wraps around midnight; time - time → interval.
 * - age(): the symbolic years/months/days difference.
 *
 * Infinite dates and timestamps stay infinite under ± (PostgreSQL returns them unchanged).
 */
import {
  date2j,
  daysInMonth,
  fieldsToTimestamp,
  isFiniteDate,
  isFiniteTimestamp,
  isValidDate,
  j2date,
  newFields,
  POSTGRES_EPOCH_JDATE,
  timestampToFields,
  USECS_PER_DAY_N,
} from './calendar.js';
import {
  checkTimestamp,
  dateOutOfRange,
  dateToTimestamp,
  instantToLocal,
  localToInstant,
} from './date-time-cast.js';
import { DbError } from './db-error.js';
import { Interval, justifyHours, makeInterval } from './interval.js';
import type { TimeZone } from './time-zone.js';

function checkDate(d: number): number {
  if (!isValidDate(d)) throw dateOutOfRange();
  return d;
}

/** date + int4. Throws 22008 `date out of range`. */
export const dateAddDays = (d: number, n: number): number => (isFiniteDate(d) ? checkDate(d + n) : d);
/** date - int4. */
export const dateSubDays = (d: number, n: number): number => (isFiniteDate(d) ? checkDate(d - n) : d);
/** date - date → days. Throws 22008 for infinite dates. */
export function dateDiff(a: number, b: number): number {
  if (!isFiniteDate(a) || !isFiniteDate(b)) throw new DbError('22008', 'cannot subtract infinite dates');
  return a - b;
}

const scratch = newFields();

/**
 * timestamp + interval (`zone` undefined) or timestamptz + interval in `zone`. Throws 22008
 * `timestamp out of range`.
 */
export function timestampAddInterval(ts: bigint, span: Interval, zone?: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let t = ts;
  if (span.months !== 0 || span.days !== 0) {
    const local = zone ? instantToLocal(t, zone) : t;
    timestampToFields(local, scratch);
    if (span.months !== 0) {
      let month = scratch.month + span.months;
      let year = scratch.year;
      if (month > 12) {
        year += Math.floor((month - 1) / 12);
        month = ((month - 1) % 12) + 1;
      } else if (month < 1) {
        year += Math.floor((month - 1) / 12);
        month = ((((month - 1) % 12) + 12) % 12) + 1;
      }
      scratch.year = year;
      scratch.month = month;
      const last = daysInMonth(year, month);
      if (scratch.day > last) scratch.day = last;
    }
    if (span.days !== 0) {
      j2date(date2j(scratch.year, scratch.month, scratch.day) + span.days, scratch);
    }
    const moved = checkTimestamp(fieldsToTimestamp(scratch));
    t = zone ? localToInstant(moved, zone) : moved;
  }
  return checkTimestamp(t + span.micros);
}

/** timestamp(tz) - interval. */
export const timestampSubInterval = (ts: bigint, span: Interval, zone?: TimeZone): bigint =>
  timestampAddInterval(ts, makeInterval(-span.months, -span.days, -span.micros), zone);

/** timestamp - timestamp (either kind) → interval, whole days split out as PostgreSQL. */
export function timestampDiff(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw new DbError('22008', 'cannot subtract infinite timestamps');
  }
  return justifyHours(makeInterval(0, 0, a - b));
}

/** date + interval → timestamp. */
export const dateAddInterval = (d: number, span: Interval): bigint =>
  timestampAddInterval(dateToTimestamp(d), span);

/** date + time → timestamp. */
export function dateAddTime(d: number, t: number): bigint {
  const ts = dateToTimestamp(d);
  return isFiniteTimestamp(ts) ? checkTimestamp(ts + BigInt(t)) : ts;
}

/** time + interval, wrapping around midnight. */
export function timeAddInterval(t: number, span: Interval): number {
  const r = (BigInt(t) + span.micros) % USECS_PER_DAY_N;
  return Number(r < 0n ? r + USECS_PER_DAY_N : r);
}

/** time - time → interval. */
export const timeDiff = (a: number, b: number): Interval => new Interval(0, 0, BigInt(a - b));

/** Local fields of a timestamp (zone given: a timestamptz shown in that zone). */
function fieldsOf(ts: bigint, zone: TimeZone | undefined) {
  return timestampToFields(zone ? instantToLocal(ts, zone) : ts, newFields());
}

/** age(a, b): the symbolic difference (PostgreSQL's timestamp_age / timestamptz_age). */
export function age(a: bigint, b: bigint, zone?: TimeZone): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw new DbError('22008', 'cannot subtract infinite timestamps');
  }
  const t1 = fieldsOf(a, zone);
  const t2 = fieldsOf(b, zone);
  let fsec = t1.usec - t2.usec;
  let sec = t1.second - t2.second;
  let min = t1.minute - t2.minute;
  let hour = t1.hour - t2.hour;
  let mday = t1.day - t2.day;
  let mon = t1.month - t2.month;
  let year = t1.year - t2.year;
  const flip = a < b;
  if (flip) {
    fsec = -fsec;
    sec = -sec;
    min = -min;
    hour = -hour;
    mday = -mday;
    mon = -mon;
    year = -year;
  }
  while (fsec < 0) {
    fsec += 1_000_000;
    sec--;
  }
  while (sec < 0) {
    sec += 60;
    min--;
  }
  while (min < 0) {
    min += 60;
    hour--;
  }
  while (hour < 0) {
    hour += 24;
    mday--;
  }
  while (mday < 0) {
    const ref = flip ? t1 : t2;
    mday += daysInMonth(ref.year, ref.month);
    mon--;
  }
  while (mon < 0) {
    mon += 12;
    year--;
  }
  const sign = flip ? -1 : 1;
  const micros = BigInt((hour * 3600 + min * 60 + sec) * 1_000_000 + fsec);
  return makeInterval(sign * (year * 12 + mon), sign * mday, BigInt(sign) * micros);
}

/** The day number of the first day of a timestamp's day (for current_date and casts). */
export const dayOf = (ts: bigint): number =>
  Number((ts - (((ts % USECS_PER_DAY_N) + USECS_PER_DAY_N) % USECS_PER_DAY_N)) / USECS_PER_DAY_N);

/** make_date(y, m, d): negative years are BC. Throws 22008 like PostgreSQL. */
export function makeDate(year: number, month: number, day: number): number {
  const y = year < 0 ? year + 1 : year;
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(y, month)) {
    throw new DbError('22008', `date field value out of range: ${year}-${pad(month)}-${pad(day)}`);
  }
  return checkDate(date2j(y, month, day) - POSTGRES_EPOCH_JDATE);
}

const pad = (n: number): string => (n < 10 && n >= 0 ? `0${n}` : String(n));
