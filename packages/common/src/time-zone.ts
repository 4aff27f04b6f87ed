/**
 * Time zones for timestamptz: the session's TimeZone setting and `AT TIME ZONE` arguments.
 *
 * A `TimeZone` answers one question: how many seconds east of UTC is local time at a given
 * instant. Fixed offsets answer with a constant; named zones (`Europe/Paris`) ask the IANA
 * database through `Intl.DateTimeFormat`, whose answers carry history (DST, LMT before 1900),
 * like PostgreSQL's own tz database. Instants outside what JavaScript's Date covers use the
 * offset at the nearest covered instant.
 *
 * Spellings follow PostgreSQL, including its historical quirk about signs:
 * - `SET TIME ZONE` / the TimeZone setting (`parseTimeZoneSetting`): a bare number of hours
 *   (`'+05'`, `'-3.5'`) is ISO-signed, east positive.
 * - Zone strings elsewhere (`AT TIME ZONE '+05'`, `parseTimeZoneName`) are POSIX-signed: `'+05'`
 *   and `'UTC+5'` mean five hours *west* of Greenwich.
 * - `UTC`, `GMT`, `Z`, `Zulu` and a few common abbreviations (EST, PST, CET, …) are fixed offsets.
 */
import { DbError } from './db-error.js';

export interface TimeZone {
  /** The name as given, for messages. */
  readonly name: string;
  /** Seconds east of UTC at `utcSeconds` (seconds since the Unix epoch). */
  offsetAt(utcSeconds: number): number;
  /** Seconds east of UTC for a local wall time given as seconds since the Unix epoch. */
  offsetForLocal(localSeconds: number): number;
  /**
   * The zone's abbreviation at an instant (to_char's TZ; timestamptz output in the SQL, Postgres
   * and German DateStyles), when it has one (`EDT`, `UTC`; a bare offset has none).
   */
  abbreviationAt?(utcSeconds: number): string | undefined;
}

class FixedZone implements TimeZone {
  constructor(
    readonly name: string,
    readonly offset: number,
    /** The abbreviation of a zone named by one (`EST`); none for a bare offset. */
    private readonly abbreviation?: string,
  ) {}
  offsetAt(): number {
    return this.offset;
  }
  offsetForLocal(): number {
    return this.offset;
  }
  abbreviationAt(): string | undefined {
    return this.abbreviation;
  }
}

// Date covers ±8.64e15 ms; stay a little inside so formatting never sees an invalid date.
const MAX_DATE_SECONDS = 8.64e12 - 2 * 86400;

class NamedZone implements TimeZone {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();
  private abbreviations: Intl.DateTimeFormat | undefined;

  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetAt(utcSeconds: number): number {
    const t = Math.max(-MAX_DATE_SECONDS, Math.min(MAX_DATE_SECONDS, Math.floor(utcSeconds)));
    // Offsets change at most a few times a year: cache per hour.
    const hourKey = Math.floor(t / 3600);
    const cached = this.cache.get(hourKey);
    if (cached !== undefined) return cached;
    const probe = hourKey * 3600;
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const p of this.format.formatToParts(new Date(probe * 1000))) {
      switch (p.type) {
        case 'year':
          year = Number(p.value);
          break;
        case 'month':
          month = Number(p.value);
          break;
        case 'day':
          day = Number(p.value);
          break;
        case 'hour':
          hour = Number(p.value);
          break;
        case 'minute':
          minute = Number(p.value);
          break;
        case 'second':
          second = Number(p.value);
          break;
        case 'era':
          bc = p.value === 'BC' || p.value === 'B';
          break;
      }
    }
    const d = new Date(0);
    d.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
    d.setUTCHours(hour, minute, second, 0);
    const offset = Math.round(d.getTime() / 1000) - probe;
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(hourKey, offset);
    return offset;
  }

  abbreviationAt(utcSeconds: number): string | undefined {
    this.abbreviations ??= new Intl.DateTimeFormat('en-US', { timeZone: this.name, timeZoneName: 'short' });
    const t = Math.max(-MAX_DATE_SECONDS, Math.min(MAX_DATE_SECONDS, utcSeconds));
    const part = this.abbreviations.formatToParts(new Date(t * 1000)).find((p) => p.type === 'timeZoneName');
    // Intl falls back to `GMT+2` where it knows no abbreviation; PostgreSQL prints the offset then.
    return part && !part.value.startsWith('GMT') ? part.value : undefined;
  }

  offsetForLocal(localSeconds: number): number {
    // PostgreSQL's DetermineTimeZoneOffset: around a transition, try the offsets in force half a
    // day before and after. A time valid under one of them uses it; an ambiguous time (fall
    // back) takes the later offset; a time in a gap (spring forward) the earlier one.
    const before = this.offsetAt(localSeconds - 43200);
    const after = this.offsetAt(localSeconds + 43200);
    if (before === after) return before;
    const validAfter = this.offsetAt(localSeconds - after) === after;
    if (validAfter) return after;
    return before;
  }
}

/** UTC, the default TimeZone. */
export const UTC: TimeZone = new FixedZone('UTC', 0, 'UTC');

const ABBREVIATIONS: Record<string, number> = {
  utc: 0,
  gmt: 0,
  z: 0,
  zulu: 0,
  ut: 0,
  est: -5 * 3600,
  edt: -4 * 3600,
  cst: -6 * 3600,
  cdt: -5 * 3600,
  mst: -7 * 3600,
  mdt: -6 * 3600,
  pst: -8 * 3600,
  pdt: -7 * 3600,
  cet: 3600,
  cest: 7200,
  eet: 7200,
  eest: 10800,
  msk: 10800,
  jst: 9 * 3600,
  ist: 7200,
  bst: 3600,
};

/** A fixed offset abbreviation (`EST`, `UTC`, `Z`), in seconds east, or undefined. */
export function zoneAbbreviation(name: string): number | undefined {
  const v = ABBREVIATIONS[name.toLowerCase()];
  return v;
}

const named = new Map<string, TimeZone>();

function namedZone(name: string): TimeZone | undefined {
  let z = named.get(name.toLowerCase());
  if (z) return z;
  try {
    z = new NamedZone(name);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  named.set(name.toLowerCase(), z);
  return z;
}

const POSIX = /^(?:([a-z]{3,})?([+-]?)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?)$/i;
/** A POSIX spec with a quoted abbreviation, as PostgreSQL names a fixed offset: `<+05:30>-05:30`. */
const POSIX_QUOTED = /^<[a-z0-9+:-]{3,}>([+-]?)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?$/i;

/**
 * A zone name as `AT TIME ZONE` and timestamptz input read it: an abbreviation, an IANA name, or
 * a POSIX spec (`UTC+5`, `+05`: west positive). Synchronous. Throws 22023
 * `time zone "x" not recognized`.
 */
export function parseTimeZoneName(name: string): TimeZone {
  const trimmed = name.trim();
  const abbrev = zoneAbbreviation(trimmed);
  if (abbrev !== undefined) return abbrev === 0 ? UTC : new FixedZone(trimmed, abbrev, trimmed.toUpperCase());
  const m = POSIX.exec(trimmed);
  if (m && (m[1] === undefined || zoneAbbreviation(m[1]) !== undefined || m[2] !== '')) {
    const base = m[1] === undefined ? 0 : (zoneAbbreviation(m[1]) ?? 0);
    const west = Number(m[3]) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0);
    return new FixedZone(trimmed, base + (m[2] === '-' ? west : -west), m[1]?.toUpperCase());
  }
  const q = POSIX_QUOTED.exec(trimmed);
  if (q) {
    const west = Number(q[2]) * 3600 + Number(q[3] ?? 0) * 60 + Number(q[4] ?? 0);
    return new FixedZone(trimmed, q[1] === '-' ? west : -west);
  }
  const z = namedZone(trimmed);
  if (!z) throw new DbError('22023', `time zone "${name}" not recognized`);
  return z;
}

/**
 * The TimeZone setting's value as `SET TIME ZONE` reads it: a number of hours is ISO-signed
 * (east positive), anything else as `parseTimeZoneName`. 'local' and 'default' mean UTC.
 * Synchronous; cached per spelling. Throws 22023 for an unknown zone.
 */
export function parseTimeZoneSetting(value: string): TimeZone {
  const v = value.trim();
  const cached = settingCache.get(v);
  if (cached) return cached;
  let z: TimeZone;
  if (/^[+-]?\d+(\.\d+)?$/.test(v)) {
    const east = Math.round(Number(v) * 3600);
    z = new FixedZone(offsetZoneName(east), east);
  } else if (v.toLowerCase() === 'local' || v.toLowerCase() === 'default') z = UTC;
  else z = parseTimeZoneName(v);
  settingCache.set(v, z);
  return z;
}
const settingCache = new Map<string, TimeZone>();

/**
 * How PostgreSQL names the fixed offset `east` seconds east of UTC that `SET TIME ZONE` gave as a
 * number or an interval (pg_tzset_offset): a POSIX spec with its own offset quoted as the
 * abbreviation, `<+05:30>-05:30`, `<-03>+03`, `<+00>-00`.
 */
export function offsetZoneName(east: number): string {
  const abs = Math.abs(east);
  const two = (n: number) => String(n).padStart(2, '0');
  const [h, m, sec] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  const offset = sec !== 0 ? `${two(h)}:${two(m)}:${two(sec)}` : m !== 0 ? `${two(h)}:${two(m)}` : two(h);
  return east >= 0 ? `<+${offset}>-${offset}` : `<-${offset}>+${offset}`;
}

/**
 * A fixed offset of `seconds` east of UTC (for `+05:30` in timestamptz input and `AT TIME ZONE
 * interval`).
 */
export const fixedTimeZone = (seconds: number): TimeZone => new FixedZone(formatOffset(seconds), seconds);

/** `+05`, `-03:30`, `+00:09:21`: PostgreSQL's offset suffix on timestamptz output. */
export function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  let s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out = sign + (h < 10 ? `0${h}` : String(h));
  if (m !== 0 || s !== 0) out += `:${m < 10 ? '0' : ''}${m}`;
  if (s !== 0) out += `:${s < 10 ? '0' : ''}${s}`;
  return out;
}
