/**
 * The range operators: `@>` and `<@` (a range or an element), `&&`, `<<`, `>>`, `&<`, `&>`,
 * `-|-`, `+` (union), `*` (intersection) and `-` (difference). Each binds to a call named
 * `range_op:<op>` (common rangeOperatorCall), which the executor runs as PostgreSQL's
 * implementing function (range_contains, range_contains_elem, …; range-functions.ts) and
 * EXPLAIN prints as the operator. Both range operands must be
 * of one range type; an untyped literal takes the other side's range type (`r @> '[2,3)'` is
 * range @> range, as PostgreSQL resolves anyrange @> anyrange first); an element operand must
 * be of the range's subtype (polymorphic anyelement: `numrange(1,5) @> 3` does not exist). Comparisons (`= < …`) are the
 * ordinary ones (compare-values.ts orders ranges as range_cmp).
 */
import {
  DbError,
  domainBaseType,
  formatTypeName,
  isRangeType,
  rangeOperatorCall,
  rangeSubtype,
  type SqlType,
  sqlType,
} from '@rustydb/common';
import { noOperator } from './bind-extended.js';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { FunctionSignature } from './functions.js';
import type { LogicalExpr } from './logical-plan.js';
import { RANGE_SIGNATURES } from './range-signatures.js';

const BOOL = sqlType('bool');

/** Operators over two ranges: the implementing function and whether the result is a range. */
const PAIR: Readonly<Record<string, boolean>> = {
  '@>': false,
  '<@': false,
  '&&': false,
  '<<': false,
  '>>': false,
  '&<': false,
  '&>': false,
  '-|-': false,
  '+': true,
  '*': true,
  '-': true,
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
  // A domain over a range is its range here (its name is the base type's).
  const lt = domainBaseType(left.type);
  const rt = domainBaseType(right.type);
  const lr = isRangeType(lt);
  const rr = isRangeType(rt);
  const rangeResult = PAIR[op];
  if (rangeResult === undefined || (!lr && !rr)) return undefined;
  const name = rangeOperatorCall(op);
  const to = (e: LogicalExpr, t: SqlType) => coerceImplicit(e, t, params, pos);
  const fail = () => noOperator(`${formatTypeName(left.type)} ${op} ${formatTypeName(right.type)}`, pos);
  const range = lr ? lt : rt;
  const other = lr ? rt : lt;
  if (other.name === range.name || other.name === 'unknown') {
    const args = [to(left, range), to(right, range)];
    return call(name, rangeResult ? range : BOOL, args);
  }
  const sub = rangeSubtype(range);
  if (op === '@>' && lr && canTake(other, sub)) {
    return call(name, BOOL, [left, to(right, sub)]);
  }
  if (op === '<@' && rr && canTake(other, sub)) {
    return call(name, BOOL, [to(left, sub), right]);
  }
  throw fail();
}

/**
 * Is `t` the subtype itself? anyrange @> anyelement is polymorphic: the element must be of the
 * range's subtype exactly (`numrange @> 3` does not exist; `numrange @> 3.0` does).
 */
const canTake = (t: SqlType, sub: SqlType): boolean => t.name === sub.name;

const RANGE_SIGNATURE_SET: ReadonlySet<FunctionSignature> = new Set(RANGE_SIGNATURES);
/** Functions PostgreSQL also has for multiranges: an unknown argument matches two polymorphic candidates. */
const WITH_MULTIRANGE = new Set([
  'lower',
  'upper',
  'isempty',
  'lower_inc',
  'upper_inc',
  'lower_inf',
  'upper_inf',
]);

/**
 * A call whose best candidates are range functions of several range types (`lower_inc(NULL)`,
 * `range_merge('[1,2)', '[3,4)')`): PostgreSQL's anyrange cannot be resolved from unknown
 * arguments. Throws its 42725 (the multirange overload makes the call ambiguous) or 42804.
 */
export function checkRangeCandidates(
  name: string,
  ranked: readonly FunctionSignature[],
  argTypes: readonly SqlType[],
  pos: number,
): void {
  if (ranked.length < 2 || !ranked.every((s) => RANGE_SIGNATURE_SET.has(s))) return;
  if (WITH_MULTIRANGE.has(name)) {
    throw new DbError('42725', `function ${name}(${argTypes.map(formatTypeName).join(', ')}) is not unique`, {
      hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
      position: pos,
    });
  }
  throw new DbError('42804', 'could not determine polymorphic type because input has type unknown', {
    position: pos,
  });
}
