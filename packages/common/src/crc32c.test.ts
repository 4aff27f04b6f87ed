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
  it('chains over pieces', () => {
    const all = Buffer.from('The quick brown fox jumps over the lazy dog');
    const whole = crc32c(all);
    expect(crc32c(all, crc32c(all, 0, 0, 10), 10)).toBe(whole);
  });
});
