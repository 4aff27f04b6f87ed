/**
 * The range type functions (PostgreSQL's rangetypes.c): the constructors (`int4range(1, 5)`,
 * `int4range(1, 5, '[]')`; a NULL bound is infinite, so they are not strict), lower / upper,
 * isempty, lower_inc / upper_inc / lower_inf / upper_inf, range_merge, and the functions behind
 * the range operators (planner bind-range.ts). The kernels are common's range.ts.
 */
import {
  constructRange,
  isRangeType,
  isRangeTypeName,
  rangeAdjacent,
  rangeAfter,
  rangeBefore,
  rangeCallOperator,
  rangeContains,
  rangeContainsElement,
  rangeIntersect,
  rangeMinus,
  rangeOverLeft,
  rangeOverlaps,
  rangeOverRight,
  rangeUnion,
  type SqlRange,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';
import type { Impl } from './date-time-functions.js';

const R = (v: Value): SqlRange => v as SqlRange;

/** A range constructor `int4range(lo, hi [, flags])` (nulls allowed), or undefined for another name. */
export function rangeConstructor(name: string, argTypes: readonly SqlType[]): Impl | undefined {
  if (!isRangeTypeName(name) || (argTypes.length !== 2 && argTypes.length !== 3)) return undefined;
  const result = sqlType(name);
  if (argTypes.length === 2) return ([lo, hi]) => constructRange(result, lo, hi);
  return ([lo, hi, flags]) => constructRange(result, lo, hi, flags as string | null);
}

/** The strict range function `name` over `argTypes`, or undefined when it is not one. */
export function rangeFunction(name: string, argTypes: readonly SqlType[]): Impl | undefined {
  const t = argTypes[0];
  if (t === undefined) return undefined;
  if (name === 'elem_contained_by_range') {
    return argTypes[1] && isRangeType(argTypes[1]) ? ([x, r]) => rangeContainsElement(R(r), x) : undefined;
  }
  const op = rangeCallOperator(name);
  if (op !== undefined) return rangeOperator(op, argTypes);
  if (!isRangeType(t)) return undefined;
  switch (name) {
    case 'lower':
      return ([r]) => (R(r).isEmpty || R(r).lowerInf ? null : R(r).lower);
    case 'upper':
      return ([r]) => (R(r).isEmpty || R(r).upperInf ? null : R(r).upper);
    case 'isempty':
      return ([r]) => R(r).isEmpty;
    case 'lower_inc':
      return ([r]) => R(r).lowerInc;
    case 'upper_inc':
      return ([r]) => R(r).upperInc;
    case 'lower_inf':
      return ([r]) => R(r).lowerInf;
    case 'upper_inf':
      return ([r]) => R(r).upperInf;
    case 'range_contains':
      return ([a, b]) => rangeContains(R(a), R(b));
    case 'range_contained_by':
      return ([a, b]) => rangeContains(R(b), R(a));
    case 'range_contains_elem':
      return ([r, x]) => rangeContainsElement(R(r), x);
    case 'range_overlaps':
      return ([a, b]) => rangeOverlaps(R(a), R(b));
    case 'range_before':
      return ([a, b]) => rangeBefore(R(a), R(b));
    case 'range_after':
      return ([a, b]) => rangeAfter(R(a), R(b));
    case 'range_overleft':
      return ([a, b]) => rangeOverLeft(R(a), R(b));
    case 'range_overright':
      return ([a, b]) => rangeOverRight(R(a), R(b));
    case 'range_adjacent':
      return ([a, b]) => rangeAdjacent(t, R(a), R(b));
    case 'range_union':
      return ([a, b]) => rangeUnion(t, R(a), R(b), true);
    case 'range_merge':
      return ([a, b]) => rangeUnion(t, R(a), R(b), false);
    case 'range_intersect':
      return ([a, b]) => rangeIntersect(t, R(a), R(b));
    case 'range_minus':
      return ([a, b]) => rangeMinus(t, R(a), R(b));
    default:
      return undefined;
  }
}

/** The function behind range operator `op` (a `range_op:<op>` call of the binder) over `argTypes`. */
function rangeOperator(op: string, argTypes: readonly SqlType[]): Impl | undefined {
  const left = argTypes[0]!;
  const right = argTypes[1];
  if (right === undefined) return undefined;
  if (op === '@>')
    return rangeFunction(isRangeType(right) ? 'range_contains' : 'range_contains_elem', argTypes);
  if (op === '<@')
    return rangeFunction(isRangeType(left) ? 'range_contained_by' : 'elem_contained_by_range', argTypes);
  const fn = OPERATOR_FUNCTIONS[op];
  return fn === undefined ? undefined : rangeFunction(fn, argTypes);
}

const OPERATOR_FUNCTIONS: Readonly<Record<string, string>> = {
  '&&': 'range_overlaps',
  '<<': 'range_before',
  '>>': 'range_after',
  '&<': 'range_overleft',
  '&>': 'range_overright',
  '-|-': 'range_adjacent',
  '+': 'range_union',
  '*': 'range_intersect',
  '-': 'range_minus',
};
