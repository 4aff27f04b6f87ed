import { describe, expect, it } from 'vitest';
import { decodeText, encodeBytes } from './bytea-encoding.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('encode / decode', () => {
  it('round-trips hex, base64 and escape', () => {
    expect(encodeBytes(bytes(0, 255, 65), 'hex')).toBe('00ff41');
    expect(encodeBytes(bytes(0x61, 0, 0x5c, 0xff), 'escape')).toBe('a\\000\\\\\\377');
    expect(decodeText('aGk=', 'base64')).toEqual(bytes(0x68, 0x69));
    expect(decodeText('a\\000b', 'escape')).toEqual(bytes(0x61, 0, 0x62));
    expect(decodeText(' 01 02 ', 'HEX')).toEqual(bytes(1, 2));
  });

  it('wraps base64 at 76 characters, as PostgreSQL', () => {
    const lines = encodeBytes(new Uint8Array(100), 'base64').split('\n');
    expect(lines.map((l) => l.length)).toEqual([76, 60]);
  });

  it('rejects unknown formats and malformed input with 22023', () => {
    const code = expect.objectContaining({ code: '22023' });
    expect(() => encodeBytes(bytes(1), 'foo')).toThrow(code);
    expect(() => decodeText('0g', 'hex')).toThrow(/invalid hexadecimal digit: "g"/);
    expect(() => decodeText('0', 'hex')).toThrow(/odd number of digits/);
    expect(() => decodeText('aGVsbG8', 'base64')).toThrow(/invalid base64 end sequence/);
  });
});
