/**
 * optimize: logical plan → physical plan, in one top-down pass that carries the predicates a
 * parent wants applied ("pushed" conjuncts, over the node's output row) as far down as they can
 * go, and costs every node it builds (cost-model.ts, estimator.ts) so that each choice is the
 * cheapest estimate:
 *
 * - Filter: its conjuncts (constant-folded) join the pushed ones; EXISTS / IN / NOT EXISTS /
 *   NULL-safe NOT IN conjuncts become semi and anti joins above the filtered input
 *   (decorrelate.ts).
 * - Scan: all of them become the scan's filter; the cheapest of a Seq Scan and the usable Index
 *   Scans is chosen (access-path.ts).
 * - Inner joins: a tree of inner and cross joins is flattened into its inputs and conditions;
 *   conditions reading one input are pushed into it, the others order the joins: dynamic
 *   programming over the inputs, each join the cheapest of hash, merge, nested loop and index
 *   nested loop in either input order (join-search.ts, join-paths.ts). The written column order
 *   is restored by a projection on top.
 * - Outer joins are barriers: each is planned on its own (its inputs recursively), WHERE
 *   conjuncts on its preserved side and ON conjuncts on its nullable side pushed into the
 *   inputs; method and input order are chosen by cost (LEFT may run as RIGHT with the inputs
 *   swapped). LATERAL joins stay nested loops.
 * - Project / Aggregate: conjuncts over plain pass-through slots (group keys for an aggregate)
 *   are rewritten in terms of the input and pushed further; Sort and Distinct are transparent.
 *   Aggregates are hashed, or sorted and grouped when that is cheaper (enable_hashagg = off).
 * - Set operations: conjuncts go to both inputs (σ(A op B) = σA op σB for UNION, INTERSECT and
 *   EXCEPT, with or without ALL); WITH is transparent.
 * - Anywhere else they stay as a Filter above the node: above a Window (filtering its input
 *   would change the partitions), DISTINCT ON (the first row of a key must be chosen first), an
 *   aggregate with grouping sets (a key is NULL in the sets that do not group by it), Limit.
 *
 * Conjuncts with correlated subqueries or volatile functions never move (expr-rewrite.ts).
 * ORDER BY + LIMIT becomes a top-N Sort under the Limit.
 */
import type { CatalogReader } from '@rustydb/catalog';
import { assertNever, sqlType } from '@rustydb/common';
import type {
  AggregateCall,
  LogicalExpr,
  LogicalPlan,
  Returning,
  ScanNode,
  SortKey,
  ViewCheck,
  WindowFrame,
} from '@rustydb/planner';
import { attachPrivileges, requiredPrivileges } from '@rustydb/planner';
import { chooseScan } from './access-path.js';
import { costParams } from './cost-model.js';
import { decorrelate, type SemiJoinSpec } from './decorrelate.js';
import { Estimator } from './estimator.js';
import { isMovable, replaceColumns, shiftColumns, slotRange } from './expr-rewrite.js';
import { andAll, conjuncts, foldExpr } from './fold-constants.js';
import { joinCandidates, joinRows } from './join-paths.js';
import { JoinPlanner } from './join-planner.js';
import type {
  PhysicalExpr,
  PhysicalPlan,
  Returning as PhysicalReturning,
  PlanEstimate,
} from './physical-plan.js';
import { scanColumnsRead } from './scan-columns.js';

/** What the optimizer may consult. `settings` such as `enable_indexscan=off` steer choices. */
export interface OptimizeContext {
  readonly catalog: CatalogReader;
  readonly settings?: ReadonlyMap<string, string>;
}

/**
 * Turns a bound logical plan into the physical plan the executor runs. Synchronous; throws only
 * InternalError (a malformed plan is our bug).
 */
export function optimize(plan: LogicalPlan, ctx: OptimizeContext): PhysicalPlan {
  const physical = new Optimizer(ctx).prepare(plan).build(plan, []);
  // The privileges the binder collected travel with the plan (planner's required-privileges.ts).
  const privileges = requiredPrivileges(plan);
  if (privileges !== undefined) attachPrivileges(physical, privileges);
  return physical;
}

const BOOL = sqlType('bool');

/** The optimizer of one statement; `JoinPlanner` calls back into `build`. */
export class Optimizer {
  readonly est: Estimator;
  readonly #joins: JoinPlanner;
  /** CTE id → the estimate of its plan (CTE Scans read it). */
  readonly #ctes = new Map<number, PlanEstimate>();

  /** Columns each simple scan's consumers read (scan-columns.ts): Index Only Scan candidates. */
  #scanColumns = new Map<ScanNode, ReadonlySet<number>>();

  constructor(ctx: OptimizeContext) {
    this.est = new Estimator(costParams(ctx.settings), ctx.catalog);
    this.#joins = new JoinPlanner(this);
  }

  /** Notes which columns `plan`'s scans must produce, before `build`. */
  prepare(plan: LogicalPlan): this {
    this.#scanColumns = scanColumnsRead(plan);
    return this;
  }

  expr(e: LogicalExpr): PhysicalExpr {
    return foldExpr(e, (p) => this.build(p, []));
  }

  private exprs(list: readonly LogicalExpr[]): PhysicalExpr[] {
    return list.map((e) => this.expr(e));
  }

  private keys(keys: readonly SortKey<LogicalPlan>[]): SortKey<PhysicalPlan>[] {
    return keys.map((k) => ({ ...k, expr: this.expr(k.expr) }));
  }

  /** The physical plan of `p` with `pushed` (conjuncts over p's output row) applied. */
  build(p: LogicalPlan, pushed: readonly PhysicalExpr[]): PhysicalPlan {
    switch (p.kind) {
      case 'filter':
        return this.buildFilter(p, pushed);
      case 'scan': {
        const [movable, stuck] = split(pushed);
        const env = this.est.scanEnv(p.table);
        const scan = chooseScan(
          p.table,
          p.alias,
          p.emitTid,
          movable,
          p.columns,
          env,
          this.#scanColumns.get(p),
        );
        return this.filter(scan, stuck);
      }
      case 'join':
        return this.#joins.build(p, pushed);
      case 'project':
        return this.buildProject(p, pushed);
      case 'aggregate':
        return this.buildAggregate(p, pushed);
      case 'sort': {
        const input = this.build(p.input, pushed);
        return {
          kind: 'sort',
          input,
          keys: this.keys(p.keys),
          columns: p.columns,
          est: this.est.sort(input),
        };
      }
      case 'distinct': {
        const input = this.build(p.input, p.on ? [] : pushed);
        const cols = p.columns.map(
          (c, index) => ({ kind: 'column', type: c.type, index, name: c.name }) as const,
        );
        const e = this.est.est(input);
        const est = p.on
          ? this.est.passThrough(
              input,
              p.on.length,
              this.est.groups(
                input,
                p.on.map((i) => cols[i]),
              ),
            )
          : this.est.hashAggregate(input, cols, 0, e.width);
        const node: PhysicalPlan = {
          kind: 'distinct',
          input,
          ...(p.on ? { on: p.on } : {}),
          columns: p.columns,
          est,
        };
        return p.on ? this.filter(node, pushed) : node;
      }
      case 'cteScan': {
        const rows = this.#ctes.get(p.cteId)?.rows ?? 1000;
        const width = this.#ctes.get(p.cteId)?.width ?? 32;
        return this.filter({ ...p, est: this.est.values(rows, 0, width) }, pushed);
      }
      case 'workTableScan':
        return this.filter(
          { ...p, est: this.est.values(10 * (this.#ctes.get(p.cteId)?.rows ?? 10), 0, 32) },
          pushed,
        );
      case 'with': {
        const ctes = p.ctes.map((c) => {
          const plan = this.build(c.plan, []);
          this.#ctes.set(c.id, this.est.est(plan));
          return { id: c.id, name: c.name, plan };
        });
        const input = this.build(p.input, pushed);
        return { kind: 'with', ctes, input, columns: p.columns, est: this.est.est(input) };
      }
      case 'recursiveUnion': {
        const nonRecursive = this.build(p.nonRecursive, []);
        this.#ctes.set(p.cteId, this.est.est(nonRecursive));
        const recursive = this.build(p.recursive, []);
        const a = this.est.est(nonRecursive);
        const b = this.est.est(recursive);
        return this.filter(
          {
            kind: 'recursiveUnion',
            cteId: p.cteId,
            all: p.all,
            nonRecursive,
            recursive,
            columns: p.columns,
            est: {
              startup: a.startup,
              total: a.total + 10 * b.total,
              rows: a.rows + 10 * b.rows,
              width: a.width,
            },
          },
          pushed,
        );
      }
      case 'setOp': {
        const [movable, stuck] = split(pushed);
        const left = this.build(p.left, movable);
        const right = this.build(p.right, movable);
        const a = this.est.est(left);
        const b = this.est.est(right);
        const rows =
          p.op === 'union' ? a.rows + b.rows : p.op === 'intersect' ? Math.min(a.rows, b.rows) : a.rows;
        const hashing = p.op === 'union' && p.all ? 0 : (a.rows + b.rows) * this.est.params.cpuOperatorCost;
        return this.filter(
          {
            kind: 'setOp',
            op: p.op,
            all: p.all,
            left,
            right,
            columns: p.columns,
            est: {
              startup: a.startup,
              total: a.total + b.total + hashing,
              rows: Math.max(rows, 1),
              width: a.width,
            },
          },
          stuck,
        );
      }
      case 'window': {
        const input = this.build(p.input, []);
        return this.filter(
          {
            kind: 'window',
            input,
            calls: p.calls.map((c) => ({
              ...c,
              args: this.exprs(c.args),
              partitionBy: this.exprs(c.partitionBy),
              orderBy: this.keys(c.orderBy),
              frame: {
                ...c.frame,
                start: c.frame.start.offset
                  ? { ...c.frame.start, offset: this.expr(c.frame.start.offset) }
                  : c.frame.start,
                end: c.frame.end.offset
                  ? { ...c.frame.end, offset: this.expr(c.frame.end.offset) }
                  : c.frame.end,
              } as WindowFrame<PhysicalPlan>,
            })),
            columns: p.columns,
            est: this.est.passThrough(input, p.calls.length),
          },
          pushed,
        );
      }
      case 'limit':
        return this.filter(this.buildLimit(p), pushed);
      case 'lockRows': {
        const input = this.build(p.input, []);
        const r = p.recheck;
        const recheck = r
          ? {
              fromBase: r.fromBase,
              fromWidth: r.fromWidth,
              ...(r.predicate ? { predicate: this.expr(r.predicate) } : {}),
              outputs: this.exprs(r.outputs),
            }
          : undefined;
        const lock = {
          kind: 'lockRows',
          input,
          targets: p.targets,
          ...(recheck ? { recheck } : {}),
          columns: p.columns,
          est: this.est.est(input),
        } as const;
        return this.filter(lock, pushed);
      }
      case 'values': {
        const rows = p.rows.map((r) => this.exprs(r));
        const width = this.est.width(p, []);
        const est = this.est.values(rows.length, rows.length * p.columns.length, width);
        return this.filter({ kind: 'valuesScan', rows, columns: p.columns, est }, pushed);
      }
      case 'systemScan':
        // Computed catalogs are small: a fixed guess (PostgreSQL's catalogs have hundreds of rows).
        return this.filter({ ...p, est: this.est.functionScan([], this.est.width(p, [])) }, pushed);
      case 'functionScan': {
        const functions = p.functions.map((f) => ({ ...f, args: this.exprs(f.args) }));
        return this.filter(
          { ...p, functions, est: this.est.functionScan(functions, this.est.width(p, [])) },
          pushed,
        );
      }
      case 'result':
        return this.filter(
          { ...p, est: { startup: 0, total: 0.01, rows: 1, width: this.est.width(p, []) } },
          pushed,
        );
      case 'projectSet': {
        const input = this.build(p.input, []);
        const rows = this.est.est(input).rows * 10;
        return this.filter(
          {
            kind: 'projectSet',
            input,
            exprs: this.exprs(p.exprs),
            srfs: p.srfs.map((s) => ({ ...s, args: this.exprs(s.args) })),
            columns: p.columns,
            est: this.est.passThrough(input, p.srfs.length, rows, this.est.width(p, [])),
          },
          pushed,
        );
      }
      case 'insert': {
        const input = this.build(p.input, []);
        return {
          kind: 'insert',
          table: p.table,
          input,
          ...(p.onConflict
            ? {
                onConflict: {
                  action: p.onConflict.action,
                  arbiters: p.onConflict.arbiters,
                  assignments: p.onConflict.assignments.map((a) => ({
                    column: a.column,
                    expr: this.expr(a.expr),
                  })),
                  ...(p.onConflict.where ? { where: this.expr(p.onConflict.where) } : {}),
                },
              }
            : {}),
          ...this.viewChecks(p.viewChecks),
          ...this.returning(p.returning),
          columns: p.columns,
          est: this.modifyEst(input),
        };
      }
      case 'delete': {
        const input = this.build(p.input, []);
        return {
          kind: 'delete',
          table: p.table,
          input,
          ...(p.recheck ? { recheck: this.expr(p.recheck) } : {}),
          ...this.returning(p.returning),
          columns: p.columns,
          est: this.modifyEst(input),
        };
      }
      case 'update': {
        const input = this.build(p.input, []);
        return {
          kind: 'update',
          table: p.table,
          input,
          ...(p.recheck ? { recheck: this.expr(p.recheck) } : {}),
          assignments: p.assignments.map((a) => ({ column: a.column, expr: this.expr(a.expr) })),
          ...this.viewChecks(p.viewChecks),
          ...this.returning(p.returning),
          columns: p.columns,
          est: this.modifyEst(input),
        };
      }
      case 'merge': {
        const input = this.build(p.input, []);
        return {
          kind: 'merge',
          table: p.table,
          input,
          recheck: this.expr(p.recheck),
          actions: p.actions.map((a) => ({
            matched: a.matched,
            action: a.action,
            ...(a.condition ? { condition: this.expr(a.condition) } : {}),
            assignments: a.assignments.map((x) => ({ column: x.column, expr: this.expr(x.expr) })),
            values: this.exprs(a.values),
          })),
          columns: p.columns,
          est: this.modifyEst(input),
        };
      }
      case 'explain':
        return { kind: 'explain', plan: this.build(p.plan, []), columns: p.columns };
      default:
        return assertNever(p, 'logical plan node');
    }
  }

  /** ModifyTable: its input's cost, no rows out (PostgreSQL prints rows=0 width=0). */
  private modifyEst(input: PhysicalPlan): PlanEstimate {
    const e = this.est.est(input);
    return { startup: e.startup, total: e.total, rows: 0, width: 0 };
  }

  private viewChecks(checks: readonly ViewCheck<LogicalExpr>[] | undefined): {
    viewChecks?: readonly ViewCheck<PhysicalExpr>[];
  } {
    if (!checks) return {};
    return { viewChecks: checks.map((c) => ({ view: c.view, predicate: this.expr(c.predicate) })) };
  }

  private returning(r: Returning | undefined): { returning?: PhysicalReturning } {
    if (!r) return {};
    return {
      returning: {
        exprs: this.exprs(r.exprs),
        columns: r.columns,
        ...(r.readsInput ? { readsInput: true } : {}),
        ...(r.readsTid ? { readsTid: true } : {}),
      },
    };
  }

  /** `input` filtered by `preds` (nothing when there are none). */
  filter(input: PhysicalPlan, preds: readonly PhysicalExpr[]): PhysicalPlan {
    const predicate = andAll(preds);
    if (!predicate) return input;
    return { kind: 'filter', input, predicate, columns: input.columns, est: this.est.filter(input, preds) };
  }

  private buildFilter(
    p: Extract<LogicalPlan, { kind: 'filter' }>,
    pushed: readonly PhysicalExpr[],
  ): PhysicalPlan {
    const specs: SemiJoinSpec[] = [];
    const rest: LogicalExpr[] = [];
    for (const c of conjuncts(p.predicate)) {
      const spec = decorrelate(c, p.input);
      if (spec) specs.push(spec);
      else rest.push(c);
    }
    const preds = rest.flatMap((c) => conjuncts(this.expr(c)));
    let plan: PhysicalPlan;
    if (preds.some((c) => c.kind === 'const' && c.value !== true)) {
      // WHERE false / WHERE NULL: nothing passes; keep the input (it may raise) but filtered.
      plan = this.filter(this.build(p.input, []), [...pushed, ...preds]);
    } else plan = this.build(p.input, [...pushed, ...preds.filter((c) => c.kind !== 'const')]);
    for (const spec of specs) plan = this.semiJoin(plan, spec);
    return plan;
  }

  /** `left` semi- (or anti-) joined with a decorrelated subquery. */
  private semiJoin(left: PhysicalPlan, spec: SemiJoinSpec): PhysicalPlan {
    const lw = left.columns.length;
    const right = this.build(
      spec.inner,
      spec.innerPreds.flatMap((c) => conjuncts(this.expr(c))),
    );
    const toJoined = (e: PhysicalExpr) =>
      replaceColumns(
        e,
        (col) => ({ ...col, index: col.index + lw }),
        (o) => ({
          kind: 'column',
          type: o.type,
          index: o.index,
          name: o.name,
          ...(o.table ? { table: o.table } : {}),
        }),
      );
    const conds = spec.correlated.flatMap((c) => conjuncts(this.expr(c))).map(toJoined);
    if (spec.inPair) {
      const test = this.expr(spec.inPair.test);
      const select = shiftColumns(this.expr(spec.inPair.select), -lw);
      conds.unshift({ kind: 'op', op: '=', type: BOOL, args: [test, select] });
    }
    const type = spec.anti ? 'anti' : 'semi';
    const rows = joinRows(this.est, left, right, type, conds);
    let best: ReturnType<typeof joinCandidates>[number] | undefined;
    for (const c of joinCandidates(this.est, { plan: left }, { plan: right }, type, conds, rows)) {
      if (!best || c.est.total < best.est.total) best = c;
    }
    return best!.make();
  }

  private buildLimit(p: Extract<LogicalPlan, { kind: 'limit' }>): PhysicalPlan {
    const limit = p.limit ? this.expr(p.limit) : undefined;
    const offset = p.offset ? this.expr(p.offset) : undefined;
    const withTies = p.withTies ? this.exprs(p.withTies) : undefined;
    let input = this.build(p.input, []);
    // (Not with ties: a top-N sort would drop the rows tying with the last one.)
    if (input.kind === 'sort' && limit && !withTies) {
      // Top-N: the sort keeps only limit + offset rows.
      const sortInput = input.input;
      input = {
        ...input,
        limit,
        ...(offset ? { offset } : {}),
        est: this.est.sort(sortInput, limit, offset),
      };
    }
    return {
      kind: 'limit',
      input,
      ...(limit ? { limit } : {}),
      ...(offset ? { offset } : {}),
      ...(withTies ? { withTies } : {}),
      columns: p.columns,
      est: this.est.limit(input, limit, offset),
    };
  }

  private buildProject(
    p: Extract<LogicalPlan, { kind: 'project' }>,
    pushed: readonly PhysicalExpr[],
  ): PhysicalPlan {
    const exprs = this.exprs(p.exprs);
    const down: PhysicalExpr[] = [];
    const stay: PhysicalExpr[] = [];
    const substitutable = (i: number) => isMovable(exprs[i]);
    for (const c of pushed) {
      let ok = isMovable(c);
      if (ok) {
        replaceColumns(c, (col) => {
          if (!substitutable(col.index)) ok = false;
          return col;
        });
      }
      if (ok) down.push(replaceColumns(c, (col) => exprs[col.index]));
      else stay.push(c);
    }
    const input = this.build(p.input, down);
    return this.filter(
      { kind: 'project', input, exprs, columns: p.columns, est: this.est.project(input, exprs, p.columns) },
      stay,
    );
  }

  private buildAggregate(
    p: Extract<LogicalPlan, { kind: 'aggregate' }>,
    pushed: readonly PhysicalExpr[],
  ): PhysicalPlan {
    const groupBy = this.exprs(p.groupBy);
    const down: PhysicalExpr[] = [];
    const stay: PhysicalExpr[] = [];
    for (const c of pushed) {
      const r = slotRange(c);
      if (
        groupBy.length > 0 &&
        !p.groupingSets &&
        isMovable(c) &&
        (r === undefined || r.max < groupBy.length)
      ) {
        down.push(replaceColumns(c, (col) => groupBy[col.index]));
      } else stay.push(c);
    }
    const input = this.build(p.input, down);
    const aggregates: AggregateCall<PhysicalPlan>[] = p.aggregates.map((a) => ({
      fn: a.fn,
      args: this.exprs(a.args),
      distinct: a.distinct,
      type: a.type,
      text: a.text,
      ...(a.orderBy ? { orderBy: this.keys(a.orderBy) } : {}),
      ...(a.filter ? { filter: this.expr(a.filter) } : {}),
    }));
    const base = { kind: 'aggregate', groupBy, aggregates, columns: p.columns } as const;
    const inInfos = this.est.infos(input);
    const width = this.est.width(
      p,
      groupBy.map((g) => (g.kind === 'column' ? inInfos[g.index] : undefined)),
    );
    const n = aggregates.length;
    if (groupBy.length === 0) {
      return this.filter(
        { ...base, strategy: 'plain', input, est: this.est.plainAggregate(input, n, width) },
        stay,
      );
    }
    if (p.groupingSets) {
      const est = this.est.hashAggregate(input, groupBy, n, width);
      return this.filter({ ...base, strategy: 'hashed', input, groupingSets: p.groupingSets, est }, stay);
    }
    const hashed = this.est.hashAggregate(input, groupBy, n, width);
    // GroupAggregate: sort the input on the keys, then group (cheaper when hashing is disabled).
    const sortedInput: PhysicalPlan = {
      kind: 'sort',
      input,
      keys: groupBy.map((expr) => ({ expr, descending: false, nullsFirst: false })),
      columns: input.columns,
      est: this.est.sort(input),
    };
    const grouped = this.est.groupAggregate(sortedInput, groupBy, n, width);
    if (grouped.total < hashed.total) {
      return this.filter({ ...base, strategy: 'sorted', input: sortedInput, est: grouped }, stay);
    }
    return this.filter({ ...base, strategy: 'hashed', input, est: hashed }, stay);
  }
}

/** Conjuncts that may not move (correlated subqueries, volatile functions) are kept apart. */
export function split(preds: readonly PhysicalExpr[]): [PhysicalExpr[], PhysicalExpr[]] {
  const movable: PhysicalExpr[] = [];
  const stuck: PhysicalExpr[] = [];
  for (const p of preds) (isMovable(p) ? movable : stuck).push(p);
  return [movable, stuck];
}
