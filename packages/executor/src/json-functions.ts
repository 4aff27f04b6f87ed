/**
 * json/jsonb function implementations: to_json(b), json(b)_build_object/array, json(b)_typeof,
 * json(b)_array_length, jsonb_set, jsonb_pretty, jsonb_strip_nulls, json(b)_extract_path(_text);
 * and the rows of the
 * set-returning jsonb_array_elements(_text), jsonb_each(_text) and jsonb_object_keys.
 *
 * The builders are not strict: a NULL argument becomes JSON null (a NULL key is 22004).
 */
import {
  buildObject,
  DbError,
  formatText,
  isJsonObject,
  Jsonb,
  type JsonValue,
  jsonArrayElements,
  jsonArrayLength,
  jsonBuildObjectText,
  jsonbPretty,
  jsonbSet,
  jsonMembers,
  jsonMemberText,
  jsonObjectEntries,
  jsonText,
  jsonTypeof,
  parseJsonValue,
  recordToJsonText,
  type SqlArray,
  type SqlRecord,
  type SqlType,
  sqlType,
  toJsonText,
  toJsonValue,
  type Value,
} from '@rustydb/common';
import { binaryKernel } from '@rustydb/planner';
import type { Impl } from './date-time-functions.js';
import type { Runtime } from './runtime.js';

const TEXT_ARRAY = sqlType('_text');

/** A json(b) builder's key: the text of any non-NULL value. */
function keyText(v: Value, t: SqlType, rt: Runtime): string | null {
  if (v === null) return null;
  return typeof v === 'string' ? v : formatText(v, t, rt.zone);
}

function evenArgs(n: number): void {
  if (n % 2 !== 0) {
    throw new DbError('22023', 'argument list must have even number of elements', {
      hint: 'The arguments of jsonb_build_object() must consist of alternating keys and values.',
    });
  }
}

function stripNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (isJsonObject(v)) {
    const out = new Map<string, JsonValue>();
    for (const [k, x] of v) if (x !== null) out.set(k, stripNulls(x));
    return out;
  }
  return v;
}

/** Non-strict json builders (NULL arguments are JSON null). */
export function jsonBuilder(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  switch (name) {
    case 'jsonb_build_object':
      return (args) => {
        evenArgs(args.length);
        const entries: [string | null, JsonValue][] = [];
        for (let i = 0; i < args.length; i += 2) {
          entries.push([
            keyText(args[i], argTypes[i], rt),
            toJsonValue(args[i + 1], argTypes[i + 1], rt.zone, rt.style),
          ]);
        }
        return new Jsonb(buildObject(entries));
      };
    case 'json_build_object':
      return (args) => {
        evenArgs(args.length);
        const keys: string[] = [];
        const values: string[] = [];
        for (let i = 0; i < args.length; i += 2) {
          const k = keyText(args[i], argTypes[i], rt);
          if (k === null) throw new DbError('22023', `argument ${i + 1}: key must not be null`);
          keys.push(k);
          values.push(toJsonText(args[i + 1], argTypes[i + 1], rt.zone, rt.style));
        }
        return jsonBuildObjectText(keys, values);
      };
    case 'jsonb_build_array':
      return (args) => new Jsonb(args.map((v, i) => toJsonValue(v, argTypes[i], rt.zone, rt.style)));
    case 'json_build_array':
      return (args) => `[${args.map((v, i) => toJsonText(v, argTypes[i], rt.zone, rt.style)).join(', ')}]`;
    default:
      return undefined;
  }
}

/** Strict json functions. */
export function jsonFunction(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  switch (name) {
    case 'to_jsonb':
      return ([v]) => new Jsonb(toJsonValue(v, argTypes[0], rt.zone, rt.style));
    case 'to_json':
      return ([v]) => toJsonText(v, argTypes[0], rt.zone, rt.style);
    case 'row_to_json': {
      const fields = argTypes[0].fields;
      if (fields === undefined) return ([v]) => toJsonText(v, argTypes[0], rt.zone, rt.style);
      return ([v, pretty]) =>
        recordToJsonText(v as SqlRecord, fields, rt.zone, pretty === true ? ',\n ' : ',', rt.style);
    }
    case 'jsonb_typeof':
      return ([v]) => jsonTypeof((v as Jsonb).value);
    case 'json_typeof':
      return ([v]) => jsonTypeof(parseJsonValue(v as string));
    case 'jsonb_array_length':
      return ([v]) => jsonArrayLength((v as Jsonb).value);
    case 'json_array_length':
      return ([v]) => jsonArrayLength(parseJsonValue(v as string));
    case 'jsonb_set':
      return ([t, p, v, create]) =>
        jsonbSet(t as Jsonb, (p as SqlArray).elements as (string | null)[], v as Jsonb, create !== false);
    case 'jsonb_pretty':
      return ([v]) => jsonbPretty(v as Jsonb);
    case 'jsonb_strip_nulls':
      return ([v]) => new Jsonb(stripNulls((v as Jsonb).value));
    case 'jsonb_extract_path':
    case 'jsonb_extract_path_text':
    case 'json_extract_path':
    case 'json_extract_path_text': {
      // The `#>` / `#>>` operators over the VARIADIC path array.
      const k = binaryKernel(name.endsWith('_text') ? '#>>' : '#>', argTypes[0], TEXT_ARRAY, rt.zone);
      return ([j, path]) => k(j, path);
    }
    default:
      return undefined;
  }
}

/**
 * Rows of json's (not jsonb's) set-returning functions: members as written in the value's text
 * (json-text-access.ts), duplicate keys included, as PostgreSQL's.
 */
function jsonTextRows(name: string, text: string): Value[][] {
  const m = jsonMembers(text);
  switch (name) {
    case 'json_array_elements':
    case 'json_array_elements_text': {
      if (m.kind !== 'array') {
        throw new DbError(
          '22023',
          `cannot call ${name} on ${m.kind === 'scalar' ? 'a scalar' : 'a non-array'}`,
        );
      }
      return name === 'json_array_elements'
        ? m.values.map((x) => [x])
        : m.values.map((x) => [jsonMemberText(x)]);
    }
    case 'json_each':
    case 'json_each_text': {
      if (m.kind !== 'object') {
        throw new DbError(
          '22023',
          m.kind === 'scalar' ? 'cannot deconstruct a scalar' : 'cannot deconstruct an array as an object',
        );
      }
      const text = name === 'json_each_text';
      return m.keys.map((k, i) => [k, text ? jsonMemberText(m.values[i]!) : m.values[i]!]);
    }
    default: {
      // json_object_keys
      if (m.kind !== 'object') {
        throw new DbError(
          '22023',
          `cannot call json_object_keys on ${m.kind === 'scalar' ? 'a scalar' : 'an array'}`,
        );
      }
      return m.keys.map((k) => [k]);
    }
  }
}

/** Is `name` one of json's (text) set-returning functions? */
const isJsonTextSetReturning = (name: string): boolean => name.startsWith('json_');

/** Rows of a json or jsonb set-returning function for one evaluated argument. */
export function jsonRows(name: string, arg: Value): Value[][] {
  if (isJsonTextSetReturning(name)) return jsonTextRows(name, arg as string);
  const v = (arg as Jsonb).value;
  switch (name) {
    case 'jsonb_array_elements':
      return jsonArrayElements(v).map((x) => [new Jsonb(x)]);
    case 'jsonb_array_elements_text':
      return jsonArrayElements(v).map((x) => [jsonText(x)]);
    case 'jsonb_each':
      return jsonObjectEntries(v, 'jsonb_each').map(([k, x]) => [k, new Jsonb(x)]);
    case 'jsonb_each_text':
      return jsonObjectEntries(v, 'jsonb_each_text').map(([k, x]) => [k, jsonText(x)]);
    case 'jsonb_object_keys': {
      if (!isJsonObject(v)) {
        throw new DbError(
          '22023',
          `cannot call jsonb_object_keys on ${Array.isArray(v) ? 'an array' : 'a scalar'}`,
        );
      }
      return [...v.keys()].map((k) => [k]);
    }
    default:
      return [];
  }
}
