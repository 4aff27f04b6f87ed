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
 * EXTENDED QUERY PROTOCOL. Parse makes a PreparedStatement (parsed once, planned once, plan
 * cached: prepared-statement.ts), Bind a Portal (portal.ts) with its plan taken then, Execute
 * runs it, possibly in slices. A pipeline runs in one implicit transaction, begun by the first
 * Bind or Execute that needs one and committed by `sync()` — PostgreSQL's rule — unless BEGIN
 * turns it into an explicit block. An error aborts it (`sync(true)` after an error the protocol
 * saw). Portals end with their transaction; prepared statements live until closed.
 *
 * SAVEPOINTS (savepoints.ts) are subtransaction levels of the block's transaction; while any
 * exists, an error leaves the block failed with the transaction kept, so ROLLBACK TO can revive
 * it. TWO-PHASE COMMIT (two-phase-statements.ts): PREPARE TRANSACTION hands the transaction to
 * the TxnManager and leaves the session idle; COMMIT/ROLLBACK PREPARED run outside any block.
 *
 * COPY runs as a statement of its own (copy-from.ts, copy-to.ts), in either protocol.
 *
 * CANCELLATION. `cancel()` sets a flag that `checkInterrupts` (called by the executor between
 * row batches) turns into 57014; the flag is cleared when the next message starts.
 */
import {
  type ActivityInfo,
  builtinRoles,
  type CatalogView,
  isTempSchema,
  type SessionInfo,
  SYSTEM_RELATIONS,
  SystemCatalog,
} from '@rustydb/catalog';
import {
  DbError,
  inFailedTransaction,
  type Logger,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';
import { type ExecutionContext, parseWorkMem } from '@rustydb/executor';
import { type ExecuteStmt, type ParsedStatement, parse, type Statement } from '@rustydb/parser';
import {
  checkBinaryFormat,
  type FieldDescription,
  type FormatCode,
  type Notification,
  type QueryOutput,
  type Session,
  type StatementDescription,
  type TransactionStatus,
} from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import type { EngineContext } from './engine-context.js';
import { runCopyFrom } from './copy-from.js';
import { runCopyTo } from './copy-to.js';
import {
  coerceParams,
  executePlanned,
  type PlannedStatement,
  runPlannedStatement,
} from './planned-statement.js';
import { runAnalyzeStatement } from './analyze.js';
import { runComment } from './comment-statement.js';
import { runReindex } from './reindex-statement.js';
import { runExplainStatement } from './explain-statement.js';
import { Portal } from './portal.js';
import { PreparedStatement } from './prepared-statement.js';
import { executeParams, runDeallocate, runPrepare } from './sql-prepare.js';
import { pgNow, sessionCatalogInfo } from './session-catalog-info.js';
import { type SessionTimeouts, sessionTimeouts, statementLocks } from './lock-context.js';
import { SessionSettings } from './session-settings.js';
import { lockStatementRelations, runLockStatement } from './table-lock-statements.js';
import { isSchemaStatement, runSchemaStatement, unsupportedStatement } from './schema-statements.js';
import { searchPathOf, tempSchemaOf } from './search-path.js';
import { SessionSequences } from './session-sequences.js';
import { runSettingStatement } from './setting-statements.js';
import { StatementCache } from './statement-cache.js';
import { movePosition, type StatementShape, statementShape } from './statement-shape.js';
import { runVacuumStatement } from './vacuum-statement.js';
import { Savepoints, savepointOutsideBlock } from './savepoints.js';
import {
  finishPreparedTransaction,
  prepareTransaction,
  preparedTransactionInfos,
} from './two-phase-statements.js';
import { NotificationHub } from './notification-hub.js';
import { runNotifyStatement } from './notify-statements.js';
import {
  currentUserOf,
  isRoleSetting,
  runRoleSetting,
  sessionAccess,
  sessionRole,
  startIdentity,
} from './role-settings.js';
import { runAlterRole, runCreateRole, runDropRole } from './role-statements.js';
import { runGrantStatement } from './grant-statements.js';
import { planPrivilegeCheck } from './privilege-checks.js';
import { SessionNotifications } from './session-notifications.js';

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
  createTableAs: 'CREATE TABLE AS',
  createView: 'CREATE VIEW',
  createSchema: 'CREATE SCHEMA',
  createSequence: 'CREATE SEQUENCE',
  alterSequence: 'ALTER SEQUENCE',
  alterTable: 'ALTER TABLE',
  truncate: 'TRUNCATE TABLE',
  comment: 'COMMENT',
  createRole: 'CREATE ROLE',
  alterRole: 'ALTER ROLE',
  dropRole: 'DROP ROLE',
  reindex: 'REINDEX',
};

export class EngineSession implements Session {
  readonly settings: SessionSettings;
  #tx: Transaction | undefined;
  #block: BlockState = 'idle';
  readonly #savepoints = new Savepoints();
  /**
   * The current transaction opened a temporary table's store (read or write): PREPARE
   * TRANSACTION refuses it (0A000), as PostgreSQL's XACT_FLAGS_ACCESSEDTEMPNAMESPACE.
   */
  #touchedTemp = false;
  /** The executor's RelationAccess: the catalog's, noting temporary tables (`#touchedTemp`). */
  readonly #relations: ExecutionContext['relations'];
  #cancelRequested = false;
  #timeoutSettings: SessionTimeouts | undefined;
  #timeouts(): SessionTimeouts {
    this.#timeoutSettings = sessionTimeouts(this.settings, this.#timeoutSettings);
    return this.#timeoutSettings;
  }
  /** statement_timeout fired for the running statement. */
  #timedOut = false;
  /** When the running statement's statement_timeout expires (Date.now() ms); 0: none. */
  #deadline = 0;
  /** Aborted by cancel() or statement_timeout: ends the running statement's lock waits. */
  #statementAbort: AbortController | undefined;
  /** An abort that came before the statement's controller existed (see `#abortStatement`). */
  #statementAbortReason: unknown;
  /** Is a statement inside `#timed`? Numbered so a nested one's end leaves the outer alone. */
  #statementActive = false;
  #statementSeq = 0;
  readonly #statements = new Map<string, PreparedStatement>();
  readonly #portals = new Map<string, Portal>();
  /** Plans of query/DML statements sent as text, by shape (statement-cache.ts). */
  readonly statementCache: StatementCache;
  #running = false;
  /** The last statement run and when it started (pg_stat_activity). */
  #lastQuery: { readonly sql: string; readonly start: bigint } | undefined;
  readonly #backendStart: bigint;
  #closed = false;
  readonly #logger: Logger;
  /** The role the client authenticated as (the startup packet's user; embedded: the bootstrap superuser). */
  readonly authenticatedUser: string;
  /** LISTEN / UNLISTEN / NOTIFY of this session (session-notifications.ts). */
  readonly notifications: SessionNotifications;
  readonly #checkInterrupts = (): void => {
    if (this.#cancelRequested) {
      this.#cancelRequested = false;
      throw cancelError();
    }
    // The deadline too, not only the timer's flag: a long synchronous stretch of the executor
    // keeps the timer from running until the statement yields.
    if (this.#timedOut || (this.#deadline !== 0 && Date.now() >= this.#deadline)) {
      this.#timedOut = false;
      this.#deadline = 0;
      throw statementTimeoutError();
    }
  };

  constructor(
    private readonly engine: EngineContext,
    readonly processId: number,
    readonly secretKey: number,
    startup: Readonly<Record<string, string>> = {},
  ) {
    this.settings = new SessionSettings(startup);
    this.settings.setInternal('max_prepared_transactions', String(engine.maxPreparedTransactions ?? 0));
    this.#relations = {
      store: (table) => {
        if (isTempSchema(table.schema)) this.#touchedTemp = true;
        return engine.catalog.store(table);
      },
      index: (def) => engine.catalog.index(def),
    };
    const role = sessionRole(engine.catalog, startup.user);
    if (role) startIdentity(this.settings, role);
    this.authenticatedUser = role?.name ?? this.settings.get('session_authorization');
    this.notifications = new SessionNotifications(engine.notifications ?? new NotificationHub(), processId);
    this.#logger = engine.logger;
    this.statementCache = new StatementCache(engine.statementCacheSize);
    this.#backendStart = pgNow();
  }

  /** This session as a pg_stat_activity row (session-catalog-info.ts). Sync. */
  activity(): ActivityInfo {
    const state = this.#running
      ? 'active'
      : this.#block === 'explicit'
        ? 'idle in transaction'
        : this.#block === 'failed'
          ? 'idle in transaction (aborted)'
          : 'idle';
    return {
      pid: this.processId,
      user: this.settings.get('session_authorization'),
      applicationName: this.settings.get('application_name'),
      state,
      query: this.#lastQuery?.sql ?? '',
      backendStart: this.#backendStart,
      queryStart: this.#lastQuery?.start ?? null,
    };
  }

  /** What this statement's computed catalogs see of the session (pg_settings, pg_roles, …). */
  #catalogInfo(tx: Transaction): SessionInfo {
    const engine = this.engine;
    // pg_authid / pg_roles: the stored roles as this transaction sees them, plus the built-in
    // pg_database_owner (PostgreSQL's predefined roles are not stored here).
    const roles = () => [
      ...engine.catalog.roles(tx),
      ...builtinRoles('').filter((r) => r.name.startsWith('pg_')),
    ];
    return sessionCatalogInfo(
      {
        user: this.settings.get('session_authorization'),
        database: engine.databaseName ?? 'rustydb',
        pid: this.processId,
      },
      this.settings,
      () => engine.sessionActivity?.() ?? [this.activity()],
      roles,
      () => preparedTransactionInfos(engine.txns),
    );
  }

  parameterStatuses(): Readonly<Record<string, string>> {
    return this.settings.reported();
  }

  /** See `Session.onNotification`. */
  onNotification(listener: () => void): void {
    this.notifications.onNotification(listener);
  }

  /** See `Session.takeNotifications`. */
  takeNotifications(): readonly Notification[] {
    return this.notifications.take();
  }

  transactionStatus(): TransactionStatus {
    return this.#block === 'explicit' ? 'T' : this.#block === 'failed' ? 'E' : 'I';
  }

  /** Protocol entry point: runs every statement of one Query message. See `run`. */
  simpleQuery(sql: string, out: QueryOutput): Promise<void> {
    return this.run(sql, [], out);
  }

  /**
   * Runs the statements of `sql` with parameters `$1…` bound to `params` (embedded use; the
   * simple protocol has none). Async: awaits commits and executor yields. Results stream to
   * `out`. Rejects with the DbError that stopped the message; the statements after it are skipped.
   */
  async run(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> {
    this.#enter();
    this.#lastQuery = { sql, start: pgNow() };
    try {
      await this.#runMessage(sql, params, out);
    } finally {
      this.#running = false;
    }
  }

  #enter(): void {
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    if (this.#running) throw new DbError('55000', 'another command is already in progress');
    this.#running = true;
    this.#cancelRequested = false;
  }

  /* ------------------------------------------------------------- the extended query protocol */

  /** Parse. See `Session.prepare`. */
  prepare(name: string, sql: string, paramTypeOids: readonly number[]): void {
    this.#extended(() => {
      if (name !== '' && this.#statements.has(name)) {
        throw new DbError('42P05', `prepared statement "${name}" already exists`);
      }
      if (this.#block === 'failed') {
        const stmts = parse(sql);
        if (stmts.length !== 1 || !isExitStatement(stmts[0]!.stmt)) throw inFailedTransaction();
      }
      const catalog = this.#reader(this.#tx);
      this.#statements.set(name, PreparedStatement.create(sql, paramTypeOids, catalog, this.settings));
    });
  }

  /** Describe 'S'. See `Session.describeStatement`. */
  describeStatement(name: string): StatementDescription {
    const st = this.#statement(name);
    return { paramTypes: st.paramTypes, fields: st.fields };
  }

  /** The prepared statement `name` (tests inspect its plan cache). @throws DbError 26000. */
  preparedStatement(name: string): PreparedStatement {
    return this.#statement(name);
  }

  /** Bind. See `Session.bind`. */
  bind(
    portal: string,
    statement: string,
    params: readonly Value[],
    resultFormats: readonly FormatCode[],
  ): void {
    this.#extended(() => {
      const st = this.#statement(statement);
      if (this.#block === 'failed' && !(st.stmt && isExitStatement(st.stmt))) throw inFailedTransaction();
      if (portal !== '' && this.#portals.has(portal)) {
        throw new DbError('42P03', `cursor "${portal}" already exists`);
      }
      const fields = withFormats(st.fields, resultFormats);
      let plan: ReturnType<PreparedStatement['plan']> | undefined;
      if (st.planned) {
        if (this.#block === 'idle') this.#begin({}, 'implicit');
        plan = st.plan(this.#reader(this.#tx), this.settings);
      }
      this.#portals.get(portal)?.close();
      this.#portals.set(portal, new Portal(portal, st, params, fields, plan));
    });
  }

  /** Describe 'P'. See `Session.describePortal`. */
  describePortal(name: string): readonly FieldDescription[] | undefined {
    return this.#portal(name).fields;
  }

  /** Execute. See `Session.execute`. */
  async execute(name: string, maxRows: number, out: QueryOutput): Promise<boolean> {
    this.#enter();
    try {
      return await this.#executePortal(this.#portal(name), maxRows, out);
    } catch (err) {
      this.#failBlock();
      throw err;
    } finally {
      this.#running = false;
    }
  }

  /** Close 'S'. */
  closeStatement(name: string): void {
    this.#statements.delete(name);
  }

  /** Close 'P'. */
  closePortal(name: string): void {
    this.#portals.get(name)?.close();
    this.#portals.delete(name);
  }

  /** Sync: commits the pipeline's implicit transaction, or aborts it after an error. */
  async sync(afterError: boolean): Promise<void> {
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    if (afterError) this.#failBlock();
    else if (this.#block === 'implicit') await this.#commit();
  }

  /** Reported settings that changed (SET application_name …), for ParameterStatus. */
  changedParameterStatuses(): Readonly<Record<string, string>> | undefined {
    return this.settings.takeReportedChanges();
  }

  /** Runs a synchronous extended-protocol step; an error aborts the pipeline's transaction. */
  #extended(fn: () => void): void {
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    try {
      fn();
    } catch (err) {
      this.#failBlock();
      throw err;
    }
  }

  async #executePortal(portal: Portal, maxRows: number, out: QueryOutput): Promise<boolean> {
    this.#runningPortal = portal;
    try {
      return await this.#executePortalIn(portal, maxRows, out);
    } finally {
      this.#runningPortal = undefined;
    }
  }

  /** The portal Execute is running (ROLLBACK TO must not close it). */
  #runningPortal: Portal | undefined;

  async #executePortalIn(portal: Portal, maxRows: number, out: QueryOutput): Promise<boolean> {
    const st = portal.statement;
    const stmt = st.stmt;
    if (stmt === undefined) {
      out.emptyQuery();
      return false;
    }
    if (this.#block === 'failed' && !isExitStatement(stmt)) throw inFailedTransaction();
    if (!st.planned) {
      if (portal.done) throw new DbError('55000', `portal "${portal.name}" cannot be run`);
      portal.done = true;
      if (this.#block === 'idle' && !TRANSACTION_FREE.has(stmt.kind)) this.#begin({}, 'implicit');
      await this.#runStatement(stmt, st.sql, portal.params, st.paramTypes, out);
      return false;
    }
    if (this.#block === 'idle') this.#begin({}, 'implicit');
    const tx = this.#tx!;
    this.#checkWritable(stmt.kind, tx, stmt.kind === 'drop' ? stmt.objectType : undefined);
    await tx.awaitSafeSnapshot();
    tx.startStatement();
    const ctx = this.#statementContext(tx, st.sql, portal.params, st.paramTypes, out);
    const suspended = await this.#timed(() => portal.run(maxRows, ctx));
    if (!suspended) tx.nextCommand();
    return suspended;
  }

  #statement(name: string): PreparedStatement {
    const st = this.#statements.get(name);
    if (st === undefined) throw new DbError('26000', `prepared statement "${name}" does not exist`);
    return st;
  }

  #portal(name: string): Portal {
    const p = this.#portals.get(name);
    if (p === undefined) throw new DbError('34000', `portal "${name}" does not exist`);
    return p;
  }

  /** The transaction ended: its portals go with it. */
  #closePortals(): void {
    for (const p of this.#portals.values()) p.close();
    this.#portals.clear();
  }

  /**
   * @internal For `Database.query`, which reuses one session across calls: true when the session
   * is as a new one would be (idle, never SET, no prepared statements, no temporary relations,
   * no LISTEN),
   * after forgetting its sequence state (currval, lastval) as a new session would not know it.
   * Its statement cache is kept: that is the point of reusing it.
   */
  resetForReuse(): boolean {
    if (this.#closed || this.#running || this.#block !== 'idle' || this.settings.version !== 0) return false;
    if (this.#statements.size > 0 || this.#portals.size > 0) return false;
    if (this.notifications.channels.size > 0) return false; // it LISTENs: its own channels
    if (this.engine.catalog.reader().hasRelationsIn(tempSchemaOf(this.processId))) return false;
    this.#sequences = undefined;
    return true;
  }

  /**
   * A CancelRequest for this session: the running statement stops with 57014 at its next check,
   * or at once if it waits for a lock.
   */
  cancel(): void {
    if (!this.#running) return;
    this.#cancelRequested = true;
    this.#abortStatement(cancelError());
  }

  /**
   * Aborts the running statement's lock waits with `reason`. The AbortController is created
   * lazily (`#statementSignal`, when a lock must wait): without one, the first reason is kept
   * and a controller created later in the statement starts aborted with it.
   */
  #abortStatement(reason: unknown): void {
    if (!this.#statementActive) return;
    if (this.#statementAbort !== undefined) this.#statementAbort.abort(reason);
    else this.#statementAbortReason ??= reason;
  }

  /** The running statement's abort signal (created on first use), or undefined between statements. */
  #statementSignal(): AbortSignal | undefined {
    if (!this.#statementActive) return undefined;
    let abort = this.#statementAbort;
    if (abort === undefined) {
      abort = new AbortController();
      this.#statementAbort = abort;
      if (this.#statementAbortReason !== undefined) abort.abort(this.#statementAbortReason);
    }
    return abort.signal;
  }

  /**
   * Runs one statement under statement_timeout (57014 `canceling statement due to statement
   * timeout` from a lock wait at once, else at the executor's next interrupt check), with a fresh
   * abort signal for its lock waits.
   */
  async #timed<T>(fn: () => Promise<T>): Promise<T> {
    const ms = this.#timeouts().statementTimeoutMs;
    const seq = ++this.#statementSeq;
    this.#statementActive = true;
    this.#statementAbort = undefined;
    this.#statementAbortReason = undefined;
    this.#timedOut = false;
    this.#deadline = ms > 0 ? Date.now() + ms : 0;
    const timer =
      ms > 0
        ? setTimeout(() => {
            this.#timedOut = true;
            if (this.#statementSeq === seq) this.#abortStatement(statementTimeoutError());
          }, ms)
        : undefined;
    try {
      return await fn();
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.#timedOut = false;
      this.#deadline = 0;
      if (this.#statementSeq === seq) {
        this.#statementActive = false;
        this.#statementAbort = undefined;
        this.#statementAbortReason = undefined;
      }
    }
  }

  /** Rolls back an open transaction and ends the session. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#tx) this.#abort();
    this.#closePortals();
    this.#statements.clear();
    this.statementCache.clear();
    this.#block = 'idle';
    this.notifications.close();
    await this.engine.sessionClosed(this);
  }

  async #runMessage(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> {
    // One query or DML statement: through the statement cache.
    const shape =
      this.#block === 'failed' || this.statementCache.capacity === 0 ? undefined : statementShape(sql);
    if (shape !== undefined) {
      const paramTypes = params.length === 0 ? undefined : params.map(paramType);
      try {
        await this.#inTransaction((tx) => this.#runShaped(tx, shape, sql, params, paramTypes, out));
        if (this.#block === 'implicit') await this.#commit();
      } catch (err) {
        this.#failBlock();
        throw err;
      }
      return;
    }
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

  /**
   * Runs the one query or DML statement of `sql` in `tx`: the cached plan for its shape when there
   * is one, else parsed and planned as usual (and the plan learnt by the cache).
   */
  async #runShaped(
    tx: Transaction,
    shape: StatementShape,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): Promise<void> {
    const ctx = this.#statementContext(tx, sql, params, paramTypes, out);
    const cache = this.statementCache;
    const found = cache.lookup(shape, params, paramTypes, ctx.catalog, this.settings.version, coerceParams);
    if (found.kind === 'hit') {
      const st = found.statement;
      this.#checkWritable(st.kind, tx);
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
    const statements = parse(sql);
    const stmt = statements[0]!.stmt;
    const learn =
      found.kind === 'miss' && statements.length === 1
        ? (p: PlannedStatement) => cache.learn(shape, sql, stmt, p, paramTypes, p.catalog, this.settings)
        : undefined;
    for (const { stmt } of statements) await this.#dispatch(stmt, ctx, learn);
  }

  /** An error ended the current statement: abort what it belonged to. */
  #failBlock(): void {
    if (this.#block === 'explicit' && this.#savepoints.size > 0 && this.#tx) {
      // Keep the transaction: ROLLBACK TO a savepoint revives it (savepoints.ts).
      this.#block = 'failed';
      try {
        this.#savepoints.abortInnermost(this.#tx, this.engine.catalog, this.settings);
      } catch (err) {
        this.#logger.error({ err }, 'aborting the failed subtransaction failed: aborting the transaction');
        this.#abort();
      }
    } else if (this.#block === 'explicit') {
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
    if (this.#block === 'failed' && !isExitStatement(stmt)) {
      throw inFailedTransaction();
    }
    switch (stmt.kind) {
      case 'savepoint':
      case 'releaseSavepoint':
      case 'rollbackToSavepoint':
        return this.#savepointStatement(stmt, out);
      case 'prepareTransaction':
        return this.#prepareStatement(stmt.gid, out);
      case 'commitPrepared':
      case 'rollbackPrepared':
        return this.#finishPreparedStatement(stmt.kind === 'commitPrepared', stmt.gid, out);
      case 'begin':
        return this.#beginStatement(stmt.modes, stmt.start ? 'START TRANSACTION' : 'BEGIN', out);
      case 'commit':
        return this.#endStatement(true, out);
      case 'rollback':
        return this.#endStatement(false, out);
      case 'set':
      case 'show':
      case 'reset':
        if (stmt.kind !== 'show' && isRoleSetting(stmt)) {
          const catalog = this.engine.catalog;
          return runRoleSetting(stmt, this.settings, catalog, this.#tx, this.authenticatedUser, out);
        }
        return runSettingStatement(stmt, this.settings, out, this.#block !== 'idle');
      case 'setTransaction':
        return this.#setTransaction(stmt, out);
      case 'lock':
        // RequireTransactionBlock: an implicit block (several statements in one message) counts.
        if (this.#block === 'idle') {
          throw new DbError('25P01', 'LOCK TABLE can only be used in transaction blocks');
        }
        return this.#inTransaction((tx) =>
          runLockStatement(stmt, this.#statementContext(tx, sql, params, paramTypes, out)),
        );
      case 'vacuum': {
        const names = this.engine.catalog.reader(undefined, searchPathOf(this.settings, this.processId));
        return runVacuumStatement(stmt, this.engine, names, out, this.#block !== 'idle');
      }
      default:
        return this.#inTransaction(async (tx) => {
          const ctx = this.#statementContext(tx, sql, params, paramTypes, out);
          await this.#dispatch(stmt, ctx);
        });
    }
  }

  async #dispatch(
    stmt: Statement,
    ctx: StatementContext,
    planned?: (p: PlannedStatement) => void,
  ): Promise<void> {
    switch (stmt.kind) {
      case 'select':
      case 'values':
      case 'setOp':
      case 'insert':
      case 'update':
      case 'delete':
        this.#checkWritable(stmt.kind, ctx.tx);
        return runPlannedStatement(stmt, ctx, planned);
      case 'explain':
        this.#checkWritable(stmt.kind, ctx.tx);
        return runExplainStatement(stmt, ctx);
      case 'analyze':
        await lockStatementRelations(stmt, ctx);
        return runAnalyzeStatement(stmt, ctx);
      case 'createTable':
      case 'createTableAs':
      case 'createIndex':
      case 'createView':
      case 'createSchema':
      case 'createSequence':
      case 'alterSequence':
      case 'alterTable':
      case 'truncate':
      case 'drop':
        this.#checkWritable(stmt.kind, ctx.tx, stmt.kind === 'drop' ? stmt.objectType : undefined);
        if (!isSchemaStatement(stmt)) throw unsupportedStatement(stmt);
        await lockStatementRelations(stmt, ctx);
        return runSchemaStatement(stmt, ctx);
      case 'comment':
        this.#checkWritable(stmt.kind, ctx.tx);
        return runComment(stmt, ctx);
      case 'createRole':
      case 'alterRole':
      case 'dropRole':
        this.#checkWritable(stmt.kind, ctx.tx);
        if (stmt.kind === 'createRole') return runCreateRole(stmt, ctx);
        return stmt.kind === 'alterRole' ? runAlterRole(stmt, ctx) : runDropRole(stmt, ctx);
      case 'grant':
      case 'grantRole':
      case 'alterOwner':
      case 'alterDefaultPrivileges':
        return runGrantStatement(stmt, ctx);
      case 'listen':
      case 'unlisten':
      case 'notify':
        return runNotifyStatement(stmt, this.notifications, ctx.out);
      case 'reindex':
        this.#checkWritable(stmt.kind, ctx.tx);
        return runReindex(stmt, ctx);
      case 'copy':
        await lockStatementRelations(stmt, ctx);
        if (stmt.direction === 'to') return runCopyTo(stmt, ctx);
        if (ctx.tx.readOnly)
          throw new DbError('25006', 'cannot execute COPY FROM in a read-only transaction');
        return runCopyFrom(stmt, ctx);
      case 'prepare':
        return runPrepare(stmt, ctx, this.#statements);
      case 'execute':
        return this.#executeSql(stmt, ctx);
      case 'deallocate':
        return runDeallocate(stmt, ctx, this.#statements);
      default:
        throw unsupportedStatement(stmt);
    }
  }

  /** EXECUTE name (args): the prepared statement run as an unnamed portal with text results. */
  async #executeSql(stmt: ExecuteStmt, ctx: StatementContext): Promise<void> {
    const st = this.#statement(stmt.name);
    const params = await executeParams(stmt, st, ctx);
    if (!st.planned) {
      if (st.stmt === undefined) return ctx.out.emptyQuery();
      return this.#dispatch(st.stmt, { ...ctx, params, paramTypes: st.paramTypes });
    }
    this.#checkWritable(st.stmt!.kind, ctx.tx);
    const portal = new Portal('', st, params, st.fields, st.plan(this.#reader(ctx.tx), this.settings));
    try {
      await portal.run(0, ctx);
    } finally {
      portal.close();
    }
  }

  /** The catalog as `tx` sees it, through this session's search_path and temporary schema. */
  #reader(tx: Transaction | undefined): CatalogView {
    // The search path changes only with a setting: parse it once per settings version.
    if (this.#searchPathVersion !== this.settings.version || this.#searchPath === undefined) {
      this.#searchPath = searchPathOf(this.settings, this.processId);
      this.#searchPathVersion = this.settings.version;
      this.#lastView = undefined;
    }
    // The last view through the path, while the catalog's view of `tx` is the same object.
    const base = this.engine.catalog.reader(tx);
    if (this.#lastView?.base !== base) this.#lastView = { base, view: base.withSearchPath(this.#searchPath) };
    return this.#lastView.view;
  }

  #searchPath: ReturnType<typeof searchPathOf> | undefined;
  #searchPathVersion = -1;
  #lastView: { readonly base: CatalogView; readonly view: CatalogView } | undefined;

  #sequences: SessionSequences | undefined;

  /** 25006 for a statement of `kind` that writes, in a read-only transaction (`objectType`: DROP's). */
  #checkWritable(kind: Statement['kind'], tx: Transaction, objectType?: string): void {
    const tag = STATEMENT_TAG[kind];
    if (tag === undefined || !tx.readOnly) return;
    const what = objectType !== undefined ? `DROP ${objectType.toUpperCase()}` : tag;
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
    const settings = this.settings;
    const checkInterrupts = this.#checkInterrupts;
    const reader = (t: Transaction) => this.#reader(t);
    this.#sequences ??= new SessionSequences(engine.catalog);
    const sequences = this.#sequences;
    const relations = this.#relations;
    const catalogInfo = () => this.#catalogInfo(tx);
    const notifications = this.notifications;
    const statementSignal = () => this.#statementSignal();
    const lockContext = () =>
      engine.locks === undefined
        ? undefined
        : statementLocks(engine.locks, engine.txns, this.processId, this.#timeouts(), statementSignal);
    return {
      tx,
      get catalog() {
        // Read anew each time: DDL earlier in the statement changes the transaction's view.
        return reader(tx);
      },
      sql,
      params,
      paramTypes,
      out,
      engine,
      settings: this.settings,
      execution(coerced?: readonly Value[]): ExecutionContext {
        const catalog = reader(tx);
        let system: SystemCatalog | undefined;
        const locks = lockContext();
        const user = currentUserOf(settings);
        return {
          tx,
          relations,
          catalog,
          get system() {
            // Built on first use: most statements never read a catalog.
            system ??= new SystemCatalog(catalog, catalogInfo(), SYSTEM_RELATIONS);
            return system;
          },
          params: coerced ?? params,
          sequences: sequences.access(tx, catalog, user),
          checkPrivileges: planPrivilegeCheck(catalog, user),
          settings: {
            get: (name) => settings.get(name),
            set: (name, value, local) => settings.set(name, value, local),
          },
          session: sessionAccess(settings, notifications),
          checkInterrupts,
          workMem: parseWorkMem(settings.get('work_mem')),
          tempDir: engine.tempDir,
          timeZone: settings.get('TimeZone'),
          ...(locks !== undefined ? { locks } : {}),
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
      await tx.awaitSafeSnapshot();
      tx.startStatement();
      await this.#timed(() => fn(tx));
    } catch (err) {
      if (autocommit) this.#abort();
      throw err;
    }
    if (autocommit) await this.#commit();
    else tx.nextCommand();
  }

  async #beginStatement(
    modes: { isolationLevel?: string; readOnly?: boolean; deferrable?: boolean },
    tag: string,
    out: QueryOutput,
  ): Promise<void> {
    if (this.#block === 'explicit') {
      out.notice(new DbError('25001', 'there is already a transaction in progress', { severity: 'WARNING' }));
    } else if (this.#block === 'implicit') {
      // BEGIN inside a message's implicit block: the block becomes explicit with BEGIN's modes.
      this.#applyModes(modes);
      this.#block = 'explicit';
    } else {
      this.#begin(modes, 'explicit');
    }
    out.commandComplete(tag);
  }

  /**
   * SET TRANSACTION modes: the current block's transaction (an implicit block counts, as in
   * PostgreSQL); outside any block a WARNING 25P01 and no effect. SET SESSION CHARACTERISTICS AS
   * TRANSACTION sets the default_transaction_* settings.
   */
  #setTransaction(stmt: Extract<Statement, { kind: 'setTransaction' }>, out: QueryOutput): void {
    const m = stmt.modes;
    if (stmt.session) {
      if (m.isolationLevel !== undefined)
        this.settings.set('default_transaction_isolation', m.isolationLevel);
      if (m.readOnly !== undefined)
        this.settings.set('default_transaction_read_only', m.readOnly ? 'on' : 'off');
      if (m.deferrable !== undefined)
        this.settings.set('default_transaction_deferrable', m.deferrable ? 'on' : 'off');
    } else if (this.#block === 'idle') {
      out.notice(
        new DbError('25P01', 'SET TRANSACTION can only be used in transaction blocks', {
          severity: 'WARNING',
        }),
      );
    } else {
      this.#applyModes(m);
    }
    out.commandComplete('SET');
  }

  /** Applies transaction modes to the block's transaction (Transaction.setCharacteristics' rules). */
  #applyModes(modes: { isolationLevel?: string; readOnly?: boolean; deferrable?: boolean }): void {
    const tx = this.#tx;
    if (tx === undefined) return;
    const isolation = modes.isolationLevel === undefined ? undefined : toIsolation(modes.isolationLevel);
    tx.setCharacteristics({
      ...(isolation !== undefined ? { isolation } : {}),
      ...(modes.readOnly !== undefined ? { readOnly: modes.readOnly } : {}),
      ...(modes.deferrable !== undefined ? { deferrable: modes.deferrable } : {}),
    });
    // SHOW transaction_isolation prints the level as written (READ UNCOMMITTED runs as READ COMMITTED).
    if (modes.isolationLevel !== undefined)
      this.settings.setInternal('transaction_isolation', modes.isolationLevel);
    if (modes.readOnly !== undefined)
      this.settings.setInternal('transaction_read_only', modes.readOnly ? 'on' : 'off');
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
        // A transaction kept for ROLLBACK TO (savepoints.ts) ends now.
        if (this.#tx) this.#abort();
        this.#block = 'idle';
        this.#tx = undefined;
        this.#savepoints.clear();
        out.commandComplete('ROLLBACK');
        return;
    }
  }

  /** SAVEPOINT, RELEASE, ROLLBACK TO (savepoints.ts). */
  #savepointStatement(
    stmt: Extract<Statement, { kind: 'savepoint' | 'releaseSavepoint' | 'rollbackToSavepoint' }>,
    out: QueryOutput,
  ): void {
    if (this.#block !== 'explicit' && this.#block !== 'failed') throw savepointOutsideBlock(stmt.kind);
    const tx = this.#tx;
    switch (stmt.kind) {
      case 'savepoint':
        this.#savepoints.define(stmt.name, tx!, this.engine.catalog, this.settings, this.#portals.keys());
        out.commandComplete('SAVEPOINT');
        return;
      case 'releaseSavepoint':
        this.#savepoints.release(stmt.name, tx!);
        out.commandComplete('RELEASE');
        return;
      case 'rollbackToSavepoint': {
        // Without a kept transaction (a failed block with no savepoint) the name cannot exist.
        if (tx === undefined) throw new DbError('3B001', `savepoint "${stmt.name}" does not exist`);
        const keep = this.#savepoints.rollbackTo(stmt.name, tx, this.engine.catalog, this.settings);
        for (const [name, portal] of this.#portals) {
          if (keep.has(name) || portal === this.#runningPortal) continue;
          portal.close();
          this.#portals.delete(name);
        }
        this.#block = 'explicit';
        out.commandComplete('ROLLBACK');
        return;
      }
    }
  }

  /** PREPARE TRANSACTION (two-phase-statements.ts); the block states as PostgreSQL's. */
  async #prepareStatement(gid: string, out: QueryOutput): Promise<void> {
    // Idle: ROLLBACK's WARNING and tag; failed: a plain ROLLBACK.
    if (this.#block === 'idle' || this.#block === 'failed') return this.#endStatement(false, out);
    if (this.#block === 'implicit') {
      out.notice(new DbError('25P01', 'there is no transaction in progress', { severity: 'WARNING' }));
    }
    const tx = this.#tx!;
    try {
      await prepareTransaction(tx, gid, this.engine.txns, this.engine.catalog, {
        owner: this.engine.roleName ?? 'rustydb',
        database: this.engine.databaseName ?? 'rustydb',
        maxPrepared: this.engine.maxPreparedTransactions ?? 0,
        tempSchema: tempSchemaOf(this.processId),
        touchedTemp: this.#touchedTemp,
      });
    } catch (err) {
      // PostgreSQL rolls the transaction back and leaves the block. A failure after the
      // handover (the prepare record's flush) leaves it prepared: the session is out of it.
      this.#block = 'idle';
      if (tx.state === 'active') this.#abort();
      else {
        this.#tx = undefined;
        this.#savepoints.clear();
        this.#endSettings(false);
        this.#closePortals();
      }
      throw err;
    }
    this.#tx = undefined;
    this.#block = 'idle';
    this.#savepoints.clear();
    this.#endSettings(true);
    this.#closePortals();
    out.commandComplete('PREPARE TRANSACTION');
  }

  /** COMMIT PREPARED / ROLLBACK PREPARED: only outside a transaction block. */
  async #finishPreparedStatement(commit: boolean, gid: string, out: QueryOutput): Promise<void> {
    const tag = commit ? 'COMMIT PREPARED' : 'ROLLBACK PREPARED';
    if (this.#block !== 'idle') throw new DbError('25001', `${tag} cannot run inside a transaction block`);
    await finishPreparedTransaction(gid, commit, this.engine.txns, this.engine.catalog);
    out.commandComplete(tag);
  }

  #begin(
    modes: { isolationLevel?: string; readOnly?: boolean; deferrable?: boolean },
    block: BlockState,
  ): void {
    const isolation = toIsolation(modes.isolationLevel ?? this.settings.get('default_transaction_isolation'));
    const readOnly = modes.readOnly ?? isOn(this.settings.get('default_transaction_read_only'));
    // The session's process id owns the transaction's locks (lock-context.ts).
    this.#tx = this.engine.txns.begin({
      isolation,
      readOnly,
      deferrable: modes.deferrable ?? isOn(this.settings.get('default_transaction_deferrable')),
      lockOwner: this.processId,
    });
    this.#touchedTemp = false;
    this.#block = block;
    this.settings.beginTransaction();
    this.settings.setInternal('transaction_isolation', isolation);
    this.settings.setInternal('transaction_read_only', readOnly ? 'on' : 'off');
  }

  async #commit(): Promise<void> {
    const tx = this.#tx!;
    this.#tx = undefined;
    this.#block = 'idle';
    this.#savepoints.clear();
    try {
      await tx.commit();
    } catch (err) {
      // SSI's commit-time check failed (40001): the transaction was aborted before its commit.
      if (tx.state === 'aborted') this.engine.catalog.abortTransaction(tx);
      // Otherwise the commit may or may not be durable (the WAL refuses all work now): leave the
      // catalog's pending files alone; recovery at restart decides.
      this.#endSettings(false);
      throw err;
    }
    this.engine.catalog.commitTransaction(tx);
    this.notifications.commit();
    this.#endSettings(true);
    this.#closePortals();
    this.engine.transactionCommitted?.();
  }

  /** Aborts the current transaction (the block state is the caller's business). */
  #abort(): void {
    const tx = this.#tx;
    if (!tx) return;
    this.#tx = undefined;
    if (this.#block !== 'failed') this.#block = 'idle';
    this.#savepoints.clear();
    try {
      tx.abort();
    } finally {
      this.engine.catalog.abortTransaction(tx);
      this.notifications.abort();
      this.#endSettings(false);
      this.#closePortals();
    }
    this.#logger.debug({ pid: this.processId, xid: tx.xid }, 'transaction aborted');
  }

  #endSettings(committed: boolean): void {
    this.settings.endTransaction(committed);
  }
}

const cancelError = (): DbError => new DbError('57014', 'canceling statement due to user request');
const statementTimeoutError = (): DbError =>
  new DbError('57014', 'canceling statement due to statement timeout');

/** Statements that need no transaction of their own (the session handles them). */
const TRANSACTION_FREE: ReadonlySet<Statement['kind']> = new Set([
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'releaseSavepoint',
  'rollbackToSavepoint',
  'prepareTransaction',
  'commitPrepared',
  'rollbackPrepared',
  'set',
  'setTransaction',
  'show',
  'reset',
  'vacuum',
]);

/** The only statements a failed block accepts: COMMIT, ROLLBACK, ROLLBACK TO, PREPARE TRANSACTION. */
const isExitStatement = (stmt: Statement): boolean =>
  stmt.kind === 'commit' ||
  stmt.kind === 'rollback' ||
  stmt.kind === 'rollbackToSavepoint' ||
  stmt.kind === 'prepareTransaction';

/** Result columns with Bind's formats (none: text; one: all; else one per column). */
function withFormats(
  fields: readonly FieldDescription[] | undefined,
  formats: readonly FormatCode[],
): readonly FieldDescription[] | undefined {
  const n = fields?.length ?? 0;
  if (formats.length > 1 && formats.length !== n) {
    throw new DbError(
      '08P01',
      `bind message has ${formats.length} result formats but query has ${n} columns`,
    );
  }
  if (fields === undefined || formats.length === 0) return fields;
  return fields.map((f, i) => {
    const format = formats.length === 1 ? formats[0]! : formats[i]!;
    if (format === 1) checkBinaryFormat(f.type);
    return { ...f, format };
  });
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
