/**
 * Join order search over a set of inner-joined relations ("leaves": base scans or anything the
 * search treats as one input — an outer join, a subquery, a LATERAL item) and the conditions
 * between them.
 *
 * - Up to DP_LIMIT (10) leaves: dynamic programming over subsets (PostgreSQL's standard_join_search,
 *   System R style). Every subset of leaves gets its cheapest plan, built from the cheapest
 *   plans of its two-way splits, each tried with every join method (join-paths.ts) and both
 *   input orders. Splits with no condition between their halves (cross products) are only
 *   considered for a subset that has no connected split at all.
 * - More leaves: a greedy search (GOO): repeatedly join the connected pair whose join is
 *   cheapest, until one relation remains.
 * - join_collapse_limit = 1: the written order (the shape of the JOIN tree) is kept; only the
 *   method and the input order of each join are chosen. NB: PostgreSQL keeps comma-separated
 *   FROM items reorderable then (from_collapse_limit); here they keep their order too.
 *
 * A subset's row count does not depend on how it is joined: the product of its leaves' rows and
 * of the selectivities of the conditions inside it, as PostgreSQL's set_joinrel_size_estimates.
 *
 * Slots: conditions arrive over the "global" row (every leaf's columns in written order). A plan
 * of a subset has its leaves in some order (`layout`); conditions are rewritten to its slots
 * when a join is built, and the caller restores the written order with a projection at the end.
 */
import { clampRows } from './cost-model.js';
import type { Estimator } from './estimator.js';
import { replaceColumns } from './expr-rewrite.js';
import { type JoinCandidate, joinCandidates, type JoinSide } from './join-paths.js';
import type { PhysicalExpr, PhysicalPlan } from './physical-plan.js';

/** Leaves beyond this many are ordered greedily. */
export const DP_LIMIT = 10;

/** One input of the search. */
export interface JoinLeaf {
  readonly side: JoinSide;
  /** Its first slot in the global row. */
  readonly offset: number;
}

/** A condition between leaves: over the global row; `mask` has a bit per leaf it reads. */
export interface JoinPred {
  readonly expr: PhysicalExpr;
  readonly mask: number;
  readonly sel: number;
}

/** The written JOIN tree: a leaf index, or a pair of subtrees. */
export type JoinShape = number | readonly [JoinShape, JoinShape];

/** A planned subset of leaves. */
interface Rel {
  readonly mask: number;
  /** Leaf indexes in the order of the plan's row. */
  readonly layout: readonly number[];
  readonly side: JoinSide;
}

export interface JoinSearchResult {
  readonly plan: PhysicalPlan;
  readonly layout: readonly number[];
}

const popcount = (m: number): number => {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
};

/** Plans the join of every leaf. Synchronous; never throws. */
export function searchJoins(
  e: Estimator,
  leaves: readonly JoinLeaf[],
  preds: readonly JoinPred[],
  shape: JoinShape,
  writtenOrder: boolean,
): JoinSearchResult {
  const search = new Search(e, leaves, preds);
  const rel = writtenOrder
    ? search.written(shape)
    : leaves.length <= DP_LIMIT
      ? search.dynamic()
      : search.greedy();
  return { plan: rel.side.plan, layout: rel.layout };
}

class Search {
  readonly #rows = new Map<number, number>();
  /** Global slot → leaf index. */
  readonly #leafOf: number[] = [];

  constructor(
    private readonly e: Estimator,
    private readonly leaves: readonly JoinLeaf[],
    private readonly preds: readonly JoinPred[],
  ) {
    leaves.forEach((l, i) => {
      for (let s = 0; s < l.side.plan.columns.length; s++) this.#leafOf[l.offset + s] = i;
    });
  }

  leafRel(i: number): Rel {
    return { mask: 1 << i, layout: [i], side: this.leaves[i].side };
  }

  /** Rows of the join of the leaves in `mask` (independent of the order). */
  rows(mask: number): number {
    let r = this.#rows.get(mask);
    if (r === undefined) {
      r = 1;
      for (let i = 0; i < this.leaves.length; i++)
        if (mask & (1 << i)) r *= this.e.est(this.leaves[i].side.plan).rows;
      for (const p of this.preds) if ((p.mask & ~mask) === 0) r *= p.sel;
      r = clampRows(r);
      this.#rows.set(mask, r);
    }
    return r;
  }

  /** Conditions that become evaluable when `a` and `b` are joined. */
  between(a: number, b: number): JoinPred[] {
    const both = a | b;
    return this.preds.filter((p) => (p.mask & ~both) === 0 && (p.mask & a) !== 0 && (p.mask & b) !== 0);
  }

  /** The cheapest join of `a` and `b` in either order, or undefined if cross products are refused. */
  join(a: Rel, b: Rel, allowCross: boolean): { cand: JoinCandidate; layout: number[] } | undefined {
    const preds = this.between(a.mask, b.mask);
    if (preds.length === 0 && !allowCross) return undefined;
    const rows = this.rows(a.mask | b.mask);
    let best: { cand: JoinCandidate; layout: number[] } | undefined;
    for (const [outer, inner] of [
      [a, b],
      [b, a],
    ] as const) {
      const layout = [...outer.layout, ...inner.layout];
      const conds = preds.map((p) => this.localize(p.expr, layout));
      for (const cand of joinCandidates(this.e, outer.side, inner.side, 'inner', conds, rows)) {
        if (!best || cand.est.total < best.cand.est.total) best = { cand, layout };
      }
    }
    return best;
  }

  /** `expr` (over the global row) over the row of a plan whose leaves come in `layout` order. */
  localize(expr: PhysicalExpr, layout: readonly number[]): PhysicalExpr {
    const start = new Map<number, number>();
    let at = 0;
    for (const i of layout) {
      start.set(i, at);
      at += this.leaves[i].side.plan.columns.length;
    }
    return replaceColumns(expr, (c) => {
      const leaf = this.#leafOf[c.index];
      return { ...c, index: start.get(leaf)! + (c.index - this.leaves[leaf].offset) };
    });
  }

  make(mask: number, j: { cand: JoinCandidate; layout: number[] }): Rel {
    return { mask, layout: j.layout, side: { plan: j.cand.make() } };
  }

  dynamic(): Rel {
    const n = this.leaves.length;
    const best: (Rel | undefined)[] = new Array(1 << n);
    for (let i = 0; i < n; i++) best[1 << i] = this.leafRel(i);
    const full = (1 << n) - 1;
    for (let s = 1; s <= full; s++) {
      if (popcount(s) < 2) continue;
      for (const allowCross of [false, true]) {
        let choice: { cand: JoinCandidate; layout: number[] } | undefined;
        // Each unordered split once: s1 holds the lowest leaf of s.
        const low = s & -s;
        for (let s1 = (s - 1) & s; s1 > 0; s1 = (s1 - 1) & s) {
          if ((s1 & low) === 0) continue;
          const a = best[s1];
          const b = best[s ^ s1];
          if (!a || !b) continue;
          const j = this.join(a, b, allowCross);
          if (j && (!choice || j.cand.est.total < choice.cand.est.total)) choice = j;
        }
        if (choice) {
          best[s] = this.make(s, choice);
          break;
        }
      }
    }
    return best[full]!;
  }

  greedy(): Rel {
    let rels: Rel[] = this.leaves.map((_, i) => this.leafRel(i));
    while (rels.length > 1) {
      let pick: { i: number; k: number; j: { cand: JoinCandidate; layout: number[] } } | undefined;
      for (const allowCross of [false, true]) {
        for (let i = 0; i < rels.length; i++) {
          for (let k = i + 1; k < rels.length; k++) {
            const j = this.join(rels[i], rels[k], allowCross);
            if (j && (!pick || j.cand.est.total < pick.j.cand.est.total)) pick = { i, k, j };
          }
        }
        if (pick) break;
      }
      const { i, k, j } = pick!;
      const joined = this.make(rels[i].mask | rels[k].mask, j);
      rels = [...rels.filter((_, x) => x !== i && x !== k), joined];
    }
    return rels[0];
  }

  written(shape: JoinShape): Rel {
    if (typeof shape === 'number') return this.leafRel(shape);
    const a = this.written(shape[0]);
    const b = this.written(shape[1]);
    return this.make(a.mask | b.mask, this.join(a, b, true)!);
  }
}
