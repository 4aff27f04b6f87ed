/**
 * interval_out in the IntervalStyles other than postgres (PostgreSQL's EncodeInterval; the
 * postgres style is interval.ts's `formatInterval`):
 *
 * | style            | `1 year 2 mons 3 days 04:05:06.5`       | `-1 days`    | zero       |
 * |------------------|-----------------------------------------|--------------|------------|
 * | postgres_verbose | `@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs` | `@ 1 day ago` | `@ 0` |
 * | sql_standard     | `+1-2 +3 +4:05:06.5`                    | `-1 0:00:00` | `0`        |
 * | iso_8601         | `P1Y2M3DT4H5M6.5S`                      | `P-1D`       | `PT0S`     |
 *
 * sql_standard prints a standard value (one sign, years-months or days-time only) without
 * signs inside (`1-2`, `-3 4:05:06`), and any other with a sign on each of its three parts.
 */
import type { IntervalStyle } from './date-style.js';
import type { Interval } from './interval.js';

/** PostgreSQL's pg_itm: the interval split into fields, each carrying the sign of its part. */
interface IntervalFields {
  year: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  usec: number;
}

const USECS_PER_HOUR = 3_600_000_000n;
const USECS_PER_MINUTE = 60_000_000n;
const USECS_PER_SEC = 1_000_000n;

/** interval2itm: C's truncating division, so every field has its part's sign. */
function intervalFields(v: Interval): IntervalFields {
  const year = Math.trunc(v.months / 12);
  let t = v.micros;
  const hour = t / USECS_PER_HOUR;
  t -= hour * USECS_PER_HOUR;
  const min = t / USECS_PER_MINUTE;
  t -= min * USECS_PER_MINUTE;
  const sec = t / USECS_PER_SEC;
  t -= sec * USECS_PER_SEC;
  return {
    year,
    mon: v.months - year * 12,
    mday: v.days,
    hour: Number(hour),
    min: Number(min),
    sec: Number(sec),
    usec: Number(t),
  };
}

/** AppendSeconds: |sec| (two digits when `fillZeros`) and the fraction without trailing zeros. */
function seconds(sec: number, usec: number, fillZeros: boolean): string {
  const s = Math.abs(sec);
  let out = fillZeros && s < 10 ? `0${s}` : String(s);
  if (usec !== 0) out += `.${String(Math.abs(usec)).padStart(6, '0').replace(/0+$/, '')}`;
  return out;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** interval_out in `style` (not postgres: see the file comment). */
export function encodeInterval(v: Interval, style: Exclude<IntervalStyle, 'postgres'>): string {
  const f = intervalFields(v);
  switch (style) {
    case 'sql_standard':
      return sqlStandard(f);
    case 'iso_8601':
      return iso8601(f);
    case 'postgres_verbose':
      return postgresVerbose(f);
  }
}

function sqlStandard(f: IntervalFields): string {
  const { year, mon, mday, hour, min, sec, usec } = f;
  const hasNegative = year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || usec < 0;
  const hasPositive = year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || usec > 0;
  const hasYearMonth = year !== 0 || mon !== 0;
  const hasDayTime = mday !== 0 || hour !== 0 || min !== 0 || sec !== 0 || usec !== 0;
  if (!hasNegative && !hasPositive) return '0';
  if ((hasNegative && hasPositive) || (hasYearMonth && hasDayTime)) {
    // Mixed signs or both kinds of field: a sign on every part, so it reads back the same.
    const yearSign = year < 0 || mon < 0 ? '-' : '+';
    const daySign = mday < 0 ? '-' : '+';
    const secSign = hour < 0 || min < 0 || sec < 0 || usec < 0 ? '-' : '+';
    return (
      `${yearSign}${Math.abs(year)}-${Math.abs(mon)} ${daySign}${Math.abs(mday)} ` +
      `${secSign}${Math.abs(hour)}:${pad2(Math.abs(min))}:${seconds(sec, usec, true)}`
    );
  }
  // One sign for the whole value, in front.
  const sign = hasNegative ? '-' : '';
  if (hasYearMonth) return `${sign}${Math.abs(year)}-${Math.abs(mon)}`;
  const time = `${Math.abs(hour)}:${pad2(Math.abs(min))}:${seconds(sec, usec, true)}`;
  return mday !== 0 ? `${sign}${Math.abs(mday)} ${time}` : `${sign}${time}`;
}

function iso8601(f: IntervalFields): string {
  const { year, mon, mday, hour, min, sec, usec } = f;
  const part = (value: number, unit: string) => (value === 0 ? '' : `${value}${unit}`);
  const hasTime = hour !== 0 || min !== 0 || sec !== 0 || usec !== 0;
  if (year === 0 && mon === 0 && mday === 0 && !hasTime) return 'PT0S';
  let out = `P${part(year, 'Y')}${part(mon, 'M')}${part(mday, 'D')}`;
  if (hasTime) out += `T${part(hour, 'H')}${part(min, 'M')}`;
  if (sec !== 0 || usec !== 0) out += `${sec < 0 || usec < 0 ? '-' : ''}${seconds(sec, usec, false)}S`;
  return out;
}

function postgresVerbose(f: IntervalFields): string {
  let out = '@';
  let isZero = true;
  let isBefore = false;
  // AddVerboseIntPart: the first nonzero field decides `ago`; later ones print relative to it.
  const part = (field: number, unit: string) => {
    if (field === 0) return;
    let value = field;
    if (isZero) {
      isBefore = value < 0;
      value = Math.abs(value);
    } else if (isBefore) value = -value;
    out += ` ${value} ${unit}${value === 1 ? '' : 's'}`;
    isZero = false;
  };
  part(f.year, 'year');
  part(f.mon, 'mon');
  part(f.mday, 'day');
  part(f.hour, 'hour');
  part(f.min, 'min');
  const { sec, usec } = f;
  if (sec !== 0 || usec !== 0) {
    out += ' ';
    if (sec < 0 || (sec === 0 && usec < 0)) {
      if (isZero) isBefore = true;
      else if (!isBefore) out += '-';
    } else if (isBefore) out += '-';
    out += `${seconds(sec, usec, false)} sec${Math.abs(sec) !== 1 || usec !== 0 ? 's' : ''}`;
    isZero = false;
  }
  if (isZero) out += ' 0';
  if (isBefore) out += ' ago';
  return out;
}
