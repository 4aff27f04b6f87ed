/**
 * @rustydb/engine — the layers composed into a database: `Database.open(dir)`, sessions,
 * statement dispatch, startup recovery, checkpoints; the embedded API and the protocol's Backend.
 *
 * THE LIFE OF A QUERY. Take `INSERT INTO t VALUES (1, 'a')` sent by psql:
 *
 * 1. `protocol` decodes the Query message and calls `Session.simpleQuery(sql, out)` on the
 *    `EngineSession` that `Database.startSession` opened for the connection (session.ts). An
 *    embedded caller gets the same path through `Database.query` / `EmbeddedSession.query`,
 *    whose `ResultCollector` plays the part of `out` (embedded-session.ts).
 * 2. `EngineSession.run` parses the whole text once (`parse` from `@rustydb/parser`) into
 *    statements. One statement outside a block runs in its own transaction (autocommit); several
 *    run in one implicit transaction; BEGIN … COMMIT spans messages. A text that is one query or
 *    DML statement first goes to the session's statement cache (statement-cache.ts): its shape —
 *    the text with literals as placeholders (statement-shape.ts) — finds a plan learnt from an
 *    earlier statement of that shape, proven equal to the plan of the literal text
 *    (literal-params.ts, plan-equivalence.ts), which runs at once with the literals as parameter
 *    values: no parse, bind or optimize. A miss takes the path below and teaches the cache.
 * 3. Transaction control (BEGIN/COMMIT/ROLLBACK) and SET/SHOW/RESET are handled by the session
 *    itself (setting-statements.ts); DDL (CREATE TABLE/INDEX/VIEW/SCHEMA/SEQUENCE, ALTER
 *    TABLE/SEQUENCE, TRUNCATE, DROP; COMMENT ON in comment-statement.ts) by `runSchemaStatement` (schema-statements.ts and the
 *    *-statement(s).ts files beside it), which writes the catalog's system relations in the
 *    statement's transaction (`Catalog.createTable`, …) and, for validations and table
 *    rewrites, runs queries of its own through the same planner and executor
 *    (internal-query.ts). Names resolve through the session's search_path and temporary schema
 *    (search-path.ts); nextval and friends reach the catalog's sequences through the session
 *    (session-sequences.ts). COMMENT ON (comment-statement.ts) stores comments the same way
 *    (`Catalog.setDescription`).
 * 4. Everything else that reads or writes rows goes down the planned path
 *    (planned-statement.ts): `txns.begin()` gives the transaction, `tx.startStatement()` its
 *    snapshot, `catalog.reader(tx)` the definitions it may see; then
 *    `bindStatement` (`@rustydb/planner`: names and types → logical plan) →
 *    `optimize` (`@rustydb/optimizer`: access paths → physical plan) →
 *    `executePlan` (`@rustydb/executor`): synchronous operators pull row batches from the
 *    TableStores and Indexes the catalog opened (`Catalog.store` / `Catalog.index`), encode rows
 *    with the row codec and insert tuple versions stamped with the transaction's xid; the heap
 *    logs each page change to the WAL before the page is dirtied in the buffer pool.
 * 5. Rows stream to `out.dataRow` as batches are produced (after `out.rowDescription` from
 *    `outputColumns`); the executor yields to the event loop every few batches and calls
 *    `checkInterrupts`, where a `Database.cancel` request surfaces as 57014.
 * 6. `out.commandComplete('INSERT 0 1')`; `tx.nextCommand()` inside a block, or
 *    `tx.commit()` in autocommit: the commit record is appended and its WAL flush awaited —
 *    concurrent sessions share one fdatasync (group commit). Only then does the client hear
 *    back, so an acknowledged commit survives a crash. `Catalog.commitTransaction` publishes
 *    the new catalog state and removes files of dropped relations.
 * 7. Pages reach the data files later: evicted by the pool, written by its background writer, or
 *    at the next checkpoint (checkpointer.ts). After a crash, `Database.open` replays the WAL
 *    from the last checkpoint (recovery.ts) before anyone connects.
 *
 * THE EXTENDED PROTOCOL takes the same path in pieces (session.ts): Parse →
 * `EngineSession.prepare` parses and binds once into a `PreparedStatement` whose plan is cached
 * and reused while the catalog view (the catalog's epoch) and the planner settings are unchanged
 * (prepared-statement.ts); Bind → `bind` makes a `Portal` holding the plan and the parameter
 * values; Execute → `execute` streams the portal's rows through a `RowCursor`, stopping at the
 * row limit and resuming on the next Execute (portal.ts); Sync → `sync` commits the pipeline's
 * implicit transaction. COPY FROM STDIN / TO STDOUT run as statements (copy-from.ts,
 * copy-to.ts, copy-reader.ts), reading and writing CopyData through the QueryOutput.
 *
 * VACUUM (vacuum.ts, vacuum-statement.ts) removes versions no snapshot can see — their index
 * entries first, then their slots, which inserts reuse; autovacuum (autovacuum.ts) runs it in
 * bounded ticks on tables past PostgreSQL's dead-version threshold.
 *
 * ANALYZE (analyze.ts) samples tables into the catalog's planner statistics; auto-analyze
 * (auto-analyze.ts) re-analyzes tables past PostgreSQL's change threshold in bounded ticks.
 * EXPLAIN (explain-statement.ts) prints the optimizer's plan with costs, or runs it under
 * EXPLAIN ANALYZE's instrumentation.
 *
 * ROLES (role-statements.ts, role-settings.ts): CREATE / ALTER / DROP ROLE write the catalog's
 * sys_authid with PostgreSQL's permission rules and password handling (verifiers only, per
 * password_encryption); a session runs as its startup packet's user (embedded: the bootstrap
 * superuser `rustydb`), which must exist, have LOGIN and be under its CONNECTION LIMIT
 * (login-check.ts); SET ROLE / SET SESSION AUTHORIZATION change who it is. `setRolePassword`
 * serves the server's RUSTYDB_PASSWORD bootstrap and its auth/roles.json import.
 *
 * LISTEN / NOTIFY (notification-hub.ts, session-notifications.ts): applied when the transaction
 * commits, in commit order, to every listening session; the protocol sends them when idle.
 *
 * The data directory layout is in data-directory.ts.
 */

export { type CommandId, DbError, type FileId, type Tid, type TxnId } from '@rustydb/common';
export {
  compareKeys,
  type Index,
  type IndexContext,
  type IndexCursor,
  type IndexMethod,
  type KeyBound,
  type KeyRange,
} from '@rustydb/index';
// Extension contracts: what an embedder implements and registers through
// `Database.open({ tableStores, indexMethods })` (docs/extending.md). Re-exported so an
// embedder needs no other runtime package; the conformance suites are in
// `@rustydb/storage/testing` and `@rustydb/index/testing`.
export type {
  StoreContext,
  TableStore,
  TableStoreMethod,
  TupleCursor,
  TupleVersion,
  VacuumCounters,
  VacuumRequest,
  VacuumResult,
} from '@rustydb/storage';
export { analyzeTable, TableSampler } from './analyze.js';
export { AutoAnalyze, type AutoAnalyzeOptions, type AutoAnalyzeTick } from './auto-analyze.js';
export { Autovacuum, type AutovacuumOptions, type AutovacuumTick } from './autovacuum.js';
// Background work and startup, for tools and tests
export { Checkpointer } from './checkpointer.js';
export { type DataDirectory, isInitialized, openDataDirectory } from './data-directory.js';
// The database
export { DATABASE_NAME, Database, type DatabaseOptions, ROLE_NAME } from './database.js';
// Embedded use
export { EmbeddedSession, type QueryResult, ResultCollector } from './embedded-session.js';
export { DEFAULT_MAX_CONNECTIONS, DEFAULT_SUPERUSER_RESERVED_CONNECTIONS } from './login-check.js';
export { NotificationHub } from './notification-hub.js';
export { type RecoveryStats, recover } from './recovery.js';
// Roles and notifications
export { setRolePassword } from './role-passwords.js';
// Sessions (the protocol's Session)
export { EngineSession } from './session.js';
export { SERVER_VERSION, SessionSettings } from './session-settings.js';
export { type CachedStatement, type Lookup, StatementCache } from './statement-cache.js';
export {
  type LiteralClass,
  type LiteralSlot,
  type StatementShape,
  statementShape,
} from './statement-shape.js';
export { type VacuumVerdict, vacuumVerdict } from './vacuum.js';
