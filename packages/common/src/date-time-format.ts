/**
 * Date/time output (PostgreSQL's EncodeDateOnly / EncodeTimeOnly / EncodeDateTime), DateStyle
 * ISO by default:
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
 *
 * The other DateStyles (a `DateTimeStyle` argument; time has one form in all):
 *
 * | style          | date         | timestamp / timestamptz                      |
 * |----------------|--------------|----------------------------------------------|
 * | SQL, MDY       | `03/04/2024` | `03/04/2024 05:06:07.5`, `… 05:06:07 PST`     |
 * | SQL, DMY       | `04/03/2024` | `04/03/2024 05:06:07.5`                       |
 * | German         | `04.03.2024` | `04.03.2024 05:06:07.5 UTC`                   |
 * | Postgres, MDY  | `03-04-2024` | `Mon Mar 04 05:06:07.5 2024 PST`              |
 * | Postgres, DMY  | `04-03-2024` | `Mon 04 Mar 05:06:07.5 2024 PST`              |
 *
 * YMD prints as MDY outside ISO. timestamptz carries the zone's abbreviation at the instant, or
 * the numeric offset when the zone has none (`+05`); BC dates end in ` BC` in every style.
 */
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  type DateTimeFields,
  date2j,
  dayOfWeek,
  j2date,
  newFields,
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  timestampToFields,
  timeToFields,
} from './calendar.js';
import { type DateTimeStyle, DEFAULT_DATE_TIME_STYLE } from './date-style.js';
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

/** EncodeDateOnly's day and month in `style`, with the year: `03/04/2024`, `04.03.2024`. */
function styledDate(f: DateTimeFields, style: DateTimeStyle): string {
  const dmy = style.dateOrder === 'DMY';
  switch (style.dateStyle) {
    case 'ISO':
      return ymd(f);
    case 'SQL':
      return `${dmy ? `${pad2(f.day)}/${pad2(f.month)}` : `${pad2(f.month)}/${pad2(f.day)}`}/${yearText(f.year)}`;
    case 'German':
      return `${pad2(f.day)}.${pad2(f.month)}.${yearText(f.year)}`;
    case 'Postgres':
      return `${dmy ? `${pad2(f.day)}-${pad2(f.month)}` : `${pad2(f.month)}-${pad2(f.day)}`}-${yearText(f.year)}`;
  }
}

/** date_out. */
export function formatDate(days: number, style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE): string {
  if (days === DATE_NOEND) return 'infinity';
  if (days === DATE_NOBEGIN) return '-infinity';
  j2date(days + POSTGRES_EPOCH_JDATE, scratch);
  const s = style.dateStyle === 'ISO' ? ymd(scratch) : styledDate(scratch, style);
  return scratch.year <= 0 ? `${s} BC` : s;
}

/** time_out (microseconds since midnight). */
export function formatTime(micros: number): string {
  timeToFields(micros, scratch);
  return hms(scratch);
}

/** timestamp_out. */
export function formatTimestamp(ts: bigint, style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE): string {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  timestampToFields(ts, scratch);
  const s =
    style.dateStyle === 'ISO' ? `${ymd(scratch)} ${hms(scratch)}` : styledDateTime(scratch, style, '');
  return scratch.year <= 0 ? `${s} BC` : s;
}

/** timestamptz_out in `zone`. */
export function formatTimestamptz(
  ts: bigint,
  zone: TimeZone,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): string {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  const utcSeconds = unixSeconds(ts);
  const offset = zone.offsetAt(utcSeconds);
  timestampToFields(ts + BigInt(offset) * 1_000_000n, scratch);
  const s =
    style.dateStyle === 'ISO'
      ? `${ymd(scratch)} ${hms(scratch)}${formatOffset(offset)}`
      : styledDateTime(scratch, style, ` ${zone.abbreviationAt?.(utcSeconds) ?? formatOffset(offset)}`);
  return scratch.year <= 0 ? `${s} BC` : s;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** EncodeDateTime in a style other than ISO; `zone` is the zone suffix (` PST`) or ''. */
function styledDateTime(f: DateTimeFields, style: DateTimeStyle, zone: string): string {
  if (style.dateStyle !== 'Postgres') return `${styledDate(f, style)} ${hms(f)}${zone}`;
  const day = DAY_NAMES[dayOfWeek(date2j(f.year, f.month, f.day) - POSTGRES_EPOCH_JDATE)];
  const month = MONTH_NAMES[f.month - 1];
  const date = style.dateOrder === 'DMY' ? `${pad2(f.day)} ${month}` : `${month} ${pad2(f.day)}`;
  return `${day} ${date} ${hms(f)} ${yearText(f.year)}${zone}`;
}

/** Local wall-clock fields of a timestamptz in `zone` (and the offset used), into `out`. */
export function timestamptzToFields(ts: bigint, zone: TimeZone, out: DateTimeFields): number {
  const offset = zone.offsetAt(unixSeconds(ts));
  timestampToFields(ts + BigInt(offset) * 1_000_000n, out);
  return offset;
}
