/**
 * Which table columns a query reads from each scan: a scan decodes only those (the others stay
 * NULL in its rows), and an index holding all of them can answer it alone (an Index Only Scan).
 *
 * The columns are propagated top down from each Project or Aggregate, whose expressions are the
 * first to need them, through the nodes that pass their input's row on unchanged or widen it:
 * Filter, Sort and Limit add the columns their expressions read, and a join splits what is
 * needed of its row (left slots, then right slots) between its inputs, after adding its
 * condition's columns. The analysis is deliberately certain: any other node between (window,
 * DISTINCT, set operations, row locks, DML, a LATERAL join's left side), a subquery in one of
 * the expressions (it may read any column of the row through an outer reference), or
 * UPDATE/DELETE's tid gives the scans below no entry, and they decode every column.
 */
import { type LogicalExpr, type LogicalPlan, type ScanNode, visitExpr } from '@rustydb/planner';

/** Table slots read per qualifying scan node (keyed by identity). Synchronous. */
export function scanColumnsRead(plan: LogicalPlan): Map<ScanNode, ReadonlySet<number>> {
  const out = new Map<ScanNode, ReadonlySet<number>>();
  visitUnknown(plan, out);
  return out;
}

/** `p`'s consumer needs all of its row (or is not understood): look for Projects below. */
function visitUnknown(p: LogicalPlan, out: Map<ScanNode, ReadonlySet<number>>): void {
  if (p.kind === 'project' || p.kind === 'aggregate') {
    const exprs: LogicalExpr[] = [];
    if (p.kind === 'project') exprs.push(...p.exprs);
    else {
      exprs.push(...p.groupBy);
      for (const a of p.aggregates) {
        exprs.push(...a.args, ...(a.orderBy ?? []).map((k) => k.expr));
        if (a.filter) exprs.push(a.filter);
      }
    }
    const need = new Set<number>();
    if (addColumns(exprs, need)) propagate(p.input, need, out);
    else visitUnknown(p.input, out);
    return;
  }
  for (const child of inputsOf(p)) visitUnknown(child, out);
}

/** `p` must produce the slots in `need` of its row, and no other. */
function propagate(p: LogicalPlan, need: Set<number>, out: Map<ScanNode, ReadonlySet<number>>): void {
  switch (p.kind) {
    case 'scan':
      if (!p.emitTid) out.set(p, need);
      break;
    case 'filter':
      passOn(p.input, [p.predicate], need, out);
      break;
    case 'sort':
      passOn(
        p.input,
        p.keys.map((k) => k.expr),
        need,
        out,
      );
      break;
    case 'limit':
      passOn(p.input, [p.limit, p.offset, ...(p.withTies ?? [])], need, out);
      break;
    case 'join': {
      if (p.lateral || (p.condition !== undefined && !addColumns([p.condition], need))) {
        visitUnknown(p.left, out);
        visitUnknown(p.right, out);
        break;
      }
      const width = p.left.columns.length;
      const left = new Set<number>();
      const right = new Set<number>();
      for (const slot of need) {
        if (slot < width) left.add(slot);
        else right.add(slot - width);
      }
      propagate(p.left, left, out);
      propagate(p.right, right, out);
      break;
    }
    default:
      visitUnknown(p, out);
  }
}

/** A node that hands its input's row on: `need` and what `exprs` read, of `input`. */
function passOn(
  input: LogicalPlan,
  exprs: readonly (LogicalExpr | undefined)[],
  need: Set<number>,
  out: Map<ScanNode, ReadonlySet<number>>,
): void {
  if (addColumns(exprs, need)) propagate(input, need, out);
  else visitUnknown(input, out);
}

/**
 * Adds the input slots `exprs` read to `need`; false (with `need` then meaningless) when one holds
 * a subquery, which may read any slot through an outer reference.
 */
function addColumns(exprs: readonly (LogicalExpr | undefined)[], need: Set<number>): boolean {
  let certain = true;
  for (const e of exprs) {
    if (e === undefined) continue;
    visitExpr(e, (x) => {
      if (x.kind === 'column') need.add(x.index);
      else if (x.kind === 'subquery') certain = false;
    });
  }
  return certain;
}

function inputsOf(p: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  for (const key of ['input', 'left', 'right'] as const) {
    const child = (p as unknown as Record<string, unknown>)[key];
    if (child && typeof child === 'object' && 'kind' in child) out.push(child as LogicalPlan);
  }
  return out;
}
