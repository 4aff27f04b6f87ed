/**
 * What the executor needs from the engine to run one statement: the transaction (visibility,
 * xids, command ids), access to the stores and indexes of relations, the catalog, the bound
 * parameter values, and an interrupt check.
 */
import type { CatalogReader, IndexDef, SystemCatalog, TableDef } from '@rustydb/catalog';
import type { DateTimeStyle, DbError, Row, Value } from '@rustydb/common';
import type { Index } from '@rustydb/index';
import type { PhysicalPlan } from '@rustydb/optimizer';
import type { TableStore } from '@rustydb/storage';
import type { Transaction } from '@rustydb/txn';
import type { ActivityCounters } from './activity-counters.js';
import type { DeferredConstraints } from './deferred-constraints.js';
import type { RoutineAccess } from './routine-call.js';
import type { SortStats } from './spill/external-sorter.js';
import type { HashAggStats } from './spill/spilling-hash-aggregator.js';
import type { HashJoinStats } from './spill/spilling-hash-join-table.js';
import type { StatementLocks } from './statement-locks.js';

/** Opens relations' storage. Synchronous; the engine caches stores and indexes. */
export interface RelationAccess {
  store(table: TableDef): TableStore;
  index(def: IndexDef): Index;
}

/**
 * The session's sequences, for nextval/currval/setval/lastval. `name` is the regclass text as
 * written; the engine resolves it (search path) and keeps currval's per-session state.
 * Synchronous. Throws DbError 42P01 (no such relation), 42809 (not a sequence), 55000 (currval
 * before nextval), 2200H (exhausted), 22003 (setval out of bounds), 25006 (read-only).
 */
export interface SequenceAccess {
  nextval(name: string): bigint;
  currval(name: string): bigint;
  setval(name: string, value: bigint, isCalled: boolean): bigint;
  lastval(): bigint;
}

/** The session's settings as current_setting / set_config reach them. Synchronous. */
export interface SettingsAccess {
  get(name: string): string;
  set(name: string, value: string, local: boolean): void;
}

/** One statement's execution environment. */
/**
 * What the session functions need from the session (session-functions.ts): who it is, and its
 * NOTIFY queue. Absent where there is no session (they raise 55000).
 */
export interface SessionAccess {
  /** CURRENT_USER / CURRENT_ROLE / USER. */
  readonly currentUser: string;
  /** SESSION_USER. */
  readonly sessionUser: string;
  /** pg_notify(channel, payload): queued until the transaction commits. @throws DbError 22023. */
  notify(channel: string, payload: string): void;
  /** pg_listening_channels(): the channels the session listens on (committed LISTENs). */
  listeningChannels(): readonly string[];
  /** Sends a NOTICE or WARNING (its severity) to the client of the running statement. */
  notice(notice: DbError): void;
}

export interface ExecutionContext {
  /** tx.isVisible(version), tx.assignXid(), tx.cid, tx.uniqueCheck(version). */
  readonly tx: Transaction;
  /**
   * The transaction's deferred constraint checks and SET CONSTRAINTS state; absent (an internal
   * context), every constraint is checked at the end of its statement.
   */
  readonly deferred?: DeferredConstraints;
  readonly relations: RelationAccess;
  readonly catalog: CatalogReader;
  /** `$1` is params[0]; values already converted to the parameters' types. */
  readonly params: readonly Value[];
  /**
   * The computed catalogs (pg_class, …) and catalog functions (pg_get_indexdef, regclass
   * output, …) as this statement sees the catalog; absent where they cannot run (42P01 / 0A000).
   */
  readonly system?: SystemCatalog;
  /**
   * The session's settings: current_setting() and set_config(). `get` throws DbError 42704 for
   * an unknown name; `set` 42704 / 55P02 / 22023 as SET would.
   */
  readonly settings?: SettingsAccess;
  /** User-defined functions (routine-call.ts); absent where they cannot run (0A000). */
  readonly routines?: RoutineAccess;
  /** The session's sequences; absent where sequence functions cannot run (they raise 55000). */
  readonly sequences?: SequenceAccess;
  /** The session's identity and NOTIFY queue (current_user, session_user, pg_notify). */
  readonly session?: SessionAccess;
  /**
   * The session's TimeZone setting (timestamptz arithmetic, casts, current_date, to_char);
   * UTC when absent.
   */
  readonly timeZone?: string;
  /**
   * The session's DateStyle and IntervalStyle (casts to and from text, format, string_agg, …);
   * ISO, MDY and postgres when absent.
   */
  readonly dateTimeStyle?: DateTimeStyle;
  /**
   * When the transaction started (microseconds since 2000-01-01): now() and CURRENT_TIMESTAMP.
   * When absent, the first statement that asks in this transaction fixes it (which is when
   * PostgreSQL's transaction starts, too: at its first statement).
   */
  readonly transactionStart?: bigint;
  /** Throws 57014 when the statement was cancelled; called between batches. */
  readonly checkInterrupts: () => void;
  /**
   * The memory budget in bytes of each sort, hash aggregation, hash join and window sort
   * (the session's `work_mem`, see parseWorkMem); past it they spill to temporary files.
   * DEFAULT_WORK_MEM (4 MiB) when absent.
   */
  readonly workMem?: number;
  /**
   * Where temporary files go (`<datadir>/tmp`, created on first use); os.tmpdir() when absent.
   */
  readonly tempDir?: string;
  /**
   * @internal For tests: the scans hand back YIELD between every two rows (operator.ts), so
   * that every operator's resumption is exercised at every point.
   */
  readonly yieldEveryRow?: boolean;
  /**
   * Receives the memory and disk statistics of each sort, hash aggregation, DISTINCT, hash join
   * and window sort when it closes, spilled or not (as EXPLAIN ANALYZE / log_temp_files would
   * show them). For instrumentation and tests; must not throw.
   */
  readonly onSpillStats?: (report: SpillReport) => void;
  /**
   * Row-level waits (statement-locks.ts). Absent: nothing waits; a row changed by a transaction
   * still running is a 40001 conflict and an in-progress duplicate key a 23505, as before.
   */
  readonly locks?: StatementLocks;
  /**
   * Checks the running role's privileges for `plan` before it runs (the engine's
   * privilege-checks.ts; the requirements travel with the plan, see the planner's
   * required-privileges.ts). Absent: no check (DDL's internal queries). Sync.
   * @throws DbError 42501 `permission denied for table t`.
   */
  readonly checkPrivileges?: (plan: PhysicalPlan) => void;
  /**
   * The tables' and indexes' scan and row-change counters (activity-counters.ts). Absent:
   * nothing is counted (internal statements).
   */
  readonly activity?: ActivityCounters;
}

/** One operator's memory use and temporary-file traffic, as `onSpillStats` receives it. */
export type SpillReport =
  | { readonly operator: 'Sort' | 'WindowAgg'; readonly stats: SortStats }
  | { readonly operator: 'HashAggregate' | 'Distinct'; readonly stats: HashAggStats }
  | { readonly operator: 'Hash Join'; readonly stats: HashJoinStats };

/** Receives result rows. Rows (and the batch) are only valid during the call: copy to keep. */
export interface ResultSink {
  rows(batch: readonly Row[]): void;
}
