/**
 * A query or DML statement sent as text with a shape (statement-shape.ts), run through the
 * session's statement cache (statement-cache.ts): the cached plan when there is one, else parsed
 * and planned as usual and the plan offered to the cache.
 */
import { DbError } from '@rustydb/common';
import {
  coerceParams,
  executePlanned,
  type PlanLiteral,
  planRunnable,
  type Replan,
} from './planned-statement.js';
import { checkWritable } from './read-only-check.js';
import { parseShaped } from './repeated-values-parse.js';
import type { SessionSettings } from './session-settings.js';
import type { StatementCache } from './statement-cache.js';
import type { StatementContext } from './statement-context.js';
import { type DispatchHost, dispatchStatement } from './statement-dispatch.js';
import { movePosition, type StatementShape } from './statement-shape.js';

/**
 * Runs the one statement of `ctx.sql` (of shape `shape`) in `ctx.tx`. Returns undefined when a
 * cached plan ran synchronously (query-now.ts), else a promise.
 * @throws DbError (thrown or rejected) from parsing, planning or execution (positions moved to
 *   this text's).
 */
export function runShapedStatement(
  cache: StatementCache,
  settings: SessionSettings,
  host: DispatchHost,
  shape: StatementShape,
  ctx: StatementContext,
): Promise<void> | undefined {
  const { params, paramTypes } = ctx;
  const catalog = ctx.catalog;
  const found = cache.lookup(
    shape,
    params,
    paramTypes,
    catalog,
    settings.version,
    coerceParams,
    settings.textOutput(),
  );
  if (found.kind !== 'hit') return runUncached(cache, settings, host, shape, ctx, found.kind === 'miss');
  const st = found.statement;
  checkWritable(st.kind, ctx.tx);
  let run: Promise<void> | undefined;
  try {
    run = executePlanned(st, found.params, catalog, ctx, replanShaped, shape);
  } catch (err) {
    throw movedError(err, st.shape, shape);
  }
  return run?.catch((err: unknown) => {
    throw movedError(err, st.shape, shape);
  });
}

/** A cache hit's statement planned anew (after a lock wait, the catalog changed): parsed from its text. */
const replanShaped: Replan<StatementShape> = (ctx, shape) =>
  planRunnable(ctx, parseShaped(ctx.sql, shape)[0]!.stmt);

/** Positions in an error refer to the text the plan was learnt from: moved to this one's. */
function movedError(err: unknown, learnt: StatementShape, shape: StatementShape): unknown {
  const position = err instanceof DbError ? err.fields.position : undefined;
  if (position === undefined || learnt === shape) return err;
  return (err as DbError).with({ position: movePosition(position, learnt, shape) });
}

/** A statement the cache has no plan for: parsed, planned (and learnt on a miss), run. Async. */
async function runUncached(
  cache: StatementCache,
  settings: SessionSettings,
  host: DispatchHost,
  shape: StatementShape,
  ctx: StatementContext,
  miss: boolean,
): Promise<void> {
  const { sql, paramTypes } = ctx;
  const statements = parseShaped(sql, shape);
  const stmt = statements[0]!.stmt;
  const learn =
    miss && statements.length === 1
      ? (planLiteral: PlanLiteral) => {
          // Run the plan just learnt, as a hit would (see runPlannedStatement).
          const st = cache.learn(shape, sql, stmt, planLiteral, paramTypes, ctx.catalog, settings);
          if (st === undefined) return undefined;
          const params = cache.valuesOf(st, shape, ctx.params, coerceParams, settings.textOutput());
          if (params === undefined) return undefined;
          const { physical, columns, returnsRows } = st;
          return { physical, columns, returnsRows, params, catalog: ctx.catalog };
        }
      : undefined;
  for (const { stmt } of statements) await dispatchStatement(host, stmt, ctx, learn);
}
