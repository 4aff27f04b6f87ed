/**
 * executePlan: runs a physical plan to completion, handing result batches to the sink.
 *
 * The operators are synchronous; this loop is the only asynchronous part: every few batches it
 * checks for cancellation and yields a macrotask (setImmediate), so one long statement cannot
 * starve the other sessions sharing the event loop. No promise is created per row.
 */
import type { PhysicalPlan } from '@rustydb/optimizer';
import { buildOperator } from './build-operator.js';
import type { ExecutionContext, ResultSink } from './execution-context.js';
import { DeleteOp, InsertOp, UpdateOp } from './modify-table.js';
import { Runtime } from './runtime.js';

/** Batches between two yields to the event loop. */
const BATCHES_PER_YIELD = 4;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Executes `plan` in `ctx`, sending result rows (SELECT, RETURNING, EXPLAIN) to `sink`.
 * Asynchronous (yields between batches). Resolves to the command tag exactly as PostgreSQL
 * writes it ('SELECT 3', 'INSERT 0 5', 'UPDATE 2', 'DELETE 1', 'EXPLAIN') and the row count.
 * Rejects with the DbError of the first failure (constraint violations, 22xxx data errors,
 * 40001 conflicts, 57014 cancellation). The caller owns tx.startStatement()/tx.nextCommand().
 */
export async function executePlan(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
  sink: ResultSink,
): Promise<{ tag: string; rowCount: number }> {
  const rt = new Runtime(ctx);
  const op = buildOperator(plan, rt);
  let sent = 0;
  op.open();
  try {
    let batches = 0;
    for (let b = op.next(); b; b = op.next()) {
      if (b.length > 0) {
        sink.rows(b);
        sent += b.length;
      }
      if (++batches % BATCHES_PER_YIELD === 0) {
        ctx.checkInterrupts();
        await yieldToEventLoop();
      }
    }
  } finally {
    op.close();
  }
  if (op instanceof InsertOp) return { tag: `INSERT 0 ${op.count}`, rowCount: op.count };
  if (op instanceof UpdateOp) return { tag: `UPDATE ${op.count}`, rowCount: op.count };
  if (op instanceof DeleteOp) return { tag: `DELETE ${op.count}`, rowCount: op.count };
  if (plan.kind === 'explain') return { tag: 'EXPLAIN', rowCount: sent };
  return { tag: `SELECT ${sent}`, rowCount: sent };
}
