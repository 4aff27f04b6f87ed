/**
 * The relation an INSERT, UPDATE or DELETE names: a table, or an automatically updatable view
 * (updatable-view.ts) that writes its base table. DmlBinder binds the statement's expressions
 * over `scopeColumns` and passes each through `resolve`, which puts them over the base table's
 * row; the plan it builds always writes `table`.
 */
import type { ColumnDef, TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { type ConflictScope, tableConflictScope } from './bind-on-conflict.js';
import { checkGeneratedTargets } from './dml-target-rules.js';
import { columnsUsed, mapColumns } from './expr-walk.js';
import type { LogicalExpr, ViewCheck } from './logical-plan.js';
import { type ColumnUse, SELECT } from './required-privileges.js';
import type { ScopeColumn } from './scope.js';
import {
  columnNotUpdatable,
  substitute,
  tableScopeColumns,
  type UpdatableView,
  VIEW_SLOT,
} from './updatable-view.js';

export interface DmlTarget {
  /** The table written. */
  readonly table: TableDef;
  /** The name the statement gave (a table's or a view's). */
  readonly name: string;
  /** The caller's requirement on the named relation. */
  readonly use: ColumnUse;
  /** The named relation's columns (and a table's hidden tid), as the statement's expressions see them. */
  readonly scopeColumns: ScopeColumn[];
  /** A table's OID (its system columns are visible); undefined for a view. */
  readonly systemOf?: number;
  /** The alias of the table's scan, when not the statement's (a view's base table). */
  readonly scanAlias?: string;
  /** The view's WHERE over the base row, if any: rows outside it are not changed. */
  readonly condition?: LogicalExpr;
  /** WITH CHECK OPTION of the views, innermost first (absent when none). */
  readonly viewChecks?: readonly ViewCheck<LogicalExpr>[];
  /** The base column that INSERT or UPDATE names `name` writes; marks it written. */
  column(name: ast.ColumnName, action: 'insert' | 'update'): ColumnDef;
  /** INSERT's target columns (all the relation's when `names` is empty), not yet checked. */
  insertTargets(names: readonly ast.ColumnName[]): ColumnDef[];
  /** Checks (and marks written) the columns an INSERT fills, once trimmed to its source's width. */
  acceptInserted(targets: readonly ColumnDef[], rows?: readonly (readonly ast.Expr[])[]): void;
  /** What ON CONFLICT DO UPDATE reads (the existing row as `alias`, and `excluded`). */
  conflictScope(alias: string): ConflictScope;
  /** The DEFAULT the target gives base column `column` (a view column's), if any. */
  defaultSql(column: ColumnDef): string | undefined;
  /** `e`, bound over `scopeColumns` (and the rest of the input row), over the base row. */
  resolve(e: LogicalExpr): LogicalExpr;
  /** Passes the columns the statement read on to the relations below (a view's base table). */
  finish(): void;
}

/** `table` named by the statement itself. */
export function tableTarget(table: TableDef, use: ColumnUse): DmlTarget {
  const scopeColumns = tableScopeColumns(table, use);
  const column = (name: ast.ColumnName): ColumnDef => {
    const c = table.columns.find((x) => x.name === name.name);
    if (!c) throw undefinedTargetColumn(name, table.name);
    return c;
  };
  return {
    table,
    name: table.name,
    use,
    scopeColumns,
    systemOf: table.oid,
    column(name, action) {
      const c = column(name);
      (action === 'insert' ? use.inserted : use.updated).add(c.attnum);
      return c;
    },
    insertTargets: (names) => (names.length === 0 ? [...table.columns] : uniqueTargets(names, column)),
    acceptInserted(targets, rows) {
      checkGeneratedTargets(targets, rows);
      for (const c of targets) use.inserted.add(c.attnum);
    },
    conflictScope: (alias) => tableConflictScope(table, alias, use),
    defaultSql: () => undefined,
    resolve: (e) => e,
    finish() {},
  };
}

/**
 * Updatable view `v` named by the statement (`use`: the caller's requirement on it). View columns
 * that are not base columns stand in INSERT's targets as placeholders (attnum -1 - i) until
 * `acceptInserted` refuses them: an INSERT whose source is shorter leaves them out.
 */
export function viewTarget(v: UpdatableView, use: ColumnUse): DmlTarget {
  const scopeColumns: ScopeColumn[] = v.columns.map((c, i) => ({
    name: c.name,
    type: v.view.columns[i].type,
    tableOid: v.view.oid,
    attnum: i + 1,
    slot: VIEW_SLOT + i,
    privilege: use,
  }));
  const index = (name: ast.ColumnName): number => {
    const i = v.columns.findIndex((c) => c.name === name.name);
    if (i < 0) throw undefinedTargetColumn(name, v.view.name);
    return i;
  };
  const mark = (i: number, action: 'insert' | 'update') => {
    const set = (u: ColumnUse) => (action === 'insert' ? u.inserted : u.updated);
    set(use).add(i + 1);
    for (const { use: u, attnum } of v.columns[i].uses) set(u).add(attnum);
  };
  const placeholder = (i: number): ColumnDef => {
    const c = v.columns[i];
    return c.base ?? ({ name: c.name, attnum: -1 - i, type: v.view.columns[i].type } as ColumnDef);
  };
  return {
    table: v.base,
    name: v.view.name,
    use,
    scopeColumns,
    scanAlias: v.baseAlias,
    ...(v.condition ? { condition: v.condition } : {}),
    ...(v.checks.length > 0 ? { viewChecks: v.checks } : {}),
    column(name, action) {
      const i = index(name);
      const base = v.columns[i].base;
      if (!base) throw columnNotUpdatable(v.view.name, v.columns[i], action);
      mark(i, action);
      return base;
    },
    insertTargets: (names) =>
      names.length === 0
        ? v.columns.map((_, i) => placeholder(i))
        : uniqueTargets(names, (n) => placeholder(index(n))),
    acceptInserted(targets, rows) {
      for (const t of targets) {
        const i = t.attnum < 0 ? -1 - t.attnum : v.columns.findIndex((c) => c.base === t);
        if (t.attnum < 0) throw columnNotUpdatable(v.view.name, v.columns[i], 'insert');
        mark(i, 'insert');
      }
      checkGeneratedTargets(targets, rows);
    },
    conflictScope: (alias) => viewConflictScope(v, alias, scopeColumns),
    defaultSql: (column) =>
      v.columns.find((c) => c.base === column && c.defaultSql !== undefined)?.defaultSql,
    resolve: (e) => substitute(e, v.columns),
    finish() {
      const n = v.base.columns.length;
      for (const attnum of use.selected) {
        const c = v.columns[attnum - 1];
        for (const { use: u, attnum: a } of c.uses) {
          u.selected.add(a);
          u.bits |= SELECT;
        }
        if (c.base) continue;
        for (const slot of columnsUsed(c.expr)) {
          if (slot >= n) continue;
          v.baseUse.selected.add(v.base.columns[slot].attnum);
          v.baseUse.bits |= SELECT;
        }
      }
    },
  };
}

/**
 * ON CONFLICT over view `v`: the existing row's view columns at VIEW_SLOT + i, the proposed
 * row's (`excluded`) at 2 * VIEW_SLOT + i, rewritten onto the table's (existing row, proposed
 * row) slots. A conflict target names view columns, which must be the table's own.
 */
function viewConflictScope(
  v: UpdatableView,
  alias: string,
  scopeColumns: readonly ScopeColumn[],
): ConflictScope {
  const n = v.base.columns.length;
  const excluded = scopeColumns.map(({ privilege: _, ...c }) => ({ ...c, slot: c.slot + VIEW_SLOT }));
  const shifted = v.columns.map((c) => mapColumns(c.expr, (x) => ({ ...x, index: x.index + n })));
  return {
    items: [
      { alias, tableName: v.view.name, columns: scopeColumns },
      { alias: 'excluded', columns: excluded },
    ],
    resolve: (e) =>
      substitute(e, v.columns, (i) => (i >= VIEW_SLOT ? shifted[i - VIEW_SLOT] : v.columns[i].expr)),
    // An expression column names no table column: no unique index matches it (42P10).
    column: (name) => {
      const c = v.columns.find((x) => x.name === name);
      return c && (c.base ?? ({ name, attnum: -1 } as ColumnDef));
    },
  };
}

function undefinedTargetColumn(name: ast.ColumnName, relation: string): DbError {
  return new DbError('42703', `column "${name.name}" of relation "${relation}" does not exist`, {
    position: name.location + 1,
  });
}

function uniqueTargets(
  names: readonly ast.ColumnName[],
  column: (n: ast.ColumnName) => ColumnDef,
): ColumnDef[] {
  const out: ColumnDef[] = [];
  for (const n of names) {
    const c = column(n);
    if (out.includes(c)) {
      throw new DbError('42701', `column "${c.name}" specified more than once`, {
        position: n.location + 1,
      });
    }
    out.push(c);
  }
  return out;
}
