/**
 * Structural helpers over bound expressions: equality (GROUP BY matching, ORDER BY reuse of
 * select-list items) and column-reference queries.
 */
import type { BoundExpr } from './bound-expr.js';

/** Structural equality of two bound expressions (subquery plans compared by identity). */
export function exprEquals<P>(a: BoundExpr<P>, b: BoundExpr<P>): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.type.name !== b.type.name || a.type.typmod !== b.type.typmod) return false;
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a === 'bigint' || typeof a !== 'object') return a === b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  // Non-plain objects (Numeric, Uint8Array, plans) compare by their string form or identity.
  const pa = Object.getPrototypeOf(a);
  if (pa !== Object.prototype) {
    if (Object.getPrototypeOf(b) !== pa) return false;
    return a instanceof Uint8Array
      ? a.length === (b as Uint8Array).length && a.every((x, i) => x === (b as Uint8Array)[i])
      : String(a) === String(b);
  }
  // A key holding undefined counts as absent (`{ table: undefined }` equals `{}`).
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (k === 'plan') {
      if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
    } else if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Calls `f` on `e` and every subexpression (not into subquery plans). */
export function visitExpr<P>(e: BoundExpr<P>, f: (e: BoundExpr<P>) => void): void {
  f(e);
  for (const c of children(e)) visitExpr(c, f);
}

/** The direct subexpressions of `e`. */
export function children<P>(e: BoundExpr<P>): readonly BoundExpr<P>[] {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'outerColumn':
    case 'param':
      return [];
    case 'op':
    case 'func':
    case 'and':
    case 'or':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return e.args;
    case 'cast':
    case 'not':
    case 'isNull':
    case 'isBool':
      return [e.arg];
    case 'case':
      return [...e.whens.flatMap((w) => [w.cond, w.result]), e.otherwise];
    case 'nullif':
      return [e.arg, e.cmp];
    case 'isDistinct':
      return [e.eq];
    case 'like':
      return e.escape ? [e.arg, e.pattern, e.escape] : [e.arg, e.pattern];
    case 'inList':
      return [e.arg, ...e.list];
    case 'subquery':
      return e.testExpr ? [e.testExpr] : [];
  }
}

/** Does `e` read a column of the row it is evaluated on (not an outer row)? */
export function hasLocalColumn<P>(e: BoundExpr<P>): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'column' || (x.kind === 'subquery' && x.correlated)) found = true;
  });
  return found;
}

/** The input slots `e` reads. */
export function columnsUsed<P>(e: BoundExpr<P>, into: Set<number> = new Set()): Set<number> {
  visitExpr(e, (x) => {
    if (x.kind === 'column') into.add(x.index);
  });
  return into;
}

/** Does `e` contain a subquery or a volatile function (cannot be moved or folded freely)? */
export function hasSubquery<P>(e: BoundExpr<P>): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'subquery') found = true;
  });
  return found;
}

/** `e` with every local `column` replaced by `f(column)` (subquery plans are left alone). */
export function mapColumns<P>(
  e: BoundExpr<P>,
  f: (c: Extract<BoundExpr<P>, { kind: 'column' }>) => BoundExpr<P>,
): BoundExpr<P> {
  const r = (x: BoundExpr<P>) => mapColumns(x, f);
  switch (e.kind) {
    case 'column':
      return f(e);
    case 'const':
    case 'outerColumn':
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
      return { ...e, args: e.args.map(r) } as BoundExpr<P>;
    case 'cast':
    case 'not':
    case 'isNull':
    case 'isBool':
      return { ...e, arg: r(e.arg) } as BoundExpr<P>;
    case 'case':
      return {
        ...e,
        whens: e.whens.map((w) => ({ cond: r(w.cond), result: r(w.result) })),
        otherwise: r(e.otherwise),
      };
    case 'nullif':
      return { ...e, arg: r(e.arg), cmp: r(e.cmp) };
    case 'isDistinct':
      return { ...e, eq: r(e.eq) as Extract<BoundExpr<P>, { kind: 'op' }> };
    case 'like':
      return { ...e, arg: r(e.arg), pattern: r(e.pattern), ...(e.escape ? { escape: r(e.escape) } : {}) };
    case 'inList':
      return { ...e, arg: r(e.arg), list: e.list.map(r) };
    case 'subquery':
      return e.testExpr ? { ...e, testExpr: r(e.testExpr) } : e;
  }
}
