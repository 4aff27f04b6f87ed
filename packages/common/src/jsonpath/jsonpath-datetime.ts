/**
 * jsonpath's `.datetime()` without a template: the ISO forms PostgreSQL 15 tries in turn (date,
 * time with and without a zone, timestamp with and without a zone, with a space or a `T`), the
 * items it makes, their JSON text (ISO 8601 as JsonEncodeDateTime writes it) and their comparison
 * (compareDatetime: across types where a cast needs no time zone; otherwise 0A000, as the
 * functions without `_tz` raise it).
 */
import { DbError } from '../db-error.js';
import type { TimeZone } from '../time-zone.js';

export type DatetimeKind = 'date' | 'time' | 'timetz' | 'timestamp' | 'timestamptz';

/** A datetime item of a path's evaluation. */
export class JsonPathDatetime {
  constructor(
    readonly kind: DatetimeKind,
    /** date: days; time, timetz: microseconds of the day; timestamp(tz): local microseconds. */
    readonly local: bigint,
    /** timetz, timestamptz: the zone's offset east of UTC in seconds. */
    readonly offset: number,
    /** The JSON text (without quotes). */
    readonly text: string,
  ) {}
}

export const DATETIME_TYPE_NAMES: Record<DatetimeKind, string> = {
  date: 'date',
  time: 'time without time zone',
  timetz: 'time with time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
};

const DAY = 86_400_000_000n;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysFromCivil(y: number, m: number, d: number): number | undefined {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return Math.round(dt.getTime() / 86_400_000);
}

function timeText(h: number, mi: number, s: number, frac: string): string {
  const f = frac.replace(/0+$/, '');
  return `${pad(h)}:${pad(mi)}:${pad(s)}${f === '' ? '' : `.${f}`}`;
}

function zoneText(offset: number): string {
  const a = Math.abs(offset);
  const sec = a % 60;
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 3600))}:${pad(Math.floor(a / 60) % 60)}${sec ? `:${pad(sec)}` : ''}`;
}

const DATE = String.raw`(\d{1,4})-(\d{1,2})-(\d{1,2})`;
const TIME = String.raw`(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?`;
const ZONE = String.raw`([+-])(\d{1,2})(?::(\d{1,2}))?`;
const FORMS: readonly [RegExp, DatetimeKind][] = [
  [new RegExp(`^\\s*${DATE}$`), 'date'],
  [new RegExp(`^\\s*${TIME}\\s*${ZONE}$`), 'timetz'],
  [new RegExp(`^\\s*${TIME}$`), 'time'],
  [new RegExp(`^\\s*${DATE}[ T]\\s*${TIME}\\s*${ZONE}$`), 'timestamptz'],
  [new RegExp(`^\\s*${DATE}[ T]\\s*${TIME}$`), 'timestamp'],
];

/** The datetime `s` is in one of the ISO forms, or undefined. */
export function parseJsonPathDatetime(s: string): JsonPathDatetime | undefined {
  for (const [re, kind] of FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const g = m.slice(1);
    let i = 0;
    let days = 0;
    let dateText = '';
    if (kind === 'date' || kind === 'timestamp' || kind === 'timestamptz') {
      const [y, mo, d] = [Number(g[0]), Number(g[1]), Number(g[2])];
      const v = y === 0 ? undefined : daysFromCivil(y, mo, d);
      if (v === undefined) continue;
      days = v;
      dateText = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
      i = 3;
      if (kind === 'date') return new JsonPathDatetime(kind, BigInt(days), 0, dateText);
    }
    const [h, mi, sec] = [Number(g[i]), Number(g[i + 1]), Number(g[i + 2])];
    const frac = (g[i + 3] ?? '').padEnd(6, '0');
    if (h > 24 || mi > 59 || sec > 60 || (h === 24 && (mi > 0 || sec > 0 || Number(frac) > 0))) continue;
    const micros = ((BigInt(h) * 60n + BigInt(mi)) * 60n + BigInt(sec)) * 1_000_000n + BigInt(Number(frac));
    const tText = timeText(h, mi, sec, frac);
    let offset = 0;
    if (kind === 'timetz' || kind === 'timestamptz') {
      const zh = Number(g[i + 5]);
      const zm = Number(g[i + 6] ?? '0');
      if (zh > 15 || zm > 59) continue;
      offset = (g[i + 4] === '-' ? -1 : 1) * (zh * 3600 + zm * 60);
    }
    switch (kind) {
      case 'time':
        return new JsonPathDatetime(kind, micros, 0, tText);
      case 'timetz':
        return new JsonPathDatetime(kind, micros, offset, `${tText}${zoneText(offset)}`);
      case 'timestamp':
        return new JsonPathDatetime(kind, BigInt(days) * DAY + micros, 0, `${dateText}T${tText}`);
      default:
        return new JsonPathDatetime(
          kind,
          BigInt(days) * DAY + micros,
          offset,
          `${dateText}T${tText}${zoneText(offset)}`,
        );
    }
  }
  return undefined;
}

function needsZone(from: string, to: string): never {
  throw new DbError('0A000', `cannot convert value from ${from} to ${to} without time zone usage`, {
    hint: 'Use *_tz() function for time zone support.',
  });
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
/** A timestamptz's instant in UTC microseconds. */
const utc = (d: JsonPathDatetime): bigint => d.local - BigInt(d.offset) * 1_000_000n;
/** A date or timestamp as local microseconds. */
const localMicros = (d: JsonPathDatetime): bigint => (d.kind === 'date' ? d.local * DAY : d.local);

/** timetz_cmp: by the time in UTC, then by zone (east of UTC first). */
function timetzCmp(a: JsonPathDatetime, b: JsonPathDatetime): number {
  const c = cmp(utc(a), utc(b));
  return c !== 0 ? c : a.offset > b.offset ? -1 : a.offset < b.offset ? 1 : 0;
}

/** A date or timestamp as a timestamptz in `zone` (PostgreSQL's date/timestamp → timestamptz casts). */
function toTimestamptz(d: JsonPathDatetime, zone: TimeZone): JsonPathDatetime {
  const local = localMicros(d);
  const offset = zone.offsetForLocal(Number(local / 1_000_000n));
  return new JsonPathDatetime('timestamptz', local, offset, d.text);
}

/** A time as a timetz in `zone` at the current date (time_timetz). */
function toTimetz(d: JsonPathDatetime, zone: TimeZone): JsonPathDatetime {
  return new JsonPathDatetime('timetz', d.local, zone.offsetAt(Math.floor(Date.now() / 1000)), d.text);
}

/**
 * compareDatetime: a comparison, or undefined for incomparable types. Without `zone` (the
 * functions without `_tz`) a cast that needs a time zone is 0A000; with it, it uses the zone.
 */
export function compareJsonPathDatetimes(
  a: JsonPathDatetime,
  b: JsonPathDatetime,
  zone?: TimeZone,
): number | undefined {
  const x = a.kind;
  const y = b.kind;
  const timeLike = (k: DatetimeKind) => k === 'time' || k === 'timetz';
  if (timeLike(x) !== timeLike(y)) return undefined;
  if (timeLike(x)) {
    if (x === 'time' && y === 'time') return cmp(a.local, b.local);
    if (x !== y) {
      if (zone === undefined) needsZone('time', 'timetz');
      return timetzCmp(x === 'time' ? toTimetz(a, zone) : a, y === 'time' ? toTimetz(b, zone) : b);
    }
    return timetzCmp(a, b);
  }
  if (x === 'timestamptz' && y === 'timestamptz') return cmp(utc(a), utc(b));
  if (x === 'timestamptz' || y === 'timestamptz') {
    const other = x === 'timestamptz' ? y : x;
    if (zone === undefined) needsZone(other === 'date' ? 'date' : 'timestamp', 'timestamptz');
    return cmp(
      utc(x === 'timestamptz' ? a : toTimestamptz(a, zone)),
      utc(y === 'timestamptz' ? b : toTimestamptz(b, zone)),
    );
  }
  return cmp(localMicros(a), localMicros(b));
}
