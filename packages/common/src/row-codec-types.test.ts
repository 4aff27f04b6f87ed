/**
 * Row codec round trips for the date/time, interval, uuid, json/jsonb and array types, and a
 * pinned encoding so a later change to a stored format fails loudly.
 */
import { describe, expect, it } from 'vitest';
import { decodeColumn, decodeRow, encodeRow } from './row-codec.js';
import { formatText, parseText } from './text-io.js';
import { type SqlType, sqlType, type TypeName } from './types.js';
import type { Value } from './value.js';

const samples: [TypeName, string[]][] = [
  ['date', ['2020-01-05', '4714-11-24 BC', '5874897-12-31', 'infinity', '-infinity', '1999-12-31']],
  ['time', ['00:00:00', '10:11:12.123456', '24:00:00']],
  [
    'timestamp',
    [
      '2020-01-05 10:11:12.5',
      '4713-11-24 00:00:00 BC',
      '294276-12-31 23:59:59.999999',
      'infinity',
      '-infinity',
    ],
  ],
  ['timestamptz', ['2020-01-05 10:11:12.5+00', '1900-01-01 00:00:00+00', '-infinity']],
  ['interval', ['1 year 2 mons 3 days 04:05:06.5', '-1 days +02:00:00', '00:00:00', '-178000000 years']],
  [
    'uuid',
    [
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ],
  ],
  ['json', ['{"b": 1,  "a": [1, 2]}', '"x"', 'null']],
  ['jsonb', ['{"a": 3, "b": [1.50, null, {"c": "é"}]}', '[]', '"x"', 'null', '12.340']],
  ['_int4', ['{1,2,3}', '{}', '{{1,NULL},{3,4}}', '[0:1]={5,6}']],
  ['_text', ['{a,"b c",NULL,"",é}', '{}']],
  ['_numeric', ['{1.50,NaN,-2}']],
  ['_timestamptz', ['{"2020-01-05 10:11:12+00",NULL}']],
  ['_jsonb', ['{"{\\"a\\": 1}",NULL}']],
  ['_interval', ['{"1 day",02:00:00}']],
  ['inet', ['10.1.2.3', '10.1.2.3/8', '::ffff:1.2.3.4', '2001:db8::1/64']],
  ['cidr', ['10.0.0.0/8', '::/0']],
  ['macaddr', ['08:00:2b:01:02:03']],
  ['_inet', ['{1.2.3.4,NULL,::1}']],
];

describe('row codec: new types', () => {
  for (const [name, texts] of samples) {
    it(`round-trips ${name}`, () => {
      const type = sqlType(name);
      const types: SqlType[] = [sqlType('int4'), type, type, sqlType('text')];
      for (const text of texts) {
        const v = parseText(text, type);
        const row: Value[] = [7, v, null, 'tail'];
        const bytes = encodeRow(row, types);
        const out: Value[] = [];
        decodeRow(bytes, types, out);
        expect(out[0]).toBe(7);
        expect(formatText(out[1], type)).toBe(formatText(v, type));
        expect(out[2]).toBeNull();
        expect(out[3]).toBe('tail');
        expect(decodeColumn(bytes, types, 3)).toBe('tail');
      }
    });
  }

  it('keeps the documented layout (pinned bytes)', () => {
    const types = ['date', 'time', 'timestamp', 'interval', 'uuid'].map((t) => sqlType(t as TypeName));
    const values = [
      parseText('2000-01-02', types[0]),
      parseText('00:00:01', types[1]),
      parseText('2000-01-01 00:00:00.000002', types[2]),
      parseText('1 mon 2 days 00:00:00.000003', types[3]),
      parseText('00010203-0405-0607-0809-0a0b0c0d0e0f', types[4]),
    ];
    const hex = Buffer.from(encodeRow(values, types)).toString('hex');
    expect(hex).toBe(
      [
        '01',
        '0500',
        '00', // version, natts, null bitmap
        '01000000', // date: day 1
        '40420f0000000000', // time: 1_000_000 µs
        '0200000000000000', // timestamp: 2 µs
        '0300000000000000',
        '02000000',
        '01000000', // interval: µs, days, months
        '000102030405060708090a0b0c0d0e0f', // uuid bytes
      ].join(''),
    );
  });

  it('encodes an array body as documented', () => {
    const t = sqlType('_int2');
    const hex = Buffer.from(encodeRow([parseText('{7,NULL}', t)], [t])).toString('hex');
    // header, then length 12: ndims 1, dim 2, lbound 1, bitmap 0b10, element 7
    expect(hex).toBe(['01', '0100', '00', '0c', '01', '02000000', '01000000', '02', '0700'].join(''));
  });
});
