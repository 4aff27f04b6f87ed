/**
 * StatementContext: what a statement that runs in a transaction gets from its session, and the
 * executor's ExecutionContext made from it.
 */
import {
  type ActivityInfo,
  type CatalogView,
  type CursorInfo,
  isTempSchema,
  type PreparedStatementInfo,
  type SessionInfo,
  SYSTEM_RELATIONS,
  SystemCatalog,
} from '@rustydb/catalog';
import type { DateTimeStyle, DbError, SqlType, Value } from '@rustydb/common';
import {
  type ActivityCounters,
  type DeferredConstraints,
  type ExecutionContext,
  parseWorkMem,
  type RoutineAccess,
  type SequenceAccess,
  type SessionAccess,
  type StatementLocks,
} from '@rustydb/executor';
import type { PhysicalPlan } from '@rustydb/optimizer';
import type { QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import type { DoSession } from './do-statement.js';
import type { EngineContext } from './engine-context.js';
import { DATABASE_OID, type SessionTimeouts, sessionTimeouts, statementLocks } from './lock-context.js';
import { lockStatus } from './lock-status.js';
import type { OnCommitActions } from './on-commit-actions.js';
import { checkPlanPrivileges } from './privilege-checks.js';
import { sessionAccess } from './role-settings.js';
import { SessionRoutines } from './routines/session-routines.js';
import { searchPathOf, usablePath } from './search-path.js';
import { sessionCatalogInfo } from './session-catalog-info.js';
import type { SessionNotifications } from './session-notifications.js';
import { SessionSequences } from './session-sequences.js';
import type { SessionSettings } from './session-settings.js';
import { preparedTransactionInfos } from './two-phase-statements.js';

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
  /**
   * The executor's context for this statement (`params` replaces the statement's, once coerced;
   * `catalog` the statement's view, for a query the statement runs after its own DDL).
   */
  /**
   * The executor's context for one execution (`unchecked`: no privilege checks — DDL's own
   * queries, which run with the authority the DDL's ownership check granted).
   */
  execution(params?: readonly Value[], catalog?: CatalogView, unchecked?: boolean): ExecutionContext;
  /** The session as a DO block or CALL uses it (a function call that runs DDL, session-call.ts). */
  routineSession(): DoSession;
  /** The session's temporary tables' ON COMMIT actions (CREATE TEMP TABLE … ON COMMIT). */
  readonly onCommit: OnCommitActions;
}

/** What the session lends its statements' contexts. */
export interface ContextSource {
  readonly engine: EngineContext;
  readonly settings: SessionSettings;
  readonly processId: number;
  readonly notifications: SessionNotifications;
  /** A statement opened a temporary table's store (PREPARE TRANSACTION refuses the transaction). */
  touchedTemp(): void;
  /** The executor's interrupt check. */
  readonly checkInterrupts: () => void;
  /** The session as a pg_stat_activity row. */
  activity(): ActivityInfo;
  /** The session's open cursors (pg_cursors). */
  cursors(): readonly CursorInfo[];
  /** The session's named prepared statements (pg_prepared_statements). */
  preparedStatements(): readonly PreparedStatementInfo[];
  /** The running statement's abort reason, which its lock waits fail with at once; undefined: not aborted. */
  abortReason(): unknown;
  /** Sends a NOTICE / WARNING to the client of the running statement (advisory unlock's). */
  notice(notice: DbError): void;
  /** The transaction block's deferred constraint checks (ExecutionContext.deferred). */
  readonly deferred: DeferredConstraints;
  /** The session as a DO block or CALL uses it. */
  routineSession(): DoSession;
  /** The transaction block's ON COMMIT actions (StatementContext.onCommit). */
  readonly onCommit: OnCommitActions;
}

/** Makes a statement's context (StatementContexts.make, as a session hands it to its parts). */
export type MakeStatementContext = (
  tx: Transaction,
  sql: string,
  params: readonly Value[],
  paramTypes: readonly (SqlType | undefined)[] | undefined,
  out: QueryOutput,
) => StatementContext;

/**
 * One session's statement contexts, with what they derive from its settings cached per
 * settings version: the catalog view through search_path, the lock timeouts. Synchronous.
 */
export class StatementContexts {
  #searchPath: ReturnType<typeof searchPathOf> | undefined;
  #searchPathVersion = -1;
  #lastView: { readonly base: CatalogView; readonly view: CatalogView } | undefined;
  #sequences: SessionSequences | undefined;
  readonly #routines = new SessionRoutines();
  #timeouts: SessionTimeouts | undefined;
  #sharedCache: SharedExecution | undefined;
  /** The engine's temp dir (its getter joins a path on each call). */
  #tempDir: string | undefined;
  #tempDirRead = false;

  /** The executor's RelationAccess: the catalog's, noting temporary tables. */
  readonly #relations: ExecutionContext['relations'];

  constructor(private readonly src: ContextSource) {
    const catalog = src.engine.catalog;
    this.#relations = {
      store: (table) => {
        if (isTempSchema(table.schema)) src.touchedTemp();
        return catalog.store(table);
      },
      index: (def) => catalog.index(def),
    };
  }

  /** The catalog as `tx` sees it, through the session's search_path and temporary schema. */
  reader(tx: Transaction | undefined): CatalogView {
    const settings = this.src.settings;
    // The search path changes only with a setting: parse it once per settings version.
    if (this.#searchPathVersion !== settings.version || this.#searchPath === undefined) {
      this.#searchPath = searchPathOf(settings, this.src.processId);
      this.#searchPathVersion = settings.version;
      this.#lastView = undefined;
    }
    // The last view through the path, while the catalog's view of `tx` is the same object.
    const base = this.src.engine.catalog.reader(tx);
    if (this.#lastView?.base !== base) {
      this.#lastView = { base, view: base.withSearchPath(usablePath(base, this.#searchPath)) };
    }
    return this.#lastView.view;
  }

  /** lock_timeout, deadlock_timeout, statement_timeout, parsed once per settings version. */
  timeouts(): SessionTimeouts {
    this.#timeouts = sessionTimeouts(this.src.settings, this.#timeouts);
    return this.#timeouts;
  }

  /** What a statement's computed catalogs see of the session (pg_settings, pg_roles, …). */
  catalogInfo(tx: Transaction): SessionInfo {
    const { engine, settings, processId } = this.src;
    // pg_authid / pg_roles: the roles as this transaction sees them (predefined ones included).
    const roles = () => engine.catalog.roles(tx);
    return sessionCatalogInfo(
      {
        user: settings.get('session_authorization'),
        database: engine.databaseName ?? 'rustydb',
        pid: processId,
      },
      settings,
      () => engine.sessionActivity?.() ?? [this.src.activity()],
      roles,
      () => preparedTransactionInfos(engine.txns),
      { cursors: () => this.src.cursors(), preparedStatements: () => this.src.preparedStatements() },
      engine.statisticsViews,
      engine.locks === undefined ? undefined : () => lockStatus(engine.locks!, DATABASE_OID),
      (seq) => engine.catalog.sequenceState(seq),
      engine.signalBackend === undefined || engine.backendEnded === undefined
        ? undefined
        : {
            signalBackend: (pid, signal) => engine.signalBackend!(pid, signal),
            backendEnded: (pid) => engine.backendEnded!(pid),
          },
    );
  }

  /** Forgets the session's sequence state (currval, lastval), as a new session. */
  forgetSequences(): void {
    this.#sequences = undefined;
  }

  /**
   * The parts of a statement's ExecutionContext that only change with a setting, made once per
   * settings version (and lock timeouts): a point query runs in microseconds, and parsing
   * work_mem, joining the temp dir path, or a new lock context per statement was a measurable
   * share of it.
   */
  #shared(): SharedExecution {
    const src = this.src;
    const settings = src.settings;
    const timeouts = src.engine.locks === undefined ? undefined : this.timeouts();
    const cached = this.#sharedCache;
    if (cached !== undefined && cached.version === settings.version && cached.timeouts === timeouts)
      return cached;
    const engine = src.engine;
    const locks =
      engine.locks === undefined || timeouts === undefined
        ? undefined
        : statementLocks(engine.locks, engine.txns, src.processId, timeouts, () => src.abortReason());
    const shared: SharedExecution = {
      version: settings.version,
      timeouts,
      settings: cached?.settings ?? {
        get: (name) => settings.get(name),
        set: (name, value, local) => settings.set(name, value, local),
      },
      session: sessionAccess(settings, src.notifications, (n) => src.notice(n)),
      workMem: parseWorkMem(settings.get('work_mem')),
      timeZone: settings.get('TimeZone'),
      dateTimeStyle: settings.textOutput().dateTimeStyle,
      locks,
    };
    this.#sharedCache = shared;
    return shared;
  }

  /** A statement's context. Sync; the ExecutionContext is made per `execution()` call. */
  make(
    tx: Transaction,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): StatementContext {
    return new SessionStatementContext(this, tx, sql, params, paramTypes, out);
  }

  /** The executor's context for one execution in `tx` with `params` (over `catalog`, if given). */
  execution(
    tx: Transaction,
    params: readonly Value[],
    catalog?: CatalogView,
    unchecked = false,
    nested = false,
    /** The current user, when not the session's (a SECURITY DEFINER function's body). */
    user?: string,
  ): ExecutionContext {
    const shared = this.#shared();
    const session =
      user === undefined || user === shared.session.currentUser
        ? shared.session
        : { ...shared.session, currentUser: user };
    return new StatementExecution(
      this,
      tx,
      catalog ?? this.reader(tx),
      params,
      shared,
      session,
      unchecked,
      nested,
    );
  }

  /** The computed catalogs over `catalog` as `tx` sees them (StatementExecution.system). */
  systemCatalog(tx: Transaction, catalog: CatalogView): SystemCatalog {
    return new SystemCatalog(catalog, this.catalogInfo(tx), SYSTEM_RELATIONS);
  }

  /** The session's sequences as `tx` reaches them through `catalog` (StatementExecution.sequences). */
  sequenceAccess(tx: Transaction, catalog: CatalogView, user: string): SequenceAccess {
    this.#sequences ??= new SessionSequences(this.src.engine.catalog);
    return this.#sequences.access(tx, catalog, user);
  }

  /** The session's deferred constraint checks. */
  get deferred(): DeferredConstraints {
    return this.src.deferred;
  }

  /** What the functions called in `ex` (an execution in `tx`) run with (StatementExecution.routines). */
  routineAccess(ex: ExecutionContext & { readonly catalog: CatalogView }): RoutineAccess {
    const src = this.src;
    const settings = src.settings;
    return this.#routines.access({
      tx: ex.tx,
      catalog: ex.catalog,
      settingsVersion: settings.version,
      get settings() {
        return settings.all();
      },
      // A body runs as the user `ex` runs as (a SECURITY DEFINER caller's owner), unless its
      // own function is SECURITY DEFINER (session-routines.ts passes the owner).
      execution: (params, user) =>
        this.execution(ex.tx, params, ex.catalog, false, true, user ?? ex.session?.currentUser),
      notice: (n) => src.notice(n),
      checkInterrupts: src.checkInterrupts,
      clientMinMessages: settings.get('client_min_messages'),
    });
  }

  /** The engine the session runs on. */
  get engine(): EngineContext {
    return this.src.engine;
  }

  /** The session's settings. */
  get settings(): SessionSettings {
    return this.src.settings;
  }

  /** The session's ON COMMIT actions. */
  get onCommit(): OnCommitActions {
    return this.src.onCommit;
  }

  /** The session as a DO block or CALL uses it. */
  routineSession(): DoSession {
    return this.src.routineSession();
  }

  /** The executor's RelationAccess of the session. */
  get relations(): ExecutionContext['relations'] {
    return this.#relations;
  }

  /** The executor's interrupt check. */
  get checkInterrupts(): () => void {
    return this.src.checkInterrupts;
  }

  /** The engine's temp dir, read once (its getter joins a path on each call). */
  /** The database's scan and row-change counters (ExecutionContext.activity). */
  get activity(): ActivityCounters | undefined {
    return this.src.engine.tableActivity;
  }

  get tempDir(): string | undefined {
    if (!this.#tempDirRead) {
      this.#tempDir = this.src.engine.tempDir;
      this.#tempDirRead = true;
    }
    return this.#tempDir;
  }
}

/**
 * One statement's StatementContext. A class, not an object literal with a getter (slow for V8
 * to build, once per statement). NB: a spread (`{ ...ctx }`) does not copy `catalog` nor
 * `execution`: make a new context (`StatementContexts.make`) instead.
 */
class SessionStatementContext implements StatementContext {
  readonly engine: EngineContext;
  readonly settings: SessionSettings;
  readonly onCommit: OnCommitActions;

  constructor(
    private readonly contexts: StatementContexts,
    readonly tx: Transaction,
    readonly sql: string,
    readonly params: readonly Value[],
    readonly paramTypes: readonly (SqlType | undefined)[] | undefined,
    readonly out: QueryOutput,
  ) {
    this.engine = contexts.engine;
    this.settings = contexts.settings;
    this.onCommit = contexts.onCommit;
  }

  /** Read anew each time: DDL earlier in the statement changes the transaction's view. */
  get catalog(): CatalogView {
    return this.contexts.reader(this.tx);
  }

  execution(params?: readonly Value[], catalog?: CatalogView, unchecked?: boolean): ExecutionContext {
    return this.contexts.execution(this.tx, params ?? this.params, catalog, unchecked);
  }

  routineSession(): DoSession {
    return this.contexts.routineSession();
  }
}

/**
 * One execution's ExecutionContext. A class, not an object literal with getters: V8 builds
 * literals with accessors slowly, and a point query makes one per statement. `system` and
 * `sequences` are made on first use (few statements read a catalog or call nextval). NB: a
 * spread (`{ ...ctx }`) does not copy them: pass a catalog to `execution()` instead.
 */
class StatementExecution implements ExecutionContext {
  readonly relations: ExecutionContext['relations'];
  readonly settings: NonNullable<ExecutionContext['settings']>;
  readonly checkInterrupts: () => void;
  readonly workMem: number;
  readonly tempDir: string | undefined;
  readonly timeZone: string;
  readonly dateTimeStyle: DateTimeStyle;
  readonly locks: StatementLocks | undefined;
  readonly deferred: DeferredConstraints;
  readonly activity: ActivityCounters | undefined;
  #system: SystemCatalog | undefined;
  #sequences: SequenceAccess | undefined;
  #routines: RoutineAccess | undefined;

  constructor(
    private readonly contexts: StatementContexts,
    readonly tx: Transaction,
    readonly catalog: CatalogView,
    readonly params: readonly Value[],
    shared: SharedExecution,
    /** `shared.session`, or it with another current user (SECURITY DEFINER). */
    readonly session: SessionAccess,
    private readonly unchecked: boolean,
    /** A statement of a function's body, run inside an expression: it cannot wait (no locks). */
    nested = false,
  ) {
    this.relations = contexts.relations;
    this.settings = shared.settings;
    this.checkInterrupts = contexts.checkInterrupts;
    this.workMem = shared.workMem;
    this.tempDir = contexts.tempDir;
    this.timeZone = shared.timeZone;
    this.dateTimeStyle = shared.dateTimeStyle;
    this.locks = nested ? undefined : shared.locks;
    this.deferred = contexts.deferred;
    this.activity = contexts.activity;
  }

  get routines(): RoutineAccess {
    this.#routines ??= this.contexts.routineAccess(this);
    return this.#routines;
  }

  get system(): SystemCatalog {
    this.#system ??= this.contexts.systemCatalog(this.tx, this.catalog);
    return this.#system;
  }

  get sequences(): SequenceAccess {
    this.#sequences ??= this.contexts.sequenceAccess(this.tx, this.catalog, this.session.currentUser);
    return this.#sequences;
  }

  /** The executor's privilege hook (privilege-checks.ts), as the current user (CURRENT_USER). */
  checkPrivileges(plan: PhysicalPlan): void {
    if (!this.unchecked) checkPlanPrivileges(this.catalog, this.session.currentUser, plan);
  }
}

/** What `#shared` caches. */
interface SharedExecution {
  readonly version: number;
  readonly timeouts: SessionTimeouts | undefined;
  readonly settings: NonNullable<ExecutionContext['settings']>;
  readonly session: SessionAccess;
  readonly workMem: number;
  readonly timeZone: string;
  readonly dateTimeStyle: DateTimeStyle;
  readonly locks: StatementLocks | undefined;
}
