/**
 * QueryBinder: SELECT and VALUES → logical plans.
 *
 * The plan of a SELECT is built bottom-up in SQL's logical order:
 *
 *   FROM (bind-from.ts) → Filter (WHERE) → Aggregate (GROUP BY / aggregates) → Filter (HAVING)
 *     → Project (select list + hidden ORDER BY columns) | ProjectSet (generate_series in the list)
 *     → Distinct → Sort → Limit → Project (drops the hidden ORDER BY columns)
 *
 * ORDER BY follows PostgreSQL: a bare name matching an output column (or an ordinal) sorts by
 * that output column; anything else is an expression over the FROM row (or the grouped row),
 * computed in the projection as an extra hidden column unless it equals a select-list item.
 */
import { DbError, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { containsAggregate, type ExprBinder, type ExprContext, type Grouping } from './bind-expr.js';
import type { FromBinder } from './bind-from.js';
import { coerceImplicit } from './coerce.js';
import { exprEquals, hasLocalColumn } from './expr-walk.js';
import type { LogicalExpr, LogicalPlan, PlanColumn, SortKey } from './logical-plan.js';
import { outputName } from './output-name.js';
import { Scope } from './scope.js';

const INT8 = sqlType('int8');

export interface Target {
  readonly expr: LogicalExpr;
  readonly column: PlanColumn;
  /** The select-list item's AST (undefined for `*` expansions). */
  readonly ast?: ast.Expr;
  /** generate_series arguments when the item is a set-returning call. */
  readonly srf?: readonly LogicalExpr[];
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
   */
  bindQuery(q: ast.SelectStmt, outer: Scope | undefined, keepUnknown = false): LogicalPlan {
    if (q.with) throw new DbError('0A000', 'WITH is not supported', { position: q.with.location + 1 });
    if (q.locking.length > 0) throw new DbError('0A000', 'FOR UPDATE/SHARE is not supported');
    switch (q.kind) {
      case 'select':
        return this.bindSelect(q, outer, keepUnknown);
      case 'values':
        return this.finish(this.bindValues(q, outer), q, outer);
      case 'setOp':
        throw new DbError('0A000', `${q.op.toUpperCase()} is not supported`, { position: q.location + 1 });
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

  private bindSelect(s: ast.Select, outer: Scope | undefined, keepUnknown: boolean): LogicalPlan {
    const { plan: fromPlan, scope } = this.from.bindFrom(s.from, outer);
    let plan = fromPlan;
    if (s.where) {
      const predicate = this.exprs.bindCondition(s.where, { scope, clause: 'WHERE' });
      plan = { kind: 'filter', input: plan, predicate, columns: plan.columns };
    }
    const grouped =
      s.groupBy.length > 0 ||
      s.having !== undefined ||
      s.targets.some((t) => containsAggregate(t.expr)) ||
      s.orderBy.some((o) => containsAggregate(o.expr));
    let grouping: Grouping | undefined;
    if (grouped) {
      grouping = { keys: this.bindGroupBy(s, scope), aggregates: [], inputScope: scope };
    }
    const ctx: ExprContext = grouping ? { scope, clause: 'SELECT', grouping } : { scope, clause: 'SELECT' };
    const targets = this.bindTargetList(s.targets, ctx, keepUnknown);
    const having = s.having ? this.exprs.bindCondition(s.having, { ...ctx, clause: 'HAVING' }) : undefined;
    const order = this.bindOrderBy(s.orderBy, targets, ctx, s.distinct);
    if (grouping) {
      const g = grouping;
      const columns: PlanColumn[] = [
        ...g.keys.map((k, i) => ({ name: `group${i + 1}`, type: k.type, tableOid: 0, columnAttnum: 0 })),
        ...g.aggregates.map((a) => ({ name: a.fn, type: a.type, tableOid: 0, columnAttnum: 0 })),
      ];
      plan = { kind: 'aggregate', input: plan, groupBy: g.keys, aggregates: g.aggregates, columns };
      if (having) plan = { kind: 'filter', input: plan, predicate: having, columns };
    }
    const all = [...targets.map((t) => t.expr), ...order.junk];
    const visible = targets.map((t) => t.column);
    const columns = [
      ...visible,
      ...order.junk.map((j) => ({ name: '?column?', type: j.type, tableOid: 0, columnAttnum: 0 })),
    ];
    const srfs = targets.flatMap((t, slot) => (t.srf ? [{ slot, args: t.srf }] : []));
    if (srfs.length > 0) {
      if (grouping) throw new DbError('0A000', 'set-returning functions with aggregates are not supported');
      plan = { kind: 'projectSet', input: plan, exprs: all, srfs, columns };
    } else if (!isIdentity(all, plan)) {
      plan = { kind: 'project', input: plan, exprs: all, columns };
    } else {
      plan = { ...plan, columns } as LogicalPlan;
    }
    if (s.distinctOn.length > 0) {
      throw new DbError('0A000', 'SELECT DISTINCT ON is not supported', {
        position: s.distinctOn[0].location + 1,
      });
    }
    if (s.distinct) plan = { kind: 'distinct', input: plan, columns: plan.columns };
    if (order.keys.length > 0) plan = { kind: 'sort', input: plan, keys: order.keys, columns: plan.columns };
    plan = this.bindLimit(plan, s, outer);
    if (order.junk.length > 0) {
      const exprs: LogicalExpr[] = visible.map((c, i) => ({
        kind: 'column',
        type: c.type,
        index: i,
        name: c.name,
      }));
      plan = { kind: 'project', input: plan, exprs, columns: visible };
    }
    return plan;
  }

  /** ORDER BY, LIMIT and OFFSET of a VALUES query (a query without its own select list). */
  private finish(plan: LogicalPlan, q: ast.QueryClauses, outer: Scope | undefined): LogicalPlan {
    if (q.orderBy.length > 0) {
      const items: ScopeColumnsItem = plan.columns.map((c, i) => ({
        name: c.name,
        type: c.type,
        tableOid: 0,
        attnum: 0,
        slot: i,
      }));
      const scope = new Scope([{ alias: '*VALUES*', columns: items }], outer);
      const targets: Target[] = plan.columns.map((c, i) => ({
        expr: { kind: 'column', type: c.type, index: i, name: c.name },
        column: c,
      }));
      const order = this.bindOrderBy(q.orderBy, targets, { scope, clause: 'ORDER BY' }, true);
      plan = { kind: 'sort', input: plan, keys: order.keys, columns: plan.columns };
    }
    return this.bindLimit(plan, q, outer);
  }

  private bindGroupBy(s: ast.Select, scope: Scope): LogicalExpr[] {
    const ctx: ExprContext = { scope, clause: 'GROUP BY' };
    const keys: LogicalExpr[] = [];
    for (const g of s.groupBy) {
      if (g.kind === 'groupingSet') {
        if (g.type === 'empty') continue;
        throw new DbError('0A000', 'ROLLUP, CUBE and GROUPING SETS are not supported', {
          position: g.location + 1,
        });
      }
      const key = this.bindGroupKey(g, s, ctx);
      if (!keys.some((k) => exprEquals(k, key))) keys.push(key);
    }
    return keys;
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

  /** Binds a select list (or RETURNING list): `*` expanded, names as PostgreSQL gives them. */
  bindTargetList(list: readonly ast.ResultTarget[], ctx: ExprContext, keepUnknown = false): Target[] {
    const out: Target[] = [];
    const scope = ctx.grouping ? ctx.grouping.inputScope : ctx.scope;
    for (const t of list) {
      if (t.expr.kind === 'star') {
        out.push(...this.expandStar(t.expr, scope, ctx));
        continue;
      }
      const name = t.alias ?? outputName(t.expr);
      if (isSeriesCall(t.expr)) {
        const { args, type } = this.from.bindSeriesArgs(t.expr, scope);
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
    for (const it of items) {
      for (const c of it.columns) {
        if (c.hidden && qualifier === undefined) continue;
        let expr: LogicalExpr = {
          kind: 'column',
          type: c.type,
          index: c.slot,
          name: c.name,
          table: it.alias || undefined,
        };
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
    return out;
  }

  private bindOrderBy(
    items: readonly ast.SortBy[],
    targets: readonly Target[],
    ctx: ExprContext,
    distinct: boolean,
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
      const slot = this.orderSlot(o, targets, ctx, junk, distinct);
      const descending = o.direction === 'desc';
      const nullsFirst = o.nulls === 'default' ? descending : o.nulls === 'first';
      keys.push({ expr: ref(slot), descending, nullsFirst });
    }
    return { keys, junk };
  }

  private orderSlot(
    o: ast.SortBy,
    targets: readonly Target[],
    ctx: ExprContext,
    junk: LogicalExpr[],
    distinct: boolean,
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
    if (distinct) {
      throw new DbError('42P10', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', {
        position: pos,
      });
    }
    const j = junk.findIndex((x) => exprEquals(x, bound));
    if (j >= 0) return targets.length + j;
    junk.push(bound);
    return targets.length + junk.length - 1;
  }

  private bindLimit(plan: LogicalPlan, q: ast.QueryClauses, outer: Scope | undefined): LogicalPlan {
    if (!q.limit && !q.offset) return plan;
    if (q.withTies) throw new DbError('0A000', 'FETCH FIRST … WITH TIES is not supported');
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
    const limit = bind(q.limit, 'LIMIT');
    const offset = bind(q.offset, 'OFFSET');
    if (!limit && !offset) return plan;
    return {
      kind: 'limit',
      input: plan,
      ...(limit ? { limit } : {}),
      ...(offset ? { offset } : {}),
      columns: plan.columns,
    };
  }
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
