/**
 * The proleptic Gregorian calendar as PostgreSQL counts it (datetime.c's date2j/j2date), and the
 * split of timestamps into fields. Everything here is integer arithmetic on plain numbers.
 *
 * - A date is a day number relative to 2000-01-01 (PostgreSQL's POSTGRES_EPOCH_JDATE), so
 *   2000-01-01 is 0 and 1999-12-31 is -1. Year 0 does not exist in SQL: 1 BC is year 0 here,
 *   2 BC is -1 (astronomical numbering), and the text form prints `0001 BC` for year 0.
 * - A timestamp is microseconds since 2000-01-01 00:00:00 as a bigint (PostgreSQL's int64).
 *
 * Ranges (PostgreSQL's): dates from 4713-11-24 BC (Julian day 0) to 5874897-12-31, timestamps
 * from 4713-11-24 BC to 294276-12-31 23:59:59.999999. ±infinity are the extreme values
 * (`DATE_NOBEGIN` … `TIMESTAMP_NOEND`), so they compare correctly without special cases.
 */

export const USECS_PER_SEC = 1_000_000;
export const USECS_PER_MINUTE = 60_000_000;
export const USECS_PER_HOUR = 3_600_000_000;
export const USECS_PER_DAY = 86_400_000_000;
export const USECS_PER_DAY_N = 86_400_000_000n;
export const SECS_PER_DAY = 86_400;
/** Julian day number of 2000-01-01. */
export const POSTGRES_EPOCH_JDATE = 2_451_545;
/** Julian day number of 1970-01-01 (the Unix epoch), relative to 2000-01-01: -10957. */
export const UNIX_EPOCH_DAYS = 2_440_588 - POSTGRES_EPOCH_JDATE;

/** date '-infinity' / 'infinity': PostgreSQL's DATEVAL_NOBEGIN / DATEVAL_NOEND. */
export const DATE_NOBEGIN = -2147483648;
export const DATE_NOEND = 2147483647;
/** timestamp '-infinity' / 'infinity': PostgreSQL's DT_NOBEGIN / DT_NOEND. */
export const TIMESTAMP_NOBEGIN = -(2n ** 63n);
export const TIMESTAMP_NOEND = 2n ** 63n - 1n;

/** Smallest valid date (4713-11-24 BC) and the first invalid one (5874898-01-01), as day numbers. */
export const MIN_DATE = -POSTGRES_EPOCH_JDATE;
export const END_DATE = 2_147_483_494 - POSTGRES_EPOCH_JDATE;
/** Valid timestamps: [MIN_TIMESTAMP, END_TIMESTAMP). */
export const MIN_TIMESTAMP = -211_813_488_000_000_000n;
export const END_TIMESTAMP = 9_223_371_331_200_000_000n;

/** Julian day number of a Gregorian date (astronomical year numbering). */
export function date2j(year: number, month: number, day: number): number {
  let y = year;
  let m = month;
  if (m > 2) {
    m += 1;
    y += 4800;
  } else {
    m += 13;
    y += 4799;
  }
  const century = Math.floor(y / 100);
  let julian = y * 365 - 32167;
  julian += Math.floor(y / 4) - century + Math.floor(century / 4);
  julian += Math.floor((7834 * m) / 256) + day;
  return julian;
}

/** Gregorian year, month, day of a Julian day number (into `out`, to avoid allocation). */
export function j2date(jd: number, out: { year: number; month: number; day: number }): void {
  let julian = jd + 32044;
  let quad = Math.floor(julian / 146097);
  const extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + Math.floor(extra / 146097);
  quad = Math.floor(julian / 1461);
  julian -= quad * 1461;
  let y = Math.floor((julian * 4) / 1461);
  julian = (y !== 0 ? (julian + 305) % 365 : (julian + 306) % 366) + 123;
  y += quad * 4;
  out.year = y - 4800;
  quad = Math.floor((julian * 2141) / 65536);
  out.day = julian - Math.floor((7834 * quad) / 256);
  out.month = ((quad + 10) % 12) + 1;
}

export const isLeapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in `month` (1–12) of astronomical `year`. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1];

/** Day number (relative to 2000-01-01) of a calendar date. */
export const dateFromYmd = (year: number, month: number, day: number): number =>
  date2j(year, month, day) - POSTGRES_EPOCH_JDATE;

/** The fields of a timestamp, local to whatever zone produced it. */
export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0–999999 */
  usec: number;
}

export const newFields = (): DateTimeFields => ({
  year: 2000,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  usec: 0,
});

/** Splits a finite timestamp (microseconds since 2000-01-01) into fields. */
export function timestampToFields(ts: bigint, out: DateTimeFields): DateTimeFields {
  let days = ts / USECS_PER_DAY_N;
  let time = ts - days * USECS_PER_DAY_N;
  if (time < 0n) {
    time += USECS_PER_DAY_N;
    days -= 1n;
  }
  j2date(Number(days) + POSTGRES_EPOCH_JDATE, out);
  timeToFields(Number(time), out);
  return out;
}

/** Splits microseconds since midnight (0 ≤ t ≤ 24h) into hour, minute, second, usec. */
export function timeToFields(t: number, out: DateTimeFields): void {
  out.hour = Math.floor(t / USECS_PER_HOUR);
  t -= out.hour * USECS_PER_HOUR;
  out.minute = Math.floor(t / USECS_PER_MINUTE);
  t -= out.minute * USECS_PER_MINUTE;
  out.second = Math.floor(t / USECS_PER_SEC);
  out.usec = t - out.second * USECS_PER_SEC;
}

/** Microseconds since midnight of a time of day. */
export const timeFromFields = (hour: number, minute: number, second: number, usec: number): number =>
  ((hour * 60 + minute) * 60 + second) * USECS_PER_SEC + usec;

/** The timestamp of fields (no range check: see `isValidTimestamp`). */
export function fieldsToTimestamp(f: DateTimeFields): bigint {
  const days = dateFromYmd(f.year, f.month, f.day);
  return BigInt(days) * USECS_PER_DAY_N + BigInt(timeFromFields(f.hour, f.minute, f.second, f.usec));
}

/** Is `ts` a finite timestamp within PostgreSQL's range? */
export const isValidTimestamp = (ts: bigint): boolean => ts >= MIN_TIMESTAMP && ts < END_TIMESTAMP;
export const isValidDate = (d: number): boolean => d >= MIN_DATE && d < END_DATE;
export const isFiniteTimestamp = (ts: bigint): boolean => ts !== TIMESTAMP_NOBEGIN && ts !== TIMESTAMP_NOEND;
export const isFiniteDate = (d: number): boolean => d !== DATE_NOBEGIN && d !== DATE_NOEND;

/** Day of week, 0 = Sunday, of a day number. */
export const dayOfWeek = (days: number): number => (((days + 6) % 7) + 7) % 7;

/** Floor division for bigint (JavaScript's `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
