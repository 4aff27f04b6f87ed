/**
 * Text I/O: PostgreSQL's typinput/typoutput functions for the types RustyDB represents today.
 * `formatText` is what the wire protocol sends in text format and what `::text` casts produce;
 * `parseText` is what literals, text-format parameters and COPY go through. Both match
 * PostgreSQL 15 byte for byte, including the error codes and message texts (which quote the
 * input exactly as given, surrounding spaces included).
 *
 * Per type:
 * - bool: out `t`/`f`; in any prefix of true/false/yes/no (on/off need two letters), 1/0.
 * - int2/int4/int8/oid: optional sign and decimal digits, whitespace around; no `1.0`, no `1e3`.
 * - float4/float8: see float-text.ts. numeric: see numeric.ts.
 * - text/varchar/bpchar/name/unknown: identity (length limits are casts' business, not input's).
 * - bytea: out hex (`\x0a1b`); in hex or the escape format (`a\\b\001`).
 *
 * - date/time/timestamp/timestamptz: in the session's DateStyle (`style`, ISO, MDY when not
 *   given: date-time-parse.ts, date-time-format.ts); timestamptz reads and prints in the
 *   session's TimeZone (`zone`, UTC when not given).
 * - interval: in the session's IntervalStyle (`style`; postgres: interval.ts, the others:
 *   interval-output.ts). uuid: uuid.ts. json/jsonb: jsonb.ts.
 * - arrays: `{…}` with PostgreSQL's quoting, elements through their type's I/O (sql-array.ts).
 *
 * timetz, the reg* types, record and void raise 0A000 rather than pretend.
 */

import { type DateTimeStyle, DEFAULT_DATE_TIME_STYLE } from './date-style.js';
import { formatDate, formatTime, formatTimestamp, formatTimestamptz } from './date-time-format.js';
import { parseDate, parseTime, parseTimestamp } from './date-time-parse.js';
import { adjustInterval, adjustTime, adjustTimestamp, intervalInputRange } from './datetime-typmod.js';
import { assertNever, DbError } from './db-error.js';
import { featureNotSupported, invalidTextRepresentation } from './errors.js';
import { formatFloat4, formatFloat8, parseFloat4, parseFloat8 } from './float-text.js';
import { formatTid, packTid, unpackTid } from './ids.js';
import { parseInet } from './inet.js';
import { formatInterval, type Interval, parseInterval } from './interval.js';
import { encodeInterval } from './interval-output.js';
import { formatJson, type Jsonb, parseJson, parseJsonb } from './jsonb.js';
import { type JsonPath, parseJsonPath } from './jsonpath/jsonpath.js';
import { parseMacaddr } from './macaddr.js';
import { Numeric } from './numeric.js';
import { formatRange, parseRange, rangeSubtype, type SqlRange } from './range.js';
import { formatArray, parseArray, type SqlArray, vectorOf } from './sql-array.js';
import { formatRecord, parseRecord, SqlRecord } from './sql-record.js';
import { parseTsConfig } from './text-search/ts-config.js';
import { formatTsQuery, parseTsQueryText, type TsQuery } from './text-search/tsquery.js';
import { formatTsVector, parseTsVector, type TsVector } from './text-search/tsvector.js';
import { type TimeZone, UTC } from './time-zone.js';
import { isCSpace } from './trim-spaces.js';
import type { SqlType } from './types.js';
import { elementType, formatType, isArrayType, type ScalarTypeName } from './types.js';
import { parseUuid } from './uuid.js';
import type { Value } from './value.js';

const HEX_DIGITS = '0123456789abcdef';
const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15]);
const utf8 = new TextEncoder();

/**
 * typoutput: the text form of a non-null value of type `type`. `zone` is the session's TimeZone
 * (timestamptz output), UTC by default; `extraFloatDigits` the session's extra_float_digits
 * (float4/float8 output), PostgreSQL's default 1; `style` the session's DateStyle and
 * IntervalStyle (date/time and interval output), ISO and postgres by default. Synchronous; never
 * throws for a value of the representation value.ts gives the type (0A000 for types not
 * supported yet).
 */
export function formatText(
  value: Value,
  type: SqlType,
  zone: TimeZone = UTC,
  extraFloatDigits = 1,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): string {
  if (type.vector !== undefined) return formatVector(value as SqlArray);
  if (isArrayType(type)) {
    const elem = elementType(type)!;
    return formatArray(value as SqlArray, (v) => formatText(v, elem, zone, extraFloatDigits, style));
  }
  const name = type.name as ScalarTypeName;
  switch (name) {
    case 'bool':
      return value ? 't' : 'f';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
    case 'xid':
      return String(value);
    case 'tid':
      return formatTid(unpackTid(value as number));
    case 'float8':
      return formatFloat8(value as number, extraFloatDigits);
    case 'float4':
      return formatFloat4(value as number, extraFloatDigits);
    case 'numeric':
      return (value as Numeric).toString();
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'unknown':
      return value as string;
    case 'char':
      return formatChar(value as string);
    case 'bytea':
      return formatBytea(value as Uint8Array);
    case 'date':
      return formatDate(value as number, style);
    case 'time':
      return formatTime(value as number);
    case 'timestamp':
      return formatTimestamp(value as bigint, style);
    case 'timestamptz':
      return formatTimestamptz(value as bigint, zone, style);
    case 'interval': {
      const intervalStyle = style.intervalStyle;
      return intervalStyle === 'postgres'
        ? formatInterval(value as Interval)
        : encodeInterval(value as Interval, intervalStyle);
    }
    case 'uuid':
    case 'json':
    case 'inet':
    case 'cidr':
    case 'macaddr':
    case 'anyenum': // held as the label
      return value as string;
    case 'jsonb':
      return formatJson((value as Jsonb).value);
    case 'tsvector':
      return formatTsVector(value as TsVector);
    case 'tsquery':
      return formatTsQuery(value as TsQuery);
    case 'jsonpath':
      return (value as JsonPath).toString();
    case 'regconfig':
      return value as string;
    case 'void':
      return ''; // void_out: a function returning void shows an empty (not NULL) value
    case 'regproc':
    case 'regclass':
    case 'regtype':
    case 'regnamespace':
    case 'regrole':
    case 'regprocedure':
      // Held as their text form (the catalog resolves them where an OID is needed).
      return value as string;
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange': {
      const sub = rangeSubtype(type);
      return formatRange(value as SqlRange, (v) => formatText(v, sub, zone, extraFloatDigits, style));
    }
    case 'record': {
      const fields = type.fields;
      if (fields !== undefined && value instanceof SqlRecord) {
        return formatRecord(value, (v, i) => formatText(v, fields[i].type, zone, extraFloatDigits, style));
      }
      throw featureNotSupported(`text output of type ${formatType(type)}`);
    }
    case 'timetz':
    case 'any':
    case 'anyarray':
    case 'anyelement':
      throw featureNotSupported(`text output of type ${formatType(type)}`);
    default:
      return assertNever(name, 'type');
  }
}

/** int2vectorout / oidvectorout: the elements (integers, never NULL) separated by one space. */
function formatVector(a: SqlArray): string {
  return a.elements.join(' ');
}

/**
 * int2vectorin / oidvectorin: integers separated by white space, each as int2in / oidin reads
 * it; the result has lower bound 0. PostgreSQL 15 also stops at a NUL, which text cannot hold.
 */
function parseVector(text: string, type: SqlType): SqlArray {
  const elem = elementType(type)!;
  const items = text.split(/[ \t\n\r\f\v]+/).filter((s) => s !== '');
  if (items.length > VECTOR_MAX_ELEMENTS) {
    throw new DbError('22023', `${type.vector} has too many elements`);
  }
  const xs = items.map((s) =>
    elem.name === 'int2' ? parseInteger(s, -32768, 32767, 'smallint') : parseOid(s),
  );
  // NB: PostgreSQL's empty vector is one-dimensional with no elements; ours has no dimension.
  return vectorOf(xs);
}

/** PostgreSQL's FUNC_MAX_ARGS, the most elements int2vectorin / oidvectorin take. */
const VECTOR_MAX_ELEMENTS = 100;

/** enum_in: `text` when it is one of the enum's labels (exactly: no trimming, case matters). */
export function parseEnum(text: string, type: SqlType): string {
  const e = type.enum;
  if (e === undefined) throw featureNotSupported(`text input of type ${formatType(type)}`);
  if (!e.byLabel.has(text)) {
    throw new DbError('22P02', `invalid input value for enum ${formatType(type)}: "${text}"`);
  }
  return text;
}

/**
 * record_in for a named composite type: each field's text through its type's input function.
 * An anonymous `record` has no input function (0A000, as PostgreSQL).
 */
function parseComposite(text: string, type: SqlType, zone: TimeZone): SqlRecord {
  const fields = type.fields;
  if (type.composite === undefined || fields === undefined) {
    throw featureNotSupported('input of anonymous composite types');
  }
  const texts = parseRecord(text, fields.length);
  return new SqlRecord(texts.map((t, i) => (t === null ? null : parseText(t, fields[i]!.type, zone))));
}

/**
 * typinput: parses `text` as a value of `type` (typmods are not applied: that is a cast's job).
 * `zone` is the session's TimeZone (timestamptz input without an offset, `today`), UTC by
 * default; `style` the session's DateStyle (the field order of numeric dates), MDY by default.
 * Synchronous. Throws 22P02 / 22007 on bad syntax and 22003 / 22008 on out-of-range input, with
 * PostgreSQL's texts.
 */
export function parseText(
  text: string,
  type: SqlType,
  zone: TimeZone = UTC,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): Value {
  if (type.vector !== undefined) return parseVector(text, type);
  if (isArrayType(type)) {
    const elem = elementType(type)!;
    return parseArray(text, (s) => parseText(s, elem, zone, style));
  }
  const name = type.name as ScalarTypeName;
  switch (name) {
    case 'bool':
      return parseBool(text);
    case 'int2':
      return parseInteger(text, -32768, 32767, 'smallint');
    case 'int4':
      return parseInteger(text, -2147483648, 2147483647, 'integer');
    case 'int8':
      return parseInt8(text);
    case 'oid':
      return parseOid(text);
    case 'xid':
      return parseXid(text);
    case 'tid':
      return parseTid(text);
    case 'float8':
      return parseFloat8(text);
    case 'float4':
      return parseFloat4(text);
    case 'numeric':
      return Numeric.parse(text);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'unknown':
      return text;
    case 'name':
      return truncateName(text);
    case 'char':
      return parseChar(text);
    case 'bytea':
      return parseBytea(text);
    case 'date':
      return parseDate(text, zone, style.dateOrder);
    // The date/time input functions apply the typmod themselves (datetime-typmod.ts).
    case 'time':
      return adjustTime(parseTime(text), type.typmod);
    case 'timestamp':
      return adjustTimestamp(parseTimestamp(text, undefined, zone, style.dateOrder), type.typmod);
    case 'timestamptz':
      return adjustTimestamp(parseTimestamp(text, zone, zone, style.dateOrder), type.typmod);
    case 'interval': {
      const range = intervalInputRange(type.typmod);
      return adjustInterval(parseInterval(text, style.intervalStyle, range), type.typmod);
    }
    case 'uuid':
      return parseUuid(text);
    case 'inet':
    case 'cidr':
      return parseInet(text, name === 'cidr');
    case 'macaddr':
      return parseMacaddr(text);
    case 'json':
      return parseJson(text);
    case 'jsonb':
      return parseJsonb(text);
    case 'tsvector':
      return parseTsVector(text);
    case 'tsquery':
      return parseTsQueryText(text);
    case 'jsonpath':
      return parseJsonPath(text);
    case 'regconfig':
      return parseTsConfig(text);
    case 'anyenum':
      return parseEnum(text, type);
    case 'regproc':
    case 'regclass':
    case 'regtype':
    case 'regnamespace':
    case 'regrole':
    case 'regprocedure':
      return text;
    case 'record':
      return parseComposite(text, type, zone);
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange': {
      const sub = rangeSubtype(type);
      return parseRange(text, type, (s) => parseText(s, sub, zone, style));
    }
    case 'timetz':
    case 'void':
    case 'any':
    case 'anyarray':
    case 'anyelement':
      throw featureNotSupported(`text input of type ${formatType(type)}`);
    default:
      return assertNever(name, 'type');
  }
}

/**
 * charin (and text → "char"): `\ooo` is an octal byte, otherwise the first byte of the UTF-8
 * text; '' is the zero byte, which we represent as ''. A "char" value is a string of zero or one
 * character with a code below 256 (the byte).
 */
function parseChar(text: string): string {
  if (text.length === 0) return '';
  if (text.length === 4 && text.charCodeAt(0) === 92 && /^\\[0-7]{3}$/.test(text)) {
    const b = Number.parseInt(text.slice(1), 8) & 0xff;
    return b === 0 ? '' : String.fromCharCode(b);
  }
  const c = text.charCodeAt(0);
  return c < 0x80 ? text[0] : String.fromCharCode(utf8.encode(text.slice(0, 2))[0]);
}

/** charout: bytes with the high bit set print as `\ooo`. */
function formatChar(c: string): string {
  const b = c.length === 0 ? 0 : c.charCodeAt(0);
  return b < 0x80 ? c : `\\${b.toString(8)}`;
}

/** boolin: PostgreSQL's parse_bool. */
export function parseBool(text: string): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && isCSpace(text.charCodeAt(start))) start++;
  while (end > start && isCSpace(text.charCodeAt(end - 1))) end--;
  const s = text.slice(start, end).toLowerCase();
  const prefixOf = (word: string, min: number) => s.length >= min && word.startsWith(s);
  switch (s.charAt(0)) {
    case 't':
      if (prefixOf('true', 1)) return true;
      break;
    case 'f':
      if (prefixOf('false', 1)) return false;
      break;
    case 'y':
      if (prefixOf('yes', 1)) return true;
      break;
    case 'n':
      if (prefixOf('no', 1)) return false;
      break;
    case 'o':
      if (prefixOf('on', 2)) return true;
      if (prefixOf('off', 2)) return false;
      break;
    case '1':
      if (s.length === 1) return true;
      break;
    case '0':
      if (s.length === 1) return false;
      break;
  }
  throw invalidTextRepresentation('boolean', text);
}

/**
 * int2in/int4in: whitespace, optional sign, at least one decimal digit, whitespace. Accumulates in
 * a double, which is exact far beyond int4's range, so no allocation on the way.
 */
function parseInteger(text: string, min: number, max: number, typeName: string): number {
  const n = text.length;
  let i = 0;
  while (i < n && isCSpace(text.charCodeAt(i))) i++;
  let neg = false;
  const c0 = text.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  const digitsStart = i;
  let v = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (v < 1e17) v = v * 10 + d; // once past every range, keep scanning without growing
  }
  const digitsEnd = i;
  while (i < n && isCSpace(text.charCodeAt(i))) i++;
  if (digitsEnd === digitsStart || i !== n) throw invalidTextRepresentation(typeName, text);
  if (neg) v = -v;
  if (v < min || v > max) throw new DbError('22003', `value "${text}" is out of range for type ${typeName}`);
  return v === 0 ? 0 : v; // never -0
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const INT8_SYNTAX = /^[ \t\n\v\f\r]*[+-]?\d+[ \t\n\v\f\r]*$/;

/** int8in. */
function parseInt8(text: string): bigint {
  if (!INT8_SYNTAX.test(text)) throw invalidTextRepresentation('bigint', text);
  const v = BigInt(text.trim());
  if (v < INT8_MIN || v > INT8_MAX) {
    throw new DbError('22003', `value "${text}" is out of range for type bigint`);
  }
  return v;
}

/** oidin: an unsigned 32-bit integer; negative input down to -2^31 wraps, as PostgreSQL's strtoul. */
function parseOid(text: string): number {
  let v: number;
  try {
    v = parseInteger(text, -2147483648, 4294967295, 'oid');
  } catch (err) {
    if (err instanceof DbError && err.code === '22003') {
      throw new DbError('22003', `value "${text}" is out of range for type oid`);
    }
    throw err;
  }
  return v < 0 ? v + 4294967296 : v;
}

/** NAMEDATALEN - 1: names longer than 63 bytes are truncated (at a character boundary). */
function truncateName(text: string): string {
  if (text.length <= 21) return text; // at most 3 UTF-8 bytes per UTF-16 unit: fits
  const bytes = utf8.encode(text);
  if (bytes.length <= 63) return text;
  let end = 63;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // do not split a character
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/** byteaout in hex format: `\x` then two lowercase hex digits per byte. */
export function formatBytea(bytes: Uint8Array): string {
  let s = '\\x';
  for (let i = 0; i < bytes.length; i++) s += BYTE_HEX[bytes[i]];
  return s;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * byteain: hex format (`\x` + digit pairs, whitespace allowed between pairs) or escape format
 * (`\\` is a backslash, `\ooo` an octal byte, other characters their UTF-8 bytes). The returned
 * array is freshly allocated and owned by the caller.
 */
export function parseBytea(text: string): Uint8Array {
  if (text.charCodeAt(0) === 92 && text.charCodeAt(1) === 120) return parseHexBytea(text);
  if (!text.includes('\\')) return utf8.encode(text);
  const raw = utf8.encode(text);
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; ) {
    const b = raw[i];
    if (b !== 92) {
      out[n++] = b;
      i++;
    } else if (raw[i + 1] === 92) {
      out[n++] = 92;
      i += 2;
    } else if (isOctalByte(raw, i + 1)) {
      out[n++] = ((raw[i + 1] - 48) << 6) | ((raw[i + 2] - 48) << 3) | (raw[i + 3] - 48);
      i += 4;
    } else {
      throw new DbError('22P02', 'invalid input syntax for type bytea');
    }
  }
  return out.slice(0, n);
}

function isOctalByte(raw: Uint8Array, i: number): boolean {
  return (
    i + 2 < raw.length &&
    raw[i] >= 48 &&
    raw[i] <= 51 &&
    raw[i + 1] >= 48 &&
    raw[i + 1] <= 55 &&
    raw[i + 2] >= 48 &&
    raw[i + 2] <= 55
  );
}

function parseHexBytea(text: string): Uint8Array {
  const out = new Uint8Array((text.length - 2) >> 1);
  let n = 0;
  for (let i = 2; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const hi = hexValue(c);
    if (hi < 0) throw invalidHexDigit(text, i);
    if (i + 1 >= text.length) throw new DbError('22023', 'invalid hexadecimal data: odd number of digits');
    const lo = hexValue(text.charCodeAt(i + 1));
    if (lo < 0) throw invalidHexDigit(text, i + 1);
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  return n === out.length ? out : out.slice(0, n);
}

function invalidHexDigit(text: string, i: number): DbError {
  return new DbError('22023', `invalid hexadecimal digit: "${String.fromCodePoint(text.codePointAt(i)!)}"`);
}

/**
 * tidin: `(block,offset)`, blanks allowed around the whole and before each number (strtoul's
 * leading blanks), not before `,` or `)`; a negative block wraps as strtoul's does. The value
 * is packed as `packTid` does.
 * @throws DbError 22P02 `invalid input syntax for type tid: "x"`.
 */
function parseTid(text: string): number {
  const m = /^\s*\(\s*([+-]?)(\d+),\s*\+?(\d+)\)\s*$/.exec(text);
  let block = m ? Number(m[2]) : Number.NaN;
  const offset = m ? Number(m[3]) : Number.NaN;
  if (m?.[1] === '-' && block <= 0xffffffff) block = block === 0 ? 0 : 0x100000000 - block;
  if (!(block <= 0xffffffff) || !(offset <= 0xffff)) {
    throw new DbError('22P02', `invalid input syntax for type tid: "${text}"`);
  }
  return packTid(block, offset);
}

/**
 * xidin: strtoul's reading, which never fails: no digits is 0, a 64-bit overflow saturates, a
 * minus sign negates modulo 2^64, and the low 32 bits are kept.
 */
function parseXid(text: string): number {
  const m = /^\s*([+-]?)(\d+)/.exec(text);
  if (!m) return 0;
  let n = BigInt(m[2]);
  if (n > 0xffffffffffffffffn) n = 0xffffffffffffffffn;
  else if (m[1] === '-') n = BigInt.asUintN(64, -n);
  return Number(BigInt.asUintN(32, n));
}
