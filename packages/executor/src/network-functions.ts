/**
 * The functions of the network address types (PostgreSQL's network.c and mac.c): abbrev, host,
 * masklen, network, … and the functions behind the inet / macaddr operators (planner
 * bind-network.ts): containment (`<<` network_sub, …), bitwise `~ & |`, and `+` / `-` with an
 * integer or another address. Values are the types' canonical text (common inet.ts, macaddr.ts).
 */
import {
  castInet,
  compareBits,
  DbError,
  formatInet,
  formatMacaddr,
  type InetAddress,
  inetAddress,
  inetText,
  macaddrBytes,
  maskedBytes,
  type SqlType,
  type Value,
} from '@rustydb/common';
import type { Impl } from './date-time-functions.js';

const addr = (v: Value): InetAddress => inetAddress(v as string);
const inet = (a: InetAddress): string => formatInet(a, false);
const cidr = (a: InetAddress): string => formatInet(a, true);

/** The implementation of network function `name` over `argTypes`, or undefined. */
export function networkFunction(name: string, argTypes: readonly SqlType[]): Impl | undefined {
  switch (name) {
    case 'abbrev':
      if (argTypes[0]?.name === 'cidr') return ([v]) => abbrevCidr(addr(v));
      return argTypes[0]?.name === 'inet' ? ([v]) => v : undefined;
    case 'text':
      return argTypes[0]?.name === 'inet' ? ([v]) => inetText(v as string) : undefined;
    case 'host':
      return ([v]) => {
        const a = addr(v);
        return inet({ bytes: a.bytes, bits: a.bytes.length * 8 });
      };
    case 'family':
      return ([v]) => (addr(v).bytes.length === 4 ? 4 : 6);
    case 'masklen':
      return ([v]) => addr(v).bits;
    case 'netmask':
      return ([v]) => mask(addr(v), false);
    case 'hostmask':
      return ([v]) => mask(addr(v), true);
    case 'network':
    case 'cidr':
      return ([v]) => castInet(v as string, true);
    case 'broadcast':
      return ([v]) => {
        const a = addr(v);
        const host = hostBits(a);
        return inet({ bytes: a.bytes.map((b, i) => b | host[i]), bits: a.bits });
      };
    case 'set_masklen': {
      const toCidr = argTypes[0]?.name === 'cidr';
      return ([v, n]) => {
        const a = addr(v);
        const bits = n === -1 ? a.bytes.length * 8 : (n as number);
        if (bits < 0 || bits > a.bytes.length * 8) {
          throw new DbError('22023', `invalid mask length: ${n as number}`);
        }
        return toCidr ? cidr({ bytes: maskedBytes(a.bytes, bits), bits }) : inet({ bytes: a.bytes, bits });
      };
    }
    case 'inet_same_family':
      return ([x, y]) => addr(x).bytes.length === addr(y).bytes.length;
    case 'inet_merge':
      return ([x, y]) => merge(addr(x), addr(y));
    case 'network_sub':
      return ([x, y]) => contains(addr(y), addr(x), true);
    case 'network_subeq':
      return ([x, y]) => contains(addr(y), addr(x), false);
    case 'network_sup':
      return ([x, y]) => contains(addr(x), addr(y), true);
    case 'network_supeq':
      return ([x, y]) => contains(addr(x), addr(y), false);
    case 'network_overlap':
      return ([x, y]) => overlap(addr(x), addr(y));
    case 'inetnot':
      return ([v]) => {
        const a = addr(v);
        return inet({ bytes: a.bytes.map((b) => ~b & 0xff), bits: a.bits });
      };
    case 'inetand':
      return ([x, y]) => bitwise(addr(x), addr(y), 'AND', (p, q) => p & q);
    case 'inetor':
      return ([x, y]) => bitwise(addr(x), addr(y), 'OR', (p, q) => p | q);
    case 'inetpl':
      return ([x, n]) => add(addr(x), n as bigint);
    case 'int8pl_inet':
      return ([n, x]) => add(addr(x), n as bigint);
    case 'inetmi_int8':
      return ([x, n]) => add(addr(x), -(n as bigint));
    case 'inetmi':
      return ([x, y]) => subtract(addr(x), addr(y));
    case 'trunc':
      if (argTypes[0]?.name !== 'macaddr') return undefined;
      return ([v]) => {
        const b = macaddrBytes(v as string);
        b.fill(0, 3);
        return formatMacaddr(b);
      };
    case 'macaddr_not':
      return ([v]) => formatMacaddr(macaddrBytes(v as string).map((b) => ~b & 0xff));
    case 'macaddr_and':
      return ([x, y]) => macBitwise(x, y, (p, q) => p & q);
    case 'macaddr_or':
      return ([x, y]) => macBitwise(x, y, (p, q) => p | q);
    default:
      return undefined;
  }
}

/** The bits right of the mask, set. */
function hostBits(a: InetAddress): Uint8Array {
  const ones = new Uint8Array(a.bytes.length).fill(0xff);
  const net = maskedBytes(ones, a.bits);
  return net.map((b) => ~b & 0xff);
}

/** netmask / hostmask: an address of the family's full length. */
function mask(a: InetAddress, host: boolean): string {
  const ones = new Uint8Array(a.bytes.length).fill(0xff);
  const bytes = host ? hostBits(a) : maskedBytes(ones, a.bits);
  return inet({ bytes, bits: a.bytes.length * 8 });
}

/** abbrev(cidr): whole octets of the mask only (`10.1/16`), PostgreSQL's inet_cidr_ntop. */
function abbrevCidr(a: InetAddress): string {
  if (a.bytes.length === 16) return `${abbrevIpv6(maskedBytes(a.bytes, a.bits), a.bits)}/${a.bits}`;
  const parts: number[] = [];
  const whole = Math.floor(a.bits / 8);
  for (let i = 0; i < whole; i++) parts.push(a.bytes[i]);
  const rest = a.bits % 8;
  if (rest > 0) parts.push(a.bytes[whole] & ((0xff << (8 - rest)) & 0xff));
  return `${parts.length === 0 ? '0' : parts.join('.')}/${a.bits}`;
}

/**
 * abbrev(cidr) of an IPv6 network, as PostgreSQL's inet_cidr_ntop_ipv6: only the words the mask
 * reaches (at least two), a run of zero words as `::` — found PostgreSQL's way, where a shorter
 * run does not end the run being counted — and the IPv4 forms' dotted tail.
 */
function abbrevIpv6(s: Uint8Array, bits: number): string {
  if (bits === 0) return '::';
  const words = Math.max(2, Math.ceil(bits / 16));
  const word = (p: number) => (s[2 * p] << 8) | s[2 * p + 1];
  let zeroStart = 0;
  let zeroLen = 0;
  let runStart = 0;
  let runLen = 0;
  for (let p = 0; p < words; p++) {
    if (word(p) === 0) {
      if (runLen === 0) runStart = p;
      runLen++;
    } else if (runLen > 0 && zeroLen < runLen) {
      zeroStart = runStart;
      zeroLen = runLen;
      runLen = 0;
    }
  }
  if (runLen > 0 && zeroLen < runLen) {
    zeroStart = runStart;
    zeroLen = runLen;
  }
  const ipv4 =
    zeroLen !== words &&
    zeroStart === 0 &&
    (zeroLen === 6 ||
      (zeroLen === 5 && s[10] === 0xff && s[11] === 0xff) ||
      (zeroLen === 7 && s[14] !== 0 && s[15] !== 1));
  let out = '';
  for (let p = 0; p < words; p++) {
    if (zeroLen !== 0 && p >= zeroStart && p < zeroStart + zeroLen) {
      if (p === zeroStart) out += ':';
      if (p === words - 1) out += ':';
    } else if (ipv4 && p > 5) {
      out += `${p === 6 ? ':' : '.'}${s[2 * p]}`;
      if (p !== 7 || bits > 120) out += `.${s[2 * p + 1]}`;
    } else {
      out += `${out === '' ? '' : ':'}${word(p).toString(16)}`;
    }
  }
  return out;
}

/** Does network `outer` contain `inner` (strictly: with a longer mask)? */
function contains(outer: InetAddress, inner: InetAddress, strictly: boolean): boolean {
  if (outer.bytes.length !== inner.bytes.length) return false;
  if (strictly ? inner.bits <= outer.bits : inner.bits < outer.bits) return false;
  return compareBits(outer.bytes, inner.bytes, outer.bits) === 0;
}

function overlap(a: InetAddress, b: InetAddress): boolean {
  if (a.bytes.length !== b.bytes.length) return false;
  return compareBits(a.bytes, b.bytes, Math.min(a.bits, b.bits)) === 0;
}

/** inet_merge: the smallest network holding both. */
function merge(a: InetAddress, b: InetAddress): string {
  if (a.bytes.length !== b.bytes.length) {
    throw new DbError('22023', 'cannot merge addresses from different families');
  }
  let bits = Math.min(a.bits, b.bits);
  while (bits > 0 && compareBits(a.bytes, b.bytes, bits) !== 0) bits--;
  return cidr({ bytes: maskedBytes(a.bytes, bits), bits });
}

function bitwise(a: InetAddress, b: InetAddress, what: string, f: (p: number, q: number) => number): string {
  if (a.bytes.length !== b.bytes.length) {
    throw new DbError('22023', `cannot ${what} inet values of different sizes`);
  }
  return inet({ bytes: a.bytes.map((x, i) => f(x, b.bytes[i]) & 0xff), bits: Math.max(a.bits, b.bits) });
}

function macBitwise(x: Value, y: Value, f: (p: number, q: number) => number): string {
  const b = macaddrBytes(y as string);
  return formatMacaddr(macaddrBytes(x as string).map((p, i) => f(p, b[i]) & 0xff));
}

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);

/** inet + n: the address moved by n, which must stay within the family (22003). */
function add(a: InetAddress, n: bigint): string {
  const width = BigInt(a.bytes.length * 8);
  const sum = toBigInt(a.bytes) + n;
  if (sum < 0n || sum >= 1n << width) throw new DbError('22003', 'result is out of range');
  const bytes = new Uint8Array(a.bytes.length);
  let rest = sum;
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return inet({ bytes, bits: a.bits });
}

/**
 * inet - inet: the difference as int8. As PostgreSQL's inetmi, the subtraction wraps at the
 * family's width and the result must fit int8 as a signed number of that width (22003).
 */
function subtract(a: InetAddress, b: InetAddress): bigint {
  if (a.bytes.length !== b.bytes.length) {
    throw new DbError('22023', 'cannot subtract inet values of different sizes');
  }
  const width = a.bytes.length * 8;
  const diff =
    width < 64
      ? toBigInt(a.bytes) - toBigInt(b.bytes)
      : BigInt.asIntN(width, toBigInt(a.bytes) - toBigInt(b.bytes));
  if (diff !== BigInt.asIntN(64, diff)) throw new DbError('22003', 'result is out of range');
  return diff;
}
