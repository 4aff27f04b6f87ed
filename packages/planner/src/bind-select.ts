/**
 * QueryBinder: SELECT, VALUES and set operations (with their WITH clauses) → logical plans.
 *
 * The plan of a SELECT is built bottom-up in SQL's logical order:
 *
 *   FROM (bind-from.ts) → Filter (WHERE) → Aggregate (GROUP BY / aggregates) → Filter (HAVING)
 *     → Window (window functions, bind-window.ts)
 *     → Project (select list + hidden ORDER BY columns) | ProjectSet (generate_series in the list)
 *     → Distinct → Sort → Limit → Project (drops the hidden ORDER BY columns)
 *
 * DISTINCT ON sorts first and keeps the first row of each key (Sort → Distinct on). A set
 * operation (bind-set-op.ts) and VALUES take ORDER BY / LIMIT over their output columns.
 *
 * ORDER BY follows PostgreSQL: a bare name matching an output column (or an ordinal) sorts by
 * that output column; anything else is an expression over the FROM row (or the grouped row),
 * computed in the projection as an extra hidden column unless it equals a select-list item.
 */
import { DbError, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { referencedColumnNames } from './ast-walk.js';
import { containsAggregate, type ExprBinder, type ExprContext, type Grouping } from './bind-expr.js';
import { expandFieldStars } from './bind-field-select.js';
import type { FromBinder } from './bind-from.js';
import {
  checkSelectLocking,
  type ExportedLock,
  LockingTargets,
  lockingWithSetOperation,
  SelectLocking,
} from './bind-locking.js';
import { bindRoutineSetCall, mayBeRoutine } from './bind-routine-set.js';
import { bindSeriesArgs } from './bind-series.js';
import { bindSetOperation } from './bind-set-op.js';
import { bindSetReturningTarget, isSetReturningTarget } from './bind-set-returning.js';
import { WINDOW_SLOT_BASE, type WindowCollector, windowClause } from './bind-window.js';
import { bindWith } from './bind-with.js';
import { asOidIfReg, coerceImplicit } from './coerce.js';
import { exprEquals, hasLocalColumn, mapColumns } from './expr-walk.js';
import { expandGroupingSets } from './grouping-sets.js';
import type { LogicalExpr, LogicalPlan, PlanColumn, SortKey } from './logical-plan.js';
import { outputName } from './output-name.js';
import { markSelected, Scope } from './scope.js';
import { mentionsCtid } from './system-columns.js';

const INT8 = sqlType('int8');

/** PostgreSQL's MaxTupleAttributeNumber: the most entries a target list may have. */
export const MAX_TARGET_ENTRIES = 1664;

export interface Target {
  readonly expr: LogicalExpr;
  readonly column: PlanColumn;
  /** The select-list item's AST (undefined for `*` expansions). */
  readonly ast?: ast.Expr;
  /** generate_series arguments when the item is a set-returning call. */
  readonly srf?: readonly LogicalExpr[];
  /** The set-returning function when it is not generate_series (unnest, …). */
  readonly srfFn?: string;
  /** The function's output column the item takes; absent: the whole row as a record. */
  readonly srfField?: number;
  /** A set-returning user function: its OID. */
  readonly srfRoutine?: number;
}

export class QueryBinder {
  constructor(
    private readonly exprs: ExprBinder,
    private readonly from: FromBinder,
  ) {}

  /**
   * Binds a query expression; `outer` is the enclosing query's scope for subqueries.
   * `keepUnknown`: leave untyped literals in the select list untyped (INSERT … SELECT resolves
   * them against the target columns, as PostgreSQL does); elsewhere they become text.
   * `exportLocks`: the query is a FROM subquery or view under a locking clause (pushed down into
   * `q.locking`): instead of a LockRows node of its own, its locked tables' tids follow its
   * columns, described in order by the ExportedLocks pushed onto `exportLocks`.
   */
  bindQuery(
    q: ast.SelectStmt,
    outer: Scope | undefined,
    keepUnknown = false,
    exportLocks?: ExportedLock[],
  ): LogicalPlan {
    if (q.locking.length > 0 && q.kind === 'setOp') throw lockingWithSetOperation(q.locking);
    if (q.with) {
      const state = this.exprs.state;
      return bindWith(
        q.with,
        outer,
        state,
        (x, o) => this.bindQuery(x, o),
        () => this.bindBody(q, outer, keepUnknown, exportLocks),
      );
    }
    return this.bindBody(q, outer, keepUnknown, exportLocks);
  }

  /** Binds WITH's body (under the CTEs when any). */
  private bindBody(
    q: ast.SelectStmt,
    outer: Scope | undefined,
    keepUnknown: boolean,
    exportLocks: ExportedLock[] | undefined,
  ): LogicalPlan {
    switch (q.kind) {
      case 'select':
        return this.bindSelect(q, outer, keepUnknown, exportLocks);
      case 'values':
        return this.finish(this.bindValues(q, outer), q, outer, 'values');
      case 'setOp': {
        const plan = bindSetOperation(
          { ...q, with: undefined, orderBy: [], limit: undefined, offset: undefined },
          outer,
          this.exprs.state.params,
          (b, o, keep) => this.bindQuery(b, o, keep),
        );
        return this.finish(plan, q, outer, 'setOp');
      }
    }
  }

  /** VALUES rows: each column coerced to the common type of its values (unknown → text). */
  bindValues(v: ast.Values, outer: Scope | undefined): LogicalPlan {
    const scope = new Scope([], outer);
    const ctx: ExprContext = { scope, clause: 'VALUES' };
    const width = v.rows[0].length;
    const rows = v.rows.map((r) => {
      if (r.length !== width) {
        throw new DbError('42601', 'VALUES lists must all be the same length', {
          position: r[0].location + 1,
        });
      }
      return r.map((e) => this.exprs.bind(e, ctx));
    });
    const columns: PlanColumn[] = [];
    for (let c = 0; c < width; c++) {
      const unified = this.exprs.unify(
        rows.map((r) => r[c]),
        v.rows.map((r) => r[c]),
        'VALUES',
      );
      unified.forEach((e, i) => {
        rows[i][c] = e;
      });
      columns.push({ name: `column${c + 1}`, type: unified[0].type, tableOid: 0, columnAttnum: 0 });
    }
    return { kind: 'values', rows, columns };
  }

  private bindSelect(
    s: ast.Select,
    outer: Scope | undefined,
    keepUnknown: boolean,
    exportLocks: ExportedLock[] | undefined,
  ): LogicalPlan {
    // FOR UPDATE/SHARE: the locked tables' scans emit tids (bind-locking.ts).
    const locking = s.locking.length > 0 ? new LockingTargets(s.locking) : undefined;
    const savedLocking = this.from.locking;
    const savedCtid = this.from.wantsCtid;
    this.from.locking = locking;
    this.from.wantsCtid = mentionsCtid(s);
    let bound: ReturnType<FromBinder['bindFrom']>;
    try {
      bound = this.from.bindFrom(s.from, outer);
    } finally {
      this.from.locking = savedLocking;
      this.from.wantsCtid = savedCtid;
    }
    const { plan: fromPlan, scope } = bound;
    const lockTargets = locking?.targets(scope);
    let plan = fromPlan;
    let wherePredicate: LogicalExpr | undefined;
    if (s.where) {
      const predicate = this.exprs.bindCondition(s.where, { scope, clause: 'WHERE' });
      wherePredicate = predicate;
      plan = { kind: 'filter', input: plan, predicate, columns: plan.columns };
    }
    const grouped =
      s.groupBy.length > 0 ||
      s.having !== undefined ||
      s.targets.some((t) => containsAggregate(t.expr)) ||
      s.orderBy.some((o) => containsAggregate(o.expr));
    let grouping: Grouping | undefined;
    if (grouped) grouping = this.bindGroupBy(s, scope);
    const windows: WindowCollector = { calls: [], named: windowClause(s.windows) };
    const ctx: ExprContext = grouping
      ? { scope, clause: 'SELECT', grouping, windows }
      : { scope, clause: 'SELECT', windows };
    const targets = this.bindTargetList(s.targets, ctx, keepUnknown);
    if (locking) checkSelectLocking(s, grouped, windows.calls.length > 0);
    const having = s.having
      ? this.exprs.bindCondition(s.having, { ...ctx, clause: 'HAVING', windows: undefined })
      : undefined;
    const distinctOn = s.distinctOn.length > 0;
    const order = this.bindOrderBy(s.orderBy, targets, ctx, s.distinct && !distinctOn ? 'distinct' : 'none');
    const onSlots = s.distinctOn.map((e) =>
      this.orderSlot(
        { expr: e, direction: 'default', nulls: 'default', location: e.location },
        targets,
        ctx,
        order.junk,
        'none',
      ),
    );
    if (grouping) {
      const g = grouping;
      const columns: PlanColumn[] = [
        ...g.keys.map((k, i) => ({ name: `group${i + 1}`, type: k.type, tableOid: 0, columnAttnum: 0 })),
        ...(g.sets ? [{ name: 'grouping', type: sqlType('int4'), tableOid: 0, columnAttnum: 0 }] : []),
        ...g.aggregates.map((a) => ({ name: a.fn, type: a.type, tableOid: 0, columnAttnum: 0 })),
      ];
      plan = {
        kind: 'aggregate',
        input: plan,
        groupBy: g.keys,
        ...(g.sets ? { groupingSets: g.sets } : {}),
        aggregates: g.aggregates,
        columns,
      };
      if (having) plan = { kind: 'filter', input: plan, predicate: having, columns };
    }
    if (windows.calls.length > 0) {
      const base = plan.columns.length;
      const renumber = (e: LogicalExpr): LogicalExpr =>
        mapColumns(e, (c) =>
          c.index >= WINDOW_SLOT_BASE ? { ...c, index: base + c.index - WINDOW_SLOT_BASE } : c,
        );
      for (let i = 0; i < targets.length; i++)
        targets[i] = { ...targets[i], expr: renumber(targets[i].expr) };
      for (let i = 0; i < order.junk.length; i++) order.junk[i] = renumber(order.junk[i]);
      const columns: PlanColumn[] = [
        ...plan.columns,
        ...windows.calls.map((c) => ({ name: c.fn, type: c.type, tableOid: 0, columnAttnum: 0 })),
      ];
      plan = { kind: 'window', input: plan, calls: windows.calls, columns };
    }
    const lock = new SelectLocking(
      lockTargets,
      exportLocks,
      fromPlan,
      targets.some((t) => t.srf),
    );
    const lockJunk = lock.junk(targets.length + order.junk.length);
    const all = [...targets.map((t) => t.expr), ...order.junk, ...lockJunk];
    const visible = targets.map((t) => t.column);
    const columns = [
      ...visible,
      ...[...order.junk, ...lockJunk].map((j) => ({
        name: '?column?',
        type: j.type,
        tableOid: 0,
        columnAttnum: 0,
      })),
    ];
    const srfs = targets.flatMap((t, slot) =>
      t.srf
        ? [
            {
              slot,
              args: t.srf,
              ...(t.srfFn ? { fn: t.srfFn } : {}),
              ...(t.srfField !== undefined ? { field: t.srfField } : {}),
              ...(t.srfRoutine !== undefined ? { routine: t.srfRoutine } : {}),
            },
          ]
        : [],
    );
    if (srfs.length > 0) {
      if (grouping) throw new DbError('0A000', 'set-returning functions with aggregates are not supported');
      plan = { kind: 'projectSet', input: plan, exprs: all, srfs, columns };
    } else if (!isIdentity(all, plan)) {
      plan = { kind: 'project', input: plan, exprs: all, columns };
    } else {
      plan = { ...plan, columns } as LogicalPlan;
    }
    if (distinctOn) {
      const keys = distinctOnSortKeys(order.keys, onSlots, plan.columns, s.distinctOn[0].location + 1);
      plan = { kind: 'sort', input: plan, keys, columns: plan.columns };
      plan = { kind: 'distinct', input: plan, on: onSlots, columns: plan.columns };
    } else {
      if (s.distinct) plan = { kind: 'distinct', input: plan, columns: plan.columns };
      if (order.keys.length > 0)
        plan = { kind: 'sort', input: plan, keys: order.keys, columns: plan.columns };
    }
    plan = lock.lockRows(plan, visible.length + order.junk.length, {
      where: wherePredicate,
      outputs: [...targets.map((t) => t.expr), ...order.junk],
    });
    plan = this.bindLimit(plan, s, outer, order.keys);
    // Junk goes; a pushed-down clause's tids stay, after the visible columns.
    const exported = lock.exportedWidth;
    if (order.junk.length > 0 || lockJunk.length > exported) {
      const kept = [...visible, ...plan.columns.slice(visible.length + order.junk.length).slice(0, exported)];
      const exprs: LogicalExpr[] = kept.map((c, i) => ({
        kind: 'column',
        type: c.type,
        index: i < visible.length ? i : i + order.junk.length,
        name: c.name,
      }));
      plan = { kind: 'project', input: plan, exprs, columns: kept };
    }
    return plan;
  }

  /** ORDER BY, LIMIT and OFFSET of a VALUES query or set operation (no select list of its own). */
  private finish(
    plan: LogicalPlan,
    q: ast.QueryClauses,
    outer: Scope | undefined,
    what: 'values' | 'setOp',
  ): LogicalPlan {
    if (q.orderBy.length > 0) {
      const items: ScopeColumnsItem = plan.columns.map((c, i) => ({
        name: c.name,
        type: c.type,
        tableOid: 0,
        attnum: 0,
        slot: i,
      }));
      // Unnamed, so a bound output column equals the target it names (see orderSlot).
      const scope = new Scope([{ alias: '', columns: items }], outer);
      const targets: Target[] = plan.columns.map((c, i) => ({
        expr: { kind: 'column', type: c.type, index: i, name: c.name },
        column: c,
      }));
      const order = this.bindOrderBy(
        q.orderBy,
        targets,
        { scope, clause: 'ORDER BY' },
        what === 'setOp' ? 'setOp' : 'distinct',
      );
      plan = { kind: 'sort', input: plan, keys: order.keys, columns: plan.columns };
      return this.bindLimit(plan, q, outer, order.keys);
    }
    return this.bindLimit(plan, q, outer, []);
  }

  /** GROUP BY: the distinct keys, and the grouping sets when ROLLUP / CUBE / GROUPING SETS. */
  private bindGroupBy(s: ast.Select, scope: Scope): Grouping {
    const ctx: ExprContext = { scope, clause: 'GROUP BY' };
    const keys: LogicalExpr[] = [];
    const { sets } = expandGroupingSets(s.groupBy, s.groupByDistinct, (g) => {
      const key = this.bindGroupKey(g, s, ctx);
      const k = keys.findIndex((x) => exprEquals(x, key));
      return k >= 0 ? k : keys.push(key) - 1;
    });
    if (!sets) addFunctionallyDependentKeys(keys, scope, referencedColumnNames(s));
    const aggregateBase = keys.length + (sets ? 1 : 0);
    return { keys, aggregates: [], inputScope: scope, ...(sets ? { sets } : {}), aggregateBase };
  }

  private bindGroupKey(g: ast.Expr, s: ast.Select, ctx: ExprContext): LogicalExpr {
    const byTarget = (t: ast.ResultTarget): LogicalExpr => {
      if (containsAggregate(t.expr)) {
        throw new DbError('42803', 'aggregate functions are not allowed in GROUP BY', {
          position: t.expr.location + 1,
        });
      }
      return this.exprs.bind(t.expr, ctx);
    };
    if (g.kind === 'literal' && g.type === 'integer') {
      const n = Number(g.value);
      if (n < 1 || n > s.targets.length) {
        throw new DbError('42P10', `GROUP BY position ${g.value} is not in select list`, {
          position: g.location + 1,
        });
      }
      return byTarget(s.targets[n - 1]);
    }
    if (g.kind === 'columnRef' && g.names.length === 1) {
      // An input column wins over an output name in GROUP BY (SQL99), the reverse of ORDER BY.
      const name = g.names[0];
      const isInput = ctx.scope.items.some((it) => it.columns.some((c) => c.name === name && !c.hidden));
      if (!isInput) {
        const t = s.targets.find(
          (x) => (x.alias ?? (x.expr.kind === 'star' ? undefined : outputName(x.expr))) === name,
        );
        if (t && t.alias === name) return byTarget(t);
      }
    }
    return this.exprs.bind(g, ctx);
  }

  /**
   * A select-list item that calls a set-returning user function (bind-routine-set.ts): a
   * ProjectSet slot taking the function's value (a record of its columns for RETURNS TABLE).
   */
  private routineSetTarget(e: ast.Expr, scope: Scope, name: string): Omit<Target, 'ast'> | undefined {
    if (!mayBeRoutine(this.exprs, e, true)) return undefined;
    const call = bindRoutineSetCall(this.exprs, e, scope, 'SELECT');
    if (call === undefined || !call.set) return undefined;
    const column = { name, type: call.type, tableOid: 0, columnAttnum: 0 };
    const expr: LogicalExpr = { kind: 'const', type: call.type, value: null };
    return { expr, column, srf: call.args, srfFn: call.name, srfRoutine: call.oid };
  }

  /** Binds a select list (or RETURNING list): `*` expanded, names as PostgreSQL gives them. */
  bindTargetList(list: readonly ast.ResultTarget[], ctx: ExprContext, keepUnknown = false): Target[] {
    const out: Target[] = [];
    const scope = ctx.grouping ? ctx.grouping.inputScope : ctx.scope;
    for (const t of expandFieldStars(this.exprs, list, ctx)) {
      if (t.expr.kind === 'star') {
        out.push(...this.expandStar(t.expr, scope, ctx));
        continue;
      }
      const name = t.alias ?? outputName(t.expr);
      if (isSetReturningTarget(t.expr)) {
        const { fn, args, type, field } = bindSetReturningTarget(this.exprs, t.expr, scope);
        const expr: LogicalExpr = { kind: 'const', type, value: null };
        const column = { name, type, tableOid: 0, columnAttnum: 0 };
        out.push({
          expr,
          column,
          ast: t.expr,
          srf: args,
          srfFn: fn,
          ...(field !== undefined ? { srfField: field } : {}),
        });
        continue;
      }
      const routine = this.routineSetTarget(t.expr, scope, name);
      if (routine !== undefined) {
        out.push({ ...routine, ast: t.expr });
        continue;
      }
      if (isSeriesCall(t.expr)) {
        const { args, type } = bindSeriesArgs(this.exprs, t.expr, scope);
        const expr: LogicalExpr = { kind: 'const', type, value: null };
        out.push({ expr, column: { name, type, tableOid: 0, columnAttnum: 0 }, ast: t.expr, srf: args });
        continue;
      }
      let expr = this.exprs.bind(t.expr, ctx);
      if (expr.type.name === 'unknown' && !keepUnknown)
        expr = coerceImplicit(expr, sqlType('text'), this.exprs.state.params, t.location + 1);
      let tableOid = 0;
      let columnAttnum = 0;
      if (t.expr.kind === 'columnRef' && expr.kind === 'column' && !ctx.grouping) {
        const r = scope.resolve(t.expr.names, t.expr.location + 1);
        tableOid = r.column.tableOid;
        columnAttnum = r.column.attnum;
      }
      out.push({ expr, column: { name, type: expr.type, tableOid, columnAttnum }, ast: t.expr });
    }
    // PostgreSQL's MaxTupleAttributeNumber; RowDescription could not even count past 65535.
    if (out.length > MAX_TARGET_ENTRIES) {
      throw new DbError('54011', `target lists can have at most ${MAX_TARGET_ENTRIES} entries`);
    }
    return out;
  }

  private expandStar(star: ast.Star, scope: Scope, ctx: ExprContext): Target[] {
    const pos = star.location + 1;
    const qualifier = star.qualifier.length > 0 ? star.qualifier[star.qualifier.length - 1] : undefined;
    const items = scope.starItems(qualifier, pos);
    if (qualifier === undefined && items.length === 0) {
      throw new DbError('42601', 'SELECT * with no tables specified is not valid', { position: pos });
    }
    const out: Target[] = [];
    const traced: LogicalExpr[] = [];
    for (const it of items) {
      for (const c of it.columns) {
        if (c.hidden && qualifier === undefined) continue;
        markSelected(c);
        let expr: LogicalExpr = {
          kind: 'column',
          type: c.type,
          index: c.slot,
          name: c.name,
          table: it.alias || undefined,
        };
        traced.push(c.printedAs && !it.alias ? { ...expr, table: c.printedAs } : expr);
        if (ctx.grouping) {
          const k = ctx.grouping.keys.findIndex((key) => exprEquals(key, expr));
          if (k < 0) {
            const full = it.alias ? `${it.alias}.${c.name}` : c.name;
            throw new DbError(
              '42803',
              `column "${full}" must appear in the GROUP BY clause or be used in an aggregate function`,
              { position: pos },
            );
          }
          expr = { kind: 'column', type: c.type, index: k, name: c.name };
        }
        out.push({
          expr,
          column: { name: c.name, type: c.type, tableOid: c.tableOid, columnAttnum: c.attnum },
        });
      }
    }
    this.exprs.state.trace?.star(star, traced);
    return out;
  }

  private bindOrderBy(
    items: readonly ast.SortBy[],
    targets: readonly Target[],
    ctx: ExprContext,
    restrict: OrderRestriction,
  ): { keys: SortKey<LogicalPlan>[]; junk: LogicalExpr[] } {
    const keys: SortKey<LogicalPlan>[] = [];
    const junk: LogicalExpr[] = [];
    const ref = (slot: number): LogicalExpr => {
      const c =
        slot < targets.length
          ? targets[slot].column
          : { name: '?column?', type: junk[slot - targets.length].type };
      return { kind: 'column', type: c.type, index: slot, name: c.name };
    };
    for (const o of items) {
      const slot = this.orderSlot(o, targets, ctx, junk, restrict);
      const descending = o.direction === 'desc';
      const nullsFirst = o.nulls === 'default' ? descending : o.nulls === 'first';
      keys.push({ expr: asOidIfReg(ref(slot)), descending, nullsFirst });
    }
    return { keys, junk };
  }

  private orderSlot(
    o: ast.SortBy,
    targets: readonly Target[],
    ctx: ExprContext,
    junk: LogicalExpr[],
    restrict: OrderRestriction,
  ): number {
    const e = o.expr;
    const pos = e.location + 1;
    if (e.kind === 'literal' && e.type === 'integer') {
      const n = Number(e.value);
      if (n < 1 || n > targets.length) {
        throw new DbError('42P10', `ORDER BY position ${e.value} is not in select list`, { position: pos });
      }
      return n - 1;
    }
    if (e.kind === 'columnRef' && e.names.length === 1) {
      let found = -1;
      targets.forEach((t, i) => {
        if (t.column.name !== e.names[0] || !t.ast) return;
        if (found >= 0 && !exprEquals(targets[found].expr, t.expr)) {
          throw new DbError('42702', `ORDER BY "${e.names[0]}" is ambiguous`, { position: pos });
        }
        if (found < 0) found = i;
      });
      if (found >= 0) return found;
    }
    const bound = this.exprs.bind(e, { ...ctx, clause: 'ORDER BY' });
    const same = targets.findIndex((t) => !t.srf && exprEquals(t.expr, bound));
    if (same >= 0) return same;
    if (restrict === 'setOp') {
      throw new DbError('0A000', 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause', {
        position: pos,
        detail: 'Only result column names can be used, not expressions or functions.',
        hint: 'Add the expression/function to every SELECT, or move the UNION into a FROM clause.',
      });
    }
    if (restrict === 'distinct') {
      throw new DbError('42P10', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', {
        position: pos,
      });
    }
    const j = junk.findIndex((x) => exprEquals(x, bound));
    if (j >= 0) return targets.length + j;
    junk.push(bound);
    return targets.length + junk.length - 1;
  }

  /** LIMIT / OFFSET / FETCH FIRST; WITH TIES compares the rows on the ORDER BY `keys`. */
  private bindLimit(
    plan: LogicalPlan,
    q: ast.QueryClauses,
    outer: Scope | undefined,
    keys: readonly SortKey<LogicalPlan>[],
  ): LogicalPlan {
    if (!q.limit && !q.offset) return plan;
    const scope = new Scope([], outer);
    const bind = (e: ast.Expr | undefined, clause: string): LogicalExpr | undefined => {
      if (!e) return undefined;
      if (e.kind === 'literal' && e.type === 'null') return undefined;
      const b = this.exprs.bind(e, { scope, clause });
      if (hasLocalColumn(b)) {
        throw new DbError('42P10', `argument of ${clause} must not contain variables`, {
          position: e.location + 1,
        });
      }
      const out = coerceImplicit(b, INT8, this.exprs.state.params, e.location + 1);
      return out;
    };
    if (q.withTies && q.limit?.kind === 'literal' && q.limit.type === 'null') {
      throw new DbError('2201W', 'row count cannot be null in FETCH FIRST ... WITH TIES clause');
    }
    const limit = bind(q.limit, 'LIMIT');
    const offset = bind(q.offset, 'OFFSET');
    if (!limit && !offset) return plan;
    const withTies = q.withTies && limit && keys.length > 0 ? keys.map((k) => k.expr) : undefined;
    return {
      kind: 'limit',
      input: plan,
      ...(limit ? { limit } : {}),
      ...(offset ? { offset } : {}),
      ...(withTies ? { withTies } : {}),
      columns: plan.columns,
    };
  }
}

/** What ORDER BY may reference beyond the select list. */
type OrderRestriction = 'none' | 'distinct' | 'setOp';

/**
 * The sort of a DISTINCT ON query: its ORDER BY, which must start with the DISTINCT ON
 * expressions (in any order; 42P10 otherwise), or the DISTINCT ON expressions ascending.
 */
function distinctOnSortKeys(
  keys: readonly SortKey<LogicalPlan>[],
  onSlots: readonly number[],
  columns: readonly PlanColumn[],
  position: number,
): SortKey<LogicalPlan>[] {
  const on = new Set(onSlots);
  const slotOf = (k: SortKey<LogicalPlan>) => (k.expr.kind === 'column' ? k.expr.index : -1);
  const seen = new Set<number>();
  for (const k of keys) {
    if (seen.size === on.size) break;
    const slot = slotOf(k);
    if (!on.has(slot)) {
      throw new DbError('42P10', 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions', {
        position,
      });
    }
    seen.add(slot);
  }
  // DISTINCT ON expressions the ORDER BY does not list are sorted on after it, as PostgreSQL does.
  const missing = [...on].filter((slot) => !seen.has(slot));
  return [
    ...keys,
    ...missing.map((slot) => ({
      expr: {
        kind: 'column',
        type: columns[slot].type,
        index: slot,
        name: columns[slot].name,
      } as LogicalExpr,
      descending: false,
      nullsFirst: false,
    })),
  ];
}

type ScopeColumnsItem = {
  name: string;
  type: PlanColumn['type'];
  tableOid: number;
  attnum: number;
  slot: number;
}[];

function isSeriesCall(e: ast.Expr): e is ast.FuncCall {
  return (
    e.kind === 'funcCall' &&
    e.name === 'generate_series' &&
    (e.schema === undefined || e.schema === 'pg_catalog')
  );
}

/** Does projecting `exprs` over `plan` give back exactly its row? */
function isIdentity(exprs: readonly LogicalExpr[], plan: LogicalPlan): boolean {
  if (exprs.length !== plan.columns.length) return false;
  return exprs.every((e, i) => e.kind === 'column' && e.index === i);
}

/**
 * PostgreSQL's functional dependency rule (check_functional_grouping): when GROUP BY names every
 * primary key column of a table in FROM, the table's other columns may be used ungrouped. They are
 * determined by the key, so adding them as extra group keys groups the same rows and lets the
 * select list read them. Only columns the query names are added, so queries that group by the
 * key alone keep their plans. Not applied with grouping sets (the key may be absent from a set).
 */
function addFunctionallyDependentKeys(
  keys: LogicalExpr[],
  scope: Scope,
  referenced: ReadonlySet<string> | 'all',
): void {
  const isKey = (slot: number) => keys.some((k) => k.kind === 'column' && k.index === slot);
  for (const item of scope.items) {
    if (item.primaryKey === undefined) continue;
    const slotOf = (attnum: number) => item.columns.find((c) => c.attnum === attnum)?.slot;
    if (!item.primaryKey.every((a) => slotOf(a) !== undefined && isKey(slotOf(a)!))) continue;
    for (const c of item.columns) {
      if (isKey(c.slot) || (referenced !== 'all' && !referenced.has(c.name))) continue;
      keys.push({
        kind: 'column',
        type: c.type,
        index: c.slot,
        name: c.name,
        table: item.alias || undefined,
      });
    }
  }
}
