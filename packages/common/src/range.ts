/**
 * PostgreSQL's built-in range types (rangetypes.c): int4range, int8range, numrange, daterange,
 * tsrange and tstzrange. A value is a `SqlRange`: PostgreSQL's flags byte (RANGE_EMPTY,
 * RANGE_LB_INC, …, the same bits range_send writes) and the two bound values, each `null` when
 * that side is infinite (or the range empty). Bound values have their subtype's representation
 * (value.ts). Values are always normalized as make_range leaves them: lower ≤ upper, empty when
 * the bounds meet without both being inclusive, discrete types (int4, int8, date) canonical as
 * `[a,b)`. So two equal ranges hold equal bounds and flags.
 *
 * Here: the types' subtypes, text input/output (range_in / range_out with their quoting and
 * errors), ordering (range_cmp), the constructors, and the operators' and functions' kernels
 * (containment, overlap, adjacency, union, intersection, difference). Subtype values are
 * compared here directly (they are numbers, bigints or Numerics); their text I/O is the caller's
 * (text-io.ts passes formatText / parseText of the subtype).
 */

import { dateAddDays } from './date-time-operators.js';
import { DbError } from './db-error.js';
import { outOfRange } from './errors.js';
import { Numeric } from './numeric.js';
import { type SqlType, sqlType, type TypeName } from './types.js';
import type { Value } from './value.js';

export type RangeTypeName = 'int4range' | 'int8range' | 'numrange' | 'daterange' | 'tsrange' | 'tstzrange';

/** pg_range.rngsubtype of each built-in range type. */
export const RANGE_SUBTYPES: Readonly<Record<RangeTypeName, TypeName>> = {
  int4range: 'int4',
  int8range: 'int8',
  numrange: 'numeric',
  daterange: 'date',
  tsrange: 'timestamp',
  tstzrange: 'timestamptz',
};

/** The range type over subtype `name` (pg_range's reverse lookup), or undefined. */
export function rangeTypeOfSubtype(name: TypeName): RangeTypeName | undefined {
  switch (name) {
    case 'int4':
      return 'int4range';
    case 'int8':
      return 'int8range';
    case 'numeric':
      return 'numrange';
    case 'date':
      return 'daterange';
    case 'timestamp':
      return 'tsrange';
    case 'timestamptz':
      return 'tstzrange';
    default:
      return undefined;
  }
}

/** Is `t` one of the range types (not an array of one)? */
export const isRangeType = (t: SqlType): boolean => isRangeTypeName(t.name);

export const isRangeTypeName = (name: string): name is RangeTypeName => Object.hasOwn(RANGE_SUBTYPES, name);

/** The subtype of range type `t` (int4 for int4range). */
export function rangeSubtype(t: SqlType): SqlType {
  const s = RANGE_SUBTYPES[t.name as RangeTypeName];
  if (s === undefined) throw new DbError('XX000', `type ${t.name} is not a range type`);
  return sqlType(s);
}

// The flags byte (rangetypes.h).
export const RANGE_EMPTY = 0x01;
export const RANGE_LB_INC = 0x02;
export const RANGE_UB_INC = 0x04;
export const RANGE_LB_INF = 0x08;
export const RANGE_UB_INF = 0x10;

/** A range value: flags plus bound values (null for an infinite bound or an empty range). */
export class SqlRange {
  static readonly EMPTY: SqlRange = new SqlRange(RANGE_EMPTY, null, null);

  constructor(
    readonly flags: number,
    readonly lower: Value,
    readonly upper: Value,
  ) {}

  get isEmpty(): boolean {
    return (this.flags & RANGE_EMPTY) !== 0;
  }
  get lowerInc(): boolean {
    return (this.flags & RANGE_LB_INC) !== 0;
  }
  get upperInc(): boolean {
    return (this.flags & RANGE_UB_INC) !== 0;
  }
  get lowerInf(): boolean {
    return (this.flags & RANGE_LB_INF) !== 0;
  }
  get upperInf(): boolean {
    return (this.flags & RANGE_UB_INF) !== 0;
  }
}

/** One bound, as range_deserialize gives it (RangeBound). */
export interface RangeBound {
  readonly value: Value;
  readonly infinite: boolean;
  readonly inclusive: boolean;
  readonly lower: boolean;
}

/** The lower and upper bounds of a non-empty range. */
export function rangeBounds(r: SqlRange): [RangeBound, RangeBound] {
  return [
    { value: r.lower, infinite: r.lowerInf, inclusive: r.lowerInc, lower: true },
    { value: r.upper, infinite: r.upperInf, inclusive: r.upperInc, lower: false },
  ];
}

/** Compares two subtype values (numbers, bigints, Numerics: the subtypes' representations). */
export function compareRangeElements(a: Value, b: Value): number {
  if (a instanceof Numeric) return (a as Numeric).cmp(b as Numeric);
  return (a as number | bigint) < (b as number | bigint)
    ? -1
    : (a as number | bigint) > (b as number | bigint)
      ? 1
      : 0;
}

/** range_cmp_bounds: orders bounds, an exclusive lower bound just after its value, an exclusive upper bound just before. */
export function compareBounds(b1: RangeBound, b2: RangeBound): number {
  if (b1.infinite && b2.infinite) return b1.lower === b2.lower ? 0 : b1.lower ? -1 : 1;
  if (b1.infinite) return b1.lower ? -1 : 1;
  if (b2.infinite) return b2.lower ? 1 : -1;
  const c = compareRangeElements(b1.value, b2.value);
  if (c !== 0) return c;
  if (!b1.inclusive && !b2.inclusive) return b1.lower === b2.lower ? 0 : b1.lower ? 1 : -1;
  if (!b1.inclusive) return b1.lower ? 1 : -1;
  if (!b2.inclusive) return b2.lower ? -1 : 1;
  return 0;
}

/** range_cmp_bound_values: as compareBounds, ignoring inclusivity. */
function compareBoundValues(b1: RangeBound, b2: RangeBound): number {
  if (b1.infinite && b2.infinite) return b1.lower === b2.lower ? 0 : b1.lower ? -1 : 1;
  if (b1.infinite) return b1.lower ? -1 : 1;
  if (b2.infinite) return b2.lower ? 1 : -1;
  return compareRangeElements(b1.value, b2.value);
}

/** Is the range type discrete (has a canonical function)? */
const isDiscrete = (t: RangeTypeName): boolean => t === 'int4range' || t === 'int8range' || t === 'daterange';

const INT4_MAX = 2147483647;
const INT8_MAX = 9223372036854775807n;
const DATE_NOBEGIN = -2147483648;
const DATE_NOEND = 2147483647;

/** The bound's value plus one step of a discrete subtype (int4pl, int8pl, date_pli). */
function nextValue(t: RangeTypeName, v: Value): Value {
  switch (t) {
    case 'int4range':
      if ((v as number) >= INT4_MAX) throw outOfRange('integer');
      return (v as number) + 1;
    case 'int8range':
      if ((v as bigint) >= INT8_MAX) throw outOfRange('bigint');
      return (v as bigint) + 1n;
    default:
      return dateAddDays(v as number, 1);
  }
}

/** int4range_canonical, int8range_canonical, daterange_canonical: `[a,b)` form. */
function canonicalize(t: RangeTypeName, lower: RangeBound, upper: RangeBound): [RangeBound, RangeBound] {
  const finiteDate = (v: Value) => t !== 'daterange' || (v !== DATE_NOBEGIN && v !== DATE_NOEND);
  let lo = lower;
  let hi = upper;
  if (!lo.infinite && !lo.inclusive && finiteDate(lo.value)) {
    lo = { ...lo, value: nextValue(t, lo.value), inclusive: true };
  }
  if (!hi.infinite && hi.inclusive && finiteDate(hi.value)) {
    hi = { ...hi, value: nextValue(t, hi.value), inclusive: false };
  }
  return [lo, hi];
}

/** range_serialize's checks: lower ≤ upper (22000), and the empty range when they meet openly. */
function serialize(lower: RangeBound, upper: RangeBound, empty: boolean): SqlRange {
  if (!empty && !lower.infinite && !upper.infinite) {
    const c = compareBoundValues(lower, upper);
    if (c > 0)
      throw new DbError('22000', 'range lower bound must be less than or equal to range upper bound');
    if (c === 0 && !(lower.inclusive && upper.inclusive)) empty = true;
  }
  if (empty) return SqlRange.EMPTY;
  let flags = 0;
  if (lower.infinite) flags |= RANGE_LB_INF;
  else if (lower.inclusive) flags |= RANGE_LB_INC;
  if (upper.infinite) flags |= RANGE_UB_INF;
  else if (upper.inclusive) flags |= RANGE_UB_INC;
  return new SqlRange(flags, lower.infinite ? null : lower.value, upper.infinite ? null : upper.value);
}

/**
 * make_range: the range of type `t` with these bounds (or the empty range), checked and, for a
 * discrete type, canonicalized. Throws 22000 when lower > upper, 22003/22008 when the
 * canonical form overflows the subtype.
 */
export function makeRange(t: SqlType, lower: RangeBound, upper: RangeBound, empty = false): SqlRange {
  const r = serialize(lower, upper, empty);
  const name = t.name as RangeTypeName;
  if (r.isEmpty || !isDiscrete(name)) return r;
  const [lo, hi] = canonicalize(name, ...rangeBounds(r));
  return serialize(lo, hi, false);
}

/** A range from flags and bound values as given (range_recv, stored values): checked and canonicalized. */
export function rangeFromFlags(t: SqlType, flags: number, lower: Value, upper: Value): SqlRange {
  if (flags & RANGE_EMPTY) return SqlRange.EMPTY;
  const lowerInf = (flags & RANGE_LB_INF) !== 0;
  const upperInf = (flags & RANGE_UB_INF) !== 0;
  return makeRange(
    t,
    { value: lower, infinite: lowerInf, inclusive: !lowerInf && (flags & RANGE_LB_INC) !== 0, lower: true },
    { value: upper, infinite: upperInf, inclusive: !upperInf && (flags & RANGE_UB_INC) !== 0, lower: false },
  );
}

/**
 * range_constructor2/3: `int4range(lo, hi [, '[]'])`. A NULL bound is infinite; NULL flags are
 * 22000; flags other than the four pairs are 42601 with PostgreSQL's hint.
 */
export function constructRange(
  t: SqlType,
  lower: Value,
  upper: Value,
  flags: string | null = '[)',
): SqlRange {
  if (flags === null) throw new DbError('22000', 'range constructor flags argument must not be null');
  if (
    flags.length !== 2 ||
    (flags[0] !== '[' && flags[0] !== '(') ||
    (flags[1] !== ']' && flags[1] !== ')')
  ) {
    throw new DbError('42601', 'invalid range bound flags', {
      hint: 'Valid values are "[]", "[)", "(]", and "()".',
    });
  }
  return makeRange(
    t,
    { value: lower, infinite: lower === null, inclusive: flags[0] === '[', lower: true },
    { value: upper, infinite: upper === null, inclusive: flags[1] === ']', lower: false },
  );
}

/**
 * The binder's name for a call of range operator `op` (`range_op:@>`): the executor runs the
 * operator's function, EXPLAIN and view definitions print it as the operator, and a written
 * call of the function (`range_contains(a, b)`) stays distinguishable from it.
 */
export const rangeOperatorCall = (op: string): string => `range_op:${op}`;

/** The operator of a `rangeOperatorCall` name, else undefined. */
export const rangeCallOperator = (name: string): string | undefined =>
  name.startsWith('range_op:') ? name.slice(9) : undefined;

// ---------------------------------------------------------------------------------------------
// Text I/O

const malformed = (text: string, detail: string): DbError =>
  new DbError('22P02', `malformed range literal: "${text}"`, { detail });

/** PostgreSQL's isspace in the C locale. */
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * range_in: `empty`, or `[`/`(` lower `,` upper `]`/`)` with optional whitespace around, a bound
 * empty for infinity, `"…"` quoting (`""` a quote inside) and `\` escapes. Each bound's text
 * goes through `parseBound` (the subtype's input). Throws 22P02 `malformed range literal` with
 * PostgreSQL's DETAIL, 22000 when lower > upper.
 */
export function parseRange(text: string, t: SqlType, parseBound: (s: string) => Value): SqlRange {
  let p = 0;
  const n = text.length;
  while (p < n && isSpace(text[p])) p++;
  if (text.slice(p, p + 5).toLowerCase() === 'empty') {
    p += 5;
    while (p < n && isSpace(text[p])) p++;
    if (p === n) return SqlRange.EMPTY;
    throw malformed(text, 'Junk after "empty" key word.');
  }
  let lowerInc: boolean;
  if (text[p] === '[') lowerInc = true;
  else if (text[p] === '(') lowerInc = false;
  else throw malformed(text, 'Missing left parenthesis or bracket.');
  p++;
  const bound = (): string | null => {
    const c = text[p];
    if (c === ',' || c === ')' || c === ']') return null;
    let out = '';
    let quoted = false;
    while (quoted || !(text[p] === ',' || text[p] === ')' || text[p] === ']')) {
      if (p >= n) throw malformed(text, 'Unexpected end of input.');
      const ch = text[p++]!;
      if (ch === '\\') {
        if (p >= n) throw malformed(text, 'Unexpected end of input.');
        out += text[p++];
      } else if (ch === '"') {
        if (!quoted) quoted = true;
        else if (text[p] === '"') {
          out += '"';
          p++;
        } else quoted = false;
      } else out += ch;
    }
    return out;
  };
  const lowerText = bound();
  if (text[p] !== ',') throw malformed(text, 'Missing comma after lower bound.');
  p++;
  const upperText = bound();
  let upperInc: boolean;
  if (text[p] === ']') upperInc = true;
  else if (text[p] === ')') upperInc = false;
  else throw malformed(text, 'Too many commas.');
  p++;
  while (p < n && isSpace(text[p])) p++;
  if (p !== n) throw malformed(text, 'Junk after right parenthesis or bracket.');
  const lower = lowerText === null ? null : parseBound(lowerText);
  const upper = upperText === null ? null : parseBound(upperText);
  return makeRange(
    t,
    { value: lower, infinite: lowerText === null, inclusive: lowerText !== null && lowerInc, lower: true },
    { value: upper, infinite: upperText === null, inclusive: upperText !== null && upperInc, lower: false },
  );
}

/** range_bound_escape: quotes a bound's text when it is empty or holds `"\\()[],` or whitespace. */
function escapeBound(s: string): string {
  let needs = s.length === 0;
  for (let i = 0; i < s.length && !needs; i++) {
    const c = s[i];
    needs =
      c === '"' || c === '\\' || c === '(' || c === ')' || c === '[' || c === ']' || c === ',' || isSpace(c);
  }
  if (!needs) return s;
  let out = '"';
  for (const c of s) out += c === '"' || c === '\\' ? c + c : c;
  return `${out}"`;
}

/** range_out: `empty` or `[lower,upper)`, each bound through `formatBound` (the subtype's output). */
export function formatRange(r: SqlRange, formatBound: (v: Value) => string): string {
  if (r.isEmpty) return 'empty';
  let s = r.lowerInc ? '[' : '(';
  if (!r.lowerInf) s += escapeBound(formatBound(r.lower));
  s += ',';
  if (!r.upperInf) s += escapeBound(formatBound(r.upper));
  return s + (r.upperInc ? ']' : ')');
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** range_cmp: empty first, then by lower bound, then by upper bound. */
export function compareRanges(a: SqlRange, b: SqlRange): number {
  const ea = a.isEmpty;
  const eb = b.isEmpty;
  if (ea && eb) return 0;
  if (ea) return -1;
  if (eb) return 1;
  const [la, ua] = rangeBounds(a);
  const [lb, ub] = rangeBounds(b);
  const c = compareBounds(la, lb);
  return c !== 0 ? c : compareBounds(ua, ub);
}

export const rangesEqual = (a: SqlRange, b: SqlRange): boolean => compareRanges(a, b) === 0;

// ---------------------------------------------------------------------------------------------
// Operators and functions

/** `r1 @> r2` (range_contains). */
export function rangeContains(r1: SqlRange, r2: SqlRange): boolean {
  if (r2.isEmpty) return true;
  if (r1.isEmpty) return false;
  const [l1, u1] = rangeBounds(r1);
  const [l2, u2] = rangeBounds(r2);
  return compareBounds(l1, l2) <= 0 && compareBounds(u1, u2) >= 0;
}

/** `r @> elem` (range_contains_elem). */
export function rangeContainsElement(r: SqlRange, v: Value): boolean {
  if (r.isEmpty) return false;
  if (!r.lowerInf) {
    const c = compareRangeElements(r.lower, v);
    if (c > 0 || (c === 0 && !r.lowerInc)) return false;
  }
  if (!r.upperInf) {
    const c = compareRangeElements(r.upper, v);
    if (c < 0 || (c === 0 && !r.upperInc)) return false;
  }
  return true;
}

/** `&&` (range_overlaps). */
export function rangeOverlaps(r1: SqlRange, r2: SqlRange): boolean {
  if (r1.isEmpty || r2.isEmpty) return false;
  const [l1, u1] = rangeBounds(r1);
  const [l2, u2] = rangeBounds(r2);
  if (compareBounds(l1, l2) >= 0 && compareBounds(l1, u2) <= 0) return true;
  return compareBounds(l2, l1) >= 0 && compareBounds(l2, u1) <= 0;
}

/** `<<` (range_before). */
export function rangeBefore(r1: SqlRange, r2: SqlRange): boolean {
  if (r1.isEmpty || r2.isEmpty) return false;
  return compareBounds(rangeBounds(r1)[1], rangeBounds(r2)[0]) < 0;
}

/** `>>` (range_after). */
export function rangeAfter(r1: SqlRange, r2: SqlRange): boolean {
  if (r1.isEmpty || r2.isEmpty) return false;
  return compareBounds(rangeBounds(r1)[0], rangeBounds(r2)[1]) > 0;
}

/** `&<` (range_overleft): r1 does not extend to the right of r2. */
export function rangeOverLeft(r1: SqlRange, r2: SqlRange): boolean {
  if (r1.isEmpty || r2.isEmpty) return false;
  return compareBounds(rangeBounds(r1)[1], rangeBounds(r2)[1]) <= 0;
}

/** `&>` (range_overright): r1 does not extend to the left of r2. */
export function rangeOverRight(r1: SqlRange, r2: SqlRange): boolean {
  if (r1.isEmpty || r2.isEmpty) return false;
  return compareBounds(rangeBounds(r1)[0], rangeBounds(r2)[0]) >= 0;
}

/** bounds_adjacent: does upper bound `a` meet lower bound `b` with nothing between? */
function boundsAdjacent(t: SqlType, a: RangeBound, b: RangeBound): boolean {
  const c = compareBoundValues(a, b);
  if (c < 0) {
    if (!isDiscrete(t.name as RangeTypeName)) return false;
    // Points between them? The range between the flipped bounds is empty when there are none.
    const r = makeRange(
      t,
      { ...a, inclusive: !a.inclusive, lower: true },
      { ...b, inclusive: !b.inclusive, lower: false },
    );
    return r.isEmpty;
  }
  return c === 0 && a.inclusive !== b.inclusive;
}

/** `-|-` (range_adjacent). */
export function rangeAdjacent(t: SqlType, r1: SqlRange, r2: SqlRange): boolean {
  if (r1.isEmpty || r2.isEmpty) return false;
  const [l1, u1] = rangeBounds(r1);
  const [l2, u2] = rangeBounds(r2);
  return boundsAdjacent(t, u1, l2) || boundsAdjacent(t, u2, l1);
}

/**
 * `+` (range_union, `strict`) and range_merge: the smallest range covering both. The union of
 * ranges with a gap between them is 22000.
 */
export function rangeUnion(t: SqlType, r1: SqlRange, r2: SqlRange, strict: boolean): SqlRange {
  if (r1.isEmpty) return r2;
  if (r2.isEmpty) return r1;
  if (strict && !rangeOverlaps(r1, r2) && !rangeAdjacent(t, r1, r2)) {
    throw new DbError('22000', 'result of range union would not be contiguous');
  }
  const [l1, u1] = rangeBounds(r1);
  const [l2, u2] = rangeBounds(r2);
  return makeRange(t, compareBounds(l1, l2) < 0 ? l1 : l2, compareBounds(u1, u2) > 0 ? u1 : u2);
}

/** `*` (range_intersect). */
export function rangeIntersect(t: SqlType, r1: SqlRange, r2: SqlRange): SqlRange {
  if (r1.isEmpty || r2.isEmpty || !rangeOverlaps(r1, r2)) return SqlRange.EMPTY;
  const [l1, u1] = rangeBounds(r1);
  const [l2, u2] = rangeBounds(r2);
  return makeRange(t, compareBounds(l1, l2) >= 0 ? l1 : l2, compareBounds(u1, u2) <= 0 ? u1 : u2);
}

/** `-` (range_minus): 22000 when r2 splits r1 in two. */
export function rangeMinus(t: SqlType, r1: SqlRange, r2: SqlRange): SqlRange {
  if (r1.isEmpty || r2.isEmpty) return r1;
  const [l1, u1] = rangeBounds(r1);
  const [l2, u2] = rangeBounds(r2);
  const l1l2 = compareBounds(l1, l2);
  const l1u2 = compareBounds(l1, u2);
  const u1l2 = compareBounds(u1, l2);
  const u1u2 = compareBounds(u1, u2);
  if (l1l2 < 0 && u1u2 > 0) throw new DbError('22000', 'result of range difference would not be contiguous');
  if (l1u2 > 0 || u1l2 < 0) return r1;
  if (l1l2 >= 0 && u1u2 <= 0) return SqlRange.EMPTY;
  if (l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0) {
    return makeRange(t, l1, { ...l2, inclusive: !l2.inclusive, lower: false });
  }
  if (l1l2 >= 0 && u1u2 >= 0 && l1u2 <= 0) {
    return makeRange(t, { ...u2, inclusive: !u2.inclusive, lower: true }, u1);
  }
  throw new DbError('XX000', 'unexpected case in range_minus');
}
