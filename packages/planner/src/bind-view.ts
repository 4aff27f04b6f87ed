/**
 * View expansion: a view named in FROM is replaced by its stored query, bound where it is named
 * (PostgreSQL's rewriter does the same with the view's _RETURN rule). The view's own column names
 * apply; a query that now yields more columns (a `*` over a table that gained columns) is cut to
 * the view's columns, as PostgreSQL's stored view keeps the columns it was created with.
 *
 * The view's query sees neither the outer query's names nor its WITH clauses. A view that reaches
 * itself (through CREATE OR REPLACE) is 42P17, PostgreSQL's "infinite recursion detected in rules".
 */
import type { ViewDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { parse } from '@rustydb/parser';
import type { BindState } from './bind-expr.js';
import { type ExportedLock, withLocking } from './bind-locking.js';
import type { LogicalExpr, LogicalPlan, PlanColumn } from './logical-plan.js';
import { Scope } from './scope.js';

/** Views being expanded right now (binding is synchronous, so one set serves every statement). */
const expanding = new Set<number>();

/** The parsed query of a view. @throws DbError XX000 when the stored text is not a query. */
export function viewQuery(view: ViewDef): ast.SelectStmt {
  const stmts = parse(view.querySql);
  const stmt = stmts[0]?.stmt;
  if (
    stmts.length !== 1 ||
    !stmt ||
    (stmt.kind !== 'select' && stmt.kind !== 'values' && stmt.kind !== 'setOp')
  ) {
    throw new DbError('XX000', `view "${view.name}" has an invalid definition`);
  }
  return stmt;
}

/**
 * Binds view `view` as a FROM item: its query's plan with the view's column names. Synchronous.
 * @throws DbError 42P17 for a view reaching itself; binding errors of the stored query (a table it
 *   reads was changed incompatibly).
 */
export function expandView(
  view: ViewDef,
  state: BindState,
  locking?: { clause: ast.LockingClause; exported: ExportedLock[] },
): LogicalPlan {
  if (expanding.has(view.oid)) {
    throw new DbError('42P17', `infinite recursion detected in rules for relation "${view.name}"`);
  }
  expanding.add(view.oid);
  const ctes = state.ctes.splice(0);
  // The view's relations are checked as its owner (required-privileges.ts).
  const outerView = state.privileges.viaView;
  state.privileges.viaView = view.oid;
  let plan: LogicalPlan;
  try {
    plan = locking
      ? state.bindQuery(withLocking(viewQuery(view), locking.clause), new Scope([]), locking.exported)
      : state.bindQuery(viewQuery(view), new Scope([]));
  } finally {
    state.privileges.viaView = outerView;
    state.ctes.push(...ctes);
    expanding.delete(view.oid);
  }
  const n = view.columns.length;
  // Tids exported for a locking clause come last (bind-locking.ts); they stay.
  const tids = locking?.exported.length ?? 0;
  const width = plan.columns.length - tids;
  if (width < n) {
    throw new DbError('XX000', `view "${view.name}" no longer matches its definition`);
  }
  if (width > n) {
    const kept = [...plan.columns.slice(0, n), ...plan.columns.slice(width)];
    const exprs: LogicalExpr[] = kept.map((c, i) => ({
      kind: 'column',
      type: c.type,
      index: i < n ? i : i - n + width,
      name: c.name,
    }));
    plan = { kind: 'project', input: plan, exprs, columns: kept };
  }
  const columns: PlanColumn[] = plan.columns.map((c, i) =>
    i < n ? { ...c, name: view.columns[i].name } : c,
  );
  return { ...plan, columns } as LogicalPlan;
}
