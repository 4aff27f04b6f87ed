import { parseTsQueryText, parseTsVector } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { encodeBinary, readBinary } from './binary-format.js';

const TSVECTOR = { name: 'tsvector', typmod: -1 } as const;
const TSQUERY = { name: 'tsquery', typmod: -1 } as const;

// The bytes from PostgreSQL 15: encode(tsvectorsend(…), 'hex') / encode(tsquerysend(…), 'hex').
describe('tsvector and tsquery binary format', () => {
  it('sends and receives tsvector as PostgreSQL', () => {
    const hex = '0000000361000002c00100036262000000c3bc0000010002';
    const v = parseTsVector('a:1A,3 bb ü:2');
    expect(encodeBinary(v, TSVECTOR).toString('hex')).toBe(hex);
    expect(String(readBinary(Buffer.from(hex, 'hex'), TSVECTOR))).toBe("'a':1A,3 'bb' 'ü':2");
  });

  it('sends and receives tsquery in prefix order (operator, right, left)', () => {
    const hex = '00000008020202030204000301000064000100006300010000620002010104016100';
    const q = parseTsQueryText('!a:*B & (b | c <3> d)');
    expect(encodeBinary(q, TSQUERY).toString('hex')).toBe(hex);
    expect(String(readBinary(Buffer.from(hex, 'hex'), TSQUERY))).toBe("!'a':*B & ( 'b' | 'c' <3> 'd' )");
    expect(String(readBinary(Buffer.from('00000000', 'hex'), TSQUERY))).toBe('');
  });
});
