/**
 * The dispatch of a statement that runs inside a transaction to the file that runs it.
 */
import { DbError } from '@rustydb/common';
import type { ExecuteStmt, Statement } from '@rustydb/parser';
import { runAnalyzeStatement } from './analyze.js';
import { runComment } from './comment-statement.js';
import { runCopyFrom } from './copy-from.js';
import { runCopyTo } from './copy-to.js';
import { runClosePortal, runDeclareCursor, runFetch } from './cursor-statements.js';
import { runExplainStatement } from './explain-statement.js';
import type { ExtendedProtocol } from './extended-protocol.js';
import { runAlterFunctionOwner, runCreateFunction, runDropFunction } from './function-statements.js';
import { runGrantStatement } from './grant-statements.js';
import { runNotifyStatement } from './notify-statements.js';
import { runDropOwned, runReassignOwned } from './owned-statements.js';
import { type EquivalentPlan, type PlanLiteral, runPlannedStatement } from './planned-statement.js';
import { Portal } from './portal.js';
import { checkWritable } from './read-only-check.js';
import { runReindex } from './reindex-statement.js';
import { runAlterRole, runCreateRole, runDropRole } from './role-statements.js';
import { isSchemaStatement, runSchemaStatement, unsupportedStatement } from './schema-statements.js';
import type { SessionNotifications } from './session-notifications.js';
import { runSetConstraints } from './set-constraints-statement.js';
import { runSessionSetting } from './setting-statements.js';
import { executeParams, nestedExecute, runDeallocate, runPrepare } from './sql-prepare.js';
import type { MakeStatementContext, StatementContext } from './statement-context.js';
import { lockStatementRelations } from './table-lock-statements.js';
import type { TransactionBlock } from './transaction-block.js';
import { runAlterTrigger, runCreateTrigger, runDropTrigger } from './trigger-statements.js';

/** What the dispatch needs of its session. */
export interface DispatchHost {
  /** The session's prepared statements (PREPARE, EXECUTE, DEALLOCATE). */
  readonly extended: ExtendedProtocol;
  readonly notifications: SessionNotifications;
  /** The session's transaction block (its cursors: DECLARE, FETCH, CLOSE; its settings). */
  readonly block: TransactionBlock;
  /** The role the session logged in as (SET SESSION AUTHORIZATION's check). */
  readonly authenticatedUser: string;
  /** A statement context of the session (EXECUTE's, with its arguments). */
  readonly statementContext: MakeStatementContext;
  /** EXECUTEs running inside one another (sql-prepare.ts `nestedExecute`). */
  executeDepth: number;
}

/**
 * Runs `stmt` in `ctx` (its transaction); `planned` learns the plan of a query or DML statement
 * (the statement cache). Async. @throws DbError 25006 for a write in a read-only transaction,
 * 0A000 for an unsupported statement, else the statement's error.
 */
export async function dispatchStatement(
  host: DispatchHost,
  stmt: Statement,
  ctx: StatementContext,
  planned?: (planLiteral: PlanLiteral) => EquivalentPlan | undefined,
): Promise<void> {
  switch (stmt.kind) {
    case 'select':
    case 'values':
    case 'setOp':
    case 'insert':
    case 'update':
    case 'delete':
    case 'merge':
      checkWritable(stmt.kind, ctx.tx);
      return runPlannedStatement(stmt, ctx, planned);
    case 'explain':
      checkWritable(stmt.kind, ctx.tx);
      return runExplainStatement(stmt, ctx, host);
    case 'analyze':
      await lockStatementRelations(stmt, ctx);
      return runAnalyzeStatement(stmt, ctx);
    case 'createTable':
    case 'createTableAs':
    case 'refreshMatView':
    case 'createIndex':
    case 'createView':
    case 'createSchema':
    case 'createSequence':
    case 'alterSequence':
    case 'alterTable':
    case 'alterIndex':
    case 'truncate':
    case 'drop':
    case 'createEnum':
    case 'createCompositeType':
    case 'createExtension':
    case 'alterType':
    case 'createDomain':
    case 'alterDomain':
      checkWritable(stmt.kind, ctx.tx, stmt.kind === 'drop' ? stmt.objectType : undefined);
      if (!isSchemaStatement(stmt)) throw unsupportedStatement(stmt);
      await lockStatementRelations(stmt, ctx);
      return runSchemaStatement(stmt, ctx);
    case 'comment':
      checkWritable(stmt.kind, ctx.tx);
      return runComment(stmt, ctx);
    case 'createFunction':
      checkWritable(stmt.kind, ctx.tx);
      return runCreateFunction(stmt, ctx);
    case 'dropFunction':
      checkWritable(stmt.kind, ctx.tx);
      return runDropFunction(stmt, ctx);
    case 'alterFunctionOwner':
      checkWritable(stmt.kind, ctx.tx);
      return runAlterFunctionOwner(stmt, ctx);
    case 'createTrigger':
      checkWritable(stmt.kind, ctx.tx);
      await lockStatementRelations(stmt, ctx);
      return runCreateTrigger(stmt, ctx);
    case 'dropTrigger':
      checkWritable(stmt.kind, ctx.tx);
      await lockStatementRelations(stmt, ctx);
      return runDropTrigger(stmt, ctx);
    case 'alterTrigger':
      checkWritable(stmt.kind, ctx.tx);
      await lockStatementRelations(stmt, ctx);
      return runAlterTrigger(stmt, ctx);
    case 'createRole':
    case 'alterRole':
    case 'dropRole':
      checkWritable(stmt.kind, ctx.tx);
      if (stmt.kind === 'createRole') return runCreateRole(stmt, ctx);
      return stmt.kind === 'alterRole' ? runAlterRole(stmt, ctx) : runDropRole(stmt, ctx);
    case 'reassignOwned':
      return runReassignOwned(stmt, ctx);
    case 'dropOwned':
      return runDropOwned(stmt, ctx);
    case 'grant':
    case 'grantRole':
    case 'alterOwner':
    case 'alterDefaultPrivileges':
      return runGrantStatement(stmt, ctx);
    case 'listen':
    case 'unlisten':
    case 'notify':
      return runNotifyStatement(stmt, host.notifications, ctx.out);
    case 'reindex':
      checkWritable(stmt.kind, ctx.tx);
      return runReindex(stmt, ctx);
    case 'copy':
      await lockStatementRelations(stmt, ctx);
      if (stmt.direction === 'to') return runCopyTo(stmt, ctx);
      if (ctx.tx.readOnly) throw new DbError('25006', 'cannot execute COPY FROM in a read-only transaction');
      return runCopyFrom(stmt, ctx);
    case 'prepare':
      return runPrepare(stmt, ctx, host.extended.statements);
    case 'execute':
      return executeSql(host, stmt, ctx);
    case 'declareCursor':
      return runDeclareCursor(stmt, ctx, host.block);
    case 'fetch':
      return runFetch(stmt, ctx, host.block);
    case 'closePortal':
      return runClosePortal(stmt, ctx, host.block);
    case 'deallocate':
      return runDeallocate(stmt, ctx, host.extended.statements);
    case 'setConstraints':
      // In a DO block (the session runs the top-level statement itself, with its WARNING).
      return runSetConstraints(stmt, ctx);
    case 'set':
    case 'reset':
    case 'show':
      // In a DO block or a procedure's body (the session runs a top-level one itself).
      return runSessionSetting(stmt, host.block, ctx.engine.catalog, ctx.tx, host.authenticatedUser, ctx.out);
    default:
      throw unsupportedStatement(stmt);
  }
}

/** EXECUTE name (args): the prepared statement run as an unnamed portal with text results. */
/**
 * EXECUTE: the prepared statement `stmt.name` with its arguments. 54001 past MAX_CALL_DEPTH
 * nested EXECUTEs, as PostgreSQL's stack depth check stops a statement that executes itself.
 */
function executeSql(host: DispatchHost, stmt: ExecuteStmt, ctx: StatementContext): Promise<void> {
  return nestedExecute(host, () => executePrepared(host, stmt, ctx));
}

async function executePrepared(host: DispatchHost, stmt: ExecuteStmt, ctx: StatementContext): Promise<void> {
  const st = host.extended.statement(stmt.name);
  const params = await executeParams(stmt, st, ctx);
  st.notePlanUsed();
  if (!st.planned) {
    if (st.stmt === undefined) return ctx.out.emptyQuery();
    return dispatchStatement(
      host,
      st.stmt,
      host.statementContext(ctx.tx, ctx.sql, params, st.paramTypes, ctx.out),
    );
  }
  checkWritable(st.stmt!.kind, ctx.tx);
  const portal = new Portal('', st, params, st.fields, st.plan(ctx.catalog, ctx.settings));
  try {
    await portal.run(0, ctx);
  } finally {
    portal.close();
  }
}
