/**
 * StatementContext: what a statement that runs in a transaction gets from its session, and the
 * executor's ExecutionContext made from it.
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
import type { SqlType, Value } from '@rustydb/common';
import { type ExecutionContext, parseWorkMem } from '@rustydb/executor';
import type { QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import type { EngineContext } from './engine-context.js';
import { type SessionTimeouts, sessionTimeouts, statementLocks } from './lock-context.js';
import { sessionAccess } from './role-settings.js';
import type { SessionNotifications } from './session-notifications.js';
import { searchPathOf } from './search-path.js';
import { sessionCatalogInfo } from './session-catalog-info.js';
import { preparedTransactionInfos } from './two-phase-statements.js';
import { SessionSequences } from './session-sequences.js';
import type { SessionSettings } from './session-settings.js';

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
  /** The running statement's abort signal for lock waits. */
  signal(): AbortSignal | undefined;
}

/**
 * One session's statement contexts, with what they derive from its settings cached per
 * settings version: the catalog view through search_path, the lock timeouts. Synchronous.
 */
export class StatementContexts {
  #searchPath: ReturnType<typeof searchPathOf> | undefined;
  #searchPathVersion = -1;
  #lastView: { readonly base: CatalogView; readonly view: CatalogView } | undefined;
  #sequences: SessionSequences | undefined;
  #timeouts: SessionTimeouts | undefined;

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
    if (this.#lastView?.base !== base) this.#lastView = { base, view: base.withSearchPath(this.#searchPath) };
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
    // pg_authid / pg_roles: the stored roles as this transaction sees them, plus the built-in
    // pg_database_owner (PostgreSQL's predefined roles are not stored here).
    const roles = () => [
      ...engine.catalog.roles(tx),
      ...builtinRoles('').filter((r) => r.name.startsWith('pg_')),
    ];
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
    );
  }

  /** Forgets the session's sequence state (currval, lastval), as a new session. */
  forgetSequences(): void {
    this.#sequences = undefined;
  }

  /** A statement's context. Sync; the ExecutionContext is made per `execution()` call. */
  make(
    tx: Transaction,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): StatementContext {
    const src = this.src;
    const engine = src.engine;
    const settings = src.settings;
    this.#sequences ??= new SessionSequences(engine.catalog);
    const sequences = this.#sequences;
    const statementSignal = () => src.signal();
    const contexts = this;
    const reader = (t: Transaction) => contexts.reader(t);
    const lockContext = () =>
      engine.locks === undefined
        ? undefined
        : statementLocks(engine.locks, engine.txns, src.processId, this.timeouts(), statementSignal);
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
      settings,
      execution(coerced?: readonly Value[]): ExecutionContext {
        const catalog = reader(tx);
        let system: SystemCatalog | undefined;
        const locks = lockContext();
        return {
          tx,
          relations: contexts.#relations,
          catalog,
          get system() {
            // Built on first use: most statements never read a catalog.
            system ??= new SystemCatalog(catalog, contexts.catalogInfo(tx), SYSTEM_RELATIONS);
            return system;
          },
          params: coerced ?? params,
          sequences: sequences.access(tx, catalog),
          settings: {
            get: (name) => settings.get(name),
            set: (name, value, local) => settings.set(name, value, local),
          },
          session: sessionAccess(settings, src.notifications),
          checkInterrupts: src.checkInterrupts,
          workMem: parseWorkMem(settings.get('work_mem')),
          tempDir: engine.tempDir,
          timeZone: settings.get('TimeZone'),
          ...(locks !== undefined ? { locks } : {}),
        };
      },
    };
  }
}
