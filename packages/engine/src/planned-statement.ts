/**
 * The planned path: SELECT, VALUES, INSERT, UPDATE, DELETE and EXPLAIN of those, run through the
 * SQL layers — `bindStatement` (names and types → logical plan), `optimize` (→ physical plan),
 * `executePlan` (rows). Rows stream to the session's output as the executor produces them.
 * EXPLAIN takes the same path: its plan prints itself as rows of one `QUERY PLAN` text column
 * (the optimizer's `explainPlan`, the one printer tests and logs use too).
 */

import type { CatalogView } from '@rustydb/catalog';
import { parseText, type Row, type SqlType, type Value } from '@rustydb/common';
import {
  type ExecutionContext,
  executeLockedPlan,
  isReusableQuery,
  lockPlanRelations,
} from '@rustydb/executor';
import { optimize, type PhysicalPlan } from '@rustydb/optimizer';
import type { Statement } from '@rustydb/parser';
import { bindStatementWithParams, outputColumns, type PlanColumn } from '@rustydb/planner';
import type { QueryOutput } from '@rustydb/protocol';
import { revalidatePlan } from './plan-locks.js';
import { runQueryNow } from './query-now.js';
import { runSessionCall, sessionCallOf } from './routines/session-call.js';
import type { StatementContext } from './session.js';
import type { TextOutputSettings } from './session-settings.js';

const QUERY_ROWS: ReadonlySet<Statement['kind']> = new Set(['select', 'values', 'setOp']);

/** Plans `stmt` in the statement's transaction. Sync. @throws DbError from the binder/optimizer. */
export function planStatement(stmt: Statement, ctx: StatementContext) {
  const catalog = ctx.catalog;
  const { plan: logical, paramTypes } = bindStatementWithParams(stmt, {
    catalog,
    sql: ctx.sql,
    ...(ctx.paramTypes === undefined ? {} : { paramTypes: ctx.paramTypes }),
  });
  const physical: PhysicalPlan = optimize(logical, { catalog, settings: ctx.settings.all() });
  return {
    logical,
    physical,
    paramTypes,
    catalog,
    params: coerceParams(ctx.params, paramTypes, ctx.settings.textOutput()),
  };
}

/** A statement's plan as `runPlannedStatement` made it, for the statement cache to learn from. */
export type PlannedStatement = ReturnType<typeof planStatement>;

/**
 * Plans a statement with its literals in the statement's context: the statement itself (planned
 * once however often asked) or one cut from it (the statement cache's first-row proof).
 */
export type PlanLiteral = (stmt: Statement) => PlannedStatement;

/**
 * Embedded parameters given as strings whose type the binder inferred as something else are
 * parsed as that type's text input in the session's TimeZone and DateStyle (`input`), as the protocol
 * does with text-format parameters.
 * @throws DbError 22P02 / 22003 for a string that is not a valid value of its type.
 */
export function coerceParams(
  params: readonly Value[],
  types: readonly SqlType[],
  input: TextInputSettings,
): readonly Value[] {
  if (!params.some((p, i) => needsParse(p, types[i]))) return params;
  const { timeZone, dateTimeStyle } = input;
  return params.map((p, i) =>
    needsParse(p, types[i]) ? parseText(p, types[i]!, timeZone, dateTimeStyle) : p,
  );
}

/** What reading a value's text depends on: the session's TimeZone and DateStyle. */
export type TextInputSettings = Pick<TextOutputSettings, 'timeZone' | 'dateTimeStyle'>;

const needsParse = (p: Value, t: SqlType | undefined): p is string =>
  typeof p === 'string' && t !== undefined && !TEXT_TYPES.has(t.name);

const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'bpchar', 'name', 'unknown']);

/** What runs of a planned statement: its physical plan, result columns, and whether it sends RowDescription. */
export interface StatementPlan {
  readonly physical: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
  readonly returnsRows: boolean;
}

/**
 * A plan ready to run: with the parameter values to run it with and the catalog view it was
 * made against (plan-locks.ts).
 */
export interface RunnablePlan extends StatementPlan {
  readonly params: readonly Value[];
  readonly catalog: CatalogView;
}

/**
 * A plan proven to compute what the statement's own plan computes (the statement cache's
 * parameterized plan for the same text), with the parameter values to run it with.
 */
export type EquivalentPlan = RunnablePlan;

/** Makes a statement's plan anew in `ctx` (its catalog as now visible), from what `key` says. */
export type Replan<K> = (ctx: StatementContext, key: K) => RunnablePlan;

/** `stmt`'s plan, made anew in `ctx`, ready to run (a `Replan` keyed by the statement). Sync. */
export const planRunnable: Replan<Statement> = (ctx, stmt) => runnable(stmt, planStatement(stmt, ctx));

function runnable(stmt: Statement, p: PlannedStatement): RunnablePlan {
  const columns = outputColumns(p.logical);
  const returnsRows = QUERY_ROWS.has(stmt.kind) || columns.length > 0;
  return { physical: p.physical, columns, returnsRows, params: p.params, catalog: p.catalog };
}

/**
 * Runs a query or DML statement: RowDescription (for queries and RETURNING), DataRows as they
 * come, CommandComplete with the executor's tag. Async: the executor yields between batches.
 * `planned` runs first, with the means to plan the statement (the statement cache learns from
 * that plan), and may return an equivalent plan to run instead: the cache's, so the first run of
 * a statement shape takes the path its later runs take (one plan's operators to build and warm
 * up, not two), and need not plan the statement with its literals at all (first-row-proof.ts).
 */
export async function runPlannedStatement(
  stmt: Statement,
  ctx: StatementContext,
  planned?: (planLiteral: PlanLiteral) => EquivalentPlan | undefined,
): Promise<void> {
  let own: PlannedStatement | undefined;
  const planLiteral: PlanLiteral = (s) => {
    if (s !== stmt) return planStatement(s, ctx);
    own ??= planStatement(stmt, ctx);
    return own;
  };
  const run = planned?.(planLiteral) ?? runnable(stmt, planLiteral(stmt));
  await executePlanned(run, run.params, run.catalog, ctx, planRunnable, stmt);
}

/**
 * Executes an already planned statement (a cache hit or the above) with parameter values
 * `params`, writing its rows and CommandComplete to `ctx.out`. Its relation locks come first
 * (plan-locks.ts): when one had to wait and the catalog changed meanwhile (`plan` was made
 * against `catalog`), `replan(ctx, key)` makes the plan anew and the statement runs that one,
 * RowDescription included. Returns undefined when it finished synchronously (a simple query:
 * query-now.ts), else a promise; throws or rejects with the executor's errors.
 */
export function executePlanned<K>(
  plan: StatementPlan,
  params: readonly Value[],
  catalog: CatalogView,
  ctx: StatementContext,
  replan: Replan<K>,
  key: K,
): Promise<void> | undefined {
  const exec = ctx.execution(params);
  // The hot path (every lock granted at once) allocates nothing more: no plan object, no closure.
  const locking = exec.locks === undefined ? undefined : lockPlanRelations(plan.physical, exec.locks);
  if (locking === undefined) return executeLocked(plan, exec, ctx);
  const { physical, columns, returnsRows } = plan;
  return locking
    .then(() =>
      revalidatePlan({ physical, columns, returnsRows, params, catalog }, ctx, exec, () => replan(ctx, key)),
    )
    .then((p) => executeLocked(p, ctx.execution(p.params), ctx));
}

/** `executePlanned` once the plan's relation locks are held. */
function executeLocked(
  plan: StatementPlan,
  exec: ExecutionContext,
  ctx: StatementContext,
): Promise<void> | undefined {
  const { physical, columns, returnsRows } = plan;
  const out = ctx.out;
  if (returnsRows) {
    const text = ctx.settings.textOutput();
    out.rowDescription(columns, text.timeZone, text.extraFloatDigits, text.dateTimeStyle);
  }
  // SELECT f(...) of a function whose body runs DDL: through the session (session-call.ts).
  const call = sessionCallOf(physical, ctx);
  if (call !== undefined)
    return runSessionCall(call, ctx, exec, rowsTo(out)).then((r) => out.commandComplete(r.tag));
  if (returnsRows && isReusableQuery(physical)) return runQueryNow(physical, exec, out);
  return executeToEnd(physical, exec, out);
}

/** A sink sending each row to `out` as a DataRow. */
const rowsTo = (out: QueryOutput) => ({
  rows(batch: readonly Row[]): void {
    for (let i = 0; i < batch.length; i++) out.dataRow(batch[i]!);
  },
});

/**
 * Runs the plan to its end: undefined when the executor finished synchronously (an autocommit
 * UPDATE that waited for nothing: no promise per statement), else a promise.
 */
function executeToEnd(
  physical: PhysicalPlan,
  exec: ExecutionContext,
  out: QueryOutput,
): Promise<void> | undefined {
  const result = executeLockedPlan(physical, exec, rowsTo(out));
  if (result instanceof Promise) return result.then((r) => out.commandComplete(r.tag));
  out.commandComplete(result.tag);
  return undefined;
}
