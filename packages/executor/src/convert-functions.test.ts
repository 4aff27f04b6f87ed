/** convert_to / convert_from / convert: encodings by PostgreSQL's names, and its errors. */
import { describe, expect, it } from 'vitest';
import { convertFunction } from './convert-functions.js';

const hex = (v: unknown) => Buffer.from(v as Uint8Array).toString('hex');
const run = (name: string, ...args: unknown[]) => convertFunction(name)!(args as never);

describe('encoding conversion', () => {
  it('converts between UTF8, SQL_ASCII and LATIN1, names matched loosely', () => {
    expect(hex(run('convert_to', 'aé', 'latin1'))).toBe('61e9');
    expect(hex(run('convert_to', 'aé', 'utf-8'))).toBe('61c3a9');
    expect(hex(run('convert_to', 'aé', 'ISO-8859-1'))).toBe('61e9');
    expect(run('convert_from', Uint8Array.of(0xe9), 'LATIN1')).toBe('é');
    expect(run('convert_from', Uint8Array.of(0xc3, 0xa9), 'sql_ascii')).toBe('é');
    expect(hex(run('convert', Uint8Array.of(0xe9), 'latin1', 'utf8'))).toBe('c3a9');
  });

  it('fails as PostgreSQL: bad bytes, unmappable characters, unknown names', () => {
    expect(() => run('convert_from', Uint8Array.of(0x61, 0xe2, 0x82), 'utf8')).toThrow(
      expect.objectContaining({
        code: '22021',
        message: 'invalid byte sequence for encoding "UTF8": 0xe2 0x82',
      }),
    );
    expect(() => run('convert_from', Uint8Array.of(0xed, 0xa0, 0x80), 'utf8')).toThrow(
      expect.objectContaining({ code: '22021' }),
    );
    expect(() => run('convert_to', 'a€', 'LATIN1')).toThrow(
      expect.objectContaining({
        code: '22P05',
        message:
          'character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"',
      }),
    );
    expect(() => run('convert_to', 'a', 'foo')).toThrow(
      expect.objectContaining({ code: '22023', message: 'invalid destination encoding name "foo"' }),
    );
    expect(() => run('convert_from', Uint8Array.of(0x61), 'WIN1252')).toThrow(
      expect.objectContaining({ code: '0A000' }),
    );
  });
});
