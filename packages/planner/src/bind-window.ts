/**
 * Window function calls: `fn(args) OVER (…)` and `OVER w` → WindowCall entries of the query
 * level's WindowCollector, each replaced in its expression by a reference to its result slot.
 *
 * The window node sits above the Aggregate/HAVING of its level and below the projection, so its
 * input row is the FROM row (or the grouped row) and every call's arguments, PARTITION BY and
 * ORDER BY are bound like select-list expressions of that level. Result slots come after the
 * input's columns, whose number is only known once the whole level is bound (aggregates are
 * collected on the way): references are made with `WINDOW_SLOT_BASE + i` and renumbered by
 * `renumberWindowSlots` afterwards.
 *
 * Named windows (WINDOW w AS (…)) are copied as PostgreSQL copies them: a reference may add an
 * ORDER BY and a frame, never a PARTITION BY, and may not replace an existing ORDER BY.
 */
import { DbError, type SqlType, sqlType, undefinedFunction } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { aggregateResultType, isAggregateName } from './aggregates.js';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import { coerceImplicit } from './coerce.js';
import { hasLocalColumn } from './expr-walk.js';
import { isKnownFunction } from './functions.js';
import type {
  AggregateName,
  FrameBound,
  LogicalExpr,
  LogicalPlan,
  SortKey,
  WindowCall,
  WindowFrame,
  WindowFuncName,
} from './logical-plan.js';
import { commonType, typeCategory } from './type-rules.js';

/** Result slots of window calls are `WINDOW_SLOT_BASE + i` until renumbered. */
export const WINDOW_SLOT_BASE = 1 << 24;

/** The window calls of one query level, collected while its expressions are bound. */
export interface WindowCollector {
  readonly calls: WindowCall<LogicalPlan>[];
  /** The level's WINDOW clause, by name. */
  readonly named: ReadonlyMap<string, ast.WindowDef>;
}

const INT4 = sqlType('int4');
const INT8 = sqlType('int8');
const FLOAT8 = sqlType('float8');
const TEXT = sqlType('text');

const RANKING: Partial<Record<string, SqlType>> = {
  row_number: INT8,
  rank: INT8,
  dense_rank: INT8,
  percent_rank: FLOAT8,
  cume_dist: FLOAT8,
};

const VALUE_FUNCS = new Set(['ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value']);

/** Checks a WINDOW clause (duplicates: 42P20) and indexes it by name. */
export function windowClause(defs: readonly ast.WindowDef[]): Map<string, ast.WindowDef> {
  const named = new Map<string, ast.WindowDef>();
  for (const d of defs) {
    if (named.has(d.name!)) {
      throw new DbError('42P20', `window "${d.name}" is already defined`, { position: d.location + 1 });
    }
    named.set(d.name!, d);
  }
  return named;
}

/** Binds a call with OVER in `ctx`; returns the reference to its result slot. */
export function bindWindowCall(binder: ExprBinder, e: ast.FuncCall, ctx: ExprContext): LogicalExpr {
  const pos = e.location + 1;
  const collector = ctx.windows;
  if (!collector) {
    // parse_agg.c checks aggregate arguments first: 42803, as for nested aggregates.
    if (ctx.clause === 'aggregate') {
      throw new DbError('42803', 'aggregate function calls cannot contain window function calls', {
        position: pos,
      });
    }
    const msg =
      ctx.clause === 'window function'
        ? 'window function calls cannot be nested'
        : `window functions are not allowed in ${ctx.clause}`;
    throw new DbError('42P20', msg, { position: pos });
  }
  const inner: ExprContext = { ...ctx, clause: 'window function', windows: undefined };
  const args = e.args.map((a) => binder.bind(a, inner));
  const fn = resolveWindowFunction(binder, e, args);
  const spec = resolveSpec(e.over!, collector.named);
  const partitionBy = spec.partitionBy.map((p) => binder.bind(p, inner));
  const orderBy: SortKey<LogicalPlan>[] = spec.orderBy.map((o) => {
    const descending = o.direction === 'desc';
    return {
      expr: binder.bind(o.expr, inner),
      descending,
      nullsFirst: o.nulls === 'default' ? descending : o.nulls === 'first',
    };
  });
  const frame = bindFrame(binder, spec, orderBy, inner);
  const call: WindowCall<LogicalPlan> = {
    ...fn,
    partitionBy,
    orderBy,
    frame,
    text: `${e.name}(${e.star ? '*' : ''})`,
  };
  const i = collector.calls.push(call) - 1;
  return { kind: 'column', type: call.type, index: WINDOW_SLOT_BASE + i, name: e.name };
}

function resolveWindowFunction(
  binder: ExprBinder,
  e: ast.FuncCall,
  args: readonly LogicalExpr[],
): { fn: WindowFuncName | AggregateName; aggregate: boolean; args: readonly LogicalExpr[]; type: SqlType } {
  const pos = e.location + 1;
  const params = binder.state.params;
  const fail = () => {
    const sig = e.star
      ? '*'
      : args.map((a) => (a.type.name === 'unknown' ? 'unknown' : a.type.name)).join(', ');
    return undefinedFunction(`${e.name}(${sig})`, pos);
  };
  if (e.schema !== undefined && e.schema !== 'pg_catalog') throw fail();
  if (isAggregateName(e.name)) {
    if (e.distinct)
      throw new DbError('0A000', 'DISTINCT is not implemented for window functions', { position: pos });
    if (e.orderBy.length > 0) {
      throw new DbError('0A000', 'aggregate ORDER BY is not implemented for window functions', {
        position: pos,
      });
    }
    if (e.filter)
      throw new DbError('0A000', 'FILTER in window functions is not supported', { position: pos });
    const r = aggregateResultType(e.name, e.star, args, params, pos);
    if (!r) throw fail();
    return { fn: r.fn, aggregate: true, args: r.args, type: r.type };
  }
  const ranking = RANKING[e.name];
  if (ranking) {
    if (args.length > 0 || e.star) throw fail();
    return { fn: e.name as WindowFuncName, aggregate: false, args: [], type: ranking };
  }
  if (!VALUE_FUNCS.has(e.name)) {
    if (isKnownFunction(e.name)) {
      throw new DbError(
        '42809',
        `OVER specified, but ${e.name} is not a window function nor an aggregate function`,
        { position: pos },
      );
    }
    throw fail();
  }
  const int = (a: LogicalExpr, i: number) => {
    if (typeCategory(a.type) !== 'numeric' && a.type.name !== 'unknown') throw fail();
    if (a.type.name === 'int8' || a.type.name === 'numeric' || a.type.name.startsWith('float')) throw fail();
    return coerceImplicit(a, INT4, params, e.args[i].location + 1);
  };
  const value = (a: LogicalExpr) => (a.type.name === 'unknown' ? coerceImplicit(a, TEXT, params, pos) : a);
  const fn = e.name as WindowFuncName;
  switch (fn) {
    case 'ntile':
      if (args.length !== 1) throw fail();
      return { fn, aggregate: false, args: [int(args[0], 0)], type: INT4 };
    case 'first_value':
    case 'last_value': {
      if (args.length !== 1) throw fail();
      const v = value(args[0]);
      return { fn, aggregate: false, args: [v], type: v.type };
    }
    case 'nth_value': {
      if (args.length !== 2) throw fail();
      const v = value(args[0]);
      return { fn, aggregate: false, args: [v, int(args[1], 1)], type: v.type };
    }
    default: {
      // lag / lead (value [, offset [, default]]): value and default meet at their common type.
      if (args.length < 1 || args.length > 3) throw fail();
      let type = args.length === 3 ? commonType([args[0].type, args[2].type]) : value(args[0]).type;
      if (!type) throw fail();
      if (type.name === 'unknown') type = TEXT;
      const t = type;
      const out = [coerceImplicit(args[0], t, params, pos)];
      if (args.length > 1) out.push(int(args[1], 1));
      if (args.length > 2) out.push(coerceImplicit(args[2], t, params, e.args[2].location + 1));
      return { fn, aggregate: false, args: out, type: t };
    }
  }
}

/** The effective window definition: `over` with its referenced named window copied in. */
function resolveSpec(over: ast.WindowDef, named: ReadonlyMap<string, ast.WindowDef>): ast.WindowDef {
  if (over.refName === undefined) return over;
  const ref = named.get(over.refName);
  if (!ref) {
    throw new DbError('42704', `window "${over.refName}" does not exist`, { position: over.location + 1 });
  }
  const base = resolveSpec(ref, named);
  if (over.partitionBy.length > 0) {
    throw new DbError('42P20', `cannot override PARTITION BY clause of window "${over.refName}"`, {
      position: over.location + 1,
    });
  }
  if (over.orderBy.length > 0 && base.orderBy.length > 0) {
    throw new DbError('42P20', `cannot override ORDER BY clause of window "${over.refName}"`, {
      position: over.location + 1,
    });
  }
  const frame = over.frame ?? base.frame;
  return {
    partitionBy: base.partitionBy,
    orderBy: over.orderBy.length > 0 ? over.orderBy : base.orderBy,
    ...(frame ? { frame } : {}),
    location: over.location,
  };
}

const DEFAULT_FRAME: WindowFrame<LogicalPlan> = {
  mode: 'range',
  start: { type: 'unboundedPreceding' },
  end: { type: 'currentRow' },
  exclusion: 'noOthers',
};

function bindFrame(
  binder: ExprBinder,
  spec: ast.WindowDef,
  orderBy: readonly SortKey<LogicalPlan>[],
  ctx: ExprContext,
): WindowFrame<LogicalPlan> {
  const f = spec.frame;
  if (!f) return DEFAULT_FRAME;
  const pos = spec.location + 1;
  const hasOffset = (b: ast.FrameBound | undefined) => b?.type === 'preceding' || b?.type === 'following';
  if (f.mode === 'range' && (hasOffset(f.start) || hasOffset(f.end)) && orderBy.length !== 1) {
    throw new DbError('42P20', 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column', {
      position: pos,
    });
  }
  if (f.mode === 'groups' && orderBy.length === 0) {
    throw new DbError('42P20', 'GROUPS mode requires an ORDER BY clause', { position: pos });
  }
  const bound = (b: ast.FrameBound): FrameBound<LogicalPlan> => {
    if (!b.offset) return { type: b.type };
    const at = b.offset.location + 1;
    const off = binder.bind(b.offset, ctx);
    if (hasLocalColumn(off)) {
      throw new DbError('42P10', `argument of ${f.mode.toUpperCase()} must not contain variables`, {
        position: at,
      });
    }
    return {
      type: b.type,
      offset: coerceImplicit(off, offsetType(f.mode, orderBy, at), binder.state.params, at),
    };
  };
  return {
    mode: f.mode,
    start: bound(f.start),
    end: f.end ? bound(f.end) : { type: 'currentRow' },
    exclusion: f.exclusion,
  };
}

/** ROWS/GROUPS offsets are bigint; a RANGE offset has the type of the ORDER BY column. */
function offsetType(
  mode: 'rows' | 'range' | 'groups',
  orderBy: readonly SortKey<LogicalPlan>[],
  at: number,
): SqlType {
  if (mode !== 'range') return INT8;
  const t = orderBy[0].expr.type;
  switch (t.name) {
    case 'int2':
    case 'int4':
    case 'int8':
      return INT8;
    case 'numeric':
    case 'float4':
    case 'float8':
      return sqlType(t.name === 'float4' ? 'float8' : t.name);
    default:
      throw new DbError(
        '0A000',
        `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${t.name}`,
        {
          position: at,
        },
      );
  }
}
