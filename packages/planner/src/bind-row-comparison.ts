/**
 * Row-constructor comparisons: `(a, b) < (1, 2)`, `ROW(a, b) = ROW(c, d)`,
 * `(a, b) IS DISTINCT FROM (c, d)` — PostgreSQL's make_row_comparison_op and
 * make_row_distinct_op (parse_expr.c).
 *
 * Each pair of fields is compared with its own types, as separate comparisons would be (so an
 * unknown literal takes the other field's type: `(id, name) = (1, 'x')`), and the whole follows
 * SQL's rules for rows rather than the sort order of composite values (compare-values.ts):
 *
 * - `=` is the AND of the pairs' `=`, `<>` the OR of their `<>`.
 * - `<`, `<=`, `>`, `>=` compare the pairs left to right: the first pair that differs decides,
 *   a NULL in a pair reached makes the result NULL, and all pairs equal make `<=`/`>=` true.
 *   Built as `l1 < r1 OR (l1 = r1 AND (… OR (ln = rn AND ln <= rn)))`, whose three-valued logic
 *   gives exactly that (a NULL pair before the deciding one yields NULL, after it nothing
 *   changes). NB: a field is evaluated twice (PostgreSQL's RowCompareExpr evaluates it once),
 *   which only a volatile expression in a row comparison could notice.
 * - IS DISTINCT FROM is the OR of the pairs' IS DISTINCT FROM; IS NOT DISTINCT FROM its negation.
 *
 * Errors: 42601 `unequal number of entries in row expressions` at the operator, and each pair's
 * own errors (42883 no operator, 22P02 for a literal that is not of the other side's type).
 */
import { DbError, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import type { LogicalExpr } from './logical-plan.js';

const BOOL = sqlType('bool');

type Pair = readonly [LogicalExpr, LogicalExpr];

/** The comparison operators a row comparison takes. */
export type RowComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Binds the fields of both rows pairwise. Throws 42601 when their lengths differ. */
function bindPairs(b: ExprBinder, left: ast.Row, right: ast.Row, ctx: ExprContext, pos: number): Pair[] {
  if (left.args.length !== right.args.length) {
    throw new DbError('42601', 'unequal number of entries in row expressions', { position: pos });
  }
  return left.args.map((l, i) => [b.bind(l, ctx), b.bind(right.args[i]!, ctx)] as const);
}

const and = (args: LogicalExpr[]): LogicalExpr =>
  args.length === 1 ? args[0]! : { kind: 'and', type: BOOL, args };
const or = (args: LogicalExpr[]): LogicalExpr =>
  args.length === 1 ? args[0]! : { kind: 'or', type: BOOL, args };

/**
 * `(l1, …, ln) op (r1, …, rn)` for op one of = <> < <= > >= (see the file comment).
 * Synchronous; throws 42601 and what comparing a pair throws.
 */
export function bindRowComparison(
  b: ExprBinder,
  op: RowComparisonOp,
  left: ast.Row,
  right: ast.Row,
  ctx: ExprContext,
  pos: number,
): LogicalExpr {
  const pairs = bindPairs(b, left, right, ctx, pos);
  if (op === '=' || op === '<>')
    return (op === '=' ? and : or)(pairs.map(([l, r]) => b.comparison(op, l, r, pos)));
  const strict = op === '<' || op === '<=' ? '<' : '>';
  // From the last pair outwards: last op, then `li strict ri OR (li = ri AND inner)`.
  const [ln, rn] = pairs[pairs.length - 1]!;
  let expr: LogicalExpr = b.comparison(op, ln, rn, pos);
  for (let i = pairs.length - 2; i >= 0; i--) {
    const [l, r] = pairs[i]!;
    expr = or([b.comparison(strict, l, r, pos), and([b.comparison('=', l, r, pos), expr])]);
  }
  return expr;
}

/**
 * `(l1, …) IS [NOT] DISTINCT FROM (r1, …)`: the OR of the pairs' IS DISTINCT FROM (negated for
 * IS NOT DISTINCT FROM). Synchronous; throws 42601 and what comparing a pair throws.
 */
export function bindRowDistinct(
  b: ExprBinder,
  left: ast.Row,
  right: ast.Row,
  negated: boolean,
  ctx: ExprContext,
  pos: number,
): LogicalExpr {
  const distinct = or(
    bindPairs(b, left, right, ctx, pos).map(([l, r]) => ({
      kind: 'isDistinct' as const,
      type: BOOL,
      eq: b.comparison('=', l, r, pos),
      negated: false,
    })),
  );
  return negated ? { kind: 'not', type: BOOL, arg: distinct } : distinct;
}
