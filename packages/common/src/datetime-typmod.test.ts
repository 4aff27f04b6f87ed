/**
 * The date/time typmods (datetime-typmod.ts): PostgreSQL 15's encodings (pg_attribute.atttypmod
 * of columns declared so), and what applying one does to a value — the expected values are
 * PostgreSQL's answers to the same casts.
 */
import { describe, expect, it } from 'vitest';
import {
  adjustInterval,
  adjustTime,
  adjustTimestamp,
  intervalFields,
  intervalPrecision,
  intervalTypmod,
  intervalTypmodText,
} from './datetime-typmod.js';
import { formatInterval, parseInterval } from './interval.js';
import { parseText } from './text-io.js';
import { formatType, sqlType } from './types.js';

const interval = (text: string, fields?: string, precision?: number): string =>
  formatInterval(parseText(text, sqlType('interval', intervalTypmod(fields, precision))) as never);

describe('interval typmods', () => {
  it('encode range and precision as PostgreSQL does', () => {
    expect(intervalTypmod(undefined, undefined)).toBe(-1);
    expect(intervalTypmod('year', undefined)).toBe(327679);
    expect(intervalTypmod(undefined, 3)).toBe(2147418115);
    expect(intervalTypmod('day to second', 2)).toBe(470286338);
    expect(intervalTypmod('minute to second', undefined)).toBe(402718719);
    expect(intervalFields(470286338)).toBe('day to second');
    expect(intervalPrecision(470286338)).toBe(2);
    expect(intervalPrecision(327679)).toBeUndefined();
    expect(() => intervalTypmod('second to day', undefined)).toThrow('invalid INTERVAL type modifier');
  });

  it('print as format_type does', () => {
    expect(intervalTypmodText(-1)).toBe('');
    expect(formatType(sqlType('interval', 327679))).toBe('interval year');
    expect(formatType(sqlType('interval', 2147418115))).toBe('interval(3)');
    expect(formatType(sqlType('interval', 470286338))).toBe('interval day to second(2)');
    expect(formatType(sqlType('timestamptz', 3))).toBe('timestamp(3) with time zone');
    expect(formatType(sqlType('time', 0))).toBe('time(0) without time zone');
  });

  it('read a bare number in the range’s last field, and drop the fields right of it', () => {
    expect(interval('5', 'hour')).toBe('05:00:00');
    expect(interval('10', 'minute')).toBe('00:10:00');
    expect(interval('1', 'year')).toBe('1 year');
    expect(interval('2', 'month')).toBe('2 mons');
    expect(interval('1.5', 'hour')).toBe('01:00:00');
    expect(interval('1 2', 'day to hour')).toBe('1 day 02:00:00');
    expect(interval('1 2:03:04', 'hour to minute')).toBe('1 day 02:03:00');
    expect(interval('1 year 3 mons', 'year')).toBe('1 year');
    expect(interval('1 year 2 mons 3 days', 'month')).toBe('1 year 2 mons');
    expect(interval('-1 day -02:30:00', 'day to hour')).toBe('-1 days -02:00:00');
    expect(interval('7', undefined)).toBe('00:00:07');
  });

  it('read a:b as minutes and seconds in MINUTE TO SECOND, and a:b.c always', () => {
    expect(interval('5:30', 'minute to second')).toBe('00:05:30');
    expect(interval('5:30', 'hour to minute')).toBe('05:30:00');
    expect(formatInterval(parseInterval('5:30.25'))).toBe('00:05:30.25');
  });

  it('round the seconds half away from zero', () => {
    expect(interval('1.23456', 'second', 2)).toBe('00:00:01.23');
    expect(interval('2.5', 'second', 0)).toBe('00:00:03');
    expect(interval('-1.5', 'second', 0)).toBe('-00:00:02');
    expect(interval('1 day 02:03:04.56789', undefined, 1)).toBe('1 day 02:03:04.6');
    const v = parseInterval('1 day');
    expect(adjustInterval(v, intervalTypmod('day', undefined))).toBe(v);
  });
});

describe('timestamp and time typmods', () => {
  it('round the fractional seconds half away from zero; infinities stay', () => {
    expect(adjustTimestamp(1_500_000n, 0)).toBe(2_000_000n);
    expect(adjustTimestamp(1_456_789n, 2)).toBe(1_460_000n);
    expect(adjustTimestamp(-1_500_000n, 0)).toBe(-2_000_000n);
    expect(adjustTimestamp(-1_400_000n, 0)).toBe(-1_000_000n);
    expect(adjustTimestamp(2n ** 63n - 1n, 0)).toBe(2n ** 63n - 1n);
    expect(adjustTimestamp(1_456_789n, -1)).toBe(1_456_789n);
    expect(adjustTime(86_399_900_000, 0)).toBe(86_400_000_000);
    expect(adjustTime(3_723_456_000, 1)).toBe(3_723_500_000);
  });
});
