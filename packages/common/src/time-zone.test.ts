/**
 * The session TimeZone: output, input, casts and arithmetic of timestamptz in named zones and
 * fixed offsets, with PostgreSQL 15's answers (including DST gaps, overlaps and LMT).
 */
import { describe, expect, it } from 'vitest';
import { newFields } from './calendar.js';
import { castValue } from './cast.js';
import { dateTrunc, extractField } from './date-time-fields.js';
import { timestamptzToFields } from './date-time-format.js';
import { timestampAddInterval } from './date-time-operators.js';
import { unixSeconds } from './date-time-parse.js';
import type { Interval } from './interval.js';
import { formatText, parseText } from './text-io.js';
import { offsetZoneName, parseTimeZoneSetting } from './time-zone.js';
import { toChar } from './to-char.js';
import { sqlType } from './types.js';

const TZ = sqlType('timestamptz');
const ts = (text: string, zone = 'UTC') => parseText(text, TZ, parseTimeZoneSetting(zone)) as bigint;
const show = (v: bigint, zone: string) => formatText(v, TZ, parseTimeZoneSetting(zone));

describe('TimeZone', () => {
  it('prints timestamptz in the session zone', () => {
    expect(show(ts('2020-07-01 00:00:00+00'), 'America/New_York')).toBe('2020-06-30 20:00:00-04');
    expect(show(ts('2020-01-01 12:00:00+00'), 'America/New_York')).toBe('2020-01-01 07:00:00-05');
    expect(show(ts('2020-07-01 00:00:00+00'), 'Asia/Kolkata')).toBe('2020-07-01 05:30:00+05:30');
    expect(show(ts('1850-01-01 00:00:00+00'), 'Europe/Paris')).toBe('1850-01-01 00:09:21+00:09:21');
    expect(show(ts('2020-01-01 00:00:00+00'), '+05')).toBe('2020-01-01 05:00:00+05');
    expect(show(ts('2020-01-01 00:00:00+00'), 'UTC+5')).toBe('2019-12-31 19:00:00-05');
  });

  it('reads local times in the session zone, resolving DST gaps and overlaps as PostgreSQL', () => {
    const ny = 'America/New_York';
    expect(show(ts('2020-03-08 02:30', ny), ny)).toBe('2020-03-08 03:30:00-04');
    expect(show(ts('2020-11-01 01:30', ny), ny)).toBe('2020-11-01 01:30:00-05');
    expect(show(ts('2020-01-01 12:00', ny), 'UTC')).toBe('2020-01-01 17:00:00+00');
  });

  it('casts and computes on the wall clock of the zone', () => {
    const ny = parseTimeZoneSetting('America/New_York');
    const day = parseText('1 day', sqlType('interval')) as Interval;
    const hours = parseText('24 hours', sqlType('interval')) as Interval;
    const start = ts('2020-03-07 12:00-05');
    expect(formatText(timestampAddInterval(start, day, ny), TZ, ny)).toBe('2020-03-08 12:00:00-04');
    expect(formatText(timestampAddInterval(start, hours, ny), TZ, ny)).toBe('2020-03-08 13:00:00-04');
    const d = parseText('2020-07-01', sqlType('date'));
    expect(formatText(castValue(d, sqlType('date'), TZ, false, ny), TZ, ny)).toBe('2020-07-01 00:00:00-04');
    const t = ts('2020-07-01 03:00+00');
    expect(formatText(castValue(t, TZ, sqlType('date'), false, ny), sqlType('date'))).toBe('2020-06-30');
    expect(formatText(dateTrunc('day', t, 'timestamptz', ny), TZ, ny)).toBe('2020-06-30 00:00:00-04');
    expect(extractField('hour', t, 'timestamptz', ny)!.toString()).toBe('23');
    const fields = newFields();
    const offset = timestamptzToFields(t, ny, fields);
    expect(toChar({ fields, offset, zone: ny, utcSeconds: unixSeconds(t) }, 'HH24 TZ OF')).toBe('23 EDT -04');
  });

  it('rejects unknown zones with 22023', () => {
    expect(() => parseTimeZoneSetting('Mars/Olympus')).toThrow(/time zone "Mars\/Olympus" not recognized/);
  });

  it('names an offset given as a number as PostgreSQL does, and reads that name back', () => {
    expect(offsetZoneName(19800)).toBe('<+05:30>-05:30');
    expect(offsetZoneName(-10800)).toBe('<-03>+03');
    expect(offsetZoneName(0)).toBe('<+00>-00');
    expect(offsetZoneName(3723)).toBe('<+01:02:03>-01:02:03');
    expect(parseTimeZoneSetting('5.5').name).toBe('<+05:30>-05:30');
    expect(show(ts('2024-01-01 12:00+00'), '<+05:30>-05:30')).toBe('2024-01-01 17:30:00+05:30');
    expect(show(ts('2024-01-01 12:00+00'), '<-03>+03')).toBe('2024-01-01 09:00:00-03');
    // The quoted abbreviation is only a label: the POSIX offset after it counts (west positive).
    expect(show(ts('2024-01-01 00:00+00'), '<ABC>+3')).toBe('2023-12-31 21:00:00-03');
  });
});
