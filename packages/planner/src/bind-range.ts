/**
 * The range operators: `@>` and `<@` (a range or an element), `&&`, `<<`, `>>`, `&<`, `&>`,
 * `-|-`, `+` (union), `*` (intersection) and `-` (difference). Each binds to a call of
 * PostgreSQL's implementing function (range_contains, range_contains_elem, …; executor
 * range-functions.ts), as the operator's pg_operator.oprcode would. Both range operands must be
 * of one range type; an untyped literal takes the other side's range type (`r @> '[2,3)'` is
 * range @> range, as PostgreSQL resolves anyrange @> anyrange first); an element operand must
 * be of the range's subtype (polymorphic anyelement: `numrange(1,5) @> 3` does not exist). Comparisons (`= < …`) are the
 * ordinary ones (compare-values.ts orders ranges as range_cmp).
 */
import { formatTypeName, isRangeType, rangeSubtype, type SqlType, sqlType } from '@rustydb/common';
import { noOperator } from './bind-extended.js';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';

const BOOL = sqlType('bool');

/** Operators over two ranges: the implementing function and whether the result is a range. */
const PAIR: Readonly<Record<string, [name: string, range: boolean]>> = {
  '@>': ['range_contains', false],
  '<@': ['range_contained_by', false],
  '&&': ['range_overlaps', false],
  '<<': ['range_before', false],
  '>>': ['range_after', false],
  '&<': ['range_overleft', false],
  '&>': ['range_overright', false],
  '-|-': ['range_adjacent', false],
  '+': ['range_union', true],
  '*': ['range_intersect', true],
  '-': ['range_minus', true],
};

function call(name: string, type: SqlType, args: LogicalExpr[]): LogicalExpr {
  return { kind: 'func', type, name, args };
}

/**
 * `left op right` when an operand is a range and `op` is a range operator; undefined otherwise
 * (the caller goes on to the other operator families). Throws 42883 for a range operator whose
 * operands do not match (`int4range && numrange`, `int4range + 1`).
 */
export function bindRangeOperator(
  op: string,
  left: LogicalExpr,
  right: LogicalExpr,
  pos: number,
  params: ParamTypes,
): LogicalExpr | undefined {
  const lt = left.type;
  const rt = right.type;
  const lr = isRangeType(lt) && lt.domain === undefined;
  const rr = isRangeType(rt) && rt.domain === undefined;
  const fn = PAIR[op];
  if (fn === undefined || (!lr && !rr)) return undefined;
  const to = (e: LogicalExpr, t: SqlType) => coerceImplicit(e, t, params, pos);
  const fail = () => noOperator(`${formatTypeName(lt)} ${op} ${formatTypeName(rt)}`, pos);
  const range = lr ? lt : rt;
  const other = lr ? rt : lt;
  if (other.name === range.name || other.name === 'unknown') {
    const args = [to(left, range), to(right, range)];
    return call(fn[0], fn[1] ? range : BOOL, args);
  }
  const sub = rangeSubtype(range);
  if (op === '@>' && lr && canTake(other, sub)) {
    return call('range_contains_elem', BOOL, [left, to(right, sub)]);
  }
  if (op === '<@' && rr && canTake(other, sub)) {
    return call('elem_contained_by_range', BOOL, [to(left, sub), right]);
  }
  throw fail();
}

/**
 * Is `t` the subtype itself? anyrange @> anyelement is polymorphic: the element must be of the
 * range's subtype exactly (`numrange @> 3` does not exist; `numrange @> 3.0` does).
 */
const canTake = (t: SqlType, sub: SqlType): boolean => t.name === sub.name;
