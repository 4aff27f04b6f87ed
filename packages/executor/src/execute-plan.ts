/**
 * executePlan: runs a physical plan to completion, handing result batches to the sink.
 *
 * The operators are synchronous; this loop is the only asynchronous part: every few batches it
 * checks for cancellation and yields a macrotask (setImmediate), so one long statement cannot
 * starve the other sessions sharing the event loop. No promise is created per row.
 */
import type { PhysicalPlan } from '@rustydb/optimizer';
import { WithOp } from './cte.js';
import type { ExecutionContext, ResultSink } from './execution-context.js';
import { DeleteOp, InsertOp, UpdateOp } from './modify-table.js';
import type { Operator } from './operator.js';
import { lockPlanRelations } from './relation-locks.js';
import { acquireOperator, releaseOperator } from './reusable-plan.js';

/**
 * Lets the statement's top DML operator (under WITH) hand waits to this loop: every operator
 * between it and the loop passes its empty batches through. A DML operator elsewhere (a CTE
 * another operator pulls rows from) cannot wait.
 */
function markWaitable(op: Operator): void {
  let root = op;
  while (root instanceof WithOp) root = root.input;
  if (root instanceof InsertOp || root instanceof UpdateOp || root instanceof DeleteOp) root.waitable = true;
}

/** The LockRows node under the plan's Limit / Project / WITH nodes, if any. */
function topLockRows(plan: PhysicalPlan): PhysicalPlan | undefined {
  let p = plan;
  while (p.kind === 'limit' || p.kind === 'project' || p.kind === 'with') p = p.input;
  return p.kind === 'lockRows' ? p : undefined;
}

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
  ctx.checkPrivileges?.(plan);
  // Relation locks first (relation-locks.ts): a DDL that holds AccessExclusive makes us wait.
  const locking = ctx.locks === undefined ? undefined : lockPlanRelations(plan, ctx.locks);
  if (locking !== undefined) await locking;
  // A cached plan's operator tree is reused when idle (reusable-plan.ts).
  const acquired = acquireOperator(plan, ctx, topLockRows(plan));
  const { op, rt } = acquired;
  let sent = 0;
  let opened = false;
  let ok = false;
  try {
    markWaitable(op);
    op.open();
    opened = true;
    let batches = 0;
    for (let b = op.next(); b; b = op.next()) {
      if (b.length > 0) {
        sink.rows(b);
        sent += b.length;
      }
      const wait = rt.pendingWait;
      if (wait !== undefined) {
        // An operator must wait for another transaction (row-target.ts): it returned what it
        // had and retries the row on the next call.
        rt.pendingWait = undefined;
        await wait;
        ctx.checkInterrupts();
        continue;
      }
      if (++batches % BATCHES_PER_YIELD === 0) {
        ctx.checkInterrupts();
        await yieldToEventLoop();
      }
    }
    ok = true;
  } finally {
    let cleaned = false;
    try {
      try {
        if (opened) op.close();
      } finally {
        // Backstop for temporary files an operator's own close or error path left behind.
        rt.closeTempFiles();
      }
      cleaned = true;
    } finally {
      // A tree whose execution or close failed is not kept for reuse.
      releaseOperator(plan, acquired, ok && cleaned);
    }
  }
  // WITH over a DML statement: the tag is the statement's.
  let root = op;
  while (root instanceof WithOp) root = root.input;
  if (root instanceof InsertOp) return { tag: `INSERT 0 ${root.count}`, rowCount: root.count };
  if (root instanceof UpdateOp) return { tag: `UPDATE ${root.count}`, rowCount: root.count };
  if (root instanceof DeleteOp) return { tag: `DELETE ${root.count}`, rowCount: root.count };
  if (plan.kind === 'explain') return { tag: 'EXPLAIN', rowCount: sent };
  return { tag: `SELECT ${sent}`, rowCount: sent };
}
