import { describe, expect, it } from 'vitest';
import { inNetwork, normalizeClientAddress, parseIpAddress, prefixMask } from './ip-address.js';

const hex = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('hex');

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', '7f000001'],
    ['::', '0'.repeat(32)],
    ['::1', `${'0'.repeat(31)}1`],
    ['2001:db8::ff00:42:8329', '20010db8000000000000ff0000428329'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['1::', `0001${'0'.repeat(28)}`],
    ['fe80::1%eth0', `fe80${'0'.repeat(27)}1`],
    ['::ffff:10.0.0.1', `${'0'.repeat(20)}ffff0a000001`],
  ])('parses %s', (text, bytes) => {
    expect(hex(parseIpAddress(text))).toBe(bytes);
  });

  it.each(['localhost', '1.2.3', '1.2.3.256', '01.2.3.4', '1:2:3:4:5:6:7:8:9', ''])('refuses %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('address helpers', () => {
  it('unmaps IPv4-mapped IPv6 client addresses only', () => {
    expect(normalizeClientAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeClientAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeClientAddress('::1')).toBe('::1');
    expect(normalizeClientAddress('64:ff9b::127.0.0.1')).toBe('64:ff9b::127.0.0.1');
  });

  it('builds prefix masks and tests membership', () => {
    expect(hex(prefixMask(20, 4))).toBe('fffff000');
    expect(hex(prefixMask(0, 4))).toBe('00000000');
    expect(prefixMask(33, 4)).toBeUndefined();
    const net = parseIpAddress('10.16.0.0') as Uint8Array;
    const mask = prefixMask(12, 4) as Uint8Array;
    expect(inNetwork(parseIpAddress('10.31.255.255') as Uint8Array, net, mask)).toBe(true);
    expect(inNetwork(parseIpAddress('10.32.0.0') as Uint8Array, net, mask)).toBe(false);
    expect(inNetwork(parseIpAddress('::1') as Uint8Array, net, mask)).toBe(false);
  });
});
