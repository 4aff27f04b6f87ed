/**
 * Join paths: the ways to join an outer input to an inner one, each with PostgreSQL's cost
 * formulas (costsize.c, reduced), built lazily so a join search can compare many candidates
 * and materialize only the winners.
 *
 * - Hash Join: builds a hash table on the inner input (its whole cost, plus cpu_operator_cost
 *   per key and cpu_tuple_cost per row, is paid before the first row), then probes with each
 *   outer row. Needs an equality between an outer and an inner expression of one type.
 * - Merge Join: sorts both inputs on the keys (cost_sort each) and merges them.
 * - Nested Loop: materializes the inner input once and compares every pair.
 * - Index Nested Loop: when the inner input is a base table scan and an index of it can be keyed
 *   by the outer row (`inner.col = f(outer)`), the inner side becomes an Index Scan run once per
 *   outer row with the outer row's values as keys (a lateral nested loop); its cost is the
 *   outer input plus one index scan per outer row.
 * - Semi / Anti joins (from EXISTS, IN, NOT EXISTS, NOT IN): hashed, or a nested loop.
 *
 * Row estimates (calc_joinrel_size_estimate): inner = outer × inner × selectivity; LEFT at least
 * the outer rows, RIGHT the inner rows, FULL both; SEMI keeps the outer rows with a match
 * (eqjoinsel_semi: (1 − null_frac) × min(1, nd_inner / nd_outer)), ANTI the others.
 */
import type { TableDef } from '@rustydb/catalog';
import type { JoinType, PlanColumn } from '@rustydb/planner';
import { visitExpr } from '@rustydb/planner';
import { indexScanPaths, qualCost } from './access-path.js';
import { clampRows, DISABLE_COST, sortCost } from './cost-model.js';
import type { Estimator } from './estimator.js';
import { isMovable, replaceColumns, shiftColumns, slotRange } from './expr-rewrite.js';
import { andAll } from './fold-constants.js';
import type { PhysicalExpr, PhysicalPlan, PlanEstimate, SortNode } from './physical-plan.js';
import { clauseListSelectivity, type ColumnLookup, numDistinct } from './selectivity.js';

/** The joins the optimizer plans: the planner's types plus decorrelation's semi and anti joins. */
export type JoinKind = JoinType | 'semi' | 'anti';

/** One input of a join. */
export interface JoinSide {
  readonly plan: PhysicalPlan;
  /** When the side is a plain base table scan: what an index nested loop needs to re-plan it. */
  readonly scan?: {
    readonly table: TableDef;
    readonly alias: string;
    readonly emitTid: boolean;
    /** Its own conjuncts, over the table row. */
    readonly preds: readonly PhysicalExpr[];
    readonly columns: readonly PlanColumn[];
  };
}

/** A costed way to join; `make` builds its node (once). */
export interface JoinCandidate {
  readonly est: PlanEstimate;
  readonly make: () => PhysicalPlan;
}

/** The row of a join: outer slots, then inner slots. */
function joinedLookup(e: Estimator, outer: PhysicalPlan, inner: PhysicalPlan): ColumnLookup {
  const o = e.infos(outer);
  const i = e.infos(inner);
  const w = outer.columns.length;
  return (slot) => (slot < w ? o[slot] : i[slot - w]);
}

/** Equalities `outerExpr = innerExpr` among `conds` (same type, movable), usable as join keys. */
export function joinKeys(
  conds: readonly PhysicalExpr[],
  width: number,
):
  | { leftKeys: PhysicalExpr[]; rightKeys: PhysicalExpr[]; used: Set<PhysicalExpr>; display: PhysicalExpr[] }
  | undefined {
  const leftKeys: PhysicalExpr[] = [];
  const rightKeys: PhysicalExpr[] = [];
  const used = new Set<PhysicalExpr>();
  /** The conditions with the outer side first, as PostgreSQL prints join keys. */
  const display: PhysicalExpr[] = [];
  for (const c of conds) {
    if (c.kind !== 'op' || c.op !== '=' || !isMovable(c)) continue;
    const [a, b] = c.args;
    if (a.type.name !== b.type.name) continue;
    const ra = slotRange(a);
    const rb = slotRange(b);
    if (!ra || !rb) continue;
    if (ra.max < width && rb.min >= width) {
      leftKeys.push(a);
      rightKeys.push(shiftColumns(b, width));
      display.push(c);
    } else if (rb.max < width && ra.min >= width) {
      leftKeys.push(b);
      rightKeys.push(shiftColumns(a, width));
      display.push({ ...c, args: [b, a] });
    } else continue;
    used.add(c);
  }
  return used.size > 0 ? { leftKeys, rightKeys, used, display } : undefined;
}

/** Estimated rows of `outer type-join inner on conds` (see the file comment). */
export function joinRows(
  e: Estimator,
  outer: PhysicalPlan,
  inner: PhysicalPlan,
  type: JoinKind,
  conds: readonly PhysicalExpr[],
): number {
  const o = e.est(outer).rows;
  const i = e.est(inner).rows;
  if (type === 'semi' || type === 'anti') {
    const sel = semiSelectivity(e, outer, inner, conds);
    return clampRows(o * (type === 'semi' ? sel : 1 - sel));
  }
  const n = o * i * clauseListSelectivity(conds, joinedLookup(e, outer, inner));
  switch (type) {
    case 'left':
      return clampRows(Math.max(n, o));
    case 'right':
      return clampRows(Math.max(n, i));
    case 'full':
      return clampRows(Math.max(n, o, i));
    default:
      return clampRows(n);
  }
}

/** eqjoinsel_semi, reduced: the fraction of outer rows with a partner. */
function semiSelectivity(
  e: Estimator,
  outer: PhysicalPlan,
  inner: PhysicalPlan,
  conds: readonly PhysicalExpr[],
) {
  const keys = joinKeys(conds, outer.columns.length);
  if (!keys) return 0.5;
  const oi = e.infos(outer);
  const ii = e.infos(inner);
  let sel = 1;
  keys.leftKeys.forEach((l, k) => {
    const r = keys.rightKeys[k];
    const a = l.kind === 'column' ? oi[l.index] : undefined;
    const b = r.kind === 'column' ? ii[r.index] : undefined;
    const nd1 = numDistinct(a).nd;
    const nd2 = Math.min(numDistinct(b).nd, e.est(inner).rows);
    const nf = a?.stats?.nullFrac ?? 0;
    sel = Math.min(sel, (1 - nf) * Math.min(1, nd2 / nd1));
  });
  return sel;
}

/** Does `e` hold an outer reference or a subquery (which a parameterized scan cannot take)? */
function hasOuterOrSubquery(e: PhysicalExpr): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'outerColumn' || x.kind === 'subquery') found = true;
  });
  return found;
}

const sorted = (e: Estimator, plan: PhysicalPlan, keys: readonly PhysicalExpr[]): SortNode => {
  const est = e.est(plan);
  return {
    kind: 'sort',
    input: plan,
    keys: keys.map((expr) => ({ expr, descending: false, nullsFirst: false })),
    columns: plan.columns,
    est: { ...sortCost(e.params, est, est.rows), rows: est.rows, width: est.width },
  };
};

/**
 * Every way to run `outer type-join inner` on `conds` (over the joined row: outer slots, then
 * inner slots) producing `rows` rows. The output row is outer then inner (outer only for semi
 * and anti joins). Synchronous; never throws.
 */
export function joinCandidates(
  e: Estimator,
  outer: JoinSide,
  inner: JoinSide,
  type: JoinKind,
  conds: readonly PhysicalExpr[],
  rows: number,
): JoinCandidate[] {
  const p = e.params;
  const o = e.est(outer.plan);
  const i = e.est(inner.plan);
  const semi = type === 'semi' || type === 'anti';
  const width = semi ? o.width : o.width + i.width;
  const columns = semi ? outer.plan.columns : [...outer.plan.columns, ...inner.plan.columns];
  const ow = outer.plan.columns.length;
  const out: JoinCandidate[] = [];
  const keys = type === 'cross' ? undefined : joinKeys(conds, ow);
  const tupleCost = p.cpuTupleCost * rows;

  if (keys) {
    const nk = keys.leftKeys.length;
    const residualConds = conds.filter((c) => !keys.used.has(c));
    const residual = andAll(residualConds);
    const residualCost = qualCost(p, residualConds) * rows;
    // Hash join: build on the inner side.
    let hStartup = o.startup + i.total + (p.cpuOperatorCost * nk + p.cpuTupleCost) * i.rows;
    if (!p.enableHashJoin) hStartup += DISABLE_COST;
    const hTotal =
      hStartup + (o.total - o.startup) + p.cpuOperatorCost * nk * o.rows + tupleCost + residualCost;
    const hashEst = { startup: hStartup, total: hTotal, rows, width };
    out.push({
      est: hashEst,
      make: () =>
        semi
          ? {
              kind: 'semiJoin',
              anti: type === 'anti',
              method: 'hash',
              left: outer.plan,
              right: inner.plan,
              leftKeys: keys.leftKeys,
              rightKeys: keys.rightKeys,
              hashConds: keys.display,
              ...(residual ? { residual } : {}),
              rightWidth: inner.plan.columns.length,
              columns,
              est: hashEst,
            }
          : {
              kind: 'hashJoin',
              joinType: type as Exclude<JoinType, 'cross'>,
              left: outer.plan,
              right: inner.plan,
              leftKeys: keys.leftKeys,
              rightKeys: keys.rightKeys,
              hashConds: keys.display,
              ...(residual ? { residual } : {}),
              columns,
              est: hashEst,
            },
    });
    if (!semi) {
      // Merge join over both inputs sorted on the keys.
      const so = sortCost(p, o, o.rows);
      const si = sortCost(p, i, i.rows);
      let mStartup = so.startup + si.startup;
      if (!p.enableMergeJoin) mStartup += DISABLE_COST;
      const mTotal =
        mStartup +
        (so.total - so.startup) +
        (si.total - si.startup) +
        p.cpuOperatorCost * nk * (o.rows + i.rows) +
        tupleCost +
        residualCost;
      const mergeEst = { startup: mStartup, total: mTotal, rows, width };
      out.push({
        est: mergeEst,
        make: () => ({
          kind: 'mergeJoin',
          joinType: type as Exclude<JoinType, 'cross'>,
          left: sorted(e, outer.plan, keys.leftKeys),
          right: sorted(e, inner.plan, keys.rightKeys),
          leftKeys: keys.leftKeys,
          rightKeys: keys.rightKeys,
          mergeConds: keys.display,
          ...(residual ? { residual } : {}),
          columns,
          est: mergeEst,
        }),
      });
    }
  }

  // Nested loop over the materialized inner input.
  const condition = andAll(conds);
  const pairs = o.rows * i.rows * (semi ? 0.5 : 1);
  let nStartup = o.startup + i.startup;
  if (!p.enableNestLoop) nStartup += DISABLE_COST;
  const nTotal =
    nStartup +
    (o.total - o.startup) +
    (i.total - i.startup) +
    pairs * (p.cpuOperatorCost + qualCost(p, conds)) +
    tupleCost;
  const nlEst = { startup: nStartup, total: nTotal, rows, width };
  out.push({
    est: nlEst,
    make: () =>
      semi
        ? {
            kind: 'semiJoin',
            anti: type === 'anti',
            method: 'nestedLoop',
            left: outer.plan,
            right: inner.plan,
            leftKeys: [],
            rightKeys: [],
            hashConds: [],
            ...(condition ? { residual: condition } : {}),
            rightWidth: inner.plan.columns.length,
            columns,
            est: nlEst,
          }
        : {
            kind: 'nestedLoop',
            joinType: (type === 'inner' || type === 'cross') && !condition ? 'cross' : (type as JoinType),
            left: outer.plan,
            right: inner.plan,
            ...(condition ? { condition } : {}),
            columns,
            est: nlEst,
          },
  });

  const indexLoop = indexNestedLoop(e, outer, inner, type, conds, rows, width, columns);
  if (indexLoop) out.push(indexLoop);
  return out;
}

/** The index nested loop candidate, when the inner side can be keyed by the outer row. */
function indexNestedLoop(
  e: Estimator,
  outer: JoinSide,
  inner: JoinSide,
  type: JoinKind,
  conds: readonly PhysicalExpr[],
  rows: number,
  width: number,
  columns: readonly PlanColumn[],
): JoinCandidate | undefined {
  const scan = inner.scan;
  if (!scan || (type !== 'inner' && type !== 'left') || conds.length === 0) return undefined;
  if (scan.preds.some(hasOuterOrSubquery) || conds.some((c) => !isMovable(c) || hasOuterOrSubquery(c))) {
    return undefined;
  }
  const ow = outer.plan.columns.length;
  // The outer row becomes the inner scan's outer row (depth 1).
  const params = conds.map((c) =>
    replaceColumns(c, (col) =>
      col.index < ow
        ? {
            kind: 'outerColumn',
            type: col.type,
            depth: 1,
            index: col.index,
            name: col.name,
            ...(col.table ? { table: col.table } : {}),
          }
        : { ...col, index: col.index - ow },
    ),
  );
  const paramSet = new Set(params);
  const env = e.scanEnv(scan.table);
  let best: ReturnType<typeof indexScanPaths>[number] | undefined;
  const loops = Math.max(1, e.est(outer.plan).rows);
  const preds = [...scan.preds, ...params];
  for (const path of indexScanPaths(scan.table, scan.alias, scan.emitTid, preds, scan.columns, env, loops)) {
    if (!path.keyConds.some((k) => paramSet.has(k.cond))) continue;
    if (!best || path.est!.total < best.est!.total) best = path;
  }
  if (!best) return undefined;
  const p = e.params;
  const o = e.est(outer.plan);
  const lookup = best.est!;
  let startup = o.startup + lookup.startup;
  if (!p.enableNestLoop) startup += DISABLE_COST;
  const total = startup + (o.total - o.startup) + o.rows * lookup.total + p.cpuTupleCost * rows;
  const est = { startup, total, rows, width };
  const right = best;
  return {
    est,
    make: () => ({
      kind: 'nestedLoop',
      joinType: type as JoinType,
      left: outer.plan,
      right,
      lateral: true,
      columns,
      est,
    }),
  };
}
