/**
 * DO: an anonymous PL/pgSQL block run by the interpreter of plpgsql/, over this session's
 * transaction (PostgreSQL's ExecuteDoStmt → plpgsql_inline_handler). The block's statements run
 * one after another in the DO's transaction, each with its own snapshot (READ COMMITTED) and
 * seeing the effects of those before it; a block with an EXCEPTION section runs in a
 * subtransaction of the session's savepoint stack (savepoints.ts), under a name no client can
 * write (it holds a NUL). An uncaught error fails the DO and the transaction as any statement's.
 *
 * TRANSACTION CONTROL. A DO (or CALL, call-statement.ts) run outside a transaction block is
 * non-atomic, as PostgreSQL's ExecuteDoStmt / ExecuteCallStmt with atomic = false: COMMIT and
 * ROLLBACK [AND CHAIN] in the block end the session's transaction (TransactionBlock.commit /
 * abort) and start the next at once, in which the block goes on (RoutineSite.tx follows it).
 * Inside a transaction block, a multi-statement message, a function or a SECURITY DEFINER
 * procedure they are 2D000 `invalid transaction termination`; inside an EXCEPTION block (a
 * subtransaction) 2D000 `cannot commit while a subtransaction is active`. A DO or CALL run by
 * the block is non-atomic when the block is (SPI's non-atomic utility context).
 *
 * Not run inside a DO (0A000): SAVEPOINT and the session statements that do not run inside a
 * transaction's statement (SET, SHOW, LOCK, …).
 */

import type { CatalogView } from '@rustydb/catalog';
import { DbError, formatType, type SqlType, type Value } from '@rustydb/common';
import type { PhysicalPlan } from '@rustydb/optimizer';
import type { DoStmt, Statement } from '@rustydb/parser';
import { bindStatement, outputColumns, type PlanColumn } from '@rustydb/planner';
import type { FieldDescription, QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import { runNestedCall } from './call-statement.js';
import { coerceParams, type EquivalentPlan, type PlanLiteral } from './planned-statement.js';
import type { PlpgsqlHost, SqlResult } from './plpgsql/host.js';
import { runDoBlock } from './plpgsql/interpreter.js';
import type { MakeStatementContext, StatementContext } from './statement-context.js';
import { type DispatchHost, dispatchStatement } from './statement-dispatch.js';
import type { TransactionBlock } from './transaction-block.js';

/** What a DO needs of its session. */
export interface DoSession {
  readonly block: TransactionBlock;
  readonly dispatch: DispatchHost;
  readonly statementContext: MakeStatementContext;
  readonly checkInterrupts: () => void;
}

/** The subtransactions of EXCEPTION blocks: a savepoint name a client cannot send. */
const SUBTRANSACTION = '\u0000plpgsql';

/**
 * Where a DO or CALL runs: the session's transaction — replaced by COMMIT / ROLLBACK inside a
 * non-atomic one, so every statement reads it here — and how deep CALLs nest.
 */
export interface RoutineSite {
  tx: Transaction;
  /** COMMIT / ROLLBACK are refused (2D000): see TRANSACTION CONTROL above. */
  readonly atomic: boolean;
  /** Procedures being called (CALL inside CALL), for the 54001 depth limit. */
  depth: number;
}

/**
 * Runs `stmt` in `tx` (the session's statement transaction); `atomic` as RoutineSite's. Async.
 * @throws DbError 42704 for a language other than plpgsql, else the block's uncaught error.
 */
export async function runDo(
  stmt: DoStmt,
  session: DoSession,
  tx: Transaction,
  out: QueryOutput,
  atomic = true,
): Promise<void> {
  await runBody(stmt, session, { tx, atomic, depth: 0 }, out);
  out.commandComplete('DO');
}

async function runBody(stmt: DoStmt, session: DoSession, site: RoutineSite, out: QueryOutput): Promise<void> {
  if (stmt.language !== 'plpgsql') throw new DbError('42704', `language "${stmt.language}" does not exist`);
  await runDoBlock(stmt.body, routineHost(session, site, out));
}

/**
 * The interpreter's host for a DO block or a procedure's body run by CALL: statements through
 * the session's dispatcher in `site.tx`, DO and CALL nested, transaction control where `site`
 * is not atomic.
 */
export function routineHost(session: DoSession, site: RoutineSite, out: QueryOutput): PlpgsqlHost {
  const { block } = session;
  const plans = new BlockPlans();
  const catalog = block.engine.catalog;
  return {
    run: async (inner, sql, params, paramTypes) => {
      if (inner.kind === 'do') {
        await runBody(inner, session, site, out);
        return EMPTY_RESULT;
      }
      if (inner.kind === 'call') return runNestedCall(inner, sql, params, paramTypes, session, site, out);
      const tx = site.tx;
      const capture = new CapturedResult(out);
      tx.startStatement();
      const ctx = session.statementContext(tx, sql, params, paramTypes, capture);
      await dispatchStatement(session.dispatch, inner, ctx, (planLiteral) =>
        plans.plan(inner, ctx, paramTypes, planLiteral),
      );
      tx.nextCommand();
      return capture.result(inner);
    },
    binds: (inner, sql) => {
      try {
        const catalog = session.statementContext(site.tx, sql, [], undefined, out).catalog;
        bindStatement(inner, { catalog, sql, paramTypes: [] });
        return true;
      } catch (err) {
        if (err instanceof DbError) return false;
        throw err;
      }
    },
    beginSubtransaction: () =>
      block.savepoints.define(SUBTRANSACTION, site.tx, catalog, block.settings, [
        ...block.portals.values(),
        ...block.cursors.values(),
      ]),
    releaseSubtransaction: () => block.savepoints.release(SUBTRANSACTION, site.tx),
    rollbackSubtransaction: () => {
      block.savepoints.rollbackTo(SUBTRANSACTION, site.tx, catalog, block.settings);
      block.savepoints.release(SUBTRANSACTION, site.tx);
    },
    ...(site.atomic ? {} : { endTransaction: (commit, chain) => endTransaction(block, site, commit, chain) }),
    notice: (n) => out.notice(n),
    checkInterrupts: session.checkInterrupts,
    clientMinMessages: block.settings.get('client_min_messages'),
    canYield: true,
  };
}

/**
 * COMMIT / ROLLBACK [AND CHAIN] in a non-atomic block (SPI_commit / SPI_rollback): ends the
 * session's transaction and begins the next in the same block state (autocommit, or the
 * extended protocol's until Sync), with the same characteristics under AND CHAIN. Async.
 * @throws DbError 2D000 inside a subtransaction; the commit's errors (the transaction is gone then).
 */
async function endTransaction(
  block: TransactionBlock,
  site: RoutineSite,
  commit: boolean,
  chain: boolean,
): Promise<void> {
  if (block.savepoints.size > 0) {
    throw new DbError(
      '2D000',
      commit
        ? 'cannot commit while a subtransaction is active'
        : 'cannot roll back while a subtransaction is active',
    );
  }
  const { tx } = site;
  const modes = chain
    ? {
        isolationLevel: block.settings.get('transaction_isolation'),
        readOnly: tx.readOnly,
        deferrable: tx.deferrable,
      }
    : {};
  const state = block.state;
  if (commit) await block.commit();
  else block.abort();
  block.begin(modes, state);
  site.tx = block.tx!;
}

/** A plan of one statement of the block, with what it was made under. */
interface BlockPlan {
  readonly catalog: CatalogView;
  readonly settingsVersion: number;
  readonly paramTypes: readonly SqlType[];
  readonly physical: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
  readonly returnsRows: boolean;
}

/**
 * The plans of a DO's query and DML statements, by statement (the interpreter compiles each
 * statement of the block once, so a loop body runs the same Statement object each time). A plan
 * is reused while the catalog view and the session's settings are those it was made under (as
 * prepared-statement.ts's plan cache: the view's identity is the catalog's epoch); else the
 * statement is planned again.
 */
class BlockPlans {
  readonly #plans = new WeakMap<Statement, BlockPlan>();

  plan(
    stmt: Statement,
    ctx: StatementContext,
    paramTypes: readonly SqlType[],
    planLiteral: PlanLiteral,
  ): EquivalentPlan {
    const settingsVersion = ctx.settings.version;
    const known = this.#plans.get(stmt);
    if (known !== undefined) {
      checkParamTypes(known.paramTypes, paramTypes);
      if (known.catalog === ctx.catalog && known.settingsVersion === settingsVersion) {
        return { ...known, params: coerceParams(ctx.params, known.paramTypes, ctx.settings.textOutput()) };
      }
    }
    const p = planLiteral(stmt);
    const columns = outputColumns(p.logical);
    const returnsRows =
      stmt.kind === 'select' || stmt.kind === 'values' || stmt.kind === 'setOp' || columns.length > 0;
    const plan = {
      catalog: ctx.catalog,
      settingsVersion,
      paramTypes,
      physical: p.physical,
      columns,
      returnsRows,
    };
    this.#plans.set(stmt, plan);
    return { ...plan, params: p.params };
  }
}

/**
 * A record field whose type changed since the statement was planned: PostgreSQL's plpgsql
 * refuses it (42804) rather than planning again, and so do we.
 */
function checkParamTypes(planned: readonly SqlType[], now: readonly SqlType[]): void {
  for (let i = 0; i < now.length; i++) {
    const was = planned[i]!;
    const is = now[i]!;
    if (was.name === is.name && was.typmod === is.typmod) continue;
    throw new DbError(
      '42804',
      `type of parameter ${i + 1} (${formatType(is)}) does not match that when preparing the plan (${formatType(was)})`,
    );
  }
}

const EMPTY_RESULT: SqlResult = { names: [], types: [], rows: [], rowCount: 0 };

/** A QueryOutput that keeps a statement's rows for the interpreter; notices go to the client. */
class CapturedResult implements QueryOutput {
  #fields: readonly FieldDescription[] = [];
  readonly #rows: Value[][] = [];
  #tag = '';

  constructor(private readonly client: QueryOutput) {}

  rowDescription(fields: readonly FieldDescription[]): void {
    this.#fields = fields;
  }

  dataRow(values: readonly Value[]): void {
    this.#rows.push(values.slice());
  }

  commandComplete(tag: string): void {
    this.#tag = tag;
  }

  emptyQuery(): void {}

  notice(notice: DbError): void {
    this.client.notice(notice);
  }

  result(stmt: Statement): SqlResult {
    const names = this.#fields.map((f) => f.name);
    const types: SqlType[] = this.#fields.map((f) => f.type);
    // SPI_processed: the count in the command tag (`INSERT 0 3`, `SELECT 5`); 0 for DDL.
    const counted = /\s(\d+)$/.exec(this.#tag);
    const rowCount = counted ? Number(counted[1]) : stmt.kind === 'select' ? this.#rows.length : 0;
    return { names, types, rows: this.#rows, rowCount };
  }
}
