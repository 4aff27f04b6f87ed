/**
 * A simple query run without a promise when nothing makes it wait: the statement path of a
 * point lookup (`SELECT … WHERE id = $1` from the statement cache) costs no async layer.
 *
 * Only plans the executor can reuse that write nothing qualify (`isReusableQuery`: scans,
 * filter, project, limit and result): they hold no row locks, write nothing, spill nothing, so the difference between
 * `executePlan` and a RowCursor drained to the end — waits handed up by DML and LockRows, the
 * temporary-file backstop — cannot arise (a RowCursor awaits the select list's own waits, as
 * executePlan does: a blocking pg_advisory_lock). The caller took the relation locks
 * (plan-locks.ts); then come the privileges and the rows (RowCursor).
 */
import type { ExecutionContext } from '@rustydb/executor';
import type { PhysicalPlan } from '@rustydb/optimizer';
import type { QueryOutput } from '@rustydb/protocol';
import { RowCursor } from './row-cursor.js';

/**
 * Runs an `isReusableQuery` plan, its relation locks held, to the end: DataRows to `out`, then
 * CommandComplete `SELECT n`. Returns undefined when it finished synchronously, else a promise
 * (a result long enough to yield to the event loop). Throws / rejects with the executor's
 * DbError (42501, 57014 …).
 */
export function runQueryNow(
  plan: PhysicalPlan,
  exec: ExecutionContext,
  out: QueryOutput,
): Promise<void> | undefined {
  // The privilege check is RowCursor's (its constructor), after the locks as for a portal:
  // PostgreSQL too locks a query's relations (parse analysis) before checking its permissions.
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
