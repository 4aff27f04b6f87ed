/**
 * EngineSession: one client's conversation with the database — the statement loop for the text
 * of a Query message and PostgreSQL's transaction-block rules around it.
 *
 * TRANSACTION BLOCKS. A session is in one of four states (PostgreSQL's TBLOCK_* reduced):
 *
 *     idle ──BEGIN──▶ explicit ──COMMIT/ROLLBACK──▶ idle
 *       │               │ error
 *       │               ▼
 *       │             failed ──COMMIT (answers ROLLBACK) / ROLLBACK──▶ idle
 *       └─ multi-statement message ─▶ implicit ──end of message──▶ commit ▶ idle
 *
 * - idle: each statement runs in its own transaction, committed when it succeeds (autocommit).
 * - implicit: a message with several statements runs as one transaction, committed at the end
 *   of the message; an error aborts all of it. A BEGIN inside turns it into an explicit block
 *   (the statements before it join the block), a COMMIT inside commits early with the WARNING
 *   25P01, as PostgreSQL does.
 * - explicit: between BEGIN and COMMIT/ROLLBACK. An error aborts the transaction at once
 *   (releasing what it holds) and moves to failed.
 * - failed: every statement but COMMIT/ROLLBACK gets 25P02.
 *
 * Commit awaits the WAL flush of the commit record; concurrent sessions share one flush (group
 * commit, in `wal`). Each statement runs between `tx.startStatement()` (a fresh snapshot under
 * READ COMMITTED) and `tx.nextCommand()` (its changes become visible to the next statement).
 *
 * CANCELLATION. `cancel()` sets a flag that `checkInterrupts` (called by the executor between
 * row batches) turns into 57014; the flag is cleared when the next message starts.
 */
import type { CatalogView } from '@rustydb/catalog';
import {
  DbError,
  inFailedTransaction,
  type Logger,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';
import type { ExecutionContext } from '@rustydb/executor';
import { type ParsedStatement, parse, type Statement } from '@rustydb/parser';
import type { QueryOutput, Session, TransactionStatus } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import type { EngineContext } from './engine-context.js';
import { runPlannedStatement } from './planned-statement.js';
import { SessionSettings } from './session-settings.js';
import { runSchemaStatement, unsupportedStatement } from './schema-statements.js';
import { runSettingStatement } from './setting-statements.js';

type BlockState = 'idle' | 'implicit' | 'explicit' | 'failed';

type Isolation = 'read committed' | 'repeatable read' | 'serializable';

/** What a statement that needs a transaction gets. */
export interface StatementContext {
  readonly tx: Transaction;
  readonly catalog: CatalogView;
  readonly sql: string;
  readonly params: readonly Value[];
  /** Undefined when the query has no parameters. */
  readonly paramTypes: readonly (SqlType | undefined)[] | undefined;
  readonly out: QueryOutput;
  readonly engine: EngineContext;
  readonly settings: SessionSettings;
  /** The executor's context for this statement (`params` replaces the statement's, once coerced). */
  execution(params?: readonly Value[]): ExecutionContext;
}

const STATEMENT_TAG: Partial<Record<Statement['kind'], string>> = {
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  createTable: 'CREATE TABLE',
  createIndex: 'CREATE INDEX',
  drop: 'DROP',
};

export class EngineSession implements Session {
  readonly settings: SessionSettings;
  #tx: Transaction | undefined;
  #block: BlockState = 'idle';
  #cancelRequested = false;
  #running = false;
  #closed = false;
  readonly #logger: Logger;
  readonly #checkInterrupts = (): void => {
    if (this.#cancelRequested) {
      this.#cancelRequested = false;
      throw new DbError('57014', 'canceling statement due to user request');
    }
  };

  constructor(
    private readonly engine: EngineContext,
    readonly processId: number,
    readonly secretKey: number,
    startup: Readonly<Record<string, string>> = {},
  ) {
    this.settings = new SessionSettings(startup);
    this.#logger = engine.logger;
  }

  parameterStatuses(): Readonly<Record<string, string>> {
    return this.settings.reported();
  }

  transactionStatus(): TransactionStatus {
    return this.#block === 'explicit' ? 'T' : this.#block === 'failed' ? 'E' : 'I';
  }

  /** Protocol entry point: runs every statement of one Query message. See `execute`. */
  simpleQuery(sql: string, out: QueryOutput): Promise<void> {
    return this.execute(sql, [], out);
  }

  /**
   * Runs the statements of `sql` with parameters `$1…` bound to `params` (embedded use; the
   * simple protocol has none). Async: awaits commits and executor yields. Results stream to
   * `out`. Rejects with the DbError that stopped the message; the statements after it are skipped.
   */
  async execute(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> {
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    if (this.#running) throw new DbError('55000', 'another command is already in progress');
    this.#running = true;
    this.#cancelRequested = false;
    try {
      await this.#runMessage(sql, params, out);
    } finally {
      this.#running = false;
    }
  }

  /** A CancelRequest for this session: the running statement stops with 57014 at its next check. */
  cancel(): void {
    if (this.#running) this.#cancelRequested = true;
  }

  /** Rolls back an open transaction and ends the session. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#tx) this.#abort();
    this.#block = 'idle';
    this.engine.sessionClosed(this);
  }

  async #runMessage(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> {
    let statements: ParsedStatement[];
    try {
      statements = parse(sql);
    } catch (err) {
      this.#failBlock();
      throw err;
    }
    if (statements.length === 0) {
      out.emptyQuery();
      return;
    }
    const implicit = statements.length > 1;
    // No parameters: `$n` is an error (42P02), as in a simple Query message.
    const paramTypes = params.length === 0 ? undefined : params.map(paramType);
    try {
      for (const { stmt } of statements) {
        if (implicit && this.#block === 'idle') this.#begin({}, 'implicit');
        await this.#runStatement(stmt, sql, params, paramTypes, out);
      }
      if (this.#block === 'implicit') await this.#commit();
    } catch (err) {
      this.#failBlock();
      throw err;
    }
  }

  /** An error ended the current statement: abort what it belonged to. */
  #failBlock(): void {
    if (this.#block === 'explicit') {
      this.#abort();
      this.#block = 'failed';
    } else if (this.#block === 'implicit') {
      this.#abort();
      this.#block = 'idle';
    }
  }

  async #runStatement(
    stmt: Statement,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): Promise<void> {
    if (this.#block === 'failed' && stmt.kind !== 'commit' && stmt.kind !== 'rollback') {
      throw inFailedTransaction();
    }
    switch (stmt.kind) {
      case 'begin':
        return this.#beginStatement(stmt.modes, stmt.start ? 'START TRANSACTION' : 'BEGIN', out);
      case 'commit':
        return this.#endStatement(true, out);
      case 'rollback':
        return this.#endStatement(false, out);
      case 'set':
      case 'show':
      case 'reset':
        return runSettingStatement(stmt, this.settings, out, this.#block !== 'idle');
      default:
        return this.#inTransaction(async (tx) => {
          const ctx = this.#statementContext(tx, sql, params, paramTypes, out);
          await this.#dispatch(stmt, ctx);
        });
    }
  }

  async #dispatch(stmt: Statement, ctx: StatementContext): Promise<void> {
    switch (stmt.kind) {
      case 'select':
      case 'values':
      case 'setOp':
      case 'insert':
      case 'update':
      case 'delete':
      case 'explain':
        this.#checkWritable(stmt, ctx.tx);
        return runPlannedStatement(stmt, ctx);
      case 'createTable':
      case 'createIndex':
      case 'drop':
        this.#checkWritable(stmt, ctx.tx);
        return runSchemaStatement(stmt, ctx);
      default:
        throw unsupportedStatement(stmt);
    }
  }

  #checkWritable(stmt: Statement, tx: Transaction): void {
    const tag = STATEMENT_TAG[stmt.kind];
    if (tag === undefined || !tx.readOnly) return;
    const what = stmt.kind === 'drop' ? `DROP ${stmt.objectType.toUpperCase()}` : tag;
    throw new DbError('25006', `cannot execute ${what} in a read-only transaction`);
  }

  #statementContext(
    tx: Transaction,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): StatementContext {
    const engine = this.engine;
    const checkInterrupts = this.#checkInterrupts;
    return {
      tx,
      get catalog() {
        // Read anew each time: DDL earlier in the statement changes the transaction's view.
        return engine.catalog.reader(tx);
      },
      sql,
      params,
      paramTypes,
      out,
      engine,
      settings: this.settings,
      execution(coerced?: readonly Value[]): ExecutionContext {
        return {
          tx,
          relations: engine.catalog,
          catalog: engine.catalog.reader(tx),
          params: coerced ?? params,
          checkInterrupts,
        };
      },
    };
  }

  /** Runs `fn` in the block's transaction, or in a new one committed afterwards (autocommit). */
  async #inTransaction(fn: (tx: Transaction) => Promise<void>): Promise<void> {
    const autocommit = this.#block === 'idle';
    if (autocommit) this.#begin({}, 'idle');
    const tx = this.#tx!;
    try {
      tx.startStatement();
      await fn(tx);
    } catch (err) {
      if (autocommit) this.#abort();
      throw err;
    }
    if (autocommit) await this.#commit();
    else tx.nextCommand();
  }

  async #beginStatement(
    modes: { isolationLevel?: string; readOnly?: boolean },
    tag: string,
    out: QueryOutput,
  ): Promise<void> {
    if (this.#block === 'explicit') {
      out.notice(new DbError('25001', 'there is already a transaction in progress', { severity: 'WARNING' }));
    } else if (this.#block === 'implicit') {
      this.#block = 'explicit';
    } else {
      this.#begin(modes, 'explicit');
    }
    out.commandComplete(tag);
  }

  async #endStatement(commit: boolean, out: QueryOutput): Promise<void> {
    const tag = commit ? 'COMMIT' : 'ROLLBACK';
    switch (this.#block) {
      case 'idle':
      case 'implicit':
        out.notice(new DbError('25P01', 'there is no transaction in progress', { severity: 'WARNING' }));
        if (this.#block === 'implicit') {
          if (commit) await this.#commit();
          else this.#abort();
        }
        out.commandComplete(tag);
        return;
      case 'explicit':
        if (commit) await this.#commit();
        else this.#abort();
        out.commandComplete(tag);
        return;
      case 'failed':
        this.#block = 'idle';
        this.#tx = undefined;
        out.commandComplete('ROLLBACK');
        return;
    }
  }

  #begin(modes: { isolationLevel?: string; readOnly?: boolean }, block: BlockState): void {
    const isolation = toIsolation(modes.isolationLevel ?? this.settings.get('default_transaction_isolation'));
    const readOnly = modes.readOnly ?? isOn(this.settings.get('default_transaction_read_only'));
    this.#tx = this.engine.txns.begin({ isolation, readOnly });
    this.#block = block;
    this.settings.beginTransaction();
    this.settings.setInternal('transaction_isolation', isolation);
    this.settings.setInternal('transaction_read_only', readOnly ? 'on' : 'off');
  }

  async #commit(): Promise<void> {
    const tx = this.#tx!;
    this.#tx = undefined;
    this.#block = 'idle';
    try {
      await tx.commit();
    } catch (err) {
      // The commit may or may not be durable (the WAL refuses all work now): leave the
      // catalog's pending files alone; recovery at restart decides.
      this.#endSettings(false);
      throw err;
    }
    this.engine.catalog.commitTransaction(tx);
    this.#endSettings(true);
  }

  /** Aborts the current transaction (the block state is the caller's business). */
  #abort(): void {
    const tx = this.#tx;
    if (!tx) return;
    this.#tx = undefined;
    if (this.#block !== 'failed') this.#block = 'idle';
    try {
      tx.abort();
    } finally {
      this.engine.catalog.abortTransaction(tx);
      this.#endSettings(false);
    }
    this.#logger.debug({ pid: this.processId, xid: tx.xid }, 'transaction aborted');
  }

  #endSettings(committed: boolean): void {
    this.settings.endTransaction(committed);
  }
}

function toIsolation(level: string): Isolation {
  const l = level.toLowerCase().trim();
  if (l === 'serializable' || l === 'repeatable read') return l;
  if (l === 'read committed' || l === 'read uncommitted') return 'read committed';
  throw new DbError('22023', `invalid value for parameter "default_transaction_isolation": "${level}"`);
}

const isOn = (v: string): boolean => ['on', 'true', 'yes', '1'].includes(v.toLowerCase());

/** The type a parameter value implies, for the binder (strings stay unknown, as in the protocol). */
function paramType(v: Value): SqlType | undefined {
  switch (typeof v) {
    case 'boolean':
      return sqlType('bool');
    case 'bigint':
      return sqlType('int8');
    case 'number':
      return Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? sqlType('int4') : sqlType('float8');
    case 'object':
      return v instanceof Uint8Array ? sqlType('bytea') : undefined;
    default:
      return undefined;
  }
}
