/**
 * Binary send/receive of the range types: the bytes are what PostgreSQL 15's range_send returns
 * for the same values (flags byte, then each finite bound as an int4 length and the subtype's
 * send form); range_recv canonicalizes and checks what it reads.
 */
import { formatText, parseText, sqlType, type TypeName } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { encodeBinary, hasBinaryFormat, readBinary } from './binary-format.js';

const CASES: [TypeName, string, string][] = [
  ['int4range', '[1,5)', '0200000004000000010000000400000005'],
  ['int4range', 'empty', '01'],
  ['numrange', '(,5]', '0c0000000a00010000000000000005'],
  ['daterange', '[2024-01-01,)', '12000000040000223e'],
  ['tsrange', '[2024-01-01,2024-01-02]', '06000000080002b0d5d4e94000000000080002b0e9f2c0a000'],
];

describe('binary format of the range types', () => {
  it.each(CASES)('%s %s', (name, text, hex) => {
    const type = sqlType(name);
    expect(hasBinaryFormat(type)).toBe(true);
    expect(hasBinaryFormat(sqlType(`_${name}` as TypeName))).toBe(true);
    const value = parseText(text, type);
    expect(encodeBinary(value, type).toString('hex')).toBe(hex);
    expect(formatText(readBinary(Buffer.from(hex, 'hex'), type), type)).toBe(formatText(value, type));
  });

  it('canonicalizes and checks what it receives', () => {
    const INT4R = sqlType('int4range');
    // [1,5] (flags LB_INC | UB_INC) arrives as [1,6)
    const closed = readBinary(Buffer.from('0600000004000000010000000400000005', 'hex'), INT4R);
    expect(formatText(closed, INT4R)).toBe('[1,6)');
    expect(() => readBinary(Buffer.from('0200000004000000050000000400000001', 'hex'), INT4R)).toThrow(
      /range lower bound must be less than or equal to range upper bound/,
    );
    expect(() => readBinary(Buffer.from('02000000040000', 'hex'), INT4R)).toThrow(/insufficient data/);
    expect(() => readBinary(Buffer.from('0100', 'hex'), INT4R)).toThrow(/invalid message format/);
  });
});
