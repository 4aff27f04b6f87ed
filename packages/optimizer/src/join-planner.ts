/**
 * JoinPlanner: turns the planner's JOIN nodes into physical joins (see optimize.ts's comment for
 * the rules): a tree of inner/cross joins is flattened and ordered by join-search.ts; an outer
 * or LATERAL join is planned on its own, its inputs recursively.
 *
 * Conjunct placement for an outer join, as PostgreSQL's distribute_qual_to_rels:
 * - WHERE conjuncts reading only the preserved side are pushed into it; any other WHERE conjunct
 *   stays above the join (it may reject the NULL-extended rows).
 * - ON conjuncts reading only the nullable side filter it before the join; the others decide
 *   matches.
 */
import type { LogicalPlan } from '@rustydb/planner';
import { visitExpr } from '@rustydb/planner';
import { isMovable, replaceColumns, shiftColumns, slotRange } from './expr-rewrite.js';
import { conjuncts } from './fold-constants.js';
import { type JoinKind, joinCandidates, joinRows, type JoinSide } from './join-paths.js';
import { type JoinLeaf, type JoinPred, type JoinShape, searchJoins } from './join-search.js';
import type { Optimizer } from './optimize.js';
import type { PhysicalExpr, PhysicalPlan } from './physical-plan.js';
import { clauseSelectivity } from './selectivity.js';

type JoinNode = Extract<LogicalPlan, { kind: 'join' }>;

const FLIPPED: Record<string, JoinKind> = { left: 'right', right: 'left', full: 'full', inner: 'inner' };

/** Most inputs one join search takes (subsets are 32-bit masks). */
const MAX_LEAVES = 30;

const isInnerJoin = (n: LogicalPlan): n is JoinNode =>
  n.kind === 'join' && (n.joinType === 'inner' || n.joinType === 'cross') && !n.lateral;

/** The inputs a flattened inner-join tree would have. */
function leafCount(n: LogicalPlan): number {
  return isInnerJoin(n) ? leafCount(n.left) + leafCount(n.right) : 1;
}

export class JoinPlanner {
  constructor(private readonly o: Optimizer) {}

  /** The physical plan of join `p` with `pushed` (over its output row) applied. */
  build(p: JoinNode, pushed: readonly PhysicalExpr[]): PhysicalPlan {
    if ((p.joinType === 'inner' || p.joinType === 'cross') && !p.lateral) return this.#innerTree(p, pushed);
    return this.#single(p, pushed);
  }

  /** A side, with what an index nested loop needs when it is a plain table scan. */
  #side(logical: LogicalPlan, preds: readonly PhysicalExpr[]): JoinSide {
    const plan = this.o.build(logical, preds);
    if (logical.kind !== 'scan' || preds.some((c) => !isMovable(c))) return { plan };
    const { table, alias, emitTid, columns } = logical;
    return { plan, scan: { table, alias, emitTid, preds, columns } };
  }

  #innerTree(p: JoinNode, pushed: readonly PhysicalExpr[]): PhysicalPlan {
    const leaves: { logical: LogicalPlan; offset: number }[] = [];
    const conds: PhysicalExpr[] = [...pushed];
    // Past MAX_LEAVES inputs (subsets are bit masks) a subtree becomes one input, planned on its
    // own; `budget` is how many inputs a subtree may still add.
    const visit = (node: LogicalPlan, offset: number, budget: number): JoinShape => {
      if (isInnerJoin(node) && (node === p || leafCount(node) <= budget)) {
        const before = leaves.length;
        const l = visit(node.left, offset, budget - 1);
        const r = visit(node.right, offset + node.left.columns.length, budget - (leaves.length - before));
        if (node.condition)
          for (const c of conjuncts(this.o.expr(node.condition))) conds.push(shiftColumns(c, -offset));
        return [l, r];
      }
      leaves.push({ logical: node, offset });
      return leaves.length - 1;
    };
    const shape = visit(p, 0, MAX_LEAVES);
    const leafOf: number[] = [];
    leaves.forEach((l, i) => {
      for (let s = 0; s < l.logical.columns.length; s++) leafOf[l.offset + s] = i;
    });
    const leafPreds: PhysicalExpr[][] = leaves.map(() => []);
    const between: { expr: PhysicalExpr; mask: number }[] = [];
    const above: PhysicalExpr[] = [];
    for (const c of conds) {
      if (c.kind === 'const' && c.value === true) continue;
      const mask = this.#mask(c, leafOf);
      if (!isMovable(c) || mask === 0) above.push(c);
      else if ((mask & (mask - 1)) === 0) {
        const i = 31 - Math.clz32(mask);
        leafPreds[i].push(shiftColumns(c, leaves[i].offset));
      } else between.push({ expr: c, mask });
    }
    const built: JoinLeaf[] = leaves.map((l, i) => ({
      side: this.#side(l.logical, leafPreds[i]),
      offset: l.offset,
    }));
    const infos = built.map((l) => this.o.est.infos(l.side.plan));
    const lookup = (slot: number) => infos[leafOf[slot]][slot - built[leafOf[slot]].offset];
    const preds: JoinPred[] = between.map((b) => ({ ...b, sel: clauseSelectivity(b.expr, lookup) }));
    const writtenOrder = this.o.est.params.joinCollapseLimit <= 1;
    const { plan, layout } = searchJoins(this.o.est, built, preds, shape, writtenOrder);
    const ordered = this.#restoreOrder(
      plan,
      layout.map((i) => built[i]),
      p,
    );
    return this.o.filter(ordered, above);
  }

  /** The leaves (bits) a condition reads. */
  #mask(c: PhysicalExpr, leafOf: readonly number[]): number {
    let mask = 0;
    visitExpr(c, (x) => {
      if (x.kind === 'column') mask |= 1 << leafOf[x.index];
    });
    return mask;
  }

  /**
   * `plan`, whose row holds the leaves in `order`, with its columns put back in written order
   * (`p`'s output) by a projection; `plan` itself when already in order.
   */
  #restoreOrder(
    plan: PhysicalPlan,
    order: readonly JoinLeaf[],
    p: { columns: PhysicalPlan['columns'] },
  ): PhysicalPlan {
    const start = new Map<number, number>();
    let at = 0;
    for (const l of order) {
      start.set(l.offset, at);
      at += l.side.plan.columns.length;
    }
    let identity = true;
    const exprs: PhysicalExpr[] = [];
    const sorted = [...order].sort((a, b) => a.offset - b.offset);
    for (const l of sorted) {
      l.side.plan.columns.forEach((c, s) => {
        const index = start.get(l.offset)! + s;
        if (index !== l.offset + s) identity = false;
        exprs.push({ kind: 'column', type: c.type, index, name: c.name });
      });
    }
    if (identity) return plan;
    return {
      kind: 'project',
      input: plan,
      exprs,
      columns: p.columns,
      est: this.o.est.project(plan, exprs, p.columns),
    };
  }

  /** An outer join, or a LATERAL one: planned on its own. */
  #single(p: JoinNode, pushed: readonly PhysicalExpr[]): PhysicalPlan {
    const width = p.left.columns.length;
    const type = p.joinType;
    const on = p.condition ? conjuncts(this.o.expr(p.condition)) : [];
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
    const inner = type === 'inner' || type === 'cross';
    for (const c of pushed) {
      const s = isMovable(c) ? side(c) : 'stuck';
      if (s === 'left' && (inner || type === 'left')) toLeft.push(c);
      else if (s === 'right' && (inner || type === 'right') && !p.lateral)
        toRight.push(shiftColumns(c, width));
      else if ((s === 'both' || s === 'none') && inner) joinConds.push(c);
      else above.push(c);
    }
    for (const c of on) {
      if (c.kind === 'const' && c.value === true) continue;
      const s = isMovable(c) ? side(c) : 'stuck';
      if (s === 'left' && (type === 'inner' || type === 'right')) toLeft.push(c);
      else if (s === 'right' && (type === 'inner' || type === 'left') && !p.lateral)
        toRight.push(shiftColumns(c, width));
      else joinConds.push(c);
    }
    const left = this.#side(p.left, toLeft);
    if (p.lateral)
      return this.o.filter(this.#lateral(p, left.plan, this.o.build(p.right, toRight), joinConds), above);
    const right = this.#side(p.right, toRight);
    const kind: JoinKind = type === 'cross' && joinConds.length > 0 ? 'inner' : type;
    const rows = joinRows(this.o.est, left.plan, right.plan, kind, joinConds);
    let best = cheapest(joinCandidates(this.o.est, left, right, kind, joinConds, rows));
    let flipped = false;
    if (kind !== 'cross') {
      // The same join with the inputs swapped (LEFT becomes RIGHT), slots swapped to match.
      const rw = right.plan.columns.length;
      const swap = (c: PhysicalExpr) => swapSides(c, width, rw);
      const other = cheapest(
        joinCandidates(this.o.est, right, left, FLIPPED[kind], joinConds.map(swap), rows),
      );
      if (other.est.total < best.est.total) {
        best = other;
        flipped = true;
      }
    }
    let plan = best.make();
    if (flipped) {
      const order: JoinLeaf[] = [
        { side: right, offset: width },
        { side: left, offset: 0 },
      ];
      plan = this.#restoreOrder(plan, order, p);
    }
    return this.o.filter(plan, above);
  }

  /** A LATERAL join: the right side runs once per left row, a nested loop. */
  #lateral(
    p: JoinNode,
    left: PhysicalPlan,
    right: PhysicalPlan,
    conds: readonly PhysicalExpr[],
  ): PhysicalPlan {
    const e = this.o.est;
    const l = e.est(left);
    const r = e.est(right);
    const condition =
      conds.length === 0
        ? undefined
        : conds.length === 1
          ? conds[0]
          : { kind: 'and' as const, type: conds[0].type, args: conds };
    const rows = joinRows(e, left, right, p.joinType === 'left' ? 'left' : 'inner', conds);
    const total = l.total + l.rows * r.total + e.params.cpuTupleCost * rows;
    return {
      kind: 'nestedLoop',
      joinType: p.joinType === 'inner' && !condition ? 'cross' : p.joinType,
      left,
      right,
      ...(condition ? { condition } : {}),
      lateral: true,
      columns: p.columns,
      est: { startup: l.startup + r.startup, total, rows, width: l.width + r.width },
    };
  }
}

function cheapest<T extends { est: { total: number } }>(list: readonly T[]): T {
  let best = list[0];
  for (const c of list) if (c.est.total < best.est.total) best = c;
  return best;
}

/** `c` over (left, right) rewritten over (right, left). */
function swapSides(c: PhysicalExpr, leftWidth: number, rightWidth: number): PhysicalExpr {
  return replaceColumns(c, (col) => ({
    ...col,
    index: col.index < leftWidth ? col.index + rightWidth : col.index - leftWidth,
  }));
}
