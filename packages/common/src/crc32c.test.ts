import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';

describe('crc32c', () => {
  it('matches the RFC 3720 check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });
  it('matches the iSCSI test vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    const inc = new Uint8Array(32).map((_, i) => i);
    expect(crc32c(inc)).toBe(0x46dd794e);
  });
  it('gives the bytewise result on long inputs at every alignment and length', () => {
    const bytes = new Uint8Array(9000).map((_, i) => (i * 131 + (i >> 7)) & 0xff);
    const bytewise = (b: Uint8Array, start: number, end: number): number => {
      let c = ~0 >>> 0;
      for (let i = start; i < end; i++) {
        c ^= b[i]!;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return ~c >>> 0;
    };
    for (const start of [0, 1, 2, 3, 5, 8]) {
      for (const end of [start + 255, start + 256, start + 263, start + 8192, 9000]) {
        expect(crc32c(bytes, 0, start, end)).toBe(bytewise(bytes, start, end));
        expect(crc32c(bytes.subarray(1), 0, start, end - 1)).toBe(bytewise(bytes, start + 1, end));
      }
    }
  });
  it('gives the same result with a caller-kept word view, at every alignment', () => {
    const buffer = new ArrayBuffer(4096);
    const bytes = new Uint8Array(buffer);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + (i >> 5)) & 0xff;
    const words = new Uint32Array(buffer);
    for (const start of [0, 1, 2, 3, 7, 100]) {
      for (const len of [0, 5, 15, 16, 17, 31, 64, 100, 1000]) {
        expect(crc32c(bytes, 0, start, start + len, words)).toBe(crc32c(bytes, 0, start, start + len));
        expect(crc32c(bytes, 12345, start, start + len, words)).toBe(
          crc32c(bytes, 12345, start, start + len),
        );
      }
    }
  });
  it('chains over pieces', () => {
    const all = Buffer.from('The quick brown fox jumps over the lazy dog');
    const whole = crc32c(all);
    expect(crc32c(all, crc32c(all, 0, 0, 10), 10)).toBe(whole);
  });
});
