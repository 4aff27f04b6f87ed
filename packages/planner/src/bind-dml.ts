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
import type { QueryBinder } from './bind-select.js';
import { bindWith } from './bind-with.js';
import { coerceAssignment } from './coerce.js';
import {
  applyIdentityRules,
  checkGeneratedTargets,
  checkIdentityUpdate,
  checkNotMatviewTarget,
  checkNotViewTarget,
} from './dml-target-rules.js';
import type { LogicalExpr, LogicalPlan, PlanColumn, Returning } from './logical-plan.js';
import { TID_COLUMN_NAME } from './logical-plan.js';
import { type ColumnUse, DELETE, INSERT, SELECT, UPDATE } from './required-privileges.js';
import { Scope, type ScopeColumn } from './scope.js';
import { mentionsCtid } from './system-columns.js';

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
    const table = this.table(stmt.table, 'insert');
    const wantsUpdate = stmt.onConflict?.action === 'update';
    const use = this.exprs.state.privileges.require(
      table.oid,
      table.name,
      INSERT | (wantsUpdate ? UPDATE : 0),
    );
    const targets = this.insertTargets(table, stmt.columns);
    const s = applyIdentityRules(stmt, targets);
    let input: LogicalPlan;
    const src = s.source;
    if (!src) {
      input = {
        kind: 'values',
        rows: [table.columns.map((c) => this.defaultFor(c))],
        columns: rowColumns(table),
      };
    } else if (src.kind === 'values' && src.orderBy.length === 0 && !src.limit && !src.offset && !src.with) {
      input = this.insertValues(table, targets, s.columns, src, use);
    } else {
      input = this.insertQuery(table, targets, s.columns, src, use);
    }
    const alias = s.alias ?? table.name;
    const onConflict = s.onConflict
      ? bindOnConflict(s.onConflict, table, alias, this.exprs, use, (set, ctx) =>
          this.bindAssignments(table, set, ctx, use),
        )
      : undefined;
    const returning = this.bindReturning(s.returning, table, alias, use);
    requireSelectIfRead(use);
    return {
      kind: 'insert',
      table,
      input,
      ...(onConflict ? { onConflict } : {}),
      ...(returning ? { returning } : {}),
      columns: returning?.columns ?? [],
    };
  }

  private bindUpdateBody(s: ast.UpdateStmt): LogicalPlan {
    const table = this.table(s.table, 'update');
    const { alias, use, plan, scope, recheck } = this.modifyTarget(table, s.alias, UPDATE, s.where, s.from);
    const assignments = this.bindAssignments(table, s.set, { scope, clause: 'UPDATE' }, use);
    const returning = this.modifyReturning(
      s.returning,
      table,
      alias,
      use,
      s.from.length > 0 ? scope : undefined,
    );
    return {
      kind: 'update',
      table,
      input: plan,
      ...(recheck ? { recheck } : {}),
      assignments,
      ...(returning ? { returning } : {}),
      columns: returning?.columns ?? [],
    };
  }

  /**
   * What UPDATE and DELETE start with: the privilege requirement (`bit`), and the scan of the
   * target (with FROM / USING) filtered by WHERE.
   */
  private modifyTarget(
    table: TableDef,
    written: string | undefined,
    bit: number,
    where: ast.Expr | undefined,
    from: readonly ast.TableRef[],
  ): { alias: string; use: ColumnUse; plan: LogicalPlan; scope: Scope; recheck?: LogicalExpr } {
    const use = this.exprs.state.privileges.require(table.oid, table.name, bit);
    const alias = written ?? table.name;
    return { alias, use, ...this.targetScan(table, alias, where, from, use) };
  }

  /** RETURNING of an UPDATE or DELETE, then SELECT if the statement read any target column. */
  private modifyReturning(
    list: readonly ast.ResultTarget[],
    table: TableDef,
    alias: string,
    use: ColumnUse,
    scope: Scope | undefined,
  ): Returning | undefined {
    const returning = this.bindReturning(list, table, alias, use, scope);
    requireSelectIfRead(use);
    return returning;
  }

  /** SET clauses (UPDATE, ON CONFLICT DO UPDATE, MERGE): each column once, values assignment-cast. */
  bindAssignments(
    table: TableDef,
    set: readonly ast.SetClause[],
    ctx: ExprContext,
    use: ColumnUse,
  ): { column: ColumnDef; expr: LogicalExpr }[] {
    const assignments: { column: ColumnDef; expr: LogicalExpr }[] = [];
    const assign = (name: ast.ColumnName, value: ast.Expr) => {
      const column = this.column(table, name);
      use.updated.add(column.attnum);
      checkIdentityUpdate(column, value);
      if (assignments.some((a) => a.column.attnum === column.attnum)) {
        throw new DbError('42601', `multiple assignments to same column "${column.name}"`);
      }
      assignments.push({ column, expr: this.assignedValue(column, value, ctx) });
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
    return assignments;
  }

  private bindDeleteBody(s: ast.DeleteStmt): LogicalPlan {
    const table = this.table(s.table, 'delete');
    const { alias, use, plan, scope, recheck } = this.modifyTarget(table, s.alias, DELETE, s.where, s.using);
    const returning = this.modifyReturning(
      s.returning,
      table,
      alias,
      use,
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

  /**
   * A VALUES cell or SET value `e` for `column`: its DEFAULT (through `defaultOf`), or `e` bound
   * and assignment-cast to the column's type.
   */
  private assignedValue(
    column: ColumnDef,
    e: ast.Expr,
    ctx: ExprContext,
    defaultOf: (c: ColumnDef) => LogicalExpr = (c) => this.defaultFor(c),
  ): LogicalExpr {
    if (e.kind === 'default') return defaultOf(column);
    return coerceAssignment(
      this.exprs.bind(e, ctx),
      column.type,
      column.name,
      this.exprs.state.params,
      startOf(e) + 1,
    );
  }

  /**
   * The bound DEFAULT of `column` (NULL when it has none), coerced to the column's type. A
   * generated column's is NULL too: the executor computes it once the rest of the row is known.
   */
  defaultFor(column: ColumnDef): LogicalExpr {
    if (column.generated !== undefined) return { kind: 'const', type: column.type, value: null };
    // A column's own DEFAULT overrides its domain's (PostgreSQL's build_column_default).
    const sql = column.defaultSql ?? domainDefaultSql(column.type);
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

  /** The table `name` a DML statement writes (views, sequences and materialized views refused). */
  table(name: ast.ObjectName, action: 'insert' | 'update' | 'delete'): TableDef {
    const t = this.catalog.table(name.name, name.schema);
    if (!t) checkNotViewTarget(this.catalog, name, action);
    if (!t) throw undefinedTable(name.schema ? `${name.schema}.${name.name}` : name.name, name.location + 1);
    if (t.oid !== this.refreshing) checkNotMatviewTarget(t);
    return t;
  }

  private column(table: TableDef, name: ast.ColumnName): ColumnDef {
    const c = table.columns.find((x) => x.name === name.name);
    if (!c) {
      throw new DbError('42703', `column "${name.name}" of relation "${table.name}" does not exist`, {
        position: name.location + 1,
      });
    }
    return c;
  }

  /** The columns an INSERT fills: `names`, or every column. */
  insertTargets(table: TableDef, names: readonly ast.ColumnName[]): ColumnDef[] {
    if (names.length === 0) return [...table.columns];
    const out: ColumnDef[] = [];
    for (const n of names) {
      const c = this.column(table, n);
      if (out.includes(c)) {
        throw new DbError('42701', `column "${c.name}" specified more than once`, {
          position: n.location + 1,
        });
      }
      out.push(c);
    }
    return out;
  }

  /**
   * INSERT's VALUES rows as complete table rows; `ctx` names what the cells may read (MERGE's
   * source row; nothing for INSERT).
   */
  insertValues(
    table: TableDef,
    targets: readonly ColumnDef[],
    names: readonly ast.ColumnName[],
    v: ast.Values,
    use: ColumnUse,
    ctx: ExprContext = { scope: new Scope([]), clause: 'VALUES' },
  ): Extract<LogicalPlan, { kind: 'values' }> {
    const width = v.rows[0].length;
    // Without a column list, fewer values fill the leading columns (the rest get defaults).
    if (names.length === 0 && width < targets.length) targets = targets.slice(0, width);
    checkGeneratedTargets(targets, v.rows);
    for (const c of targets) use.inserted.add(c.attnum);
    // Per table column, the cell of a row that fills it (-1: its default), worked out once: a
    // bulk INSERT has thousands of rows.
    const cellOf = table.columns.map((c) => targets.findIndex((t) => t.attnum === c.attnum));
    // Each column's DEFAULT is parsed and bound once for all the rows (one expression tree each
    // row's cell shares: it is evaluated per row, so a nextval() still runs per row).
    const defaults = new Map<number, LogicalExpr>();
    const defaultOf = (c: ColumnDef): LogicalExpr => {
      let d = defaults.get(c.attnum);
      if (d === undefined) {
        d = this.defaultFor(c);
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
      const cells = r.map((e, i) => this.assignedValue(targets[i], e, ctx, defaultOf));
      return cellOf.map((k, j) => (k < 0 ? defaultOf(table.columns[j]) : cells[k]));
    });
    return { kind: 'values', rows, columns: rowColumns(table) };
  }

  private insertQuery(
    table: TableDef,
    targets: readonly ColumnDef[],
    names: readonly ast.ColumnName[],
    q: ast.SelectStmt,
    use: ColumnUse,
  ): LogicalPlan {
    const input = this.queries.bindQuery(q, undefined, true);
    if (names.length === 0 && input.columns.length < targets.length) {
      targets = targets.slice(0, input.columns.length);
    }
    checkGeneratedTargets(targets);
    for (const c of targets) use.inserted.add(c.attnum);
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
    const exprs = table.columns.map((c) => byAttnum.get(c.attnum) ?? this.defaultFor(c));
    return { kind: 'project', input, exprs, columns: rowColumns(table) };
  }

  /**
   * Scan of a DML target with the hidden tid column, joined with `from` (UPDATE … FROM, DELETE …
   * USING, MERGE's source: their columns follow the tid), filtered by WHERE.
   */
  targetScan(
    table: TableDef,
    alias: string,
    where: ast.Expr | undefined,
    from: readonly ast.TableRef[],
    use: ColumnUse,
  ): { plan: LogicalPlan; scope: Scope; recheck?: LogicalExpr } {
    const columns: PlanColumn[] = [
      ...rowColumns(table),
      { name: TID_COLUMN_NAME, type: sqlType('tid'), tableOid: 0, columnAttnum: 0 },
    ];
    const scopeColumns: ScopeColumn[] = columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      tableOid: c.tableOid,
      attnum: c.columnAttnum,
      slot: i,
      ...(i === table.columns.length ? { hidden: true } : { privilege: use }),
    }));
    let scope = new Scope([{ alias, tableName: table.name, columns: scopeColumns, systemOf: table.oid }]);
    let plan: LogicalPlan = { kind: 'scan', table, alias, emitTid: true, columns };
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
    if (where) {
      const predicate = this.exprs.bindCondition(where, { scope, clause: 'WHERE' });
      plan = { kind: 'filter', input: plan, predicate, columns: plan.columns };
      return { plan, scope, recheck: predicate };
    }
    return { plan, scope };
  }

  /**
   * RETURNING over the written row; `inputScope` (UPDATE … FROM, DELETE … USING) names the input
   * row, whose first slots are then the written row's.
   */
  private bindReturning(
    list: readonly ast.ResultTarget[],
    table: TableDef,
    alias: string,
    use: ColumnUse,
    inputScope?: Scope,
  ): Returning | undefined {
    if (list.length === 0) return undefined;
    // ctid, xmin, xmax: the executor puts the written version's tid after the table's columns.
    const tid = mentionsCtid(list) ? { readsTid: true } : {};
    if (inputScope) {
      const targets = this.queries.bindTargetList(list, { scope: inputScope, clause: 'RETURNING' });
      return {
        exprs: targets.map((t) => t.expr),
        columns: targets.map((t) => t.column),
        readsInput: true,
        ...tid,
      };
    }
    const columns: ScopeColumn[] = rowColumns(table).map((c, i) => ({
      name: c.name,
      type: c.type,
      tableOid: c.tableOid,
      attnum: c.columnAttnum,
      slot: i,
      privilege: use,
    }));
    const hiddenTid = { name: TID_COLUMN_NAME, type: sqlType('tid'), tableOid: 0, attnum: 0, hidden: true };
    columns.push({ ...hiddenTid, slot: columns.length });
    const scope = new Scope([{ alias, tableName: table.name, systemOf: table.oid, columns }]);
    const targets = this.queries.bindTargetList(list, { scope, clause: 'RETURNING' });
    return { exprs: targets.map((t) => t.expr), columns: targets.map((t) => t.column), ...tid };
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
export function requireSelectIfRead(use: ColumnUse): void {
  if (use.selected.size > 0) use.bits |= SELECT;
}

/** The DEFAULT of domain type `t`, or of the nearest domain under it that has one. */
export function domainDefaultSql(t: SqlType): string | undefined {
  for (let d = t.domain; d !== undefined; d = d.baseType.domain)
    if (d.defaultSql !== undefined) return d.defaultSql;
  return undefined;
}
