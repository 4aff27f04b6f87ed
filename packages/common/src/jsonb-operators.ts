/**
 * jsonb operators and the conversion of SQL values to JSON, with PostgreSQL 15's semantics:
 *
 * - `->` / `->>` (object field by text, array element by int, negative counting from the end;
 *   NULL when absent or of the wrong kind), `#>` / `#>>` (a path of keys/indexes).
 * - `@>` / `<@` containment (JsonbDeepContains: objects by key, arrays as sets of elements, a
 *   top-level array contains a scalar it holds), `?`, `?|`, `?&` (top-level keys or string
 *   elements).
 * - `||` (object merge with the right side winning; arrays concatenate; a scalar acts as a
 *   one-element array), `-` (delete a key, string elements, or an array index).
 * - to_jsonb / to_json: numbers stay numbers (NaN and ±Infinity become strings), date/time
 *   values become ISO 8601 strings (`2020-01-05T10:11:12+00:00`), arrays become JSON arrays.
 */
import { TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND } from './calendar.js';
import { type DateTimeStyle, DEFAULT_DATE_TIME_STYLE } from './date-style.js';
import { formatDate, formatTimestamp, formatTimestamptz } from './date-time-format.js';
import { DbError } from './db-error.js';
import { formatFloat4, formatFloat8 } from './float-text.js';
import {
  formatJson,
  isJsonObject,
  Jsonb,
  type JsonObject,
  type JsonValue,
  makeObject,
  parseJsonValue,
  quoteJsonString,
} from './jsonb.js';
import { Numeric } from './numeric.js';
import type { SqlArray } from './sql-array.js';
import { SqlRecord } from './sql-record.js';
import { formatText } from './text-io.js';
import type { TimeZone } from './time-zone.js';
import { elementType, type RecordField, type SqlType } from './types.js';
import type { Value } from './value.js';

const isScalar = (v: JsonValue): boolean => !Array.isArray(v) && !(v instanceof Map);

/** `->` with a text key: the field of an object, else undefined. */
export function jsonField(v: JsonValue, key: string): JsonValue | undefined {
  return isJsonObject(v) ? v.get(key) : undefined;
}

/** `->` with an int: the element of an array (negative from the end), else undefined. */
export function jsonElement(v: JsonValue, index: number): JsonValue | undefined {
  // A top-level scalar is stored as a one-element array: element 0 (or -1) is the scalar.
  if (isScalar(v)) return index === 0 || index === -1 ? v : undefined;
  if (!Array.isArray(v)) return undefined;
  const i = index < 0 ? v.length + index : index;
  return i >= 0 && i < v.length ? v[i] : undefined;
}

/** `#>`: follows a path of keys (objects) and integer indexes (arrays). */
export function jsonPath(v: JsonValue, path: readonly (string | null)[]): JsonValue | undefined {
  let cur: JsonValue | undefined = v;
  for (const p of path) {
    if (cur === undefined || p === null) return undefined;
    if (Array.isArray(cur)) {
      if (!/^\s*-?\d+\s*$/.test(p)) return undefined;
      cur = jsonElement(cur, Number(p));
    } else cur = jsonField(cur, p);
  }
  return cur;
}

/** `->>`: a JSON value as text: strings unquoted, JSON null is SQL NULL, others their JSON. */
export function jsonText(v: JsonValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : formatJson(v);
}

function scalarEquals(a: JsonValue, b: JsonValue): boolean {
  if (a instanceof Numeric && b instanceof Numeric) return a.cmp(b) === 0;
  return a === b;
}

function contains(a: JsonValue, b: JsonValue): boolean {
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    for (const [k, bv] of b) {
      const av = a.get(k);
      if (av === undefined) return false;
      if (isScalar(bv)) {
        if (!isScalar(av) || !scalarEquals(av, bv)) return false;
      } else if (Array.isArray(bv) !== Array.isArray(av) || isScalar(av) || !contains(av, bv)) return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return false;
    for (const e of b) {
      if (isScalar(e)) {
        if (!a.some((x) => isScalar(x) && scalarEquals(x, e))) return false;
      } else if (!a.some((x) => !isScalar(x) && Array.isArray(x) === Array.isArray(e) && contains(x, e))) {
        return false;
      }
    }
    return true;
  }
  return false;
}

/** `a @> b` on jsonb. */
export function jsonbContains(a: Jsonb, b: Jsonb): boolean {
  const x = a.value;
  const y = b.value;
  if (isScalar(x)) return isScalar(y) && scalarEquals(x, y);
  if (isScalar(y)) return Array.isArray(x) && x.some((e) => isScalar(e) && scalarEquals(e, y));
  return contains(x, y);
}

/** `j ? key`: a top-level object key, array string element, or the scalar string itself. */
export function jsonbExists(j: Jsonb, key: string): boolean {
  const v = j.value;
  if (isJsonObject(v)) return v.has(key);
  if (Array.isArray(v)) return v.some((e) => e === key);
  return v === key;
}

/** `||` on jsonb. */
export function jsonbConcat(a: Jsonb, b: Jsonb): Jsonb {
  const x = a.value;
  const y = b.value;
  if (isJsonObject(x) && isJsonObject(y)) return new Jsonb(makeObject([...x, ...y]));
  const asArray = (v: JsonValue): JsonValue[] => (Array.isArray(v) ? v : [v]);
  return new Jsonb([...asArray(x), ...asArray(y)]);
}

/** `j - key` (text) or `j - index` (int). Throws 22023 as PostgreSQL for scalars/objects. */
export function jsonbDelete(j: Jsonb, what: string | number): Jsonb {
  const v = j.value;
  if (isScalar(v)) throw new DbError('22023', 'cannot delete from scalar');
  if (typeof what === 'string') {
    if (isJsonObject(v)) return new Jsonb(makeObject([...v].filter(([k]) => k !== what)));
    return new Jsonb((v as JsonValue[]).filter((e) => e !== what));
  }
  if (isJsonObject(v)) throw new DbError('22023', 'cannot delete from object using integer index');
  const arr = v as JsonValue[];
  const i = what < 0 ? arr.length + what : what;
  return i < 0 || i >= arr.length ? j : new Jsonb(arr.filter((_, k) => k !== i));
}

/** jsonb_typeof. */
export function jsonTypeof(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof Numeric) return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** jsonb_array_length. Throws 22023 for scalars and objects. */
export function jsonArrayLength(v: JsonValue): number {
  if (Array.isArray(v)) return v.length;
  throw new DbError(
    '22023',
    isScalar(v) ? 'cannot get array length of a scalar' : 'cannot get array length of a non-array',
  );
}

/**
 * jsonb_set(target, path, value, create_missing). Throws 22P02 for a non-integer path step into
 * an array, 22023 for a path through a scalar.
 */
export function jsonbSet(
  target: Jsonb,
  path: readonly (string | null)[],
  value: Jsonb,
  create: boolean,
): Jsonb {
  if (isScalar(target.value)) throw new DbError('22023', 'cannot set path in scalar');
  const set = (cur: JsonValue, level: number): JsonValue => {
    if (level === path.length) return value.value;
    const step = path[level];
    if (step === null) {
      throw new DbError('22004', `path element at position ${level + 1} is null`);
    }
    if (isJsonObject(cur)) {
      const has = cur.has(step);
      if (!has && (!create || level < path.length - 1)) return cur;
      const next = has ? set(cur.get(step)!, level + 1) : value.value;
      return makeObject([...cur, [step, next]]);
    }
    if (Array.isArray(cur)) {
      if (!/^\s*-?\d+\s*$/.test(step)) {
        throw new DbError('22P02', `path element at position ${level + 1} is not an integer: "${step}"`);
      }
      const n = Number(step);
      const i = n < 0 ? cur.length + n : n;
      if (i >= 0 && i < cur.length) {
        const out = cur.slice();
        out[i] = set(cur[i], level + 1);
        return out;
      }
      if (!create || level < path.length - 1) return cur;
      return i < 0 ? [value.value, ...cur] : [...cur, value.value];
    }
    return cur;
  };
  return new Jsonb(set(target.value, 0));
}

/** jsonb_pretty: four-space indentation, one item per line. */
export const jsonbPretty = (j: Jsonb): string => formatJson(j.value, '    ');

/** Object entries of a jsonb object, or 22023 `cannot call jsonb_each on a non-object`. */
export function jsonObjectEntries(v: JsonValue, fn: string): [string, JsonValue][] {
  if (!isJsonObject(v)) throw new DbError('22023', `cannot call ${fn} on a non-object`);
  return [...v];
}

/** Elements of a jsonb array, or 22023 `cannot extract elements from a scalar/an object`. */
export function jsonArrayElements(v: JsonValue): JsonValue[] {
  if (Array.isArray(v)) return v;
  throw new DbError(
    '22023',
    isScalar(v) ? 'cannot extract elements from a scalar' : 'cannot extract elements from an object',
  );
}

// ---- SQL values → JSON ---------------------------------------------------------------------

/** JSON's date/time spelling: ISO 8601 with `T` and a full `+HH:MM` offset. */
function isoDateTime(text: string): string {
  const out = text.replace(' ', 'T');
  return out.replace(/([+-]\d\d)$/, '$1:00');
}

/**
 * to_jsonb(v) for a non-null value of `type` (`zone` for timestamptz). Dates and timestamps are
 * always ISO; other types are their output function's text, so `style` (the session's
 * IntervalStyle) applies to intervals.
 */
export function toJsonValue(
  v: Value,
  type: SqlType,
  zone: TimeZone,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): JsonValue {
  if (v === null) return null;
  switch (type.name) {
    case 'bool':
      return v as boolean;
    case 'int2':
    case 'int4':
    case 'oid':
      return Numeric.fromBigInt(BigInt(v as number));
    case 'int8':
      return Numeric.fromBigInt(v as bigint);
    case 'numeric':
      return (v as Numeric).isFinite ? (v as Numeric) : (v as Numeric).toString();
    case 'float4':
    case 'float8': {
      const n = v as number;
      const text = type.name === 'float4' ? formatFloat4(n) : formatFloat8(n);
      return Number.isFinite(n) ? Numeric.parse(text) : text;
    }
    case 'json':
      return parseJsonValue(v as string);
    case 'jsonb':
      return (v as Jsonb).value;
    case 'date':
      return formatDate(v as number);
    case 'timestamp':
      return v === TIMESTAMP_NOEND || v === TIMESTAMP_NOBEGIN
        ? formatTimestamp(v as bigint)
        : isoDateTime(formatTimestamp(v as bigint));
    case 'timestamptz':
      return v === TIMESTAMP_NOEND || v === TIMESTAMP_NOBEGIN
        ? formatTimestamptz(v as bigint, zone)
        : isoDateTime(formatTimestamptz(v as bigint, zone));
    case 'record':
      if (type.fields !== undefined && v instanceof SqlRecord) {
        const fields = type.fields;
        return makeObject(
          fields.map((f, i) => [f.name, toJsonValue(v.values[i] ?? null, f.type, zone, style)]),
        );
      }
      return formatText(v, type, zone, 1, style);
    default: {
      const elem = elementType(type);
      if (elem) return arrayToJson(v as SqlArray, elem, zone, style);
      return formatText(v, type, zone, 1, style);
    }
  }
}

function arrayToJson(a: SqlArray, elem: SqlType, zone: TimeZone, style: DateTimeStyle): JsonValue[] {
  if (a.dims.length === 0) return [];
  let i = 0;
  const level = (d: number): JsonValue[] => {
    const out: JsonValue[] = [];
    for (let k = 0; k < a.dims[d]; k++) {
      out.push(d + 1 < a.dims.length ? level(d + 1) : toJsonValue(a.elements[i++], elem, zone, style));
    }
    return out;
  };
  return level(0);
}

/** to_jsonb. */
export const toJsonb = (
  v: Value,
  type: SqlType,
  zone: TimeZone,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): Jsonb => new Jsonb(toJsonValue(v, type, zone, style));

/**
 * to_json / the json builders' text for one value: like jsonb's, but json values are embedded
 * verbatim and arrays print without spaces (array_to_json).
 */
export function toJsonText(
  v: Value,
  type: SqlType,
  zone: TimeZone,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): string {
  if (v === null) return 'null';
  if (type.name === 'json') return v as string;
  if (type.name === 'record' && type.fields !== undefined && v instanceof SqlRecord) {
    return recordToJsonText(v, type.fields, zone, ',', style);
  }
  const elem = elementType(type);
  if (elem) {
    const a = v as SqlArray;
    if (a.dims.length === 0) return '[]';
    let i = 0;
    const level = (d: number): string => {
      const parts: string[] = [];
      for (let k = 0; k < a.dims[d]; k++) {
        parts.push(d + 1 < a.dims.length ? level(d + 1) : toJsonText(a.elements[i++], elem, zone, style));
      }
      return `[${parts.join(',')}]`;
    };
    return level(0);
  }
  return formatJson(toJsonValue(v, type, zone, style));
}

/**
 * A row as a json object (PostgreSQL's composite_to_json): `{"a":1,"b":"x"}`, each field through
 * toJsonText, fields joined by `separator` (`,`, or row_to_json's pretty `,\n `).
 */
export function recordToJsonText(
  rec: SqlRecord,
  fields: readonly RecordField[],
  zone: TimeZone,
  separator: string,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): string {
  let out = '{';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += separator;
    const f = fields[i]!;
    out += `${quoteJsonString(f.name)}:${toJsonText(rec.values[i] ?? null, f.type, zone, style)}`;
  }
  return `${out}}`;
}

/** json_build_object's text: `{"a" : 1, "b" : 2}` (PostgreSQL's spacing). */
export function jsonBuildObjectText(keys: readonly string[], values: readonly string[]): string {
  return `{${keys.map((k, i) => `${quoteJsonString(k)} : ${values[i]}`).join(', ')}}`;
}

/** jsonb_build_object's pairs: keys must not be NULL (22004). */
export function buildObject(entries: readonly (readonly [string | null, JsonValue])[]): JsonObject {
  entries.forEach(([k], i) => {
    if (k === null) throw new DbError('22023', `argument ${2 * i + 1}: key must not be null`);
  });
  return makeObject(entries as [string, JsonValue][]);
}
