import { type DbError, Numeric, type SqlType, sqlType, type TypeName, type Value } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { encodeBinary, hasBinaryFormat, readBinary } from './binary-format.js';

const num = (s: string): Numeric => Numeric.parse(s);

/**
 * What PostgreSQL 15 sends: `SELECT encode(<type>send(value), 'hex')` on a real server. Each case
 * must encode to exactly these bytes and decode back to the same value.
 */
const FIXTURES: readonly [TypeName, Value, string][] = [
  ['bool', true, '01'],
  ['bool', false, '00'],
  ['int2', -2, 'fffe'],
  ['int2', 32767, '7fff'],
  ['int4', -1, 'ffffffff'],
  ['int4', 2147483647, '7fffffff'],
  ['int8', -9223372036854775808n, '8000000000000000'],
  ['float4', 1.5, '3fc00000'],
  ['float8', -0.1, 'bfb999999999999a'],
  ['float8', Number.NaN, '7ff8000000000000'],
  ['float4', Number.NEGATIVE_INFINITY, 'ff800000'],
  ['float8', -0, '8000000000000000'],
  ['bytea', Uint8Array.of(0xde, 0xad, 0xbe, 0xef), 'deadbeef'],
  ['bytea', new Uint8Array(0), ''],
  ['text', 'héllo', '68c3a96c6c6f'],
  ['bpchar', 'ab  ', '61622020'],
  ['varchar', 'x', '78'],
  ['name', 'n', '6e'],
  ['oid', 4294967295, 'ffffffff'],
  ['tid', 1 * 0x10000 + 2, '000000010002'], // tidsend: block (1), then offset (2)
  ['xid', 4294967295, 'ffffffff'],
  ['char', 'a', '61'],
  ['numeric', num('0'), '0000000000000000'],
  ['numeric', num('0.00'), '0000000000000002'],
  ['numeric', num('1'), '00010000000000000001'],
  ['numeric', num('-1'), '00010000400000000001'],
  ['numeric', num('10000'), '00010001000000000001'],
  ['numeric', num('12345.678'), '0003000100000003000109291a7c'],
  ['numeric', num('0.0001'), '0001ffff000000040001'],
  ['numeric', num('0.00001234'), '0001fffe0000000804d2'],
  [
    'numeric',
    num('-123456789012345678901234567890.1234567890'),
    '000b00074000000a000c0d801ed204d2162e23340d801ed204d2162e2328',
  ],
  ['numeric', num('1e20'), '00010005000000000001'],
  ['numeric', Numeric.NaN, '00000000c0000000'],
  ['numeric', Numeric.Infinity, '00000000d0000020'],
  ['numeric', Numeric.NegativeInfinity, '00000000f0000020'],
  ['numeric', num('1.50'), '000200000000000200011388'],
  ['numeric', num('99990000'), '0001000100000000270f'],
  ['numeric', num('0.1'), '0001ffff0000000103e8'],
  ['numeric', num('1.000100'), '000200000000000600010001'],
];

const show = (v: Value): string => (v instanceof Uint8Array ? `bytes(${v.length})` : String(v));

describe('binary format', () => {
  it.each(FIXTURES.map(([t, v, hex]) => [t, show(v), v, hex] as const))(
    '%s %s matches PostgreSQL',
    (t, _shown, value, hex) => {
      const type = sqlType(t);
      expect(encodeBinary(value, type).toString('hex')).toBe(hex);
      const back = readBinary(Buffer.from(hex, 'hex'), type);
      if (value instanceof Numeric) {
        expect(back).toBeInstanceOf(Numeric);
        expect((back as Numeric).toString()).toBe(value.toString());
      } else {
        expect(back).toEqual(value);
      }
    },
  );

  it('truncates numeric digits hidden by dscale, as numeric_recv does', () => {
    // 1.2345 (digits [1, 2345]) sent with dscale 2 reads as 1.23.
    const v = readBinary(
      Buffer.from('0002000000000002000109 29'.replace(' ', ''), 'hex'),
      sqlType('numeric'),
    );
    expect((v as Numeric).toString()).toBe('1.23');
  });

  const errorOf = (hex: string, type: SqlType): DbError => {
    try {
      readBinary(Buffer.from(hex, 'hex'), type);
    } catch (err) {
      return err as DbError;
    }
    throw new Error('expected an error');
  };

  it('rejects malformed input with PostgreSQL codes', () => {
    expect(errorOf('0001', sqlType('int4')).code).toBe('08P01');
    expect(errorOf('0000000100', sqlType('int4')).code).toBe('22P03');
    expect(errorOf('00010000000000002710', sqlType('numeric')).message).toBe(
      'invalid digit in external "numeric" value',
    );
    expect(errorOf('0000000012340000', sqlType('numeric')).message).toBe(
      'invalid sign in external "numeric" value',
    );
    expect(errorOf('000100000000000000', sqlType('numeric')).code).toBe('08P01');
    const bad = errorOf('61c328', sqlType('text'));
    expect([bad.code, bad.message]).toEqual([
      '22021',
      'invalid byte sequence for encoding "UTF8": 0xc3 0x28',
    ]);
  });

  it('has no binary form for types that come later', () => {
    expect(hasBinaryFormat(sqlType('timetz'))).toBe(false);
    expect(hasBinaryFormat(sqlType('numeric'))).toBe(true);
    expect(() => encodeBinary(1, sqlType('timetz'))).toThrow(
      /binary format for type time with time zone is not supported/,
    );
    expect(errorOf('00', sqlType('timetz')).code).toBe('0A000');
  });
});
