/**
 * Text I/O against PostgreSQL 15: each expected output or error text was produced by
 * `select '<input>'::<type>` on a real PostgreSQL 15 (extra_float_digits = 1, the default).
 */
import { describe, expect, it } from 'vitest';
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';
import { formatText, parseText } from './text-io.js';
import { sqlType, type TypeName } from './types.js';

function roundTrip(input: string, type: TypeName): string {
  return formatText(parseText(input, sqlType(type)), sqlType(type));
}

function errorOf(input: string, type: TypeName): { code: string; message: string } {
  try {
    parseText(input, sqlType(type));
  } catch (err) {
    if (err instanceof DbError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(input)}::${type} to fail`);
}

describe('bool', () => {
  it.each([
    [' TR ', 't'],
    ['y', 't'],
    ['of', 'f'],
    ['on', 't'],
    ['1 ', 't'],
    ['tru', 't'],
    ['n', 'f'],
    ['FALSE', 'f'],
    ['Yes', 't'],
    ['0', 'f'],
    ['off', 'f'],
  ])('%j is %s', (input, out) => expect(roundTrip(input, 'bool')).toBe(out));

  it.each(['o', 'truex', '', '2', 'yess', '10'])('rejects %j', (input) => {
    expect(errorOf(input, 'bool')).toEqual({
      code: '22P02',
      message: `invalid input syntax for type boolean: "${input}"`,
    });
  });
});

describe('integers', () => {
  it.each([
    [' +12 ', 'int4', '12'],
    ['-2147483648', 'int4', '-2147483648'],
    ['00012', 'int4', '12'],
    ['-0', 'int4', '0'],
    ['-32768', 'int2', '-32768'],
    ['9223372036854775807', 'int8', '9223372036854775807'],
    ['-9223372036854775808', 'int8', '-9223372036854775808'],
    ['4294967295', 'oid', '4294967295'],
    ['-1', 'oid', '4294967295'],
  ] as [string, TypeName, string][])('%j::%s is %s', (input, type, out) => {
    expect(roundTrip(input, type)).toBe(out);
  });

  it('gives int8 as bigint and int4 as number', () => {
    expect(parseText('42', sqlType('int8'))).toBe(42n);
    expect(parseText('42', sqlType('int4'))).toBe(42);
    expect(Object.is(parseText('-0', sqlType('int4')), 0)).toBe(true);
  });

  it.each([
    ['1.0', 'int4', '22P02', 'invalid input syntax for type integer: "1.0"'],
    ['', 'int4', '22P02', 'invalid input syntax for type integer: ""'],
    ['0x10', 'int4', '22P02', 'invalid input syntax for type integer: "0x10"'],
    ['1e3', 'int4', '22P02', 'invalid input syntax for type integer: "1e3"'],
    ['- 1', 'int4', '22P02', 'invalid input syntax for type integer: "- 1"'],
    ['1_000', 'int4', '22P02', 'invalid input syntax for type integer: "1_000"'],
    ['99999999999', 'int4', '22003', 'value "99999999999" is out of range for type integer'],
    ['2147483648', 'int4', '22003', 'value "2147483648" is out of range for type integer'],
    ['40000', 'int2', '22003', 'value "40000" is out of range for type smallint'],
    ['x', 'int2', '22P02', 'invalid input syntax for type smallint: "x"'],
    ['9223372036854775808', 'int8', '22003', 'value "9223372036854775808" is out of range for type bigint'],
    ['x', 'int8', '22P02', 'invalid input syntax for type bigint: "x"'],
    [
      '123456789012345678901234567890',
      'int4',
      '22003',
      expect.stringContaining('out of range for type integer'),
    ],
  ] as [string, TypeName, string, string][])('%j::%s fails', (input, type, code, message) => {
    expect(errorOf(input, type)).toEqual({ code, message });
  });
});

describe('float8', () => {
  it.each([
    ['1e15', '1e+15'],
    ['1e16', '1e+16'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['123456789012345678', '1.2345678901234568e+17'],
    ['1.7976931348623157e308', '1.7976931348623157e+308'],
    ['-0', '-0'],
    ['4e-320', '4e-320'],
    ['0.1', '0.1'],
    ['123.456', '123.456'],
    ['1e21', '1e+21'],
    ['1.5e-7', '1.5e-07'],
    ['123456789012345', '123456789012345'],
    ['1234567890123456', '1.234567890123456e+15'],
    ['0.000123456', '0.000123456'],
    ['-2.5e-5', '-2.5e-05'],
    ['3.141592653589793', '3.141592653589793'],
    ['1e-310', '1e-310'],
    ['5e-324', '5e-324'],
    ['100', '100'],
    ['-1e100', '-1e+100'],
    ['2.2250738585072014e-308', '2.2250738585072014e-308'],
    ['0.3', '0.3'],
    ['1e300', '1e+300'],
    ['9007199254740993', '9.007199254740992e+15'],
    [' 1.5 ', '1.5'],
    ['0x10', '16'],
    ['0x1.8p1', '3'],
    ['inf', 'Infinity'],
    ['-INF', '-Infinity'],
    ['+infinity', 'Infinity'],
    ['nan', 'NaN'],
    ['-nan', 'NaN'],
    ['1.', '1'],
    ['.5', '0.5'],
    ['1e+5', '100000'],
  ])('%j is %s', (input, out) => expect(roundTrip(input, 'float8')).toBe(out));

  it.each([
    ['x', '22P02', 'invalid input syntax for type double precision: "x"'],
    ['1e', '22P02', 'invalid input syntax for type double precision: "1e"'],
    ['', '22P02', 'invalid input syntax for type double precision: ""'],
    ['infinityx', '22P02', 'invalid input syntax for type double precision: "infinityx"'],
    ['1,5', '22P02', 'invalid input syntax for type double precision: "1,5"'],
    ['1e400', '22003', '"1e400" is out of range for type double precision'],
    ['1e-400', '22003', '"1e-400" is out of range for type double precision'],
    ['1.8e308', '22003', '"1.8e308" is out of range for type double precision'],
  ])('%j fails', (input, code, message) => {
    expect(errorOf(input, 'float8')).toEqual({ code, message });
  });
});

describe('float4', () => {
  it.each([
    ['1.5', '1.5'],
    ['100000', '100000'],
    ['1000000', '1e+06'],
    ['1234567', '1.234567e+06'],
    ['12345678', '1.2345678e+07'],
    ['0.1', '0.1'],
    ['3.4028235e38', '3.4028235e+38'],
    ['1.4e-45', '1e-45'],
    ['16777217', '1.6777216e+07'],
    ['0.00001', '1e-05'],
    ['0.0001', '0.0001'],
    ['123.456', '123.456'],
    ['-7.25e-5', '-7.25e-05'],
    ['1e-40', '1e-40'],
    ['3.14159265', '3.1415927'],
  ])('%j is %s', (input, out) => expect(roundTrip(input, 'float4')).toBe(out));

  it.each([
    ['3.5e38', '22003', '"3.5e38" is out of range for type real'],
    ['1e-46', '22003', '"1e-46" is out of range for type real'],
    ['1e39', '22003', '"1e39" is out of range for type real'],
    ['x', '22P02', 'invalid input syntax for type real: "x"'],
  ])('%j fails', (input, code, message) => {
    expect(errorOf(input, 'float4')).toEqual({ code, message });
  });
});

describe('numeric, strings, "char"', () => {
  it('parses numeric into Numeric and prints it with its scale', () => {
    const v = parseText(' 1.50 ', sqlType('numeric'));
    expect(v).toBeInstanceOf(Numeric);
    expect(formatText(v, sqlType('numeric'))).toBe('1.50');
    expect(errorOf('1.2.3', 'numeric')).toEqual({
      code: '22P02',
      message: 'invalid input syntax for type numeric: "1.2.3"',
    });
  });

  it('passes strings through unchanged (bpchar keeps its padding)', () => {
    for (const t of ['text', 'varchar', 'bpchar'] as const) {
      expect(roundTrip('  héllo 🐘 ', t)).toBe('  héllo 🐘 ');
    }
  });

  it('truncates names to 63 bytes without splitting a character', () => {
    expect(roundTrip('a'.repeat(70), 'name')).toBe('a'.repeat(63));
    expect(roundTrip(`${'a'.repeat(62)}é`, 'name')).toBe('a'.repeat(62));
  });

  it('reads "char" as its first byte, with octal escapes for high bytes', () => {
    expect(roundTrip('ab', 'char')).toBe('a');
    expect(roundTrip('é', 'char')).toBe('\\303');
    expect(roundTrip('\\101', 'char')).toBe('A');
    expect(roundTrip('', 'char')).toBe('');
  });
});

describe('bytea', () => {
  const bytes = (input: string) => Array.from(parseText(input, sqlType('bytea')) as Uint8Array);

  it('prints hex and reads hex or escape format', () => {
    expect(roundTrip('\\x4142', 'bytea')).toBe('\\x4142');
    expect(roundTrip('\\x 41\n42', 'bytea')).toBe('\\x4142');
    expect(roundTrip('\\xDEADbeef', 'bytea')).toBe('\\xdeadbeef');
    expect(roundTrip('a\\\\b\\001é', 'bytea')).toBe('\\x615c6201c3a9');
    expect(roundTrip('abc', 'bytea')).toBe('\\x616263');
    expect(roundTrip('', 'bytea')).toBe('\\x');
    expect(bytes('\\377\\000')).toEqual([255, 0]);
  });

  it.each([
    ['\\x4g', '22023', 'invalid hexadecimal digit: "g"'],
    ['\\x 41 4 2', '22023', 'invalid hexadecimal digit: " "'],
    ['\\x414', '22023', 'invalid hexadecimal data: odd number of digits'],
    ['a\\b', '22P02', 'invalid input syntax for type bytea'],
    ['a\\4', '22P02', 'invalid input syntax for type bytea'],
    ['\\X41', '22P02', 'invalid input syntax for type bytea'],
  ])('%j fails', (input, code, message) => {
    expect(errorOf(input, 'bytea')).toEqual({ code, message });
  });
});

describe('types without a representation yet', () => {
  it('raise 0A000 instead of guessing', () => {
    expect(errorOf('10:00+01', 'timetz').code).toBe('0A000');
    expect(() => formatText('x', sqlType('timetz'))).toThrow(DbError);
  });
});

describe('OID alias types', () => {
  it('hold their text form (the executor resolves them through the catalog)', () => {
    expect(formatText('public.t', sqlType('regclass'))).toBe('public.t');
    expect(parseText('integer', sqlType('regtype'))).toBe('integer');
  });
});
