/**
 * Walking AST expressions before binding: finding aggregate calls (which make a query grouped)
 * and where an expression starts (PostgreSQL's exprLocation, for error positions).
 */
import type * as ast from '@rustydb/parser';
import { isAggregateName } from './aggregates.js';

/** Does the expression contain an aggregate call of this level (not inside a subquery)? */
export function containsAggregate(e: ast.Expr): boolean {
  let found = false;
  visitAst(e, (n) => {
    if (n.kind === 'funcCall' && n.over === undefined && isAggregateName(n.name) && n.schema === undefined) {
      found = true;
    }
  });
  return found;
}

/** Visits `e` and its subexpressions, not descending into subqueries. */
function visitAst(e: ast.Expr, f: (n: ast.Expr) => void): void {
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
