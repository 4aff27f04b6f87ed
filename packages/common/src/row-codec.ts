/**
 * The row codec: a row's values as compact bytes, given its column types. Heap tuples, the
 * memory store and WAL records carry these bytes, so the layout is stable and versioned.
 *
 * Row layout (format 1), little-endian, no alignment padding:
 *
 * | OFFSET  | SIZE          | DESCRIPTION                                                     |
 * |---------|---------------|-----------------------------------------------------------------|
 * | 0       | 1             | format version: 1                                               |
 * | 1       | 2             | natts: number of columns stored (uint16)                        |
 * | 3       | ceil(natts/8) | null bitmap: bit (i & 7) of byte (i >> 3) set ⇔ column i NULL   |
 * | 3 + bm  | …             | the non-null fields, in column order                            |
 *
 * Fields, by column type:
 *
 * | TYPE                                | SIZE     | ENCODING                                     |
 * |-------------------------------------|----------|----------------------------------------------|
 * | bool                                | 1        | 0 or 1                                       |
 * | "char"                              | 1        | the byte (0 for '')                          |
 * | int2                                | 2        | int16                                        |
 * | int4 / oid                          | 4        | int32 / uint32                               |
 * | int8                                | 8        | int64                                        |
 * | float4 / float8                     | 4 / 8    | IEEE 754 binary32 / binary64                 |
 * | text, varchar, bpchar, name, unknown| varint+n | n as unsigned LEB128, then n bytes of UTF-8  |
 * | bytea                               | varint+n | n as unsigned LEB128, then the n bytes       |
 * | numeric                             | varint+n | n, then the n-byte numeric body below        |
 * | date                                | 4        | int32 days since 2000-01-01 (±infinity:     |
 * |                                     |          | int32 min/max)                               |
 * | time                                | 8        | int64 microseconds since midnight            |
 * | timestamp / timestamptz             | 8        | int64 microseconds since 2000-01-01 (UTC)    |
 * | interval                            | 16       | int64 microseconds, int32 days, int32 months |
 * | uuid                                | 16       | the 16 bytes                                 |
 * | json                                | varint+n | the text, as text                            |
 * | inet, cidr, macaddr                 | varint+n | the canonical text (inet.ts, macaddr.ts)     |
 * | jsonb                               | varint+n | its normalized text (jsonb_out), as text     |
 * | jsonpath                           | varint+n | its text form (jsonpath_out), as text         |
 * | tsvector, tsquery, regconfig        | varint+n | their text form (tsvectorout, …), as text    |
 * | arrays (`_int4`, …)                 | varint+n | n, then the n-byte array body below          |
 * | int4range, numrange, … (ranges)     | varint+n | n, then the flags byte (range.ts, PostgreSQL |
 * |                                     |          | 's bits), then the finite bounds as fields   |
 * |                                     |          | of the subtype, lower first                  |
 * | enums                               | 4        | the label's OID (uint32), as PostgreSQL: a   |
 * |                                     |          | RENAME VALUE rewrites no row                 |
 *
 * Array body (elements are fields of the element type, as in a row):
 *
 * | OFFSET     | SIZE          | DESCRIPTION                                                 |
 * |------------|---------------|-------------------------------------------------------------|
 * | 0          | 1             | ndims (0 for the empty array, which has nothing more)       |
 * | 1          | 4 × ndims     | length of each dimension (int32)                            |
 * | 1 + 4nd    | 4 × ndims     | lower bound of each dimension (int32)                       |
 * | 1 + 8nd    | ceil(nitems/8)| null bitmap, as the row's                                   |
 * | …          | …             | the non-null elements, in row-major order                   |
 *
 * The types after numeric were added later without changing any earlier encoding, so format 1
 * rows written before them decode unchanged.
 *
 * Numeric body:
 *
 * | OFFSET | SIZE     | DESCRIPTION                                                           |
 * |--------|----------|-----------------------------------------------------------------------|
 * | 0      | 1        | kind: 0 positive or zero, 1 negative, 2 NaN, 3 Infinity, 4 -Infinity  |
 * | 1      | varint   | scale (finite values only)                                            |
 * | …      | rest     | |coefficient|, unsigned little-endian base 256 (empty for zero)        |
 *
 * natts lets a table gain columns without rewriting rows: columns past natts decode as NULL
 * (ALTER TABLE ADD COLUMN without a default). Columns are decoded by position, so dropping a
 * column must keep its slot in `types`.
 *
 * Ownership: `encodeRow` and `RowEncoder.encode` return fresh arrays the caller owns;
 * `RowEncoder.encodeView` returns a view of the encoder's scratch buffer, valid until its next
 * call (copy it into a page right away). Decoding never keeps a reference to `bytes`: strings and
 * Numerics are new values, and bytea fields are copied.
 */
import { assertNever, DbError } from './db-error.js';
import { featureNotSupported } from './errors.js';
import { Interval } from './interval.js';
import { formatJson, type Jsonb, parseJsonb } from './jsonb.js';
import { type JsonPath, parseJsonPath } from './jsonpath/jsonpath.js';
import { Numeric } from './numeric.js';
import { rangeSubtype, SqlRange } from './range.js';
import { SqlArray } from './sql-array.js';
import { formatTsQuery, parseTsQueryText, type TsQuery } from './text-search/tsquery.js';
import { formatTsVector, parseTsVector, type TsVector } from './text-search/tsvector.js';
import { elementType, formatType, isArrayType, type ScalarTypeName, type SqlType } from './types.js';
import { uuidFromBytes, uuidToBytes } from './uuid.js';
import type { Value } from './value.js';

/** The current row format version (byte 0). */
export const ROW_FORMAT_VERSION = 1;
const HEADER = 3;

// Module scratch for float and int64 byte conversions: decoding is synchronous, so one suffices.
const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const scratchView = new DataView(scratch);

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** UTF-8 byte length of `s`, without encoding it. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // a surrogate pair: 2 units, 4 bytes
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}

/** Strings longer than this are encoded natively (writeLongString); shorter ones by a JS loop. */
const LONG_STRING = 32;

const varintSize = (n: number): number =>
  n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;

/**
 * Encodes rows into a growable scratch buffer that is reused between calls. Not shared between
 * concurrent users of the buffer: `encodeView`'s result is overwritten by the next call.
 */
const EMPTY_VIEW = new Uint8Array(0);

export class RowEncoder {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  /** The view `encodeView` returned last: returned again for a row of the same length. */
  private last: Uint8Array = EMPTY_VIEW;
  /** The buffer `last` views (a grown buffer is another one). */
  private lastBuf: Uint8Array = EMPTY_VIEW;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Encodes `values` (one per type; NULL allowed anywhere) into a fresh array the caller owns. */
  encode(values: readonly Value[], types: readonly SqlType[]): Uint8Array {
    return this.encodeView(values, types).slice();
  }

  /**
   * Encodes into the scratch buffer and returns a view of it, valid until the next call on this
   * encoder. Values must have the representation value.ts gives their type (not checked).
   * Throws 0A000 for a type without a storage format yet.
   */
  encodeView(values: readonly Value[], types: readonly SqlType[]): Uint8Array {
    const natts = types.length;
    const bitmapLen = (natts + 7) >> 3;
    this.pos = 0;
    this.ensure(HEADER + bitmapLen + natts * 8);
    const buf = this.buf;
    buf[0] = ROW_FORMAT_VERSION;
    buf[1] = natts & 0xff;
    buf[2] = natts >> 8;
    // A loop, not fill(): a row's bitmap is a byte or two, and this runs per row.
    for (let i = HEADER; i < HEADER + bitmapLen; i++) buf[i] = 0;
    this.pos = HEADER + bitmapLen;
    for (let i = 0; i < natts; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        this.buf[HEADER + (i >> 3)] |= 1 << (i & 7);
        continue;
      }
      this.writeField(v, types[i]);
    }
    // Rows of a table are mostly alike in length: reuse the last view rather than allocate one
    // per row (a view of the same bytes of the same buffer: the contract is unchanged).
    const last = this.last;
    if (last.length === this.pos && this.lastBuf === this.buf) return last;
    this.lastBuf = this.buf;
    this.last = this.buf.subarray(0, this.pos);
    return this.last;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  private writeField(v: Value, type: SqlType): void {
    if (isArrayType(type)) {
      this.writeArray(v as SqlArray, elementType(type)!);
      return;
    }
    this.ensure(9);
    const p = this.pos;
    const name = type.name as ScalarTypeName;
    switch (name) {
      case 'bool':
        this.buf[p] = v ? 1 : 0;
        this.pos = p + 1;
        return;
      case 'char':
        this.buf[p] = (v as string).length === 0 ? 0 : (v as string).charCodeAt(0) & 0xff;
        this.pos = p + 1;
        return;
      case 'int2':
        this.view.setInt16(p, v as number, true);
        this.pos = p + 2;
        return;
      case 'int4':
        this.view.setInt32(p, v as number, true);
        this.pos = p + 4;
        return;
      case 'oid':
      case 'xid':
        this.view.setUint32(p, v as number, true);
        this.pos = p + 4;
        return;
      case 'tid': // block number, then offset, as PostgreSQL's ItemPointerData
        this.view.setUint32(p, Math.floor((v as number) / 0x10000), true);
        this.view.setUint16(p + 4, (v as number) % 0x10000, true);
        this.pos = p + 6;
        return;
      case 'int8':
        this.view.setBigInt64(p, v as bigint, true);
        this.pos = p + 8;
        return;
      case 'float4':
        this.view.setFloat32(p, v as number, true);
        this.pos = p + 4;
        return;
      case 'float8':
        this.view.setFloat64(p, v as number, true);
        this.pos = p + 8;
        return;
      case 'text':
      case 'varchar':
      case 'bpchar':
      case 'name':
      case 'unknown':
        this.writeString(v as string);
        return;
      case 'bytea':
        this.writeVarint((v as Uint8Array).length);
        this.ensure((v as Uint8Array).length);
        this.buf.set(v as Uint8Array, this.pos);
        this.pos += (v as Uint8Array).length;
        return;
      case 'numeric':
        this.writeNumeric(v as Numeric);
        return;
      case 'date':
        this.view.setInt32(p, v as number, true);
        this.pos = p + 4;
        return;
      case 'time':
        this.view.setBigInt64(p, BigInt(v as number), true);
        this.pos = p + 8;
        return;
      case 'timestamp':
      case 'timestamptz':
        this.view.setBigInt64(p, v as bigint, true);
        this.pos = p + 8;
        return;
      case 'interval':
        this.ensure(16);
        this.view.setBigInt64(this.pos, (v as Interval).micros, true);
        this.view.setInt32(this.pos + 8, (v as Interval).days, true);
        this.view.setInt32(this.pos + 12, (v as Interval).months, true);
        this.pos += 16;
        return;
      case 'uuid':
        this.ensure(16);
        uuidToBytes(v as string, this.buf, this.pos);
        this.pos += 16;
        return;
      case 'json':
      case 'inet':
      case 'cidr':
      case 'macaddr':
        this.writeString(v as string);
        return;
      case 'jsonb':
        this.writeString(formatJson((v as Jsonb).value));
        return;
      case 'tsvector':
        this.writeString(formatTsVector(v as TsVector));
        return;
      case 'tsquery':
        this.writeString(formatTsQuery(v as TsQuery));
        return;
      case 'jsonpath':
        this.writeString((v as JsonPath).toString());
        return;
      case 'regconfig':
        this.writeString(v as string);
        return;
      case 'int4range':
      case 'int8range':
      case 'numrange':
      case 'daterange':
      case 'tsrange':
      case 'tstzrange':
        this.writeRange(v as SqlRange, rangeSubtype(type));
        return;
      case 'anyenum':
        this.view.setUint32(p, enumLabelOid(v as string, type), true);
        this.pos = p + 4;
        return;
      case 'regproc':
      case 'regclass':
      case 'regtype':
      case 'regnamespace':
      case 'regrole':
      case 'regprocedure':
      case 'timetz':
      case 'record':
      case 'void':
      case 'any':
      case 'anyarray':
      case 'anyelement':
        throw featureNotSupported(`storing type ${formatType(type)}`);
      default:
        assertNever(name, 'type');
    }
  }

  /** An array value: its body is built in a nested encoder, then copied after its length. */
  private writeArray(a: SqlArray, elem: SqlType): void {
    const body = new RowEncoder(64);
    body.writeArrayBody(a, elem);
    this.writeVarint(body.pos);
    this.ensure(body.pos);
    this.buf.set(body.buf.subarray(0, body.pos), this.pos);
    this.pos += body.pos;
  }

  /** A range: its body (flags, then the finite bounds) built in a nested encoder, after its length. */
  private writeRange(r: SqlRange, sub: SqlType): void {
    const body = new RowEncoder(32);
    body.buf[body.pos++] = r.flags;
    if (!r.isEmpty && !r.lowerInf) body.writeField(r.lower, sub);
    if (!r.isEmpty && !r.upperInf) body.writeField(r.upper, sub);
    this.writeVarint(body.pos);
    this.ensure(body.pos);
    this.buf.set(body.buf.subarray(0, body.pos), this.pos);
    this.pos += body.pos;
  }

  private writeArrayBody(a: SqlArray, elem: SqlType): void {
    const nd = a.dims.length;
    const n = a.elements.length;
    const bitmapLen = (n + 7) >> 3;
    this.ensure(1 + 8 * nd + bitmapLen);
    this.buf[this.pos++] = nd;
    for (let d = 0; d < nd; d++) this.view.setInt32(this.pos + 4 * d, a.dims[d], true);
    for (let d = 0; d < nd; d++) this.view.setInt32(this.pos + 4 * (nd + d), a.lbounds[d], true);
    this.pos += 8 * nd;
    const bitmap = this.pos;
    this.buf.fill(0, bitmap, bitmap + bitmapLen);
    this.pos += bitmapLen;
    for (let i = 0; i < n; i++) {
      const v = a.elements[i];
      if (v === null) this.buf[bitmap + (i >> 3)] |= 1 << (i & 7);
      else this.writeField(v, elem);
    }
  }

  private writeVarint(n: number): void {
    this.ensure(5);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }

  private writeString(s: string): void {
    if (s.length > LONG_STRING) {
      this.writeLongString(s);
      return;
    }
    const len = utf8Length(s);
    this.writeVarint(len);
    this.ensure(len);
    const buf = this.buf;
    let p = this.pos;
    if (len === s.length) {
      // ASCII: copy the units directly; cheaper than encodeInto for short strings
      for (let i = 0; i < len; i++) buf[p++] = s.charCodeAt(i);
    } else {
      p += utf8Encoder.encodeInto(s, buf.subarray(p, p + len)).written;
    }
    this.pos = p;
  }

  /**
   * A long string in one native `encodeInto`, without measuring it first: the bytes go where a
   * varint of the string's UTF-16 length would end (UTF-8 is never shorter), and in the rare case
   * that the byte count needs a longer varint they move right.
   */
  private writeLongString(s: string): void {
    const guess = varintSize(s.length);
    this.ensure(5 + 3 * s.length);
    const start = this.pos + guess;
    const written = utf8Encoder.encodeInto(s, this.buf.subarray(start, start + 3 * s.length)).written;
    const need = varintSize(written);
    if (need !== guess) this.buf.copyWithin(this.pos + need, start, start + written);
    this.writeVarint(written);
    this.pos += written;
  }

  private writeNumeric(n: Numeric): void {
    if (!n.isFinite) {
      this.ensure(2);
      this.writeVarint(1);
      this.buf[this.pos++] = n.isNaN ? 2 : n.sign() > 0 ? 3 : 4;
      return;
    }
    const neg = n.coef < 0n;
    let mag = neg ? -n.coef : n.coef;
    const magBytes: number[] = [];
    while (mag > 0n) {
      if (mag <= 0xffffffffffffn) {
        // the rest fits in a double exactly: finish without bigint steps
        for (let m = Number(mag); m > 0; m = Math.floor(m / 256)) magBytes.push(m % 256);
        break;
      }
      magBytes.push(Number(mag & 0xffn));
      mag >>= 8n;
    }
    const bodyLen = 1 + varintSize(n.scale) + magBytes.length;
    this.ensure(varintSize(bodyLen) + bodyLen);
    this.writeVarint(bodyLen);
    this.buf[this.pos++] = neg ? 1 : 0;
    this.writeVarint(n.scale);
    for (const b of magBytes) this.buf[this.pos++] = b;
  }
}

const shared = new RowEncoder();

/**
 * Encodes a row (one value per type, NULLs allowed) into a fresh array the caller owns.
 * Synchronous. Throws 0A000 for a type without a storage format yet.
 */
export function encodeRow(values: readonly Value[], types: readonly SqlType[]): Uint8Array {
  return shared.encode(values, types);
}

const corrupt = (what: string): DbError => new DbError('XX001', `invalid row data: ${what}`);

/** Reads an unsigned LEB128 at `pos`; returns it and leaves the position after it in `out.pos`. */
function readVarint(bytes: Uint8Array, pos: number, out: { pos: number }): number {
  let n = 0;
  let shift = 0;
  for (;;) {
    if (pos >= bytes.length || shift > 28) throw corrupt('truncated length');
    const b = bytes[pos++];
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
  }
  out.pos = pos;
  return n;
}

/** Where the last field read ended (module state: decoding is synchronous and never re-entered). */
const cursor = { pos: 0 };
/** A second cursor for reads inside a field, which must not move `cursor`. */
const inner = { pos: 0 };

/** Checks the header and returns natts. */
function readHeader(bytes: Uint8Array): number {
  if (bytes.length < HEADER || bytes[0] !== ROW_FORMAT_VERSION) {
    throw corrupt(`unknown row format ${bytes.length === 0 ? '(empty)' : bytes[0]}`);
  }
  return bytes[1] | (bytes[2] << 8);
}

function isNull(bytes: Uint8Array, i: number): boolean {
  return (bytes[HEADER + (i >> 3)] & (1 << (i & 7))) !== 0;
}

/** Width of a fixed-size field, or -1 for a length-prefixed one. */
export function fixedWidth(type: SqlType): number {
  switch (type.name) {
    case 'bool':
    case 'char':
      return 1;
    case 'int2':
      return 2;
    case 'int4':
    case 'oid':
    case 'xid':
    case 'float4':
    case 'date':
    case 'anyenum':
      return 4;
    case 'tid':
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
    default:
      return -1;
  }
}

function readString(bytes: Uint8Array, start: number, len: number): string {
  if (len <= 32) {
    let s = '';
    for (let i = start; i < start + len; i++) {
      const b = bytes[i];
      if (b >= 0x80) return utf8Decoder.decode(bytes.subarray(start, start + len));
      s += String.fromCharCode(b);
    }
    return s;
  }
  return utf8Decoder.decode(bytes.subarray(start, start + len));
}

function readNumeric(bytes: Uint8Array, start: number, len: number): Numeric {
  const kind = bytes[start];
  if (kind === 2) return Numeric.NaN;
  if (kind === 3) return Numeric.Infinity;
  if (kind === 4) return Numeric.NegativeInfinity;
  const scale = readVarint(bytes, start + 1, inner);
  const end = start + len;
  let mag = 0n;
  let i = end - 1;
  // Most significant bytes first; up to 6 bytes at a time stay exact in a double.
  while (i >= inner.pos) {
    const take = Math.min(6, i - inner.pos + 1);
    let chunk = 0;
    for (let k = 0; k < take; k++) chunk = chunk * 256 + bytes[i - k];
    mag = (mag << BigInt(8 * take)) | BigInt(chunk);
    i -= take;
  }
  return Numeric.of(kind === 1 ? -mag : mag, scale);
}

/** The stored form of enum label `label`: its OID. */
function enumLabelOid(label: string, type: SqlType): number {
  const l = type.enum?.byLabel.get(label);
  if (l === undefined)
    throw new DbError('22P02', `invalid input value for enum ${formatType(type)}: "${label}"`);
  return l.oid;
}

/** The label of stored enum OID `oid` (enum_out's lookup). */
function enumLabel(oid: number, type: SqlType): string {
  const l = type.enum?.byOid.get(oid);
  if (l === undefined) throw new DbError('22P03', `invalid internal value for enum: ${oid}`);
  return l.label;
}

/** Decodes the field of `type` at `pos`; leaves the position after it in `cursor`. */
function readField(bytes: Uint8Array, pos: number, type: SqlType): Value {
  const w = fixedWidth(type);
  if (w > 0) {
    if (pos + w > bytes.length) throw corrupt('truncated field');
    cursor.pos = pos + w;
    switch (type.name) {
      case 'bool':
        return bytes[pos] !== 0;
      case 'char':
        return bytes[pos] === 0 ? '' : String.fromCharCode(bytes[pos]);
      case 'int2':
        return ((bytes[pos] | (bytes[pos + 1] << 8)) << 16) >> 16;
      case 'int4':
        return bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
      case 'oid':
      case 'xid':
        return (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0;
      case 'tid':
        return (
          ((bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0) *
            0x10000 +
          (bytes[pos + 4] | (bytes[pos + 5] << 8))
        );
      case 'date':
        return bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
      case 'anyenum':
        return enumLabel(
          (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0,
          type,
        );
      case 'uuid':
        return uuidFromBytes(bytes, pos);
      case 'interval': {
        for (let k = 0; k < 8; k++) scratchBytes[k] = bytes[pos + k];
        const micros = scratchView.getBigInt64(0, true);
        const days =
          bytes[pos + 8] | (bytes[pos + 9] << 8) | (bytes[pos + 10] << 16) | (bytes[pos + 11] << 24);
        const months =
          bytes[pos + 12] | (bytes[pos + 13] << 8) | (bytes[pos + 14] << 16) | (bytes[pos + 15] << 24);
        return new Interval(months, days, micros);
      }
    }
    for (let k = 0; k < w; k++) scratchBytes[k] = bytes[pos + k];
    if (type.name === 'float4') return scratchView.getFloat32(0, true);
    if (type.name === 'time') return Number(scratchView.getBigInt64(0, true));
    return type.name === 'float8' ? scratchView.getFloat64(0, true) : scratchView.getBigInt64(0, true);
  }
  const len = readVarint(bytes, pos, cursor);
  const start = cursor.pos;
  if (start + len > bytes.length) throw corrupt('truncated field');
  cursor.pos = start + len;
  switch (type.name) {
    case 'bytea':
      return bytes.slice(start, start + len);
    case 'numeric':
      return readNumeric(bytes, start, len);
    case 'jsonb':
      return parseJsonb(readString(bytes, start, len));
    case 'tsvector':
      return parseTsVector(readString(bytes, start, len));
    case 'tsquery':
      return parseTsQueryText(readString(bytes, start, len));
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange': {
      const r = readRange(bytes, start, start + len, type);
      cursor.pos = start + len;
      return r;
    }
    case 'jsonpath':
      return parseJsonPath(readString(bytes, start, len));
    default: {
      const elem = elementType(type);
      if (elem) {
        const a = readArray(bytes, start, start + len, elem);
        cursor.pos = start + len;
        return a;
      }
      return readString(bytes, start, len);
    }
  }
}

/** A range body (see the file comment) in bytes[start, end). */
function readRange(bytes: Uint8Array, start: number, end: number, type: SqlType): SqlRange {
  const flags = bytes[start];
  if (flags & RANGE_EMPTY_FLAG) return SqlRange.EMPTY;
  const sub = rangeSubtype(type);
  let pos = start + 1;
  let lower: Value = null;
  let upper: Value = null;
  if (!(flags & RANGE_LB_INF_FLAG)) {
    lower = readField(bytes, pos, sub);
    pos = cursor.pos;
  }
  if (!(flags & RANGE_UB_INF_FLAG)) {
    upper = readField(bytes, pos, sub);
    pos = cursor.pos;
  }
  if (pos !== end) throw corrupt('range length mismatch');
  return new SqlRange(flags, lower, upper);
}
const RANGE_EMPTY_FLAG = 0x01;
const RANGE_LB_INF_FLAG = 0x08;
const RANGE_UB_INF_FLAG = 0x10;

/** An array body (see the file comment) in bytes[start, end). */
function readArray(bytes: Uint8Array, start: number, end: number, elem: SqlType): SqlArray {
  const nd = bytes[start];
  if (nd === 0) return SqlArray.of([]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (start + 1 + 8 * nd > end) throw corrupt('truncated array');
  const dims: number[] = [];
  const lbounds: number[] = [];
  let n = 1;
  for (let d = 0; d < nd; d++) {
    dims.push(view.getInt32(start + 1 + 4 * d, true));
    lbounds.push(view.getInt32(start + 1 + 4 * (nd + d), true));
    n *= dims[d];
  }
  const bitmap = start + 1 + 8 * nd;
  let pos = bitmap + ((n + 7) >> 3);
  const elements: Value[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (bytes[bitmap + (i >> 3)] & (1 << (i & 7))) {
      elements[i] = null;
      continue;
    }
    elements[i] = readField(bytes, pos, elem);
    pos = cursor.pos;
  }
  if (pos !== end) throw corrupt('array length mismatch');
  return new SqlArray(elements, dims, lbounds);
}

/**
 * Decodes a row into `out` (out[i] for each of `types`; columns the row predates are NULL).
 * Synchronous; allocates only the decoded values. Throws XX001 on bytes that are not a row.
 */
export function decodeRow(bytes: Uint8Array, types: readonly SqlType[], out: Value[]): void {
  const natts = readHeader(bytes);
  let pos = HEADER + ((natts + 7) >> 3);
  for (let i = 0; i < types.length; i++) {
    if (i >= natts || isNull(bytes, i)) {
      out[i] = null;
      continue;
    }
    out[i] = readField(bytes, pos, types[i]);
    pos = cursor.pos;
  }
}

/**
 * Decodes into `out` only the columns `wanted` marks (1), up to column `last`; the others are
 * skipped without decoding and their slots of `out` left as they are. For a scan whose query
 * reads a few columns of a wide row (the rest would be decoded for nothing: text, numeric …).
 * Synchronous; allocates only the decoded values. Throws XX001 on bytes that are not a row.
 */
export function decodeRowSlots(
  bytes: Uint8Array,
  types: readonly SqlType[],
  wanted: Uint8Array,
  last: number,
  out: Value[],
): void {
  const natts = readHeader(bytes);
  let pos = HEADER + ((natts + 7) >> 3);
  for (let i = 0; i <= last; i++) {
    if (i >= natts || isNull(bytes, i)) {
      if (wanted[i] === 1) out[i] = null;
    } else if (wanted[i] === 1) {
      out[i] = readField(bytes, pos, types[i]);
      pos = cursor.pos;
    } else {
      const w = fixedWidth(types[i]);
      pos = w > 0 ? pos + w : readVarint(bytes, pos, cursor) + cursor.pos;
    }
  }
}

/**
 * Decodes column `index` alone, skipping the fields before it without decoding them.
 * Synchronous. Throws XX001 on bytes that are not a row.
 */
export function decodeColumn(bytes: Uint8Array, types: readonly SqlType[], index: number): Value {
  const natts = readHeader(bytes);
  if (index >= natts || isNull(bytes, index)) return null;
  let pos = HEADER + ((natts + 7) >> 3);
  for (let i = 0; i < index; i++) {
    if (isNull(bytes, i)) continue;
    const w = fixedWidth(types[i]);
    pos = w > 0 ? pos + w : readVarint(bytes, pos, cursor) + cursor.pos;
  }
  return readField(bytes, pos, types[index]);
}
