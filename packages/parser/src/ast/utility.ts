/**
 * Utility statements: transaction control, run-time settings (SET/SHOW/RESET), EXPLAIN,
 * ANALYZE and VACUUM.
 */
import type { Literal } from './expr.js';
import type { ObjectName } from './object-name.js';
import type { Statement } from './statement.js';

/** The modes of BEGIN / START TRANSACTION / SET TRANSACTION; a missing mode was not written. */
export interface TransactionModes {
  readonly isolationLevel?: 'serializable' | 'repeatable read' | 'read committed' | 'read uncommitted';
  readonly readOnly?: boolean;
  readonly deferrable?: boolean;
}

/** `BEGIN [WORK | TRANSACTION] [modes]` or `START TRANSACTION [modes]` (`start` true: tag START TRANSACTION). */
export interface BeginStmt {
  readonly kind: 'begin';
  readonly start: boolean;
  readonly modes: TransactionModes;
}

/** `COMMIT | END [WORK | TRANSACTION] [AND [NO] CHAIN]`. */
export interface CommitStmt {
  readonly kind: 'commit';
  readonly chain: boolean;
}

/** `ROLLBACK | ABORT [WORK | TRANSACTION] [AND [NO] CHAIN]`. */
export interface RollbackStmt {
  readonly kind: 'rollback';
  readonly chain: boolean;
}

export interface SavepointStmt {
  readonly kind: 'savepoint';
  readonly name: string;
}

/** `RELEASE [SAVEPOINT] name`. */
export interface ReleaseSavepointStmt {
  readonly kind: 'releaseSavepoint';
  readonly name: string;
}

/** `ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name`. */
export interface RollbackToSavepointStmt {
  readonly kind: 'rollbackToSavepoint';
  readonly name: string;
}

/** `PREPARE TRANSACTION 'gid'`. */
export interface PrepareTransactionStmt {
  readonly kind: 'prepareTransaction';
  readonly gid: string;
}

/** `COMMIT PREPARED 'gid'`. */
export interface CommitPreparedStmt {
  readonly kind: 'commitPrepared';
  readonly gid: string;
}

/** `ROLLBACK PREPARED 'gid'`. */
export interface RollbackPreparedStmt {
  readonly kind: 'rollbackPrepared';
  readonly gid: string;
}

/**
 * `SET TRANSACTION modes` (`session` false) or
 * `SET SESSION CHARACTERISTICS AS TRANSACTION modes` (`session` true).
 */
export interface SetTransactionStmt {
  readonly kind: 'setTransaction';
  readonly session: boolean;
  readonly modes: TransactionModes;
}

/**
 * `SET [SESSION | LOCAL] name {TO | =} value, … | DEFAULT`. Values are literals: identifiers and
 * keywords (`on`, `public`) become `string` literals holding the (case-folded) name, numbers stay
 * `integer`/`numeric`. `value` is 'default' for `TO DEFAULT` (and `SET TIME ZONE LOCAL|DEFAULT`).
 * Special forms map to their settings: `SET TIME ZONE x` → timezone, `SET NAMES x` →
 * client_encoding, `SET SCHEMA 'x'` → search_path, `SET ROLE x` → role,
 * `SET SESSION AUTHORIZATION x` → session_authorization. `SET TIME ZONE INTERVAL '…' HOUR TO MINUTE`
 * stores the string literal `INTERVAL '…' HOUR TO MINUTE` (as PostgreSQL flattens it).
 */
export interface SetStmt {
  readonly kind: 'set';
  readonly name: string;
  readonly local: boolean;
  readonly value: readonly Literal[] | 'default';
}

/** `SHOW name | ALL` (`name` is 'all' for ALL; `SHOW TIME ZONE` → timezone, `SHOW TRANSACTION ISOLATION LEVEL` → transaction_isolation). */
export interface ShowStmt {
  readonly kind: 'show';
  readonly name: string;
}

/** `RESET name | ALL` (`name` is 'all' for ALL). */
export interface ResetStmt {
  readonly kind: 'reset';
  readonly name: string;
}

/**
 * An option of EXPLAIN or VACUUM: `(ANALYZE, FORMAT json, COSTS off)`; `value` missing when only
 * the name is written; `location` (where its name starts, for error positions) missing for the
 * keyword forms (`EXPLAIN ANALYZE`).
 */
export interface UtilityOption {
  readonly name: string;
  readonly value?: string;
  readonly location?: number;
}

/**
 * `EXPLAIN [ANALYZE] [VERBOSE] stmt` or `EXPLAIN (option [value], …) stmt`. The keyword forms are
 * converted to options, as PostgreSQL does: `EXPLAIN ANALYZE` → [{ name: 'analyze' }]. The
 * statement is one of gram.y's ExplainableStmt: a query, INSERT / UPDATE / DELETE / MERGE,
 * CREATE TABLE AS / CREATE MATERIALIZED VIEW, REFRESH MATERIALIZED VIEW, EXECUTE or DECLARE.
 */
export interface ExplainStmt {
  readonly kind: 'explain';
  readonly options: readonly UtilityOption[];
  readonly statement: Statement;
}

/** A table named by ANALYZE or VACUUM, with an optional column list. */
export interface VacuumRelation {
  readonly name: ObjectName;
  readonly columns: readonly string[];
}

/** `ANALYZE [VERBOSE] [t [(cols)], …]` (no tables: the whole database). */
export interface AnalyzeStmt {
  readonly kind: 'analyze';
  readonly options: readonly UtilityOption[];
  readonly tables: readonly VacuumRelation[];
}

/** `VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [t, …]` or `VACUUM (options) [t, …]`; keywords become options. */
export interface VacuumStmt {
  readonly kind: 'vacuum';
  readonly options: readonly UtilityOption[];
  readonly tables: readonly VacuumRelation[];
}
