/**
 * A simple query run without a promise when nothing makes it wait: the statement path of a
 * point lookup (`SELECT … WHERE id = $1` from the statement cache) costs no async layer.
 *
 * Only plans the executor can reuse qualify (`isReusable`: scans, filter, project, limit and
 * result): they hold no row locks, write nothing, spill nothing, so the difference between
 * `executePlan` and a RowCursor drained to the end — waits handed up by DML and LockRows, the
 * temporary-file backstop — cannot arise. The steps are executePlan's: privileges, then the
 * relation locks (awaited only when one is contended), then the rows.
 */
import { type ExecutionContext, isReusable, lockPlanRelations } from '@rustydb/executor';
import type { PhysicalPlan } from '@rustydb/optimizer';
import type { QueryOutput } from '@rustydb/protocol';
import { RowCursor } from './row-cursor.js';

/**
 * Whether `plan` may run through `runQueryNow`: a reusable plan that writes nothing (the executor
 * also reuses INSERT/UPDATE/DELETE trees, which may wait on row locks: those take executePlan,
 * even with RETURNING). Sync; memoised by the executor.
 */
export function runsNow(plan: PhysicalPlan): boolean {
  return plan.kind !== 'insert' && plan.kind !== 'update' && plan.kind !== 'delete' && isReusable(plan);
}

/**
 * Runs a `runsNow` plan to the end: DataRows to `out`, then CommandComplete `SELECT n`.
 * Returns undefined when it finished synchronously, else a promise (a contended relation lock,
 * or a result long enough to yield to the event loop). Throws / rejects with the executor's
 * DbError (42501, 57014 …).
 */
export function runQueryNow(
  plan: PhysicalPlan,
  exec: ExecutionContext,
  out: QueryOutput,
): Promise<void> | undefined {
  exec.checkPrivileges?.(plan);
  const locking = exec.locks === undefined ? undefined : lockPlanRelations(plan, exec.locks);
  if (locking !== undefined) return locking.then(() => fetchAll(plan, exec, out));
  return fetchAll(plan, exec, out);
}

function fetchAll(plan: PhysicalPlan, exec: ExecutionContext, out: QueryOutput): Promise<void> | undefined {
  // NB: privileges were checked by the caller; RowCursor checks them again (a cached lookup).
  const cursor = new RowCursor(plan, exec);
  const sent = cursor.fetch(0, out);
  if (typeof sent === 'number') {
    out.commandComplete(`SELECT ${sent}`);
    return undefined;
  }
  return sent.then((n) => {
    out.commandComplete(`SELECT ${n}`);
  });
}
