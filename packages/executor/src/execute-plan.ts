/**
 * executePlan: runs a physical plan to completion, handing result batches to the sink.
 *
 * The operators are synchronous; this loop is the only asynchronous part: every few batches, and
 * whenever the plan hands back YIELD (its time slice is used up: operator.ts), it checks for
 * cancellation and yields a macrotask (setImmediate), so one long statement cannot starve the
 * other sessions sharing the event loop — not even inside a Sort's or a hash table's input. No
 * promise is created per row, and none at all for a statement that needs no wait and no yield
 * (it returns its result synchronously).
 */

import { DbError, yieldToEventLoop } from '@rustydb/common';
import type { PhysicalPlan } from '@rustydb/optimizer';
import { LimitOp, ProjectOp } from './basic-operators.js';
import { isModifyTable } from './build-operator.js';
import { WithOp } from './cte.js';
import type { ExecutionContext, ResultSink } from './execution-context.js';
import { MergeOp } from './merge-op.js';
import { DeleteOp, InsertOp, ModifyBase, UpdateOp } from './modify-table.js';
import { nextRows, type Operator, YIELD } from './operator.js';
import { lockPlanRelations } from './relation-locks.js';
import { type AcquiredOperator, acquireOperator, releaseOperator } from './reusable-plan.js';
import type { Runtime } from './runtime.js';

/**
 * Lets the statement's top DML operator (under WITH) hand waits to this loop: every operator
 * between it and the loop passes its empty batches through. So may the data-modifying CTEs of
 * the top WITH: their CteBuffer hands a wait up as a YIELD (cte.ts).
 */
function markWaitable(op: Operator): void {
  let root = op;
  while (root instanceof WithOp) {
    for (const cte of root.modifyingOps) setWaitable(cte);
    root = root.input;
  }
  setWaitable(root);
}

function setWaitable(op: Operator): void {
  if (op instanceof ModifyBase) op.waitable = true;
}

/**
 * Lets the plan's top Project (under Limit and WITH, which pass its empty batches on) retry a
 * row whose expression waits (expression-wait.ts). For the drivers that await `rt.pendingWait`:
 * executePlan and the engine's RowCursor. Sync.
 */
export function allowExpressionWaits(op: Operator, rt: Runtime): void {
  let root = op;
  for (;;) {
    if (root instanceof WithOp || root instanceof LimitOp) root = root.input;
    else break;
  }
  if (root instanceof ProjectOp) rt.waitingProject = root;
}

/** The LockRows node under the plan's Limit / Project / WITH nodes, if any. */
function topLockRows(plan: PhysicalPlan): PhysicalPlan | undefined {
  let p = plan;
  while (p.kind === 'limit' || p.kind === 'project' || p.kind === 'with') p = p.input;
  return p.kind === 'lockRows' ? p : undefined;
}

/** Batches between two yields to the event loop. */
const BATCHES_PER_YIELD = 4;

/** What an execution returns: the command tag and the row count. */
export interface PlanResult {
  readonly tag: string;
  readonly rowCount: number;
}

/**
 * Executes `plan` in `ctx`, sending result rows (SELECT, RETURNING, EXPLAIN) to `sink`.
 * Synchronous until it must wait: returns the result itself when the plan ran to the end
 * without a lock wait, a row wait or a yield (a point UPDATE or SELECT: no promise), else a
 * promise of it — callers `await` either. The result is the command tag exactly as PostgreSQL
 * writes it ('SELECT 3', 'INSERT 0 5', 'UPDATE 2', 'DELETE 1', 'EXPLAIN') and the row count.
 * Throws (or rejects with) the DbError of the first failure (constraint violations, 22xxx data
 * errors, 40001 conflicts, 57014 cancellation). The caller owns tx.startStatement()/tx.nextCommand().
 */
export function executePlan(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
  sink: ResultSink,
): Promise<PlanResult> | PlanResult {
  // Relation locks first (relation-locks.ts): a DDL that holds AccessExclusive makes us wait.
  // NB: nothing here re-plans after such a wait: a caller that can (the engine's statements)
  // takes the locks itself, revalidates, and calls `executeLockedPlan`.
  const locking = ctx.locks === undefined ? undefined : lockPlanRelations(plan, ctx.locks);
  if (locking !== undefined) return locking.then(() => executeLockedPlan(plan, ctx, sink));
  return executeLockedPlan(plan, ctx, sink);
}

/**
 * `executePlan` for a caller that already holds the plan's relation locks (taken with
 * `lockPlanRelations`): the privilege check, then the rows. Same result and errors.
 */
export function executeLockedPlan(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
  sink: ResultSink,
): Promise<PlanResult> | PlanResult {
  // After the locks, as PostgreSQL checks permissions (ExecCheckRTPerms) once parse analysis
  // locked the relations.
  ctx.checkPrivileges?.(plan);
  checkWritableWith(plan, ctx);
  return run(plan, ctx, sink);
}

/**
 * A query whose WITH holds INSERT / UPDATE / DELETE writes: 25006 in a read-only transaction,
 * naming the main statement (SELECT) as PostgreSQL does; the engine checks DML statements by their
 * kind before planning. Sync; cheap for any other plan.
 */
export function checkWritableWith(plan: PhysicalPlan, ctx: ExecutionContext): void {
  if (plan.kind !== 'with' || !ctx.tx.readOnly || !plan.ctes.some((c) => isModifyTable(c.plan))) return;
  throw new DbError('25006', 'cannot execute SELECT in a read-only transaction');
}

/** How far an execution got: rows sent, batches pulled, and why `pump` stopped early. */
interface Progress {
  sent: number;
  batches: number;
  /**
   * The promise `pump` stopped for was a row wait or a YIELD's turn (else the yield due every
   * few batches, which checked for cancellation before): check once it settles.
   */
  waited: boolean;
}

/**
 * Pulls batches to `sink` until the plan ends (undefined) or must wait — a row wait an operator
 * handed up, or the yield to the event loop due every few batches (the promise to await). The
 * one loop of both the synchronous and the asynchronous part of an execution.
 */
function pump(
  acquired: AcquiredOperator,
  ctx: ExecutionContext,
  sink: ResultSink,
  p: Progress,
): Promise<void> | undefined {
  const { op, rt } = acquired;
  // A new time slice (the clock is read only once a scan has read TICKS_PER_CHECK rows).
  rt.beginSlice();
  for (let b = op.next(); b; b = op.next()) {
    if (b === YIELD) {
      p.waited = true;
      // A data-modifying CTE's row wait reaches here as a YIELD (cte.ts).
      const wait = rt.pendingWait;
      rt.pendingWait = undefined;
      return wait ?? yieldToEventLoop();
    }
    if (b.length > 0) {
      sink.rows(b);
      p.sent += b.length;
    }
    const wait = rt.pendingWait;
    if (wait !== undefined) {
      rt.pendingWait = undefined;
      p.waited = true;
      return wait;
    }
    if (++p.batches % BATCHES_PER_YIELD === 0) {
      ctx.checkInterrupts();
      p.waited = false;
      return yieldToEventLoop();
    }
  }
  return undefined;
}

/**
 * The execution proper, synchronously as far as it goes: at the first wait or yield it hands
 * the open operator tree to `runAsync`, which then owns its cleanup.
 */
function run(plan: PhysicalPlan, ctx: ExecutionContext, sink: ResultSink): Promise<PlanResult> | PlanResult {
  // A cached plan's operator tree is reused when idle (reusable-plan.ts).
  const acquired = acquireOperator(plan, ctx, topLockRows(plan));
  let opened = false;
  let ok = false;
  let handedOff = false;
  try {
    markWaitable(acquired.op);
    allowExpressionWaits(acquired.op, acquired.rt);
    acquired.op.open();
    opened = true;
    const progress: Progress = { sent: 0, batches: 0, waited: false };
    const pending = pump(acquired, ctx, sink, progress);
    if (pending !== undefined) {
      handedOff = true;
      return runAsync(plan, ctx, sink, acquired, progress, pending);
    }
    ok = true;
    return resultOf(plan, acquired.op, progress.sent);
  } finally {
    if (!handedOff) endExecution(plan, acquired, opened, ok);
  }
}

/**
 * The rest of an execution `run` started: awaits `pending` and each later wait or yield `pump`
 * stops for; after a row wait, checks for cancellation (an operator returned what it had and
 * retries the row on the next call).
 */
async function runAsync(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
  sink: ResultSink,
  acquired: AcquiredOperator,
  progress: Progress,
  pending: Promise<void>,
): Promise<PlanResult> {
  let ok = false;
  try {
    for (let next: Promise<void> | undefined = pending; next !== undefined; ) {
      await next;
      if (progress.waited) ctx.checkInterrupts();
      next = pump(acquired, ctx, sink, progress);
    }
    ok = true;
  } finally {
    endExecution(plan, acquired, true, ok);
  }
  return resultOf(plan, acquired.op, progress.sent);
}

/** Closes the tree and its temporary files, then hands it back (kept only after success). */
function endExecution(plan: PhysicalPlan, acquired: AcquiredOperator, opened: boolean, ok: boolean): void {
  let cleaned = false;
  try {
    try {
      if (opened) acquired.op.close();
    } finally {
      // Backstop for temporary files an operator's own close or error path left behind.
      acquired.rt.closeTempFiles();
    }
    cleaned = true;
  } finally {
    // A tree whose execution or close failed is not kept for reuse.
    releaseOperator(plan, acquired, ok && cleaned);
  }
}

/** The command tag and row count of a finished execution. */
function resultOf(plan: PhysicalPlan, op: Operator, sent: number): PlanResult {
  // WITH over a DML statement: the tag is the statement's.
  let root = op;
  while (root instanceof WithOp) root = root.input;
  if (root instanceof InsertOp) return { tag: `INSERT 0 ${root.count}`, rowCount: root.count };
  if (root instanceof UpdateOp) return { tag: `UPDATE ${root.count}`, rowCount: root.count };
  if (root instanceof DeleteOp) return { tag: `DELETE ${root.count}`, rowCount: root.count };
  if (root instanceof MergeOp) return { tag: `MERGE ${root.count}`, rowCount: root.count };
  if (plan.kind === 'explain') return { tag: 'EXPLAIN', rowCount: sent };
  return { tag: `SELECT ${sent}`, rowCount: sent };
}

/**
 * `executeLockedPlan` run to its end without suspending, for a statement run inside an
 * expression (the body of a user-defined function): no yield to the event loop (as a subplan),
 * and no wait — run it with a context without `locks`, so that a row another transaction holds
 * is a conflict (40001) rather than a wait. Sync. Same result and errors.
 */
export function executePlanSync(plan: PhysicalPlan, ctx: ExecutionContext, sink: ResultSink): PlanResult {
  ctx.checkPrivileges?.(plan);
  checkWritableWith(plan, ctx);
  const acquired = acquireOperator(plan, ctx, undefined);
  let opened = false;
  let ok = false;
  try {
    acquired.op.open();
    opened = true;
    let sent = 0;
    for (let b = nextRows(acquired.op, acquired.rt); b; b = nextRows(acquired.op, acquired.rt)) {
      if (acquired.rt.pendingWait !== undefined) {
        throw new DbError('55P03', 'could not obtain lock inside a function: it would have to wait');
      }
      if (b.length > 0) {
        sink.rows(b);
        sent += b.length;
      }
    }
    ok = true;
    return resultOf(plan, acquired.op, sent);
  } finally {
    endExecution(plan, acquired, opened, ok);
  }
}
