/**
 * Key encoding of date, time, timestamp(tz), interval and uuid: byte order is PostgreSQL's order
 * (sequences sorted as PostgreSQL 15 sorts them), in both directions, and keys decode back.
 */
import { compareValues, Interval, parseText, type SqlType, sqlType, type Value } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { compareKeys, decodeKey, encodeKey, isKeyType } from './key-encoding.js';

/** Ascending sequences as `SELECT … ORDER BY` in PostgreSQL 15 returns them (ties adjacent). */
const SEQUENCES: [string, string[]][] = [
  [
    'date',
    [
      '-infinity',
      '4714-11-24 BC',
      '0001-01-01 BC',
      '0001-01-01',
      '1999-12-31',
      '2000-01-01',
      '2020-02-29',
      '5874897-12-31',
      'infinity',
    ],
  ],
  ['time', ['00:00:00', '00:00:00.000001', '12:00:00', '23:59:59.999999', '24:00:00']],
  [
    'timestamp',
    [
      '-infinity',
      '4713-11-24 00:00:00 BC',
      '1969-12-31 23:59:59.999999',
      '2000-01-01 00:00:00',
      '2020-01-05 10:11:12.5',
      '294276-12-31 23:59:59.999999',
      'infinity',
    ],
  ],
  ['timestamptz', ['-infinity', '1900-01-01 00:00:00+00', '2020-01-05 10:11:12+00', 'infinity']],
  [
    'interval',
    [
      '-1 years',
      '-1 days',
      '-00:00:01',
      '00:00:00',
      '00:00:00.000001',
      '23:59:59',
      '1 day',
      '1 mon -1 days',
      '1 mon',
      '1 year',
      '178000000 years',
    ],
  ],
  [
    'uuid',
    [
      '00000000-0000-0000-0000-000000000000',
      '0000000f-0000-0000-0000-000000000000',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ],
  ],
];

describe('date/time/interval/uuid keys', () => {
  for (const [name, texts] of SEQUENCES) {
    const type = sqlType(name as SqlType['name']);
    const values = texts.map((t) => parseText(t, type));
    it(`${name} is a key type whose byte order is PostgreSQL's order`, () => {
      expect(isKeyType(type)).toBe(true);
      for (const desc of [false, true]) {
        const keys = values.map((v) => encodeKey([v], [type], [desc]));
        for (let i = 1; i < keys.length; i++) {
          expect(Math.sign(compareKeys(keys[i - 1], keys[i]))).toBe(desc ? 1 : -1);
          expect(compareValues(values[i - 1], values[i], type)).toBeLessThan(0);
        }
      }
    });
    it(`${name} keys decode to equal values`, () => {
      for (const v of values) {
        const [back] = decodeKey(encodeKey([v], [type]), [type]);
        expect(compareValues(back as Value, v, type)).toBe(0);
      }
    });
  }

  it('equal intervals share a key, as they compare equal', () => {
    const t = [sqlType('interval')];
    const a = encodeKey([new Interval(1, 0, 0n)], t);
    const b = encodeKey([new Interval(0, 30, 0n)], t);
    const c = encodeKey([new Interval(0, 29, 86_400_000_000n)], t);
    expect(compareKeys(a, b)).toBe(0);
    expect(compareKeys(b, c)).toBe(0);
  });

  it('a composite key orders by its first column, then its second', () => {
    const types = [sqlType('date'), sqlType('uuid')];
    const k = (d: string, u: string) => encodeKey([parseText(d, types[0]), parseText(u, types[1])], types);
    const x = k('2020-01-01', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
    const y = k('2020-01-02', '00000000-0000-0000-0000-000000000000');
    expect(compareKeys(x, y)).toBeLessThan(0);
  });
});
