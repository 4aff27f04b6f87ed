/**
 * EXTRACT / date_part and date_trunc over date, time, timestamp, timestamptz and interval, with
 * PostgreSQL 15's units, result scales and errors:
 *
 * - extract returns numeric: `second` has scale 6, `milliseconds` 3, `epoch` 6 for timestamps
 *   (0 for dates); whole-number units scale 0. date_part is the same value as float8.
 * - timestamptz fields are those of the wall clock in the session's TimeZone; `timezone` is its
 *   offset in seconds.
 * - Unknown units raise 22023 `unit "x" not recognized for type …`, units a type lacks (hour of
 *   a date) 0A000 `unit "x" not supported for type …`.
 */
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  type DateTimeFields,
  date2j,
  dayOfWeek,
  fieldsToTimestamp,
  isFiniteTimestamp,
  j2date,
  newFields,
  POSTGRES_EPOCH_JDATE,
  timestampToFields,
  timeToFields,
  UNIX_EPOCH_DAYS,
  USECS_PER_DAY_N,
} from './calendar.js';
import { checkTimestamp, instantToLocal, localToInstant } from './date-time-cast.js';
import { unixSeconds } from './date-time-parse.js';
import { DbError } from './db-error.js';
import { type Interval, makeInterval } from './interval.js';
import { Numeric } from './numeric.js';
import type { TimeZone } from './time-zone.js';

const ALIASES: Record<string, string> = {
  microsecond: 'microseconds',
  microseconds: 'microseconds',
  us: 'microseconds',
  usec: 'microseconds',
  usecs: 'microseconds',
  millisecond: 'milliseconds',
  milliseconds: 'milliseconds',
  ms: 'milliseconds',
  msec: 'milliseconds',
  msecs: 'milliseconds',
  second: 'second',
  seconds: 'second',
  s: 'second',
  sec: 'second',
  secs: 'second',
  minute: 'minute',
  minutes: 'minute',
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  hour: 'hour',
  hours: 'hour',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  day: 'day',
  days: 'day',
  d: 'day',
  week: 'week',
  weeks: 'week',
  w: 'week',
  month: 'month',
  months: 'month',
  mon: 'month',
  mons: 'month',
  quarter: 'quarter',
  qtr: 'quarter',
  year: 'year',
  years: 'year',
  y: 'year',
  yr: 'year',
  yrs: 'year',
  decade: 'decade',
  decades: 'decade',
  century: 'century',
  centuries: 'century',
  millennium: 'millennium',
  millennia: 'millennium',
  dow: 'dow',
  isodow: 'isodow',
  doy: 'doy',
  isoyear: 'isoyear',
  epoch: 'epoch',
  julian: 'julian',
  j: 'julian',
  timezone: 'timezone',
  timezone_hour: 'timezone_hour',
  timezone_minute: 'timezone_minute',
};

const typeLabel: Record<string, string> = {
  date: 'date',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  interval: 'interval',
};

function unitOf(unit: string, type: string): string {
  const u = ALIASES[unit.toLowerCase()];
  if (!u) throw new DbError('22023', `unit "${unit}" not recognized for type ${typeLabel[type]}`);
  return u;
}

const notSupported = (unit: string, type: string): DbError =>
  new DbError('0A000', `unit "${unit}" not supported for type ${typeLabel[type]}`);

const int = (n: number | bigint): Numeric => Numeric.fromBigInt(BigInt(n));
/** n / 10^scale as a numeric with that scale. */
const scaled = (n: bigint, scale: number): Numeric => Numeric.of(n, scale);

/** ISO 8601 week number and ISO year of a date (PostgreSQL's date2isoweek / date2isoyear). */
function isoWeek(year: number, month: number, day: number): { week: number; year: number } {
  const dayn = date2j(year, month, day);
  let y = year;
  let start = mondayOnOrBefore(date2j(y, 1, 4));
  if (dayn < start) {
    y--;
    start = mondayOnOrBefore(date2j(y, 1, 4));
  } else {
    const next = mondayOnOrBefore(date2j(y + 1, 1, 4));
    if (dayn >= next) {
      y++;
      start = next;
    }
  }
  return { week: Math.floor((dayn - start) / 7) + 1, year: y };
}

/** Julian day of the Monday on or before Julian day `jd`. */
function mondayOnOrBefore(jd: number): number {
  const dow = (jd + 1) % 7; // 0 = Sunday
  return jd - ((dow + 6) % 7);
}

function yearField(y: number): number {
  return y > 0 ? y : y - 1;
}

function calendarField(unit: string, f: DateTimeFields): Numeric | undefined {
  switch (unit) {
    case 'day':
      return int(f.day);
    case 'month':
      return int(f.month);
    case 'year':
      return int(yearField(f.year));
    case 'quarter':
      return int(Math.floor((f.month - 1) / 3) + 1);
    case 'week':
      return int(isoWeek(f.year, f.month, f.day).week);
    case 'isoyear': {
      const y = isoWeek(f.year, f.month, f.day).year;
      return int(y > 0 ? y : y - 1);
    }
    case 'decade':
      return int(f.year >= 0 ? Math.floor(f.year / 10) : -Math.floor((8 - (f.year - 1)) / 10));
    case 'century':
      return int(f.year > 0 ? Math.floor((f.year + 99) / 100) : -Math.floor((99 - (f.year - 1)) / 100));
    case 'millennium':
      return int(f.year > 0 ? Math.floor((f.year + 999) / 1000) : -Math.floor((999 - (f.year - 1)) / 1000));
    case 'dow':
    case 'isodow': {
      const dow = dayOfWeek(date2j(f.year, f.month, f.day) - POSTGRES_EPOCH_JDATE);
      return int(unit === 'isodow' && dow === 0 ? 7 : dow);
    }
    case 'doy':
      return int(date2j(f.year, f.month, f.day) - date2j(f.year, 1, 1) + 1);
    default:
      return undefined;
  }
}

function timeField(unit: string, f: DateTimeFields): Numeric | undefined {
  const secUsec = BigInt(f.second * 1_000_000 + f.usec);
  switch (unit) {
    case 'microseconds':
      return int(secUsec);
    case 'milliseconds':
      return scaled(secUsec, 3);
    case 'second':
      return scaled(secUsec, 6);
    case 'minute':
      return int(f.minute);
    case 'hour':
      return int(f.hour);
    default:
      return undefined;
  }
}

const infiniteResult = (unit: string, positive: boolean): Numeric | null => {
  // PostgreSQL 15: epoch/year-like units of ±infinity are ±Infinity, others NULL.
  const monotonic = ['epoch', 'year', 'isoyear', 'decade', 'century', 'millennium', 'julian'];
  if (!monotonic.includes(unit)) return null;
  return positive ? Numeric.Infinity : Numeric.NegativeInfinity;
};

/**
 * extract(unit from value) for `type` (date, time, timestamp, timestamptz, interval); `zone`
 * is the session's TimeZone. Returns a Numeric, or null (infinite input, some units).
 */
export function extractField(unitText: string, value: unknown, type: string, zone: TimeZone): Numeric | null {
  const unit = unitOf(unitText, type);
  switch (type) {
    case 'date':
      return extractDate(unit, unitText, value as number);
    case 'time': {
      const f = newFields();
      timeToFields(value as number, f);
      if (unit === 'epoch') return scaled(BigInt(value as number), 6);
      const r = timeField(unit, f);
      if (!r) throw notSupported(unitText, type);
      return r;
    }
    case 'interval':
      return extractInterval(unit, unitText, value as Interval);
    default: {
      const ts = value as bigint;
      if (!isFiniteTimestamp(ts)) return infiniteResult(unit, ts > 0n);
      const tz = type === 'timestamptz';
      const offset = tz ? zone.offsetAt(unixSeconds(ts)) : 0;
      const local = tz ? ts + BigInt(offset) * 1_000_000n : ts;
      const f = timestampToFields(local, newFields());
      switch (unit) {
        case 'epoch':
          return scaled(ts - BigInt(UNIX_EPOCH_DAYS) * USECS_PER_DAY_N, 6);
        case 'julian': {
          const days = BigInt(date2j(f.year, f.month, f.day));
          const tod = local - (local / USECS_PER_DAY_N) * USECS_PER_DAY_N;
          const t = tod < 0n ? tod + USECS_PER_DAY_N : tod;
          return int(days).add(int(t).div(int(USECS_PER_DAY_N)));
        }
        case 'timezone':
          if (!tz) throw notSupported(unitText, type);
          return int(offset);
        case 'timezone_hour':
          if (!tz) throw notSupported(unitText, type);
          return int(Math.trunc(offset / 3600));
        case 'timezone_minute':
          if (!tz) throw notSupported(unitText, type);
          return int(Math.trunc((offset % 3600) / 60));
      }
      const r = calendarField(unit, f) ?? timeField(unit, f);
      if (!r) throw notSupported(unitText, type);
      return r;
    }
  }
}

function extractDate(unit: string, unitText: string, d: number): Numeric | null {
  if (d === DATE_NOBEGIN || d === DATE_NOEND) return infiniteResult(unit, d > 0);
  const f = newFields();
  j2date(d + POSTGRES_EPOCH_JDATE, f);
  if (unit === 'epoch') return int(BigInt(d - UNIX_EPOCH_DAYS) * 86400n);
  if (unit === 'julian') return int(d + POSTGRES_EPOCH_JDATE);
  const r = calendarField(unit, f);
  if (!r) throw notSupported(unitText, 'date');
  return r;
}

function extractInterval(unit: string, unitText: string, v: Interval): Numeric {
  const year = Math.trunc(v.months / 12);
  const hour = v.micros / 3_600_000_000n;
  const rest = v.micros - hour * 3_600_000_000n;
  const minute = rest / 60_000_000n;
  const secUsec = rest - minute * 60_000_000n;
  switch (unit) {
    case 'microseconds':
      return int(secUsec);
    case 'milliseconds':
      return scaled(secUsec, 3);
    case 'second':
      return scaled(secUsec, 6);
    case 'minute':
      return int(minute);
    case 'hour':
      return int(hour);
    case 'day':
      return int(v.days);
    case 'month':
      return int(v.months % 12);
    case 'quarter':
      return int(Math.trunc((v.months % 12) / 3) + 1);
    case 'year':
      return int(year);
    case 'decade':
      return int(Math.trunc(year / 10));
    case 'century':
      return int(Math.trunc(year / 100));
    case 'millennium':
      return int(Math.trunc(year / 1000));
    case 'epoch': {
      // 365.25 days per year, 30 per month: micros as an exact numeric with scale 6.
      const yearsUs = (BigInt(year) * 36525n * 86_400_000_000n) / 100n;
      const monthsUs = BigInt(v.months % 12) * 30n * 86_400_000_000n;
      return scaled(yearsUs + monthsUs + BigInt(v.days) * 86_400_000_000n + v.micros, 6);
    }
    default:
      throw notSupported(unitText, 'interval');
  }
}

/**
 * date_trunc(unit, value) for timestamp, timestamptz (truncated on the wall clock of `zone`) and
 * interval. Returns the same type's value.
 */
export function dateTrunc(
  unitText: string,
  value: bigint | Interval,
  type: string,
  zone: TimeZone,
): bigint | Interval {
  const unit = unitOf(unitText, type);
  if (type === 'interval') return truncInterval(unit, unitText, value as Interval);
  const ts = value as bigint;
  if (!isFiniteTimestamp(ts)) return ts;
  const tz = type === 'timestamptz';
  const local = tz ? instantToLocal(ts, zone) : ts;
  const f = timestampToFields(local, newFields());
  switch (unit) {
    case 'millennium':
      f.year =
        f.year > 0
          ? Math.floor((f.year + 999) / 1000) * 1000 - 999
          : -Math.floor((999 - (f.year - 1)) / 1000) * 1000 + 1;
      f.month = f.day = 1;
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'century':
      f.year =
        f.year > 0
          ? Math.floor((f.year + 99) / 100) * 100 - 99
          : -Math.floor((99 - (f.year - 1)) / 100) * 100 + 1;
      f.month = f.day = 1;
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'decade':
      f.year = f.year > 0 ? Math.floor(f.year / 10) * 10 : -Math.floor((8 - (f.year - 1)) / 10) * 10;
      f.month = f.day = 1;
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'year':
      f.month = f.day = 1;
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'quarter':
      f.month = 3 * Math.floor((f.month - 1) / 3) + 1;
      f.day = 1;
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'month':
      f.day = 1;
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'week': {
      const jd = mondayOnOrBefore(date2j(f.year, f.month, f.day));
      j2date(jd, f);
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    }
    case 'day':
      f.hour = f.minute = f.second = f.usec = 0;
      break;
    case 'hour':
      f.minute = f.second = f.usec = 0;
      break;
    case 'minute':
      f.second = f.usec = 0;
      break;
    case 'second':
      f.usec = 0;
      break;
    case 'milliseconds':
      f.usec = Math.floor(f.usec / 1000) * 1000;
      break;
    case 'microseconds':
      break;
    default:
      throw notSupported(unitText, type);
  }
  const out = checkTimestamp(fieldsToTimestamp(f));
  return tz ? checkTimestamp(localToInstant(out, zone)) : out;
}

function truncInterval(unit: string, unitText: string, v: Interval): Interval {
  const us = (n: bigint) => (v.micros / n) * n;
  switch (unit) {
    case 'millennium':
      return makeInterval(Math.trunc(v.months / 12000) * 12000, 0, 0n);
    case 'century':
      return makeInterval(Math.trunc(v.months / 1200) * 1200, 0, 0n);
    case 'decade':
      return makeInterval(Math.trunc(v.months / 120) * 120, 0, 0n);
    case 'year':
      return makeInterval(Math.trunc(v.months / 12) * 12, 0, 0n);
    case 'quarter':
      return makeInterval(Math.trunc(v.months / 3) * 3, 0, 0n);
    case 'month':
      return makeInterval(v.months, 0, 0n);
    case 'day':
      return makeInterval(v.months, v.days, 0n);
    case 'hour':
      return makeInterval(v.months, v.days, us(3_600_000_000n));
    case 'minute':
      return makeInterval(v.months, v.days, us(60_000_000n));
    case 'second':
      return makeInterval(v.months, v.days, us(1_000_000n));
    case 'milliseconds':
      return makeInterval(v.months, v.days, us(1000n));
    case 'microseconds':
      return v;
    default:
      throw notSupported(unitText, 'interval');
  }
}
