/**
 * Binary send/receive of the date/time, interval, uuid, json and network types: the bytes are what
 * PostgreSQL 15's date_send, time_send, timestamp(tz)_send, interval_send, uuid_send, jsonb_send,
 * json_send, inet_send, cidr_send and macaddr_send return for the same values.
 */
import { formatText, parseText, sqlType, type TypeName } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { encodeBinary, hasBinaryFormat, readBinary } from './binary-format.js';

const CASES: [TypeName, string, string][] = [
  ['date', '2020-01-05', '00001c8d'],
  ['date', 'infinity', '7fffffff'],
  ['time', '10:11:12.5', '0000000889d9f120'],
  ['timestamp', '2020-01-05 10:11:12.5', '00023e6087f9d120'],
  ['timestamptz', '2020-01-05 10:11:12.5+00', '00023e6087f9d120'],
  ['interval', '1 year 2 mons 3 days 04:05:06.5', '000000036c9361a0000000030000000e'],
  ['uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a0eebc999c0b4ef8bb6d6bb9bd380a11'],
  ['jsonb', '{"b": 1, "a": [true]}', '017b2261223a205b747275655d2c202262223a20317d'],
  ['json', '{"b":  1}', '7b2262223a2020317d'],
  ['inet', '10.1.2.3/8', '020800040a010203'],
  ['cidr', '10.0.0.0/8', '020801040a000000'],
  ['inet', '2001:db8::1', '0380001020010db8000000000000000000000001'],
  ['macaddr', '08:00:2b:01:02:03', '08002b010203'],
  // jsonpath_send: version 1, then the canonical text
  ['jsonpath', '$.a ? (@ > 1)', '01242e2261223f2840203e203129'],
];

describe('binary format of date/time, interval, uuid, json, jsonb', () => {
  it.each(CASES)('%s %s', (name, text, hex) => {
    const type = sqlType(name);
    expect(hasBinaryFormat(type)).toBe(true);
    const value = parseText(text, type);
    expect(encodeBinary(value, type).toString('hex')).toBe(hex);
    expect(formatText(readBinary(Buffer.from(hex, 'hex'), type), type)).toBe(formatText(value, type));
  });

  it('rejects a wrong length or jsonb version', () => {
    expect(() => readBinary(Buffer.from('0000', 'hex'), sqlType('date'))).toThrow(/insufficient data/);
    expect(() => readBinary(Buffer.from('027b7d', 'hex'), sqlType('jsonb'))).toThrow(
      /unsupported jsonb version/,
    );
    expect(() => readBinary(Buffer.from('020801040a010000', 'hex'), sqlType('cidr'))).toThrow(
      /invalid external "cidr" value/,
    );
    expect(() => readBinary(Buffer.from('042000040a010203', 'hex'), sqlType('inet'))).toThrow(
      /invalid address family/,
    );
  });
});
