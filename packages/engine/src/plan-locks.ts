/**
 * A statement's relation locks, taken before anything of its plan runs, and what a wait for one
 * means: PostgreSQL's AcquireExecutorLocks and RevalidateCachedQuery.
 *
 * A plan is made before its locks are taken (binding needs the catalog to know which relations
 * to lock). When every lock is granted at once, nothing changed under the plan: it runs as made.
 * When one had to wait, the holder (TRUNCATE, ALTER … TYPE, DROP, a column dropped …) may have
 * committed a new definition meanwhile — a new file, other columns, other indexes — and the plan
 * would read the old file: rows gone, or none at all. So after a wait:
 * - the plan is made again when the catalog now visible is not the one it was made against (the
 *   committed catalog view is rebuilt, as a new object, whenever a DDL transaction ends: a
 *   changed view says a definition may have changed), and the new plan's locks taken in turn;
 * - READ COMMITTED then takes a new statement snapshot, as PostgreSQL (whose executor snapshot
 *   is taken after parse analysis locked the relations): the statement sees what the lock holder
 *   committed. REPEATABLE READ keeps its snapshot (a TRUNCATE is not MVCC-safe there either).
 * The caches (statement cache, prepared statements) need nothing more: their entries are keyed
 * by the catalog view, so their next use makes a new plan as well.
 */
import type { CatalogView } from '@rustydb/catalog';
import { type ExecutionContext, lockPlanRelations } from '@rustydb/executor';
import { optimize, type PhysicalPlan } from '@rustydb/optimizer';
import type { LogicalPlan } from '@rustydb/planner';
import type { StatementContext } from './statement-context.js';

/** A plan and the catalog view it was made against. */
export interface RevalidatedPlan {
  readonly physical: PhysicalPlan;
  readonly catalog: CatalogView;
}

/**
 * Takes `planned`'s relation locks (held to the transaction's end) in `exec`'s lock context.
 * @returns undefined when every lock was granted at once (the hot path: no promise, no check),
 * else a promise of the plan to run: `planned` itself, or `replan(ctx, key)`'s when the catalog changed
 * during the wait. After a wait the caller makes a new ExecutionContext (its catalog view and
 * the snapshot are the new ones).
 * @throws (or rejects with) the lock errors (55P03, 40P01, 57014) and `replan`'s (a table
 * dropped meanwhile: 42P01; a column: 42703).
 */
export function lockPlan<P extends RevalidatedPlan, K>(
  planned: P,
  ctx: StatementContext,
  exec: ExecutionContext,
  replan: (ctx: StatementContext, key: K) => P,
  key: K,
): Promise<P> | undefined {
  const locks = exec.locks;
  if (locks === undefined) return undefined;
  const waiting = lockPlanRelations(planned.physical, locks);
  // The closure only on the wait path: the caller passes a module function and its key.
  return waiting?.then(() => revalidatePlan(planned, ctx, exec, () => replan(ctx, key)));
}

/**
 * After a wait for `planned`'s relation locks (now held): the plan made again until it matches
 * the catalog now visible, then (READ COMMITTED) a new statement snapshot. Async.
 */
export async function revalidatePlan<P extends RevalidatedPlan>(
  planned: P,
  ctx: StatementContext,
  exec: ExecutionContext,
  replan: () => P,
): Promise<P> {
  let plan = planned;
  while (plan.catalog !== ctx.catalog) {
    plan = replan();
    // Held already, most of them: a new relation (a view redefined) may make us wait again.
    const locks = exec.locks;
    if (locks !== undefined) await lockPlanRelations(plan.physical, locks);
  }
  // READ COMMITTED: a new snapshot; REPEATABLE READ / SERIALIZABLE: the transaction's.
  ctx.tx.startStatement();
  return plan;
}

/**
 * A query DDL runs on its own behalf (CREATE TABLE AS, SELECT INTO, REFRESH's fill) locked as a
 * client statement is, before anything of it runs: its relation locks taken, and after a wait
 * the query bound again (`bind`, against the catalog it is given) when the catalog changed, with
 * a new READ COMMITTED snapshot. Without this, CREATE TABLE AS behind a TRUNCATE would copy the
 * old, replaced file: no rows. Async; returns the plan to run (and what it was bound against).
 */
export async function lockInternalQuery(
  ctx: StatementContext,
  bind: (catalog: CatalogView) => LogicalPlan,
): Promise<{ readonly logical: LogicalPlan; readonly catalog: CatalogView }> {
  const planned = planInternal(ctx, bind);
  const waited = lockPlan(planned, ctx, ctx.execution(), planInternal, bind);
  return waited === undefined ? planned : await waited;
}

function planInternal(
  ctx: StatementContext,
  bind: (catalog: CatalogView) => LogicalPlan,
): RevalidatedPlan & { readonly logical: LogicalPlan } {
  const catalog = ctx.catalog;
  const logical = bind(catalog);
  return { logical, catalog, physical: optimize(logical, { catalog, settings: ctx.settings.all() }) };
}
