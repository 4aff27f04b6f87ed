/**
 * Binary format (format code 1): PostgreSQL's typsend/typreceive functions for the types RustyDB
 * represents today. A client chooses it per parameter and per result column in Bind; the bytes
 * must be exactly what PostgreSQL sends, because drivers decode them without looking at us.
 *
 * Every value is the body of a length-prefixed field (the length is the caller's business);
 * integers are big-endian:
 *
 * | TYPE                        | SIZE   | DESCRIPTION                                         |
 * |-----------------------------|--------|-----------------------------------------------------|
 * | bool                        | 1      | 0 or 1 (any non-zero byte reads as true)             |
 * | "char"                      | 1      | the byte                                            |
 * | int2                        | 2      | two's complement                                    |
 * | int4                        | 4      | two's complement                                    |
 * | oid                         | 4      | unsigned                                            |
 * | int8                        | 8      | two's complement                                    |
 * | float4 / float8             | 4 / 8  | IEEE 754                                            |
 * | bytea                       | n      | the bytes                                           |
 * | text, varchar, bpchar, name | n      | UTF-8 (the client encoding), bpchar with its padding |
 * | numeric                     | 8 + 2d | see below                                           |
 * | date                        | 4      | days since 2000-01-01 (±infinity: int32 min / max)  |
 * | time                        | 8      | microseconds since midnight                         |
 * | timestamp, timestamptz      | 8      | microseconds since 2000-01-01 00:00 (UTC for tz)    |
 * | interval                    | 16     | int8 microseconds, int4 days, int4 months           |
 * | uuid                        | 16     | the bytes                                           |
 * | inet, cidr                  | 8 / 20 | family (2 IPv4, 3 IPv6), bits, is_cidr, length 4 or  |
 * |                             |        | 16, the address bytes                               |
 * | macaddr                     | 6      | the bytes                                           |
 * | json                        | n      | UTF-8 text                                          |
 * | ranges (int4range, …)       | 1 + n  | flags (range.ts), then each finite bound: int4      |
 * |                             |        | length and the subtype's binary form (range_send)   |
 * | enums                       | n      | the label, UTF-8 text (enum_send)                   |
 * | jsonb                       | 1 + n  | version byte 1, then the UTF-8 text                 |
 * | tsvector, tsquery           | n      | binary-text-search.ts                               |
 *
 * numeric (numeric_send), base-10000 digits:
 * | OFFSET | SIZE | DESCRIPTION                                                            |
 * |--------|------|------------------------------------------------------------------------|
 * | 0      | 2    | ndigits: number of base-10000 digits that follow                        |
 * | 2      | 2    | weight: power of 10000 of the first digit (signed)                      |
 * | 4      | 2    | sign: 0x0000 +, 0x4000 -, 0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity |
 * | 6      | 2    | dscale: digits after the decimal point shown in text                    |
 * | 8      | 2*n  | digits, each 0..9999, most significant first; leading and trailing zero |
 * |        |      | digits are stripped, so zero has none                                  |
 * E.g. 12345.678 = [1, 2345, 6780] with weight 1, dscale 3. NB: PostgreSQL sends dscale 32 for
 * ±Infinity (an artifact of how it packs special values); we send the same bytes.
 *
 * Arrays of these types (int2vector and oidvector too) are array_send's format: binary-arrays.ts.
 *
 * @see https://www.postgresql.org/docs/15/protocol-overview.html#PROTOCOL-FORMAT-CODES
 */
import {
  DbError,
  elementType,
  featureNotSupported,
  formatJson,
  formatMacaddr,
  formatType,
  Interval,
  inetFromWire,
  inetToWire,
  isArrayType,
  type Jsonb,
  type JsonPath,
  jsonPathRecv,
  jsonPathSend,
  macaddrBytes,
  Numeric,
  parseEnum,
  parseJson,
  parseJsonb,
  RANGE_EMPTY,
  RANGE_LB_INC,
  RANGE_LB_INF,
  RANGE_UB_INC,
  RANGE_UB_INF,
  rangeFromFlags,
  rangeSubtype,
  type SqlArray,
  type SqlRange,
  type SqlType,
  type TsQuery,
  type TsVector,
  type Value,
} from '@rustydb/common';
import { arraySizeBound, type ElementCodec, readArrayBinary, writeArrayBinary } from './binary-arrays.js';
import { receiveTsQuery, receiveTsVector, sendTsQuery, sendTsVector } from './binary-text-search.js';
import { checkUtf8 } from './frontend-message.js';

const BINARY_TYPES: ReadonlySet<string> = new Set([
  'bool',
  'char',
  'int2',
  'int4',
  'oid',
  'xid',
  'tid',
  'int8',
  'float4',
  'float8',
  'bytea',
  'text',
  'varchar',
  'bpchar',
  'name',
  'unknown',
  'numeric',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
  'inet',
  'cidr',
  'macaddr',
  'json',
  'jsonb',
  'anyenum',
  'tsvector',
  'tsquery',
  'int4range',
  'int8range',
  'numrange',
  'daterange',
  'tsrange',
  'tstzrange',
  // ---- jsonpath ----
  'jsonpath',
]);

const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;
/** What PostgreSQL's numeric_send writes as the dscale of ±Infinity. */
const INFINITY_DSCALE = 0x20;
/** PostgreSQL's NUMERIC_MAX_DISPLAY_SCALE bound on a received dscale (NUMERIC_DSCALE_MASK). */
const MAX_DSCALE = 0x3fff;
const NBASE = 10000n;

const invalidBinary = (message: string): DbError => new DbError('22P03', message);

/** True when `type` has a binary send/receive form here. */
export function hasBinaryFormat(type: SqlType): boolean {
  if (isArrayType(type)) return hasBinaryFormat(elementType(type)!);
  return BINARY_TYPES.has(type.name);
}

/** What binary-arrays.ts encodes and decodes an array's elements with. */
const ELEMENTS: ElementCodec = {
  sizeBound: (v, t) => binarySizeBound(v, t),
  write: (v, t, buf, pos) => writeBinary(v, t, buf, pos),
  read: (bytes, t) => readBinary(bytes, t),
};

/** @throws DbError 0A000 when `type` has no binary form yet. */
export function checkBinaryFormat(type: SqlType): void {
  if (!hasBinaryFormat(type)) throw featureNotSupported(`binary format for type ${formatType(type)}`);
}

/**
 * An upper bound on the bytes `writeBinary` needs for a non-null `value` of `type`, so a caller
 * can reserve space once. Sync.
 */
export function binarySizeBound(value: Value, type: SqlType): number {
  if (isArrayType(type)) return arraySizeBound(value as SqlArray, type, ELEMENTS);
  switch (type.name) {
    case 'bool':
    case 'char':
      return 4; // a "char" may hold one code point of up to 4 UTF-8 bytes
    case 'int2':
      return 2;
    case 'int4':
    case 'oid':
    case 'xid':
    case 'float4':
    case 'date':
      return 4;
    case 'tid':
    case 'macaddr':
      return 6;
    case 'int8':
    case 'float8':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 8;
    case 'interval':
    case 'uuid':
      return 16;
    case 'inet':
    case 'cidr':
      return 20;
    case 'jsonb':
      return 1 + formatJson((value as Jsonb).value).length * 3;
    case 'tsvector':
      return sendTsVector(value as TsVector).length;
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange': {
      const r = value as SqlRange;
      const sub = rangeSubtype(type);
      let n = 1;
      if (!r.isEmpty && !r.lowerInf) n += 4 + binarySizeBound(r.lower, sub);
      if (!r.isEmpty && !r.upperInf) n += 4 + binarySizeBound(r.upper, sub);
      return n;
    }
    case 'tsquery':
      return sendTsQuery(value as TsQuery).length;
    case 'jsonpath':
      return jsonPathSend(value as JsonPath).length;
    case 'bytea':
      return (value as Uint8Array).length;
    case 'numeric': {
      const n = value as Numeric;
      // One base-10000 digit per 4 decimal digits, plus one for the misaligned ends.
      return 8 + 2 * (Math.ceil((n.coef < 0n ? -n.coef : n.coef).toString().length / 4) + 2);
    }
    default:
      checkBinaryFormat(type);
      return (value as string).length * 3;
  }
}

/**
 * typsend: writes the binary form of a non-null `value` of `type` at `buf[pos…]` (the caller has
 * reserved `binarySizeBound` bytes) and returns the number of bytes written. Sync.
 * @throws DbError 0A000 for a type without a binary form.
 */
export function writeBinary(value: Value, type: SqlType, buf: Buffer, pos: number): number {
  if (isArrayType(type) && hasBinaryFormat(type)) {
    return writeArrayBinary(value as SqlArray, type, buf, pos, ELEMENTS);
  }
  switch (type.name) {
    case 'bool':
      buf[pos] = value ? 1 : 0;
      return 1;
    case 'int2':
      buf.writeInt16BE(value as number, pos);
      return 2;
    case 'int4':
      buf.writeInt32BE(value as number, pos);
      return 4;
    case 'oid':
    case 'xid':
      buf.writeUInt32BE(value as number, pos);
      return 4;
    case 'tid': // tidsend: block number, then offset
      buf.writeUInt32BE(Math.floor((value as number) / 0x10000), pos);
      buf.writeUInt16BE((value as number) % 0x10000, pos + 4);
      return 6;
    case 'int8':
      buf.writeBigInt64BE(value as bigint, pos);
      return 8;
    case 'float4':
      buf.writeFloatBE(value as number, pos);
      return 4;
    case 'float8':
      buf.writeDoubleBE(value as number, pos);
      return 8;
    case 'bytea':
      buf.set(value as Uint8Array, pos);
      return (value as Uint8Array).length;
    case 'numeric':
      return writeNumeric(value as Numeric, buf, pos);
    case 'char':
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'unknown':
    case 'json':
    case 'anyenum': // enum_send: the label's bytes
      return buf.write(value as string, pos, 'utf8');
    case 'date':
      buf.writeInt32BE(value as number, pos);
      return 4;
    case 'time':
      buf.writeBigInt64BE(BigInt(value as number), pos);
      return 8;
    case 'timestamp':
    case 'timestamptz':
      buf.writeBigInt64BE(value as bigint, pos);
      return 8;
    case 'interval': {
      const v = value as Interval;
      buf.writeBigInt64BE(v.micros, pos);
      buf.writeInt32BE(v.days, pos + 8);
      buf.writeInt32BE(v.months, pos + 12);
      return 16;
    }
    case 'uuid':
      return buf.write((value as string).replaceAll('-', ''), pos, 'hex');
    case 'inet':
    case 'cidr': {
      const bytes = inetToWire(value as string, type.name === 'cidr');
      buf.set(bytes, pos);
      return bytes.length;
    }
    case 'macaddr':
      buf.set(macaddrBytes(value as string), pos);
      return 6;
    case 'jsonb':
      buf[pos] = 1;
      return 1 + buf.write(formatJson((value as Jsonb).value), pos + 1, 'utf8');
    case 'tsvector':
      return sendTsVector(value as TsVector).copy(buf, pos);
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      return writeRange(value as SqlRange, rangeSubtype(type), buf, pos);
    case 'tsquery':
      return sendTsQuery(value as TsQuery).copy(buf, pos);
    case 'jsonpath': {
      // jsonpath_send: version 1, then the text
      const bytes = jsonPathSend(value as JsonPath);
      buf.set(bytes, pos);
      return bytes.length;
    }
    default:
      throw featureNotSupported(`binary format for type ${formatType(type)}`);
  }
}

/** The binary form of a non-null value as a fresh Buffer (tests and tools; the hot path uses writeBinary). */
export function encodeBinary(value: Value, type: SqlType): Buffer {
  checkBinaryFormat(type);
  const buf = Buffer.alloc(binarySizeBound(value, type));
  return buf.subarray(0, writeBinary(value, type, buf, 0));
}

/**
 * typreceive: the value of `type` whose binary form is `bytes` (a whole Bind parameter or field).
 * Sync; the result does not alias `bytes`.
 * @throws DbError 08P01 `insufficient data left in message` for too few bytes, 22P03 for extra
 *   bytes or a malformed numeric, 22021 for text that is not UTF-8, 0A000 for a type without a
 *   binary form.
 */
export function readBinary(bytes: Uint8Array, type: SqlType): Value {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isArrayType(type) && hasBinaryFormat(type)) return readArrayBinary(view, type, ELEMENTS);
  switch (type.name) {
    case 'bool':
      return fixed(view, 1) && view[0] !== 0;
    case 'char':
      fixed(view, 1);
      return String.fromCharCode(view[0]);
    case 'int2':
      return fixed(view, 2) && view.readInt16BE(0);
    case 'int4':
      return fixed(view, 4) && view.readInt32BE(0);
    case 'oid':
    case 'xid':
      return fixed(view, 4) && view.readUInt32BE(0);
    case 'tid':
      return fixed(view, 6) && view.readUInt32BE(0) * 0x10000 + view.readUInt16BE(4);
    case 'int8':
      fixed(view, 8);
      return view.readBigInt64BE(0);
    case 'float4':
      return fixed(view, 4) && view.readFloatBE(0);
    case 'float8':
      return fixed(view, 8) && view.readDoubleBE(0);
    case 'bytea':
      return new Uint8Array(view);
    case 'numeric':
      return readNumeric(view);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'unknown':
      return decodeUtf8(view);
    case 'date':
      return fixed(view, 4) && view.readInt32BE(0);
    case 'time': {
      fixed(view, 8);
      const t = view.readBigInt64BE(0);
      if (t < 0n || t > 86_400_000_000n) throw new DbError('22008', 'time out of range');
      return Number(t);
    }
    case 'timestamp':
    case 'timestamptz':
      fixed(view, 8);
      return view.readBigInt64BE(0);
    case 'interval':
      fixed(view, 16);
      return new Interval(view.readInt32BE(12), view.readInt32BE(8), view.readBigInt64BE(0));
    case 'uuid': {
      fixed(view, 16);
      const h = view.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'inet':
    case 'cidr':
      return inetFromWire(view, type.name === 'cidr');
    case 'macaddr':
      return fixed(view, 6) && formatMacaddr(view);
    case 'json':
      return parseJson(decodeUtf8(view));
    case 'anyenum': // enum_recv: a label of the enum
      return parseEnum(decodeUtf8(view), type);
    case 'jsonb':
      if (view.length < 1) throw new DbError('08P01', 'insufficient data left in message');
      if (view[0] !== 1) throw invalidBinary(`unsupported jsonb version number ${view[0]}`);
      return parseJsonb(decodeUtf8(view.subarray(1)));
    case 'tsvector':
      return receiveTsVector(view);
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      return readRange(view, type);
    case 'tsquery':
      return receiveTsQuery(view);
    case 'jsonpath':
      if (view.length < 1) throw new DbError('08P01', 'insufficient data left in message');
      return jsonPathRecv(view);
    default:
      throw featureNotSupported(`binary format for type ${formatType(type)}`);
  }
}

/** range_send: the flags byte, then each finite bound as an int4 length and the subtype's binary form. */
function writeRange(r: SqlRange, sub: SqlType, buf: Buffer, pos: number): number {
  buf[pos] = r.flags;
  let p = pos + 1;
  const bound = (v: Value) => {
    const n = writeBinary(v, sub, buf, p + 4);
    buf.writeInt32BE(n, p);
    p += 4 + n;
  };
  if (!r.isEmpty && !r.lowerInf) bound(r.lower);
  if (!r.isEmpty && !r.upperInf) bound(r.upper);
  return p - pos;
}

/** range_recv: flags (other bits ignored), the bounds it says are there, then make_range's checks. */
function readRange(view: Buffer, type: SqlType): SqlRange {
  if (view.length < 1) throw new DbError('08P01', 'insufficient data left in message');
  const flags = view[0] & (RANGE_EMPTY | RANGE_LB_INC | RANGE_LB_INF | RANGE_UB_INC | RANGE_UB_INF);
  const sub = rangeSubtype(type);
  let p = 1;
  const bound = (): Value => {
    if (p + 4 > view.length) throw new DbError('08P01', 'insufficient data left in message');
    const n = view.readInt32BE(p);
    if (n < 0 || p + 4 + n > view.length) throw new DbError('08P01', 'insufficient data left in message');
    const v = readBinary(view.subarray(p + 4, p + 4 + n), sub);
    p += 4 + n;
    return v;
  };
  const empty = (flags & RANGE_EMPTY) !== 0;
  const lower = !empty && !(flags & RANGE_LB_INF) ? bound() : null;
  const upper = !empty && !(flags & RANGE_UB_INF) ? bound() : null;
  if (p !== view.length) throw new DbError('08P01', 'invalid message format');
  return rangeFromFlags(type, flags, lower, upper);
}

/** Checks a fixed-width field's length; returns true so it can lead an `&&` chain. */
function fixed(view: Buffer, size: number): true {
  if (view.length < size) throw new DbError('08P01', 'insufficient data left in message');
  if (view.length > size) throw invalidBinary('incorrect binary data format');
  return true;
}

function decodeUtf8(view: Buffer): string {
  checkUtf8(view, 0, view.length);
  return view.toString('utf8');
}

/** numeric_send: see the table in the file comment. */
function writeNumeric(n: Numeric, buf: Buffer, pos: number): number {
  if (!n.isFinite) {
    buf.writeUInt16BE(0, pos);
    buf.writeInt16BE(0, pos + 2);
    buf.writeUInt16BE(n.isNaN ? NUMERIC_NAN : n.sign() > 0 ? NUMERIC_PINF : NUMERIC_NINF, pos + 4);
    buf.writeUInt16BE(n.isNaN ? 0 : INFINITY_DSCALE, pos + 6);
    return 8;
  }
  const negative = n.coef < 0n;
  // Align the fraction to whole base-10000 digits, then cut digits from the right.
  const fracGroups = Math.ceil(n.scale / 4);
  let c = (negative ? -n.coef : n.coef) * 10n ** BigInt(fracGroups * 4 - n.scale);
  const digits: number[] = [];
  while (c > 0n) {
    digits.push(Number(c % NBASE));
    c /= NBASE;
  }
  // digits is least significant first; the lowest has weight -fracGroups.
  let low = 0;
  while (low < digits.length && digits[low] === 0) low++;
  const ndigits = digits.length - low;
  const weight = ndigits === 0 ? 0 : digits.length - 1 - fracGroups;
  buf.writeUInt16BE(ndigits, pos);
  buf.writeInt16BE(weight, pos + 2);
  buf.writeUInt16BE(negative && ndigits > 0 ? NUMERIC_NEG : NUMERIC_POS, pos + 4);
  buf.writeUInt16BE(n.scale, pos + 6);
  let at = pos + 8;
  for (let i = digits.length - 1; i >= low; i--, at += 2) buf.writeUInt16BE(digits[i], at);
  return at - pos;
}

/** numeric_recv: digits beyond dscale are truncated away, as PostgreSQL does. */
function readNumeric(view: Buffer): Numeric {
  if (view.length < 8) throw new DbError('08P01', 'insufficient data left in message');
  const ndigits = view.readUInt16BE(0);
  const weight = view.readInt16BE(2);
  const sign = view.readUInt16BE(4);
  const dscale = view.readUInt16BE(6);
  if (view.length < 8 + 2 * ndigits) throw new DbError('08P01', 'insufficient data left in message');
  if (view.length > 8 + 2 * ndigits) throw invalidBinary('incorrect binary data format');
  if (sign === NUMERIC_NAN) return Numeric.NaN;
  if (sign === NUMERIC_PINF) return Numeric.Infinity;
  if (sign === NUMERIC_NINF) return Numeric.NegativeInfinity;
  if (sign !== NUMERIC_POS && sign !== NUMERIC_NEG)
    throw invalidBinary('invalid sign in external "numeric" value');
  if (dscale > MAX_DSCALE) throw invalidBinary('invalid scale in external "numeric" value');
  let whole = 0n;
  for (let i = 0; i < ndigits; i++) {
    const d = view.readUInt16BE(8 + 2 * i);
    if (d >= 10000) throw invalidBinary('invalid digit in external "numeric" value');
    whole = whole * NBASE + BigInt(d);
  }
  // value = whole × 10^exp10; express it with exactly dscale fraction digits (truncating).
  const exp10 = 4 * (weight - ndigits + 1) + dscale;
  const coef = exp10 >= 0 ? whole * 10n ** BigInt(exp10) : whole / 10n ** BigInt(-exp10);
  return Numeric.of(sign === NUMERIC_NEG ? -coef : coef, dscale);
}
