/**
 * Aggregate calls and GROUPING() inside a grouped query level (see bind-expr.ts's header): an
 * aggregate call is bound over the level's input row, collected into the grouping's list (equal
 * calls share one slot) and becomes a reference to its slot in the aggregate's output row.
 */
import { DbError, formatTypeName, type SqlType, sqlType, undefinedFunction } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { aggregateResultType, isOrderSensitive, ORDERED_SET_AGGREGATES } from './aggregates.js';
import type { ExprBinder, ExprContext, Grouping } from './bind-expr.js';
import { exprEquals } from './expr-walk.js';
import type { AggregateCall, AggregateName, LogicalExpr, LogicalPlan } from './logical-plan.js';

const BOOL = sqlType('bool');
const INT4 = sqlType('int4');

const typeText = (t: SqlType): string => formatTypeName(t);

/**
 * Binds aggregate call `e` of grouping `g` and returns the reference to its slot. Sync.
 * @throws DbError 42883 (no such aggregate), 42809 (WITHIN GROUP misuse), 42P10 (DISTINCT with an
 * ORDER BY expression outside the arguments).
 */
export function bindAggregateCall(b: ExprBinder, e: ast.FuncCall, g: Grouping): LogicalExpr {
  const pos = e.location + 1;
  const inner: ExprContext = { scope: g.inputScope, clause: 'aggregate' };
  const args = e.args.map((a) => b.bind(a, inner));
  if (ORDERED_SET_AGGREGATES.has(e.name) !== e.withinGroup) {
    if (!e.withinGroup)
      throw undefinedFunction(`${e.name}(${args.map((a) => typeText(a.type)).join(', ')})`, pos);
    throw new DbError('42809', `${e.name} is not an ordered-set aggregate, so it cannot have WITHIN GROUP`, {
      position: pos,
    });
  }
  // An ordered-set aggregate reads its WITHIN GROUP value as its last argument.
  if (e.withinGroup) for (const o of e.orderBy) args.push(b.bind(o.expr, inner));
  const name = e.name as AggregateName;
  const resolved = aggregateResultType(name, e.star, args, b.state.params, pos);
  if (!resolved) {
    const sig = e.star ? '*' : args.map((a) => typeText(a.type)).join(', ');
    throw undefinedFunction(`${e.name}(${sig})`, pos);
  }
  const orderBy = e.orderBy.map((o) => {
    const descending = o.direction === 'desc';
    const expr = b.bind(o.expr, inner);
    if (e.distinct && !resolved.args.some((a) => exprEquals(a, expr))) {
      throw new DbError(
        '42P10',
        'in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list',
        {
          position: o.expr.location + 1,
        },
      );
    }
    return { expr, descending, nullsFirst: o.nulls === 'default' ? descending : o.nulls === 'first' };
  });
  // PostgreSQL removes DISTINCT duplicates by sorting, so order-sensitive aggregates see sorted input.
  if (e.distinct && orderBy.length === 0 && isOrderSensitive(resolved.fn)) {
    for (const expr of resolved.args) orderBy.push({ expr, descending: false, nullsFirst: false });
  }
  const filter = e.filter ? b.bindCondition(e.filter, { scope: g.inputScope, clause: 'FILTER' }) : undefined;
  const call: AggregateCall<LogicalPlan> = {
    fn: resolved.fn,
    args: resolved.args,
    distinct: e.distinct,
    type: resolved.type,
    text: b.state.sql.slice(e.location, aggregateEnd(b.state.sql, e.location)),
    ...(orderBy.length > 0 ? { orderBy } : {}),
    ...(filter ? { filter } : {}),
  };
  let i = g.aggregates.findIndex(
    (a) =>
      a.fn === call.fn &&
      a.distinct === call.distinct &&
      a.args.length === call.args.length &&
      a.args.every((x, j) => exprEquals(x, call.args[j])) &&
      (a.orderBy?.length ?? 0) === orderBy.length &&
      orderBy.every(
        (o, j) =>
          a.orderBy![j].descending === o.descending &&
          a.orderBy![j].nullsFirst === o.nullsFirst &&
          exprEquals(a.orderBy![j].expr, o.expr),
      ) &&
      (a.filter === undefined) === (filter === undefined) &&
      (filter === undefined || exprEquals(a.filter!, filter)),
  );
  if (i < 0) i = g.aggregates.push(call) - 1;
  return { kind: 'column', type: call.type, index: g.aggregateBase + i, name: e.name };
}

/**
 * GROUPING(a, b, …): a bit per argument (the last one is bit 0), set when that key is not
 * grouped in the current row's grouping set; 0 without grouping sets.
 */
export function bindGroupingCall(b: ExprBinder, e: ast.Grouping, ctx: ExprContext): LogicalExpr {
  const pos = e.location + 1;
  const g = ctx.grouping;
  if (!g) {
    throw new DbError('42803', `grouping operations are not allowed in ${ctx.clause}`, { position: pos });
  }
  if (e.args.length > 31) {
    throw new DbError('54011', 'GROUPING must have fewer than 32 arguments', { position: pos });
  }
  const keys = e.args.map((a) => {
    const bound = b.bindPlain(a, { scope: g.inputScope, clause: 'GROUPING' });
    const k = g.keys.findIndex((key) => exprEquals(key, bound));
    if (k < 0) {
      throw new DbError(
        '42803',
        'arguments to GROUPING must be grouping expressions of the associated query level',
        { position: a.location + 1 },
      );
    }
    return k;
  });
  const sets = g.sets;
  if (!sets) return { kind: 'const', type: INT4, value: 0 };
  const mask = (set: readonly number[]) =>
    keys.reduce((m, k, j) => (set.includes(k) ? m : m | (1 << (keys.length - 1 - j))), 0);
  const setId: LogicalExpr = { kind: 'column', type: INT4, index: g.keys.length, name: 'grouping' };
  return {
    kind: 'case',
    type: INT4,
    whens: sets.map((set, i) => ({
      cond: { kind: 'op', type: BOOL, op: '=', args: [setId, { kind: 'const', type: INT4, value: i }] },
      result: { kind: 'const', type: INT4, value: mask(set) },
    })),
    otherwise: { kind: 'const', type: INT4, value: null },
  };
}

/** The end of a call's text `name(…)` starting at `start`: after its balanced parentheses. */
function aggregateEnd(sql: string, start: number): number {
  let depth = 0;
  for (let i = sql.indexOf('(', start); i >= 0 && i < sql.length; i++) {
    const c = sql[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    else if (c === "'") i = sql.indexOf("'", i + 1);
    if (i < 0) break;
  }
  return sql.length;
}
