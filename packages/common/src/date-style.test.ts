/**
 * DateStyle / IntervalStyle: the settings' parsing (check_datestyle), and date, timestamp,
 * timestamptz and interval text in each style, against what PostgreSQL 15 printed.
 */
import { describe, expect, it } from 'vitest';
import { castDependsOnDateStyle } from './cast.js';
import { checkDateStyle, checkIntervalStyle, type DateTimeStyle, dateTimeStyle } from './date-style.js';
import { DbError } from './db-error.js';
import { parseInterval } from './interval.js';
import { formatText, parseText } from './text-io.js';
import { parseTimeZoneSetting, UTC } from './time-zone.js';
import { arrayTypeOf, sqlType } from './types.js';

const DATE = sqlType('date');
const TS = sqlType('timestamp');
const TSTZ = sqlType('timestamptz');
const INTERVAL = sqlType('interval');

const style = (s: string, intervalStyle: DateTimeStyle['intervalStyle'] = 'postgres'): DateTimeStyle => {
  const [dateStyle, order] = checkDateStyle(s, 'ISO, MDY', 'ISO, MDY').split(', ');
  return dateTimeStyle(
    dateStyle as DateTimeStyle['dateStyle'],
    order as DateTimeStyle['dateOrder'],
    intervalStyle,
  );
};

const out = (text: string, type: typeof DATE, s: DateTimeStyle, zone = UTC): string =>
  formatText(parseText(text, type, zone), type, zone, 1, s);

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof DbError)
      return `${err.code} ${err.message}${err.fields.detail ? ` | ${err.fields.detail}` : ''}`;
    throw err;
  }
  return 'no error';
}

describe('checkDateStyle', () => {
  it.each([
    ['ISO', 'ISO, MDY'],
    ['dmy', 'ISO, DMY'],
    ['euro', 'ISO, DMY'],
    ['us', 'ISO, MDY'],
    ['sql', 'SQL, MDY'],
    ['german', 'German, DMY'],
    ['german, mdy', 'German, MDY'],
    ['Postgres, ymd', 'Postgres, YMD'],
    ['european, sql', 'SQL, DMY'],
    ['nonEuropean', 'ISO, MDY'],
    [' ISO , DMY ', 'ISO, DMY'],
    ['iso, iso', 'ISO, MDY'],
    ['default, sql', 'SQL, MDY'],
    ['german, default', 'German, MDY'],
    ['', 'ISO, MDY'],
  ])('%j → %s', (value, shown) => {
    expect(checkDateStyle(value, 'ISO, MDY', 'ISO, MDY')).toBe(shown);
  });

  it('keeps the part a value omits from the current setting', () => {
    expect(checkDateStyle('dmy', 'SQL, MDY', 'ISO, MDY')).toBe('SQL, DMY');
    expect(checkDateStyle('postgres', 'SQL, YMD', 'ISO, MDY')).toBe('Postgres, YMD');
    expect(checkDateStyle('default', 'SQL, YMD', 'German, DMY')).toBe('German, DMY');
  });

  it.each([
    ['foo', 'Unrecognized key word: "foo".'],
    ['FOO', 'Unrecognized key word: "foo".'],
    ['iso, sql', 'Conflicting "datestyle" specifications.'],
    ['dmy, mdy', 'Conflicting "datestyle" specifications.'],
    ['iso,,dmy', 'List syntax is invalid.'],
    ['iso dmy', 'List syntax is invalid.'],
  ])('%j is 22023 (%s)', (value, detail) => {
    expect(errorOf(() => checkDateStyle(value, 'ISO, MDY', 'ISO, MDY'))).toBe(
      `22023 invalid value for parameter "DateStyle": "${value}" | ${detail}`,
    );
  });

  it('checks IntervalStyle, quoting the name as written', () => {
    expect(checkIntervalStyle('ISO_8601', 'IntervalStyle')).toBe('iso_8601');
    expect(errorOf(() => checkIntervalStyle(' postgres', 'intervalstyle'))).toBe(
      '22023 invalid value for parameter "intervalstyle": " postgres"',
    );
  });
});

describe('date and timestamp output', () => {
  const rows: [string, string, string, string, string][] = [
    // style, date, timestamp, timestamptz (UTC), BC date
    ['ISO, MDY', '2024-03-04', '2024-03-04 05:06:07.5', '2024-03-04 05:06:07.5+00', '0044-03-15 BC'],
    ['SQL, DMY', '04/03/2024', '04/03/2024 05:06:07.5', '04/03/2024 05:06:07.5 UTC', '15/03/0044 BC'],
    ['SQL, MDY', '03/04/2024', '03/04/2024 05:06:07.5', '03/04/2024 05:06:07.5 UTC', '03/15/0044 BC'],
    ['SQL, YMD', '03/04/2024', '03/04/2024 05:06:07.5', '03/04/2024 05:06:07.5 UTC', '03/15/0044 BC'],
    ['German', '04.03.2024', '04.03.2024 05:06:07.5', '04.03.2024 05:06:07.5 UTC', '15.03.0044 BC'],
    [
      'Postgres, MDY',
      '03-04-2024',
      'Mon Mar 04 05:06:07.5 2024',
      'Mon Mar 04 05:06:07.5 2024 UTC',
      '03-15-0044 BC',
    ],
    [
      'Postgres, DMY',
      '04-03-2024',
      'Mon 04 Mar 05:06:07.5 2024',
      'Mon 04 Mar 05:06:07.5 2024 UTC',
      '15-03-0044 BC',
    ],
  ];
  it.each(rows)('%s', (s, date, ts, tstz, bc) => {
    const st = style(s);
    expect(out('2024-03-04', DATE, st)).toBe(date);
    expect(out('2024-03-04 05:06:07.5', TS, st)).toBe(ts);
    expect(out('2024-03-04 05:06:07.5+00', TSTZ, st)).toBe(tstz);
    expect(out('0044-03-15 BC', DATE, st)).toBe(bc);
    expect(out('infinity', DATE, st)).toBe('infinity');
    expect(out('-infinity', TSTZ, st)).toBe('-infinity');
  });

  it('prints BC timestamps and zone abbreviations as PostgreSQL', () => {
    expect(out('0044-03-15 05:06:07 BC', TS, style('Postgres, MDY'))).toBe('Fri Mar 15 05:06:07 0044 BC');
    expect(out('0044-03-15 05:06:07+00 BC', TSTZ, style('SQL, DMY'))).toBe('15/03/0044 05:06:07 UTC BC');
    const la = parseTimeZoneSetting('America/Los_Angeles');
    expect(out('2024-03-04 05:06:07+00', TSTZ, style('SQL, MDY'), la)).toBe('03/03/2024 21:06:07 PST');
    expect(out('2024-07-04 05:06:07+00', TSTZ, style('Postgres, MDY'), la)).toBe(
      'Wed Jul 03 22:06:07 2024 PDT',
    );
    expect(out('2024-03-04 05:06:07+00', TSTZ, style('German'), la)).toBe('03.03.2024 21:06:07 PST');
    // A bare offset has no abbreviation: the offset prints instead.
    const plus5 = parseTimeZoneSetting('5');
    expect(out('2024-03-04 05:06:07+00', TSTZ, style('SQL, MDY'), plus5)).toBe('03/04/2024 10:06:07 +05');
    expect(out('2024-03-04 05:06:07+00', TSTZ, style('Postgres, MDY'), plus5)).toBe(
      'Mon Mar 04 10:06:07 2024 +05',
    );
    expect(out('2024-03-04 05:06:07+00', TSTZ, style('SQL'), parseTimeZoneSetting('-3.5'))).toBe(
      '03/04/2024 01:36:07 -03:30',
    );
    expect(out('2024-03-04 05:06:07+00', TSTZ, style('SQL'), parseTimeZoneSetting('EST'))).toBe(
      '03/04/2024 00:06:07 EST',
    );
  });

  it('prints arrays and records of dates in the style', () => {
    const st = style('SQL, DMY');
    const arr = arrayTypeOf(DATE)!;
    expect(formatText(parseText('{2024-03-04,NULL}', arr), arr, UTC, 1, st)).toBe('{04/03/2024,NULL}');
  });
});

describe('date input in the DateStyle field order', () => {
  const read = (text: string, s: string, type = DATE) =>
    formatText(parseText(text, type, UTC, style(s)), type);
  it.each([
    ['01/02/03', 'MDY', '2003-01-02'],
    ['01/02/03', 'DMY', '2003-02-01'],
    ['01/02/03', 'YMD', '2001-02-03'],
    ['1/2/2003', 'MDY', '2003-01-02'],
    ['1/2/2003', 'DMY', '2003-02-01'],
    ['13/01/2003', 'DMY', '2003-01-13'],
    ['2003-01-02', 'DMY', '2003-01-02'],
    ['2003-01-02', 'YMD', '2003-01-02'],
    ['5 Jan 2020', 'DMY', '2020-01-05'],
    ['5 Jan 2020', 'YMD', '2020-01-05'],
    ['Jan 5 2020', 'DMY', '2020-01-05'],
    ['03 Jan 02', 'YMD', '2003-01-02'],
  ])('%s in %s is %s', (text, order, date) => {
    expect(read(text, order)).toBe(date);
  });

  it('reads timestamps in the order too', () => {
    expect(read('04/03/2024 05:06:07', 'DMY', TS)).toBe('2024-03-04 05:06:07');
  });

  it('rejects a month over 12 with the datestyle hint', () => {
    expect(errorOf(() => read('13/01/2003', 'MDY'))).toBe(
      '22008 date/time field value out of range: "13/01/2003"',
    );
  });

  it('says which literal casts depend on the order', () => {
    const unknown = sqlType('unknown');
    expect(castDependsOnDateStyle(unknown, DATE, '01/02/03')).toBe(true);
    expect(castDependsOnDateStyle(unknown, DATE, '2003-01-02')).toBe(false);
    expect(castDependsOnDateStyle(DATE, sqlType('text'))).toBe(true);
    expect(castDependsOnDateStyle(sqlType('int4'), sqlType('text'))).toBe(false);
  });
});

describe('interval output', () => {
  const inputs = [
    '1 year 2 mons 3 days 04:05:06.5',
    '-1 day',
    '0',
    '-1 year -2 mons',
    '1 day -1 hour',
    '-1 days -02:03:04',
    '-00:00:00.5',
    '1 mon -1 sec',
    '2 hours 1 sec',
    '@ 1 sec ago',
    '1 year -3 days',
    '-1 year 2 mons',
    '3 days 0.000001 sec',
    '-5 mins -1.25 secs',
    '100 years',
    '1 day 00:00:01',
    '-1 day +00:00:01',
    '1 min',
  ];
  const expected: Record<string, string[]> = {
    postgres_verbose: [
      '@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs',
      '@ 1 day ago',
      '@ 0',
      '@ 1 year 2 mons ago',
      '@ 1 day -1 hours',
      '@ 1 day 2 hours 3 mins 4 secs ago',
      '@ 0.5 secs ago',
      '@ 1 mon -1 sec',
      '@ 2 hours 1 sec',
      '@ 1 sec ago',
      '@ 1 year -3 days',
      '@ 10 mons ago',
      '@ 3 days 0.000001 secs',
      '@ 5 mins 1.25 secs ago',
      '@ 100 years',
      '@ 1 day 1 sec',
      '@ 1 day -1 sec ago',
      '@ 1 min',
    ],
    sql_standard: [
      '+1-2 +3 +4:05:06.5',
      '-1 0:00:00',
      '0',
      '-1-2',
      '+0-0 +1 -1:00:00',
      '-1 2:03:04',
      '-0:00:00.5',
      '+0-1 +0 -0:00:01',
      '2:00:01',
      '-0:00:01',
      '+1-0 -3 +0:00:00',
      '-0-10',
      '3 0:00:00.000001',
      '-0:05:01.25',
      '100-0',
      '1 0:00:01',
      '+0-0 -1 +0:00:01',
      '0:01:00',
    ],
    iso_8601: [
      'P1Y2M3DT4H5M6.5S',
      'P-1D',
      'PT0S',
      'P-1Y-2M',
      'P1DT-1H',
      'P-1DT-2H-3M-4S',
      'PT-0.5S',
      'P1MT-1S',
      'PT2H1S',
      'PT-1S',
      'P1Y-3D',
      'P-10M',
      'P3DT0.000001S',
      'PT-5M-1.25S',
      'P100Y',
      'P1DT1S',
      'P-1DT1S',
      'PT1M',
    ],
  };
  it.each(Object.keys(expected))('%s', (intervalStyle) => {
    const st = dateTimeStyle('ISO', 'MDY', intervalStyle as DateTimeStyle['intervalStyle']);
    expect(inputs.map((i) => formatText(parseInterval(i), INTERVAL, UTC, 1, st))).toEqual(
      expected[intervalStyle],
    );
  });
});

describe('interval input under IntervalStyle sql_standard', () => {
  const read = (text: string, intervalStyle: DateTimeStyle['intervalStyle']) =>
    formatText(
      parseInterval(text, intervalStyle),
      INTERVAL,
      UTC,
      1,
      dateTimeStyle('ISO', 'MDY', 'sql_standard'),
    );
  it.each([
    // text, sql_standard reading, postgres reading (both printed in sql_standard)
    ['-1 2:03:04', '-1 2:03:04', '+0-0 -1 +2:03:04'],
    ['-1 year 2 mons', '-1-2', '-0-10'],
    ['-1-2 3', '-1-2 +0 -0:00:03', '-1-2 +0 +0:00:03'],
    ['-1 +2:03:04', '+0-0 -1 +2:03:04', '+0-0 -1 +2:03:04'],
    ['-1.5 days 2 hours', '-1 14:00:00', '-1 10:00:00'],
    ['1 -2:03:04', '+0-0 +1 -2:03:04', '+0-0 +1 -2:03:04'],
    ['@ -1 day 2 hours', '-1 2:00:00', '+0-0 -1 +2:00:00'],
    ['-1 2:03:04 ago', '1 2:03:04', '+0-0 +1 -2:03:04'],
    ['P-1D', '-1 0:00:00', '-1 0:00:00'],
  ])('%s', (text, sqlStandard, postgres) => {
    expect(read(text, 'sql_standard')).toBe(sqlStandard);
    expect(read(text, 'postgres')).toBe(postgres);
  });

  it('says which interval literals depend on it', () => {
    const unknown = sqlType('unknown');
    expect(castDependsOnDateStyle(unknown, INTERVAL, '-1 2:03:04')).toBe(true);
    expect(castDependsOnDateStyle(unknown, INTERVAL, '-1 day')).toBe(false);
    expect(castDependsOnDateStyle(unknown, INTERVAL, '1 day 02:00')).toBe(false);
  });
});
