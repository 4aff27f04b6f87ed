/**
 * optimize: logical plan → physical plan, in one top-down pass that carries the predicates a
 * parent wants applied ("pushed" conjuncts, over the node's output row) as far down as they can
 * go:
 *
 * - Filter: its conjuncts (constant-folded) join the pushed ones.
 * - Scan: all of them become the scan's filter, and maybe an index scan (access-path.ts).
 * - Join: conjuncts reading one side only go to that side (for an outer join only to the side
 *   whose rows are preserved… by WHERE; ON conditions go to the nullable side); the rest, with
 *   the ON condition, become the join's condition. Equalities between a left-only and a
 *   right-only expression make it a Hash Join; anything else is a Nested Loop.
 * - Project / Aggregate: conjuncts over plain pass-through slots (group keys for an aggregate)
 *   are rewritten in terms of the input and pushed further; Sort and Distinct are transparent.
 * - Anywhere else they stay as a Filter above the node.
 *
 * Conjuncts with correlated subqueries or volatile functions never move (expr-rewrite.ts).
 * ORDER BY + LIMIT becomes a top-N Sort under the Limit.
 */
import type { CatalogReader } from '@rustydb/catalog';
import { assertNever } from '@rustydb/common';
import type { LogicalExpr, LogicalPlan, SortKey } from '@rustydb/planner';
import { chooseScan } from './access-path.js';
import { isMovable, replaceColumns, shiftColumns, slotRange } from './expr-rewrite.js';
import { andAll, conjuncts, foldExpr } from './fold-constants.js';
import type { HashJoinNode, PhysicalExpr, PhysicalPlan } from './physical-plan.js';

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
  return new Optimizer(ctx).build(plan, []);
}

const isOn = (v: string | undefined): boolean => v === undefined || !['off', 'false', '0', 'no'].includes(v);

class Optimizer {
  private readonly enableIndexScan: boolean;
  private readonly enableHashJoin: boolean;

  constructor(ctx: OptimizeContext) {
    this.enableIndexScan = isOn(ctx.settings?.get('enable_indexscan'));
    this.enableHashJoin = isOn(ctx.settings?.get('enable_hashjoin'));
  }

  private expr(e: LogicalExpr): PhysicalExpr {
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
      case 'filter': {
        const preds = conjuncts(this.expr(p.predicate));
        if (preds.some((c) => c.kind === 'const' && c.value !== true)) {
          // WHERE false / WHERE NULL: nothing passes; keep the input (it may raise) but filtered.
          return this.filter(this.build(p.input, []), [...pushed, ...preds]);
        }
        return this.build(p.input, [...pushed, ...preds.filter((c) => c.kind !== 'const')]);
      }
      case 'scan': {
        const [movable, stuck] = split(pushed);
        const scan = chooseScan(p.table, p.alias, p.emitTid, movable, p.columns, this.enableIndexScan);
        return this.filter(scan, stuck);
      }
      case 'join':
        return this.buildJoin(p, pushed);
      case 'project':
        return this.buildProject(p, pushed);
      case 'aggregate':
        return this.buildAggregate(p, pushed);
      case 'sort': {
        const input = this.build(p.input, pushed);
        return { kind: 'sort', input, keys: this.keys(p.keys), columns: p.columns };
      }
      case 'distinct':
        return { kind: 'distinct', input: this.build(p.input, pushed), columns: p.columns };
      case 'limit':
        return this.filter(this.buildLimit(p), pushed);
      case 'values':
        return this.filter(
          { kind: 'valuesScan', rows: p.rows.map((r) => this.exprs(r)), columns: p.columns },
          pushed,
        );
      case 'functionScan':
        return this.filter({ ...p, args: this.exprs(p.args) }, pushed);
      case 'result':
        return this.filter(p, pushed);
      case 'projectSet':
        return this.filter(
          {
            kind: 'projectSet',
            input: this.build(p.input, []),
            exprs: this.exprs(p.exprs),
            srfs: p.srfs.map((s) => ({ slot: s.slot, args: this.exprs(s.args) })),
            columns: p.columns,
          },
          pushed,
        );
      case 'insert':
      case 'delete':
        return {
          kind: p.kind,
          table: p.table,
          input: this.build(p.input, []),
          ...(p.returning
            ? { returning: { exprs: this.exprs(p.returning.exprs), columns: p.returning.columns } }
            : {}),
          columns: p.columns,
        };
      case 'update':
        return {
          kind: 'update',
          table: p.table,
          input: this.build(p.input, []),
          assignments: p.assignments.map((a) => ({ column: a.column, expr: this.expr(a.expr) })),
          ...(p.returning
            ? { returning: { exprs: this.exprs(p.returning.exprs), columns: p.returning.columns } }
            : {}),
          columns: p.columns,
        };
      case 'explain':
        return { kind: 'explain', plan: this.build(p.plan, []), columns: p.columns };
      default:
        return assertNever(p, 'logical plan node');
    }
  }

  private filter(input: PhysicalPlan, preds: readonly PhysicalExpr[]): PhysicalPlan {
    const predicate = andAll(preds);
    return predicate ? { kind: 'filter', input, predicate, columns: input.columns } : input;
  }

  private buildLimit(p: Extract<LogicalPlan, { kind: 'limit' }>): PhysicalPlan {
    const limit = p.limit ? this.expr(p.limit) : undefined;
    const offset = p.offset ? this.expr(p.offset) : undefined;
    let input = this.build(p.input, []);
    if (input.kind === 'sort' && limit) {
      // Top-N: the sort keeps only limit + offset rows.
      input = { ...input, limit, ...(offset ? { offset } : {}) };
    }
    return {
      kind: 'limit',
      input,
      ...(limit ? { limit } : {}),
      ...(offset ? { offset } : {}),
      columns: p.columns,
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
    return this.filter({ kind: 'project', input, exprs, columns: p.columns }, stay);
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
      if (groupBy.length > 0 && isMovable(c) && (r === undefined || r.max < groupBy.length)) {
        down.push(replaceColumns(c, (col) => groupBy[col.index]));
      } else stay.push(c);
    }
    const input = this.build(p.input, down);
    const aggregates = p.aggregates.map((a) => ({ ...a, args: this.exprs(a.args) }));
    return this.filter(
      {
        kind: 'aggregate',
        strategy: groupBy.length > 0 ? 'hashed' : 'plain',
        input,
        groupBy,
        aggregates,
        columns: p.columns,
      },
      stay,
    );
  }

  private buildJoin(
    p: Extract<LogicalPlan, { kind: 'join' }>,
    pushed: readonly PhysicalExpr[],
  ): PhysicalPlan {
    const width = p.left.columns.length;
    const type = p.joinType;
    const on = p.condition ? conjuncts(this.expr(p.condition)) : [];
    const toLeft: PhysicalExpr[] = [];
    const toRight: PhysicalExpr[] = [];
    const joinConds: PhysicalExpr[] = [];
    const above: PhysicalExpr[] = [];
    const side = (c: PhysicalExpr): 'left' | 'right' | 'both' | 'none' => {
      const r = slotRange(c);
      if (!r) return 'none';
      if (r.max < width) return 'left';
      if (r.min >= width) return 'right';
      return 'both';
    };
    // WHERE conjuncts: rows of a preserved side may be filtered before the join.
    for (const c of pushed) {
      const s = isMovable(c) ? side(c) : 'stuck';
      const inner = type === 'inner' || type === 'cross';
      if (s === 'left' && (inner || type === 'left')) toLeft.push(c);
      else if (s === 'right' && (inner || type === 'right')) toRight.push(shiftColumns(c, width));
      else if ((s === 'both' || s === 'none') && inner) joinConds.push(c);
      else above.push(c);
    }
    // ON conjuncts: filter the nullable side early; the rest decide matches.
    for (const c of on) {
      const s = isMovable(c) ? side(c) : 'stuck';
      if (s === 'left' && (type === 'inner' || type === 'right')) toLeft.push(c);
      else if (s === 'right' && (type === 'inner' || type === 'left')) toRight.push(shiftColumns(c, width));
      else joinConds.push(c);
    }
    const left = this.build(p.left, toLeft);
    const right = this.build(p.right, toRight);
    const joinType = type === 'cross' && joinConds.length > 0 ? 'inner' : type;
    const hash = this.enableHashJoin && joinType !== 'cross' ? hashKeys(joinConds, width) : undefined;
    let node: PhysicalPlan;
    if (hash && joinType !== 'cross') {
      const residual = andAll(joinConds.filter((c) => !hash.used.has(c)));
      const hj: HashJoinNode = {
        kind: 'hashJoin',
        joinType,
        left,
        right,
        leftKeys: hash.leftKeys,
        rightKeys: hash.rightKeys,
        hashConds: [...hash.used],
        ...(residual ? { residual } : {}),
        columns: p.columns,
      };
      node = hj;
    } else {
      const condition = andAll(joinConds);
      node = {
        kind: 'nestedLoop',
        joinType: joinType === 'inner' && !condition ? 'cross' : joinType,
        left,
        right,
        ...(condition ? { condition } : {}),
        columns: p.columns,
      };
    }
    return this.filter(node, above);
  }
}

/** Conjuncts that may not move (correlated subqueries, volatile functions) are kept apart. */
function split(preds: readonly PhysicalExpr[]): [PhysicalExpr[], PhysicalExpr[]] {
  const movable: PhysicalExpr[] = [];
  const stuck: PhysicalExpr[] = [];
  for (const p of preds) (isMovable(p) ? movable : stuck).push(p);
  return [movable, stuck];
}

/** Equalities `leftExpr = rightExpr` among `conds`, usable as hash keys. */
function hashKeys(
  conds: readonly PhysicalExpr[],
  width: number,
): { leftKeys: PhysicalExpr[]; rightKeys: PhysicalExpr[]; used: Set<PhysicalExpr> } | undefined {
  const leftKeys: PhysicalExpr[] = [];
  const rightKeys: PhysicalExpr[] = [];
  const used = new Set<PhysicalExpr>();
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
    } else if (rb.max < width && ra.min >= width) {
      leftKeys.push(b);
      rightKeys.push(shiftColumns(a, width));
    } else continue;
    used.add(c);
  }
  return used.size > 0 ? { leftKeys, rightKeys, used } : undefined;
}
