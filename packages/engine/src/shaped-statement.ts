/**
 * A query or DML statement sent as text with a shape (statement-shape.ts), run through the
 * session's statement cache (statement-cache.ts): the cached plan when there is one, else parsed
 * and planned as usual and the plan offered to the cache.
 */
import { DbError } from '@rustydb/common';
import { coerceParams, executePlanned, type PlannedStatement } from './planned-statement.js';
import { checkWritable } from './read-only-check.js';
import { parseShaped } from './repeated-values-parse.js';
import type { SessionSettings } from './session-settings.js';
import type { StatementCache } from './statement-cache.js';
import type { StatementContext } from './statement-context.js';
import { type DispatchHost, dispatchStatement } from './statement-dispatch.js';
import { movePosition, type StatementShape } from './statement-shape.js';

/**
 * Runs the one statement of `ctx.sql` (of shape `shape`) in `ctx.tx`. Async.
 * @throws DbError from parsing, planning or execution (positions moved to this text's).
 */
export async function runShapedStatement(
  cache: StatementCache,
  settings: SessionSettings,
  host: DispatchHost,
  shape: StatementShape,
  ctx: StatementContext,
): Promise<void> {
  const { sql, params, paramTypes } = ctx;
  const found = cache.lookup(shape, params, paramTypes, ctx.catalog, settings.version, coerceParams);
  if (found.kind === 'hit') {
    const st = found.statement;
    checkWritable(st.kind, ctx.tx);
    try {
      await executePlanned(st.physical, st.columns, st.returnsRows, found.params, ctx);
    } catch (err) {
      // Positions refer to the text the plan was learnt from: move them to this one's.
      const position = err instanceof DbError ? err.fields.position : undefined;
      if (position === undefined || st.shape === shape) throw err;
      throw (err as DbError).with({ position: movePosition(position, st.shape, shape) });
    }
    return;
  }
  const statements = parseShaped(sql, shape);
  const stmt = statements[0]!.stmt;
  const learn =
    found.kind === 'miss' && statements.length === 1
      ? (p: PlannedStatement) => cache.learn(shape, sql, stmt, p, paramTypes, p.catalog, settings)
      : undefined;
  for (const { stmt } of statements) await dispatchStatement(host, stmt, ctx, learn);
}
