/**
 * The rows of json_to_record, jsonb_to_record, json_to_recordset and jsonb_to_recordset
 * (PostgreSQL's populate_record): each column of the column definition list takes the object's
 * member of its name (the last one, if named twice), converted to the column's type — JSON null
 * or no member is NULL; a json or jsonb column takes the member itself; a string is read by the
 * type's input function, as is the text of a number, a boolean, or an object or array; a JSON
 * array into an array column becomes that array, element by element.
 * A NULL argument gives one row of NULLs (_to_record) or none (_to_recordset).
 */
import {
  DbError,
  elementType,
  formatJson,
  isJsonObject,
  Jsonb,
  type JsonValue,
  jsonMembers,
  jsonMemberText,
  parseJsonb,
  parseText,
  type RecordField,
  type SqlType,
  type TimeZone,
  type Value,
} from '@rustydb/common';

/** One member of an object, as json text (json) or a parsed value (jsonb). */
type Member = { readonly text: string } | { readonly value: JsonValue };

/** The rows `fn(arg)` returns for the column definition list `fields`. */
export function jsonRecordRows(
  fn: string,
  arg: Value,
  fields: readonly RecordField[],
  zone: TimeZone,
): Value[][] {
  const set = fn.endsWith('_recordset');
  if (arg === null) return set ? [] : [fields.map(() => null)];
  const objects = fn.startsWith('jsonb')
    ? jsonbObjects(fn, (arg as Jsonb).value, set)
    : jsonObjects(fn, arg as string, set);
  return objects.map((member) => fields.map((f) => convert(member(f.name), f.type, zone)));
}

function notObject(fn: string, kind: string): DbError {
  return new DbError('22023', `cannot call ${fn} on ${kind}`);
}

const arrayOfObjects = (fn: string): DbError =>
  new DbError('22023', `argument of ${fn} must be an array of objects`);

/** json: each object's member lookup, over the members as written. */
function jsonObjects(fn: string, text: string, set: boolean): ((name: string) => Member | undefined)[] {
  const lookup = (objectText: string, fail: (kind: string) => DbError) => {
    const m = jsonMembers(objectText);
    if (m.kind !== 'object') throw fail(m.kind === 'array' ? 'an array' : 'a scalar');
    return (name: string): Member | undefined => {
      const i = m.keys.lastIndexOf(name);
      return i < 0 ? undefined : { text: m.values[i]! };
    };
  };
  if (!set) return [lookup(text, (kind) => notObject('populate_composite', kind))];
  const m = jsonMembers(text);
  if (m.kind !== 'array') throw notObject(fn, m.kind === 'object' ? 'an object' : 'a scalar');
  return m.values.map((v) => lookup(v, () => arrayOfObjects(fn)));
}

/** jsonb: each object's member lookup. */
function jsonbObjects(fn: string, v: JsonValue, set: boolean): ((name: string) => Member | undefined)[] {
  const lookup = (o: JsonValue, fail: (kind: string) => DbError) => {
    if (!isJsonObject(o)) throw fail(Array.isArray(o) ? 'an array' : 'a scalar');
    return (name: string): Member | undefined => {
      const x = o.get(name);
      return x === undefined ? undefined : { value: x };
    };
  };
  if (!set) return [lookup(v, (kind) => notObject('populate_composite', kind))];
  if (!Array.isArray(v)) throw notObject(fn, 'a non-array');
  return v.map((o) => lookup(o, () => arrayOfObjects(fn)));
}

/** A member as a value of `type` (see the file comment). */
function convert(m: Member | undefined, type: SqlType, zone: TimeZone): Value {
  if (m === undefined) return null;
  if ('text' in m) {
    if (m.text === 'null') return null;
    if (type.name === 'json') return m.text;
    if (type.name === 'jsonb') return parseJsonb(m.text);
    if (m.text.startsWith('"')) return parseText(jsonMemberText(m.text)!, type, zone);
    if (m.text.startsWith('[') && elementType(type) !== undefined) {
      return parseText(arrayLiteral(m.text), type, zone);
    }
    return parseText(m.text, type, zone);
  }
  const v = m.value;
  if (v === null) return null;
  if (type.name === 'json') return formatJson(v);
  if (type.name === 'jsonb') return new Jsonb(v);
  if (typeof v === 'string') return parseText(v, type, zone);
  if (Array.isArray(v) && elementType(type) !== undefined)
    return parseText(arrayLiteral(formatJson(v)), type, zone);
  return parseText(formatJson(v), type, zone);
}

/** A JSON array's text as an array literal: `[1, "a", [2], null]` → `{"1","a",{"2"},NULL}`. */
function arrayLiteral(text: string): string {
  const m = jsonMembers(text);
  if (m.kind !== 'array') return quoteElement(jsonMemberText(text));
  return `{${m.values.map((x) => (x.startsWith('[') ? arrayLiteral(x) : quoteElement(jsonMemberText(x)))).join(',')}}`;
}

const quoteElement = (s: string | null): string => (s === null ? 'NULL' : `"${s.replace(/["\\]/g, '\\$&')}"`);
