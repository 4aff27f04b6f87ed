/**
 * Ordering and equality of non-null values of one type, as PostgreSQL's btree comparison
 * functions (the `C` collation for text). Sorts, merge joins, indexes and `=` all use these, so
 * they must agree with each other: valuesEqual(a, b) ⇔ compareValues(a, b) === 0.
 *
 * - float4/float8: NaN equals NaN and sorts above everything, Infinity included; -0 = 0.
 * - text/varchar/name: code point order, which is UTF-8 byte order (memcmp), not localeCompare.
 * - bpchar: trailing spaces do not count ('a' = 'a  ').
 * - bytea: unsigned byte order, then length.
 * - numeric: Numeric.cmp (-Infinity < finite < Infinity < NaN).
 * - date, time, timestamp(tz): their numbers (±infinity are the extreme values); uuid: its
 *   canonical text, which orders like its bytes.
 * - interval: the span with 30-day months (`'1 mon' = '30 days'`); jsonb: jsonb.ts's order;
 *   arrays: element by element (sql-array.ts); records of known shape: field by field, NULL
 *   fields equal to each other and after values. json has no ordering (42883 at bind time).
 * - enums: by the labels' sort orders (pg_enum.enumsortorder), never by their text.
 * - ranges: range_cmp (range.ts): empty first, then the lower bound, then the upper bound.
 */
import { assertNever } from './db-error.js';
import { featureNotSupported } from './errors.js';
import { compareInet } from './inet.js';
import { compareIntervals, type Interval } from './interval.js';
import { compareJsonb, type Jsonb } from './jsonb.js';
import type { Numeric } from './numeric.js';
import { compareRanges, type SqlRange } from './range.js';
import { compareArrays, type SqlArray } from './sql-array.js';
import { SqlRecord } from './sql-record.js';
import { TS_CONFIG_OID, type TsConfigName } from './text-search/ts-config.js';
import { compareTsQueries, type TsQuery } from './text-search/tsquery.js';
import { compareTsVectors, type TsVector } from './text-search/tsvector.js';
import {
  elementType,
  formatType,
  isArrayType,
  type RecordField,
  type ScalarTypeName,
  type SqlType,
} from './types.js';
import type { Value } from './value.js';

/** PostgreSQL's float8_cmp_internal: NaN = NaN, NaN above all numbers. */
export function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

/**
 * Compares strings by Unicode code point (= UTF-8 byte order, PostgreSQL's C collation) over
 * the first `aLen` / `bLen` UTF-16 units. UTF-16 unit order differs only when a surrogate meets a
 * unit in U+E000–U+FFFF, which the fix-up at the first difference handles.
 */
function compareCodePoints(a: string, aLen: number, b: string, bLen: number): number {
  const n = Math.min(aLen, bLen);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Move surrogates (D800–DFFF) above E000–FFFF: they encode code points ≥ U+10000.
        x += x >= 0xe000 ? -0x800 : 0x2000;
        y += y >= 0xe000 ? -0x800 : 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return aLen === bLen ? 0 : aLen < bLen ? -1 : 1;
}

/** Length of `s` without trailing spaces (bpchar's bcTruelen). */
function bpcharLength(s: string): number {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 32) n--;
  return n;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Orders two non-null values of `type`: negative, zero or positive. Synchronous, allocation-free.
 * Throws 0A000 for types whose values RustyDB does not represent yet.
 */
export function compareValues(a: Value, b: Value, type: SqlType): number {
  if (isArrayType(type)) {
    const elem = elementType(type)!;
    return compareArrays(a as SqlArray, b as SqlArray, (x, y) => compareValues(x, y, elem));
  }
  const name = type.name as ScalarTypeName;
  switch (name) {
    case 'int2':
    case 'int4':
    case 'oid':
    case 'xid':
    case 'tid': // packed page * 65536 + slot: ordered as PostgreSQL's tid (block, then offset)
    case 'date':
    case 'time':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 'int8':
    case 'timestamp':
    case 'timestamptz':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'float4':
    case 'float8':
      return compareFloats(a as number, b as number);
    case 'numeric':
      return (a as Numeric).cmp(b as Numeric);
    case 'bool':
      return a === b ? 0 : a ? 1 : -1;
    case 'text':
    case 'varchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
    case 'macaddr':
      return a === b
        ? 0
        : compareCodePoints(a as string, (a as string).length, b as string, (b as string).length);
    case 'bpchar':
      return compareCodePoints(
        a as string,
        bpcharLength(a as string),
        b as string,
        bpcharLength(b as string),
      );
    case 'bytea':
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 'interval':
      return compareIntervals(a as Interval, b as Interval);
    case 'jsonb':
      return compareJsonb(a as Jsonb, b as Jsonb);
    case 'inet':
    case 'cidr':
      return compareInet(a as string, b as string);
    case 'tsvector':
      return compareTsVectors(a as TsVector, b as TsVector);
    case 'tsquery':
      return compareTsQueries(a as TsQuery, b as TsQuery);
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      return compareRanges(a as SqlRange, b as SqlRange);
    case 'regconfig': // by OID, as PostgreSQL's oid comparison
      return TS_CONFIG_OID[a as TsConfigName] - TS_CONFIG_OID[b as TsConfigName];
    case 'anyenum':
      return compareEnumLabels(a as string, b as string, type);
    case 'regproc':
    case 'regclass':
    case 'regtype':
    case 'regnamespace':
    case 'regrole':
    case 'regprocedure':
    case 'record':
      if (type.fields !== undefined && a instanceof SqlRecord && b instanceof SqlRecord) {
        return compareRecords(a, b, type.fields);
      }
      throw featureNotSupported(`comparison of type ${formatType(type)}`);
    case 'json':
    case 'jsonpath': // no ordering in PostgreSQL either
    case 'timetz':
    case 'void':
    case 'any':
    case 'anyarray':
    case 'anyelement':
      throw featureNotSupported(`comparison of type ${formatType(type)}`);
    default:
      return assertNever(name, 'type');
  }
}

/** enum_cmp: by the labels' sort orders (a label added BEFORE another sorts before it). */
function compareEnumLabels(a: string, b: string, type: SqlType): number {
  if (a === b) return 0;
  const e = type.enum;
  if (e === undefined) throw featureNotSupported(`comparison of type ${formatType(type)}`);
  const x = e.byLabel.get(a);
  const y = e.byLabel.get(b);
  // A label the type no longer has (renamed by a later committed ALTER): its text orders it.
  if (x === undefined || y === undefined) return a < b ? -1 : 1;
  return x.sortOrder < y.sortOrder ? -1 : 1;
}

/**
 * btrecordcmp: field by field with each field's type; in this (sorting) comparison two NULL
 * fields are equal and a NULL sorts after any value, as PostgreSQL compares composite values
 * outside row-constructor comparisons (which the binder expands with SQL's NULL rules instead).
 * A record with fewer fields sorts first when all shared fields are equal.
 */
function compareRecords(a: SqlRecord, b: SqlRecord, fields: readonly RecordField[]): number {
  const n = Math.min(a.values.length, b.values.length);
  for (let i = 0; i < n; i++) {
    const x = a.values[i] ?? null;
    const y = b.values[i] ?? null;
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
      continue;
    }
    const c = compareValues(x, y, fields[i]!.type);
    if (c !== 0) return c;
  }
  return a.values.length - b.values.length;
}

/** `a = b` for non-null values of `type`, consistent with compareValues (NaN = NaN, 1.0 = 1.00). */
export function valuesEqual(a: Value, b: Value, type: SqlType): boolean {
  switch (type.name) {
    case 'int2':
    case 'int4':
    case 'oid':
    case 'xid':
    case 'tid':
    case 'int8':
    case 'bool':
    case 'text':
    case 'varchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
    case 'macaddr':
    case 'anyenum':
      return a === b;
    case 'float4':
    case 'float8':
      return a === b || (Number.isNaN(a) && Number.isNaN(b));
    default:
      return compareValues(a, b, type) === 0;
  }
}
