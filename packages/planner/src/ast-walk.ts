/**
 * Walking AST expressions before binding: finding aggregate calls (which make a query grouped)
 * and where an expression starts (PostgreSQL's exprLocation, for error positions).
 */
import type * as ast from '@rustydb/parser';
import { isAggregateCall } from './aggregates.js';

/** Does the expression contain an aggregate call of this level (not inside a subquery)? */
export function containsAggregate(e: ast.Expr): boolean {
  let found = false;
  visitAst(e, (n) => {
    if (n.kind === 'funcCall' && n.over === undefined && isAggregateCall(n)) {
      found = true;
    }
    if (n.kind === 'grouping') found = true;
  });
  return found;
}

/** Does the expression contain a window function call of this level (not inside a subquery)? */
export function containsWindowCall(e: ast.Expr): boolean {
  let found = false;
  visitAst(e, (n) => {
    if (n.kind === 'funcCall' && n.over !== undefined) found = true;
  });
  return found;
}

/**
 * The column names a SELECT refers to anywhere (select list, HAVING, ORDER BY, windows,
 * subqueries; the last part of qualified names), or 'all' when it uses `*`. Used to add only the
 * group keys a query can need (bind-select.ts, functional dependency).
 */
export function referencedColumnNames(s: ast.Select): ReadonlySet<string> | 'all' {
  const names = new Set<string>();
  let star = false;
  JSON.stringify(s, (_key, value: unknown) => {
    const node = value as { kind?: string; names?: readonly string[] } | null;
    if (node?.kind === 'columnRef' && node.names) names.add(node.names[node.names.length - 1]);
    if (node?.kind === 'star') star = true;
    return value;
  });
  return star ? 'all' : names;
}

/** Visits `e` and its subexpressions, pre-order, not descending into subqueries. */
export function visitAst(e: ast.Expr, f: (n: ast.Expr) => void): void {
  f(e);
  const anyE = e as unknown as Record<string, unknown>;
  for (const key of Object.keys(anyE)) {
    if (key === 'query') continue;
    const v = anyE[key];
    if (Array.isArray(v)) {
      for (const x of v) {
        if (x && typeof x === 'object') {
          if ('kind' in x) visitAst(x as ast.Expr, f);
          else if ('when' in x) {
            visitAst((x as ast.CaseWhen).when, f);
            visitAst((x as ast.CaseWhen).then, f);
          } else if ('expr' in x) visitAst((x as ast.SortBy).expr, f);
        }
      }
    } else if (v && typeof v === 'object' && 'kind' in (v as object) && key !== 'type') {
      visitAst(v as ast.Expr, f);
    }
  }
}

/**
 * Where an expression starts in the SQL text (0-based): PostgreSQL's exprLocation, the leftmost
 * of an operator's operands and a cast's argument, which is where assignment errors point.
 */
export function startOf(e: ast.Expr): number {
  switch (e.kind) {
    case 'binaryOp':
    case 'distinctFrom':
      return Math.min(e.location, startOf(e.left));
    case 'cast':
    case 'collate':
    case 'nullTest':
    case 'booleanTest':
    case 'between':
    case 'inList':
    case 'inSubquery':
    case 'like':
    case 'subscript':
    case 'fieldSelect':
    case 'fieldStar':
      return Math.min(e.location, startOf(e.arg));
    case 'quantifiedArray':
    case 'quantifiedSubquery':
      return Math.min(e.location, startOf(e.left));
    default:
      return e.location;
  }
}
