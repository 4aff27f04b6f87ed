/**
 * @rustydb/catalog — what exists in a database: tables, their columns, indexes and constraints.
 *
 * Owns:
 * - The system relations (system-tables.ts): `heap` TableStores at reserved FileIds 1–4 holding
 *   one row per relation, column, index and constraint, encoded by the row codec. DDL writes
 *   them with the caller's transaction id, so it commits and rolls back with MVCC like any row.
 * - `Catalog` (catalog.ts): DDL writes (createTable / dropTable / createIndex / dropIndex),
 *   per-transaction views (`reader(tx)`, a `CatalogReader`), the cache of the committed state,
 *   each transaction's pending file creations and removals, and the open TableStores and Indexes
 *   of every relation (`store(def)`, `index(def)`: the executor's RelationAccess).
 * - `OidCounter` (oid-counter.ts): the one OID/FileId counter, logged ahead in 'next-oid' WAL
 *   records.
 * - PostgreSQL's naming rules for invented index and constraint names (relation-names.ts).
 *
 * Invariants:
 * - A transaction sees the latest committed catalog plus its own changes (never another live
 *   transaction's), as PostgreSQL's catalog lookups do.
 * - A relation's file exists from the CREATE until the DROP commits; a file created by an
 *   aborted transaction is removed at abort.
 * - Names of tables and indexes share one namespace per schema. Only `public` holds user
 *   objects; `pg_catalog` is reserved. Every definition carries its schema.
 * - Roles and privileges are not built; system-tables.ts documents where they will go.
 */

// The read-only view the planner and executor see
export type {
  CatalogReader,
  ColumnDef,
  ConstraintDef,
  ConstraintKind,
  IndexDef,
  TableDef,
} from './catalog-reader.js';
export { CatalogView, DEFAULT_SCHEMA, SCHEMAS, type RelationEntry } from './catalog-view.js';

// The catalog and its DDL
export {
  Catalog,
  type CatalogOptions,
  type CatalogTransaction,
  type ColumnSpec,
  type IndexSpec,
  type KeySpec,
  type TableSpec,
  type XidStatus,
} from './catalog.js';

// OIDs
export { FIRST_NORMAL_OID, OID_PREFETCH, OidCounter, type OidLog } from './oid-counter.js';

// Names
export {
  chooseRelationName,
  indexNameAddition,
  makeObjectName,
  MAX_IDENTIFIER_BYTES,
} from './relation-names.js';

// The system relations' layout
export { SYSTEM_FILES, type SystemTable } from './system-tables.js';
