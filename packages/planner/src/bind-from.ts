/**
 * FROM-clause binding: tables, CTEs, subqueries, generate_series and joins become a plan whose
 * row is the concatenation of every item's columns, plus the Scope that names those slots.
 *
 * LATERAL: a LATERAL subquery, and any function in FROM, is bound with the items to its left as
 * an extra outer level (a pseudo-level whose row is the left row). When it does reference them,
 * the join is marked `lateral` and the executor reruns the right side per left row with that row
 * pushed as the innermost outer row; when it does not, it is bound again as an ordinary item.
 *
 * A comma-separated FROM list is a chain of cross joins. `JOIN … USING (x)` / NATURAL JOIN add a
 * projection appending the merged column (the left value; the right one for RIGHT JOIN; COALESCE
 * of both for FULL JOIN) as an unnamed scope item, and hide the two originals from unqualified
 * lookup and `*`, so `SELECT *` lists the merged columns first, as PostgreSQL does.
 */

import { type CatalogReader, sequenceRelation, type ViewDef } from '@rustydb/catalog';
import { type CompositeType, DbError, type SqlType, sqlType, undefinedTable } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { checkAliasColumns } from './alias-columns.js';
import type { CteRef, ExprBinder } from './bind-expr.js';
import { bindFunctionScan } from './bind-function-scan.js';
import { type ExportedLock, type LockingTargets, withLocking } from './bind-locking.js';
import { bindSystemRelation, resolveSystemRelation } from './bind-system-relation.js';
import { expandView } from './bind-view.js';
import { coerceImplicit } from './coerce.js';
import { type LogicalExpr, type LogicalPlan, type PlanColumn, TID_COLUMN_NAME } from './logical-plan.js';
import { type ColumnUse, SELECT, UPDATE } from './required-privileges.js';
import { markSelected, Scope, type ScopeColumn, type ScopeItem } from './scope.js';

export interface FromResult {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
}

/** A bound FROM item: its plan, the scope items naming its columns, and whether it is LATERAL. */
interface BoundItem {
  readonly plan: LogicalPlan;
  readonly items: ScopeItem[];
  readonly lateral?: boolean;
}

export class FromBinder {
  /**
   * Set by SELECT … FOR UPDATE while its FROM is bound: a table whose alias it accepts gets a
   * hidden `ctid` column (its scan emits tids) for LockRows to lock its rows by; a subquery or
   * view it covers is bound with the clause pushed down, its tables' tids as hidden columns.
   */
  locking: LockingTargets | undefined;

  /** Set while a query that names `ctid` binds its FROM: tables' scans emit tids (a system column). */
  wantsCtid = false;

  constructor(
    private readonly exprs: ExprBinder,
    private readonly catalog: CatalogReader,
  ) {}

  /** Binds a FROM list; `outer` is the enclosing query's scope (for correlated subqueries). */
  bindFrom(items: readonly ast.TableRef[], outer: Scope | undefined): FromResult {
    if (items.length === 0) return { plan: { kind: 'result', columns: [] }, scope: new Scope([], outer) };
    let acc = this.bindItem(items[0], outer, []);
    for (let i = 1; i < items.length; i++) {
      const next = this.bindItem(items[i], outer, acc.items);
      checkDuplicateAliases(acc.items, next.items, items[i].location);
      acc = {
        plan: cross(acc.plan, next.plan, 'cross', undefined, next.lateral),
        items: [...acc.items, ...shift(next.items, acc.plan.columns.length)],
      };
    }
    return { plan: acc.plan, scope: new Scope(acc.items, outer) };
  }

  /** Binds one FROM item; `left` are the items before it (what a LATERAL item may read). */
  private bindItem(item: ast.TableRef, outer: Scope | undefined, left: readonly ScopeItem[]): BoundItem {
    switch (item.kind) {
      case 'relation':
        return this.bindRelation(item);
      case 'subqueryRef':
        return this.lateral(item.lateral, left, outer, (o) => this.bindSubqueryRef(item, o));
      case 'functionRef': {
        const bound = this.lateral(true, left, outer, (o) => this.bindFunctionRef(item, o));
        const trace = this.exprs.state.trace;
        if (trace) {
          const columns = bound.items[0]?.columns.filter((c) => !c.hidden).map((c) => c.name) ?? [];
          trace.fromItem(item, columns, bound.lateral === true);
        }
        return bound;
      }
      case 'join':
        return this.bindJoin(item, outer);
    }
  }

  /**
   * Binds an item that may be LATERAL: first with `left` as an extra outer level; again without
   * it when it turns out not to read it (so its outer references keep their ordinary depths).
   */
  private lateral(
    isLateral: boolean,
    left: readonly ScopeItem[],
    outer: Scope | undefined,
    bind: (outer: Scope | undefined) => BoundItem,
  ): BoundItem {
    if (!isLateral || left.length === 0) return invalidReference(left, () => bind(outer));
    const pseudo = new Scope(left, outer);
    const first = bind(pseudo);
    if (!pseudo.referenced) return bind(outer);
    return { ...first, lateral: true };
  }

  private bindRelation(item: ast.RelationRef): BoundItem {
    const cte = item.name.schema === undefined ? this.findCte(item.name.name) : undefined;
    if (cte) return this.bindCteRef(item, cte);
    const system = resolveSystemRelation(this.catalog, item.name.name, item.name.schema);
    if (system) {
      const privilege = this.exprs.state.privileges.require(system.oid, system.name, SELECT);
      return bindSystemRelation(item, system, privilege);
    }
    const table = this.catalog.table(item.name.name, item.name.schema);
    if (!table) {
      const view = this.catalog.view?.(item.name.name, item.name.schema);
      if (view) return this.bindViewRef(item, view);
      const seq = this.catalog.sequence?.(item.name.name, item.name.schema);
      if (seq) {
        this.exprs.state.privileges.require(seq.oid, seq.name, SELECT);
        return bindSystemRelation(item, sequenceRelation(seq));
      }
      const full = item.name.schema ? `${item.name.schema}.${item.name.name}` : item.name.name;
      throw undefinedTable(full, item.name.location + 1);
    }
    const alias = item.alias?.name ?? table.name;
    const renamed = item.alias?.columns ?? [];
    checkAliasColumns(alias, table.columns.length, renamed.length, item.location);
    const columns: PlanColumn[] = table.columns.map((c, i) => ({
      name: renamed[i] ?? c.name,
      type: c.type,
      tableOid: table.oid,
      columnAttnum: c.attnum,
    }));
    const primaryKey = table.indexes.find((ix) => ix.primary)?.columns;
    // accepts() first: it records every table a locking clause covers.
    const emitTid = this.locking?.accepts(alias, table) === true || this.wantsCtid;
    const privilege = this.exprs.state.privileges.require(
      table.oid,
      table.name,
      emitTid ? SELECT | UPDATE : SELECT,
    );
    if (emitTid) columns.push({ name: TID_COLUMN_NAME, type: TID, tableOid: 0, columnAttnum: 0 });
    return {
      plan: { kind: 'scan', table, alias, emitTid, columns },
      items: [
        {
          alias,
          tableName: table.name,
          columns: columns.map((c, i) =>
            i === table.columns.length
              ? { ...scopeColumn(c, i), hidden: true }
              : { ...scopeColumn(c, i), privilege },
          ),
          ...(primaryKey ? { primaryKey } : {}),
          systemOf: table.oid,
          ...this.rowTypeOf(table.oid, renamed),
        },
      ],
    };
  }

  /** A view in FROM: its expanded query (bind-view.ts) under the alias or the view's name. */
  private bindViewRef(item: ast.RelationRef, view: ViewDef): BoundItem {
    const alias = item.alias?.name ?? view.name;
    const pushed = this.locking?.pushdown(alias);
    const privilege = this.exprs.state.privileges.require(
      view.oid,
      view.name,
      pushed ? SELECT | UPDATE : SELECT,
    );
    const exported: ExportedLock[] = [];
    const plan = expandView(view, this.exprs.state, pushed && { clause: pushed, exported });
    const bound = this.subqueryItem(plan, exported, alias, item.alias?.columns ?? [], item.location, {
      tableName: view.name,
      privilege,
    });
    const rowType = this.rowTypeOf(view.oid, item.alias?.columns ?? []);
    return { ...bound, items: bound.items.map((it) => ({ ...it, ...rowType })) };
  }

  /**
   * The row type a whole-row reference to relation `oid` has; none when an alias renames its
   * columns (the value then keeps the alias's field names, an anonymous record).
   */
  private rowTypeOf(oid: number, renamed: readonly string[]): { rowType?: CompositeType } {
    if (renamed.length > 0) return {};
    const rowType = this.exprs.state.types?.rowTypeOfRelation?.(oid);
    return rowType === undefined ? {} : { rowType };
  }

  /** The innermost WITH query named `name`, if any. */
  private findCte(name: string): CteRef | undefined {
    const frames = this.exprs.state.ctes;
    for (let i = frames.length - 1; i >= 0; i--) {
      const c = frames[i].get(name);
      if (c) return c;
    }
    return undefined;
  }

  private bindCteRef(item: ast.RelationRef, cte: CteRef): BoundItem {
    if (cte.noReturning) {
      throw new DbError('0A000', `WITH query "${cte.name}" does not have a RETURNING clause`, {
        position: item.location + 1,
      });
    }
    const alias = item.alias?.name ?? cte.name;
    this.locking?.refuse(alias, 'a WITH query');
    const renamed = item.alias?.columns ?? [];
    checkAliasColumns(alias, cte.columns.length, renamed.length, item.location);
    const columns: PlanColumn[] = cte.columns.map((c, i) => ({
      name: renamed[i] ?? c.name,
      type: c.type,
      tableOid: 0,
      columnAttnum: 0,
    }));
    const kind = cte.workTable ? 'workTableScan' : 'cteScan';
    return {
      plan: { kind, cteId: cte.id, name: cte.name, alias, columns },
      items: [{ alias, tableName: cte.name, columns: columns.map(scopeColumn) }],
    };
  }

  private bindSubqueryRef(item: ast.SubqueryRef, outer: Scope | undefined): BoundItem {
    if (!item.alias) {
      throw new DbError('42601', 'subquery in FROM must have an alias', {
        position: item.location + 1,
        hint: 'For example, FROM (SELECT ...) [AS] foo.',
      });
    }
    const alias = item.alias.name;
    const pushed = this.locking?.pushdown(alias);
    const exported: ExportedLock[] = [];
    const plan = pushed
      ? this.exprs.state.bindQuery(withLocking(item.query, pushed), outer ?? new Scope([]), exported)
      : this.exprs.state.bindQuery(item.query, outer ?? new Scope([]));
    return this.subqueryItem(plan, exported, alias, item.alias.columns, item.location);
  }

  /**
   * The FROM item of a subquery or view's plan: its columns under `alias`, renamed by the alias's
   * column list; the tids it exported for a locking clause (its last columns) hidden, and reported
   * to the clause. `view`: the view's name and the privilege its columns need.
   */
  private subqueryItem(
    plan: LogicalPlan,
    exported: readonly ExportedLock[],
    alias: string,
    renamed: readonly string[],
    location: number,
    view?: { tableName: string; privilege: ColumnUse },
  ): BoundItem {
    const width = plan.columns.length - exported.length;
    checkAliasColumns(alias, width, renamed.length, location);
    if (exported.length > 0) this.locking?.exported(alias, exported);

    const columns = plan.columns.map((c, i) =>
      i < width ? { ...c, name: renamed[i] ?? c.name } : { ...c, name: TID_COLUMN_NAME },
    );
    const scoped = columns.map((c, i): ScopeColumn => {
      if (i >= width) return { ...scopeColumn(c, i), hidden: true };
      return view
        ? { ...scopeColumn(c, i), privilege: view.privilege, privilegeAttnum: i + 1 }
        : scopeColumn(c, i);
    });
    return {
      plan: { ...plan, columns } as LogicalPlan,
      items: [{ alias, ...(view ? { tableName: view.tableName } : {}), columns: scoped }],
    };
  }

  private bindFunctionRef(item: ast.FunctionRef, outer: Scope | undefined): BoundItem {
    this.locking?.refuse(item.alias?.name ?? item.functions[0].call.name, 'a function');
    const plan = bindFunctionScan(this.exprs, item, outer);
    return { plan, items: [{ alias: plan.alias, columns: plan.columns.map(scopeColumn) }] };
  }

  private bindJoin(j: ast.JoinRef, outer: Scope | undefined): BoundItem {
    const left = this.bindItem(j.left, outer, []);
    const right = this.bindItem(j.right, outer, left.items);
    if (right.lateral && (j.joinType === 'right' || j.joinType === 'full')) {
      throw new DbError(
        '42P10',
        `invalid reference to FROM-clause entry for table "${left.items[0]?.alias}"`,
        {
          position: j.right.location + 1,
          detail: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.',
        },
      );
    }
    checkDuplicateAliases(left.items, right.items, j.right.location);
    const width = left.plan.columns.length;
    let items = [...left.items, ...shift(right.items, width)];
    let using = j.using;
    if (j.natural) {
      const rightNames = new Set(visibleColumns(right.items).map((c) => c.name));
      using = visibleColumns(left.items)
        .map((c) => c.name)
        .filter((n) => rightNames.has(n));
    }
    this.exprs.state.trace?.fromItem(j, using, false);
    const scope = new Scope(items, outer);
    let condition: LogicalExpr | undefined;
    const merged: { l: number; r: number; name: string; type: SqlType; printedAs?: string }[] = [];
    if (using.length > 0) {
      const conds: LogicalExpr[] = [];
      for (const name of using) {
        const l = findUsingColumn(left.items, name, 'left', j.location);
        const r = findUsingColumn(right.items, name, 'right', j.location);
        markSelected(l.column);
        markSelected(r.column);
        const lc: LogicalExpr = { kind: 'column', type: l.column.type, index: l.index, name };
        const rc: LogicalExpr = { kind: 'column', type: r.column.type, index: width + r.index, name };
        const eq = this.exprs.comparison('=', lc, rc, j.location + 1);
        conds.push(eq);
        const side = j.joinType === 'right' ? r : l;
        const item = (j.joinType === 'right' ? right : left).items.find((it) =>
          it.columns.includes(side.column),
        );
        const printedAs = item?.alias || side.column.printedAs;
        merged.push({ l: l.index, r: width + r.index, name, type: eq.args[0].type, printedAs });
      }
      condition = conds.length === 1 ? conds[0] : { kind: 'and', type: sqlType('bool'), args: conds };
    } else if (j.on) {
      condition = this.exprs.bindCondition(j.on, { scope, clause: 'JOIN conditions' }, 'JOIN/ON');
    }
    let plan: LogicalPlan = cross(left.plan, right.plan, j.joinType, condition, right.lateral);
    if (merged.length > 0) {
      const hide = new Set(merged.flatMap((m) => [m.l, m.r]));
      items = items.map((it) => ({
        ...it,
        columns: it.columns.map((c) => (hide.has(c.slot) ? { ...c, hidden: true } : c)),
      }));
      const exprs: LogicalExpr[] = plan.columns.map((c, i) => ({
        kind: 'column',
        type: c.type,
        index: i,
        name: c.name,
      }));
      const extra: PlanColumn[] = [];
      const p = this.exprs.state.params;
      for (const m of merged) {
        const lc = coerceImplicit(slotRef(plan, m.l), m.type, p, j.location + 1);
        const rc = coerceImplicit(slotRef(plan, m.r), m.type, p, j.location + 1);
        const full: LogicalExpr = { kind: 'coalesce', type: m.type, args: [lc, rc] };
        exprs.push(j.joinType === 'full' ? full : j.joinType === 'right' ? rc : lc);
        extra.push({ name: m.name, type: m.type, tableOid: 0, columnAttnum: 0 });
      }
      const first = plan.columns.length;
      plan = { kind: 'project', input: plan, exprs, columns: [...plan.columns, ...extra] };
      const mergedItem: ScopeItem = {
        alias: j.usingAlias ?? '',
        columns: extra.map((c, i) => {
          const printedAs = j.joinType === 'full' ? undefined : merged[i].printedAs;
          return printedAs ? { ...scopeColumn(c, first + i), printedAs } : scopeColumn(c, first + i);
        }),
      };
      items = [mergedItem, ...items];
    }
    if (j.alias) {
      // `(a JOIN b) AS j`: only `j` is visible, with the join's visible columns (merged first).
      const renamed = j.alias.columns;
      const cols = items.flatMap((it) => it.columns.filter((c) => !c.hidden));
      return {
        plan,
        items: [{ alias: j.alias.name, columns: cols.map((c, i) => ({ ...c, name: renamed[i] ?? c.name })) }],
      };
    }
    return { plan, items };
  }
}

/**
 * Runs `bind` for a non-LATERAL item (or MERGE's WHEN NOT MATCHED): a qualified reference to an
 * item on its left (the MERGE target) is PostgreSQL's 42P01 `invalid reference to FROM-clause
 * entry` with its hint, not "missing FROM-clause entry".
 */
export function invalidReference<T>(left: readonly ScopeItem[], bind: () => T): T {
  try {
    return bind();
  } catch (err) {
    if (!(err instanceof DbError) || err.code !== '42P01') throw err;
    const m = /^missing FROM-clause entry for table "(.*)"$/.exec(err.message);
    if (!m || !left.some((it) => it.alias === m[1])) throw err;
    throw new DbError('42P01', `invalid reference to FROM-clause entry for table "${m[1]}"`, {
      ...err.fields,
      hint: `There is an entry for table "${m[1]}", but it cannot be referenced from this part of the query.`,
    });
  }
}

function slotRef(plan: LogicalPlan, slot: number): LogicalExpr {
  const c = plan.columns[slot];
  return { kind: 'column', type: c.type, index: slot, name: c.name };
}

function visibleColumns(items: readonly ScopeItem[]): ScopeColumn[] {
  return items.flatMap((it) => it.columns.filter((c) => !c.hidden));
}

function findUsingColumn(items: readonly ScopeItem[], name: string, side: string, location: number) {
  let found: { index: number; column: ScopeColumn } | undefined;
  for (const it of items) {
    it.columns.forEach((c) => {
      if (c.hidden || c.name !== name) return;
      if (found) {
        throw new DbError('42702', `common column name "${name}" appears more than once in ${side} table`, {
          position: location + 1,
        });
      }
      found = { index: c.slot, column: c };
    });
  }
  if (!found) {
    throw new DbError('42703', `column "${name}" specified in USING clause does not exist in ${side} table`, {
      position: location + 1,
    });
  }
  return found;
}

function checkDuplicateAliases(a: readonly ScopeItem[], b: readonly ScopeItem[], location: number): void {
  for (const x of b) {
    if (x.alias !== '' && a.some((y) => y.alias === x.alias)) {
      throw new DbError('42712', `table name "${x.alias}" specified more than once`, {
        position: location + 1,
      });
    }
  }
}

function cross(
  left: LogicalPlan,
  right: LogicalPlan,
  joinType: ast.JoinRef['joinType'],
  condition?: LogicalExpr,
  lateral?: boolean,
): LogicalPlan {
  return {
    kind: 'join',
    joinType: joinType === 'inner' && !condition ? 'cross' : joinType,
    left,
    right,
    ...(condition ? { condition } : {}),
    ...(lateral ? { lateral: true } : {}),
    columns: [...left.columns, ...right.columns],
  };
}

function shift(items: readonly ScopeItem[], by: number): ScopeItem[] {
  return items.map((it) => ({ ...it, columns: it.columns.map((c) => ({ ...c, slot: c.slot + by })) }));
}

function scopeColumn(c: PlanColumn, slot: number): ScopeColumn {
  return { name: c.name, type: c.type, tableOid: c.tableOid, attnum: c.columnAttnum, slot };
}

const TID = sqlType('tid');
