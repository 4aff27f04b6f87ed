/**
 * IP addresses as bytes (4 for IPv4, 16 for IPv6), for host-rule matching. Text is validated by
 * node:net first; the parser below only expands what is already known to be well formed.
 */
import { isIPv4, isIPv6 } from 'node:net';

function parseIPv4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

function parseIPv6Groups(part: string): number[] {
  if (part === '') return [];
  const groups: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const v4 = parseIPv4(piece);
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else {
      groups.push(Number.parseInt(piece, 16));
    }
  }
  return groups;
}

/**
 * Parses an IPv4 or IPv6 address (an IPv6 zone such as `%eth0` is ignored). Returns 4 or 16
 * fresh bytes, or undefined when `text` is not an IP address (host names are not resolved).
 * Sync.
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  if (isIPv4(text)) return parseIPv4(text);
  if (!isIPv6(text)) return undefined;
  const zone = text.indexOf('%');
  const bare = zone < 0 ? text : text.slice(0, zone);
  const gap = bare.indexOf('::');
  const head = parseIPv6Groups(gap < 0 ? bare : bare.slice(0, gap));
  const tail = gap < 0 ? [] : parseIPv6Groups(bare.slice(gap + 2));
  const groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/**
 * The address a client connected from, as host rules and error messages see it: an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what Node reports for IPv4 clients of a
 * dual-stack listener) becomes plain IPv4, so it matches `127.0.0.1/32` as it would on
 * PostgreSQL, which listens on separate IPv4 and IPv6 sockets. Sync.
 */
export function normalizeClientAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m !== null && isIPv4(m[1]) ? m[1] : address;
}

/** A mask of `bits` leading one-bits over `length` bytes; undefined when bits is out of range. Sync. */
export function prefixMask(bits: number, length: number): Uint8Array | undefined {
  if (!Number.isInteger(bits) || bits < 0 || bits > length * 8) return undefined;
  const mask = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const take = Math.min(8, Math.max(0, bits - 8 * i));
    mask[i] = (0xff << (8 - take)) & 0xff;
  }
  return mask;
}

/** True when `address` lies in the network `network`/`mask` (all three the same length). Sync. */
export function inNetwork(address: Uint8Array, network: Uint8Array, mask: Uint8Array): boolean {
  if (address.length !== network.length) return false;
  for (let i = 0; i < address.length; i++)
    if ((address[i] & mask[i]) !== (network[i] & mask[i])) return false;
  return true;
}
