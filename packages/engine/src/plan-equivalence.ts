/**
 * Plan equivalence, the statement cache's proof (statement-cache.ts): a plan bound with some
 * literals as parameters may replace the plan bound with the literals only if the two are the same
 * tree with each such parameter standing where the literal plan has a constant of the same type
 * and value. Any difference means the binder or optimizer used the literal's value (folding,
 * narrowing an integer to a column's type, choosing a column by ordinal, …) and the cache must not
 * use the parameterized plan.
 *
 * The optimizer's estimates (`est`: rows and costs, which EXPLAIN prints and nothing executes)
 * are left out: with a parameter the optimizer estimates a generic value (as PostgreSQL's generic
 * plans do), which may change them but, once the trees are the same, not what the plan computes.
 *
 * Two differences are understood rather than refused:
 * - `Cast($k)` where the literal plan has the cast folded into a constant: the same cast runs at
 *   execution (the optimizer folds with the same `castValue`), checked by value here;
 * - `$k` of the literal class's type where the literal plan has a constant of another type (an
 *   integer narrowed to int8 for an int8 column, say): the verdict asks to bind again with `$k`
 *   of that type; the cache then converts each literal's value to it, and a value that does not
 *   convert (too big for int2) makes the statement go the uncached way.
 */
import { castValue, DbError, type SqlType, type Value } from '@rustydb/common';

/** The outcome of a comparison. */
export type Equivalence =
  | { readonly kind: 'same' }
  | { readonly kind: 'different' }
  /** Bind again with parameter `index` (0-based, absolute) of type `type`. */
  | { readonly kind: 'retype'; readonly index: number; readonly type: SqlType };

const SAME: Equivalence = { kind: 'same' };
const DIFFERENT: Equivalence = { kind: 'different' };

/**
 * Compares `literal` (a plan or plan fragment bound with literals) with `parameterized` (the same
 * statement with literals from parameter index `base` on). `literalValueOf(index, type)` is the value the
 * cache would pass for literal parameter `index` as type `type` (it may throw DbError: then the
 * plans are different). Pure.
 */
export function comparePlans(
  literal: unknown,
  parameterized: unknown,
  base: number,
  literalValueOf: (index: number, type: SqlType) => Value,
): Equivalence {
  const value = (index: number, type: SqlType): { v: Value } | undefined => {
    try {
      return { v: literalValueOf(index, type) };
    } catch (err) {
      if (err instanceof DbError) return undefined;
      throw err;
    }
  };
  const isLiteralParam = (n: Record<string, unknown>): boolean =>
    n.kind === 'param' && (n.index as number) >= base;

  const compare = (a: unknown, b: unknown): Equivalence => {
    if (a === b) return SAME;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      return Object.is(a, b) ? SAME : DIFFERENT;
    }
    const pa = a as Record<string, unknown>;
    const pb = b as Record<string, unknown>;
    if (isLiteralParam(pb)) {
      if (pa.kind !== 'const') return DIFFERENT;
      const type = pb.type as SqlType;
      if (!sameType(pa.type as SqlType, type)) {
        return { kind: 'retype', index: pb.index as number, type: pa.type as SqlType };
      }
      const got = value(pb.index as number, type);
      return got !== undefined && sameValue(pa.value as Value, got.v) ? SAME : DIFFERENT;
    }
    if (pb.kind === 'cast' && pa.kind === 'const' && isLiteralParam(pb.arg as Record<string, unknown>)) {
      const param = pb.arg as Record<string, unknown>;
      const from = param.type as SqlType;
      const to = pb.type as SqlType;
      const got = value(param.index as number, from);
      if (got === undefined || !sameType(pa.type as SqlType, to)) return DIFFERENT;
      try {
        const cast = castValue(got.v, from, to, pb.explicit === true);
        return sameValue(pa.value as Value, cast) ? SAME : DIFFERENT;
      } catch (err) {
        if (err instanceof DbError) return DIFFERENT;
        throw err;
      }
    }
    return compareStructure(pa, pb, compare);
  };
  return compare(literal, parameterized);
}

/** Field-by-field comparison of two objects (arrays, plain objects, value classes), estimates aside. */
function compareStructure(
  a: object,
  b: object,
  compare: (x: unknown, y: unknown) => Equivalence,
): Equivalence {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return DIFFERENT;
  if (a instanceof Uint8Array) return sameBytes(a, b as Uint8Array) ? SAME : DIFFERENT;
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return DIFFERENT;
    for (const [k, v] of a) {
      if (!m.has(k)) return DIFFERENT;
      const r = compare(v, m.get(k));
      if (r.kind !== 'same') return r;
    }
    return SAME;
  }
  if (a instanceof Set) return DIFFERENT; // never in plans; refuse rather than guess
  const ka = Object.keys(a);
  if (comparedKeys(ka) !== comparedKeys(Object.keys(b))) return DIFFERENT;
  // Past a difference, keep looking for a parameter to retype: fixing the first of those may
  // make the rest the same (an int2 column compared with an int4 `$k` gets a cast that the
  // literal plan, with its constant narrowed to int2, does not have).
  let verdict = SAME;
  for (const k of ka) {
    if (k === IGNORED) continue;
    if (!Object.hasOwn(b, k)) return DIFFERENT;
    const r = compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    if (r.kind === 'retype') return r;
    if (r.kind === 'different') verdict = DIFFERENT;
  }
  return verdict;
}

/** The optimizer's estimates (EXPLAIN's cost figures): they do not change what a plan computes. */
const IGNORED = 'est';

/** How many of `keys` are compared (all but IGNORED); counted, not filtered: no array per node. */
function comparedKeys(keys: readonly string[]): number {
  return keys.includes(IGNORED) ? keys.length - 1 : keys.length;
}

const sameType = (a: SqlType, b: SqlType): boolean => a.name === b.name && a.typmod === b.typmod;

/** Identity of values (not SQL equality: 1.0 and 1.00 differ, they print differently). */
function sameValue(a: Value, b: Value): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const r = compareStructure(a, b, (x, y) => (sameValue(x as Value, y as Value) ? SAME : DIFFERENT));
  return r.kind === 'same';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
