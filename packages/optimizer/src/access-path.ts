/**
 * Access paths: a table scan with its pushed-down predicates becomes an Index Scan when some
 * index can narrow it, else a Seq Scan with a filter.
 *
 * An index is usable when the predicate has `column op value` conjuncts (op one of = < <= > >=,
 * `value` independent of the row: a constant, a parameter, an outer column) on a prefix of its
 * key: equalities on key positions 0..k-1, then optionally a range on position k. Among usable
 * indexes the one matching the most leading equalities wins (a range counts half), and a unique
 * index fully matched by equalities beats all. This is the rule-based chooser of issue 2; the
 * cost-based optimizer replaces `scoreIndex` with estimates from statistics.
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import type { PlanColumn } from '@rustydb/planner';
import { isRowIndependent } from './expr-rewrite.js';
import { andAll } from './fold-constants.js';
import type { IndexKeyCond, IndexScanNode, PhysicalExpr, SeqScanNode } from './physical-plan.js';

type RangeOp = IndexKeyCond['op'];

const FLIP: Record<RangeOp, RangeOp> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** A conjunct of the form `column op value`, normalized so the column is on the left. */
interface ColumnCond {
  readonly slot: number;
  readonly op: RangeOp;
  readonly value: PhysicalExpr;
  readonly cond: PhysicalExpr;
}

function asColumnCond(e: PhysicalExpr, width: number): ColumnCond | undefined {
  if (e.kind !== 'op' || !(e.op in FLIP) || e.args.length !== 2) return undefined;
  const [l, r] = e.args;
  const op = e.op as RangeOp;
  if (l.kind === 'column' && l.index < width && isRowIndependent(r) && l.type.name === r.type.name) {
    return { slot: l.index, op, value: r, cond: e };
  }
  if (r.kind === 'column' && r.index < width && isRowIndependent(l) && l.type.name === r.type.name) {
    return { slot: r.index, op: FLIP[op], value: l, cond: e };
  }
  return undefined;
}

/** The key conditions `index` can use, or undefined when it cannot narrow the scan. */
function matchIndex(
  table: TableDef,
  index: IndexDef,
  conds: readonly ColumnCond[],
): IndexKeyCond[] | undefined {
  const out: IndexKeyCond[] = [];
  const ordered = index.method === 'btree' || index.method === 'lsm';
  for (let k = 0; k < index.columns.length; k++) {
    const slot = table.columns.findIndex((c) => c.attnum === index.columns[k]);
    const eq = conds.find((c) => c.slot === slot && c.op === '=');
    if (eq) {
      out.push({ keyPos: k, op: '=', value: eq.value, cond: eq.cond });
      continue;
    }
    if (ordered) {
      const lower = conds.find((c) => c.slot === slot && (c.op === '>' || c.op === '>='));
      const upper = conds.find((c) => c.slot === slot && (c.op === '<' || c.op === '<='));
      for (const c of [lower, upper]) if (c) out.push({ keyPos: k, op: c.op, value: c.value, cond: c.cond });
    }
    break;
  }
  if (out.length === 0) return undefined;
  // Hash-like methods can only look up a complete key.
  if (!ordered && out.length < index.columns.length) return undefined;
  return out;
}

function scoreIndex(index: IndexDef, keyConds: readonly IndexKeyCond[]): number {
  const eqs = keyConds.filter((c) => c.op === '=').length;
  const range = keyConds.length > eqs ? 0.5 : 0;
  const fullUnique = index.unique && eqs === index.columns.length ? 100 : 0;
  return fullUnique + eqs + range;
}

/**
 * The scan of `table` with `preds` (conjuncts over the table row) applied: an IndexScanNode
 * when an index can narrow it, else a SeqScanNode. Synchronous, never throws.
 */
export function chooseScan(
  table: TableDef,
  alias: string,
  emitTid: boolean,
  preds: readonly PhysicalExpr[],
  columns: readonly PlanColumn[],
  enableIndexScan = true,
): SeqScanNode | IndexScanNode {
  const filter = andAll(preds);
  const seq: SeqScanNode = { kind: 'seqScan', table, alias, emitTid, ...(filter ? { filter } : {}), columns };
  if (!enableIndexScan || preds.length === 0) return seq;
  const conds = preds.map((p) => asColumnCond(p, table.columns.length)).filter((c) => c !== undefined);
  let best: { index: IndexDef; keyConds: IndexKeyCond[]; score: number } | undefined;
  for (const index of table.indexes) {
    const keyConds = matchIndex(table, index, conds);
    if (!keyConds) continue;
    const score = scoreIndex(index, keyConds);
    if (!best || score > best.score) best = { index, keyConds, score };
  }
  if (!best) return seq;
  const used = new Set(best.keyConds.map((c) => c.cond));
  const residual = andAll(preds.filter((p) => !used.has(p)));
  return {
    kind: 'indexScan',
    table,
    alias,
    index: best.index,
    emitTid,
    keyConds: best.keyConds,
    ...(filter ? { filter } : {}),
    ...(residual ? { residual } : {}),
    columns,
  };
}
