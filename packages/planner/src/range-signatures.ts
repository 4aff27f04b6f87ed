/**
 * Signatures of the range type functions (pg_proc's entries for the built-in range types, one
 * per range type where PostgreSQL's take anyrange): the constructors (`int4range(1, 5)`,
 * `int4range(1, 5, '[]')`), lower/upper, isempty, lower_inc/upper_inc, lower_inf/upper_inf,
 * range_merge, and the functions behind the range operators, which bind-range.ts calls as
 * PostgreSQL's pg_operator.oprcode would. The executor implements them in range-functions.ts.
 */
import { RANGE_SUBTYPES, type RangeTypeName } from '@rustydb/common';
import type { FunctionSignature } from './functions.js';

const s = (name: string, args: FunctionSignature['args'], result: FunctionSignature['result']) => ({
  name,
  args,
  result,
});

/** The range functions whose operands are two ranges of one type, with their result kinds. */
export const RANGE_PAIR_FUNCTIONS: Readonly<Record<string, 'bool' | 'range'>> = {
  range_contains: 'bool',
  range_contained_by: 'bool',
  range_overlaps: 'bool',
  range_before: 'bool',
  range_after: 'bool',
  range_overleft: 'bool',
  range_overright: 'bool',
  range_adjacent: 'bool',
  range_union: 'range',
  range_intersect: 'range',
  range_minus: 'range',
  range_merge: 'range',
};

function forRange(r: RangeTypeName): FunctionSignature[] {
  const sub = RANGE_SUBTYPES[r];
  return [
    s(r, [sub, sub], r),
    s(r, [sub, sub, 'text'], r),
    s('lower', [r], sub),
    s('upper', [r], sub),
    ...['isempty', 'lower_inc', 'upper_inc', 'lower_inf', 'upper_inf'].map((n) => s(n, [r], 'bool')),
    ...Object.entries(RANGE_PAIR_FUNCTIONS).map(([n, kind]) => s(n, [r, r], kind === 'bool' ? 'bool' : r)),
    s('range_contains_elem', [r, sub], 'bool'),
    s('elem_contained_by_range', [sub, r], 'bool'),
  ];
}

export const RANGE_SIGNATURES: readonly FunctionSignature[] = (
  Object.keys(RANGE_SUBTYPES) as RangeTypeName[]
).flatMap(forRange);
