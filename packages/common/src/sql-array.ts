/**
 * Arrays of scalars (`int4[]`, `text[]`, …). The element type lives in the SQL type (`_int4`),
 * not in the value, like PostgreSQL's array types.
 *
 * A `SqlArray` holds its elements flat in row-major order, with one length and one lower bound
 * per dimension. The empty array has no dimensions. Elements are Values of the element type, or
 * null. Immutable by convention: functions build new arrays.
 *
 * Text form (array_in / array_out): `{1,2,NULL}`, `{{1,2},{3,4}}`, `[0:1]={5,6}` when a lower
 * bound is not 1. An element is double-quoted on output when it is empty, spells NULL, or holds
 * `{ } , " \` or white space; `"` and `\` are then backslash-escaped.
 *
 * Order (array_cmp): element by element with the element type's order, NULL above any value;
 * then the array with fewer elements first, then fewer dimensions, then dimension by dimension.
 */
import { DbError } from './db-error.js';
import type { Value } from './value.js';

export class SqlArray {
  constructor(
    readonly elements: readonly Value[],
    readonly dims: readonly number[],
    readonly lbounds: readonly number[],
  ) {}

  /** A one-dimensional array with lower bound 1 (empty when there are no elements). */
  static of(elements: readonly Value[]): SqlArray {
    return elements.length === 0 ? EMPTY : new SqlArray(elements, [elements.length], [1]);
  }

  get ndims(): number {
    return this.dims.length;
  }
}

const EMPTY = new SqlArray([], [], []);

/** array_cat / `array || array`: one-dimensional arrays append; an empty side yields the other. */
export function concatArrays(a: SqlArray, b: SqlArray): SqlArray {
  if (a.dims.length === 0) return b;
  if (b.dims.length === 0) return a;
  if (a.dims.length === 1 && b.dims.length === 1) {
    return new SqlArray([...a.elements, ...b.elements], [a.dims[0] + b.dims[0]], [a.lbounds[0]]);
  }
  if (a.dims.length === b.dims.length) {
    return new SqlArray(
      [...a.elements, ...b.elements],
      [a.dims[0] + b.dims[0], ...a.dims.slice(1)],
      a.lbounds,
    );
  }
  if (a.dims.length === b.dims.length + 1) {
    return new SqlArray([...a.elements, ...b.elements], [a.dims[0] + 1, ...a.dims.slice(1)], a.lbounds);
  }
  return new SqlArray([...a.elements, ...b.elements], [b.dims[0] + 1, ...b.dims.slice(1)], b.lbounds);
}

/** 22000 unless `a` is empty or one-dimensional (array_append / array_prepend's rule). */
function oneDimensionalOrEmpty(a: SqlArray): void {
  if (a.dims.length > 1) throw new DbError('22000', 'argument must be empty or one-dimensional array');
}

/** array_append / `array || element`: the array's lower bound stays (`[0:1]={3,4}` → `[0:2]`). */
export function appendElement(a: SqlArray, x: Value): SqlArray {
  oneDimensionalOrEmpty(a);
  if (a.dims.length === 0) return SqlArray.of([x]);
  return new SqlArray([...a.elements, x], [a.dims[0] + 1], a.lbounds);
}

/** array_prepend / `element || array`: the lower bound stays too (PostgreSQL shifts the upper). */
export function prependElement(x: Value, a: SqlArray): SqlArray {
  oneDimensionalOrEmpty(a);
  if (a.dims.length === 0) return SqlArray.of([x]);
  return new SqlArray([x, ...a.elements], [a.dims[0] + 1], a.lbounds);
}

/**
 * An int2vector / oidvector value (types.ts VECTOR_TYPES): subscripts start at 0, as
 * PostgreSQL's, so client queries such as pgjdbc's `indoption[ordinal - 1]` and `indkey[0]` pick
 * the right element.
 */
export function vectorOf(xs: readonly number[]): SqlArray {
  return xs.length === 0 ? EMPTY : new SqlArray(xs, [xs.length], [0]);
}

/**
 * The most elements an array value may hold, and any list of values the executor collects in one
 * JavaScript array (array_agg's, a split's pieces). PostgreSQL's MaxArraySize is 134,217,727, but
 * V8 aborts the whole process (no catchable error) when a growing JavaScript array needs more
 * than ~134 million slots, which an array grown by push asks for from ~89 million elements; one
 * statement must not take every session down, so the limit is 2^26.
 */
export const MAX_ARRAY_ELEMENTS = 1 << 26;

/** PostgreSQL's 54000 `array size exceeds the maximum allowed (N)`, with our N. */
export function arraySizeExceeded(): DbError {
  return new DbError('54000', `array size exceeds the maximum allowed (${MAX_ARRAY_ELEMENTS})`);
}

/** `items.push(v)`, or 54000 when `items` already holds MAX_ARRAY_ELEMENTS. */
export function pushBounded<T>(items: T[], v: T): void {
  if (items.length >= MAX_ARRAY_ELEMENTS) throw arraySizeExceeded();
  items.push(v);
}

const malformed = (text: string, detail: string): DbError =>
  new DbError('22P02', `malformed array literal: "${text}"`, { detail });

const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * array_in: parses `text`, each element through `parseElement` (the element type's input
 * function). Synchronous. Throws 22P02 `malformed array literal` with PostgreSQL's details, and
 * whatever the element input raises.
 */
export function parseArray(text: string, parseElement: (s: string) => Value): SqlArray {
  let pos = 0;
  const n = text.length;
  const skip = () => {
    while (pos < n && isSpace(text[pos])) pos++;
  };
  skip();
  let explicitDims: { lb: number; ub: number }[] | undefined;
  if (text[pos] === '[') {
    explicitDims = [];
    while (text[pos] === '[') {
      const m = /^\[\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?\]/.exec(text.slice(pos));
      if (!m) throw malformed(text, 'Missing "]" after array dimensions.');
      const lb = m[2] === undefined ? 1 : Number(m[1]);
      const ub = Number(m[2] ?? m[1]);
      if (ub < lb) {
        throw new DbError('2202E', 'upper bound cannot be less than lower bound');
      }
      explicitDims.push({ lb, ub });
      pos += m[0].length;
      skip();
    }
    if (text[pos] !== '=') throw malformed(text, 'Missing "=" after array dimensions.');
    pos++;
    skip();
  }
  if (text[pos] !== '{') throw malformed(text, 'Array value must start with "{" or dimension information.');
  type Node = Node[] | { text: string | null };
  const readElement = (): { text: string | null } => {
    let s = '';
    if (text[pos] === '"') {
      pos++;
      for (;;) {
        if (pos >= n) throw malformed(text, 'Unexpected end of input.');
        const c = text[pos++];
        if (c === '"') break;
        if (c === '\\') {
          if (pos >= n) throw malformed(text, 'Unexpected end of input.');
          s += text[pos++];
        } else s += c;
      }
      return { text: s };
    }
    let lastNonSpace = 0;
    let escaped = false;
    while (pos < n) {
      const c = text[pos];
      if (c === ',' || c === '}') break;
      if (c === '{' || c === '"') throw malformed(text, `Unexpected "${c}" character.`);
      if (c === '\\') {
        if (pos + 1 >= n) throw malformed(text, 'Unexpected end of input.');
        s += text[pos + 1];
        pos += 2;
        lastNonSpace = s.length;
        escaped = true;
        continue;
      }
      s += c;
      pos++;
      if (!isSpace(c)) lastNonSpace = s.length;
    }
    s = s.slice(0, lastNonSpace);
    if (s === '')
      throw malformed(text, pos >= n ? 'Unexpected end of input.' : `Unexpected "${text[pos]}" character.`);
    return { text: !escaped && s.length === 4 && s.toUpperCase() === 'NULL' ? null : s };
  };
  const readList = (): Node[] => {
    pos++; // '{'
    const items: Node[] = [];
    skip();
    if (text[pos] === '}') {
      pos++;
      return items;
    }
    for (;;) {
      skip();
      if (pos >= n) throw malformed(text, 'Unexpected end of input.');
      items.push(text[pos] === '{' ? readList() : readElement());
      skip();
      const c = text[pos];
      if (c === ',') pos++;
      else if (c === '}') {
        pos++;
        return items;
      } else throw malformed(text, pos >= n ? 'Unexpected end of input.' : `Unexpected "${c}" character.`);
    }
  };
  const root = readList();
  skip();
  if (pos < n) throw malformed(text, 'Junk after closing right brace.');
  // The shape comes from the first path down; every list must match it.
  const dims: number[] = [];
  for (let node: Node = root; Array.isArray(node); node = node[0]) {
    dims.push(node.length);
    if (node.length === 0) break;
  }
  const elements: Value[] = [];
  const mismatch = () =>
    malformed(text, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
  const walk = (node: Node, d: number): void => {
    if (!Array.isArray(node)) {
      if (d !== dims.length) throw mismatch();
      elements.push(node.text === null ? null : parseElement(node.text));
      return;
    }
    if (d >= dims.length || node.length !== dims[d]) throw mismatch();
    for (const child of node) walk(child, d + 1);
  };
  if (root.length === 0) {
    if (explicitDims && explicitDims.length > 0) {
      throw malformed(text, 'Specified array dimensions do not match array contents.');
    }
    return EMPTY;
  }
  walk(root, 0);
  let lbounds = dims.map(() => 1);
  if (explicitDims) {
    if (explicitDims.length !== dims.length || explicitDims.some((d, i) => d.ub - d.lb + 1 !== dims[i])) {
      throw malformed(text, 'Specified array dimensions do not match array contents.');
    }
    lbounds = explicitDims.map((d) => d.lb);
  }
  return new SqlArray(elements, dims, lbounds);
}

/** Does an element's text need double quotes in array_out? */
function needsQuotes(s: string): boolean {
  if (s.length === 0) return true;
  if (s.length === 4 && s.toUpperCase() === 'NULL') return true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{' || c === '}' || c === ',' || c === '"' || c === '\\' || isSpace(c)) return true;
  }
  return false;
}

/** array_out: `formatElement` is the element type's output function. */
export function formatArray(a: SqlArray, formatElement: (v: Value) => string): string {
  if (a.dims.length === 0) return '{}';
  let prefix = '';
  if (a.lbounds.some((lb) => lb !== 1)) {
    prefix = `${a.dims.map((d, i) => `[${a.lbounds[i]}:${a.lbounds[i] + d - 1}]`).join('')}=`;
  }
  let i = 0;
  const level = (dim: number): string => {
    const parts: string[] = [];
    for (let k = 0; k < a.dims[dim]; k++) {
      if (dim + 1 < a.dims.length) parts.push(level(dim + 1));
      else {
        const v = a.elements[i++];
        if (v === null) parts.push('NULL');
        else {
          const s = formatElement(v);
          parts.push(needsQuotes(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : s);
        }
      }
    }
    return `{${parts.join(',')}}`;
  };
  return prefix + level(0);
}

/** array_cmp with `compare` the element type's order (see the file comment). */
export function compareArrays(a: SqlArray, b: SqlArray, compare: (x: Value, y: Value) => number): number {
  const n = Math.min(a.elements.length, b.elements.length);
  for (let i = 0; i < n; i++) {
    const x = a.elements[i];
    const y = b.elements[i];
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? 1 : -1;
    }
    const c = compare(x, y);
    if (c !== 0) return c;
  }
  if (a.elements.length !== b.elements.length) return a.elements.length < b.elements.length ? -1 : 1;
  if (a.dims.length !== b.dims.length) return a.dims.length < b.dims.length ? -1 : 1;
  for (let d = 0; d < a.dims.length; d++) {
    if (a.dims[d] !== b.dims[d]) return a.dims[d] < b.dims[d] ? -1 : 1;
    if (a.lbounds[d] !== b.lbounds[d]) return a.lbounds[d] < b.lbounds[d] ? -1 : 1;
  }
  return 0;
}
