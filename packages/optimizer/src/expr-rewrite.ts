/**
 * Rewriting physical expressions: replacing column references (moving a predicate below a join,
 * a projection or an aggregate changes which row, and which slots, it reads), and the tests that
 * decide whether an expression may move at all.
 */
import { visitExpr } from '@rustydb/planner';
import type { PhysicalExpr } from './physical-plan.js';

/**
 * `e` with every local `column` replaced by `f(column)` (and every `outerColumn` by
 * `outer(column)` when given); subquery plans are left alone.
 */
export function replaceColumns(
  e: PhysicalExpr,
  f: (c: Extract<PhysicalExpr, { kind: 'column' }>) => PhysicalExpr,
  outer?: (c: Extract<PhysicalExpr, { kind: 'outerColumn' }>) => PhysicalExpr,
): PhysicalExpr {
  const r = (x: PhysicalExpr) => replaceColumns(x, f, outer);
  switch (e.kind) {
    case 'column':
      return f(e);
    case 'outerColumn':
      return outer ? outer(e) : e;
    case 'const':
    case 'param':
      return e;
    case 'op':
      return { ...e, args: e.args.map(r) };
    case 'func':
    case 'and':
    case 'or':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return { ...e, args: e.args.map(r) } as PhysicalExpr;
    case 'cast':
    case 'not':
    case 'isNull':
    case 'isBool':
      return { ...e, arg: r(e.arg) } as PhysicalExpr;
    case 'case':
      return {
        ...e,
        whens: e.whens.map((w) => ({ cond: r(w.cond), result: r(w.result) })),
        otherwise: r(e.otherwise),
      };
    case 'nullif':
      return { ...e, arg: r(e.arg), cmp: r(e.cmp) };
    case 'isDistinct':
      return { ...e, eq: r(e.eq) as Extract<PhysicalExpr, { kind: 'op' }> };
    case 'like':
      return { ...e, arg: r(e.arg), pattern: r(e.pattern), ...(e.escape ? { escape: r(e.escape) } : {}) };
    case 'inList':
      return { ...e, arg: r(e.arg), list: e.list.map(r) };
    case 'subquery':
      return e.testExpr ? { ...e, testExpr: r(e.testExpr) } : e;
  }
}

/** `e` reading slot `i - by` where it read slot `i` (for predicates moved to a join's right side). */
export function shiftColumns(e: PhysicalExpr, by: number): PhysicalExpr {
  return by === 0 ? e : replaceColumns(e, (c) => ({ ...c, index: c.index - by }));
}

/** The smallest and largest local slot `e` reads (undefined when it reads none). */
export function slotRange(e: PhysicalExpr): { min: number; max: number } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = -1;
  visitExpr(e, (x) => {
    if (x.kind === 'column') {
      if (x.index < min) min = x.index;
      if (x.index > max) max = x.index;
    }
  });
  return max < 0 ? undefined : { min, max };
}

/**
 * May `e` be evaluated on a different row layout or at a different time? Not when it holds a
 * correlated subquery (its outer references address this node's row) or a volatile function.
 */
export function isMovable(e: PhysicalExpr): boolean {
  let ok = true;
  visitExpr(e, (x) => {
    if ((x.kind === 'subquery' && x.correlated) || isVolatileCall(x)) ok = false;
  });
  return ok;
}

/** random(), or a user-defined VOLATILE function. */
const isVolatileCall = (x: PhysicalExpr): boolean =>
  x.kind === 'func' && (x.name === 'random' || x.routine?.volatile === true);

/** Does `e` read nothing of the current row (constants, parameters, outer columns)? */
export function isRowIndependent(e: PhysicalExpr): boolean {
  let ok = true;
  visitExpr(e, (x) => {
    if (x.kind === 'column' || (x.kind === 'subquery' && x.correlated)) ok = false;
    if (isVolatileCall(x)) ok = false;
  });
  return ok;
}
