/**
 * Date/time input (PostgreSQL's ParseDateTime + DecodeDateTime), reduced to the spellings
 * clients actually send:
 *
 * - ISO 8601: `2020-01-05`, `2020-01-05 10:11:12.5`, `2020-01-05T10:11:12Z`, `2020-001` (day of
 *   year), `20200105`; with an offset `+05`, `+0530`, `+05:30`, `-03:30:15`, or a zone name
 *   (`UTC`, `Europe/Paris`, `EST`).
 * - Numeric dates in DateStyle's field order (MDY by default: `1/5/2020`, `01-05-2020`; DMY:
 *   `5/1/2020`; YMD: `20/1/5`); a first field of three or more digits is the year in every
 *   order; two-digit years map to 1970–2069.
 * - Text months and weekdays: `Jan 5 2020`, `5 January 2020`, `Mon, 05 Jan 2020 10:00:00 GMT`.
 * - `AM`/`PM`, `BC`/`AD`, and the specials `infinity`, `-infinity`, `epoch`, `now`, `today`,
 *   `tomorrow`, `yesterday`, `allballs` (midnight).
 *
 * Errors reproduce PostgreSQL's DateTimeParseError: 22007 `invalid input syntax for type X: "s"`
 * for shapes it cannot read, 22008 `date/time field value out of range: "s"` for impossible
 * fields (with the datestyle hint when the month is over 12), 22009 for a bad offset, and
 * `date out of range` / `timestamp out of range` past the representable years.
 *
 * Simplified: no Julian day (`J2451545`) input, and zone
 * abbreviations are a fixed list (time-zone.ts) rather than PostgreSQL's timezone_abbreviations.
 */
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  type DateTimeFields,
  date2j,
  dateFromYmd,
  daysInMonth,
  fieldsToTimestamp,
  isValidDate,
  isValidTimestamp,
  j2date,
  newFields,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  timeFromFields,
  UNIX_EPOCH_DAYS,
  USECS_PER_DAY_N,
  USECS_PER_SEC,
} from './calendar.js';
import type { DateOrder } from './date-style.js';
import { DbError } from './db-error.js';
import { parseTimeZoneName, type TimeZone, zoneAbbreviation } from './time-zone.js';

type FieldKind = 'number' | 'date' | 'time' | 'string' | 'tz' | 'zone' | 'special';
interface Field {
  readonly kind: FieldKind;
  readonly text: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAY_WORDS = new Set([
  'sun',
  'mon',
  'tue',
  'tues',
  'wed',
  'wednes',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
]);

/** Month number of a text month (`jan`, `January`, `sept`), or 0. */
export function monthOf(word: string): number {
  const w = word.toLowerCase();
  const i = MONTH_NAMES.indexOf(w);
  if (i >= 0) return i + 1;
  if (w === 'sept') return 9;
  const j = MONTHS.indexOf(w);
  return j >= 0 ? j + 1 : 0;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || c === '_');

/** Splits input into fields (PostgreSQL's ParseDateTime). Returns undefined on bad characters. */
function splitFields(input: string): Field[] | undefined {
  // ISO's `T` between date and time is just a separator.
  const s = input.toLowerCase().replace(/(\d)t(\d)/g, '$1 $2');
  const out: Field[] = [];
  let i = 0;
  const n = s.length;
  const take = (ok: (c: string) => boolean): void => {
    while (i < n && ok(s[i])) i++;
  };
  while (i < n) {
    const c = s[i];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') {
      i++;
    } else if (isDigit(c)) {
      take(isDigit);
      const d = s[i];
      if (d === ':') {
        take((x) => isDigit(x) || x === ':' || x === '.');
        out.push({ kind: 'time', text: s.slice(start, i) });
      } else if (d === '-' || d === '/' || d === '.') {
        if (d === '.' && isDigit(s[i + 1])) {
          i++;
          take(isDigit);
          if (s[i] === '.') {
            take((x) => isDigit(x) || x === '.');
            out.push({ kind: 'date', text: s.slice(start, i) });
          } else out.push({ kind: 'number', text: s.slice(start, i) });
        } else {
          take((x) => isDigit(x) || isAlpha(x) || x === d);
          out.push({ kind: 'date', text: s.slice(start, i) });
        }
      } else out.push({ kind: 'number', text: s.slice(start, i) });
    } else if (c === '.' && isDigit(s[i + 1])) {
      i++;
      take(isDigit);
      out.push({ kind: 'number', text: s.slice(start, i) });
    } else if (isAlpha(c)) {
      take(isAlpha);
      const word = s.slice(start, i);
      if (s[i] === '/') {
        take((x) => isAlpha(x) || isDigit(x) || x === '/' || x === '+' || x === '-');
        out.push({ kind: 'zone', text: input.slice(start, i) });
      } else if ((s[i] === '-' || s[i] === '/' || s[i] === '.') && monthOf(word) > 0 && isDigit(s[i + 1])) {
        const d = s[i];
        take((x) => isDigit(x) || isAlpha(x) || x === d);
        out.push({ kind: 'date', text: s.slice(start, i) });
      } else out.push({ kind: 'string', text: word });
    } else if (c === '+' || c === '-') {
      i++;
      if (isDigit(s[i])) {
        take((x) => isDigit(x) || x === ':' || x === '.');
        out.push({ kind: 'tz', text: s.slice(start, i) });
      } else if (isAlpha(s[i])) {
        take(isAlpha);
        out.push({ kind: 'special', text: s.slice(start, i) });
      } else return undefined;
    } else if (c === '(' || c === ')' || c === ';' || c === "'") {
      i++;
    } else return undefined;
  }
  return out;
}

/** What the decoder found. */
interface Decoded {
  special?: 'infinity' | '-infinity' | 'epoch' | 'now' | 'today' | 'tomorrow' | 'yesterday';
  f: DateTimeFields;
  haveYear: boolean;
  haveMonth: boolean;
  haveDay: boolean;
  haveTime: boolean;
  /** Explicit offset in seconds east, or a zone to resolve at the local time. */
  offset?: number;
  zone?: TimeZone;
  doy?: number;
}

/** The errors of PostgreSQL's DateTimeParseError. */
export const badFormat = (typeName: string, text: string): DbError =>
  new DbError('22007', `invalid input syntax for type ${typeName}: "${text}"`);
export const fieldOverflow = (text: string, hint = false): DbError =>
  new DbError(
    '22008',
    `date/time field value out of range: "${text}"`,
    hint ? { hint: 'Perhaps you need a different "datestyle" setting.' } : {},
  );

class Decoder {
  readonly d: Decoded = {
    f: newFields(),
    haveYear: false,
    haveMonth: false,
    haveDay: false,
    haveTime: false,
  };
  private textMonth = false;
  private twoDigitYear = false;
  private bc = false;
  private meridian: 'am' | 'pm' | undefined;

  constructor(
    readonly text: string,
    readonly typeName: string,
    /** DateStyle's field order, for numeric dates (`01/02/03`). */
    private readonly order: DateOrder,
  ) {}

  bad(): DbError {
    return badFormat(this.typeName, this.text);
  }

  run(fields: readonly Field[]): Decoded {
    if (fields.length === 0) throw this.bad();
    for (const field of fields) {
      switch (field.kind) {
        case 'date':
          this.date(field.text);
          break;
        case 'time':
          this.time(field.text);
          break;
        case 'number':
          this.number(field.text);
          break;
        case 'tz':
          this.offset(field.text);
          break;
        case 'zone':
          this.zone(field.text);
          break;
        case 'string':
          this.word(field.text, fields.length);
          break;
        case 'special':
          if (field.text === '-infinity' && fields.length === 1) this.d.special = '-infinity';
          else if (field.text === '+infinity' && fields.length === 1) this.d.special = 'infinity';
          else throw this.bad();
          break;
      }
    }
    this.finish();
    return this.d;
  }

  private date(text: string): void {
    const parts = text.split(/[-/.]/);
    if (parts.some((p) => p === '')) throw this.bad();
    // Text months first, then numbers in order (PostgreSQL's DecodeDate).
    for (const p of parts) {
      if (isAlpha(p[0])) {
        const m = monthOf(p);
        if (m === 0 || this.textMonth) throw this.bad();
        this.setMonthText(m);
      }
    }
    const nums = parts.filter((p) => !isAlpha(p[0]));
    if (nums.length === 2 && nums[0].length === 4 && nums[1].length === 3 && !this.d.haveMonth) {
      this.setYear(nums[0]);
      this.d.doy = Number(nums[1]);
      this.d.haveMonth = this.d.haveDay = true;
      return;
    }
    for (const p of nums) {
      if (!/^\d+$/.test(p)) throw this.bad();
      this.assignNumber(p);
    }
  }

  private setMonthText(m: number): void {
    const d = this.d;
    // A number already taken for the month was really the day (`5 Jan 2020`).
    if (d.haveMonth && !this.textMonth && !d.haveDay && d.f.month >= 1 && d.f.month <= 31) {
      d.f.day = d.f.month;
      d.haveDay = true;
    } else if (d.haveMonth) throw this.bad();
    d.f.month = m;
    d.haveMonth = true;
    this.textMonth = true;
  }

  private setYear(p: string): void {
    if (this.d.haveYear) throw this.bad();
    this.d.f.year = Number(p);
    this.d.haveYear = true;
    this.twoDigitYear = p.length <= 2;
  }

  /**
   * PostgreSQL's DecodeNumber: which date field a bare number fills, from the fields seen so far
   * and the DateStyle's field order (a number of three or more digits is always a year).
   */
  private assignNumber(p: string): void {
    const d = this.d;
    const v = Number(p);
    const setMonth = () => {
      d.f.month = v;
      d.haveMonth = true;
    };
    const setDay = () => {
      if (d.haveDay) throw this.bad();
      d.f.day = v;
      d.haveDay = true;
    };
    const yearFirst = p.length >= 3 || this.order === 'YMD';
    if (!d.haveYear && !d.haveMonth && !d.haveDay) {
      if (yearFirst) this.setYear(p);
      else if (this.order === 'DMY') setDay();
      else setMonth();
    } else if (d.haveYear && !d.haveMonth && !d.haveDay) setMonth();
    else if (!d.haveYear && d.haveMonth && !d.haveDay) {
      // After a text month: MON-DD-YYYY, DD-MON-YYYY and YYYY-MON-DD (YY-MON-DD under YMD).
      if (this.textMonth && yearFirst) this.setYear(p);
      else setDay();
    } else if (d.haveYear && d.haveMonth && !d.haveDay) {
      if (this.textMonth && p.length >= 3 && this.twoDigitYear) {
        // DD-MON-YYYY under YMD: the first number was the day after all.
        d.f.day = d.f.year;
        d.haveDay = true;
        d.haveYear = false;
        this.setYear(p);
      } else setDay();
    } else if (!d.haveYear && !d.haveMonth && d.haveDay) setMonth();
    else if (!d.haveYear && d.haveMonth && d.haveDay) this.setYear(p);
    else throw this.bad();
  }

  private number(text: string): void {
    const d = this.d;
    if (text.includes('.')) {
      // A fraction only makes sense as seconds after a time, which the time field consumed.
      throw this.bad();
    }
    const noDate = !d.haveYear && !d.haveMonth && !d.haveDay;
    if (noDate && (text.length === 8 || text.length === 6) && !d.haveTime) {
      // YYYYMMDD / YYMMDD
      const yl = text.length - 4;
      this.setYear(text.slice(0, yl));
      d.f.month = Number(text.slice(yl, yl + 2));
      d.f.day = Number(text.slice(yl + 2));
      d.haveMonth = d.haveDay = true;
      return;
    }
    if (!noDate && d.haveYear && d.haveMonth && d.haveDay && !d.haveTime && text.length === 6) {
      this.setTime(Number(text.slice(0, 2)), Number(text.slice(2, 4)), Number(text.slice(4)), 0);
      return;
    }
    this.assignNumber(text);
  }

  private time(text: string): void {
    if (this.d.haveTime) throw this.bad();
    const parts = text.split(':');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) throw this.bad();
    const hour = Number(parts[0]);
    const minute = Number(parts[1]);
    if (!/^\d+$/.test(parts[0]) || !/^\d+$/.test(parts[1])) throw this.bad();
    let second = 0;
    let usec = 0;
    if (parts.length === 3) {
      const m = /^(\d+)(?:\.(\d*))?$/.exec(parts[2]);
      if (!m) throw this.bad();
      second = Number(m[1]);
      usec = fractionToMicros(m[2] ?? '');
    }
    this.setTime(hour, minute, second, usec);
  }

  private setTime(hour: number, minute: number, second: number, usec: number): void {
    const f = this.d.f;
    f.hour = hour;
    f.minute = minute;
    f.second = second;
    f.usec = usec;
    this.d.haveTime = true;
  }

  private offset(text: string): void {
    if (this.d.offset !== undefined || this.d.zone) throw this.bad();
    const sign = text[0] === '-' ? -1 : 1;
    const body = text.slice(1);
    let h: number;
    let m = 0;
    let s = 0;
    if (body.includes(':')) {
      const parts = body.split(':');
      if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) throw this.bad();
      [h, m = 0, s = 0] = parts.map(Number);
    } else if (/^\d{1,2}$/.test(body)) h = Number(body);
    else if (/^\d{3,4}$/.test(body)) {
      h = Number(body.slice(0, body.length - 2));
      m = Number(body.slice(-2));
    } else if (/^\d{5,6}$/.test(body)) {
      h = Number(body.slice(0, body.length - 4));
      m = Number(body.slice(-4, -2));
      s = Number(body.slice(-2));
    } else throw this.bad();
    if (h > 15 || m >= 60 || s >= 60) {
      throw new DbError('22009', `time zone displacement out of range: "${this.text}"`);
    }
    this.d.offset = sign * (h * 3600 + m * 60 + s);
  }

  private zone(name: string): void {
    if (this.d.offset !== undefined || this.d.zone) throw this.bad();
    try {
      this.d.zone = parseTimeZoneName(name);
    } catch (err) {
      if (err instanceof DbError)
        throw new DbError('22023', `time zone "${name.toLowerCase()}" not recognized`);
      throw err;
    }
  }

  private word(w: string, fieldCount: number): void {
    const d = this.d;
    const month = monthOf(w);
    if (month > 0) {
      this.setMonthText(month);
      return;
    }
    if (DAY_WORDS.has(w) || w === 't' || w === 'on' || w === 'at') return;
    switch (w) {
      case 'am':
      case 'a':
      case 'pm':
      case 'p':
        if (this.meridian) throw this.bad();
        this.meridian = w[0] === 'a' ? 'am' : 'pm';
        return;
      case 'bc':
        this.bc = true;
        return;
      case 'ad':
        return;
      case 'infinity':
      case 'epoch':
      case 'now':
      case 'today':
      case 'tomorrow':
      case 'yesterday':
        if (d.special) throw this.bad();
        d.special = w;
        if (w !== 'today' && w !== 'tomorrow' && w !== 'yesterday' && fieldCount > 1) throw this.bad();
        return;
      case 'allballs':
        this.setTime(0, 0, 0, 0);
        return;
    }
    const abbrev = zoneAbbreviation(w);
    if (abbrev !== undefined) {
      if (d.offset !== undefined || d.zone) throw this.bad();
      d.offset = abbrev;
      return;
    }
    throw this.bad();
  }

  private finish(): void {
    const d = this.d;
    const f = d.f;
    if (this.meridian) {
      if (!d.haveTime || f.hour > 12 || f.hour < 1) {
        if (d.haveTime && f.hour > 12) throw fieldOverflow(this.text);
        if (!d.haveTime) throw this.bad();
      }
      if (this.meridian === 'am' && f.hour === 12) f.hour = 0;
      else if (this.meridian === 'pm' && f.hour !== 12) f.hour += 12;
    }
    if (d.haveYear) {
      if (this.bc) {
        if (f.year <= 0) throw fieldOverflow(this.text);
        f.year = 1 - f.year;
      } else if (this.twoDigitYear) {
        f.year += f.year < 70 ? 2000 : 1900;
      } else if (f.year <= 0) throw fieldOverflow(this.text);
    }
    if (d.doy !== undefined) {
      if (d.doy < 1 || d.doy > 366) throw fieldOverflow(this.text);
      // Re-split so month and day hold the calendar date.
      j2date(date2j(f.year, 1, 1) + d.doy - 1, f);
    }
    if (d.haveMonth && (f.month < 1 || f.month > 12)) throw fieldOverflow(this.text, true);
    if (d.haveDay && (f.day < 1 || f.day > 31)) throw fieldOverflow(this.text, true);
    if (d.haveYear && d.haveMonth && d.haveDay && f.day > daysInMonth(f.year, f.month)) {
      throw fieldOverflow(this.text);
    }
    if (d.haveTime) {
      if (
        f.hour > 24 ||
        f.minute > 59 ||
        f.second > 60 ||
        (f.hour === 24 && (f.minute > 0 || f.second > 0 || f.usec > 0))
      ) {
        throw fieldOverflow(this.text);
      }
    }
  }
}

/**
 * `.1234567` → 123457: PostgreSQL's ParseFractionalSecond, `rint(strtod(frac) * 1000000)`, so an
 * exact half goes to the even microsecond (`.0000005` → 0, `.9999995` → 1000000).
 */
export function fractionToMicros(digits: string): number {
  if (digits === '') return 0;
  const x = Number(`0.${digits}`) * USECS_PER_SEC;
  const r = Math.round(x); // halves go up; C's rint() sends them to even
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function decode(text: string, typeName: string, order: DateOrder = 'MDY'): Decoded {
  const fields = splitFields(text);
  const dec = new Decoder(text, typeName, order);
  if (!fields) throw dec.bad();
  return dec.run(fields);
}

/** Date.now() minus performance.now(): the wall clock read at the monotonic clock's resolution. */
let clockOffset = Date.now() - performance.now();
/** performance.now() when `clockOffset` was last compared with Date.now(). */
let clockChecked = performance.now();

/**
 * The wall clock in milliseconds with a fractional part (microseconds), as PostgreSQL's
 * gettimeofday gives `now()`: Date.now() has whole milliseconds only. The monotonic clock
 * carries the fraction; its offset to the wall clock is checked at most every second and
 * follows a wall-clock step of more than a millisecond.
 */
export function wallClockMs(): number {
  const p = performance.now();
  if (p - clockChecked > 1000) {
    clockChecked = p;
    const d = Date.now() - p;
    if (Math.abs(d - clockOffset) > 1) clockOffset = d;
  }
  return clockOffset + p;
}

/**
 * The current time (or `ms`, a wallClockMs() or Date.now() taken earlier) as microseconds since
 * 2000-01-01 (for `now`, `today`, …).
 */
export function currentTimestamp(ms: number = wallClockMs()): bigint {
  return BigInt(Math.round(ms * 1000)) - BigInt(-UNIX_EPOCH_DAYS) * 86_400_000_000n;
}

/**
 * date_in: a date. Time fields are accepted and ignored (`'2020-01-05 10:00'::date`).
 * `zone` resolves `today`; `order` is DateStyle's field order. Synchronous. Throws 22007 /
 * 22008 as PostgreSQL.
 */
export function parseDate(text: string, zone: TimeZone, order: DateOrder = 'MDY'): number {
  const d = decode(text, 'date', order);
  if (d.special) {
    switch (d.special) {
      case 'infinity':
        return DATE_NOEND;
      case '-infinity':
        return DATE_NOBEGIN;
      case 'epoch':
        return UNIX_EPOCH_DAYS;
      default: {
        const base = localToday(zone);
        return base + (d.special === 'tomorrow' ? 1 : d.special === 'yesterday' ? -1 : 0);
      }
    }
  }
  if (!d.haveYear || !d.haveMonth || !d.haveDay) throw badFormat('date', text);
  const days = dateFromYmd(d.f.year, d.f.month, d.f.day);
  if (!isValidDate(days)) throw new DbError('22008', `date out of range: "${text}"`);
  return days;
}

function localToday(zone: TimeZone): number {
  const now = currentTimestamp();
  const secs = Number(now / 1_000_000n) + -UNIX_EPOCH_DAYS * 86400;
  const local = now + BigInt(zone.offsetAt(secs)) * 1_000_000n;
  return Number(
    (local - (((local % USECS_PER_DAY_N) + USECS_PER_DAY_N) % USECS_PER_DAY_N)) / USECS_PER_DAY_N,
  );
}

/**
 * time_in: microseconds since midnight (0 to 24:00:00 inclusive). A date or zone in the input is
 * ignored, as in PostgreSQL. Synchronous. Throws 22007 / 22008.
 */
export function parseTime(text: string): number {
  const d = decode(text, 'time');
  if (d.special === 'now') {
    const now = currentTimestamp();
    return Number(((now % USECS_PER_DAY_N) + USECS_PER_DAY_N) % USECS_PER_DAY_N);
  }
  if (d.special || !d.haveTime) {
    if (d.haveTime) return 0;
    throw badFormat('time', text);
  }
  const f = d.f;
  let t = timeFromFields(f.hour, f.minute, f.second, f.usec);
  if (t > 86_400_000_000) t = 86_400_000_000; // rounding of 23:59:59.9999999 stops at 24:00
  return t;
}

/**
 * timestamp_in (zone undefined) or timestamptz_in (`zone` = the session's TimeZone, used when the
 * input names no zone). timestamp ignores a zone in the input. `order` is DateStyle's field
 * order. Synchronous. Throws 22007 / 22008 / 22009 / `timestamp out of range`.
 */
export function parseTimestamp(
  text: string,
  zone: TimeZone | undefined,
  session: TimeZone,
  order: DateOrder = 'MDY',
): bigint {
  const typeName = zone ? 'timestamp with time zone' : 'timestamp';
  const d = decode(text, typeName, order);
  if (d.special) {
    switch (d.special) {
      case 'infinity':
        return TIMESTAMP_NOEND;
      case '-infinity':
        return TIMESTAMP_NOBEGIN;
      case 'epoch':
        return BigInt(UNIX_EPOCH_DAYS) * USECS_PER_DAY_N;
      case 'now': {
        const now = currentTimestamp();
        return zone ? now : now + BigInt(session.offsetAt(unixSeconds(now))) * 1_000_000n;
      }
      default: {
        if (d.haveYear || d.haveMonth || d.haveDay) throw badFormat(typeName, text);
        const day = localToday(session) + (d.special === 'tomorrow' ? 1 : d.special === 'yesterday' ? -1 : 0);
        const local =
          BigInt(day) * USECS_PER_DAY_N + BigInt(timeFromFields(d.f.hour, d.f.minute, d.f.second, d.f.usec));
        return zone ? localToUtc(local, d, zone) : local;
      }
    }
  }
  if (!d.haveYear || !d.haveMonth || !d.haveDay) throw badFormat(typeName, text);
  const local = fieldsToTimestamp(d.f);
  const out = zone ? localToUtc(local, d, zone) : local;
  if (!isValidTimestamp(out)) throw new DbError('22008', `timestamp out of range: "${text}"`);
  return out;
}

/** Seconds since the Unix epoch of a timestamp (for zone offset lookups). */
export const unixSeconds = (ts: bigint): number => Number(ts / 1_000_000n) - UNIX_EPOCH_DAYS * 86400;

function localToUtc(local: bigint, d: Decoded, session: TimeZone): bigint {
  if (d.offset !== undefined) return local - BigInt(d.offset) * 1_000_000n;
  const z = d.zone ?? session;
  return local - BigInt(z.offsetForLocal(unixSeconds(local))) * 1_000_000n;
}
