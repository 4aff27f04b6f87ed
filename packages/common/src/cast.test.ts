/**
 * Casts against PostgreSQL 15: expected values and errors come from `select v::from::to` on a
 * real PostgreSQL 15; the canCast table is pg_cast's castcontext.
 */
import { describe, expect, it } from 'vitest';
import { type CastContext, canCast, castValue } from './cast.js';
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';
import { formatText, parseText } from './text-io.js';
import { charTypmod, numericTypmod, type SqlType, sqlType, type TypeName } from './types.js';

const T = (name: TypeName, typmod = -1): SqlType => sqlType(name, typmod);

/** `'<text>'::from::to` rendered as PostgreSQL prints it. */
function cast(text: string, from: SqlType, to: SqlType, explicit = true): string {
  const v = castValue(parseText(text, from), from, to, explicit);
  return v === null ? 'NULL' : formatText(v, to);
}

function castError(text: string, from: SqlType, to: SqlType, explicit = true): string {
  try {
    castValue(parseText(text, from), from, to, explicit);
  } catch (err) {
    if (err instanceof DbError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('expected the cast to fail');
}

describe('numeric conversions', () => {
  it.each([
    ['3.5', 'float8', 'int4', '4'],
    ['2.5', 'float8', 'int4', '2'],
    ['-2.5', 'float8', 'int4', '-2'],
    ['0.5', 'float4', 'int2', '0'],
    ['1.5', 'float4', 'int8', '2'],
    ['2.5', 'numeric', 'int4', '3'],
    ['-2.5', 'numeric', 'int4', '-3'],
    ['NaN', 'float8', 'numeric', 'NaN'],
    ['inf', 'float8', 'numeric', 'Infinity'],
    ['0.1', 'float4', 'numeric', '0.1'],
    ['0.3333333333333333', 'float8', 'numeric', '0.333333333333333'],
    ['1e20', 'float8', 'numeric', '100000000000000000000'],
    ['1.5e-7', 'float8', 'numeric', '0.00000015'],
    ['123456.789', 'float4', 'numeric', '123457'],
    ['12345678901234567890', 'numeric', 'float4', '1.2345679e+19'],
    ['0.1', 'numeric', 'float4', '0.1'],
    ['nan', 'numeric', 'float8', 'NaN'],
    ['32767', 'int4', 'int2', '32767'],
    ['-9223372036854775808', 'int8', 'numeric', '-9223372036854775808'],
    ['9007199254740993', 'int8', 'float8', '9.007199254740992e+15'],
    ['4294967295', 'int8', 'oid', '4294967295'],
    ['-1', 'int4', 'oid', '4294967295'],
    ['4294967295', 'oid', 'int4', '-1'],
    ['4294967295', 'oid', 'int8', '4294967295'],
    ['1', 'int4', 'float4', '1'],
  ] as [string, TypeName, TypeName, string][])('%s::%s::%s = %s', (v, from, to, out) => {
    expect(cast(v, T(from), T(to))).toBe(out);
  });

  it.each([
    ['32767.5', 'float8', 'int2', '22003: smallint out of range'],
    ['32767.5', 'numeric', 'int2', '22003: smallint out of range'],
    ['2147483647.5', 'float8', 'int4', '22003: integer out of range'],
    ['1e19', 'float8', 'int8', '22003: bigint out of range'],
    ['NaN', 'float8', 'int4', '22003: integer out of range'],
    ['NaN', 'numeric', 'int4', '0A000: cannot convert NaN to integer'],
    ['-Infinity', 'numeric', 'int8', '0A000: cannot convert infinity to bigint'],
    ['40000', 'int4', 'int2', '22003: smallint out of range'],
    ['3000000000', 'int8', 'int4', '22003: integer out of range'],
    ['-1', 'int8', 'oid', '22003: OID out of range'],
    [
      '1e39',
      'numeric',
      'float4',
      '22003: "1000000000000000000000000000000000000000" is out of range for type real',
    ],
    ['1e39', 'float8', 'float4', '22003: value out of range: overflow'],
    ['1e-50', 'float8', 'float4', '22003: value out of range: underflow'],
    ['200', 'int4', 'char', '22003: "char" out of range'],
  ] as [string, TypeName, TypeName, string][])('%s::%s::%s fails', (v, from, to, message) => {
    expect(castError(v, T(from), T(to))).toBe(message);
  });

  it('applies numeric(p,s) typmods', () => {
    expect(cast('1.25', T('numeric'), T('numeric', numericTypmod(3, 1)))).toBe('1.3');
    expect(cast('7', T('int4'), T('numeric', numericTypmod(5, 2)))).toBe('7.00');
    expect(castError('12.5', T('float8'), T('numeric', numericTypmod(3, 2)))).toBe(
      '22003: numeric field overflow',
    );
  });

  it('converts bool and "char" to and from int4', () => {
    expect(cast('t', T('bool'), T('int4'))).toBe('1');
    expect(cast('0', T('int4'), T('bool'))).toBe('f');
    expect(cast('5', T('int4'), T('bool'))).toBe('t');
    expect(cast('-1', T('int4'), T('bool'))).toBe('t');
    expect(cast('65', T('int4'), T('char'))).toBe('A');
    expect(cast('é', T('char'), T('int4'))).toBe('-61');
    expect(cast('', T('char'), T('int4'))).toBe('0');
  });

  it('returns the right JavaScript representation', () => {
    expect(castValue(7, T('int4'), T('int8'), false)).toBe(7n);
    expect(castValue(7n, T('int8'), T('numeric'), false)).toBeInstanceOf(Numeric);
    expect(castValue(null, T('int4'), T('text'), false)).toBeNull();
  });
});

describe('string conversions', () => {
  const vc = (n: number) => T('varchar', charTypmod(n));
  const bp = (n: number) => T('bpchar', charTypmod(n));

  it.each([
    ['true', 'bool', 'text', 'true'],
    ['false', 'bool', 'varchar', 'false'],
    ['1.50', 'numeric', 'text', '1.50'],
    ['1.5', 'float4', 'text', '1.5'],
    ['\\x6162', 'bytea', 'text', '\\x6162'],
    ['abc', 'text', 'bytea', '\\x616263'],
    [' 12 ', 'text', 'int4', '12'],
    ['a', 'char', 'text', 'a'],
    ['ab', 'text', 'char', 'a'],
  ] as [string, TypeName, TypeName, string][])('%s::%s::%s = %s', (v, from, to, out) => {
    expect(cast(v, T(from), T(to))).toBe(out);
  });

  it('cuts, pads and checks lengths as PostgreSQL', () => {
    expect(cast('abc   ', T('text'), vc(3))).toBe('abc');
    expect(cast('abcd', T('text'), vc(3))).toBe('abc');
    expect(cast('ab', T('text'), bp(4))).toBe('ab  ');
    expect(cast('abcdef', T('text'), bp(3))).toBe('abc');
    expect(cast('ab', T('bpchar'), T('text'))).toBe('ab');
    expect(cast('ab  ', T('bpchar'), T('text'))).toBe('ab');
    expect(cast('abcd', bp(4), vc(3))).toBe('abc');
    expect(cast('ab  ', T('varchar'), vc(2))).toBe('ab');
    expect(cast('ab   ', bp(5), T('bytea'))).toBe('\\x6162202020');
    expect(cast('12', T('int4'), bp(1))).toBe('1');
    expect(cast('true', T('bool'), bp(2))).toBe('tr');
    expect(cast('x'.repeat(70), T('text'), T('name'))).toBe('x'.repeat(63));
    // characters, not UTF-16 units
    expect(cast('🐘🐘🐘', T('text'), vc(2))).toBe('🐘🐘');
    expect(cast('🐘', T('text'), bp(3))).toBe('🐘  ');
    expect(cast('🐘a', T('text'), bp(3))).toBe('🐘a ');
    expect(cast('🐘🐘', T('text'), vc(3))).toBe('🐘🐘');
  });

  it('raises 22001 in assignment unless only spaces are cut', () => {
    expect(cast('abc   ', T('text'), vc(3), false)).toBe('abc');
    expect(castError('abcd', T('text'), vc(3), false)).toBe(
      '22001: value too long for type character varying(3)',
    );
    expect(castError('abcd', T('text'), bp(3), false)).toBe('22001: value too long for type character(3)');
    expect(castError('12', T('int4'), bp(1), false)).toBe('22001: value too long for type character(1)');
    expect(cast('ab     ', T('text'), bp(3), false)).toBe('ab ');
  });

  it('rejects casts PostgreSQL has no path for', () => {
    expect(castError('1', T('int2'), T('bool'))).toBe('42846: cannot cast type smallint to boolean');
    expect(castError('1.5', T('float8'), T('bytea'))).toBe(
      '42846: cannot cast type double precision to bytea',
    );
  });
});

describe('canCast (pg_cast castcontext)', () => {
  const table: [TypeName, TypeName, CastContext | 'never'][] = [
    ['int2', 'int4', 'implicit'],
    ['int4', 'int8', 'implicit'],
    ['int4', 'numeric', 'implicit'],
    ['int8', 'float8', 'implicit'],
    ['numeric', 'float8', 'implicit'],
    ['float4', 'float8', 'implicit'],
    ['int4', 'int2', 'assignment'],
    ['int8', 'int4', 'assignment'],
    ['float8', 'int4', 'assignment'],
    ['float8', 'numeric', 'assignment'],
    ['numeric', 'int8', 'assignment'],
    ['float8', 'float4', 'assignment'],
    ['int4', 'bool', 'explicit'],
    ['bool', 'int4', 'explicit'],
    ['int4', 'text', 'assignment'],
    ['numeric', 'varchar', 'assignment'],
    ['bool', 'text', 'assignment'],
    ['text', 'int4', 'explicit'],
    ['text', 'bytea', 'explicit'],
    ['bytea', 'text', 'assignment'],
    ['text', 'varchar', 'implicit'],
    ['varchar', 'text', 'implicit'],
    ['bpchar', 'text', 'implicit'],
    ['text', 'name', 'implicit'],
    ['name', 'varchar', 'assignment'],
    ['int2', 'bool', 'never'],
    ['float8', 'bytea', 'never'],
    ['bool', 'numeric', 'never'],
    ['unknown', 'int4', 'implicit'],
  ];
  const contexts: CastContext[] = ['implicit', 'assignment', 'explicit'];

  it.each(table)('%s → %s: %s', (from, to, least) => {
    const allowed = contexts.filter((c) => canCast(T(from), T(to), c));
    const expected = least === 'never' ? [] : contexts.slice(contexts.indexOf(least));
    expect(allowed).toEqual(expected);
  });

  it('allows typmod changes implicitly', () => {
    expect(canCast(T('varchar', charTypmod(5)), T('varchar', charTypmod(2)), 'implicit')).toBe(true);
  });
});
