/**
 * EngineSession: one client's conversation with the database — the statement loop for the text
 * of a Query message, dispatching each statement, with PostgreSQL's transaction-block rules
 * around it (transaction-block.ts: idle, implicit, explicit, failed).
 *
 * Commit awaits the WAL flush of the commit record; concurrent sessions share one flush (group
 * commit, in `wal`). Each statement runs between `tx.startStatement()` (a fresh snapshot under
 * READ COMMITTED) and `tx.nextCommand()` (its changes become visible to the next statement).
 *
 * The pieces beside it: the extended query protocol (extended-protocol.ts), savepoint
 * statements (savepoint-statements.ts over savepoints.ts), two-phase commit statements
 * (two-phase-block.ts over two-phase-statements.ts), SET TRANSACTION
 * (set-transaction-statement.ts), the statement's context (statement-context.ts), cancellation
 * and statement_timeout (statement-interrupts.ts). COPY runs as a statement of its own
 * (copy-from.ts, copy-to.ts), in either protocol.
 *
 * CANCELLATION. `cancel()` sets a flag that `checkInterrupts` (called by the executor between
 * row batches) turns into 57014; the flag is cleared when the next message starts.
 */
import type { ActivityInfo } from '@rustydb/catalog';
import { DbError, inFailedTransaction, type SqlType, type Value } from '@rustydb/common';
import { fireDeferredChecks } from '@rustydb/executor';
import { type ParsedStatement, parse, type Statement } from '@rustydb/parser';
import type {
  FieldDescription,
  FormatCode,
  Notification,
  QueryOutput,
  Session,
  SessionEnding,
  StatementDescription,
  TextInputSettings,
  TransactionStatus,
} from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import { runCall } from './call-statement.js';
import { runCheckpoint } from './checkpoint-statement.js';
import type { SessionTimes } from './database-activity.js';
import { type DiscardHost, runDiscard } from './discard-statement.js';
import { type DoSession, runDo } from './do-statement.js';
import type { EngineContext } from './engine-context.js';
import { ExtendedProtocol } from './extended-protocol.js';
import { NotificationHub } from './notification-hub.js';
import { paramTypesOf } from './param-types.js';
import type { Portal } from './portal.js';
import { type PreparedStatement, preparedStatementInfos } from './prepared-statement.js';
import { resetSessionAuthorization, sessionRole, startIdentity } from './role-settings.js';
import { runSavepointStatement } from './savepoint-statements.js';
import { tempSchemaOf } from './search-path.js';
import { pgNow } from './session-catalog-info.js';
import { SessionNotifications } from './session-notifications.js';
import { SessionSettings } from './session-settings.js';
import { runSetConstraints } from './set-constraints-statement.js';
import { runSetTransaction } from './set-transaction-statement.js';
import { runSessionSetting } from './setting-statements.js';
import { runShapedStatement } from './shaped-statement.js';
import { StatementCache } from './statement-cache.js';
import { type MakeStatementContext, type StatementContext, StatementContexts } from './statement-context.js';
import { type DispatchHost, dispatchStatement } from './statement-dispatch.js';
import { StatementInterrupts } from './statement-interrupts.js';
import type { StatementShape } from './statement-shape.js';
import { ShapeMemo } from './statement-shape-memo.js';
import { runLockStatement } from './table-lock-statements.js';
import { isExitStatement, needsSafeSnapshot, TransactionBlock } from './transaction-block.js';
import { runFinishPrepared, runPrepareTransaction } from './two-phase-block.js';
import { runVacuumStatement } from './vacuum-statement.js';

/** An Execute of a portal, for `#timed`. */
const runPortal = (portal: Portal, maxRows: number, ctx: StatementContext): Promise<boolean> | boolean =>
  portal.run(maxRows, ctx);

export type { StatementContext } from './statement-context.js';

/** FATAL 57P01, as PostgreSQL's backend ends on pg_terminate_backend's SIGTERM. */
const adminShutdown = (): DbError =>
  new DbError('57P01', 'terminating connection due to administrator command', { severity: 'FATAL' });

export class EngineSession implements Session {
  readonly settings: SessionSettings;
  /** The transaction block and what ends with it (transaction-block.ts). */
  readonly #block: TransactionBlock;
  readonly #interrupts: StatementInterrupts;
  readonly #extended: ExtendedProtocol;
  /** The contexts of this session's statements (statement-context.ts). */
  readonly #contexts: StatementContexts;
  /** Plans of query/DML statements sent as text, by shape (statement-cache.ts). */
  readonly statementCache: StatementCache;
  /** The shapes of recent texts (statement-shape-memo.ts). */
  readonly #shapes = new ShapeMemo();
  #running = false;
  /** The last statement run and when it started (pg_stat_activity). */
  #lastQuery: string | undefined;
  /** When it started (Date.now(); made a timestamptz only when pg_stat_activity asks). */
  #lastQueryStart = 0;
  /** Where the running message's notices go (run / execute set it). */
  #out: QueryOutput | undefined;
  readonly #backendStart: bigint;
  #closed = false;
  /** pg_terminate_backend's listener: the connection's (Session.onTerminate); see `terminate`. */
  #onTerminate: (() => void) | undefined;
  /** Ended by pg_terminate_backend with no connection to close: the next call fails (57P01). */
  #terminated = false;
  /**
   * pg_stat_database's session times (`times`), from performance.now(): when the session
   * started, when the running call (run, execute) started, when the last one ended, and the
   * milliseconds spent running calls and idle in a transaction block so far.
   */
  readonly #startedMs = performance.now();
  #callStartMs = 0;
  #idleSinceMs = this.#startedMs;
  #activeMs = 0;
  #idleInTransactionMs = 0;
  /** The role the client authenticated as (the startup packet's user; embedded: the bootstrap superuser). */
  readonly authenticatedUser: string;
  /** LISTEN / UNLISTEN / NOTIFY of this session (session-notifications.ts). */
  readonly notifications: SessionNotifications;
  readonly #dispatchHost: DispatchHost;

  constructor(
    private readonly engine: EngineContext,
    readonly processId: number,
    readonly secretKey: number,
    startup: Readonly<Record<string, string>> = {},
  ) {
    // A cancel or statement_timeout ends the lock wait the statement is in (its owner is the process id).
    this.#interrupts = new StatementInterrupts((reason) => engine.locks?.interrupt(processId, reason));
    this.settings = new SessionSettings(startup);
    this.settings.setInternal('max_prepared_transactions', String(engine.maxPreparedTransactions ?? 0));
    if (engine.connectionSlots) {
      this.settings.setInternal('max_connections', String(engine.connectionSlots.max));
      this.settings.setInternal(
        'superuser_reserved_connections',
        String(engine.connectionSlots.reservedForSuperusers),
      );
    }
    const role = sessionRole(engine.catalog, startup.user);
    if (role) startIdentity(this.settings, role);
    this.authenticatedUser = role?.name ?? this.settings.get('session_authorization');
    this.notifications = new SessionNotifications(engine.notifications ?? new NotificationHub(), processId);
    this.statementCache = new StatementCache(engine.statementCacheSize);
    this.#backendStart = pgNow();
    const block = new TransactionBlock(engine, this.settings, this.notifications, processId, engine.logger);
    this.#block = block;
    this.#contexts = new StatementContexts({
      engine,
      settings: this.settings,
      processId,
      notifications: this.notifications,
      touchedTemp: () => {
        block.touchedTemp = true;
      },
      checkInterrupts: this.#interrupts.check,
      activity: () => this.activity(),
      cursors: () => block.cursors.infos(),
      preparedStatements: () => preparedStatementInfos(this.#extended.statements),
      abortReason: () => this.#interrupts.abortReason(),
      notice: (n) => this.#out?.notice(n),
      deferred: block.deferred,
      onCommit: block.onCommit,
      routineSession: () => this.#doSession(),
    });
    const contexts = this.#contexts;
    block.fireDeferred = (tx) => fireDeferredChecks(contexts.execution(tx, []));
    const statementContext = contexts.make.bind(contexts);
    this.#extended = new ExtendedProtocol({
      block,
      settings: this.settings,
      reader: (tx) => contexts.reader(tx),
      statementContext,
      runPortal: (portal, maxRows, ctx) => this.#timed(runPortal, portal, maxRows, ctx),
      runStatement: (stmt, sql, params, paramTypes, out) =>
        this.#runStatement(stmt, sql, params, paramTypes, out),
    });
    this.#dispatchHost = {
      extended: this.#extended,
      authenticatedUser: this.authenticatedUser,
      block,
      notifications: this.notifications,
      statementContext,
      executeDepth: 0,
    };
  }

  /** This session as a pg_stat_activity row (session-catalog-info.ts). Sync. */
  activity(): ActivityInfo {
    const state = this.#running ? 'active' : this.#block.activityState();
    return {
      pid: this.processId,
      user: this.settings.get('session_authorization'),
      applicationName: this.settings.get('application_name'),
      state,
      query: this.#lastQuery ?? '',
      backendStart: this.#backendStart,
      queryStart: this.#lastQuery === undefined ? null : pgNow(this.#lastQueryStart),
    };
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
    return this.#block.transactionStatus();
  }

  /** Protocol entry point: runs every statement of one Query message. See `run`. */
  simpleQuery(sql: string, out: QueryOutput): Promise<void> | undefined {
    return this.run(sql, [], out);
  }

  /**
   * Runs the statements of `sql` with parameters `$1…` bound to `params` (embedded use; the
   * simple protocol has none). Results stream to `out`. Returns undefined when the message ran
   * synchronously (a cached query that waited for nothing: query-now.ts), else a promise
   * (commits, executor yields, locks). Throws or rejects with the DbError that stopped the
   * message; the statements after it are skipped.
   */
  run(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> | undefined {
    this.#enter();
    this.#out = out;
    this.#lastQuery = sql;
    this.#lastQueryStart = Date.now();
    let run: Promise<void> | undefined;
    try {
      run = this.#runMessage(sql, params, out);
    } catch (err) {
      this.#stopped();
      throw err;
    }
    if (run === undefined) {
      this.#stopped();
      return undefined;
    }
    return run.finally(() => {
      this.#stopped();
    });
  }

  #enter(): void {
    if (this.#terminated) this.#endTerminated();
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    if (this.#running) throw new DbError('55000', 'another command is already in progress');
    this.#running = true;
    const now = performance.now();
    if (this.#block.activityState() !== 'idle') this.#idleInTransactionMs += now - this.#idleSinceMs;
    this.#callStartMs = now;
    this.#interrupts.clearCancel();
  }

  /* ------------------------------------- the extended query protocol (extended-protocol.ts) */

  /** Parse. See `Session.prepare`. */
  prepare(name: string, sql: string, paramTypeOids: readonly number[]): void {
    this.#step(() => this.#extended.prepare(name, sql, paramTypeOids));
  }

  /** Describe 'S'. See `Session.describeStatement`. */
  describeStatement(name: string): StatementDescription {
    return this.#extended.describeStatement(name);
  }

  /** The prepared statement `name` (tests inspect its plan cache). @throws DbError 26000. */
  preparedStatement(name: string): PreparedStatement {
    return this.#extended.statement(name);
  }

  /** Bind. See `Session.bind`. */
  bind(
    portal: string,
    statement: string,
    params: readonly Value[],
    resultFormats: readonly FormatCode[],
  ): void {
    // #step without its closure: every prepared execution binds.
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    try {
      this.#extended.bind(portal, statement, params, resultFormats);
    } catch (err) {
      this.#block.fail();
      throw err;
    }
  }

  /** Describe 'P'. See `Session.describePortal`. */
  describePortal(name: string): readonly FieldDescription[] | undefined {
    return this.#extended.describePortal(name);
  }

  /**
   * Execute. See `Session.execute`: the boolean itself when the portal ran without waiting (a
   * point lookup), else a promise; a synchronous failure throws.
   */
  execute(name: string, maxRows: number, out: QueryOutput): Promise<boolean> | boolean {
    this.#enter();
    this.#out = out;
    let run: Promise<boolean> | boolean;
    try {
      run = this.#extended.execute(name, maxRows, out);
    } catch (err) {
      this.#executeFailed(err);
    }
    if (typeof run === 'boolean') {
      this.#stopped();
      return run;
    }
    return run.then(
      (suspended) => {
        this.#stopped();
        return suspended;
      },
      (err: unknown) => this.#executeFailed(err),
    );
  }

  #executeFailed(err: unknown): never {
    this.#stopped();
    this.#block.fail();
    throw err;
  }

  /** Close 'S'. */
  closeStatement(name: string): void {
    this.#extended.closeStatement(name);
  }

  /** Close 'P'. */
  closePortal(name: string): void {
    this.#extended.closePortal(name);
  }

  /**
   * Sync: commits the pipeline's implicit transaction, or aborts it after an error. Returns the
   * commit's promise only when it has one to await (see `TransactionBlock.commit`); throws
   * (08003, or a commit-time error) when it fails synchronously.
   */
  sync(afterError: boolean): Promise<void> | undefined {
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    if (afterError) this.#block.fail();
    else if (this.#block.state === 'implicit') return this.#block.commit();
    return undefined;
  }

  /** The TimeZone and DateStyle text-format Bind parameters are read in. */
  textInput(): TextInputSettings {
    return this.settings.textOutput();
  }

  /** Reported settings that changed (SET application_name …), for ParameterStatus. */
  changedParameterStatuses(): Readonly<Record<string, string>> | undefined {
    return this.settings.takeReportedChanges();
  }

  /** Runs a synchronous extended-protocol step; an error aborts the pipeline's transaction. */
  #step(fn: () => void): void {
    if (this.#closed) throw new DbError('08003', 'the session is closed');
    try {
      fn();
    } catch (err) {
      this.#block.fail();
      throw err;
    }
  }

  /**
   * @internal For `Database.query`, which reuses one session across calls: true when the session
   * is as a new one would be (idle, never SET, no prepared statements, no temporary relations,
   * no LISTEN),
   * after forgetting its sequence state (currval, lastval) as a new session would not know it.
   * Its statement cache is kept: that is the point of reusing it.
   */
  resetForReuse(): boolean {
    if (this.#closed || this.#running || this.#block.state !== 'idle' || this.settings.version !== 0)
      return false;
    const block = this.#block;
    if (this.#extended.statements.size > 0 || block.portals.size > 0 || block.cursors.size > 0) return false;
    if (this.notifications.channels.size > 0) return false; // it LISTENs: its own channels
    if (this.engine.locks?.holdsSessionLocks(this.processId)) return false; // its advisory locks
    if (this.engine.catalog.reader().hasRelationsIn(tempSchemaOf(this.processId))) return false;
    this.#contexts.forgetSequences();
    return true;
  }

  /**
   * A CancelRequest for this session (or pg_cancel_backend): the running statement stops with
   * 57014 at its next check, or at once if it waits for a lock.
   */
  cancel(): void {
    if (!this.#running) return;
    this.#interrupts.cancel();
  }

  /** See `Session.onTerminate`. */
  onTerminate(listener: () => void): void {
    this.#onTerminate = listener;
  }

  /**
   * pg_terminate_backend: a session with a connection is ended by it (`onTerminate`: the running
   * query is cancelled, the client gets FATAL 57P01, the session closes). An embedded one stops
   * its running statement with that FATAL error, and its next call fails with it and closes it.
   */
  terminate(): void {
    if (this.#closed) return;
    if (this.#onTerminate !== undefined) {
      this.#onTerminate();
      return;
    }
    this.#terminated = true;
    // A running statement stops with the FATAL error (and `#stopped` closes the session); an
    // idle session closes now, so that a pg_terminate_backend waiting for its end sees it.
    if (this.#running) this.#interrupts.cancel(adminShutdown());
    else this.#closeTerminated();
  }

  /** A call (run, execute) ended: an embedded session terminated meanwhile closes now. */
  #stopped(): void {
    this.#running = false;
    const now = performance.now();
    this.#activeMs += now - this.#callStartMs;
    this.#idleSinceMs = now;
    if (this.#terminated) this.#closeTerminated();
  }

  #closeTerminated(): void {
    this.close('killed').catch((err: unknown) =>
      this.engine.logger.error({ err }, 'closing a terminated session failed'),
    );
  }

  /** The first call after an embedded session's termination: fail with 57P01 (it is closed). */
  #endTerminated(): never {
    this.#terminated = false;
    this.close().catch((err: unknown) =>
      this.engine.logger.error({ err }, 'closing a terminated session failed'),
    );
    throw adminShutdown();
  }

  /**
   * Runs one statement, `fn(a, b, c)`, under statement_timeout (statement-interrupts.ts). Without
   * a timeout, a synchronous `fn` stays synchronous: its value is returned as is.
   */
  #timed<A, B, C, T>(fn: (a: A, b: B, c: C) => Promise<T> | T, a: A, b: B, c: C): Promise<T> | T {
    const ms = this.#contexts.timeouts().statementTimeoutMs;
    if (ms > 0) return this.#interrupts.timed(ms, () => fn(a, b, c));
    const seq = this.#interrupts.start(0);
    let result: Promise<T> | T;
    try {
      // The arguments passed along rather than captured: no closure per statement.
      result = fn(a, b, c);
    } catch (err) {
      this.#interrupts.end(seq);
      throw err;
    }
    if (!(result instanceof Promise)) {
      this.#interrupts.end(seq);
      return result;
    }
    return result.finally(() => this.#interrupts.end(seq));
  }

  /**
   * The times this session has spent so far: connected, running calls, idle in a transaction
   * block (pg_stat_database's session_time, active_time and idle_in_transaction_time). Sync.
   */
  times(): SessionTimes {
    const now = performance.now();
    const running = this.#running;
    const idleInTransaction = !running && this.#block.activityState() !== 'idle';
    return {
      sessionMs: now - this.#startedMs,
      activeMs: this.#activeMs + (running ? now - this.#callStartMs : 0),
      idleInTransactionMs: this.#idleInTransactionMs + (idleInTransaction ? now - this.#idleSinceMs : 0),
    };
  }

  /**
   * Rolls back an open transaction and ends the session; `ending`: how the connection ended
   * (Session.close; absent: normally). Idempotent.
   */
  async close(ending?: SessionEnding): Promise<void> {
    if (this.#closed) return;
    this.engine.sessionEnding?.(this.times(), ending);
    this.#closed = true;
    if (this.#block.tx) this.#block.abort();
    // Session-level advisory locks end with the session (a client gone without unlocking).
    this.engine.locks?.releaseAllSession(this.processId);
    this.#block.closePortals();
    this.#block.cursors.closeAll();
    this.#extended.statements.clear();
    this.statementCache.clear();
    this.#block.state = 'idle';
    this.notifications.close();
    await this.engine.sessionClosed(this);
  }

  #runMessage(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> | undefined {
    const block = this.#block;
    // One query or DML statement: through the statement cache.
    const shape =
      block.state === 'failed' || this.statementCache.capacity === 0 ? undefined : this.#shapes.shapeOf(sql);
    if (shape !== undefined) return this.#runShaped(sql, params, out, shape);
    return this.#runParsed(sql, params, out);
  }

  /** One statement of a known shape, through the statement cache. Sync when its run is. */
  #runShaped(
    sql: string,
    params: readonly Value[],
    out: QueryOutput,
    shape: StatementShape,
  ): Promise<void> | undefined {
    const block = this.#block;
    const paramTypes = paramTypesOf(params);
    let run: Promise<void> | undefined;
    try {
      run = this.#inTransaction((tx) =>
        runShapedStatement(
          this.statementCache,
          this.settings,
          this.#dispatchHost,
          shape,
          this.#statementContext(tx, sql, params, paramTypes, out),
        ),
      );
      if (run === undefined) {
        if (block.state === 'implicit') run = block.commit();
      } else {
        run = run.then(() => (block.state === 'implicit' ? block.commit() : undefined));
      }
    } catch (err) {
      block.fail();
      throw err;
    }
    return run?.catch((err: unknown) => {
      block.fail();
      throw err;
    });
  }

  /** A message parsed as a whole: one or more statements, in an implicit block when several. */
  async #runParsed(sql: string, params: readonly Value[], out: QueryOutput): Promise<void> {
    const block = this.#block;
    let statements: ParsedStatement[];
    try {
      statements = parse(sql);
    } catch (err) {
      block.fail();
      throw err;
    }
    if (statements.length === 0) {
      out.emptyQuery();
      return;
    }
    const implicit = statements.length > 1;
    const paramTypes = paramTypesOf(params);
    try {
      for (const { stmt } of statements) {
        if (implicit && block.state === 'idle') {
          block.begin({}, 'implicit');
          block.multiStatement = true;
        }
        await this.#runStatement(stmt, sql, params, paramTypes, out);
      }
      if (block.state === 'implicit') await block.commit();
    } catch (err) {
      block.fail();
      throw err;
    }
  }

  async #runStatement(
    stmt: Statement,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): Promise<void> {
    const block = this.#block;
    if (block.state === 'failed' && !isExitStatement(stmt)) {
      throw inFailedTransaction();
    }
    switch (stmt.kind) {
      case 'savepoint':
      case 'releaseSavepoint':
      case 'rollbackToSavepoint':
        return runSavepointStatement(block, stmt, out);
      case 'prepareTransaction':
        return runPrepareTransaction(block, stmt.gid, out);
      case 'commitPrepared':
      case 'rollbackPrepared':
        return runFinishPrepared(block, stmt.kind === 'commitPrepared', stmt.gid, out);
      case 'begin':
        return block.beginStatement(stmt.modes, stmt.start ? 'START TRANSACTION' : 'BEGIN', out);
      case 'commit':
        return block.endStatement(true, out);
      case 'rollback':
        return block.endStatement(false, out);
      case 'set':
      case 'show':
      case 'reset':
        return runSessionSetting(stmt, block, this.engine.catalog, block.tx, this.authenticatedUser, out);
      case 'setTransaction':
        return runSetTransaction(block, stmt, out);
      case 'lock':
        // RequireTransactionBlock: an implicit block (several statements in one message) counts.
        if (block.state === 'idle') {
          throw new DbError('25P01', 'LOCK TABLE can only be used in transaction blocks');
        }
        return this.#inTransaction((tx) =>
          runLockStatement(stmt, this.#statementContext(tx, sql, params, paramTypes, out)),
        );
      case 'setConstraints':
        // WarnNoTransactionBlock: the state then lasts only for this statement's transaction.
        if (block.state === 'idle') {
          out.notice(
            new DbError('25P01', 'SET CONSTRAINTS can only be used in transaction blocks', {
              severity: 'WARNING',
            }),
          );
        }
        return this.#inTransaction((tx) => {
          runSetConstraints(stmt, this.#statementContext(tx, sql, params, paramTypes, out));
          return undefined;
        });
      case 'discard':
        return runDiscard(stmt, this.#discardHost(), out);
      case 'checkpoint':
        return this.#inTransaction((tx) =>
          runCheckpoint(this.#statementContext(tx, sql, params, paramTypes, out), this.engine),
        );
      case 'do':
      case 'call': {
        // Read before #inTransaction begins the autocommit transaction (the state stays idle).
        const atomic = !block.nonAtomic;
        return this.#inTransaction((tx) =>
          stmt.kind === 'do'
            ? runDo(stmt, this.#doSession(), tx, out, atomic)
            : runCall(stmt, this.#doSession(), tx, atomic, sql, params, paramTypes, out),
        );
      }
      case 'vacuum': {
        // Read before #inTransaction begins the autocommit transaction (the state stays idle).
        const inBlock = block.state !== 'idle';
        return this.#inTransaction((tx) =>
          runVacuumStatement(stmt, this.#statementContext(tx, sql, params, paramTypes, out), inBlock),
        );
      }
      default:
        return this.#inTransaction(async (tx) => {
          const ctx = this.#statementContext(tx, sql, params, paramTypes, out);
          await dispatchStatement(this.#dispatchHost, stmt, ctx);
        });
    }
  }

  /** What a DO block or CALL needs of the session. */
  #doSession(): DoSession {
    return {
      block: this.#block,
      dispatch: this.#dispatchHost,
      statementContext: this.#statementContext,
      checkInterrupts: this.#interrupts.check,
    };
  }

  readonly #statementContext: MakeStatementContext = (tx, sql, params, paramTypes, out) =>
    this.#contexts.make(tx, sql, params, paramTypes, out);

  /**
   * Runs `fn` in the block's transaction, or in a new one committed afterwards (autocommit).
   * Sync (undefined) when `fn` and the commit are, without a statement_timeout or a safe-snapshot
   * wait; else a promise.
   */
  /** What DISCARD resets (discard-statement.ts). */
  #discardHost(): DiscardHost {
    const block = this.#block;
    return {
      inBlock: block.state !== 'idle',
      closePortalsAndCursors: () => {
        block.closePortals();
        block.cursors.closeAll();
      },
      resetSessionAuthorization: () =>
        resetSessionAuthorization(this.settings, this.engine.catalog, this.authenticatedUser),
      resetAllSettings: () => this.settings.reset('all'),
      deallocateAll: () => this.#extended.statements.clear(),
      unlistenAll: () => this.notifications.unlisten(undefined),
      unlockAllAdvisory: () => this.engine.locks?.releaseAllSession(this.processId),
      forgetPlans: () => this.statementCache.clear(),
      forgetSequences: () => this.#contexts.forgetSequences(),
      dropTemporaryRelations: (tx) => {
        this.engine.catalog.dropTempSchema(tx, tempSchemaOf(this.processId));
      },
      inTransaction: (fn) => this.#inTransaction(fn),
    };
  }

  #inTransaction(fn: (tx: Transaction) => Promise<void> | undefined): Promise<void> | undefined {
    const block = this.#block;
    const autocommit = block.state === 'idle';
    if (autocommit) block.begin({}, 'idle');
    const tx = block.tx!;
    if (needsSafeSnapshot(tx) || this.#contexts.timeouts().statementTimeoutMs > 0) {
      return this.#inTransactionAsync(fn, autocommit, tx);
    }
    tx.startStatement();
    const seq = this.#interrupts.start(0);
    let run: Promise<void> | undefined;
    try {
      run = fn(tx);
    } catch (err) {
      this.#interrupts.end(seq);
      if (autocommit) block.abort();
      throw err;
    }
    if (run === undefined) {
      this.#interrupts.end(seq);
      return this.#statementDone(autocommit, tx);
    }
    return run.then(
      () => {
        this.#interrupts.end(seq);
        return this.#statementDone(autocommit, tx);
      },
      (err: unknown) => {
        this.#interrupts.end(seq);
        if (autocommit) block.abort();
        throw err;
      },
    );
  }

  /** After a statement that succeeded: commit (autocommit; maybe sync) or next command. */
  #statementDone(autocommit: boolean, tx: Transaction): Promise<void> | undefined {
    if (autocommit) return this.#block.commit();
    tx.nextCommand();
    return undefined;
  }

  /** `#inTransaction` with a safe-snapshot wait or a statement_timeout. Async. */
  async #inTransactionAsync(
    fn: (tx: Transaction) => Promise<void> | undefined,
    autocommit: boolean,
    tx: Transaction,
  ): Promise<void> {
    const block = this.#block;
    try {
      if (needsSafeSnapshot(tx)) await tx.awaitSafeSnapshot();
      tx.startStatement();
      const ms = this.#contexts.timeouts().statementTimeoutMs;
      if (ms > 0) await this.#interrupts.timed(ms, () => fn(tx));
      else {
        // No statement_timeout (the usual case): no timer, no wrapper.
        const seq = this.#interrupts.start(0);
        try {
          await fn(tx);
        } finally {
          this.#interrupts.end(seq);
        }
      }
    } catch (err) {
      if (autocommit) block.abort();
      throw err;
    }
    await this.#statementDone(autocommit, tx);
  }
}
