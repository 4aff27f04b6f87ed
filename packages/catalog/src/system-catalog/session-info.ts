/**
 * SessionInfo: what the computed catalogs need from outside the catalog — the session (user,
 * database, settings), the server (other sessions, for pg_stat_activity), the role store and
 * the built-in functions. The engine implements it; tests can pass a literal.
 */
import type { DomainType, SqlType, TypeName } from '@rustydb/common';
import type { IndexDef, SequenceDef, TableDef, ViewDef } from '../catalog-reader.js';
import type { CatalogView } from '../catalog-view.js';
import { PREDEFINED_ROLES } from '../predefined-roles.js';
import type { SequenceState } from '../sequence-page.js';

/**
 * A stored expression to print as PostgreSQL's ruleutils prints it (pg_get_expr,
 * pg_get_constraintdef, pg_get_indexdef, information_schema): its catalog text, whether it is a
 * condition (CHECK, a partial index's WHERE, a domain CHECK), a value (a default, a generated
 * column) or an index key (a value, printed in parentheses unless it reads as a function call,
 * as pg_get_indexdef sets it), and what its names refer to.
 */
export interface StoredExpression {
  readonly sql: string;
  readonly role: 'condition' | 'value' | 'indexKey';
  /** The table whose row it reads (CHECK, index, generated column); absent for a default. */
  readonly table?: TableDef;
  /** A domain CHECK: the domain, whose value the check reads as VALUE. */
  readonly domain?: DomainType;
  /** The type a value is assigned to (a column's, a domain's base type): it is coerced to it. */
  readonly type?: SqlType;
  /** A trigger's WHEN condition: it reads `old.col` and `new.col` of this table. */
  readonly triggerRow?: TableDef;
}

/**
 * Prints `e` as seen through `view`: `pretty` is pg_get_expr's (psql's `\d` asks for it). The
 * catalog has no parser or binder, so the engine supplies this. Returns undefined when the
 * expression cannot be printed so (the caller shows its stored text).
 */
export type ExpressionPrinter = (
  e: StoredExpression,
  view: CatalogView,
  pretty: boolean,
) => string | undefined;

/** A role, as pg_authid/pg_roles show it. */
export interface RoleInfo {
  readonly oid: number;
  readonly name: string;
  readonly superuser: boolean;
  readonly inherit: boolean;
  readonly createRole: boolean;
  readonly createDb: boolean;
  readonly canLogin: boolean;
  readonly replication: boolean;
  readonly bypassRls: boolean;
  /** -1: no limit. */
  readonly connectionLimit: number;
}

/** One setting, as pg_settings shows it. */
export interface SettingInfo {
  readonly name: string;
  readonly setting: string;
  /** PostgreSQL's vartype: bool, integer, real, string, enum. */
  readonly vartype: string;
  readonly context: string;
}

/** One session of the server, as pg_stat_activity shows it. */
export interface ActivityInfo {
  readonly pid: number;
  readonly user: string;
  readonly applicationName: string;
  /** 'active', 'idle', 'idle in transaction', 'idle in transaction (aborted)'. */
  readonly state: string;
  readonly query: string;
  /** Microseconds since 2000-01-01 (timestamptz values), or null. */
  readonly backendStart: bigint | null;
  readonly queryStart: bigint | null;
}

/** A built-in function, as pg_proc shows it. */
export interface FunctionInfo {
  readonly name: string;
  readonly args: readonly TypeName[];
  /** The result type; undefined when it follows the first argument's (polymorphic). */
  readonly result: TypeName | undefined;
  /** 'f' function, 'a' aggregate, 'w' window. */
  readonly kind: 'f' | 'a' | 'w';
  readonly returnsSet: boolean;
  /** VOLATILE (provolatile 'v'); else shown as IMMUTABLE. */
  readonly volatile?: boolean;
  /** The extension providing it: listed only while installed, in the extension's schema. */
  readonly extension?: string;
}

export interface SessionInfo {
  /** The session user (SESSION_USER). */
  readonly user: string;
  /** The current role (CURRENT_USER, after SET ROLE); absent: the session user. */
  currentUser?(): string;
  readonly database: string;
  readonly pid: number;
  /** The server's version string (version(), pg_settings.server_version). */
  readonly serverVersion: string;
  /** Every role. The one place roles come from: point it at the role store when there is one. */
  roles(): readonly RoleInfo[];
  settings(): readonly SettingInfo[];
  activity(): readonly ActivityInfo[];
  functions(): readonly FunctionInfo[];
  /**
   * The OIDs of PostgreSQL 15's pg_operator rows (PG_OPERATOR_FACTS) whose operator RustyDB has
   * (pg_operator, `\do`). Absent: none.
   */
  operators?(): ReadonlySet<number>;
  /** The prepared transactions (two-phase commit), oldest first. Absent: none. */
  preparedTransactions?(): readonly PreparedXactInfo[];
  /** The session's open SQL cursors (DECLARE). Absent: none. */
  cursors?(): readonly CursorInfo[];
  /** The session's named prepared statements (PREPARE, Parse). Absent: none. */
  preparedStatements?(): readonly PreparedStatementInfo[];
  /** What the server counted for a table since it started (pg_stat_all_tables). Absent: nothing. */
  tableActivity?(table: TableDef): TableActivityInfo;
  /** An index's pg_stat_all_indexes counters. Absent: they read 0. */
  indexActivity?(index: IndexDef): IndexActivityInfo;
  /**
   * pg_stat_reset (no `oid`) and pg_stat_reset_single_table_counters (`oid`, a table or an
   * index): the counters back to zero. Absent: nothing is kept, nothing to do.
   */
  resetActivity?(oid?: number): void;
  /** The database's pg_stat_database counters. Absent: its row reads zeros. */
  databaseActivity?(): DatabaseActivityInfo;
  /** pg_stat_bgwriter's counters. Absent: they read 0. */
  bgwriterActivity?(): BgwriterActivityInfo;
  /**
   * pg_stat_reset_shared(target): the counters of that shared view back to zero ('bgwriter';
   * the other targets PostgreSQL 15 knows name views RustyDB does not have). Absent: nothing kept.
   */
  resetSharedActivity?(target: 'bgwriter' | 'archiver' | 'wal' | 'recovery_prefetch'): void;
  /**
   * pg_cancel_backend / pg_terminate_backend: stops the running statement of session `pid`
   * (57014, as a CancelRequest), or ends the session (FATAL 57P01 to its client). Absent: no
   * session can be signalled.
   */
  signalBackend?(pid: number, signal: 'cancel' | 'terminate'): void;
  /** Resolves once session `pid` has ended (at once when there is none). */
  backendEnded?(pid: number): Promise<void>;
  /** The lock table's held and awaited locks (pg_locks). Absent: none. */
  locks?(): readonly LockRowInfo[];
  /** A sequence's page state (`SELECT * FROM seq`). Absent: sequences cannot be read as relations. */
  sequenceState?(seq: SequenceDef): SequenceState;
  /**
   * A view's stored query as pg_get_viewdef prints it for `view`'s search path (as ruleutils
   * prints the analysed query; relations it finds by their bare names unqualified). `pretty`:
   * pg_get_viewdef(v, true); `columns`: the view's column names. The text has pg_get_viewdef's
   * leading space (a SELECT's) and no `;`. Absent: the query shows as stored.
   */
  printViewQuery?(sql: string, view: CatalogView, pretty?: boolean, columns?: readonly string[]): string;
  /**
   * Which columns of `view` are updatable, or undefined when the view is not automatically
   * updatable (information_schema's is_updatable, is_insertable_into). Absent: none is.
   */
  updatableViewColumns?(view: ViewDef, catalog: CatalogView): readonly boolean[] | undefined;
  /** Prints stored expressions as PostgreSQL does. Absent: they show as stored. */
  readonly printExpression?: ExpressionPrinter;
}

/**
 * A table's activity counters, as pg_stat_all_tables shows them. Timestamps are timestamptz
 * values (microseconds since 2000-01-01 UTC); absent: never since the server started.
 */
export interface TableActivityInfo {
  /** Rows changed by committed transactions since the last ANALYZE (n_mod_since_analyze). */
  readonly modSinceAnalyze: number;
  readonly lastVacuum?: bigint;
  readonly lastAutovacuum?: bigint;
  readonly lastAnalyze?: bigint;
  readonly lastAutoanalyze?: bigint;
  readonly vacuumCount: number;
  readonly autovacuumCount: number;
  readonly analyzeCount: number;
  readonly autoanalyzeCount: number;
  /** Sequential scans started, and the live rows they returned. */
  readonly seqScan: number;
  readonly seqTupRead: number;
  /** Rows inserted, updated (HOT ones also apart) and deleted, whether their transaction committed or not. */
  readonly tupIns: number;
  readonly tupUpd: number;
  readonly tupDel: number;
  readonly tupHotUpd: number;
  /** Estimated live and dead rows. */
  readonly liveTup: number;
  readonly deadTup: number;
  /** Rows inserted since the last VACUUM. */
  readonly insSinceVacuum: number;
}

/**
 * The database's activity counters, as pg_stat_database shows them (times in milliseconds;
 * `statsReset` a timestamptz, absent: never reset).
 */
export interface DatabaseActivityInfo {
  readonly numBackends: number;
  readonly xactCommit: number;
  readonly xactRollback: number;
  readonly blksRead: number;
  readonly blksHit: number;
  readonly tupReturned: number;
  readonly tupFetched: number;
  readonly tupInserted: number;
  readonly tupUpdated: number;
  readonly tupDeleted: number;
  readonly tempFiles: number;
  readonly tempBytes: number;
  readonly deadlocks: number;
  readonly sessionTime: number;
  readonly activeTime: number;
  readonly idleInTransactionTime: number;
  readonly sessions: number;
  readonly sessionsAbandoned: number;
  readonly sessionsFatal: number;
  readonly sessionsKilled: number;
  readonly statsReset?: bigint;
}

/**
 * The checkpointer's and the background writer's counters, as pg_stat_bgwriter shows them
 * (times in milliseconds; `statsReset` a timestamptz).
 */
export interface BgwriterActivityInfo {
  readonly checkpointsTimed: number;
  readonly checkpointsReq: number;
  readonly checkpointWriteTime: number;
  readonly checkpointSyncTime: number;
  readonly buffersCheckpoint: number;
  readonly buffersClean: number;
  readonly maxwrittenClean: number;
  readonly buffersBackend: number;
  readonly buffersAlloc: number;
  readonly statsReset: bigint;
}

/** An index's activity counters, as pg_stat_all_indexes shows them. */
export interface IndexActivityInfo {
  /** Scans of the index started. */
  readonly idxScan: number;
  /** Index entries the scans returned. */
  readonly idxTupRead: number;
  /** Live table rows the scans fetched through the entries. */
  readonly idxTupFetch: number;
}

/** One held or awaited lock, as pg_locks shows it (null: the column does not apply). */
export interface LockRowInfo {
  /** 'relation', 'tuple', 'transactionid', 'advisory'. */
  readonly locktype: string;
  readonly database: number | null;
  readonly relation: number | null;
  readonly page: number | null;
  readonly tuple: number | null;
  readonly transactionid: number | null;
  readonly classid: number | null;
  readonly objid: number | null;
  readonly objsubid: number | null;
  /** The holder's backend pid; null for a prepared transaction's locks. */
  readonly pid: number | null;
  /** 'AccessShareLock' … 'AccessExclusiveLock'. */
  readonly mode: string;
  readonly granted: boolean;
  /** When the wait began (timestamptz), for an awaited lock. */
  readonly waitstart: bigint | null;
}

/** One open cursor of the session, as pg_cursors shows it. */
export interface CursorInfo {
  readonly name: string;
  /** The DECLARE statement's text. */
  readonly statement: string;
  readonly isHoldable: boolean;
  readonly isBinary: boolean;
  readonly isScrollable: boolean;
  /** timestamptz: microseconds since 2000-01-01 UTC. */
  readonly creationTime: bigint;
}

/** One prepared statement of the session, as pg_prepared_statements shows it. */
export interface PreparedStatementInfo {
  readonly name: string;
  /** The text the client sent: the whole PREPARE message, or the statement Parse was given. */
  readonly statement: string;
  /** timestamptz: microseconds since 2000-01-01 UTC. */
  readonly prepareTime: bigint;
  /** The parameters' type OIDs. */
  readonly parameterTypes: readonly number[];
  /** Made by SQL PREPARE (else by the protocol's Parse). */
  readonly fromSql: boolean;
  readonly genericPlans: bigint;
  readonly customPlans: bigint;
}

/** One prepared transaction, as pg_prepared_xacts shows it. */
export interface PreparedXactInfo {
  readonly xid: number;
  readonly gid: string;
  /** timestamptz: microseconds since 2000-01-01 UTC. */
  readonly prepared: bigint;
  readonly owner: string;
  readonly database: string;
}

/** The bootstrap superuser's OID, as in PostgreSQL (owner of everything here). */
export const BOOTSTRAP_SUPERUSER_OID = 10;

/**
 * The roles of a database without a role store (tests, tools): the one login role (the
 * superuser, `superuser`) and PostgreSQL's predefined roles (predefined-roles.ts), by OID.
 */
export function builtinRoles(superuser: string): RoleInfo[] {
  const bootstrap: RoleInfo = {
    oid: BOOTSTRAP_SUPERUSER_OID,
    name: superuser,
    superuser: true,
    inherit: true,
    createRole: true,
    createDb: true,
    canLogin: true,
    replication: true,
    bypassRls: true,
    connectionLimit: -1,
  };
  return [bootstrap, ...PREDEFINED_ROLES];
}
