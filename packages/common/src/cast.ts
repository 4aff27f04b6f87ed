/**
 * Casts between SQL types with PostgreSQL 15's semantics.
 *
 * `canCast` answers the binder's question "may I convert A to B here?" from a copy of pg_cast's
 * castcontext for the types RustyDB has (implicit ⊂ assignment ⊂ explicit), plus PostgreSQL's
 * automatic I/O conversion casts: anything → a string type in assignment context, a string type →
 * anything explicitly.
 *
 * `castValue` performs the conversion in two steps, as PostgreSQL does:
 * 1. change the base type (int4 → numeric, text → int8, …) with its range checks and rounding
 *    (float → int rounds half to even like rint(); numeric → int rounds half away from zero);
 * 2. apply the target's typmod: numeric(p,s) rounds and checks precision; varchar(n) and
 *    character(n) cut at n characters when the cast is explicit, and in assignment raise 22001
 *    unless only spaces are cut; character(n) pads with spaces.
 *
 * Date/time casts that depend on the time zone (date ↔ timestamptz, timestamp ↔ timestamptz, text
 * ↔ timestamptz) use `zone`, the session's TimeZone (UTC when not given). Array casts convert
 * element by element with the element types' cast (and context). jsonb → numeric/bool casts
 * take a scalar of the matching JSON kind (22023 otherwise).
 *
 * NB: character(n) values are stored padded; converting them to text/varchar/name strips the
 * trailing spaces (PostgreSQL's rtrim in bpchar → text), but an I/O conversion (to bytea, say)
 * keeps them. Lengths count characters (code points), not UTF-16 units.
 */

import { codePointLength, codePointOffset } from './code-points.js';
import { type DateTimeStyle, DEFAULT_DATE_TIME_STYLE, dateTimeStyle } from './date-style.js';
import { convertDateTime } from './date-time-cast.js';
import { adjustInterval, adjustTime, adjustTimestamp } from './datetime-typmod.js';
import { DbError } from './db-error.js';
import { outOfRange } from './errors.js';
import { parseFloat4, parseFloat8 } from './float-text.js';
import { castInet, inetText } from './inet.js';
import type { Interval } from './interval.js';
import { formatJson, type Jsonb, type JsonValue, parseJsonb } from './jsonb.js';
import { coerceNumeric, Numeric } from './numeric.js';
import { SqlArray } from './sql-array.js';
import { SqlRecord } from './sql-record.js';
import { formatText, parseText } from './text-io.js';
import { type TimeZone, UTC } from './time-zone.js';
import {
  charLength,
  elementType,
  formatType,
  isArrayType,
  type SqlType,
  sqlType,
  type TypeName,
} from './types.js';
import type { Value } from './value.js';

/** Where a conversion happens: an expression operand, a stored value, or a written `CAST`. */
export type CastContext = 'implicit' | 'assignment' | 'explicit';

const NAME = sqlType('name');
const RANK: Record<CastContext, number> = { implicit: 0, assignment: 1, explicit: 2 };
const I = 0;
const A = 1;
const E = 2;

/** The OID alias types (regclass, …): an OID shown as the name of what it identifies. */
export const REG_TYPES: ReadonlySet<TypeName> = new Set([
  'regclass',
  'regtype',
  'regproc',
  'regnamespace',
  'regrole',
  'regprocedure',
]);

/** Is `name` an OID alias type? */
export const isRegType = (name: TypeName): boolean => REG_TYPES.has(name);

/**
 * Does converting `from` to `to` need the catalog (an OID alias type to or from an integer, or
 * text to regprocedure, whose output normalizes the signature: `add1(int)` is `add1(integer)`)?
 * Such casts are left to run time, where the executor resolves them (common cannot).
 */
export const castNeedsCatalog = (from: SqlType, to: SqlType): boolean =>
  (isRegType(from.name) || isRegType(to.name)) &&
  from.name !== to.name &&
  (isStringType(from.name) || from.name === 'unknown' ? to.name === 'regprocedure' : !isStringType(to.name));

// pg_cast: int2/int4/int8/oid → reg* implicit; reg* → oid implicit, → int4/int8 assignment.
const REG_FROM_INT = {
  regclass: 0,
  regtype: 0,
  regproc: 0,
  regnamespace: 0,
  regrole: 0,
  regprocedure: 0,
} as const;
const REG_TO_INT = { oid: 0, int4: 1, int8: 1 } as const;

/** pg_cast.castcontext among the types RustyDB represents (from PostgreSQL 15's catalog). */
const PG_CAST: Partial<Record<TypeName, Partial<Record<TypeName, number>>>> = {
  bool: { int4: E, text: A, varchar: A, bpchar: A },
  int2: { int4: I, int8: I, float4: I, float8: I, numeric: I, oid: I, ...REG_FROM_INT },
  int4: { int2: A, int8: I, float4: I, float8: I, numeric: I, oid: I, bool: E, char: E, ...REG_FROM_INT },
  int8: { int2: A, int4: A, float4: I, float8: I, numeric: I, oid: I, ...REG_FROM_INT },
  oid: { int4: A, int8: A, ...REG_FROM_INT },
  regclass: REG_TO_INT,
  regtype: REG_TO_INT,
  regproc: REG_TO_INT,
  regnamespace: REG_TO_INT,
  regrole: REG_TO_INT,
  regprocedure: REG_TO_INT,
  float4: { int2: A, int4: A, int8: A, float8: I, numeric: A },
  float8: { int2: A, int4: A, int8: A, float4: A, numeric: A },
  numeric: { int2: A, int4: A, int8: A, float4: I, float8: I },
  // text → regclass is implicit (nextval(pg_get_serial_sequence(…)), currval(text_column)).
  text: { bpchar: I, varchar: I, name: I, char: A, regclass: I },
  varchar: { text: I, bpchar: I, name: I, char: A, regclass: I },
  bpchar: { text: I, varchar: I, name: I, char: A },
  name: { text: I, varchar: A, bpchar: A },
  char: { text: I, varchar: A, bpchar: A, int4: E },
  date: { timestamp: I, timestamptz: I },
  time: { interval: I },
  timestamp: { date: A, time: A, timestamptz: I },
  timestamptz: { date: A, time: A, timestamp: A },
  interval: { time: A },
  json: { jsonb: A },
  inet: { cidr: A },
  cidr: { inet: I },
  jsonb: { json: A, bool: E, numeric: E, int2: E, int4: E, int8: E, float4: E, float8: E },
};

/** PostgreSQL's string category (typcategory 'S'): targets and sources of I/O conversion casts. */
export function isStringType(name: TypeName): boolean {
  return name === 'text' || name === 'varchar' || name === 'bpchar' || name === 'name';
}

/**
 * Whether a value of type `from` may be converted to `to` in `context`, as PostgreSQL's
 * find_coercion_pathway decides for these types. Same-name casts (typmod changes) are implicit.
 * `unknown` (an untyped literal) converts to anything implicitly. Pure; never throws.
 */
export function canCast(from: SqlType, to: SqlType, context: CastContext): boolean {
  if (from.name === 'unknown') return true;
  // int2vector / oidvector: nothing casts to them but text (their arrays do not: pg_cast has no row).
  if (to.vector !== undefined && from.vector !== to.vector)
    return isStringType(from.name) && context === 'explicit';
  if (from.name === 'record' && to.name === 'record') return canCastRecord(from, to);
  // Two enums (or arrays of them) share a name: only the same enum converts (no enum → enum cast).
  if (from.name === to.name) return from.enum === undefined || from.enum.oid === to.enum?.oid;
  if (isArrayType(from) && isArrayType(to)) {
    // array_coerce: allowed as the element cast is (I/O conversions to strings included).
    return canCast(elementType(from)!, elementType(to)!, context);
  }
  const direct = PG_CAST[from.name]?.[to.name];
  if (direct !== undefined) return direct <= RANK[context];
  if (isStringType(to.name)) return RANK[context] >= A;
  if (isStringType(from.name)) return context === 'explicit';
  return false;
}

/**
 * Records: a composite becomes an anonymous `record` and back (checked field by field when the
 * value is converted, castRecord); two different named composites do not convert (no pg_cast row).
 */
function canCastRecord(from: SqlType, to: SqlType): boolean {
  return (
    from.composite === undefined || to.composite === undefined || from.composite.oid === to.composite.oid
  );
}

const ZONED_PARTNERS = new Set(['unknown', 'text', 'varchar', 'bpchar', 'name', 'date', 'timestamp', 'time']);

/**
 * Does converting `from` to `to` depend on the session's TimeZone? (Reading a timestamptz from
 * text or a zone-less date/time, or printing/truncating one.) Such casts must run with the
 * session's zone, so the binder and the optimizer leave them to run time instead of folding them.
 */
export function castDependsOnTimeZone(from: SqlType, to: SqlType): boolean {
  if (to.name === 'timestamptz') return ZONED_PARTNERS.has(from.name);
  if (from.name === 'timestamptz') return ZONED_PARTNERS.has(to.name);
  // tstzrange's bounds are read and printed in the session's zone.
  if (to.name === 'tstzrange' || from.name === 'tstzrange') return from.name !== to.name;
  return false;
}

const STYLED_TYPES = new Set([
  'date',
  'timestamp',
  'timestamptz',
  'interval',
  'record',
  'daterange',
  'tsrange',
  'tstzrange',
]);
const ORDERED_TYPES = new Set(['date', 'timestamp', 'timestamptz', 'daterange', 'tsrange', 'tstzrange']);

/** The readings a literal may have: the three field orders, and intervals' SQL-standard signs. */
const DATE_READINGS = [
  dateTimeStyle('ISO', 'MDY', 'postgres'),
  dateTimeStyle('ISO', 'DMY', 'postgres'),
  dateTimeStyle('ISO', 'YMD', 'postgres'),
];
const INTERVAL_READINGS = [
  dateTimeStyle('ISO', 'MDY', 'postgres'),
  dateTimeStyle('ISO', 'MDY', 'sql_standard'),
];

/** The type, or an array's element type. */
const scalarOf = (t: SqlType): SqlType => (isArrayType(t) ? elementType(t)! : t);

/**
 * Does converting `from` to `to` depend on the session's DateStyle or IntervalStyle? Printing a
 * date, timestamp, interval (or an array or record of them) as text does; reading a date or
 * timestamp from text does when the text is a numeric date whose field order matters
 * (`01/02/03`), and reading an interval when a leading minus would apply to every field under
 * sql_standard (`-1 2:03:04`): when `value` (the text) is given, only then. The binder and the
 * optimizer leave such casts to run time. Synchronous.
 */
export function castDependsOnDateStyle(from: SqlType, to: SqlType, value?: Value): boolean {
  const f = scalarOf(from);
  const t = scalarOf(to);
  if (isStringType(t.name)) return STYLED_TYPES.has(f.name);
  if (!(isStringType(f.name) || f.name === 'unknown')) return false;
  if (t.name === 'interval') {
    return typeof value !== 'string' || (value.includes('-') && readingDiffers(value, to, INTERVAL_READINGS));
  }
  if (!ORDERED_TYPES.has(t.name)) return false;
  if (typeof value !== 'string') return true;
  return !ISO_DATE_START.test(value) && readingDiffers(value, to, DATE_READINGS);
}

/** An ISO date (year of three or more digits first): read alike in every order, whatever follows. */
const ISO_DATE_START = /^\s*\d{3,}-\d{1,2}-\d{1,2}(?![\d-])/;

/** Does `text` read as `type` differently (or fail differently) in the `styles`? */
function readingDiffers(text: string, type: SqlType, styles: readonly DateTimeStyle[]): boolean {
  const outcome = (style: DateTimeStyle): string => {
    try {
      return formatText(parseText(text, type, UTC, style), type);
    } catch (err) {
      return err instanceof DbError ? `${err.code} ${err.message}` : 'error';
    }
  };
  const first = outcome(styles[0]!);
  return styles.slice(1).some((s) => outcome(s) !== first);
}

/**
 * Converts non-null-or-null `v` of type `from` to type `to` (see the file comment). `explicit` is
 * true for CAST/`::` and false for assignment (INSERT/UPDATE targets), which only changes how
 * over-long strings are treated. `zone` and `style` are the session's TimeZone and DateStyle /
 * IntervalStyle (date/time text on either side). Synchronous. Throws 22003 / 22P02 / 22001 /
 * 0A000 as PostgreSQL would, and 42846 `cannot cast type X to Y` for a pair `canCast` rejects in
 * every context.
 */
export function castValue(
  v: Value,
  from: SqlType,
  to: SqlType,
  explicit: boolean,
  zone: TimeZone = UTC,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): Value {
  if (v === null) return null;
  if (to.composite !== undefined && from.composite?.oid !== to.composite.oid) {
    return castRecord(v, from, to, explicit, zone, style);
  }
  const same =
    from.name === to.name &&
    from.enum?.oid === to.enum?.oid &&
    (to.vector === undefined || from.vector === to.vector);
  const base = same ? v : convertBase(v, from, to, zone, explicit, style);
  return to.typmod === -1 ? base : applyTypmod(base, to, explicit);
}

function convertBase(
  v: Value,
  from: SqlType,
  to: SqlType,
  zone: TimeZone,
  explicit: boolean,
  style: DateTimeStyle,
): Value {
  if (!canCast(from, to, 'explicit')) throw cannotCast(from, to);
  if (isArrayType(from) && isArrayType(to)) {
    const fe = elementType(from)!;
    const te = elementType(to)!;
    const a = v as SqlArray;
    return new SqlArray(
      a.elements.map((x) => castValue(x, fe, te, explicit, zone, style)),
      a.dims,
      a.lbounds,
    );
  }
  if (isStringType(to.name)) return toStringType(v, from, to.name, zone, style);
  if (isStringType(from.name) || from.name === 'unknown') return parseText(v as string, to, zone, style);
  switch (from.name) {
    case 'int2':
    case 'int4':
    case 'oid':
      return fromInteger(v as number, from, to);
    case 'int8':
      return fromInt8(v as bigint, from, to);
    case 'float4':
    case 'float8':
      return fromFloat(v as number, from, to);
    case 'numeric':
      return fromNumeric(v as Numeric, from, to);
    case 'bool':
      if (to.name === 'int4') return v ? 1 : 0;
      break;
    case 'char':
      if (to.name === 'int4') return charToInt(v as string);
      break;
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      return convertDateTime(v, from.name, to.name, zone);
    case 'json':
      return parseJsonb(v as string);
    case 'inet':
    case 'cidr':
      return castInet(v as string, to.name === 'cidr');
    case 'jsonb':
      return to.name === 'json' ? formatJson((v as Jsonb).value) : fromJsonb((v as Jsonb).value, to);
  }
  throw cannotCast(from, to);
}

/** jsonb → bool / numeric types: a scalar of the matching JSON kind (PostgreSQL 11+). */
function fromJsonb(j: JsonValue, to: SqlType): Value {
  const want = to.name === 'bool' ? 'boolean' : 'numeric';
  const kind =
    j === null
      ? 'null'
      : typeof j === 'boolean'
        ? 'boolean'
        : typeof j === 'string'
          ? 'string'
          : j instanceof Numeric
            ? 'numeric'
            : Array.isArray(j)
              ? 'array'
              : 'object';
  if (kind !== want) throw new DbError('22023', `cannot cast jsonb ${kind} to type ${formatType(to)}`);
  if (to.name === 'bool') return j as boolean;
  return to.name === 'numeric' ? (j as Numeric) : fromNumeric(j as Numeric, sqlType('numeric'), to);
}

/**
 * A value to named composite `to`: text by record_in, an anonymous record field by field (as
 * PostgreSQL's record → composite conversion; 42846 `cannot cast type record to c` with the
 * detail PostgreSQL gives when the number of fields differs).
 */
function castRecord(
  v: Value,
  from: SqlType,
  to: SqlType,
  explicit: boolean,
  zone: TimeZone,
  style: DateTimeStyle,
): Value {
  if (from.name !== 'record') return convertBase(v, from, to, zone, explicit, style);
  if (!canCastRecord(from, to) || !(v instanceof SqlRecord)) throw cannotCast(from, to);
  const fields = to.fields ?? [];
  if (v.values.length !== fields.length) {
    throw cannotCast(from, to).with({
      detail: v.values.length < fields.length ? 'Input has too few columns.' : 'Input has too many columns.',
    });
  }
  const given = from.fields;
  return new SqlRecord(
    v.values.map((x, i) => {
      const want = fields[i]!.type;
      const have = given?.[i]?.type ?? want;
      return castValue(x, have, want, explicit, zone, style);
    }),
  );
}

function cannotCast(from: SqlType, to: SqlType): DbError {
  return new DbError('42846', `cannot cast type ${formatType(from)} to ${formatType(to)}`);
}

function toStringType(v: Value, from: SqlType, to: TypeName, zone: TimeZone, style: DateTimeStyle): string {
  switch (from.name) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'bpchar':
      // bpchar → text/varchar/name strips the padding; bpchar → bpchar keeps it
      return to === 'bpchar' ? (v as string) : trimTrailingSpaces(v as string);
    case 'text':
    case 'varchar':
    case 'name':
    case 'unknown':
      return to === 'name' ? (parseText(v as string, NAME) as string) : (v as string);
    case 'inet':
      // text(inet) shows the mask length even when it covers the whole address.
      return inetText(v as string);
    default:
      return formatText(v, from, zone, 1, style);
  }
}

const INT_RANGE: Partial<Record<TypeName, readonly [number, number, string]>> = {
  int2: [-32768, 32767, 'smallint'],
  int4: [-2147483648, 2147483647, 'integer'],
};

/** Range-checks an integral double for int2/int4/oid; -0 never escapes. */
function checkInt(x: number, to: TypeName): number {
  if (to === 'oid') {
    if (!(x >= 0 && x <= 4294967295)) throw new DbError('22003', 'OID out of range');
    return x;
  }
  const r = INT_RANGE[to]!;
  if (!(x >= r[0] && x <= r[1])) throw outOfRange(r[2]);
  return x === 0 ? 0 : x;
}

function fromInteger(v: number, from: SqlType, to: SqlType): Value {
  switch (to.name) {
    case 'int2':
    case 'int4':
      // oid → int4 is binary-coercible: large OIDs wrap to negative, as in PostgreSQL
      return from.name === 'oid' && to.name === 'int4' ? v | 0 : checkInt(v, to.name);
    case 'oid':
      return v < 0 ? v + 4294967296 : v; // int4 → oid is binary too: -1 is 4294967295
    case 'int8':
      return BigInt(v);
    case 'float8':
      return v;
    case 'float4':
      return Math.fround(v);
    case 'numeric':
      return Numeric.fromBigInt(BigInt(v));
    case 'bool':
      return v !== 0;
    case 'char':
      if (v < -128 || v > 127) throw new DbError('22003', '"char" out of range');
      return v === 0 ? '' : String.fromCharCode(v < 0 ? v + 256 : v);
  }
  throw cannotCast(from, to);
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function fromInt8(v: bigint, from: SqlType, to: SqlType): Value {
  switch (to.name) {
    case 'int2':
    case 'int4':
      if (v < -2147483648n || v > 2147483647n) throw outOfRange(INT_RANGE[to.name]![2]);
      return checkInt(Number(v), to.name);
    case 'oid':
      if (v < 0n || v > 4294967295n) throw new DbError('22003', 'OID out of range');
      return Number(v);
    case 'float8':
      return Number(v);
    case 'float4':
      return Math.fround(Number(v));
    case 'numeric':
      return Numeric.fromBigInt(v);
  }
  throw cannotCast(from, to);
}

/** C's rint(): round half to even, as PostgreSQL's float → integer casts. */
export function rint(x: number): number {
  const r = Math.round(x); // halves go toward +Infinity
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function fromFloat(v: number, from: SqlType, to: SqlType): Value {
  switch (to.name) {
    case 'int2':
    case 'int4':
      return checkInt(rint(v), to.name);
    case 'int8': {
      const r = rint(v);
      if (!(r >= -(2 ** 63) && r < 2 ** 63)) throw outOfRange('bigint');
      return BigInt(r);
    }
    case 'float8':
      return v;
    case 'float4': {
      const f = Math.fround(v);
      if (!Number.isFinite(f) && Number.isFinite(v))
        throw new DbError('22003', 'value out of range: overflow');
      if (f === 0 && v !== 0) throw new DbError('22003', 'value out of range: underflow');
      return f;
    }
    case 'numeric':
      return Numeric.fromNumber(v, from.name === 'float4' ? 6 : 15);
  }
  throw cannotCast(from, to);
}

function fromNumeric(v: Numeric, from: SqlType, to: SqlType): Value {
  switch (to.name) {
    case 'int2':
    case 'int4': {
      const name = INT_RANGE[to.name]![2];
      const b = v.toBigInt(name);
      if (b < -2147483648n || b > 2147483647n) throw outOfRange(name);
      return checkInt(Number(b), to.name);
    }
    case 'int8': {
      const b = v.toBigInt('bigint');
      if (b < INT8_MIN || b > INT8_MAX) throw outOfRange('bigint');
      return b;
    }
    case 'float8':
      // numeric_float8 goes through float8in, so it shares its range errors
      return v.isFinite ? parseFloat8(v.toString()) : v.toNumber();
    case 'float4':
      return v.isFinite ? parseFloat4(v.toString()) : v.toNumber();
  }
  throw cannotCast(from, to);
}

/** "char" → int4: the byte as a signed char. */
function charToInt(c: string): number {
  if (c.length === 0) return 0;
  const code = c.charCodeAt(0) & 0xff;
  return code > 127 ? code - 256 : code;
}

function applyTypmod(v: Value, to: SqlType, explicit: boolean): Value {
  if (isArrayType(to)) {
    const te = elementType(to)!;
    const a = v as SqlArray;
    return new SqlArray(
      a.elements.map((x) => (x === null ? null : applyTypmod(x, te, explicit))),
      a.dims,
      a.lbounds,
    );
  }
  switch (to.name) {
    case 'numeric':
      return coerceNumeric(v as Numeric, to.typmod);
    case 'varchar':
    case 'bpchar':
      return coerceChars(v as string, to, explicit);
    case 'timestamp':
    case 'timestamptz':
      return adjustTimestamp(v as bigint, to.typmod);
    case 'time':
      return adjustTime(v as number, to.typmod);
    case 'interval':
      return adjustInterval(v as Interval, to.typmod);
    default:
      return v;
  }
}

/** varchar(n) / character(n) length coercion (PostgreSQL's varchar() and bpchar()). */
function coerceChars(s: string, to: SqlType, explicit: boolean): string {
  const n = charLength(to)!;
  if (s.length <= n) {
    // No more code points than units: it fits. Only character(n) needs the count, to pad, and
    // a string without a surrogate has as many as its length (one native search, not a loop).
    if (to.name !== 'bpchar') return s;
    const len = HIGH_SURROGATE.test(s) ? codePointLength(s) : s.length;
    return len < n ? s + ' '.repeat(n - len) : s;
  }
  const len = codePointLength(s);
  if (len > n) {
    const cut = s.slice(0, codePointOffset(s, n));
    if (!explicit && !isAllSpaces(s, cut.length)) {
      throw new DbError('22001', `value too long for type ${formatType(to)}`);
    }
    return cut;
  }
  return to.name === 'bpchar' && len < n ? s + ' '.repeat(n - len) : s;
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

function isAllSpaces(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

/** `s` without trailing ASCII spaces (only spaces: PostgreSQL's bpchar padding is spaces). */
export function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}
