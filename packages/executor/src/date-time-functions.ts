/**
 * Date/time function implementations (signatures in the planner's function-signatures.ts):
 * now() and friends, date_trunc, extract/date_part, age, to_char, to_date, to_timestamp,
 * make_*, justify_*, isfinite, AT TIME ZONE (timezone()), gen_random_uuid.
 *
 * now(), CURRENT_TIMESTAMP and transaction_timestamp() are the transaction's start, as in
 * PostgreSQL; statement_timestamp() the statement's; clock_timestamp() the current time.
 * Everything reading a wall clock (current_date, localtimestamp, timestamptz fields and
 * to_char) uses the session's TimeZone from the Runtime.
 */
import {
  age,
  checkTimestamp,
  currentTimestamp,
  DbError,
  dateToTimestamp,
  dateTrunc,
  dayOf,
  extractField,
  fieldsToTimestamp,
  fixedTimeZone,
  type Interval,
  instantToLocal,
  isFiniteDate,
  isFiniteTimestamp,
  justifyDays,
  justifyHours,
  localToInstant,
  makeDate,
  makeInterval,
  type Numeric,
  newFields,
  numericToChar,
  parseTimeZoneName,
  parseWithTemplate,
  randomUuid,
  type SqlType,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  type TimeZone,
  timestampToDate,
  timestampToFields,
  timestampToTime,
  timestamptzToFields,
  toChar,
  toNumber,
  UNIX_EPOCH_DAYS,
  USECS_PER_DAY_N,
  unixSeconds,
  type Value,
} from '@rustydb/common';
import type { Runtime } from './runtime.js';

/** An implementation over evaluated, non-NULL arguments. */
export type Impl = (args: readonly Value[]) => Value;

const str = (v: Value) => v as string;
const num = (v: Value) => v as number;

function localNow(rt: Runtime): bigint {
  return instantToLocal(rt.transactionStart(), rt.zone);
}

/** time with fractional seconds from float8 seconds (make_time, make_timestamp). */
function secondsToMicros(sec: number, text: () => string): number {
  if (!(sec >= 0 && sec <= 60)) throw new DbError('22008', `date/time field value out of range: ${text()}`);
  return Math.round(sec * 1e6);
}

function intervalFields(v: Interval) {
  const f = newFields();
  f.year = Math.trunc(v.months / 12);
  f.month = v.months % 12;
  f.day = v.days;
  const hours = v.micros / 3_600_000_000n;
  let rest = v.micros - hours * 3_600_000_000n;
  f.hour = Number(hours);
  f.minute = Number(rest / 60_000_000n);
  rest -= BigInt(f.minute) * 60_000_000n;
  f.second = Number(rest / 1_000_000n);
  f.usec = Number(rest - BigInt(f.second) * 1_000_000n);
  return f;
}

function toTimestampFromEpoch(sec: number): bigint {
  if (Number.isNaN(sec)) throw new DbError('22008', 'timestamp cannot be NaN');
  if (sec === Number.POSITIVE_INFINITY) return TIMESTAMP_NOEND;
  if (sec === Number.NEGATIVE_INFINITY) return TIMESTAMP_NOBEGIN;
  const micros = Math.round((sec + UNIX_EPOCH_DAYS * 86400) * 1e6);
  if (!Number.isFinite(micros) || Math.abs(micros) > 9.2e18) {
    throw new DbError('22008', `timestamp out of range: "${sec}"`);
  }
  return checkTimestamp(BigInt(micros));
}

/** A zone for AT TIME ZONE: a name (POSIX-signed numbers) or an interval (ISO-signed). */
function zoneArg(v: Value, t: SqlType): TimeZone {
  if (t.name === 'interval') {
    const iv = v as Interval;
    if (iv.months !== 0 || iv.days !== 0) {
      throw new DbError('22023', `interval time zone "${iv.toString()}" must not include months or days`);
    }
    return fixedTimeZone(Number(iv.micros / 1_000_000n));
  }
  return parseTimeZoneName(str(v));
}

/**
 * The implementation of `name` over `argTypes`, or undefined when it is not a date/time
 * function. Strictness: all of these are strict.
 */
export function dateTimeFunction(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  const t0 = argTypes[0]?.name;
  const t1 = argTypes[1]?.name;
  switch (name) {
    case 'now':
    case 'transaction_timestamp':
      return () => rt.transactionStart();
    case 'statement_timestamp':
      return () => rt.statementStart;
    case 'clock_timestamp':
      return () => currentTimestamp();
    case 'current_date':
      return () => dayOf(localNow(rt));
    case 'localtimestamp':
      return () => localNow(rt);
    case 'localtime':
      return () => timestampToTime(localNow(rt));
    case 'date_trunc':
      return ([u, v]) => dateTrunc(str(u), v as bigint | Interval, t1!, rt.zone);
    case 'extract':
      return ([u, v]) => extractField(str(u), v, t1!, rt.zone);
    case 'date_part':
      return ([u, v]) => {
        const r = extractField(str(u), v, t1!, rt.zone);
        return r === null ? null : (r as Numeric).toNumber();
      };
    case 'age':
      if (argTypes.length === 2) {
        const zone = t0 === 'timestamptz' ? rt.zone : undefined;
        return ([a, b]) => age(a as bigint, b as bigint, zone);
      }
      return ([a]) => {
        const midnight = dateToTimestamp(dayOf(localNow(rt)));
        if (t0 === 'timestamptz') return age(localToInstant(midnight, rt.zone), a as bigint, rt.zone);
        return age(midnight, a as bigint);
      };
    case 'to_number':
      return ([v, fmt]) => toNumber(str(v), str(fmt));
    case 'to_char':
      if (t0 === 'numeric') return ([v, fmt]) => numericToChar(v as Numeric, str(fmt));
      return ([v, fmt]) => {
        if (t0 === 'interval')
          return toChar({ fields: intervalFields(v as Interval), interval: true }, str(fmt));
        const ts = v as bigint;
        if (!isFiniteTimestamp(ts)) return null;
        if (t0 === 'timestamptz') {
          const fields = newFields();
          const offset = timestamptzToFields(ts, rt.zone, fields);
          return toChar({ fields, offset, zone: rt.zone, utcSeconds: unixSeconds(ts) }, str(fmt));
        }
        return toChar({ fields: timestampToFields(ts, newFields()) }, str(fmt));
      };
    case 'to_date':
      return ([text, fmt]) => timestampToDate(fieldsToTimestamp(parseWithTemplate(str(text), str(fmt))));
    case 'to_timestamp':
      if (argTypes.length === 1) return ([sec]) => toTimestampFromEpoch(num(sec));
      return ([text, fmt]) =>
        checkTimestamp(localToInstant(fieldsToTimestamp(parseWithTemplate(str(text), str(fmt))), rt.zone));
    case 'make_date':
      return ([y, m, d]) => makeDate(num(y), num(m), num(d));
    case 'make_time':
      return ([h, m, s]) => {
        const usec = secondsToMicros(num(s), () => `${h}:${m}:${s}`);
        const t = (num(h) * 3600 + num(m) * 60) * 1e6 + usec;
        if (num(h) < 0 || num(h) > 24 || num(m) < 0 || num(m) > 59 || t > 86_400_000_000) {
          throw new DbError('22008', `time field value out of range: ${h}:${m}:${s}`);
        }
        return t;
      };
    case 'make_timestamp':
      return ([y, mo, d, h, mi, s]) => {
        const day = makeDate(num(y), num(mo), num(d));
        const usec = secondsToMicros(num(s), () => `${h}:${mi}:${s}`);
        if (num(h) < 0 || num(h) > 23 || num(mi) < 0 || num(mi) > 59) {
          throw new DbError('22008', `date/time field value out of range: ${h}:${mi}:${s}`);
        }
        return checkTimestamp(
          BigInt(day) * USECS_PER_DAY_N + BigInt((num(h) * 3600 + num(mi) * 60) * 1e6 + usec),
        );
      };
    case 'make_interval':
      return (a) => {
        const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, mins = 0, secs = 0] = a as number[];
        const micros = Math.round(
          ((hours as number) * 3600 + (mins as number) * 60 + (secs as number)) * 1e6,
        );
        if (!Number.isFinite(micros)) throw new DbError('22008', 'interval out of range');
        return makeInterval(years * 12 + months, weeks * 7 + days, BigInt(micros));
      };
    case 'justify_days':
      return ([v]) => justifyDays(v as Interval);
    case 'justify_hours':
      return ([v]) => justifyHours(v as Interval);
    case 'justify_interval':
      return ([v]) => justifyInterval(v as Interval);
    case 'date_bin':
      return ([stride, source, origin]) => dateBin(stride as Interval, source as bigint, origin as bigint);
    case 'isfinite':
      if (t0 === 'date') return ([v]) => isFiniteDate(num(v));
      if (t0 === 'interval') return () => true;
      return ([v]) => isFiniteTimestamp(v as bigint);
    case 'timezone':
      // timezone(zone, timestamptz) → the wall clock there; timezone(zone, timestamp) → the instant.
      if (t1 === 'timestamptz') return ([z, v]) => instantToLocal(v as bigint, zoneArg(z, argTypes[0]));
      return ([z, v]) => {
        const ts = v as bigint;
        return isFiniteTimestamp(ts) ? checkTimestamp(localToInstant(ts, zoneArg(z, argTypes[0]))) : ts;
      };
    case 'gen_random_uuid':
      return () => randomUuid();
    default:
      return undefined;
  }
}

/** justify_interval: days to months and hours to days, with one sign throughout. */
function justifyInterval(v: Interval): Interval {
  const day = 86_400_000_000n;
  let months = v.months;
  let days = v.days + Number(v.micros / day);
  let micros = v.micros % day;
  months += Math.trunc(days / 30);
  days %= 30;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) {
    days += 30;
    months--;
  } else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) {
    days -= 30;
    months++;
  }
  if (days > 0 && micros < 0n) {
    micros += day;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= day;
    days++;
  }
  return makeInterval(months, days, micros);
}

/**
 * date_bin(stride, source, origin): the start of the bin of width `stride` (days count 24 hours;
 * no months) that holds `source`, bins counted from `origin` both ways. An infinite source is
 * returned as it is.
 */
function dateBin(stride: Interval, source: bigint, origin: bigint): bigint {
  if (stride.months !== 0) {
    throw new DbError('0A000', 'timestamps cannot be binned into intervals containing months or years');
  }
  const width = BigInt(stride.days) * 86_400_000_000n + stride.micros;
  if (width <= 0n) throw new DbError('22008', 'stride must be greater than zero');
  if (source === TIMESTAMP_NOEND || source === TIMESTAMP_NOBEGIN) return source;
  if (origin === TIMESTAMP_NOEND || origin === TIMESTAMP_NOBEGIN)
    throw new DbError('22008', 'origin out of range');
  const diff = source - origin;
  let bins = diff / width;
  if (diff % width < 0n) bins -= 1n;
  return origin + bins * width;
}
