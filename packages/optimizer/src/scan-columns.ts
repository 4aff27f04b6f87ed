/**
 * Which table columns a query reads from each scan — what decides whether an index holds
 * everything a scan must produce (an Index Only Scan).
 *
 * The analysis is deliberately narrow and certain: a scan qualifies when it sits under a chain
 * of Filter and Sort nodes directly below the Project or Aggregate that consumes its row (the
 * shape of a single-table SELECT, with or without WHERE, ORDER BY, GROUP BY and aggregates).
 * The columns are those the chain's expressions read. Any other placement (joins, set
 * operations, DML, a subquery in one of those expressions, UPDATE/DELETE's tid) gives the scan
 * no entry, and it is never index-only.
 */
import { type LogicalExpr, type LogicalPlan, type ScanNode, visitExpr } from '@rustydb/planner';

/** Table slots read per qualifying scan node (keyed by identity). Synchronous. */
export function scanColumnsRead(plan: LogicalPlan): Map<ScanNode, ReadonlySet<number>> {
  const out = new Map<ScanNode, ReadonlySet<number>>();
  const visit = (p: LogicalPlan): void => {
    if (p.kind === 'project' || p.kind === 'aggregate') note(p, out);
    for (const child of inputsOf(p)) visit(child);
  };
  visit(plan);
  return out;
}

function inputsOf(p: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  for (const key of ['input', 'left', 'right'] as const) {
    const child = (p as unknown as Record<string, unknown>)[key];
    if (child && typeof child === 'object' && 'kind' in child) out.push(child as LogicalPlan);
  }
  return out;
}

function note(
  top: Extract<LogicalPlan, { kind: 'project' | 'aggregate' }>,
  out: Map<ScanNode, ReadonlySet<number>>,
): void {
  const exprs: LogicalExpr[] = [];
  if (top.kind === 'project') exprs.push(...top.exprs);
  else {
    exprs.push(...top.groupBy);
    for (const a of top.aggregates) {
      exprs.push(...a.args, ...(a.orderBy ?? []).map((k) => k.expr));
      if (a.filter) exprs.push(a.filter);
    }
  }
  let p = top.input;
  while (p.kind === 'filter' || p.kind === 'sort') {
    if (p.kind === 'filter') exprs.push(p.predicate);
    else exprs.push(...p.keys.map((k) => k.expr));
    p = p.input;
  }
  if (p.kind !== 'scan' || p.emitTid) return;
  const read = new Set<number>();
  let certain = true;
  for (const e of exprs) {
    visitExpr(e, (x) => {
      if (x.kind === 'column') read.add(x.index);
      else if (x.kind === 'subquery') certain = false;
    });
  }
  if (certain) out.set(p, read);
}
