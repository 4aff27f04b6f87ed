/**
 * What a session needs from the database that owns it: the transaction manager, the catalog
 * (which also opens every relation's store and index), the logger, and a way to say it ended.
 * `Database` implements it; sessions never see the WAL, the pool or the disk.
 */
import type { ActivityInfo, Catalog, TableDef } from '@rustydb/catalog';
import type { Logger } from '@rustydb/common';
import type { SessionEnding } from '@rustydb/protocol';
import type { LockManager, TxnManager } from '@rustydb/txn';
import type { NotificationHub } from './notification-hub.js';
import type { DatabaseActivity, SessionTimes } from './database-activity.js';
import type { StatisticsViews } from './session-catalog-info.js';
import type { RowCounts, TableActivity } from './table-activity.js';

export interface EngineContext {
  readonly txns: TxnManager;
  /**
   * The database's heavyweight lock table (also `txns.locks`): relation locks, row waits,
   * deadlock detection. Absent: statements take no locks and never wait.
   */
  readonly locks?: LockManager;
  readonly catalog: Catalog;
  readonly logger: Logger;
  /** LISTEN / NOTIFY between sessions; absent: each session has a hub of its own. */
  readonly notifications?: NotificationHub;
  /**
   * Where sorts and hash tables past work_mem put their temporary files (`<datadir>/tmp`);
   * absent: the OS temp directory.
   */
  readonly tempDir?: string;
  /**
   * The data directory: where a relative path of COPY FROM a server-side file starts, as in
   * PostgreSQL (whose working directory it is). Absent: the process's working directory.
   */
  readonly dataDir?: string;
  /**
   * Keys of each session's statement cache (statement-cache.ts); 0 turns the cache off.
   * Absent: the default (256).
   */
  readonly statementCacheSize?: number;
  /** max_prepared_transactions (two-phase-statements.ts): 0 or absent disables PREPARE TRANSACTION. */
  readonly maxPreparedTransactions?: number;
  /** max_connections and superuser_reserved_connections, as SHOW reports them (login-check.ts). */
  readonly connectionSlots?: { readonly max: number; readonly reservedForSuperusers: number };
  /**
   * ANALYZE just sampled `table`: auto-analyze counts its changes from now (PostgreSQL's manual
   * ANALYZE resets n_mod_since_analyze too). Absent: nothing to tell.
   */
  tableAnalyzed?(table: TableDef, rows: RowCounts): void;
  /**
   * VACUUM just finished a pass over `table`, counting `rows`: pg_stat_all_tables records it, and
   * an autovacuum pass in progress on the table is given up (it would only read the rest of the
   * table again). Absent: nothing to tell.
   */
  tableVacuumed?(table: TableDef, rows: RowCounts): void;
  /** The role pg_prepared_xacts shows as owner (absent: 'rustydb'). */
  readonly roleName?: string;
  /**
   * A session closed: forget it (no more cancel requests reach it) and drop its temporary
   * relations. Async when there were any (their DROP commits).
   */
  sessionClosed(session: { readonly processId: number }): void | Promise<void>;
  /**
   * A session's transaction committed and it holds nothing (no snapshot, no portal): background
   * work due by now (an autovacuum tick) may run, even when a busy session never lets the event
   * loop reach its timers. Sync; never throws.
   */
  transactionCommitted?(): void;
  /** The database's name (pg_database, current_database(), pg_prepared_xacts). Absent: `rustydb`. */
  readonly databaseName?: string;
  /** Every session of the server as pg_stat_activity rows. Absent: only the asking session. */
  sessionActivity?(): readonly ActivityInfo[];
  /** What the pg_stat_* views and the reset functions read and do. Absent: nothing is kept. */
  readonly statisticsViews?: StatisticsViews;
  /** The tables' and indexes' counters the executor bumps (table-activity.ts). Absent: none kept. */
  readonly tableActivity?: TableActivity;
  /**
   * pg_cancel_backend / pg_terminate_backend: cancels the running statement of session `pid`, or
   * ends the session. Absent (with `backendEnded`): no session can be signalled.
   */
  signalBackend?(pid: number, signal: 'cancel' | 'terminate'): void;
  /** Resolves once session `pid` has ended (at once when there is none). */
  backendEnded?(pid: number): Promise<void>;
  /**
   * A session is closing, having spent `times`, its connection ended `ending` (absent: normally):
   * pg_stat_database's session counts and times. Sync.
   */
  sessionEnding?(times: SessionTimes, ending?: SessionEnding): void;
  /** pg_stat_database's counters the sessions bump (transactions). Absent: none kept. */
  readonly databaseActivity?: DatabaseActivity;
  /** CHECKPOINT: a checkpoint now. Absent: nothing to write (the statement only answers). */
  checkpoint?(): Promise<void>;
}
