/**
 * Array function implementations: the ARRAY[…] constructor, subscripts and slices, `op ANY/ALL`,
 * array_length & co., array_position(s), array_append/prepend/cat/remove/replace,
 * array_to_string, string_to_array; and unnest's rows.
 *
 * Subscripts follow the array's lower bounds; out-of-range subscripts give NULL, as PostgreSQL.
 * `x op ANY (a)` is true when some element compares true, else NULL when some comparison was
 * NULL, else false (ALL: the same with false/true swapped); an empty array gives false / true.
 */
import {
  appendElement,
  compareValues,
  concatArrays,
  DbError,
  elementType,
  formatText,
  prependElement,
  SqlArray,
  type SqlType,
  type Value,
  valuesEqual,
} from '@rustydb/common';
import { codePointArray, splitBounded } from './code-points.js';
import type { Impl } from './date-time-functions.js';
import { quantifiedLike } from './like.js';
import type { Runtime } from './runtime.js';

const arr = (v: Value) => v as SqlArray;

/** ARRAY[…] of scalars (1-D) or of arrays (one more dimension; sub-arrays must match). */
function construct(args: readonly Value[], nested: boolean): SqlArray {
  if (!nested) return SqlArray.of(args.slice());
  const subs = args.filter((a) => a !== null) as SqlArray[];
  if (subs.length === 0 || subs.every((s) => s.dims.length === 0)) return SqlArray.of([]);
  const first = subs[0];
  for (const s of subs) {
    if (
      s.dims.length !== first.dims.length ||
      s.dims.some((d, i) => d !== first.dims[i] || s.lbounds[i] !== first.lbounds[i])
    ) {
      throw new DbError(
        '2202E',
        'multidimensional arrays must have array expressions with matching dimensions',
      );
    }
  }
  if (subs.length !== args.length) {
    throw new DbError(
      '2202E',
      'multidimensional arrays must have array expressions with matching dimensions',
    );
  }
  return new SqlArray(
    subs.flatMap((s) => s.elements),
    [subs.length, ...first.dims],
    [1, ...first.lbounds],
  );
}

function subscript(a: SqlArray, idx: readonly Value[]): Value {
  if (idx.length !== a.dims.length) return null;
  let offset = 0;
  for (let d = 0; d < idx.length; d++) {
    const i = idx[d];
    if (i === null) return null;
    const k = (i as number) - a.lbounds[d];
    if (k < 0 || k >= a.dims[d]) return null;
    offset = offset * a.dims[d] + k;
  }
  return a.elements[offset];
}

/** a[lo:hi] on a one-dimensional array (omitted bounds are the array's own). */
function slice(a: SqlArray, bounds: readonly Value[]): SqlArray {
  if (a.dims.length === 0) return a;
  if (a.dims.length !== 1 || bounds.length !== 2) {
    throw new DbError('0A000', 'slices of multidimensional arrays are not supported');
  }
  const lb = a.lbounds[0];
  const lo = Math.max(bounds[0] === null ? lb : (bounds[0] as number), lb);
  const hi = Math.min(bounds[1] === null ? lb + a.dims[0] - 1 : (bounds[1] as number), lb + a.dims[0] - 1);
  if (hi < lo) return SqlArray.of([]);
  return SqlArray.of(a.elements.slice(lo - lb, hi - lb + 1));
}

const COMPARE: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** `x op ANY (a)` / `x op ALL (a)`, with SQL's NULL rules. */
function quantified(op: string, all: boolean, elem: SqlType): Impl {
  const test = COMPARE[op];
  return ([x, a]) => {
    if (a === null) return null;
    const items = arr(a).elements;
    if (items.length === 0) return all;
    if (x === null) return null;
    let sawNull = false;
    for (const y of items) {
      if (y === null) {
        sawNull = true;
        continue;
      }
      const r = test(
        op === '=' || op === '<>' ? (valuesEqual(x, y, elem) ? 0 : 1) : compareValues(x, y, elem),
      );
      if (r !== all) return r;
    }
    return sawNull ? null : all;
  };
}

const notDistinct = (x: Value, y: Value, elem: SqlType): boolean =>
  x === null || y === null ? x === y : valuesEqual(x, y, elem);

function oneDimensional(a: SqlArray): void {
  if (a.dims.length > 1) {
    throw new DbError('0A000', 'searching for elements in multidimensional arrays is not supported');
  }
}

/** The length of a `name` value in bytes, NUL padding included (PostgreSQL's NAMEDATALEN). */
const NAMEDATALEN = 64;

/**
 * `name[i]`: a name is a fixed array of NAMEDATALEN bytes with lower bound 0, so `typname[0]` is
 * its first byte as a "char" (pg_dump's `typname[0] = '_'`); a padding byte is the empty "char",
 * a non-ASCII byte prints as "char" prints it (`\ooo`); NULL outside 0..63.
 */
function nameByte(s: string, i: number): Value {
  if (!Number.isInteger(i) || i < 0 || i >= NAMEDATALEN) return null;
  // Walk the UTF-8 encoding to byte i without encoding the string.
  let at = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.codePointAt(k)!;
    if (c < 0x80) {
      if (at === i) return String.fromCharCode(c);
      at++;
      continue;
    }
    if (c > 0xffff) k++;
    const bytes = utf8Bytes(c);
    if (i < at + bytes.length) {
      const b = bytes[i - at]!;
      return b < 0x80 ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
    }
    at += bytes.length;
  }
  return '';
}

/** The UTF-8 bytes of code point `c` (at least 0x80). */
function utf8Bytes(c: number): number[] {
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 0x3f)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
}

/**
 * Non-strict array functions (NULL handling is theirs): the constructor, subscripts, ANY/ALL,
 * array_append/prepend/cat (a NULL array acts as empty), array_position(s) and array_remove /
 * array_replace (a NULL element is searched for), string_to_array (a NULL delimiter splits into
 * characters), array_to_string's NULL replacement.
 */
export function arrayFunction(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  const elemOf = (i: number) => elementType(argTypes[i])!;
  if (name.endsWith(' ANY') || name.endsWith(' ALL')) {
    const op = name.slice(0, -4);
    if (op.includes('~~')) return quantifiedLike(op, name.endsWith('ALL'), rt);
    return quantified(op, name.endsWith('ALL'), elementType(argTypes[1])!);
  }
  switch (name) {
    case 'array_constructor': {
      const nested = argTypes.length > 0 && elementType(argTypes[0]) !== undefined;
      return (args) => construct(args, nested);
    }
    case 'array_subscript':
      return ([a, ...idx]) => (a === null ? null : subscript(arr(a), idx));
    case 'name_subscript':
      return ([s, i]) => (s === null || i === null ? null : nameByte(s as string, Number(i)));
    case 'array_slice':
      return ([a, ...bounds]) => (a === null ? null : slice(arr(a), bounds));
    case 'array_append':
      return ([a, x]) => (a === null ? SqlArray.of([x]) : appendElement(arr(a), x));
    case 'array_prepend':
      return ([x, a]) => (a === null ? SqlArray.of([x]) : prependElement(x, arr(a)));
    case 'array_cat':
      return ([a, b]) => {
        if (a === null) return b;
        if (b === null) return a;
        return concatArrays(arr(a), arr(b));
      };
    case 'array_position': {
      const elem = elemOf(0);
      return ([a, x]) => {
        if (a === null) return null;
        oneDimensional(arr(a));
        const i = arr(a).elements.findIndex((y) => notDistinct(x, y, elem));
        return i < 0 ? null : i + (arr(a).lbounds[0] ?? 1);
      };
    }
    case 'array_positions': {
      const elem = elemOf(0);
      return ([a, x]) => {
        if (a === null) return null;
        oneDimensional(arr(a));
        const out: Value[] = [];
        arr(a).elements.forEach((y, i) => {
          if (notDistinct(x, y, elem)) out.push(i + (arr(a).lbounds[0] ?? 1));
        });
        return SqlArray.of(out);
      };
    }
    case 'array_remove': {
      const elem = elemOf(0);
      return ([a, x]) => {
        if (a === null) return null;
        oneDimensional(arr(a));
        return SqlArray.of(arr(a).elements.filter((y) => !notDistinct(x, y, elem)));
      };
    }
    case 'array_replace': {
      const elem = elemOf(0);
      return ([a, x, y]) => {
        if (a === null) return null;
        const out = arr(a).elements.map((e) => (notDistinct(x, e, elem) ? y : e));
        return new SqlArray(out, arr(a).dims, arr(a).lbounds);
      };
    }
    case 'array_to_string': {
      const elem = elemOf(0);
      return ([a, delim, nullText]) => {
        if (a === null || delim === null) return null;
        const parts: string[] = [];
        for (const v of arr(a).elements) {
          if (v !== null) parts.push(formatText(v, elem, rt.zone, 1, rt.style));
          else if (nullText !== null && nullText !== undefined) parts.push(nullText as string);
        }
        return parts.join(delim as string);
      };
    }
    case 'string_to_array':
      return ([s, delim, nullText]) => {
        if (s === null) return null;
        const text = s as string;
        if (text === '') return SqlArray.of([]);
        const parts =
          delim === null ? codePointArray(text) : delim === '' ? [text] : splitBounded(text, delim as string);
        return SqlArray.of(
          parts.map((p) => (nullText !== null && nullText !== undefined && p === nullText ? null : p)),
        );
      };
    default:
      return undefined;
  }
}

/** Strict array functions. */
export function strictArrayFunction(name: string): Impl | undefined {
  switch (name) {
    case 'array_length':
      return ([a, d]) => {
        const i = (d as number) - 1;
        return i >= 0 && i < arr(a).dims.length ? arr(a).dims[i] : null;
      };
    case 'array_lower':
    case 'array_upper':
      return ([a, d]) => {
        const i = (d as number) - 1;
        const x = arr(a);
        if (i < 0 || i >= x.dims.length) return null;
        return name === 'array_lower' ? x.lbounds[i] : x.lbounds[i] + x.dims[i] - 1;
      };
    case 'array_ndims':
      return ([a]) => (arr(a).dims.length === 0 ? null : arr(a).dims.length);
    case 'array_dims':
      return ([a]) =>
        arr(a).dims.length === 0
          ? null
          : arr(a)
              .dims.map((d, i) => `[${arr(a).lbounds[i]}:${arr(a).lbounds[i] + d - 1}]`)
              .join('');
    case 'cardinality':
      return ([a]) => arr(a).elements.length;
    default:
      return undefined;
  }
}

/** unnest's rows: every element in storage order, NULLs included. */
export const unnestRows = (a: Value): Value[][] => arr(a).elements.map((x) => [x]);
