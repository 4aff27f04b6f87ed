/**
 * DO: an anonymous PL/pgSQL block run by the interpreter of plpgsql/, over this session's
 * transaction (PostgreSQL's ExecuteDoStmt → plpgsql_inline_handler). The block's statements run
 * one after another in the DO's transaction, each with its own snapshot (READ COMMITTED) and
 * seeing the effects of those before it; a block with an EXCEPTION section runs in a
 * subtransaction of the session's savepoint stack (savepoints.ts), under a name no client can
 * write (it holds a NUL). An uncaught error fails the DO and the transaction as any statement's.
 *
 * Not run inside a DO (0A000): transaction control (COMMIT, ROLLBACK, SAVEPOINT …) and the
 * session statements that do not run inside a transaction's statement (SET, SHOW, LOCK, …).
 */
import { DbError, type SqlType, type Value } from '@rustydb/common';
import type { DoStmt, Statement } from '@rustydb/parser';
import { bindStatement } from '@rustydb/planner';
import type { FieldDescription, QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import type { PlpgsqlHost, SqlResult } from './plpgsql/host.js';
import { runDoBlock } from './plpgsql/interpreter.js';
import type { MakeStatementContext } from './statement-context.js';
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
 * Runs `stmt` in `tx` (the session's statement transaction). Async.
 * @throws DbError 42704 for a language other than plpgsql, else the block's uncaught error.
 */
export async function runDo(
  stmt: DoStmt,
  session: DoSession,
  tx: Transaction,
  out: QueryOutput,
): Promise<void> {
  await runBody(stmt, session, tx, out);
  out.commandComplete('DO');
}

async function runBody(stmt: DoStmt, session: DoSession, tx: Transaction, out: QueryOutput): Promise<void> {
  if (stmt.language !== 'plpgsql') throw new DbError('42704', `language "${stmt.language}" does not exist`);
  await runDoBlock(stmt.body, doHost(session, tx, out));
}

function doHost(session: DoSession, tx: Transaction, out: QueryOutput): PlpgsqlHost {
  const { block } = session;
  const catalog = block.engine.catalog;
  return {
    run: async (inner, sql, params, paramTypes) => {
      if (inner.kind === 'do') {
        await runBody(inner, session, tx, out);
        return EMPTY_RESULT;
      }
      const capture = new CapturedResult(out);
      tx.startStatement();
      await dispatchStatement(
        session.dispatch,
        inner,
        session.statementContext(tx, sql, params, paramTypes, capture),
      );
      tx.nextCommand();
      return capture.result(inner);
    },
    binds: (inner, sql) => {
      try {
        const catalog = session.statementContext(tx, sql, [], undefined, out).catalog;
        bindStatement(inner, { catalog, sql, paramTypes: [] });
        return true;
      } catch (err) {
        if (err instanceof DbError) return false;
        throw err;
      }
    },
    beginSubtransaction: () =>
      block.savepoints.define(SUBTRANSACTION, tx, catalog, block.settings, [
        ...block.portals.keys(),
        ...block.cursors.keys(),
      ]),
    releaseSubtransaction: () => block.savepoints.release(SUBTRANSACTION, tx),
    rollbackSubtransaction: () => {
      block.savepoints.rollbackTo(SUBTRANSACTION, tx, catalog, block.settings);
      block.savepoints.release(SUBTRANSACTION, tx);
    },
    notice: (n) => out.notice(n),
    checkInterrupts: session.checkInterrupts,
    clientMinMessages: block.settings.get('client_min_messages'),
  };
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
