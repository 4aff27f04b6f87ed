/**
 * inet and cidr (PostgreSQL's network address types), represented as their canonical text so
 * equality is `===`, hashing and grouping work on strings, and output is the value itself:
 * - inet: the address, then `/bits` unless the mask covers it all (`10.1.2.3`, `10.1.2.3/8`);
 * - cidr: the network with `/bits` always (`10.0.0.0/8`), no bits set right of the mask.
 * IPv6 prints as PostgreSQL's inet_net_ntop does: lowercase hex fields without leading zeros,
 * the first longest run of two or more zero fields as `::`, and a trailing IPv4 for the
 * compatible (`::1.2.3.4`) and mapped (`::ffff:1.2.3.4`) forms.
 *
 * Ordering (network_cmp) is not the text's: family (IPv4 first), then the addresses' bits under
 * the shorter mask, then the mask length, then the whole address. `inetSortKey` gives bytes whose
 * order is that order (the index key encoding), `compareInet` compares two values.
 *
 * Stored (row-codec.ts) and sent in binary (protocol) as PostgreSQL's inet_send lays it out:
 * family (2 for IPv4, 3 for IPv6), bits, is_cidr, address length, the address bytes.
 */
import { DbError } from './db-error.js';
import { invalidTextRepresentation } from './errors.js';

/** A parsed inet/cidr: the family's address bytes (4 or 16) and the mask length. */
export interface InetAddress {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

/** pg_inet's family codes, as inet_send writes them (and `family()` reports 4 or 6). */
export const INET_FAMILY_V4 = 2;
export const INET_FAMILY_V6 = 3;

/** inet_in (`cidr` false) or cidr_in. Throws 22P02 as PostgreSQL. */
export function parseInet(text: string, cidr: boolean): string {
  return formatInet(parseInetAddress(text, cidr), cidr);
}

/** The address of a canonical (or any valid) inet/cidr text. */
export function parseInetAddress(text: string, cidr: boolean): InetAddress {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const v6 = addrText.includes(':');
  // inet takes fewer than four octets only before a mask length (`192.168.1/24`).
  const bytes = v6 ? parseIpv6(addrText) : parseIpv4(addrText, cidr || slash >= 0);
  if (bytes === undefined) throw badInput(text, cidr);
  const width = bytes.octets.length * 8;
  let bits: number;
  if (slash >= 0) {
    const b = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(b)) throw badInput(text, cidr);
    bits = Number(b);
    if (bits > width) throw badInput(text, cidr);
    // inet: a mask may not reach past the octets written (`10.1/24` is refused).
    if (!cidr && !v6 && Math.floor(bits / 8) > bytes.given) throw badInput(text, cidr);
  } else {
    bits = cidr && !v6 ? classfulBits(bytes.octets, bytes.given) : width;
  }
  if (cidr && !hostBitsZero(bytes.octets, bits)) {
    throw new DbError('22P02', `invalid cidr value: "${text}"`, {
      detail: 'Value has bits set to right of mask.',
    });
  }
  return { bytes: bytes.octets, bits };
}

function badInput(text: string, cidr: boolean): DbError {
  return invalidTextRepresentation(cidr ? 'cidr' : 'inet', text);
}

/** Dotted IPv4; `short` accepts 1 to 4 octets (the rest zero). */
function parseIpv4(s: string, short: boolean): { octets: Uint8Array; given: number } | undefined {
  const parts = s.split('.');
  if (parts.length > 4 || (!short && parts.length !== 4)) return undefined;
  const octets = new Uint8Array(4);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    octets[i] = n;
  }
  return { octets, given: parts.length };
}

/** cidr without a mask: the classful network of the first octet, widened to the octets given. */
function classfulBits(octets: Uint8Array, given: number): number {
  const first = octets[0];
  let bits = first >= 240 ? 32 : first >= 224 ? 8 : first >= 192 ? 24 : first >= 128 ? 16 : 8;
  if (bits < given * 8) bits = given * 8;
  if (bits === 8 && first === 224) bits = 4;
  return bits;
}

/** IPv6 text, with `::` and a trailing dotted IPv4 allowed. */
function parseIpv6(s: string): { octets: Uint8Array; given: number } | undefined {
  const words: number[] = [];
  let gap = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    gap = 0;
    rest = rest.slice(2);
  } else if (rest.startsWith(':')) {
    return undefined;
  }
  while (rest.length > 0) {
    const colon = rest.indexOf(':');
    const field = colon < 0 ? rest : rest.slice(0, colon);
    if (field.includes('.')) {
      if (colon >= 0) return undefined;
      const v4 = parseIpv4(field, false);
      if (v4 === undefined) return undefined;
      words.push((v4.octets[0] << 8) | v4.octets[1], (v4.octets[2] << 8) | v4.octets[3]);
      rest = '';
      break;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(field)) return undefined;
    words.push(Number.parseInt(field, 16));
    if (colon < 0) {
      rest = '';
      break;
    }
    rest = rest.slice(colon + 1);
    if (rest.startsWith(':')) {
      if (gap >= 0) return undefined;
      gap = words.length;
      rest = rest.slice(1);
    } else if (rest.length === 0) {
      return undefined; // a trailing single ':'
    }
  }
  if (words.length > 8 || (gap < 0 && words.length !== 8) || (gap >= 0 && words.length === 8)) {
    return undefined;
  }
  const full =
    gap < 0
      ? words
      : [...words.slice(0, gap), ...new Array<number>(8 - words.length).fill(0), ...words.slice(gap)];
  const octets = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    octets[2 * i] = full[i] >> 8;
    octets[2 * i + 1] = full[i] & 255;
  }
  return { octets, given: 16 };
}

function hostBitsZero(octets: Uint8Array, bits: number): boolean {
  return compareBits(octets, maskedBytes(octets, bits), octets.length * 8) === 0;
}

/** The canonical text of `a` as inet (`cidr` false) or cidr. */
export function formatInet(a: InetAddress, cidr: boolean): string {
  const addr = a.bytes.length === 4 ? a.bytes.join('.') : formatIpv6(a.bytes);
  return cidr || a.bits !== a.bytes.length * 8 ? `${addr}/${a.bits}` : addr;
}

function formatIpv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[2 * i] << 8) | b[2 * i + 1]);
  // The first longest run of zero words, if at least two long.
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // An IPv4-compatible or -mapped address ends in dotted form.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
      break;
    }
    out += words[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** The address of a canonical inet/cidr value (its type does not matter for reading it). */
export function inetAddress(value: string): InetAddress {
  return parseInetAddress(value, false);
}

/** network_cmp: negative, zero or positive. */
export function compareInet(a: string, b: string): number {
  if (a === b) return 0;
  const x = inetAddress(a);
  const y = inetAddress(b);
  if (x.bytes.length !== y.bytes.length) return x.bytes.length - y.bytes.length;
  const c = compareBits(x.bytes, y.bytes, Math.min(x.bits, y.bits));
  if (c !== 0) return c;
  if (x.bits !== y.bits) return x.bits - y.bits;
  return compareBits(x.bytes, y.bytes, x.bytes.length * 8);
}

/** Compares the first `n` bits of two equally long addresses. */
export function compareBits(a: Uint8Array, b: Uint8Array, n: number): number {
  for (let i = 0; n > 0; i++, n -= 8) {
    const mask = n >= 8 ? 0xff : (0xff << (8 - n)) & 0xff;
    const d = (a[i] & mask) - (b[i] & mask);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Bytes that order as network_cmp orders: the family's length, the address masked to its own
 * bits, the mask length, then the whole address (see the file comment: a shorter mask with
 * equal leading bits sorts first, and the masked address has zeros where the longer one may not).
 */
export function inetSortKey(value: string): Uint8Array {
  const a = inetAddress(value);
  const n = a.bytes.length;
  const out = new Uint8Array(2 + 2 * n);
  out[0] = n;
  out.set(maskedBytes(a.bytes, a.bits), 1);
  out[1 + n] = a.bits;
  out.set(a.bytes, 2 + n);
  return out;
}

/** The value of a sort key (`cidr`: read back as cidr). */
export function inetFromSortKey(key: Uint8Array, pos: number, cidr: boolean): { value: string; end: number } {
  const n = key[pos];
  const bits = key[pos + 1 + n];
  const bytes = key.slice(pos + 2 + n, pos + 2 + 2 * n);
  return { value: formatInet({ bytes, bits }, cidr), end: pos + 2 + 2 * n };
}

/** inet_send's bytes: family, bits, is_cidr, length, address. */
export function inetToWire(value: string, cidr: boolean): Uint8Array {
  const a = inetAddress(value);
  const out = new Uint8Array(4 + a.bytes.length);
  out[0] = a.bytes.length === 4 ? INET_FAMILY_V4 : INET_FAMILY_V6;
  out[1] = a.bits;
  out[2] = cidr ? 1 : 0;
  out[3] = a.bytes.length;
  out.set(a.bytes, 4);
  return out;
}

/** inet_recv / cidr_recv. Throws 22P03 for a malformed value. */
export function inetFromWire(data: Uint8Array, cidr: boolean): string {
  const bad = (what: string): DbError =>
    new DbError('22P03', `invalid ${what} in external "${cidr ? 'cidr' : 'inet'}" value`);
  if (data.length < 4) throw bad('length');
  const family = data[0];
  if (family !== INET_FAMILY_V4 && family !== INET_FAMILY_V6) throw bad('address family');
  const n = family === INET_FAMILY_V4 ? 4 : 16;
  const bits = data[1];
  if (bits > n * 8) throw bad('bits');
  if (data[3] !== n || data.length !== 4 + n) throw bad('length');
  const bytes = data.slice(4, 4 + n);
  if (cidr && !hostBitsZero(bytes, bits)) {
    throw new DbError('22P03', 'invalid external "cidr" value', {
      detail: 'Value has bits set to right of mask.',
    });
  }
  return formatInet({ bytes, bits }, cidr);
}

/** inet → cidr (the network: host bits cleared, as cidr(inet)) or cidr → inet. */
export function castInet(value: string, toCidr: boolean): string {
  const a = inetAddress(value);
  return formatInet(toCidr ? { bytes: maskedBytes(a.bytes, a.bits), bits: a.bits } : a, toCidr);
}

/** text(inet): the address and its mask length, always. */
export function inetText(value: string): string {
  const a = inetAddress(value);
  return formatInet(a, true);
}

/** `bytes` with the bits right of the first `bits` cleared. */
export function maskedBytes(bytes: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] = bytes[i] & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}
