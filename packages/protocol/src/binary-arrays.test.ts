/**
 * Binary send/receive of arrays and of int2vector / oidvector: the bytes are what PostgreSQL 15's
 * array_send, int2vectorsend and oidvectorsend return for the same values (`select
 * encode(array_send('{1,NULL,3}'::int4[]), 'hex')`), and array_recv's checks and SQLSTATEs.
 */
import { DbError, formatText, parseText, type SqlType, sqlType, VECTOR_TYPES } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { encodeBinary, hasBinaryFormat, readBinary } from './binary-format.js';

const CASES: [string, SqlType, string, string][] = [
  [
    'int4',
    sqlType('_int4'),
    '{1,NULL,3}',
    '00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003',
  ],
  [
    'int4, two dimensions from 0',
    sqlType('_int4'),
    '[0:1][1:2]={{1,2},{3,4}}',
    '000000020000000000000017000000020000000000000002000000010000000400000001000000040000000200000004000000030000000400000004',
  ],
  ['empty', sqlType('_int4'), '{}', '000000000000000000000017'],
  [
    'text',
    sqlType('_text'),
    '{ab,"c d"}',
    '000000010000000000000019000000020000000100000002616200000003632064',
  ],
  [
    'int2vector',
    VECTOR_TYPES.int2vector,
    '2 1',
    '0000000100000000000000150000000200000000000000020002000000020001',
  ],
  [
    'oidvector',
    VECTOR_TYPES.oidvector,
    '25 23',
    '00000001000000000000001a000000020000000000000004000000190000000400000017',
  ],
  [
    'numeric',
    sqlType('_numeric'),
    '{1.5}',
    '0000000100000000000006a400000001000000010000000c000200000000000100011388',
  ],
  ['bool', sqlType('_bool'), '{t,f}', '000000010000000000000010000000020000000100000001010000000100'],
  [
    'uuid',
    sqlType('_uuid'),
    '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
    '000000010000000000000b86000000010000000100000010a0eebc999c0b4ef8bb6d6bb9bd380a11',
  ],
  ['date', sqlType('_date'), '{2020-01-05}', '00000001000000000000043a00000001000000010000000400001c8d'],
  [
    'jsonb',
    sqlType('_jsonb'),
    '{"{\\"a\\": 1}"}',
    '000000010000000000000eda000000010000000100000009017b2261223a20317d',
  ],
];

describe('binary format of arrays', () => {
  it.each(CASES)('%s', (_name, type, text, hex) => {
    expect(hasBinaryFormat(type)).toBe(true);
    const value = parseText(text, type);
    expect(encodeBinary(value, type).toString('hex')).toBe(hex);
    expect(formatText(readBinary(Buffer.from(hex, 'hex'), type), type)).toBe(formatText(value, type));
  });

  it('has no binary form for arrays of types without one', () => {
    expect(hasBinaryFormat(sqlType('_int4'))).toBe(true);
    expect(hasBinaryFormat(sqlType('timetz'))).toBe(false);
  });
});

/** array_recv's error for `hex` read as `type`: [SQLSTATE, message]. */
function recvError(hex: string, type: SqlType = sqlType('_int4')): [string, string] {
  try {
    readBinary(Buffer.from(hex.replaceAll(' ', ''), 'hex'), type);
  } catch (e) {
    if (e instanceof DbError) return [e.code, e.message];
    throw e;
  }
  throw new Error('no error');
}

describe('array_recv checks', () => {
  it('refuses a bad header', () => {
    expect(recvError('00000001 00000000')).toEqual(['08P01', 'insufficient data left in message']);
    expect(recvError('ffffffff 00000000 00000017')).toEqual(['22P03', 'invalid number of dimensions: -1']);
    expect(recvError('00000007 00000000 00000017')).toEqual([
      '54000',
      'number of array dimensions (7) exceeds the maximum allowed (6)',
    ]);
    expect(recvError('00000000 00000002 00000017')).toEqual(['22P03', 'invalid array flags']);
  });

  it("names both element types when they differ, as PostgreSQL's message does", () => {
    expect(
      recvError('00000001 00000000 00000017 00000001 00000001 00000004 00000007', sqlType('_int2')),
    ).toEqual(['42804', 'binary data has array element type 23 (integer) instead of expected 21 (smallint)']);
  });

  it('refuses impossible dimensions', () => {
    expect(recvError('00000001 00000000 00000017 ffffffff 00000001')[0]).toBe('54000');
    expect(recvError('00000002 00000000 00000017 00010000 00000001 00010000 00000001')[0]).toBe('54000');
    expect(recvError('00000001 00000000 00000017 00000002 7fffffff')).toEqual([
      '54000',
      'array lower bound is too large: 2147483647',
    ]);
  });

  it('refuses elements that do not fit the message or their type', () => {
    // Two elements announced, one sent.
    expect(recvError('00000001 00000000 00000017 00000002 00000001 00000004 00000007')).toEqual([
      '08P01',
      'insufficient data left in message',
    ]);
    // An element length past the end, and one below -1.
    expect(recvError('00000001 00000000 00000017 00000001 00000001 00000008 00000007')).toEqual([
      '22P03',
      'insufficient data left in message',
    ]);
    expect(recvError('00000001 00000000 00000017 00000001 00000001 fffffffe')[0]).toBe('22P03');
    // A 5-byte int4.
    expect(recvError('00000001 00000000 00000017 00000001 00000001 00000005 0000000700')).toEqual([
      '22P03',
      'improper binary format in array element 1',
    ]);
    // Bytes after the last element.
    expect(recvError('00000001 00000000 00000017 00000001 00000001 00000004 00000007 00')).toEqual([
      '22P03',
      'incorrect binary data format',
    ]);
  });

  it('reads NULL elements and keeps lower bounds', () => {
    const a = readBinary(
      Buffer.from('00000001000000010000001700000002fffffffeffffffff0000000400000009', 'hex'),
      sqlType('_int4'),
    );
    expect(formatText(a, sqlType('_int4'))).toBe('[-2:-1]={NULL,9}');
  });

  it('takes int2vector / oidvector only one-dimensional from 0 without NULLs', () => {
    const v = VECTOR_TYPES.int2vector;
    expect(recvError('00000001 00000000 00000015 00000001 00000001 00000002 0002', v)).toEqual([
      '22P03',
      'invalid int2vector data',
    ]);
    expect(recvError('00000001 00000001 00000015 00000001 00000000 ffffffff', v)[1]).toBe(
      'invalid int2vector data',
    );
    expect(formatText(readBinary(Buffer.from('000000000000000000000015', 'hex'), v), v)).toBe('');
  });
});
