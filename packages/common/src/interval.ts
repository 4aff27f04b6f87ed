/**
 * interval: PostgreSQL's three-part time span. Months, days and microseconds stay separate
 * because their lengths vary (a month is 28–31 days, a day 23–25 hours across DST), so
 * `'1 mon'` added to a timestamp moves the calendar, not a fixed number of seconds.
 *
 * Comparison and equality use the span with 30-day months and 24-hour days (interval_cmp):
 * `'1 mon' = '30 days'` and `'1 day' = '24 hours'` are true, as in PostgreSQL.
 *
 * Text input (PostgreSQL's interval_in): `1 year 2 mons 3 days 04:05:06.5`, unit words with
 * fractions (`1.5 hours`, `2 weeks`), `@ 1 minute ago`, SQL `1-2` (years-months) and `3 4:05:06`
 * (days time), a bare number (seconds), and ISO 8601 `P1Y2M3DT4H5M6S`. Under IntervalStyle
 * sql_standard a leading minus with no other sign applies to every field (`-1 2:03:04` is minus
 * one day two hours …). Output here is IntervalStyle postgres: `1 year 2 mons 3 days
 * 04:05:06.5` (the other styles: interval-output.ts).
 */
import type { IntervalStyle } from './date-style.js';
import { DbError } from './db-error.js';

const USECS_PER_DAY = 86_400_000_000n;
const USECS_PER_MONTH = 30n * USECS_PER_DAY;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An interval value: immutable. */
export class Interval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly micros: bigint,
  ) {}

  static readonly ZERO = new Interval(0, 0, 0n);

  /** The comparison span in microseconds (30-day months, 24-hour days). */
  span(): bigint {
    return BigInt(this.months) * USECS_PER_MONTH + BigInt(this.days) * USECS_PER_DAY + this.micros;
  }

  toString(): string {
    return formatInterval(this);
  }
}

export const intervalOutOfRange = (): DbError => new DbError('22008', 'interval out of range');

function checkInt32(n: number): number {
  if (!(n >= -2147483648 && n <= 2147483647)) throw intervalOutOfRange();
  return n;
}

function checkInt64(n: bigint): bigint {
  if (n < INT64_MIN || n > INT64_MAX) throw intervalOutOfRange();
  return n;
}

/** Builds a checked interval (22008 `interval out of range` past int32 months/days, int64 µs). */
export const makeInterval = (months: number, days: number, micros: bigint): Interval =>
  new Interval(checkInt32(months), checkInt32(days), checkInt64(micros));

export const intervalAdd = (a: Interval, b: Interval): Interval =>
  makeInterval(a.months + b.months, a.days + b.days, a.micros + b.micros);
export const intervalSub = (a: Interval, b: Interval): Interval =>
  makeInterval(a.months - b.months, a.days - b.days, a.micros - b.micros);
export const intervalNeg = (a: Interval): Interval => makeInterval(-a.months, -a.days, -a.micros);

export function compareIntervals(a: Interval, b: Interval): number {
  const x = a.span();
  const y = b.span();
  return x < y ? -1 : x > y ? 1 : 0;
}

const truncInt = (x: number): number => (x < 0 ? Math.ceil(x) : Math.floor(x));
/** TSROUND: round to microsecond precision. */
const tsRound = (x: number): number => Math.round(x * 1e6) / 1e6;

/** interval * float8 (PostgreSQL's interval_mul: fractional months and days cascade down). */
export function intervalMul(span: Interval, factor: number): Interval {
  const mDouble = span.months * factor;
  if (Number.isNaN(mDouble) || !(mDouble >= -2147483648 && mDouble < 2147483648)) throw intervalOutOfRange();
  const month = truncInt(mDouble);
  const dDouble = span.days * factor;
  if (Number.isNaN(dDouble) || !(dDouble >= -2147483648 && dDouble < 2147483648)) throw intervalOutOfRange();
  let day = truncInt(dDouble);
  const monthRemainderDays = (span.months * factor - month) * 30;
  let secRemainder = tsRound(
    (span.days * factor - day + monthRemainderDays - truncInt(monthRemainderDays)) * 86400,
  );
  if (Math.abs(secRemainder) >= 86400) {
    day += truncInt(secRemainder / 86400);
    secRemainder -= truncInt(secRemainder / 86400) * 86400;
  }
  day += truncInt(monthRemainderDays);
  const t = Math.round(Number(span.micros) * factor + secRemainder * 1e6);
  if (!Number.isFinite(t) || t < -9.223372036854776e18 || t >= 9.223372036854776e18)
    throw intervalOutOfRange();
  return makeInterval(month, day, BigInt(t));
}

/** interval / float8 (interval_div). Throws 22012 on a zero divisor. */
export function intervalDiv(span: Interval, factor: number): Interval {
  if (factor === 0) throw new DbError('22012', 'division by zero');
  const month = truncInt(span.months / factor);
  let day = truncInt(span.days / factor);
  const monthRemainderDays = (span.months / factor - month) * 30;
  let secRemainder = tsRound(
    (span.days / factor - day + monthRemainderDays - truncInt(monthRemainderDays)) * 86400,
  );
  if (Math.abs(secRemainder) >= 86400) {
    day += truncInt(secRemainder / 86400);
    secRemainder -= truncInt(secRemainder / 86400) * 86400;
  }
  day += truncInt(monthRemainderDays);
  const t = Math.round(Number(span.micros) / factor + secRemainder * 1e6);
  if (!Number.isFinite(t)) throw intervalOutOfRange();
  return makeInterval(month, day, BigInt(t));
}

/** justify_hours: whole 24-hour periods of the time part become days. */
export function justifyHours(span: Interval): Interval {
  let days = span.days + Number(span.micros / USECS_PER_DAY);
  let micros = span.micros % USECS_PER_DAY;
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return makeInterval(span.months, days, micros);
}

/** justify_days: whole 30-day periods become months. */
export function justifyDays(span: Interval): Interval {
  let months = span.months + truncInt(span.days / 30);
  let days = span.days % 30;
  if (months > 0 && days < 0) {
    days += 30;
    months--;
  } else if (months < 0 && days > 0) {
    days -= 30;
    months++;
  }
  return makeInterval(months, days, span.micros);
}

// ---- text output -----------------------------------------------------------------------------

/** interval_out with IntervalStyle postgres. */
export function formatInterval(v: Interval): string {
  const year = truncInt(v.months / 12);
  const mon = v.months - year * 12;
  let out = '';
  let isZero = true;
  let isBefore = false;
  const part = (value: number, unit: string) => {
    if (value === 0) return;
    out += `${isZero ? '' : ' '}${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
    isBefore = value < 0;
    isZero = false;
  };
  part(year, 'year');
  part(mon, 'mon');
  part(v.days, 'day');
  const t = v.micros;
  if (isZero || t !== 0n) {
    const minus = t < 0n;
    const abs = minus ? -t : t;
    const hour = abs / 3_600_000_000n;
    const rest = abs - hour * 3_600_000_000n;
    const min = rest / 60_000_000n;
    const usecs = rest - min * 60_000_000n;
    const sec = usecs / 1_000_000n;
    const frac = usecs - sec * 1_000_000n;
    const h = hour < 10n ? `0${hour}` : String(hour);
    const m = min < 10n ? `0${min}` : String(min);
    let s = sec < 10n ? `0${sec}` : String(sec);
    if (frac !== 0n) s += `.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
    out += `${isZero ? '' : ' '}${minus ? '-' : isBefore ? '+' : ''}${h}:${m}:${s}`;
  }
  return out;
}

// ---- text input ------------------------------------------------------------------------------

const badInterval = (text: string): DbError =>
  new DbError('22007', `invalid input syntax for type interval: "${text}"`);
const fieldOverflow = (text: string): DbError =>
  new DbError('22015', `interval field value out of range: "${text}"`);

type Unit = 'us' | 'ms' | 's' | 'min' | 'h' | 'd' | 'w' | 'mon' | 'y' | 'dec' | 'c' | 'mil';

const UNITS: Record<string, Unit> = {};
for (const [unit, words] of [
  ['us', 'microsecond microseconds microsecon us usec usecs useconds'],
  ['ms', 'millisecond milliseconds millisecon ms msec msecs mseconds'],
  ['s', 'second seconds s sec secs'],
  ['min', 'minute minutes m min mins'],
  ['h', 'hour hours h hr hrs'],
  ['d', 'day days d'],
  ['w', 'week weeks w'],
  ['mon', 'month months mon mons'],
  ['y', 'year years y yr yrs'],
  ['dec', 'decade decades dec decs'],
  ['c', 'century centuries c cent'],
  ['mil', 'millennium millennia mil mils'],
] as const) {
  for (const w of words.split(' ')) UNITS[w] = unit;
}

/** Accumulates fields as doubles; converted once at the end. */
class Acc {
  months = 0;
  days = 0;
  micros = 0;

  add(value: number, unit: Unit): void {
    const whole = truncInt(value);
    const frac = value - whole;
    switch (unit) {
      case 'us':
        this.micros += value;
        break;
      case 'ms':
        this.micros += value * 1000;
        break;
      case 's':
        this.micros += value * 1e6;
        break;
      case 'min':
        this.micros += value * 60e6;
        break;
      case 'h':
        this.micros += value * 3600e6;
        break;
      case 'd':
        this.days += whole;
        this.micros += frac * 86400e6;
        break;
      case 'w':
        this.fractDays(value * 7);
        break;
      case 'mon':
        this.months += whole;
        this.fractDays(frac * 30);
        break;
      case 'y':
        this.months += whole * 12 + Math.round(frac * 12);
        break;
      case 'dec':
        this.months += whole * 120 + Math.round(frac * 120);
        break;
      case 'c':
        this.months += whole * 1200 + Math.round(frac * 1200);
        break;
      case 'mil':
        this.months += whole * 12000 + Math.round(frac * 12000);
        break;
    }
  }

  private fractDays(days: number): void {
    const whole = truncInt(days);
    this.days += whole;
    this.micros += (days - whole) * 86400e6;
  }

  negate(): void {
    this.months = -this.months;
    this.days = -this.days;
    this.micros = -this.micros;
  }
}

/**
 * How a typmod's range changes interval input (datetime-typmod.ts's `intervalInputRange`): the
 * unit of a bare number, and whether `a:b` is minutes and seconds.
 */
export interface IntervalInputRange {
  readonly bareUnit: 'y' | 'mon' | 'd' | 'h' | 'min' | 's';
  readonly minutesSeconds: boolean;
}

const FULL_RANGE_INPUT: IntervalInputRange = { bareUnit: 's', minutesSeconds: false };

/**
 * interval_in, in the session's IntervalStyle `style` and under a typmod's `range` (none: a bare
 * number is seconds). Synchronous. Throws 22007 `invalid input syntax for type interval: "x"` and
 * 22015 / 22008 for values out of range.
 */
export function parseInterval(
  text: string,
  style: IntervalStyle = 'postgres',
  range: IntervalInputRange = FULL_RANGE_INPUT,
): Interval {
  const s = text.trim().toLowerCase();
  const acc = new Acc();
  if (s.startsWith('p')) parseIso8601(s, text, acc);
  else parsePostgres(s, text, acc, style === 'sql_standard', range);
  const micros = Math.round(acc.micros);
  if (!Number.isFinite(micros) || Math.abs(micros) > 9.2e18) throw fieldOverflow(text);
  if (!(Math.abs(acc.months) < 2147483648 && Math.abs(acc.days) < 2147483648)) throw fieldOverflow(text);
  return makeInterval(acc.months, acc.days, BigInt(micros));
}

/**
 * The SQL standard's reading under IntervalStyle sql_standard: the first field's minus applies to
 * every field when no other field carries a sign (PostgreSQL's DecodeInterval).
 */
function leadingSignAppliesToAll(tokens: readonly string[]): boolean {
  const fields = tokens.filter((t) => t !== '@');
  return fields[0]?.startsWith('-') === true && !fields.slice(1).some((t) => t[0] === '-' || t[0] === '+');
}

function parsePostgres(
  s: string,
  text: string,
  acc: Acc,
  sqlStandard: boolean,
  range: IntervalInputRange,
): void {
  if (s === '') throw badInterval(text);
  const tokens: string[] = [];
  // Time fields and year-month fields first, so `1:02` is not read as the number 1.
  const re =
    /\s*([+-]?\d+(?:\.\d+)?:[\d:.]*|[+-]?\d+-\d+|@|[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|[a-z]+)/y;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) {
      if (s.slice(pos).trim() === '') break;
      throw badInterval(text);
    }
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  const units = numberUnits(tokens, range.bareUnit);
  const allNegative = sqlStandard && leadingSignAppliesToAll(tokens);
  const signed = (v: number): number => (allNegative ? -Math.abs(v) : v);
  let ago = false;
  let sawField = false;
  // Each unit may appear once (PostgreSQL's field mask); a time field claims hours..seconds.
  const seen = new Set<string>();
  const claim = (...units: string[]) => {
    for (const u of units) {
      if (seen.has(u)) throw badInterval(text);
      seen.add(u);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '@') continue;
    if (t === 'ago') {
      if (i !== tokens.length - 1 || ago) throw badInterval(text);
      ago = true;
      continue;
    }
    if (t.includes(':')) {
      claim('h', 'min', 's');
      acc.micros += signed(timeField(t, text, range.minutesSeconds));
      sawField = true;
      continue;
    }
    if (/^[+-]?\d+-\d+$/.test(t)) {
      const neg = t.startsWith('-');
      const [y, m] = t.replace(/^[+-]/, '').split('-').map(Number);
      if (m > 11) throw fieldOverflow(text);
      claim('y', 'mon');
      acc.months += signed((neg ? -1 : 1) * (y * 12 + m));
      sawField = true;
      continue;
    }
    if (/^[a-z]+$/.test(t)) throw badInterval(text);
    const value = Number(t);
    if (!Number.isFinite(value)) throw badInterval(text);
    const unit = units[i]!;
    if (UNITS[tokens[i + 1]!] !== undefined) i++; // the number's unit word (numberUnits read it)
    claim(unit);
    acc.add(signed(value), unit);
    sawField = true;
  }
  if (!sawField) throw badInterval(text);
  if (ago) acc.negate();
}

/**
 * The unit of each number in `tokens` (by index), as DecodeInterval reads them from the right:
 * a number takes the unit word after it, else the unit of the number to its right, else
 * `bareUnit`; a number left of hours, or of a time field, is days (`'1 2' day to hour`).
 */
function numberUnits(tokens: readonly string[], bareUnit: Unit): (Unit | undefined)[] {
  const units: (Unit | undefined)[] = new Array(tokens.length);
  let type: Unit | undefined;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.includes(':')) type = 'd';
    else if (UNITS[t] !== undefined) type = UNITS[t];
    else if (/^[+-]?(?:\d|\.\d)/.test(t) && !/^[+-]?\d+-\d+$/.test(t)) {
      const unit = type ?? bareUnit;
      units[i] = unit;
      type = unit === 'h' ? 'd' : unit;
    }
  }
  return units;
}

/**
 * `[-]H:MM[:SS[.f]]` → microseconds (as a double); `M:SS.f`, and `M:SS` when
 * `minutesSeconds` (an interval MINUTE TO SECOND), are minutes and seconds.
 */
function timeField(t: string, text: string, minutesSeconds: boolean): number {
  const neg = t.startsWith('-');
  const parts = t.replace(/^[+-]/, '').split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) throw badInterval(text);
  if (parts.length === 2 && (minutesSeconds || parts[1]!.includes('.'))) parts.unshift('0');
  const h = Number(parts[0]);
  const m = Number(parts[1]);
  const sec = parts.length === 3 ? Number(parts[2]) : 0;
  if ([h, m, sec].some((x) => !Number.isFinite(x))) throw badInterval(text);
  if (parts[0].includes('.') || parts[1].includes('.')) throw badInterval(text);
  if (m > 59 || sec >= 60) throw fieldOverflow(text);
  const v = (h * 3600 + m * 60) * 1e6 + Math.round(sec * 1e6);
  return neg ? -v : v;
}

function parseIso8601(s: string, text: string, acc: Acc): void {
  const m =
    /^p(?:([-\d.]+)y)?(?:([-\d.]+)m)?(?:([-\d.]+)w)?(?:([-\d.]+)d)?(?:t(?:([-\d.]+)h)?(?:([-\d.]+)m)?(?:([-\d.]+)s)?)?$/.exec(
      s,
    );
  if (!m || s === 'p' || s.endsWith('t')) throw badInterval(text);
  const units: Unit[] = ['y', 'mon', 'w', 'd', 'h', 'min', 's'];
  for (let i = 0; i < units.length; i++) {
    const v = m[i + 1];
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isFinite(n)) throw badInterval(text);
    acc.add(n, units[i]);
  }
}
