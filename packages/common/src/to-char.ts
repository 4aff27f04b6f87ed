/**
 * to_char for date/time values and its inverse, to_timestamp / to_date (PostgreSQL's
 * formatting.c, DCH templates), for the common patterns:
 *
 *   YYYY YYY YY Y Y,YYY CC  MM Mon MON mon Month MONTH month  DD DDD D ID  Day DAY day Dy DY dy
 *   HH HH12 HH24 MI SS MS US SSSS  AM PM am pm A.M. P.M.  AD BC  Q WW IW W J  TZ tz OF
 *
 * with the `FM` prefix (no padding), the `TH`/`th` suffix (ordinals), `"quoted text"` and
 * backslash escapes. Names are English (TM is accepted and ignored). Anything else in the
 * template is copied (to_char) or skipped one character at a time (to_timestamp).
 *
 * Number formatting (to_char(numeric, …)) is to-char-numeric.ts. Not supported: `RM`, `FF1`–`FF6`, `FX` strictness,
 * `IYYY`/`IDDD` input.
 */
import {
  type DateTimeFields,
  date2j,
  dayOfWeek,
  daysInMonth,
  fieldsToTimestamp,
  isValidTimestamp,
  j2date,
  newFields,
  POSTGRES_EPOCH_JDATE,
} from './calendar.js';
import { extractField } from './date-time-fields.js';
import { DbError } from './db-error.js';
import { formatOffset, type TimeZone } from './time-zone.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Keywords, longest first so `HH24` wins over `HH` and `MONTH` over `MON`. */
const KEYWORDS = [
  'Y,YYY',
  'YYYY',
  'YYY',
  'YY',
  'Y',
  'CC',
  'MONTH',
  'Month',
  'month',
  'MON',
  'Mon',
  'mon',
  'MM',
  'DDD',
  'DD',
  'DAY',
  'Day',
  'day',
  'DY',
  'Dy',
  'dy',
  'ID',
  'D',
  'HH24',
  'HH12',
  'HH',
  'MI',
  'MS',
  'US',
  'SSSSS',
  'SSSS',
  'SS',
  'A.M.',
  'P.M.',
  'a.m.',
  'p.m.',
  'AM',
  'PM',
  'am',
  'pm',
  'A.D.',
  'B.C.',
  'a.d.',
  'b.c.',
  'AD',
  'BC',
  'ad',
  'bc',
  'Q',
  'WW',
  'IW',
  'W',
  'J',
  'TZH',
  'TZM',
  'TZ',
  'tz',
  'OF',
];

/** Case-insensitive aliases (PostgreSQL accepts `yyyy`, `hh24`, … too). */
function matchKeyword(fmt: string, i: number): string | undefined {
  for (const k of KEYWORDS) {
    if (fmt.startsWith(k, i)) return k;
  }
  for (const k of KEYWORDS) {
    if (k.toUpperCase() === k && fmt.slice(i, i + k.length).toUpperCase() === k && !/[A-Z]/.test(fmt[i])) {
      return k;
    }
  }
  return undefined;
}

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; key: string; fm: boolean; th: 'TH' | 'th' | undefined };

function tokenize(fmt: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let fm = false;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < fmt.length && fmt[j] !== '"') {
        if (fmt[j] === '\\' && j + 1 < fmt.length) j++;
        text += fmt[j++];
      }
      out.push({ kind: 'literal', text });
      i = j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < fmt.length) {
      out.push({ kind: 'literal', text: fmt[i + 1] });
      i += 2;
      continue;
    }
    const upper2 = fmt.slice(i, i + 2).toUpperCase();
    if (upper2 === 'FM') {
      fm = true;
      i += 2;
      continue;
    }
    if (upper2 === 'TM' || upper2 === 'FX') {
      i += 2;
      continue;
    }
    const key = matchKeyword(fmt, i);
    if (key) {
      i += key.length;
      let th: 'TH' | 'th' | undefined;
      if (fmt.startsWith('TH', i) || fmt.startsWith('th', i)) {
        th = fmt.slice(i, i + 2) as 'TH' | 'th';
        i += 2;
      }
      out.push({ kind: 'field', key, fm, th });
      fm = false;
      continue;
    }
    out.push({ kind: 'literal', text: c });
    i++;
  }
  return out;
}

function ordinal(n: number, upper: boolean): string {
  const m100 = Math.abs(n) % 100;
  const m10 = Math.abs(n) % 10;
  const s = m100 >= 11 && m100 <= 13 ? 'th' : m10 === 1 ? 'st' : m10 === 2 ? 'nd' : m10 === 3 ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

const padNum = (n: number, width: number, fm: boolean): string => {
  const s = String(Math.abs(n)).padStart(fm ? 0 : width, '0');
  return n < 0 ? `-${s}` : s;
};

function casedName(name: string, key: string, fm: boolean, width: number): string {
  const s =
    key === key.toUpperCase() ? name.toUpperCase() : key === key.toLowerCase() ? name.toLowerCase() : name;
  return fm ? s : s.padEnd(width, ' ');
}

/** What to_char needs to know about the value beyond its wall-clock fields. */
export interface ToCharSource {
  readonly fields: DateTimeFields;
  /** Offset east of UTC in seconds for timestamptz; undefined for types without a zone. */
  readonly offset?: number;
  readonly zone?: TimeZone;
  /** The instant (seconds since the Unix epoch), for the zone's abbreviation. */
  readonly utcSeconds?: number;
  /** An interval: hours are not reduced modulo 24, and there is no calendar. */
  readonly interval?: boolean;
}

/** to_char(date/time value, template). Synchronous, never throws for valid fields. */
export function toChar(src: ToCharSource, fmt: string): string {
  const f = src.fields;
  let out = '';
  const displayYear = f.year > 0 ? f.year : 1 - f.year;
  for (const t of tokenize(fmt)) {
    if (t.kind === 'literal') {
      out += t.text;
      continue;
    }
    const { key, fm } = t;
    let s: string;
    let num: number | undefined;
    const numeric = (n: number, width: number) => {
      num = n;
      return padNum(n, width, fm);
    };
    switch (key.toUpperCase()) {
      case 'Y,YYY':
        s = `${Math.floor(displayYear / 1000)},${String(displayYear % 1000).padStart(3, '0')}`;
        break;
      case 'YYYY':
        s = numeric(displayYear, 4);
        break;
      case 'YYY':
        s = numeric(displayYear % 1000, 3);
        break;
      case 'YY':
        s = numeric(displayYear % 100, 2);
        break;
      case 'Y':
        s = numeric(displayYear % 10, 1);
        break;
      case 'CC':
        s = numeric(f.year > 0 ? Math.floor((f.year + 99) / 100) : -Math.floor((99 - (f.year - 1)) / 100), 2);
        break;
      case 'MONTH':
        s = casedName(MONTHS[f.month - 1], key, fm, 9);
        break;
      case 'MON':
        s = casedName(MONTHS[f.month - 1].slice(0, 3), key, true, 3);
        break;
      case 'MM':
        s = numeric(f.month, 2);
        break;
      case 'DD':
        s = numeric(f.day, 2);
        break;
      case 'DDD':
        s = numeric(date2j(f.year, f.month, f.day) - date2j(f.year, 1, 1) + 1, 3);
        break;
      case 'DAY':
        s = casedName(DAYS[dow(f)], key, fm, 9);
        break;
      case 'DY':
        s = casedName(DAYS[dow(f)].slice(0, 3), key, true, 3);
        break;
      case 'D':
        s = numeric(dow(f) + 1, 1);
        break;
      case 'ID':
        s = numeric(dow(f) === 0 ? 7 : dow(f), 1);
        break;
      case 'HH':
      case 'HH12': {
        const h = f.hour % 12 === 0 ? 12 : f.hour % 12;
        s = numeric(h, 2);
        break;
      }
      case 'HH24':
        s = numeric(f.hour, 2);
        break;
      case 'MI':
        s = numeric(f.minute, 2);
        break;
      case 'SS':
        s = numeric(f.second, 2);
        break;
      case 'MS':
        s = numeric(Math.floor(f.usec / 1000), 3);
        break;
      case 'US':
        s = numeric(f.usec, 6);
        break;
      case 'SSSS':
      case 'SSSSS':
        s = numeric(f.hour * 3600 + f.minute * 60 + f.second, 1);
        break;
      case 'AM':
      case 'PM':
        s = f.hour >= 12 ? 'PM' : 'AM';
        if (key === key.toLowerCase()) s = s.toLowerCase();
        break;
      case 'A.M.':
      case 'P.M.':
        s = f.hour >= 12 ? 'P.M.' : 'A.M.';
        if (key === key.toLowerCase()) s = s.toLowerCase();
        break;
      case 'AD':
      case 'BC':
        s = f.year > 0 ? 'AD' : 'BC';
        if (key === key.toLowerCase()) s = s.toLowerCase();
        break;
      case 'A.D.':
      case 'B.C.':
        s = f.year > 0 ? 'A.D.' : 'B.C.';
        if (key === key.toLowerCase()) s = s.toLowerCase();
        break;
      case 'Q':
        s = numeric(Math.floor((f.month - 1) / 3) + 1, 1);
        break;
      case 'WW':
        s = numeric(Math.floor((date2j(f.year, f.month, f.day) - date2j(f.year, 1, 1)) / 7) + 1, 2);
        break;
      case 'IW': {
        const w = extractField(
          'week',
          BigInt(date2j(f.year, f.month, f.day) - POSTGRES_EPOCH_JDATE) * 86_400_000_000n,
          'timestamp',
          UTC_ONLY,
        )!;
        s = numeric(Number(w.toString()), 2);
        break;
      }
      case 'W':
        s = numeric(Math.floor((f.day - 1) / 7) + 1, 1);
        break;
      case 'J':
        s = numeric(date2j(f.year, f.month, f.day), 1);
        break;
      case 'TZ':
        s = src.offset === undefined ? '' : zoneAbbrev(src);
        if (key === 'tz') s = s.toLowerCase();
        break;
      case 'OF':
        s = src.offset === undefined ? '' : formatOffset(src.offset);
        break;
      case 'TZH':
        s = src.offset === undefined ? '' : formatOffset(src.offset).slice(0, 3);
        break;
      case 'TZM':
        s =
          src.offset === undefined
            ? ''
            : String(Math.floor((Math.abs(src.offset) % 3600) / 60)).padStart(2, '0');
        break;
      default:
        s = key;
    }
    if (t.th && num !== undefined) s += ordinal(num, t.th === 'TH');
    out += s;
  }
  return out;
}

const UTC_ONLY = { name: 'UTC', offsetAt: () => 0, offsetForLocal: () => 0 } as TimeZone;

function zoneAbbrev(src: ToCharSource): string {
  const name = src.zone?.name ?? 'UTC';
  if (/^(utc|gmt|z|zulu)$/i.test(name)) return 'UTC';
  const abbrev = src.zone?.abbreviationAt?.(src.utcSeconds ?? 0);
  return abbrev ?? formatOffset(src.offset ?? 0);
}

const dow = (f: DateTimeFields): number => dayOfWeek(date2j(f.year, f.month, f.day) - POSTGRES_EPOCH_JDATE);

// ---- to_timestamp / to_date ------------------------------------------------------------------

/**
 * Parses `text` with template `fmt` into local wall-clock fields (to_timestamp / to_date).
 * Fields the template does not set default to 0001-01-01 BC 00:00:00 like PostgreSQL (year 0).
 * Throws 22007 `invalid value "x" for "MM"` and 22008 for impossible dates.
 */
export function parseWithTemplate(text: string, fmt: string): DateTimeFields {
  const f = newFields();
  f.year = 0;
  f.month = 1;
  f.day = 1;
  let yearSet = false;
  let bc = false;
  let pm: boolean | undefined;
  let doy: number | undefined;
  let pos = 0;
  const skipSpaces = () => {
    while (pos < text.length && text[pos] === ' ') pos++;
  };
  const readInt = (key: string, maxDigits: number, fm: boolean, nextIsField: boolean): number => {
    skipSpaces();
    const start = pos;
    if (text[pos] === '-' || text[pos] === '+') pos++;
    const limit = nextIsField && !fm ? maxDigits : 12;
    while (pos < text.length && pos - start < limit && text[pos] >= '0' && text[pos] <= '9') pos++;
    const s = text.slice(start, pos);
    if (!/^[+-]?\d+$/.test(s)) {
      const bad = text.slice(start).split(/[\s\-/:.,]/)[0] || text.slice(start, start + 1);
      throw new DbError('22007', `invalid value "${bad}" for "${key}"`, {
        detail: 'Value must be an integer.',
      });
    }
    return Number(s);
  };
  const readWord = (key: string, options: readonly string[], len?: number): number => {
    skipSpaces();
    const rest = text.slice(pos).toLowerCase();
    for (let i = 0; i < options.length; i++) {
      const o = (len ? options[i].slice(0, len) : options[i]).toLowerCase();
      if (rest.startsWith(o)) {
        pos += o.length;
        return i;
      }
    }
    const bad = text.slice(pos).split(/\s/)[0];
    throw new DbError('22007', `invalid value "${bad}" for "${key}"`, {
      detail: 'The given value did not match any of the allowed values for this field.',
    });
  };
  const tokens = tokenize(fmt);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'literal') {
      for (const ch of t.text) {
        if (ch === ' ') skipSpaces();
        else if (pos < text.length) pos++;
      }
      continue;
    }
    const nextIsField = tokens[i + 1]?.kind === 'field';
    const key = t.key.toUpperCase();
    switch (key) {
      case 'YYYY':
      case 'Y,YYY':
        f.year = readInt(t.key, 4, t.fm, nextIsField);
        yearSet = true;
        break;
      case 'YYY':
      case 'YY':
      case 'Y': {
        const n = readInt(t.key, key.length, t.fm, nextIsField);
        f.year =
          key === 'YY'
            ? n < 70
              ? 2000 + n
              : 1900 + n
            : key === 'YYY'
              ? n < 100
                ? 2000 + n
                : 1000 + n
              : 2000 + n;
        yearSet = true;
        break;
      }
      case 'MM':
        f.month = readInt(t.key, 2, t.fm, nextIsField);
        break;
      case 'MONTH':
        f.month = readWord(t.key, MONTHS) + 1;
        break;
      case 'MON':
        f.month = readWord(t.key, MONTHS, 3) + 1;
        break;
      case 'DD':
        f.day = readInt(t.key, 2, t.fm, nextIsField);
        break;
      case 'DDD':
        doy = readInt(t.key, 3, t.fm, nextIsField);
        break;
      case 'DAY':
        readWord(t.key, DAYS);
        break;
      case 'DY':
        readWord(t.key, DAYS, 3);
        break;
      case 'D':
      case 'ID':
        readInt(t.key, 1, t.fm, nextIsField);
        break;
      case 'HH':
      case 'HH12':
        f.hour = readInt(t.key, 2, t.fm, nextIsField);
        if (f.hour < 1 || f.hour > 12) {
          throw new DbError('22008', `hour "${f.hour}" is invalid for the 12-hour clock`, {
            hint: 'Use the 24-hour clock, or give an hour between 1 and 12.',
          });
        }
        if (pm === undefined) pm = false;
        break;
      case 'HH24':
        f.hour = readInt(t.key, 2, t.fm, nextIsField);
        break;
      case 'MI':
        f.minute = readInt(t.key, 2, t.fm, nextIsField);
        break;
      case 'SS':
        f.second = readInt(t.key, 2, t.fm, nextIsField);
        break;
      case 'MS':
        f.usec = readInt(t.key, 3, t.fm, nextIsField) * 1000;
        break;
      case 'US':
        f.usec = readInt(t.key, 6, t.fm, nextIsField);
        break;
      case 'AM':
      case 'PM':
        pm = readWord(t.key, ['am', 'pm']) === 1;
        break;
      case 'A.M.':
      case 'P.M.':
        pm = readWord(t.key, ['a.m.', 'p.m.']) === 1;
        break;
      case 'AD':
      case 'BC':
        bc = readWord(t.key, ['ad', 'bc']) === 1;
        break;
      case 'A.D.':
      case 'B.C.':
        bc = readWord(t.key, ['a.d.', 'b.c.']) === 1;
        break;
      case 'J': {
        j2date(readInt(t.key, 7, true, false), f);
        yearSet = true;
        break;
      }
      default:
        readInt(t.key, 2, t.fm, nextIsField);
    }
  }
  if (pm !== undefined && f.hour <= 12) {
    if (pm && f.hour < 12) f.hour += 12;
    else if (!pm && f.hour === 12) f.hour = 0;
  }
  if (bc && yearSet) f.year = 1 - f.year;
  if (doy !== undefined) {
    j2date(date2j(f.year, 1, 1) + doy - 1, f);
  }
  if (
    f.month < 1 ||
    f.month > 12 ||
    f.day < 1 ||
    f.day > daysInMonth(f.year, f.month) ||
    f.hour > 24 ||
    f.minute > 59 ||
    f.second > 60
  ) {
    throw new DbError('22008', `date/time field value out of range: "${text}"`);
  }
  if (!isValidTimestamp(fieldsToTimestamp(f)))
    throw new DbError('22008', `timestamp out of range: "${text}"`);
  return f;
}
