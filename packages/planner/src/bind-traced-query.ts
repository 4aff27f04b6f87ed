/**
 * Binding a query for printing it: a view's stored query is bound as it is expanded (bind-view.ts),
 * and `trace` is told what each AST expression became, so that a printer walking the AST can
 * print the bound tree (pg_get_viewdef prints the analysed query, as ruleutils does).
 */
import type { CatalogReader } from '@rustydb/catalog';
import type * as ast from '@rustydb/parser';
import type { BindTrace } from './bind-expr.js';
import { createBinders } from './bind-statement.js';
import type { LogicalPlan } from './logical-plan.js';
import { Scope } from './scope.js';

/**
 * Binds `query` (a view's stored query) with `trace` told about every expression. Synchronous.
 * @throws DbError when the query no longer binds (a relation it reads was changed).
 */
export function bindTracedQuery(
  query: ast.SelectStmt,
  catalog: CatalogReader,
  trace: BindTrace,
): LogicalPlan {
  const b = createBinders({ catalog, sql: '', trace });
  return b.queries.bindQuery(query, new Scope([]));
}
