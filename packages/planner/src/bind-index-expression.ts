/**
 * Index expressions and predicates: what CREATE INDEX validates and what the optimizer and the
 * executor need of an index's keys.
 *
 * An index key is a column or an expression over the table's row (`CREATE INDEX ON t
 * (lower(name))`); a partial index has a predicate (`… WHERE active`). Both are stored as SQL
 * text (IndexDef.expressions, IndexDef.predicateSql) and bound here over the table's row, like
 * CHECK constraints: `column` nodes are slots of `table.columns`. PostgreSQL's rules and errors:
 * no subqueries (0A000), aggregates (42803) or window functions (42P20), only immutable
 * functions (42P17), and a predicate must be boolean (42804).
 *
 * `indexKeyExprs` binds a stored index's keys once per IndexDef (the catalog makes new defs when
 * definitions change, so a WeakMap keyed by the def is a safe cache).
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { parseExpression } from '@rustydb/parser';
import { type CheckColumns, createBinders, tableRowScope } from './bind-statement.js';
import { rejectSubqueries } from './reject-subqueries.js';
import { visitExpr } from './expr-walk.js';
import { resolveFunction } from './functions.js';
import type { LogicalExpr } from './logical-plan.js';
import { TS_DEFAULT_CONFIG_FUNCTIONS } from './text-search-signatures.js';

/** Functions PostgreSQL marks STABLE (not volatile here, but not immutable either). */
const STABLE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_date',
  'current_time',
  'current_timestamp',
  'localtime',
  'localtimestamp',
  'current_setting',
  'to_char',
  'age',
  'timeofday',
]);

/** 42P17 `message` unless every function `e` calls is immutable (also generation expressions). */
export function requireImmutable(e: LogicalExpr, message: string): void {
  visitExpr(e, (x) => {
    if (x.kind !== 'func') return;
    if (x.routine !== undefined) {
      if (!x.routine.immutable) throw new DbError('42P17', message);
      // Index builds and generated columns run where no session can call a function.
      throw new DbError(
        '0A000',
        `user-defined function ${x.name} cannot be used in an index or generated column`,
      );
    }
    const sig = resolveFunction(
      x.name,
      x.args.map((a) => a.type),
    );
    const stable =
      STABLE_FUNCTIONS.has(x.name) || (x.args.length === 1 && TS_DEFAULT_CONFIG_FUNCTIONS.has(x.name));
    if (sig?.volatile === true || stable) throw new DbError('42P17', message);
  });
}

/**
 * Binds one expression key of CREATE INDEX over `table`'s row. Synchronous. @throws DbError
 * 0A000 (subquery), 42803 (aggregate), 42P20 (window function), 42P17 (not immutable), and the
 * binder's errors (42703, 42883 …).
 */
export function bindIndexExpression(
  expr: ast.Expr,
  table: CheckColumns,
  catalog: CatalogReader,
): LogicalExpr {
  rejectSubqueries(expr, 'index expression');
  const b = createBinders({ catalog, sql: '' });
  const bound = b.exprs.bind(expr, { scope: tableRowScope(table), clause: 'index expressions' });
  requireImmutable(bound, 'functions in index expression must be marked IMMUTABLE');
  return bound;
}

/**
 * Binds a partial index's predicate over `table`'s row. Synchronous. @throws DbError 0A000
 * (subquery), 42803 (aggregate), 42P17 (not immutable), 42804 (not boolean), and the binder's.
 */
export function bindIndexPredicate(expr: ast.Expr, table: CheckColumns, catalog: CatalogReader): LogicalExpr {
  rejectSubqueries(expr, 'index predicate');
  const b = createBinders({ catalog, sql: '' });
  const bound = b.exprs.bindCondition(
    expr,
    { scope: tableRowScope(table), clause: 'index predicates' },
    'WHERE',
  );
  requireImmutable(bound, 'functions in index predicate must be marked IMMUTABLE');
  return bound;
}

/** A stored index's keys and predicate, bound over its table's row. */
export interface IndexKeyExprs {
  /** One per key position: a `column` node, or the bound expression. */
  readonly keys: readonly LogicalExpr[];
  /** One per INCLUDE column: `column` nodes. */
  readonly include: readonly LogicalExpr[];
  /** The partial index's predicate. */
  readonly predicate?: LogicalExpr;
}

const cache = new WeakMap<IndexDef, IndexKeyExprs>();

/**
 * `index`'s keys, INCLUDE columns and predicate bound over `table`'s row; cached per def.
 * Synchronous. @throws DbError when stored SQL no longer binds (a dropped function).
 */
export function indexKeyExprs(table: TableDef, index: IndexDef, catalog: CatalogReader): IndexKeyExprs {
  let out = cache.get(index);
  if (out) return out;
  const columnAt = (attnum: number): LogicalExpr => {
    const slot = table.columns.findIndex((c) => c.attnum === attnum);
    if (slot < 0) throw new DbError('XX000', `index "${index.name}" refers to a missing column ${attnum}`);
    const c = table.columns[slot]!;
    return { kind: 'column', type: c.type, index: slot, name: c.name };
  };
  let next = 0;
  const keys = index.columns.map((attnum) =>
    attnum === 0
      ? bindIndexExpression(parseExpression(index.expressions![next++]!), table, catalog)
      : columnAt(attnum),
  );
  const include = (index.include ?? []).map(columnAt);
  out = {
    keys,
    include,
    ...(index.predicateSql === undefined
      ? {}
      : { predicate: bindIndexPredicate(parseExpression(index.predicateSql), table, catalog) }),
  };
  cache.set(index, out);
  return out;
}

/** Is every key of `index` a plain column, with no predicate and no INCLUDE? (the common case) */
export function isPlainIndex(index: IndexDef): boolean {
  return !index.columns.includes(0) && index.predicateSql === undefined && (index.include?.length ?? 0) === 0;
}
