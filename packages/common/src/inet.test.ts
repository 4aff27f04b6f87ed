import { describe, expect, it } from 'vitest';
import { castInet, compareInet, inetFromSortKey, inetSortKey, inetText, parseInet } from './inet.js';
import { parseMacaddr } from './macaddr.js';

describe('inet and cidr', () => {
  it('reads and prints addresses as PostgreSQL does', () => {
    expect(parseInet('10.1.2.3/32', false)).toBe('10.1.2.3');
    expect(parseInet('10.1.2.3/8', false)).toBe('10.1.2.3/8');
    expect(parseInet('192.168.1/24', false)).toBe('192.168.1.0/24');
    expect(parseInet('128', true)).toBe('128.0.0.0/16');
    expect(parseInet('2001:DB8:0:0:1:0:0:1', false)).toBe('2001:db8::1:0:0:1');
    expect(parseInet('::ffff:1.2.3.4', false)).toBe('::ffff:1.2.3.4');
    expect(parseInet('0:1:0:0:0:0:0:0', false)).toBe('0:1::');
    expect(parseInet('1:0:1:0:1:0:1:0', false)).toBe('1:0:1:0:1:0:1:0');
    for (const bad of ['10', '10.1/24', '1.2.3.256', '1::2::3', '::1/129', ' 1.2.3.4', '1.2.3.4/']) {
      expect(() => parseInet(bad, false), bad).toThrow(/invalid input syntax for type inet/);
    }
    expect(() => parseInet('10.1.2.3/8', true)).toThrow(/invalid cidr value/);
  });

  it('casts between inet, cidr and text', () => {
    expect(castInet('10.1.2.3/8', true)).toBe('10.0.0.0/8');
    expect(castInet('1.2.3.4/32', false)).toBe('1.2.3.4');
    expect(inetText('1.2.3.4')).toBe('1.2.3.4/32');
  });

  it('orders as network_cmp, and its sort keys order the same way', () => {
    const values = [
      '10.0.0.0/8',
      '10.1.2.3/8',
      '10.0.0.0/16',
      '10.0.5.0/24',
      '10.1.0.0/16',
      '9.255.255.255',
      '0.0.0.0/0',
      '255.255.255.255',
      '::1',
      '::/0',
      '2001:db8::/32',
      '2001:db8::1',
    ].map((v) => parseInet(v, false));
    const byCompare = [...values].sort(compareInet);
    const bytes = (v: string) => Buffer.from(inetSortKey(v));
    const byKey = [...values].sort((a, b) => Buffer.compare(bytes(a), bytes(b)));
    expect(byKey).toEqual(byCompare);
    expect(byCompare.slice(0, 4)).toEqual(['0.0.0.0/0', '9.255.255.255', '10.0.0.0/8', '10.1.2.3/8']);
    expect(compareInet('10.0.0.0/8', '10.0.0.0/16')).toBeLessThan(0);
    for (const v of values) expect(inetFromSortKey(inetSortKey(v), 0, false).value).toBe(v);
  });
});

describe('macaddr', () => {
  it('reads every PostgreSQL input form', () => {
    for (const form of [
      '08:00:2b:01:02:03',
      '08-00-2B-01-02-03',
      '08002b:010203',
      '0800.2b01.0203',
      '08002b010203',
    ]) {
      expect(parseMacaddr(form)).toBe('08:00:2b:01:02:03');
    }
    expect(() => parseMacaddr('08:00:2b:01:02')).toThrow(/invalid input syntax for type macaddr/);
  });
});
