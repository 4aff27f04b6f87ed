/**
 * EXPLAIN ANALYZE's instrumentation: `analyzePlan` runs a plan like `executePlan` but discards
 * its rows, with every operator wrapped to count, per plan node, the times it was started
 * (loops), the rows it returned, and the time spent inside it (its inputs included) until its
 * first row and until its last, as PostgreSQL's Instrumentation does.
 *
 * Wrapping happens in `buildOperator` (`instrumented`), only for a Runtime registered here, so
 * plain execution pays nothing. The timing is per batch call (performance.now() twice per
 * `next()`), not per row.
 */
import { yieldToEventLoop } from '@rustydb/common';
import type { NodeActuals, PhysicalPlan } from '@rustydb/optimizer';
import { buildOperator } from './build-operator.js';
import type { ExecutionContext } from './execution-context.js';
import { type Operator, YIELD } from './operator.js';
import { Runtime } from './runtime.js';

/** What one plan node did, summed over its loops. */
class Counters implements NodeActuals {
  loops = 0;
  rows = 0;
  startupMs = 0;
  totalMs = 0;
  heapFetches?: number;
}

const registry = new WeakMap<Runtime, Map<PhysicalPlan, Counters>>();

/** `op` (built for `plan`), wrapped to count when `rt` runs under EXPLAIN ANALYZE. */
export function instrumented(rt: Runtime, plan: PhysicalPlan, op: Operator): Operator {
  const byPlan = registry.get(rt);
  if (!byPlan) return op;
  let counters = byPlan.get(plan);
  if (!counters) {
    counters = new Counters();
    byPlan.set(plan, counters);
  }
  return new InstrumentedOp(op, counters);
}

class InstrumentedOp implements Operator {
  /** Time spent inside this loop so far; -1 when no loop is running. */
  private inLoop = -1;
  private sawRow = false;

  constructor(
    private readonly inner: Operator,
    private readonly c: Counters,
  ) {}

  open(): void {
    this.finishLoop();
    const t = performance.now();
    this.c.loops++;
    this.inLoop = 0;
    this.sawRow = false;
    try {
      this.inner.open();
    } finally {
      this.inLoop += performance.now() - t;
    }
  }

  next() {
    const t = performance.now();
    const batch = this.inner.next();
    if (this.inLoop >= 0) {
      this.inLoop += performance.now() - t;
      if (batch !== undefined && batch !== YIELD && batch.length > 0) {
        this.c.rows += batch.length;
        if (!this.sawRow) {
          this.sawRow = true;
          this.c.startupMs += this.inLoop;
        }
      }
      if (!batch) this.finishLoop();
    }
    return batch;
  }

  close(): void {
    this.finishLoop();
    this.inner.close();
    // An Index Only Scan counts its heap fetches over all its loops.
    const fetches = (this.inner as { heapFetches?: number }).heapFetches;
    if (fetches !== undefined) this.c.heapFetches = fetches;
  }

  private finishLoop(): void {
    if (this.inLoop < 0) return;
    if (!this.sawRow) this.c.startupMs += this.inLoop;
    this.c.totalMs += this.inLoop;
    this.inLoop = -1;
  }
}

/**
 * Runs `plan` in `ctx` for EXPLAIN ANALYZE (writes of DML happen, as in PostgreSQL), discarding
 * its rows. Async (yields between batches like executePlan). Resolves to each node's actuals
 * (keyed by plan node; a node never started is absent) and the rows the plan returned.
 * Rejects with the DbError of the first failure.
 */
export async function analyzePlan(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
): Promise<{ actuals: ReadonlyMap<PhysicalPlan, NodeActuals>; rowCount: number }> {
  const rt = new Runtime(ctx);
  const byPlan = new Map<PhysicalPlan, Counters>();
  registry.set(rt, byPlan);
  const op = buildOperator(plan, rt);
  let rowCount = 0;
  let opened = false;
  try {
    op.open();
    opened = true;
    let batches = 0;
    rt.beginSlice();
    for (let b = op.next(); b; b = op.next()) {
      if (b === YIELD) {
        ctx.checkInterrupts();
        await yieldToEventLoop();
        rt.beginSlice();
        continue;
      }
      rowCount += b.length;
      if (++batches % 4 === 0) {
        ctx.checkInterrupts();
        await yieldToEventLoop();
      }
    }
  } finally {
    try {
      if (opened) op.close();
    } finally {
      rt.closeTempFiles();
    }
  }
  return { actuals: byPlan, rowCount };
}
