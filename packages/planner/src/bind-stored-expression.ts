/**
 * Binding a stored expression for display: pg_get_expr, pg_get_constraintdef and pg_get_indexdef
 * print the bound tree (the optimizer's deparseStored), as PostgreSQL prints the node tree it
 * stored. The text is the catalog's (a renamed column or type is already renamed in it); it is
 * bound as it was when it was stored, but without the checks made then (immutability, the
 * boolean result), which held when it was stored.
 */
import type { CatalogReader } from '@rustydb/catalog';
import { type SqlType, withoutTypmod } from '@rustydb/common';
import { parseExpression } from '@rustydb/parser';
import { type CheckColumns, createBinders, tableRowScope } from './bind-statement.js';
import { coerce } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';
import { Scope } from './scope.js';

/**
 * What a stored expression is: a condition (CHECK, a partial index's WHERE, a domain CHECK over
 * its one column `value`) or a value (a default, a generated column, an index key).
 */
export type StoredExpressionRole = 'condition' | 'value';

/**
 * Binds `sql` over one row of `table` (none: a default, which reads no column); a value is
 * coerced to `type`, the type it is assigned to, as PostgreSQL stored it (the coercion prints
 * nothing but the parentheses it needs). Synchronous.
 * @throws DbError when the text no longer parses or binds.
 */
export function bindStoredExpression(
  sql: string,
  role: StoredExpressionRole,
  table: CheckColumns | undefined,
  catalog: CatalogReader,
  type?: SqlType,
): LogicalExpr {
  const b = createBinders({ catalog, sql: '' });
  const scope = table ? tableRowScope(table) : new Scope([]);
  const expr = parseExpression(sql);
  if (role === 'condition')
    return b.exprs.bindCondition(expr, { scope, clause: 'check constraints' }, 'CHECK');
  const bound = b.exprs.bind(expr, { scope, clause: 'DEFAULT expressions' });
  if (type === undefined) return bound;
  return coerce(bound, withoutTypmod(type), 'assignment', b.state.params, 1) ?? bound;
}
