/**
 * Matching a scan's conditions to an index's keys and predicate (access-path.ts uses it).
 *
 * KEYS. An index key is a table column or an expression over the row (`lower(name)`). A
 * condition `key op value` (or `value op key`) uses key position k when its key side is the
 * same expression as key k — compared structurally with column names and aliases ignored — and
 * its value side reads nothing of the row.
 *
 * PARTIAL INDEXES. An index with a predicate holds only the rows the predicate accepts, so it may
 * answer a scan only when the scan's conditions imply the predicate. Implication is PostgreSQL's
 * predtest reduced to what is cheap and certain: every conjunct of the predicate must be
 *   - one of the scan's conjuncts (structurally), or
 *   - a comparison `x op c1` implied by a scan conjunct `x op2 c2` on the same expression with
 *     constants of the same type (range containment: `a > 10` implies `a > 5`; `a = 7` implies
 *     `a >= 0`), or
 *   - `x IS NOT NULL`, implied by any such comparison on x (comparisons are strict).
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { compareValues, InternalError, type Value } from '@rustydb/common';
import { exprEquals, indexKeyExprs, mapColumns } from '@rustydb/planner';
import { isRowIndependent } from './expr-rewrite.js';
import { conjuncts, foldExpr } from './fold-constants.js';
import type { IndexKeyCond, PhysicalExpr } from './physical-plan.js';

type RangeOp = IndexKeyCond['op'];

const FLIP: Record<RangeOp, RangeOp> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** An index's keys and predicate conjuncts as physical expressions over the table row. */
export interface IndexShape {
  readonly keys: readonly PhysicalExpr[];
  readonly predicate: readonly PhysicalExpr[];
}

const shapes = new WeakMap<IndexDef, IndexShape>();

const noPlans = (): never => {
  throw new InternalError('index expressions have no subqueries');
};

/** `index`'s keys and predicate, bound and folded once per IndexDef. Synchronous. */
export function indexShape(table: TableDef, index: IndexDef, catalog: CatalogReader): IndexShape {
  let shape = shapes.get(index);
  if (!shape) {
    const bound = indexKeyExprs(table, index, catalog);
    shape = {
      keys: bound.keys.map((k) => foldExpr(k, noPlans)),
      predicate: bound.predicate ? conjuncts(foldExpr(bound.predicate, noPlans)) : [],
    };
    shapes.set(index, shape);
  }
  return shape;
}

/** Column nodes reduced to slot and type, so aliases and names do not matter. */
const anonymous = (e: PhysicalExpr): PhysicalExpr =>
  mapColumns(e, (c) => ({ kind: 'column', type: c.type, index: c.index, name: '' }));

/** Are `a` and `b` the same expression over the row? */
export function sameExpr(a: PhysicalExpr, b: PhysicalExpr): boolean {
  if (a.kind === 'column' && b.kind === 'column') return a.index === b.index && a.type.name === b.type.name;
  if (a.kind !== b.kind) return false;
  return exprEquals(anonymous(a), anonymous(b));
}

/** A conjunct `e` as `key op value` for `key`, or undefined. */
export function asKeyCond(
  e: PhysicalExpr,
  key: PhysicalExpr,
): { op: RangeOp; value: PhysicalExpr } | undefined {
  if (e.kind !== 'op' || !(e.op in FLIP) || e.args.length !== 2) return undefined;
  const [l, r] = e.args;
  const op = e.op as RangeOp;
  if (l.type.name !== r.type.name) return undefined;
  if (sameExpr(l, key) && isRowIndependent(r)) return { op, value: r };
  if (sameExpr(r, key) && isRowIndependent(l)) return { op: FLIP[op], value: l };
  return undefined;
}

/** `x op const` with x reading the row: its parts, or undefined. */
function asConstCond(e: PhysicalExpr): { x: PhysicalExpr; op: RangeOp; value: Value } | undefined {
  if (e.kind !== 'op' || !(e.op in FLIP) || e.args.length !== 2) return undefined;
  const [l, r] = e.args;
  if (l.type.name !== r.type.name) return undefined;
  if (r.kind === 'const' && r.value !== null && !isRowIndependent(l))
    return { x: l, op: e.op as RangeOp, value: r.value };
  if (l.kind === 'const' && l.value !== null && !isRowIndependent(r)) {
    return { x: r, op: FLIP[e.op as RangeOp], value: l.value };
  }
  return undefined;
}

/** Does `x qop q` (for every row) imply `x pop p`? `cmp` is sign(q - p). */
function rangeImplies(qop: RangeOp, pop: RangeOp, cmp: number): boolean {
  switch (pop) {
    case '=':
      return qop === '=' && cmp === 0;
    case '>':
      return (qop === '>' && cmp >= 0) || ((qop === '>=' || qop === '=') && cmp > 0);
    case '>=':
      return (qop === '>' || qop === '>=' || qop === '=') && cmp >= 0;
    case '<':
      return (qop === '<' && cmp <= 0) || ((qop === '<=' || qop === '=') && cmp < 0);
    case '<=':
      return (qop === '<' || qop === '<=' || qop === '=') && cmp <= 0;
  }
}

/** Does the scan conjunct `q` imply the predicate conjunct `p`? */
function implies(q: PhysicalExpr, p: PhysicalExpr): boolean {
  if (sameExpr(q, p)) return true;
  const qc = asConstCond(q);
  if (!qc) return false;
  if (p.kind === 'isNull' && p.negated && sameExpr(p.arg, qc.x)) return true;
  const pc = asConstCond(p);
  if (!pc || !sameExpr(pc.x, qc.x) || pc.x.type.name !== qc.x.type.name) return false;
  return rangeImplies(qc.op, pc.op, Math.sign(compareValues(qc.value, pc.value, qc.x.type)));
}

/**
 * The scan conjuncts that together imply `predicate` (all of it), or undefined when it is not
 * implied. An empty predicate is implied by nothing: `[]`.
 */
export function impliedBy(
  predicate: readonly PhysicalExpr[],
  preds: readonly PhysicalExpr[],
): PhysicalExpr[] | undefined {
  const used: PhysicalExpr[] = [];
  for (const p of predicate) {
    const q = preds.find((x) => implies(x, p));
    if (!q) return undefined;
    if (!used.includes(q)) used.push(q);
  }
  return used;
}
