/**
 * SQL-level prepared statements: PREPARE, EXECUTE, DEALLOCATE. They live in the same map as the
 * extended protocol's named statements (PostgreSQL has one namespace: a statement PREPAREd in SQL
 * can be bound by name, and one made by Parse can be EXECUTEd).
 *
 * PREPARE binds and plans at once (binder errors surface at PREPARE, as in PostgreSQL) and keeps
 * the whole PREPARE text as the statement's query string, so positions in later errors point into
 * it. EXECUTE evaluates its argument expressions, coerced to the parameter types, as one small
 * plan, then runs the cached plan like an unnamed portal.
 */
import { DbError, type Value } from '@rustydb/common';
import type { DeallocateStmt, ExecuteStmt, PrepareStmt } from '@rustydb/parser';
import { bindExecuteArguments, resolveTypeName } from '@rustydb/planner';
import { runBoundPlan } from './internal-query.js';
import { PreparedStatement } from './prepared-statement.js';
import { MAX_CALL_DEPTH, stackDepthExceeded } from './routines/session-routines.js';
import type { StatementContext } from './session.js';

/** PREPARE name [(types)] AS statement. Sync. @throws DbError 42P05 for a name in use, binder errors. */
export function runPrepare(
  stmt: PrepareStmt,
  ctx: StatementContext,
  statements: Map<string, PreparedStatement>,
): void {
  if (statements.has(stmt.name)) {
    throw new DbError('42P05', `prepared statement "${stmt.name}" already exists`);
  }
  const given = stmt.paramTypes.map((t) => resolveTypeName(t, ctx.catalog));
  const prepared = PreparedStatement.fromStatement(
    ctx.sql,
    stmt.statement,
    given,
    ctx.catalog,
    ctx.settings,
    undefined,
    true,
  );
  statements.set(stmt.name, prepared);
  ctx.out.commandComplete('PREPARE');
}

/**
 * The parameter values of EXECUTE name (args): each argument bound where PostgreSQL's
 * EXPR_KIND_EXECUTE_PARAMETER allows (no subquery, aggregate, window or set-returning function)
 * and coerced to its parameter's type as an assignment (planner bindExecuteArguments), then
 * evaluated as one row. A statement without parameters ignores its arguments, neither counted
 * nor evaluated, as PostgreSQL's ExecuteQuery and ExplainExecuteQuery do. Async (runs one plan).
 * @throws DbError 42601 for a wrong number of arguments, 0A000 / 42803 / 42P20 / 42804 from the
 *   binder, evaluation errors.
 */
export async function executeParams(
  stmt: ExecuteStmt,
  prepared: PreparedStatement,
  ctx: StatementContext,
): Promise<readonly Value[]> {
  const types = prepared.paramTypes;
  if (types.length === 0) return [];
  if (stmt.params.length !== types.length) {
    throw new DbError('42601', `wrong number of parameters for prepared statement "${stmt.name}"`, {
      detail: `Expected ${types.length} parameters but got ${stmt.params.length}.`,
    });
  }
  const plan = bindExecuteArguments(stmt.params, stmt.paramSpans, types, {
    catalog: ctx.catalog,
    sql: ctx.sql,
  });
  const [row] = await runBoundPlan(ctx, plan, ctx.catalog);
  return row!;
}

/** DEALLOCATE [PREPARE] name | ALL. Sync. @throws DbError 26000 for an unknown name. */
export function runDeallocate(
  stmt: DeallocateStmt,
  ctx: StatementContext,
  statements: Map<string, PreparedStatement>,
): void {
  if (stmt.name === undefined) {
    statements.clear();
    ctx.out.commandComplete('DEALLOCATE ALL');
    return;
  }
  if (!statements.delete(stmt.name)) {
    throw new DbError('26000', `prepared statement "${stmt.name}" does not exist`);
  }
  ctx.out.commandComplete('DEALLOCATE');
}

/**
 * Runs an EXECUTE (or EXPLAIN EXECUTE) one level deeper in `host`'s nesting: a statement prepared
 * by Parse may be `EXECUTE` of itself, which would recurse without end, every level a microtask,
 * starving every other session. Past MAX_CALL_DEPTH levels: 54001, as PostgreSQL's stack depth
 * check stops it. Async.
 */
export async function nestedExecute<T>(host: { executeDepth: number }, run: () => Promise<T>): Promise<T> {
  if (host.executeDepth >= MAX_CALL_DEPTH) throw stackDepthExceeded();
  host.executeDepth++;
  try {
    return await run();
  } finally {
    host.executeDepth--;
  }
}
