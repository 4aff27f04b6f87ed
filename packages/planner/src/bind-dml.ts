/**
 * DmlBinder: INSERT, UPDATE and DELETE → logical plans.
 *
 * - INSERT: the source (VALUES, a query, or DEFAULT VALUES) becomes a plan yielding complete
 *   table rows in attnum order: listed columns get the source values with assignment casts,
 *   the others their DEFAULT (ColumnDef.defaultSql, parsed and bound here) or NULL.
 * - UPDATE/DELETE: a scan of the target with the hidden tid column, joined with the FROM / USING
 *   items when any, filtered by WHERE; UPDATE's SET expressions read that row (the old values),
 *   RETURNING reads the row written (then the rest of the input row: FROM / USING columns).
 * - INSERT … ON CONFLICT (bind-on-conflict.ts): the arbiter unique indexes, and DO UPDATE's SET
 *   and WHERE over the existing row followed by the proposed one (EXCLUDED).
 * - MERGE (bind-merge.ts): the target's scan joined with the source, and one action per WHEN.
 * - WITH on any of them: the statement's plan under a WithNode (bind-with.ts).
 *
 * Constraints (NOT NULL, unique indexes) are checked by the executor, not here, and it computes
 * generated columns (the binder leaves them NULL in the rows it builds).
 */
import type { CatalogReader, ColumnDef, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, type SqlType, sqlType, undefinedTable } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { parseExpression } from '@rustydb/parser';
import { type ExprBinder, type ExprContext, startOf } from './bind-expr.js';
import type { FromBinder } from './bind-from.js';
import { MergeBinder } from './bind-merge.js';
import { bindOnConflict } from './bind-on-conflict.js';
import { resolveSystemRelation } from './bind-system-relation.js';
import type { QueryBinder } from './bind-select.js';
import { bindWith } from './bind-with.js';
import { coerceAssignment } from './coerce.js';
import { type DmlTarget, tableTarget, viewTarget } from './dml-target.js';
import {
  applyIdentityRules,
  checkIdentityUpdate,
  checkNotMatviewTarget,
  checkNotSequenceTarget,
} from './dml-target-rules.js';
import type { LogicalExpr, LogicalPlan, PlanColumn, Returning } from './logical-plan.js';
import { TID_COLUMN_NAME } from './logical-plan.js';
import { DELETE, INSERT, SELECT, UPDATE } from './required-privileges.js';
import { Scope, type ScopeItem } from './scope.js';
import { mentionsCtid } from './system-columns.js';
import { resolveUpdatableView, systemRelationTarget } from './updatable-view.js';

export class DmlBinder {
  constructor(
    private readonly exprs: ExprBinder,
    private readonly queries: QueryBinder,
    private readonly from: FromBinder,
    private readonly catalog: CatalogReader,
    private readonly refreshing?: Oid,
  ) {}

  bindInsert(s: ast.InsertStmt): LogicalPlan {
    return this.withClause(s.with, () => this.bindInsertBody(s));
  }

  bindUpdate(s: ast.UpdateStmt): LogicalPlan {
    return this.withClause(s.with, () => this.bindUpdateBody(s));
  }

  bindDelete(s: ast.DeleteStmt): LogicalPlan {
    return this.withClause(s.with, () => this.bindDeleteBody(s));
  }

  bindMerge(s: ast.MergeStmt): LogicalPlan {
    return this.withClause(s.with, () => new MergeBinder(this, this.exprs, this.catalog).bindMerge(s));
  }

  private withClause(w: ast.WithClause | undefined, body: () => LogicalPlan): LogicalPlan {
    if (!w) return body();
    return bindWith(w, undefined, this.exprs.state, (q, o) => this.queries.bindQuery(q, o), body);
  }

  private bindInsertBody(stmt: ast.InsertStmt): LogicalPlan {
    const wantsUpdate = stmt.onConflict?.action === 'update';
    const target = this.target(stmt.table, 'insert', INSERT | (wantsUpdate ? UPDATE : 0));
    const { table } = target;
    const targets = target.insertTargets(stmt.columns);
    const s = applyIdentityRules(stmt, targets);
    let input: LogicalPlan;
    const src = s.source;
    if (!src) {
      input = {
        kind: 'values',
        rows: [table.columns.map((c) => this.defaultFor(c, target))],
        columns: rowColumns(table),
      };
    } else if (src.kind === 'values' && src.orderBy.length === 0 && !src.limit && !src.offset && !src.with) {
      input = this.insertValues(target, targets, s.columns, src);
    } else {
      input = this.insertQuery(target, targets, s.columns, src);
    }
    const alias = s.alias ?? target.name;
    const names = s.onConflict ? target.conflictScope(alias) : undefined;
    const onConflict =
      s.onConflict && names
        ? bindOnConflict(s.onConflict, table, names, this.exprs, (set, ctx) =>
            this.bindAssignments(target, set, ctx, names.resolve),
          )
        : undefined;
    const returning = this.bindReturning(s.returning, target, alias);
    requireSelectIfRead(target);
    return {
      kind: 'insert',
      table,
      input,
      ...(onConflict ? { onConflict } : {}),
      ...(target.viewChecks ? { viewChecks: target.viewChecks } : {}),
      ...(returning ? { returning } : {}),
      columns: returning?.columns ?? [],
    };
  }

  private bindUpdateBody(s: ast.UpdateStmt): LogicalPlan {
    const target = this.target(s.table, 'update', UPDATE);
    const { table } = target;
    const alias = s.alias ?? target.name;
    const { plan, scope, recheck } = this.targetScan(target, alias, s.where, s.from);
    const assignments = this.bindAssignments(target, s.set, { scope, clause: 'UPDATE' });
    const returning = this.modifyReturning(s.returning, target, alias, s.from.length > 0 ? scope : undefined);
    return {
      kind: 'update',
      table,
      input: plan,
      ...(recheck ? { recheck } : {}),
      assignments,
      ...(target.viewChecks ? { viewChecks: target.viewChecks } : {}),
      ...(returning ? { returning } : {}),
      columns: returning?.columns ?? [],
    };
  }

  /** RETURNING of an UPDATE or DELETE, then SELECT if the statement read any target column. */
  private modifyReturning(
    list: readonly ast.ResultTarget[],
    target: DmlTarget,
    alias: string,
    scope: Scope | undefined,
  ): Returning | undefined {
    const returning = this.bindReturning(list, target, alias, scope);
    requireSelectIfRead(target);
    return returning;
  }

  /** SET clauses (UPDATE, ON CONFLICT DO UPDATE, MERGE): each column once, values assignment-cast. */
  bindAssignments(
    target: DmlTarget,
    set: readonly ast.SetClause[],
    ctx: ExprContext,
    resolve = target.resolve,
  ): { column: ColumnDef; expr: LogicalExpr }[] {
    // Every value is bound before any is assignment-cast, as PostgreSQL's transformUpdateTargetList:
    // a `$n` used twice is still untyped at both casts (42P08 when they disagree).
    const bound: { column: ColumnDef; value: ast.Expr; expr: LogicalExpr | undefined }[] = [];
    const assign = (name: ast.ColumnName, value: ast.Expr) => {
      const column = target.column(name, 'update');
      checkIdentityUpdate(column, value);
      if (bound.some((a) => a.column.attnum === column.attnum)) {
        throw new DbError('42601', `multiple assignments to same column "${column.name}"`);
      }
      bound.push({ column, value, expr: this.boundValue(value, ctx) });
    };
    for (const c of set) {
      if (c.kind === 'set') {
        assign(c.column, c.value);
        continue;
      }
      const v = c.value;
      if (v.kind !== 'row' || v.args.length !== c.columns.length) {
        throw new DbError('0A000', 'this form of multiple-column UPDATE is not supported', {
          position: v.location + 1,
        });
      }
      for (let i = 0; i < c.columns.length; i++) assign(c.columns[i], v.args[i]);
    }
    return bound.map(({ column, value, expr }) => ({
      column,
      expr: resolve(this.assignedValue(column, value, expr, (c) => this.defaultFor(c, target))),
    }));
  }

  private bindDeleteBody(s: ast.DeleteStmt): LogicalPlan {
    const target = this.target(s.table, 'delete', DELETE);
    const { table } = target;
    const alias = s.alias ?? target.name;
    const { plan, scope, recheck } = this.targetScan(target, alias, s.where, s.using);
    const returning = this.modifyReturning(
      s.returning,
      target,
      alias,
      s.using.length > 0 ? scope : undefined,
    );
    return {
      kind: 'delete',
      table,
      input: plan,
      ...(recheck ? { recheck } : {}),
      ...(returning ? { returning } : {}),
      columns: returning?.columns ?? [],
    };
  }

  /** A VALUES cell or SET value bound, undefined for DEFAULT (see `assignedValue`). */
  private boundValue(e: ast.Expr, ctx: ExprContext): LogicalExpr | undefined {
    return e.kind === 'default' ? undefined : this.exprs.bind(e, ctx);
  }

  /**
   * A VALUES cell or SET value `e` for `column`: its DEFAULT (through `defaultOf`), or `bound`
   * (`e` bound) assignment-cast to the column's type.
   */
  private assignedValue(
    column: ColumnDef,
    e: ast.Expr,
    bound: LogicalExpr | undefined,
    defaultOf: (c: ColumnDef) => LogicalExpr,
  ): LogicalExpr {
    if (bound === undefined) return defaultOf(column);
    return coerceAssignment(bound, column.type, column.name, this.exprs.state.params, startOf(e) + 1);
  }

  /**
   * The bound DEFAULT of `column` (NULL when it has none), coerced to the column's type. A
   * generated column's is NULL too: the executor computes it once the rest of the row is known.
   * A view `target`'s column default comes first (PostgreSQL's rewriteTargetListIU).
   */
  defaultFor(column: ColumnDef, target?: DmlTarget): LogicalExpr {
    if (column.generated !== undefined) return { kind: 'const', type: column.type, value: null };
    // A column's own DEFAULT overrides its domain's (PostgreSQL's build_column_default).
    const sql = target?.defaultSql(column) ?? column.defaultSql ?? domainDefaultSql(column.type);
    if (sql === undefined) {
      if (column.type.domain === undefined) return { kind: 'const', type: column.type, value: null };
      // NULL must pass the domain's NOT NULL: a cast to the domain checks it.
      const nothing: LogicalExpr = { kind: 'const', type: sqlType('unknown'), value: null };
      return coerceAssignment(nothing, column.type, column.name, this.exprs.state.params, 0);
    }
    const e = parseExpression(sql);
    const bound = this.exprs.bind(e, { scope: new Scope([]), clause: 'DEFAULT expressions' });
    return coerceAssignment(bound, column.type, column.name, this.exprs.state.params, 0);
  }

  /**
   * The relation a DML statement names: a table (needing `bits` of the caller), or an
   * automatically updatable view (the caller needs `bits` on it, its owner on what it reads).
   */
  target(name: ast.ObjectName, action: 'insert' | 'update' | 'delete', bits: number): DmlTarget {
    const privileges = this.exprs.state.privileges;
    const t = this.catalog.table(name.name, name.schema);
    if (t) {
      if (t.oid !== this.refreshing) checkNotMatviewTarget(t);
      return tableTarget(t, privileges.require(t.oid, t.name, bits));
    }
    const view = this.catalog.view?.(name.name, name.schema);
    if (view) {
      const use = privileges.require(view.oid, view.name, bits);
      const binders = { exprs: this.exprs, queries: this.queries, catalog: this.catalog };
      return viewTarget(resolveUpdatableView(view, action, bits, binders), use);
    }
    checkNotSequenceTarget(this.catalog, name);
    const system = resolveSystemRelation(this.catalog, name.name, name.schema);
    if (system) throw systemRelationTarget(system, action);
    throw undefinedTable(name.schema ? `${name.schema}.${name.name}` : name.name, name.location + 1);
  }

  /**
   * INSERT's VALUES rows as complete table rows; `ctx` names what the cells may read (MERGE's
   * source row; nothing for INSERT).
   */
  insertValues(
    target: DmlTarget,
    targets: readonly ColumnDef[],
    names: readonly ast.ColumnName[],
    v: ast.Values,
    ctx: ExprContext = { scope: new Scope([]), clause: 'VALUES' },
  ): Extract<LogicalPlan, { kind: 'values' }> {
    const { table } = target;
    const width = v.rows[0].length;
    // Without a column list, fewer values fill the leading columns (the rest get defaults).
    if (names.length === 0 && width < targets.length) targets = targets.slice(0, width);
    target.acceptInserted(targets, v.rows);
    // Per table column, the cell of a row that fills it (-1: its default), worked out once: a
    // bulk INSERT has thousands of rows.
    const cellOf = table.columns.map((c) => targets.findIndex((t) => t.attnum === c.attnum));
    // Each column's DEFAULT is parsed and bound once for all the rows (one expression tree each
    // row's cell shares: it is evaluated per row, so a nextval() still runs per row).
    const defaults = new Map<number, LogicalExpr>();
    const defaultOf = (c: ColumnDef): LogicalExpr => {
      let d = defaults.get(c.attnum);
      if (d === undefined) {
        d = this.defaultFor(c, target);
        defaults.set(c.attnum, d);
      }
      return d;
    };
    const rows = v.rows.map((r) => {
      if (r.length !== width) {
        throw new DbError('42601', 'VALUES lists must all be the same length', {
          position: r[0].location + 1,
        });
      }
      checkArity(r.length, targets.length, r, names);
      // The row's cells are all bound before they are cast (PostgreSQL's transformInsertRow
      // after transformExpressionList): see bindAssignments.
      const bound = r.map((e) => this.boundValue(e, ctx));
      const cells = r.map((e, i) => this.assignedValue(targets[i], e, bound[i], defaultOf));
      return cellOf.map((k, j) => (k < 0 ? defaultOf(table.columns[j]) : cells[k]));
    });
    return { kind: 'values', rows, columns: rowColumns(table) };
  }

  private insertQuery(
    target: DmlTarget,
    targets: readonly ColumnDef[],
    names: readonly ast.ColumnName[],
    q: ast.SelectStmt,
  ): LogicalPlan {
    const { table } = target;
    const input = this.queries.bindQuery(q, undefined, true);
    if (names.length === 0 && input.columns.length < targets.length) {
      targets = targets.slice(0, input.columns.length);
    }
    target.acceptInserted(targets);
    if (input.columns.length > targets.length) {
      const extra = q.kind === 'select' ? q.targets[targets.length]?.location : undefined;
      throw new DbError('42601', 'INSERT has more expressions than target columns', {
        ...(extra !== undefined ? { position: extra + 1 } : {}),
      });
    }
    if (input.columns.length < targets.length) {
      const missing = names[input.columns.length];
      throw new DbError('42601', 'INSERT has more target columns than expressions', {
        ...(missing ? { position: missing.location + 1 } : {}),
      });
    }
    const byAttnum = new Map<number, LogicalExpr>();
    targets.forEach((c, i) => {
      const col = input.columns[i];
      const ref: LogicalExpr = { kind: 'column', type: col.type, index: i, name: col.name };
      const pos = q.kind === 'select' && q.targets[i] ? q.targets[i].location + 1 : 0;
      byAttnum.set(c.attnum, coerceAssignment(ref, c.type, c.name, this.exprs.state.params, pos));
    });
    const exprs = table.columns.map((c) => byAttnum.get(c.attnum) ?? this.defaultFor(c, target));
    return { kind: 'project', input, exprs, columns: rowColumns(table) };
  }

  /**
   * Scan of a DML target's table with the hidden tid column, filtered by a view's WHERE, joined
   * with `from` (UPDATE … FROM, DELETE … USING, MERGE's source: their columns follow the tid),
   * filtered by WHERE.
   */
  targetScan(
    target: DmlTarget,
    alias: string,
    where: ast.Expr | undefined,
    from: readonly ast.TableRef[],
  ): { plan: LogicalPlan; scope: Scope; recheck?: LogicalExpr } {
    const { table } = target;
    const columns: PlanColumn[] = [
      ...rowColumns(table),
      { name: TID_COLUMN_NAME, type: sqlType('tid'), tableOid: 0, columnAttnum: 0 },
    ];
    let scope = new Scope([this.targetItem(target, alias)]);
    let plan: LogicalPlan = { kind: 'scan', table, alias: target.scanAlias ?? alias, emitTid: true, columns };
    if (target.condition) plan = { kind: 'filter', input: plan, predicate: target.condition, columns };
    if (from.length > 0) {
      const savedCtid = this.from.wantsCtid;
      this.from.wantsCtid = mentionsCtid([where, from]);
      let other: ReturnType<FromBinder['bindFrom']>;
      try {
        other = this.from.bindFrom(from, undefined);
      } finally {
        this.from.wantsCtid = savedCtid;
      }
      for (const it of other.scope.items) {
        if (it.alias === alias) {
          throw new DbError('42712', `table name "${alias}" specified more than once`, {
            position: from[0].location + 1,
          });
        }
      }
      const width = columns.length;
      const items = other.scope.items.map((it) => ({
        ...it,
        columns: it.columns.map((c) => ({ ...c, slot: c.slot + width })),
      }));
      scope = new Scope([...scope.items, ...items]);
      plan = {
        kind: 'join',
        joinType: 'cross',
        left: plan,
        right: other.plan,
        columns: [...plan.columns, ...other.plan.columns],
      };
    }
    if (!where) return { plan, scope, ...(target.condition ? { recheck: target.condition } : {}) };
    const predicate = target.resolve(this.exprs.bindCondition(where, { scope, clause: 'WHERE' }));
    plan = { kind: 'filter', input: plan, predicate, columns: plan.columns };
    const recheck = target.condition
      ? ({ kind: 'and', type: sqlType('bool'), args: [target.condition, predicate] } as const)
      : predicate;
    return { plan, scope, recheck };
  }

  /** The scope item naming the target's columns (a table's hidden tid too). */
  private targetItem(target: DmlTarget, alias: string): ScopeItem {
    return {
      alias,
      tableName: target.name,
      columns: target.scopeColumns,
      ...(target.systemOf !== undefined ? { systemOf: target.systemOf } : {}),
    };
  }

  /**
   * RETURNING over the written row; `inputScope` (UPDATE … FROM, DELETE … USING) names the input
   * row, whose first slots are then the written row's.
   */
  private bindReturning(
    list: readonly ast.ResultTarget[],
    target: DmlTarget,
    alias: string,
    inputScope?: Scope,
  ): Returning | undefined {
    if (list.length === 0) return undefined;
    // ctid, xmin, xmax: the executor puts the written version's tid after the table's columns.
    const tid = mentionsCtid(list) ? { readsTid: true } : {};
    const scope = inputScope ?? new Scope([this.targetItem(target, alias)]);
    const targets = this.queries.bindTargetList(list, { scope, clause: 'RETURNING' });
    return {
      exprs: targets.map((t) => target.resolve(t.expr)),
      columns: targets.map((t) => t.column),
      ...(inputScope ? { readsInput: true } : {}),
      ...tid,
    };
  }
}

function checkArity(
  given: number,
  wanted: number,
  row: readonly ast.Expr[],
  names: readonly ast.ColumnName[],
): void {
  if (given > wanted) {
    throw new DbError('42601', 'INSERT has more expressions than target columns', {
      position: row[wanted].location + 1,
    });
  }
  if (given < wanted) {
    const missing = names[given];
    throw new DbError('42601', 'INSERT has more target columns than expressions', {
      ...(missing ? { position: missing.location + 1 } : {}),
    });
  }
}

export function rowColumns(table: TableDef): PlanColumn[] {
  return table.columns.map((c) => ({
    name: c.name,
    type: c.type,
    tableOid: table.oid,
    columnAttnum: c.attnum,
  }));
}

/**
 * A DML statement needs SELECT on its target only when it reads one of its columns (WHERE, SET
 * expressions, RETURNING, ON CONFLICT): PostgreSQL's markVarForSelectPriv. `WHERE true` or
 * `RETURNING 1` read none.
 */
export function requireSelectIfRead(target: DmlTarget): void {
  if (target.use.selected.size > 0) target.use.bits |= SELECT;
  target.finish();
}

/** The DEFAULT of domain type `t`, or of the nearest domain under it that has one. */
export function domainDefaultSql(t: SqlType): string | undefined {
  for (let d = t.domain; d !== undefined; d = d.baseType.domain)
    if (d.defaultSql !== undefined) return d.defaultSql;
  return undefined;
}
