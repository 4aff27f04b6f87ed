/**
 * Kernels of the operators in operator-table.ts: date/time arithmetic, interval arithmetic,
 * json/jsonb access and containment, array containment and concatenation. Picked once per
 * expression by (operator, left type, right type); timestamptz arithmetic uses the session's
 * TimeZone (month and day steps follow its wall clock).
 */
import {
  appendElement,
  combineTsQueries,
  concatArrays,
  concatTsVectors,
  dateAddDays,
  dateAddInterval,
  dateAddTime,
  dateDiff,
  dateSubDays,
  elementType,
  type Interval,
  intervalAdd,
  intervalDiv,
  intervalMul,
  intervalSub,
  isArrayType,
  type Jsonb,
  Jsonb as JsonbClass,
  type JsonPath,
  type JsonValue,
  jsonbConcat,
  jsonbContains,
  jsonbDelete,
  jsonbExists,
  jsonbPathExists,
  jsonbPathMatch,
  jsonElement,
  jsonField,
  jsonPath,
  jsonText,
  jsonTextElement,
  jsonTextField,
  jsonTextOf,
  jsonTextPath,
  makeInterval,
  prependElement,
  type SqlArray,
  type SqlType,
  type TimeZone,
  type TsQuery,
  type TsVector,
  timeAddInterval,
  timeDiff,
  timestampAddInterval,
  timestampDiff,
  timestampSubInterval,
  tsMatch,
  type Value,
  valuesEqual,
} from '@rustydb/common';
import type { BinaryKernel } from './operator-kernels.js';

const I = (f: (a: Interval, b: Interval) => Value): BinaryKernel => f as BinaryKernel;

const textArray = (v: Value): (string | null)[] => (v as SqlArray).elements as (string | null)[];

const jsonbOut = (v: JsonValue | undefined): Value => (v === undefined ? null : new JsonbClass(v));

function arrayKernel(op: string, left: SqlType, right: SqlType): BinaryKernel | undefined {
  const la = isArrayType(left);
  const ra = isArrayType(right);
  const elem = elementType(la ? left : right)!;
  const has = (a: SqlArray, x: Value) =>
    x !== null && a.elements.some((y) => y !== null && valuesEqual(x, y, elem));
  switch (op) {
    case '@>':
      return (a, b) => (b as SqlArray).elements.every((x) => has(a as SqlArray, x));
    case '<@':
      return (a, b) => (a as SqlArray).elements.every((x) => has(b as SqlArray, x));
    case '&&':
      return (a, b) => (a as SqlArray).elements.some((x) => has(b as SqlArray, x));
    case '||':
      if (la && ra) return (a, b) => concatArrays(a as SqlArray, b as SqlArray);
      if (la) return (a, b) => appendElement(a as SqlArray, b);
      return (a, b) => prependElement(a, b as SqlArray);
  }
  return undefined;
}

/**
 * The kernel of `left op right` for the operator table's rows, or undefined when the triple is
 * not one of them.
 */
export function extendedKernel(
  op: string,
  left: SqlType,
  right: SqlType,
  zone: TimeZone,
): BinaryKernel | undefined {
  if (isArrayType(left) || isArrayType(right)) {
    if (left.name !== 'jsonb' && left.name !== 'json') return arrayKernel(op, left, right);
  }
  const key = `${left.name} ${op} ${right.name}`;
  switch (key) {
    case 'date + int4':
      return (a, b) => dateAddDays(a as number, b as number);
    case 'int4 + date':
      return (a, b) => dateAddDays(b as number, a as number);
    case 'date - int4':
      return (a, b) => dateSubDays(a as number, b as number);
    case 'date - date':
      return (a, b) => dateDiff(a as number, b as number);
    case 'date + interval':
      return (a, b) => dateAddInterval(a as number, b as Interval);
    case 'interval + date':
      return (a, b) => dateAddInterval(b as number, a as Interval);
    case 'date - interval':
      return (a, b) => {
        const s = b as Interval;
        return dateAddInterval(a as number, makeInterval(-s.months, -s.days, -s.micros));
      };
    case 'date + time':
      return (a, b) => dateAddTime(a as number, b as number);
    case 'time + date':
      return (a, b) => dateAddTime(b as number, a as number);
    case 'timestamp + interval':
      return (a, b) => timestampAddInterval(a as bigint, b as Interval);
    case 'interval + timestamp':
      return (a, b) => timestampAddInterval(b as bigint, a as Interval);
    case 'timestamp - interval':
      return (a, b) => timestampSubInterval(a as bigint, b as Interval);
    case 'timestamptz + interval':
      return (a, b) => timestampAddInterval(a as bigint, b as Interval, zone);
    case 'interval + timestamptz':
      return (a, b) => timestampAddInterval(b as bigint, a as Interval, zone);
    case 'timestamptz - interval':
      return (a, b) => timestampSubInterval(a as bigint, b as Interval, zone);
    case 'timestamp - timestamp':
    case 'timestamptz - timestamptz':
      return (a, b) => timestampDiff(a as bigint, b as bigint);
    case 'time + interval':
      return (a, b) => timeAddInterval(a as number, b as Interval);
    case 'interval + time':
      return (a, b) => timeAddInterval(b as number, a as Interval);
    case 'time - interval': {
      return (a, b) => {
        const s = b as Interval;
        return timeAddInterval(a as number, makeInterval(0, 0, -s.micros));
      };
    }
    case 'time - time':
      return (a, b) => timeDiff(a as number, b as number);
    case 'interval + interval':
      return I(intervalAdd);
    case 'interval - interval':
      return I(intervalSub);
    case 'interval * float8':
      return (a, b) => intervalMul(a as Interval, b as number);
    case 'float8 * interval':
      return (a, b) => intervalMul(b as Interval, a as number);
    case 'interval / float8':
      return (a, b) => intervalDiv(a as Interval, b as number);
    case 'jsonb -> text':
      return (a, b) => jsonbOut(jsonField((a as Jsonb).value, b as string));
    case 'jsonb -> int4':
      return (a, b) => jsonbOut(jsonElement((a as Jsonb).value, b as number));
    case 'jsonb ->> text':
      return (a, b) => jsonText(jsonField((a as Jsonb).value, b as string));
    case 'jsonb ->> int4':
      return (a, b) => jsonText(jsonElement((a as Jsonb).value, b as number));
    case 'jsonb #> _text':
      return (a, b) => jsonbOut(jsonPath((a as Jsonb).value, textArray(b)));
    case 'jsonb #>> _text':
      return (a, b) => jsonText(jsonPath((a as Jsonb).value, textArray(b)));
    // json keeps its text: the members come back as written (json-text-access.ts).
    case 'json -> text':
      return (a, b) => jsonTextField(a as string, b as string) ?? null;
    case 'json -> int4':
      return (a, b) => jsonTextElement(a as string, b as number) ?? null;
    case 'json ->> text':
      return (a, b) => jsonTextOf(jsonTextField(a as string, b as string));
    case 'json ->> int4':
      return (a, b) => jsonTextOf(jsonTextElement(a as string, b as number));
    case 'json #> _text':
      return (a, b) => jsonTextPath(a as string, textArray(b)) ?? null;
    case 'json #>> _text':
      return (a, b) => jsonTextOf(jsonTextPath(a as string, textArray(b)));
    case 'jsonb @> jsonb':
      return (a, b) => jsonbContains(a as Jsonb, b as Jsonb);
    case 'jsonb <@ jsonb':
      return (a, b) => jsonbContains(b as Jsonb, a as Jsonb);
    case 'jsonb ? text':
      return (a, b) => jsonbExists(a as Jsonb, b as string);
    case 'jsonb ?| _text':
      return (a, b) => textArray(b).some((k) => k !== null && jsonbExists(a as Jsonb, k));
    case 'jsonb ?& _text':
      return (a, b) => textArray(b).every((k) => k !== null && jsonbExists(a as Jsonb, k));
    // ---- jsonpath: silent, without vars (jsonb_path_exists_opr / jsonb_path_match_opr) ----
    case 'jsonb @? jsonpath':
      return (a, b) => jsonbPathExists(b as JsonPath, (a as Jsonb).value, undefined, true);
    case 'jsonb @@ jsonpath':
      return (a, b) => jsonbPathMatch(b as JsonPath, (a as Jsonb).value, undefined, true);
    case 'tsvector @@ tsquery':
      return (a, b) => tsMatch(a as TsVector, b as TsQuery);
    case 'tsvector || tsvector':
      return (a, b) => concatTsVectors(a as TsVector, b as TsVector);
    case 'tsquery || tsquery':
      return (a, b) => combineTsQueries('or', a as TsQuery, b as TsQuery);
    case 'tsquery && tsquery':
      return (a, b) => combineTsQueries('and', a as TsQuery, b as TsQuery);
    case 'tsquery <-> tsquery':
      return (a, b) => combineTsQueries('phrase', a as TsQuery, b as TsQuery);
    case 'jsonb || jsonb':
      return (a, b) => jsonbConcat(a as Jsonb, b as Jsonb);
    case 'jsonb - text':
      return (a, b) => jsonbDelete(a as Jsonb, b as string);
    case 'jsonb - int4':
      return (a, b) => jsonbDelete(a as Jsonb, b as number);
    case 'jsonb - _text':
      return (a, b) => {
        let j = a as Jsonb;
        for (const k of textArray(b)) if (k !== null) j = jsonbDelete(j, k);
        return j;
      };
    case 'jsonb #- _text':
      return (a, b) => deletePath(a as Jsonb, textArray(b));
  }
  return undefined;
}

/** `#-`: deletes the element at a path (missing steps leave the value unchanged). */
function deletePath(j: Jsonb, path: readonly (string | null)[]): Jsonb {
  if (path.length === 0) return j;
  const parent = path.length === 1 ? j.value : jsonPath(j.value, path.slice(0, -1));
  if (parent === undefined || parent === null || typeof parent !== 'object') return j;
  const last = path[path.length - 1];
  if (last === null) return j;
  const replaced = Array.isArray(parent)
    ? /^-?\d+$/.test(last)
      ? jsonbDelete(new JsonbClass(parent), Number(last))
      : new JsonbClass(parent)
    : jsonbDelete(new JsonbClass(parent), last);
  if (path.length === 1) return replaced;
  return replaceAt(j, path.slice(0, -1), replaced.value);
}

function replaceAt(j: Jsonb, path: readonly (string | null)[], value: JsonValue): Jsonb {
  const set = (cur: JsonValue, i: number): JsonValue => {
    if (i === path.length) return value;
    const step = path[i]!;
    if (Array.isArray(cur)) {
      const n = Number(step);
      const k = n < 0 ? cur.length + n : n;
      const out = cur.slice();
      out[k] = set(cur[k], i + 1);
      return out;
    }
    const m = cur as Map<string, JsonValue>;
    const out = new Map(m);
    out.set(step, set(m.get(step)!, i + 1));
    return out;
  };
  return new JsonbClass(set(j.value, 0));
}
