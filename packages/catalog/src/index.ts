/**
 * @rustydb/catalog — what exists in a database: tables, their columns, indexes and constraints.
 *
 * Owns:
 * - The system relations (system-tables.ts): `heap` TableStores at reserved FileIds 1–4 and 6–8
 *   holding one row per relation (table, index, view, sequence), column, index, constraint,
 *   schema, sequence and dependency, encoded by the row codec. DDL writes them with the caller's
 *   transaction id, so it commits and rolls back with MVCC like any row.
 * - `Catalog` (catalog.ts): DDL (tables, indexes, ALTER TABLE, constraints, views, schemas,
 *   sequences, TRUNCATE's file swap) with PostgreSQL's dependency rules (drop-ddl.ts),
 *   per-transaction views (`reader(tx, searchPath)`, a `CatalogReader`), the cache of the
 *   committed state, each transaction's pending file creations and removals, and the open
 *   TableStores and Indexes of every relation (`store(def)`, `index(def)`: the executor's
 *   RelationAccess).
 * - Sequence values (sequence-page.ts): one WAL-logged page per sequence, changed outside
 *   transactions, logged 32 values ahead so no value is handed out twice after a crash.
 * - `OidCounter` (oid-counter.ts): the one OID/FileId counter, logged ahead in 'next-oid' WAL
 *   records.
 * - PostgreSQL's naming rules for invented index and constraint names (relation-names.ts).
 *
 * Invariants:
 * - A transaction sees the latest committed catalog plus its own changes (never another live
 *   transaction's), as PostgreSQL's catalog lookups do.
 * - A relation's file exists from the CREATE until the DROP commits; a file created by an
 *   aborted transaction is removed at abort.
 * - Names of tables, indexes, views and sequences share one namespace per schema. Schemas are
 *   `public`, CREATE SCHEMA's, and each session's `pg_temp_<pid>`; `pg_catalog` is reserved.
 *   Every definition carries its schema; unqualified names follow the search path.
 * - Stored rows are decoded by attnum; dropped columns keep their slot (TableDef.storedTypes).
 * - Roles (role-store.ts) live in sys_authid (FileId 11), PostgreSQL's pg_authid: written through
 *   `Catalog.createRole` / `alterRole` / `dropRole` in the caller's transaction, read through
 *   `Catalog.roles(tx?)` (pg_roles, \du) and `Catalog.role(name)` (authentication). A new
 *   directory gets the bootstrap superuser (OID 10). PostgreSQL's predefined roles (pg_monitor,
 *   pg_read_all_data, …; predefined-roles.ts) are not stored: the catalog lists them, and
 *   pg_monitor's memberships, with the stored rows. Owners and ACLs live in sys_acl (FileId 12,
 *   acl-store.ts), role memberships in sys_auth_members (FileId 13), default privileges in
 *   sys_default_acl (FileId 14); privileges.ts answers privilege questions over a CatalogView.
 * - Enum types (type-ddl.ts) live in sys_type (FileId 15), one row per enum with its labels,
 *   written through `Catalog.createEnum` / `addEnumValue` / `renameEnumValue` / `renameType` /
 *   `dropType` in the caller's transaction; a column of an enum type carries the snapshot's
 *   `EnumType` in its SqlType (`CatalogView.enumType` resolves names through the search path).
 *   Domains (domain-ddl.ts) are sys_type rows too, their definition inline, written through
 *   `Catalog.createDomain` / `alterDomain` / `dropDomain`; a domain column's SqlType is its base
 *   type's with the snapshot's `DomainType` (`CatalogView.domainType` resolves names).
 * - Triggers (trigger-ddl.ts) live in sys_trigger (FileId 18, trigger-row.ts), written through
 *   `Catalog.createTrigger` / `dropTrigger` / `renameTrigger` / `setTriggersEnabled`; each
 *   table's TableDef carries them (`triggers`, name order), absent when it has none.
 * - Installed extensions (extension-ddl.ts) live in sys_extension (FileId 16), written through
 *   `Catalog.createExtension` / `dropExtension`; `CatalogView.extension(name)` tells the planner
 *   whether an extension's functions are callable. `plpgsql` is always installed (no row).
 * - User-defined functions and procedures (function-ddl.ts) live in sys_proc (FileId 17,
 *   proc-row.ts; a procedure's row has kind 'p'), written through `Catalog.createFunction` /
 *   `dropFunction`; `CatalogView.functionsNamed(name)` gives the planner their signatures, and
 *   `declaredParameters` their parameters in declared order (what CALL passes arguments for).
 * - Planner statistics (statistics.ts) live in sys_statistic (FileId 10), written by ANALYZE
 *   through `Catalog.setStatistics` in the caller's transaction and read through
 *   `CatalogReader.statistics`; `pgStatsRows` renders them as PostgreSQL's pg_stats.
 * - Comments (COMMENT ON, descriptions.ts) live in sys_description (FileId 9), written through
 *   `Catalog.setDescription`, read through `CatalogReader.description`; a DROP deletes the
 *   comments of everything it dropped, in the same transaction.
 * - `pg_catalog` and `information_schema` (system-catalog/) are computed, never stored: each
 *   `SystemRelation` is a column list plus a row generator over a `SystemCatalog` — the
 *   statement's CatalogView plus the session's `SessionInfo` (user, settings, sessions, roles,
 *   built-in functions) — so they are exactly as MVCC-consistent as the catalog. The planner
 *   binds them to a `systemScan` node (found before the search path, as pg_catalog is), the
 *   executor's SystemScan reads `SystemCatalog.rows`. Roles come from `SessionInfo.roles()`
 *   only (the catalog's roles, predefined ones included). Stored expressions (defaults,
 *   CHECKs, index keys, …) are SQL text here; they print as PostgreSQL's ruleutils prints them
 *   through `SessionInfo.printExpression`, which the engine supplies (parser, binder and the
 *   optimizer's deparser sit above the catalog), via `SystemCatalog.storedExpression`.
 */

// Privileges: ACLs, owners, role memberships (acl.ts, acl-store.ts, member-store.ts, privileges.ts)
export {
  type Acl,
  type AclItem,
  type AclObjectKind,
  ALL_PRIVILEGES,
  aclGrant,
  aclRevoke,
  defaultAcl,
  formatAcl,
  GOPTION_SHIFT,
  grantOptionsOf,
  PRIVILEGE_BY_NAME,
  Privilege,
  PUBLIC_ROLE,
  privilegeLetters,
  privilegeNames,
  privilegesOf,
} from './acl.js';
export { ACL_FILE, DATABASE_OBJECT_OID, type ObjectPrivileges } from './acl-store.js';
export { AVAILABLE_EXTENSIONS, type AvailableExtension } from './available-extensions.js';
// The catalog and its DDL
export {
  type CascadeNotice,
  Catalog,
  type CatalogOptions,
  type CatalogTransaction,
  type SavepointMark,
  type XidStatus,
} from './catalog.js';
export {
  type DeclaredParameter,
  declaredParameters,
  type FunctionDef,
  isTempSchema,
  storedColumnType,
} from './catalog-data.js';
// The read-only view the planner and executor see
export type {
  CatalogReader,
  ColumnDef,
  ConstraintDef,
  ConstraintKind,
  ForeignKeyTarget,
  IndexDef,
  MatviewDef,
  ReferencingKey,
  ReferentialAction,
  SequenceDef,
  TableDef,
  ViewDef,
} from './catalog-reader.js';
export type { StatisticsSource } from './catalog-view.js';
export {
  CatalogView,
  DEFAULT_SCHEMA,
  DEFAULT_SEARCH_PATH,
  type RelationEntry,
  SCHEMAS,
  type SearchPath,
} from './catalog-view.js';
export { computeColumnStatistics, DEFAULT_STATISTICS_TARGET, sampleRowsFor } from './column-statistics.js';
export type { CompositeTypeSpec } from './composite-type-ddl.js';
export { DEFAULT_ACL_FILE, type DefaultAcl } from './default-acl-store.js';
// Comments (COMMENT ON)
export { DESCRIPTION_FILE, type DescriptionWriter } from './descriptions.js';
export type { DomainChange, DomainColumn, DomainSpec } from './domain-ddl.js';
export { domainColumns, isOfDomain } from './domain-ddl.js';
export { type ExtensionSpec, extensionNotAvailable } from './extension-ddl.js';
export { type FunctionSpec, sameArgTypes } from './function-ddl.js';
export { AUTH_MEMBERS_FILE, type Membership, roleReaches } from './member-store.js';
// OIDs
export { FIRST_NORMAL_OID, OID_PREFETCH, OidCounter, type OidLog } from './oid-counter.js';
export { type PgStatsRow, pgStatsRows } from './pg-stats.js';
// Roles (pg_authid) and PostgreSQL's predefined roles
export {
  isPinnedRole,
  isPredefinedMembership,
  isPredefinedRole,
  PREDEFINED_MEMBERSHIPS,
  PREDEFINED_ROLES,
  ROLE_PG_CHECKPOINT,
  ROLE_PG_DATABASE_OWNER,
  ROLE_PG_EXECUTE_SERVER_PROGRAM,
  ROLE_PG_READ_ALL_STATS,
  ROLE_PG_READ_SERVER_FILES,
  ROLE_PG_SIGNAL_BACKEND,
  ROLE_PG_WRITE_SERVER_FILES,
} from './predefined-roles.js';
export { builtinSchemaOid, COLUMN_PRIVILEGES, PrivilegeContext, privilegesFor } from './privileges.js';
export type { ProcArg, ProcRow, ResultColumn, StoredResult, StoredType } from './proc-row.js';
// Names
export {
  chooseRelationName,
  indexNameAddition,
  MAX_IDENTIFIER_BYTES,
  makeObjectName,
} from './relation-names.js';
export {
  AUTHID_FILE,
  BOOTSTRAP_SUPERUSER_OID,
  DEFAULT_ROLE_ATTRIBUTES,
  type RoleAttributes,
  type RoleDef,
} from './role-store.js';
export {
  type ResolvedSequence,
  resolveSequenceOptions,
  type SequenceOptions,
  type SequenceSpec,
  type SequenceType,
} from './sequence-ddl.js';
// Sequence state (the value lives in the sequence's own page)
export { SEQ_LOG_VALS, SEQUENCE_PAGE_KIND, type SequenceState } from './sequence-page.js';
// Planner statistics (ANALYZE) and pg_stats
export {
  type ColumnStatistics,
  STATISTIC_FILE,
  type StatisticsWriter,
  type TableStatistics,
} from './statistics.js';
// The computed catalogs: pg_catalog and information_schema (system-catalog/)
export * from './system-catalog/index.js';
export type { Deferral, ExtensionRow } from './system-tables.js';
// The system relations' layout
export { SYSTEM_FILES, type SystemTable } from './system-tables.js';
export type { CheckSpec, ColumnSpec, ForeignKeySpec, IndexSpec, KeySpec, TableSpec } from './table-ddl.js';
export { type TriggerSpec, triggerNotFound } from './trigger-ddl.js';
export { TRIGGER_TYPE, type TriggerDef, type TriggerRow } from './trigger-row.js';
export type { EnumSpec } from './type-ddl.js';
export type { ViewSpec } from './view-ddl.js';
