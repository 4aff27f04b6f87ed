/**
 * Generation expressions of stored generated columns (`b int GENERATED ALWAYS AS (a * 2)
 * STORED`): what CREATE TABLE and ADD COLUMN validate, and what the executor computes on every
 * INSERT and UPDATE. Like a CHECK constraint the expression is stored as SQL text (the column's
 * `defaultSql`, as PostgreSQL keeps it in pg_attrdef) and bound over the table's row: `column`
 * nodes are slots of `table.columns`. PostgreSQL's rules (cookDefault, check_nested_generated):
 *
 * - no system columns (42P10), subqueries (0A000), aggregates (42803), window functions (42P20)
 *   or set-returning functions (0A000), and no other generated column (42P17);
 * - the value must assignment-cast to the column's type (42804);
 * - every function must be immutable (42P17 `generation expression is not immutable`).
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, formatTypeName, type SqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { parseExpression } from '@rustydb/parser';
import { visitAst } from './ast-walk.js';
import { requireImmutable } from './bind-index-expression.js';
import { type CheckColumns, createBinders, tableRowScope } from './bind-statement.js';
import { coerce } from './coerce.js';
import { visitExpr } from './expr-walk.js';
import type { LogicalExpr } from './logical-plan.js';
import { SUBQUERY_KINDS } from './reject-subqueries.js';

/** PostgreSQL's system column names (cmin and cmax too: naming them is the same error). */
const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax']);

/** The table a generation expression reads: its columns and which of them are generated. */
export interface GenerationTable extends CheckColumns {
  readonly generated: ReadonlySet<string>;
}

/** The column a generation expression computes. */
export interface GeneratedColumn {
  readonly name: string;
  readonly type: SqlType;
}

const lastName = (n: ast.Expr): string | undefined => {
  if (n.kind !== 'columnRef') return undefined;
  const names = (n as { names: readonly string[] }).names;
  return names[names.length - 1];
};

/**
 * Binds `expr`, the generation expression of `column`, over `table`'s row and coerces it to the
 * column's type. Synchronous. @throws DbError (see the file comment) and the binder's errors.
 */
export function bindGenerationExpression(
  expr: ast.Expr,
  column: GeneratedColumn,
  table: GenerationTable,
  catalog: CatalogReader,
): LogicalExpr {
  visitAst(expr, (n) => {
    const position = n.location + 1;
    const name = lastName(n);
    if (name !== undefined && SYSTEM_COLUMNS.has(name)) {
      throw new DbError('42P10', `cannot use system column "${name}" in column generation expression`, {
        position,
      });
    }
    if (SUBQUERY_KINDS.has(n.kind)) {
      throw new DbError('0A000', 'cannot use subquery in column generation expression', { position });
    }
  });
  const b = createBinders({ catalog, sql: '' });
  const scope = tableRowScope(table);
  const bound = b.exprs.bind(expr, { scope, clause: 'column generation expressions' });
  visitAst(expr, (n) => {
    const name = lastName(n);
    if (name === undefined || !table.generated.has(name)) return;
    throw new DbError('42P17', `cannot use generated column "${name}" in column generation expression`, {
      position: n.location + 1,
      detail: 'A generated column cannot reference another generated column.',
    });
  });
  visitExpr(bound, (x) => {
    if (x.kind === 'param') throw new DbError('42P02', `there is no parameter $${x.index + 1}`);
  });
  const coerced = coerce(bound, column.type, 'assignment', b.state.params, expr.location + 1);
  if (!coerced) {
    throw new DbError(
      '42804',
      `column "${column.name}" is of type ${formatTypeName(column.type)} but default expression is of type ${formatTypeName(bound.type)}`,
      { hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  requireImmutable(coerced, 'generation expression is not immutable');
  return coerced;
}

/**
 * The generation expressions of `table`'s generated columns, bound over its row (what INSERT and
 * UPDATE compute): one per generated column, with its row slot. Empty for most tables.
 */
export function generationExprs(
  table: TableDef,
  catalog: CatalogReader,
): { readonly slot: number; readonly expr: LogicalExpr }[] {
  const out: { slot: number; expr: LogicalExpr }[] = [];
  let generated: GenerationTable | undefined;
  table.columns.forEach((c, slot) => {
    if (c.generated === undefined || c.defaultSql === undefined) return;
    generated ??= {
      name: table.name,
      columns: table.columns,
      generated: new Set(table.columns.filter((x) => x.generated !== undefined).map((x) => x.name)),
    };
    out.push({ slot, expr: bindGenerationExpression(parseExpression(c.defaultSql), c, generated, catalog) });
  });
  return out;
}
