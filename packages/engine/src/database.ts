/**
 * Database: one open data directory with every layer composed over it, and the sessions that
 * use it. It is the protocol's `Backend` and the embedded API's entry point.
 *
 * OPEN. `Database.open(dir)` builds the layers bottom-up — WAL (`Wal.open`), DiskManager,
 * BufferPool (obeying the WAL rule through the Wal), TxnManager (commit log in `xact`),
 * OidCounter, then the Catalog over the registered table stores and index methods. A new
 * directory is bootstrapped (empty system relations); an existing one is recovered (recovery.ts)
 * and its `memory` tables emptied, and after a crash its unlogged tables too. Either way a checkpoint follows, then the
 * background writer and the checkpoint timer start.
 *
 * CLOSE. Sessions are closed (their transactions roll back), timers stop, a shutdown checkpoint
 * writes everything and records state 'shutdown', and the files are closed.
 *
 * NB: one Database per directory per process, and one process per directory: nothing locks the
 * directory against a second opener yet.
 */
import { randomInt } from 'node:crypto';
import { BufferPool } from '@rustydb/buffer';
import {
  type ActivityInfo,
  type BgwriterActivityInfo,
  Catalog,
  type DatabaseActivityInfo,
  OidCounter,
  type TableActivityInfo,
  type TableDef,
} from '@rustydb/catalog';
import { DbError, type Logger, type Oid, silentLogger, type Value } from '@rustydb/common';
import { TempFileSet } from '@rustydb/executor';
import { btreeMethod, hashMethod, type IndexMethod, lsmMethod } from '@rustydb/index';
import type { Backend, Session, SessionEnding, StartupParameters } from '@rustydb/protocol';
import {
  DiskManager,
  heapMethod,
  memoryMethod,
  type StoreContext,
  type TableStoreMethod,
} from '@rustydb/storage';
import { LockManager, TxnManager } from '@rustydb/txn';
import { readControlFile, Wal } from '@rustydb/wal';
import { AutoAnalyze, type AutoAnalyzeOptions, type AutoAnalyzeTick } from './auto-analyze.js';
import { Autovacuum, type AutovacuumOptions, type AutovacuumTick } from './autovacuum.js';
import { Checkpointer } from './checkpointer.js';
import { openDataDirectory, tempDirectory } from './data-directory.js';
import type { DatabaseActivity, SessionTimes } from './database-activity.js';
import { EmbeddedSession, type QueryResult } from './embedded-session.js';
import type { EngineContext } from './engine-context.js';
import { DATABASE_OID } from './lock-context.js';
import {
  ConnectionSlots,
  checkConnect,
  checkLogin,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_SUPERUSER_RESERVED_CONNECTIONS,
} from './login-check.js';
import { LoopWatch } from './loop-watch.js';
import { NotificationHub } from './notification-hub.js';
import { rebuildVolatileIndexes } from './rebuild-volatile-indexes.js';
import { type RecoveryStats, recover } from './recovery.js';
import { tempSchemaOf } from './search-path.js';
import { EngineSession } from './session.js';
import { pgNow, type StatisticsViews } from './session-catalog-info.js';
import { liveAtStart, type RowCounts, relationOids, TableActivity } from './table-activity.js';
import { dropTempSchemas } from './temp-schema.js';

/** Options of `Database.open`. */
export interface DatabaseOptions {
  /** Root logger; each layer logs through a child. Silent by default. */
  readonly logger?: Logger;
  /** Buffer pool frames of 8 KiB: default 16384 (128 MiB). */
  readonly bufferPoolPages?: number;
  /** WAL segment size in bytes for a new database (default 16 MiB). */
  readonly walSegmentSize?: number;
  /** fsync WAL and data files (default true). false is for tests and throwaway data only. */
  readonly fsync?: boolean;
  /** Milliseconds between timed checkpoints (default 5 minutes). */
  readonly checkpointIntervalMs?: number;
  /** More table access methods for `CREATE TABLE … USING name` ('heap' and 'memory' are built in). */
  readonly tableStores?: readonly TableStoreMethod[];
  /** More index access methods for `CREATE INDEX … USING name` ('btree' is built in). */
  readonly indexMethods?: readonly IndexMethod[];
  /**
   * Autovacuum (autovacuum.ts): on by default with PostgreSQL's thresholds; false turns it off
   * (VACUUM still works); an object turns it on with that tuning.
   */
  readonly autovacuum?: boolean | AutovacuumOptions;
  /**
   * Auto-analyze (auto-analyze.ts): on unless `autovacuum` is false (as PostgreSQL's autovacuum
   * does both); false turns it off (ANALYZE still works); an object tunes it.
   */
  readonly autoanalyze?: boolean | AutoAnalyzeOptions;
  /**
   * Statement shapes each session keeps plans for (statement-cache.ts): default 256; 0 turns
   * the cache off (every statement is parsed and planned).
   */
  readonly statementCacheSize?: number;
  /**
   * max_prepared_transactions: how many transactions may be prepared (PREPARE TRANSACTION) at
   * once. Default 0, as PostgreSQL: two-phase commit is disabled.
   */
  readonly maxPreparedTransactions?: number;
  /**
   * max_connections: how many sessions clients of the wire protocol may hold at once
   * (`startSession`; embedded sessions do not count). Default 100, as PostgreSQL.
   */
  readonly maxConnections?: number;
  /**
   * superuser_reserved_connections: of `maxConnections`, the slots only superusers may take.
   * Default 3, as PostgreSQL; must be below `maxConnections`.
   */
  readonly superuserReservedConnections?: number;
}

/** The wire sessions' slots of `options`. @throws DbError 22023 for reserved slots not below the maximum. */
function connectionSlots(options: DatabaseOptions): ConnectionSlots {
  const max = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const reserved = options.superuserReservedConnections ?? DEFAULT_SUPERUSER_RESERVED_CONNECTIONS;
  if (!(max >= 1) || !(reserved >= 0) || reserved >= max) {
    throw new DbError(
      '22023',
      `superuser_reserved_connections (${reserved}) must be less than max_connections (${max}), and max_connections at least 1`,
    );
  }
  return new ConnectionSlots(max, reserved);
}

/** The only database this version knows. */
export const DATABASE_NAME = 'rustydb';
/** The bootstrap superuser's name (OID 10) in a new data directory. */
export const ROLE_NAME = 'rustydb';

const DEFAULT_POOL_PAGES = 16384;
const DEFAULT_CHECKPOINT_MS = 5 * 60_000;
const BGWRITER_INTERVAL_MS = 200;
const BGWRITER_PAGES = 64;

function registry<T extends { readonly name: string }>(builtIn: readonly T[], extra: readonly T[] = []) {
  const map = new Map<string, T>();
  for (const m of [...builtIn, ...extra]) map.set(m.name, m);
  return map;
}

export class Database implements Backend, EngineContext {
  readonly #sessions = new Map<number, EngineSession>();
  /** pg_stat_bgwriter's counts at the server's start or pg_stat_reset_shared('bgwriter'). */
  #bgwriterAtReset = {
    timed: 0,
    requested: 0,
    writeMs: 0,
    syncMs: 0,
    checkpointWrites: 0,
    cleanWrites: 0,
    cleanLimitReached: 0,
    backendWrites: 0,
    allocs: 0,
    time: pgNow(),
  };
  /** The pool's and the lock table's counts at the last pg_stat_reset() (pg_stat_database). */
  #countersAtReset = { hits: 0, misses: 0, deadlocks: 0 };
  /** pg_terminate_backend's waits for a session to end, by process id (`backendEnded`). */
  readonly #endWaiters = new Map<number, (() => void)[]>();
  #nextProcessId = 1000 + randomInt(1000);
  #closing: Promise<void> | undefined;
  /** `query`'s session between calls (see `query`). */
  #idleSession: EmbeddedSession | undefined;
  /** The background vacuum (its timer runs unless `autovacuum: false`); set by `open`. */
  #autovacuum: Autovacuum | undefined;
  /** The background ANALYZE; set by `open`. */
  #autoAnalyze: AutoAnalyze | undefined;
  /**
   * pg_stat_all_tables' and pg_stat_all_indexes' counters (table-activity.ts), bumped by the
   * executor (ExecutionContext.activity), vacuum and analyze.
   */
  readonly tableActivity: TableActivity = new TableActivity(
    (xid) => this.txns.status(xid),
    () => relationOids(this.catalog.reader()),
  );
  /** Notices an event loop that stopped turning (a tight loop of synchronous commits). */
  readonly #loopWatch = new LoopWatch();
  /** `tempDir`, computed once. */
  #tempDir: string | undefined;
  /** EngineContext: LISTEN / NOTIFY between this database's sessions. */
  readonly notifications = new NotificationHub();
  /** EngineContext: the lock table; lock owners are session process ids (lock-context.ts). */
  readonly locks = new LockManager({ database: DATABASE_OID });

  private constructor(
    /** The data directory. */
    readonly dir: string,
    readonly wal: Wal,
    readonly disk: DiskManager,
    readonly pool: BufferPool,
    readonly txns: TxnManager,
    readonly catalog: Catalog,
    readonly checkpointer: Checkpointer,
    readonly logger: Logger,
    /** What crash recovery replayed at open; undefined for a new database. */
    readonly recovery: RecoveryStats | undefined,
    /** EngineContext: see `DatabaseOptions.statementCacheSize`. */
    readonly statementCacheSize: number | undefined,
    /** EngineContext: see `DatabaseOptions.maxPreparedTransactions`. */
    readonly maxPreparedTransactions: number,
    /** Wire sessions' slots: see `DatabaseOptions.maxConnections`. */
    readonly connectionSlots: ConnectionSlots,
  ) {}

  /** EngineContext: the role pg_prepared_xacts shows as owner. */
  get roleName(): string {
    return ROLE_NAME;
  }

  /** EngineContext: the database pg_prepared_xacts shows. */
  get databaseName(): string {
    return DATABASE_NAME;
  }

  /** Where queries' temporary files go: `<dir>/tmp` (EngineContext). */
  /** EngineContext.dataDir. */
  get dataDir(): string {
    return this.dir;
  }

  get tempDir(): string {
    // Cached: the executor asks for it on every statement.
    this.#tempDir ??= tempDirectory(this.dir);
    return this.#tempDir;
  }

  /**
   * Opens (bootstrapping or recovering) the database in `dir`. Async: ends with a checkpoint.
   * @throws DbError XX001 for a corrupt control file, WAL or page; fs errors for unusable dirs.
   */
  static async open(dir: string, options: DatabaseOptions = {}): Promise<Database> {
    const slots = connectionSlots(options);
    const root = options.logger ?? silentLogger();
    const logger = root.child({ layer: 'engine' });
    const fsync = options.fsync ?? true;
    const layout = openDataDirectory(dir);
    // Temporary files a crashed process left behind (PostgreSQL empties pgsql_tmp at startup too).
    const staleTempFiles = TempFileSet.cleanupStale(layout.tmp);
    if (staleTempFiles > 0) logger.info({ removed: staleTempFiles }, 'removed stale temporary files');
    const control = readControlFile(dir);
    const wal = Wal.open(dir, {
      logger: root.child({ layer: 'wal' }),
      fsync,
      ...(options.walSegmentSize === undefined ? {} : { segmentSize: options.walSegmentSize }),
    });
    const disk = new DiskManager(layout.base, { fsync });
    const pool = new BufferPool({
      device: disk,
      frames: options.bufferPoolPages ?? DEFAULT_POOL_PAGES,
      wal,
      logger: root.child({ layer: 'buffer' }),
    });
    const txns = TxnManager.open(dir, wal, { logger: root.child({ layer: 'txn' }) });
    const oids = new OidCounter(wal, control?.nextOid);
    const storeContext: StoreContext = {
      pool,
      wal,
      logger: root.child({ layer: 'storage' }),
      // Stores count committed changes for auto-analyze (change-tally.ts).
      xidStatus: (xid) => txns.status(xid),
    };
    const catalogOptions = {
      context: storeContext,
      oids,
      status: (xid: Parameters<TxnManager['status']>[0]) => txns.status(xid),
      topXid: (xid: Parameters<TxnManager['topXidOf']>[0]) => txns.topXidOf(xid),
      tableStores: registry<TableStoreMethod>([heapMethod, memoryMethod], options.tableStores),
      indexMethods: registry<IndexMethod>([btreeMethod, hashMethod, lsmMethod], options.indexMethods),
      bootstrapSuperuser: ROLE_NAME,
    };
    let catalog: Catalog;
    let recovery: RecoveryStats | undefined;
    if (control === undefined) {
      logger.info({ dir }, 'initializing new database');
      catalog = Catalog.create(catalogOptions);
    } else {
      recovery = recover(control, { wal, pool, txns, oids }, logger);
      catalog = Catalog.open(catalogOptions);
      // After a crash (the control file still says 'running') unlogged tables start empty.
      catalog.resetUnloggedRelations(control.state === 'running');
      rebuildVolatileIndexes(catalog, catalogOptions.tableStores, catalogOptions.indexMethods, logger);
      // Temporary relations of sessions that ended in a crash (PostgreSQL drops them lazily).
      await dropTempSchemas({ txns, catalog, logger }, catalog.tempSchemas());
    }
    const checkpointer = new Checkpointer(dir, wal, pool, txns, oids, logger);
    const db = new Database(
      dir,
      wal,
      disk,
      pool,
      txns,
      catalog,
      checkpointer,
      logger,
      recovery,
      options.statementCacheSize,
      options.maxPreparedTransactions ?? 0,
      slots,
    );
    txns.locks = db.locks;
    await checkpointer.run();
    pool.startBackgroundWriter(BGWRITER_INTERVAL_MS, BGWRITER_PAGES);
    checkpointer.start(options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_MS);
    const autovacuum = options.autovacuum ?? true;
    db.#autovacuum = new Autovacuum(db, logger, typeof autovacuum === 'object' ? autovacuum : {});
    if (autovacuum !== false) db.#autovacuum.start();
    const autoanalyze = options.autoanalyze ?? autovacuum !== false;
    db.#autoAnalyze = new AutoAnalyze(db, logger, typeof autoanalyze === 'object' ? autoanalyze : {});
    if (autoanalyze !== false) db.#autoAnalyze.start();
    // Sole-writer commits flush synchronously: a starved event loop gets an asynchronous flush
    // now and then, so the timers above still fire (loop-watch.ts).
    db.#loopWatch.start();
    wal.setFlushOverlapWork(db.#loopWatch);
    logger.info({ dir }, 'database ready');
    return db;
  }

  /**
   * Embedded convenience: runs `sql` in a session of its own (autocommit per statement; a
   * multi-statement text is one implicit transaction) and returns the last statement's result.
   * Async. @throws DbError from any statement.
   *
   * NB: "a session of its own" is observably fresh, not literally new: a session left as a new
   * one would be (`EngineSession.resetForReuse`: idle, no SET, no temporary relations) is kept
   * for the next call, with its statement cache; any other is closed, as before.
   */
  async query(sql: string, params: readonly Value[] = []): Promise<QueryResult> {
    const session = this.#idleSession ?? this.connect();
    this.#idleSession = undefined;
    try {
      return await session.query(sql, params);
    } finally {
      if (this.#idleSession === undefined && !this.#closing && session.session.resetForReuse()) {
        this.#idleSession = session;
      } else {
        await session.close();
      }
    }
  }

  /** A session for embedded use; transactions span its `query` calls. Sync. */
  connect(): EmbeddedSession {
    return new EmbeddedSession(this.#newSession({ application_name: '' }));
  }

  /**
   * Protocol Backend: a session for a startup packet. Async.
   * @throws DbError FATAL 28000 unknown role or a role without LOGIN, FATAL 3D000 unknown
   *   database, FATAL 53300 the role's CONNECTION LIMIT reached, 57P03 while closing.
   */
  async startSession(params: StartupParameters, _peer: { address: string; port: number }): Promise<Session> {
    const user = params.user ?? '';
    const database = params.database ?? user;
    const role = this.catalog.role(user);
    if (role === undefined)
      throw new DbError('28000', `role "${user}" does not exist`, { severity: 'FATAL' });
    if (database !== DATABASE_NAME) {
      throw new DbError('3D000', `database "${database}" does not exist`, { severity: 'FATAL' });
    }
    checkLogin(role, this.#sessions.values());
    checkConnect(role, this.catalog.reader(), database);
    const processId = this.#nextProcessId;
    this.connectionSlots.take(role, processId);
    try {
      return this.#newSession(params);
    } catch (err) {
      this.connectionSlots.release(processId);
      throw err;
    }
  }

  /**
   * EngineContext: a manual ANALYZE sampled `table` (see `AutoAnalyze.noteAnalyzed`) and counted
   * `rows`.
   */
  tableAnalyzed(table: TableDef, rows: RowCounts): void {
    this.#autoAnalyze?.noteAnalyzed(table);
    this.tableActivity.note(table.oid, 'analyze', rows);
  }

  /**
   * EngineContext: VACUUM finished a pass over `table` (see `Autovacuum.noteVacuumed`) and
   * counted `rows`.
   */
  tableVacuumed(table: TableDef, rows: RowCounts): void {
    this.#autovacuum?.noteVacuumed(table);
    this.tableActivity.note(table.oid, 'vacuum', rows);
  }

  /** EngineContext: the pg_stat_* views' answers, from the methods below. */
  readonly statisticsViews: StatisticsViews = {
    tableActivity: (table) => this.tableActivityOf(table),
    indexActivity: (index) => this.tableActivity.indexInfo(index.oid),
    resetActivity: (oid) => this.resetActivity(oid),
    databaseActivity: () => this.databaseActivityOf(),
    bgwriterActivity: () => this.bgwriterActivityOf(),
    resetSharedActivity: (target) => this.resetSharedActivity(target),
  };

  /** EngineContext: pg_stat_database's counters (transactions), kept with the tables' ones. */
  get databaseActivity(): DatabaseActivity {
    return this.tableActivity.database;
  }

  /** EngineContext: a session is closing (pg_stat_database's sessions and their times). */
  sessionEnding(times: SessionTimes, ending?: SessionEnding): void {
    this.databaseActivity.sessionEnded(times, ending);
  }

  /**
   * pg_stat_reset() (no `oid`: every counter of the tables, the indexes and the
   * database) and pg_stat_reset_single_table_counters(`oid`). Sync.
   */
  resetActivity(oid?: number): void {
    if (oid !== undefined) {
      this.tableActivity.reset(oid, this.catalog.reader().tableByOid(oid as Oid) !== undefined);
      return;
    }
    this.tableActivity.reset();
    this.databaseActivity.reset([...this.#sessions.values()].map((s) => s.times()));
    this.#countersAtReset = {
      hits: this.pool.stats.hits,
      misses: this.pool.stats.misses,
      deadlocks: this.locks.deadlocks,
    };
  }

  /** pg_stat_bgwriter's counters since the start or the last reset. Sync. */
  bgwriterActivityOf(): BgwriterActivityInfo {
    const now = this.#bgwriterCounts();
    const at = this.#bgwriterAtReset;
    return {
      checkpointsTimed: now.timed - at.timed,
      checkpointsReq: now.requested - at.requested,
      checkpointWriteTime: now.writeMs - at.writeMs,
      checkpointSyncTime: now.syncMs - at.syncMs,
      buffersCheckpoint: now.checkpointWrites - at.checkpointWrites,
      buffersClean: now.cleanWrites - at.cleanWrites,
      maxwrittenClean: now.cleanLimitReached - at.cleanLimitReached,
      buffersBackend: now.backendWrites - at.backendWrites,
      buffersAlloc: now.allocs - at.allocs,
      statsReset: at.time,
    };
  }

  /** pg_stat_reset_shared(target); only 'bgwriter' has counters here. */
  resetSharedActivity(target: string): void {
    if (target === 'bgwriter') this.#bgwriterAtReset = { ...this.#bgwriterCounts(), time: pgNow() };
  }

  /** The checkpointer's and the pool's counts behind pg_stat_bgwriter, as they are now. */
  #bgwriterCounts() {
    const c = this.checkpointer;
    const p = this.pool.stats;
    return {
      timed: c.timed,
      requested: c.requested,
      writeMs: p.checkpointWriteMs,
      syncMs: p.checkpointSyncMs,
      checkpointWrites: p.checkpointWrites,
      cleanWrites: p.cleanWrites,
      cleanLimitReached: p.cleanLimitReached,
      backendWrites: p.writes - p.checkpointWrites - p.cleanWrites,
      allocs: p.allocs,
    };
  }

  /** This database's pg_stat_database row. Sync. */
  databaseActivityOf(): DatabaseActivityInfo {
    const d = this.databaseActivity;
    const rows = this.tableActivity.totals();
    const at = this.#countersAtReset;
    let sessionMs = d.sessionMs;
    let activeMs = d.activeMs;
    let idleInTransactionMs = d.idleInTransactionMs;
    for (const s of this.#sessions.values()) {
      const t = s.times();
      sessionMs += t.sessionMs;
      activeMs += t.activeMs;
      idleInTransactionMs += t.idleInTransactionMs;
    }
    return {
      numBackends: this.#sessions.size,
      xactCommit: d.xactCommit,
      xactRollback: d.xactRollback,
      blksRead: this.pool.stats.misses - at.misses,
      blksHit: this.pool.stats.hits - at.hits,
      tupReturned: rows.returned,
      tupFetched: rows.fetched,
      tupInserted: rows.inserted,
      tupUpdated: rows.updated,
      tupDeleted: rows.deleted,
      tempFiles: d.tempFiles,
      tempBytes: d.tempBytes,
      deadlocks: this.locks.deadlocks - at.deadlocks,
      sessionTime: sessionMs,
      activeTime: activeMs,
      idleInTransactionTime: idleInTransactionMs,
      sessions: d.sessions,
      sessionsAbandoned: d.sessionsAbandoned,
      sessionsFatal: d.sessionsFatal,
      sessionsKilled: d.sessionsKilled,
      ...(d.statsReset === undefined ? {} : { statsReset: d.statsReset }),
    };
  }

  /** `table`'s pg_stat_all_tables counters. Sync. */
  tableActivityOf(table: TableDef): TableActivityInfo {
    return this.tableActivity.info(
      table.oid,
      this.#autoAnalyze?.changesSinceAnalyze(table) ?? 0,
      liveAtStart(this.catalog.reader(), table),
    );
  }

  /** EngineContext: every session, as pg_stat_activity shows it. Sync. */
  sessionActivity(): ActivityInfo[] {
    return [...this.#sessions.values()].map((s) => s.activity());
  }

  /** Protocol Backend: cancels the running statement of session `processId` if the key matches. */
  cancel(processId: number, secretKey: number): void {
    const session = this.#sessions.get(processId);
    if (session && session.secretKey === secretKey) session.cancel();
  }

  /**
   * EngineContext (pg_cancel_backend, pg_terminate_backend): cancels the running statement of
   * session `pid`, or ends it (EngineSession.terminate). Nothing when there is no such session.
   */
  signalBackend(pid: number, signal: 'cancel' | 'terminate'): void {
    const session = this.#sessions.get(pid);
    if (signal === 'cancel') session?.cancel();
    else session?.terminate();
  }

  /** EngineContext: resolves once session `pid` has ended (at once when there is none). */
  backendEnded(pid: number): Promise<void> {
    if (!this.#sessions.has(pid)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.#endWaiters.get(pid);
      if (waiting === undefined) this.#endWaiters.set(pid, [resolve]);
      else waiting.push(resolve);
    });
  }

  /** @internal EngineContext: a session ended; its temporary relations go (temp-schema.ts). */
  sessionClosed(session: { readonly processId: number }): void | Promise<void> {
    this.#sessions.delete(session.processId);
    const waiting = this.#endWaiters.get(session.processId);
    this.#endWaiters.delete(session.processId);
    for (const resolve of waiting ?? []) resolve();
    this.connectionSlots.release(session.processId);
    const schema = tempSchemaOf(session.processId);
    if (!this.catalog.reader().hasRelationsIn(schema)) return;
    return dropTempSchemas(this, [schema]);
  }

  /** @internal EngineContext: runs an autovacuum tick if one is due (autovacuum.ts). */
  transactionCommitted(): void {
    // One clock read for both: performance.now() is a call into the runtime, per commit.
    const now = performance.now();
    this.#autovacuum?.runIfDue(now);
    this.#autoAnalyze?.runIfDue(now);
  }

  /**
   * One autovacuum tick now, whether or not the timer runs (tests drive it this way). Sync.
   * @throws DbError from the store or an index.
   */
  runAutovacuumOnce(): AutovacuumTick {
    this.#autovacuum ??= new Autovacuum(this, this.logger);
    return this.#autovacuum.runOnce();
  }

  /**
   * One auto-analyze tick now, whether or not the timer runs (tests drive it this way), reading
   * for at most `budgetMs` (default: no limit). Async. @throws DbError from the store or the commit.
   */
  runAutoAnalyzeOnce(budgetMs?: number): Promise<AutoAnalyzeTick> {
    this.#autoAnalyze ??= new AutoAnalyze(this, this.logger);
    return this.#autoAnalyze.runOnce(budgetMs);
  }

  /** Runs a checkpoint now. Async. */
  checkpoint(): Promise<void> {
    return this.checkpointer.run();
  }

  /**
   * Closes every session (rolling back), takes the shutdown checkpoint and closes the files.
   * Async; idempotent (a second call waits for the first).
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#idleSession = undefined;
    for (const session of [...this.#sessions.values()]) await session.close();
    this.checkpointer.stop();
    this.#loopWatch.stop();
    this.#autovacuum?.stop();
    await this.#autoAnalyze?.stop();
    this.pool.stopBackgroundWriter();
    await this.checkpointer.run(true);
    this.wal.close();
    this.disk.close();
    this.logger.info({ dir: this.dir }, 'database closed');
  }

  #newSession(startup: StartupParameters): EngineSession {
    if (this.#closing)
      throw new DbError('57P03', 'the database system is shutting down', { severity: 'FATAL' });
    const processId = this.#nextProcessId++;
    const session = new EngineSession(this, processId, randomInt(0x7fffffff), startup);
    this.#sessions.set(processId, session);
    this.databaseActivity.sessions++;
    return session;
  }
}
