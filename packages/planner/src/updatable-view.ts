/**
 * Automatically updatable views (PostgreSQL's rewriteTargetView): INSERT, UPDATE and DELETE on a
 * view whose query is one SELECT over one table (or over another such view) go to that base table.
 *
 * `resolveUpdatableView` checks the rules of PostgreSQL's view_query_is_auto_updatable, in its
 * order, and binds the chain of views down to the base table:
 *
 *   v2: SELECT a, b FROM v1 WHERE b > 0        columns  a → t.x (updatable), b → t.y + 1 (not)
 *   v1: SELECT x AS a, y + 1 AS b FROM t       condition  (t.y + 1) > 0
 *
 * Every view column becomes an expression over the base row's slots (the scan of the base table:
 * its columns, then the tid), and the views' WHERE clauses one condition over the same slots. A
 * column is updatable when its expression is a plain column of the base table.
 *
 * The statement's own expressions (WHERE, SET, RETURNING) are bound over the view's columns at
 * virtual slots (VIEW_SLOT + i) and then rewritten onto the base row (`toBase`): the executor
 * sees an ordinary DML on the base table, so READ COMMITTED re-checks, triggers and constraints
 * work unchanged. NB: a subquery in those expressions that reads a view column is refused (0A000):
 * its outer reference would point at a virtual slot.
 *
 * Privileges: the caller needs the statement's privilege on the view; each view's owner needs it
 * on the relation under that view (PostgreSQL's checkAsUser). The views' own WHERE clauses mark
 * no column as read, as in PostgreSQL.
 */
import {
  type CatalogReader,
  type ColumnDef,
  isCatalogTable,
  type SystemRelation,
  type TableDef,
  type ViewDef,
} from '@rustydb/catalog';
import { DbError, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { containsAggregate, containsWindowCall, visitAst } from './ast-walk.js';
import type { ExprBinder } from './bind-expr.js';
import type { QueryBinder } from './bind-select.js';
import { setReturningFunction } from './bind-set-returning.js';
import { viewQuery } from './bind-view.js';
import { hasSubquery, mapColumns } from './expr-walk.js';
import type { LogicalExpr, ViewCheck } from './logical-plan.js';
import { TID_COLUMN_NAME } from './logical-plan.js';
import type { ColumnUse } from './required-privileges.js';
import { Scope, type ScopeColumn } from './scope.js';

/** Where a statement's expressions find view column i before `toBase` rewrites them. */
export const VIEW_SLOT = 1 << 20;

export type ViewAction = 'insert' | 'update' | 'delete';

/** One column of the target view. */
export interface ViewColumn {
  readonly name: string;
  /** Its value over the base row (slots 0..n-1: the base table's columns, n: the tid). */
  readonly expr: LogicalExpr;
  /** The base table column it is, when updatable. */
  readonly base?: ColumnDef;
  /** Its DEFAULT (ALTER VIEW … SET DEFAULT, or that of the view column under it), if any. */
  readonly defaultSql?: string;
  /** Why it is not updatable (PostgreSQL's DETAIL), when it is not. */
  readonly reason?: string;
  /** The column's number in each relation of the chain, with that relation's requirement. */
  readonly uses: readonly { readonly use: ColumnUse; readonly attnum: number }[];
}

/** A view resolved down to its base table. */
export interface UpdatableView {
  readonly view: ViewDef;
  readonly base: TableDef;
  /** The name the innermost view's FROM gives the base table (EXPLAIN shows its scan so). */
  readonly baseAlias: string;
  /** The requirement on the base table (as the owner of the view right above it). */
  readonly baseUse: ColumnUse;
  readonly columns: readonly ViewColumn[];
  /** The conjunction of the views' WHERE clauses over the base row, if any. */
  readonly condition?: LogicalExpr;
  /** WITH CHECK OPTION: the WHERE clauses a new row must pass, innermost view first. */
  readonly checks: readonly ViewCheck<LogicalExpr>[];
}

/** Where a view sits in a chain being resolved. */
interface Chain {
  /** The views above (a view reaching itself is 42P17). */
  readonly seen: readonly number[];
  /** A view above has CASCADED CHECK OPTION: this one's WHERE is checked too. */
  readonly cascaded: boolean;
}

/** A view's WITH CHECK OPTION (its `check_option` reloption), if any. */
function checkOptionOf(view: ViewDef): 'local' | 'cascaded' | undefined {
  const o = view.options?.find((x) => x.startsWith('check_option='));
  if (o === undefined) return undefined;
  return o.slice('check_option='.length).toLowerCase() === 'local' ? 'local' : 'cascaded';
}

const NOT_UPDATABLE = {
  insert: ['cannot insert into view', 'inserting into', 'INSERT'],
  update: ['cannot update view', 'updating', 'UPDATE'],
  delete: ['cannot delete from view', 'deleting from', 'DELETE'],
} as const;

const SINGLE_TABLE = 'Views that do not select from a single table or view are not automatically updatable.';
const EXPRESSION_COLUMN = 'View columns that are not columns of their base relation are not updatable.';
const SET_RETURNING = 'Views that return set-returning functions are not automatically updatable.';
const NO_UPDATABLE_COLUMNS = 'Views that have no updatable columns are not automatically updatable.';
const SYSTEM_COLUMN = 'View columns that refer to system columns are not updatable.';

/** 55000 for a view that is not automatically updatable, with PostgreSQL's DETAIL and HINT. */
export function notUpdatable(view: string, action: ViewAction, detail: string): DbError {
  const [message, gerund, verb] = NOT_UPDATABLE[action];
  return new DbError('55000', `${message} "${view}"`, {
    detail,
    hint: `To enable ${gerund} the view, provide an INSTEAD OF ${verb} trigger or an unconditional ON ${verb} DO INSTEAD rule.`,
  });
}

/**
 * The error for INSERT, UPDATE or DELETE naming a system relation, which is computed and takes no
 * writes: a system view is a view no rule makes updatable (PostgreSQL's 55000, whoever asks); a
 * catalog table takes writes from no one here (PostgreSQL's 42501 for all but superusers, whose
 * writes it applies).
 */
export function systemRelationTarget(rel: SystemRelation, action: ViewAction): DbError {
  if (!isCatalogTable(rel)) return notUpdatable(rel.name, action, SINGLE_TABLE);
  return new DbError('42501', `permission denied for table ${rel.name}`);
}

/** 0A000 for writing view column `c`, which is not a base column. */
export function columnNotUpdatable(view: string, c: ViewColumn, action: 'insert' | 'update'): DbError {
  const verb = action === 'insert' ? 'cannot insert into' : 'cannot update';
  return new DbError('0A000', `${verb} column "${c.name}" of view "${view}"`, {
    detail: c.reason ?? EXPRESSION_COLUMN,
  });
}

/**
 * Why view query `q` is not automatically updatable (PostgreSQL's detail text), or its single
 * FROM item.
 */
function autoUpdatableFrom(q: ast.SelectStmt): string | ast.RelationRef {
  if (q.with) return 'Views containing WITH are not automatically updatable.';
  if (q.kind === 'select' && q.distinct) return 'Views containing DISTINCT are not automatically updatable.';
  if (q.kind === 'select' && q.groupBy.length > 0)
    return 'Views containing GROUP BY are not automatically updatable.';
  if (q.kind === 'select' && q.having) return 'Views containing HAVING are not automatically updatable.';
  if (q.kind === 'setOp')
    return 'Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.';
  if (q.limit || q.offset) return 'Views containing LIMIT or OFFSET are not automatically updatable.';
  if (q.kind !== 'select') return SINGLE_TABLE;
  const exprs = q.targets.map((t) => t.expr);
  if (exprs.some(containsAggregate))
    return 'Views that return aggregate functions are not automatically updatable.';
  if (exprs.some(containsWindowCall))
    return 'Views that return window functions are not automatically updatable.';
  if (exprs.some(returnsSet)) return SET_RETURNING;
  const item = q.from.length === 1 ? q.from[0] : undefined;
  return item?.kind === 'relation' ? item : SINGLE_TABLE;
}

/**
 * Why view query `q` cannot take WITH CHECK OPTION (it is not automatically updatable), or
 * undefined. Checked at CREATE VIEW, on the query as written: a column counts as updatable when
 * it is a plain column reference (or `*`).
 */
export function checkOptionRefusal(q: ast.SelectStmt, catalog: CatalogReader): string | undefined {
  const from = autoUpdatableFrom(q);
  if (typeof from === 'string') return from;
  const { name, schema } = from.name;
  const table = catalog.table(name, schema);
  if (table ? table.matview : !catalog.view?.(name, schema)) return SINGLE_TABLE;
  const plain = (q as ast.Select).targets.some((t) => t.expr.kind === 'columnRef' || t.expr.kind === 'star');
  return plain ? undefined : NO_UPDATABLE_COLUMNS;
}

/**
 * Which columns of `view` an INSERT or UPDATE may write, or undefined when the view is not
 * automatically updatable (information_schema, pg_relation_is_updatable). Read from the query as
 * written, without binding: a column is updatable when it is a plain column reference (or comes
 * from `*`) naming an updatable column of the relation below.
 */
export function updatableViewColumns(
  view: ViewDef,
  catalog: CatalogReader,
  seen: readonly number[] = [],
): boolean[] | undefined {
  if (seen.includes(view.oid)) return undefined;
  const q = viewQuery(view);
  const from = autoUpdatableFrom(q);
  if (typeof from === 'string') return undefined;
  const { name, schema } = from.name;
  const table = catalog.table(name, schema);
  const inner = table ? undefined : catalog.view?.(name, schema);
  let below: { name: string; updatable: boolean }[];
  if (table && !table.matview) below = table.columns.map((c) => ({ name: c.name, updatable: true }));
  else if (inner) {
    const cols = updatableViewColumns(inner, catalog, [...seen, view.oid]);
    if (!cols) return undefined;
    below = inner.columns.map((c, i) => ({ name: c.name, updatable: cols[i] }));
  } else return undefined;
  const renamed = from.alias?.columns ?? [];
  below = below.map((c, i) => (renamed[i] ? { ...c, name: renamed[i] } : c));
  const out: boolean[] = [];
  for (const t of (q as ast.Select).targets) {
    const e = t.expr;
    if (e.kind === 'star') out.push(...below.map((c) => c.updatable));
    else if (e.kind === 'columnRef')
      out.push(below.find((c) => c.name === e.names[e.names.length - 1])?.updatable ?? false);
    else out.push(false);
  }
  return view.columns.map((_, i) => out[i] ?? false);
}

function returnsSet(e: ast.Expr): boolean {
  let found = false;
  visitAst(e, (n) => {
    if (n.kind === 'funcCall' && (n.name === 'generate_series' || setReturningFunction(n) !== undefined)) {
      found = true;
    }
  });
  return found;
}

/** What resolving a view needs from the binder. */
export interface ViewBinders {
  readonly exprs: ExprBinder;
  readonly queries: QueryBinder;
  readonly catalog: CatalogReader;
}

/**
 * Resolves `view` for `action` (needing privilege `bits` on each relation of the chain, as the
 * owner of the view above it). Synchronous.
 * @throws DbError 55000 when a view of the chain is not automatically updatable (or, for INSERT
 *   and UPDATE, has no updatable column); 42P17 for a view reaching itself.
 */
export function resolveUpdatableView(
  view: ViewDef,
  action: ViewAction,
  bits: number,
  b: ViewBinders,
  chain: Chain = { seen: [], cascaded: false },
): UpdatableView {
  if (chain.seen.includes(view.oid)) {
    throw new DbError('42P17', `infinite recursion detected in rules for relation "${view.name}"`);
  }
  const q = viewQuery(view);
  const from = autoUpdatableFrom(q);
  if (typeof from === 'string') throw notUpdatable(view.name, action, from);
  const state = b.exprs.state;
  const ctes = state.ctes.splice(0);
  const outerView = state.privileges.viaView;
  state.privileges.viaView = view.oid;
  try {
    const own = checkOptionOf(view);
    const cascaded = own === 'cascaded' || chain.cascaded;
    const below = relationBelow(from, action, bits, b, { seen: [...chain.seen, view.oid], cascaded });
    const alias = from.alias?.name ?? from.name.name;
    const renamed = from.alias?.columns ?? [];
    const scope = new Scope([
      {
        alias,
        tableName: from.name.name,
        columns: below.scopeColumns.map((c, i) => (renamed[i] ? { ...c, name: renamed[i] } : c)),
        ...(below.view ? {} : { systemOf: below.base.oid }),
      },
    ]);
    const toBelow = (e: LogicalExpr) => substitute(e, below.columns);
    const where =
      q.kind === 'select' && q.where
        ? toBelow(b.exprs.bindCondition(q.where, { scope, clause: 'WHERE' }))
        : undefined;
    const targets = b.queries.bindTargetList((q as ast.Select).targets, { scope, clause: 'SELECT' });
    if (targets.some((t) => t.srf || t.srfFn)) throw notUpdatable(view.name, action, SET_RETURNING);
    const n = below.base.columns.length;
    const columns = view.columns.map((vc, i): ViewColumn => {
      const e = targets[i].expr;
      const expr = toBelow(e);
      const inner = e.kind === 'column' ? columnBelow(below, e.index, n) : undefined;
      if (e.kind === 'column' && inner?.base) {
        const attnum = below.columns ? e.index - VIEW_SLOT + 1 : inner.base.attnum;
        const defaultSql = vc.defaultSql ?? inner.defaultSql;
        const uses = [...inner.uses, { use: below.use, attnum }];
        return {
          name: vc.name,
          expr,
          base: inner.base,
          uses,
          ...(defaultSql !== undefined ? { defaultSql } : {}),
        };
      }
      return { name: vc.name, expr, reason: inner?.reason ?? EXPRESSION_COLUMN, uses: [] };
    });
    if (action !== 'delete' && columns.every((c) => c.base === undefined)) {
      throw notUpdatable(view.name, action, NO_UPDATABLE_COLUMNS);
    }
    const condition = and(below.condition, where);
    const baseUse = below.view?.baseUse ?? below.use;
    const baseAlias = below.view?.baseAlias ?? alias;
    const checks = [...(below.view?.checks ?? [])];
    if (where && (own !== undefined || chain.cascaded)) checks.push({ view: view.name, predicate: where });
    return {
      view,
      base: below.base,
      baseAlias,
      baseUse,
      columns,
      checks,
      ...(condition ? { condition } : {}),
    };
  } finally {
    state.privileges.viaView = outerView;
    state.ctes.push(...ctes);
  }
}

/** The relation under a view: its columns as the view's query sees them. */
interface Below {
  readonly base: TableDef;
  readonly view?: UpdatableView;
  readonly use: ColumnUse;
  readonly scopeColumns: ScopeColumn[];
  /** For a view: its columns, which the view query's virtual slots stand for. */
  readonly columns?: readonly ViewColumn[];
  readonly condition?: LogicalExpr;
}

function relationBelow(
  from: ast.RelationRef,
  action: ViewAction,
  bits: number,
  b: ViewBinders,
  chain: Chain,
): Below {
  const { name, schema } = from.name;
  const table = b.catalog.table(name, schema);
  const privileges = b.exprs.state.privileges;
  if (table && !table.matview) {
    const use = privileges.require(table.oid, table.name, bits);
    return { base: table, use, scopeColumns: tableScopeColumns(table) };
  }
  const view = table ? undefined : b.catalog.view?.(name, schema);
  if (!view) {
    // A materialized view (or anything else that is not a table or a view).
    throw notUpdatable(from.name.name, action, SINGLE_TABLE);
  }
  const use = privileges.require(view.oid, view.name, bits);
  const inner = resolveUpdatableView(view, action, bits, b, chain);
  const scopeColumns: ScopeColumn[] = inner.columns.map((c, i) => ({
    name: c.name,
    type: view.columns[i].type,
    tableOid: view.oid,
    attnum: i + 1,
    slot: VIEW_SLOT + i,
  }));
  return {
    base: inner.base,
    view: inner,
    use,
    scopeColumns,
    columns: inner.columns,
    ...(inner.condition ? { condition: inner.condition } : {}),
  };
}

/** The column under a view column that is a plain column reference (slot `index`). */
function columnBelow(below: Below, index: number, n: number): Omit<ViewColumn, 'name' | 'expr'> | undefined {
  if (below.columns) return index >= VIEW_SLOT ? below.columns[index - VIEW_SLOT] : undefined;
  if (index >= n) return { reason: SYSTEM_COLUMN, uses: [] };
  return { base: below.base.columns[index], uses: [] };
}

/** `e` with its virtual view slots replaced by those columns' expressions (`slot(i)` for VIEW_SLOT + i). */
export function substitute(
  e: LogicalExpr,
  columns: readonly ViewColumn[] | undefined,
  slot: (i: number) => LogicalExpr = (i) => columns![i].expr,
): LogicalExpr {
  if (!columns) return e;
  if (hasSubquery(e)) checkNoOuterViewSlot(e);
  return mapColumns(e, (c) => (c.index >= VIEW_SLOT ? slot(c.index - VIEW_SLOT) : c));
}

/** 0A000 when a subquery in `e` reads a view column of the statement's level (see the file comment). */
function checkNoOuterViewSlot(e: LogicalExpr): void {
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    const node = x as { kind?: unknown; index?: unknown };
    if (node.kind === 'outerColumn' && typeof node.index === 'number' && node.index >= VIEW_SLOT) {
      throw new DbError('0A000', 'a subquery reading a column of the view being changed is not supported');
    }
    for (const v of Object.values(x)) walk(v);
  };
  walk(e);
}

function and(a: LogicalExpr | undefined, b: LogicalExpr | undefined): LogicalExpr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', type: sqlType('bool'), args: [a, b] };
}

/**
 * The scope of a DML statement's base table: its columns in slot order (read under `privilege`,
 * when given), then the hidden tid column the statement's row carries.
 */
export function tableScopeColumns(table: TableDef, privilege?: ColumnUse): ScopeColumn[] {
  const columns: ScopeColumn[] = table.columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    tableOid: table.oid,
    attnum: c.attnum,
    slot: i,
    ...(privilege ? { privilege } : {}),
  }));
  columns.push({
    name: TID_COLUMN_NAME,
    type: sqlType('tid'),
    tableOid: 0,
    attnum: 0,
    slot: table.columns.length,
    hidden: true,
  });
  return columns;
}
