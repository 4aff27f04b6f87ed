/**
 * The catalog as the planner, optimizer and executor read it: plain, frozen definitions. The
 * catalog stores them transactionally in system tables (see catalog.ts); readers never see
 * storage details beyond a relation's file and access-method name.
 */

import type { DomainType, EnumType, FileId, Oid, SqlType } from '@rustydb/common';
import type { FunctionDef } from './catalog-data.js';
import type { TableStatistics } from './statistics.js';
import type { TriggerDef } from './trigger-row.js';

export interface ColumnDef {
  /** 1-based attribute number, as pg_attribute.attnum: the column's position in stored rows. */
  readonly attnum: number;
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  /**
   * The DEFAULT expression as SQL text (parsed when used), or undefined. For a generated column
   * it is the generation expression (as pg_attrdef holds it): not a default.
   */
  readonly defaultSql?: string;
  /** GENERATED … AS IDENTITY: ALWAYS rejects explicit values unless OVERRIDING SYSTEM VALUE. */
  readonly identity?: 'always' | 'byDefault';
  /**
   * GENERATED ALWAYS AS (defaultSql) STORED (attgenerated 's'): computed from the row's other
   * columns on every INSERT and UPDATE, never written directly.
   */
  readonly generated?: 'stored';
}

export interface IndexDef {
  readonly oid: Oid;
  readonly name: string;
  readonly table: Oid;
  readonly file: FileId;
  /** Access method name: 'btree', … */
  readonly method: string;
  /**
   * Does the access method serve range scans and ORDER BY (`IndexMethod.ordered`)? Set by the
   * catalog from its registry; when absent, only 'btree' and 'lsm' count as ordered.
   */
  readonly ordered?: boolean;
  /** Attribute numbers of the key columns, in key order; 0 for an expression key (see `expressions`). */
  readonly columns: readonly number[];
  /**
   * SQL texts of the expression keys, one per 0 in `columns`, in key order (PostgreSQL's
   * indexprs), over the table's column names. Absent or empty: every key is a column.
   */
  readonly expressions?: readonly string[];
  /** A partial index's predicate (CREATE INDEX … WHERE) as SQL text over the table's columns. */
  readonly predicateSql?: string;
  /**
   * INCLUDE columns' attnums: stored in each entry after the key columns (the entry's key bytes
   * are the key values followed by these), never part of the key's order or uniqueness.
   */
  readonly include?: readonly number[];
  /** Per key column: descending order? */
  readonly descending: readonly boolean[];
  readonly unique: boolean;
  readonly primary: boolean;
  /** Storage parameters (pg_class.reloptions) as `name=value` texts; absent for none. */
  readonly options?: readonly string[];
  /** An index on an unlogged table (relpersistence 'u'), unlogged as its table. */
  readonly unlogged?: true;
}

export type ConstraintKind = 'primary' | 'unique' | 'check' | 'foreign';

/** ON DELETE / ON UPDATE of a foreign key. */
export type ReferentialAction = 'noAction' | 'restrict' | 'cascade' | 'setNull' | 'setDefault';

/** What a FOREIGN KEY references. */
export interface ForeignKeyTarget {
  readonly table: Oid;
  /** Referenced attnums, paired with the constraint's `columns`. */
  readonly columns: readonly number[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface ConstraintDef {
  readonly oid: Oid;
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly columns: readonly number[];
  /**
   * The index enforcing a primary key or unique constraint; for a foreign key, the referenced
   * table's unique index the check goes through.
   */
  readonly index?: Oid;
  /** CHECK: the expression as SQL text, over the table's column names. */
  readonly checkSql?: string;
  /** FOREIGN KEY: the referenced table, columns and actions. */
  readonly references?: ForeignKeyTarget;
  /** Added NOT VALID and not validated since: existing rows may violate it (NOT convalidated). */
  readonly notValid?: boolean;
  /** DEFERRABLE (PRIMARY KEY, UNIQUE, FOREIGN KEY): may be checked at commit (condeferrable). */
  readonly deferrable?: boolean;
  /** INITIALLY DEFERRED: checked at commit unless SET CONSTRAINTS says IMMEDIATE (condeferred). */
  readonly initiallyDeferred?: boolean;
}

/** A foreign key of another table (or this one) that references a table. */
export interface ReferencingKey {
  /** The referencing (child) table. */
  readonly table: Oid;
  readonly constraint: ConstraintDef;
}

export interface TableDef {
  readonly oid: Oid;
  readonly schema: string;
  readonly name: string;
  /** Table access method name: 'heap', 'memory', … */
  readonly method: string;
  readonly file: FileId;
  /** The live columns in attnum order (attnums may have gaps where columns were dropped). */
  readonly columns: readonly ColumnDef[];
  readonly indexes: readonly IndexDef[];
  readonly constraints: readonly ConstraintDef[];
  /**
   * The layout of stored rows when it differs from `columns` (a column was dropped): the type of
   * every attnum 1…n, dropped ones included, so old rows decode. Undefined when attnums are
   * exactly 1…columns.length.
   */
  readonly storedTypes?: readonly SqlType[];
  /** Storage parameters (pg_class.reloptions) as `name=value` texts; absent for none. */
  readonly options?: readonly string[];
  /** Foreign keys that reference this table: what DELETE and UPDATE on it must enforce. */
  readonly referencedBy?: readonly ReferencingKey[];
  /** Set when the relation is a materialized view (relkind 'm'): stored like a table. */
  readonly matview?: MatviewDef;
  /** Its triggers (CREATE TRIGGER), in name order; absent for none (DML then pays nothing). */
  readonly triggers?: readonly TriggerDef[];
  /**
   * CREATE UNLOGGED TABLE (relpersistence 'u'): its changes and its indexes' are not WAL-logged,
   * and it is emptied at startup after a crash. Absent for a permanent or temporary table.
   */
  readonly unlogged?: true;
}

/** What a materialized view adds to its TableDef. */
export interface MatviewDef {
  /** The query as SQL text (`formatQuery` of the parsed SELECT), as a view's. */
  readonly querySql: string;
  /** relispopulated: false after WITH NO DATA until a REFRESH fills it. */
  readonly populated: boolean;
}

/** A view: a stored query, expanded by the planner where it is named. */
export interface ViewDef {
  readonly oid: Oid;
  readonly schema: string;
  readonly name: string;
  /**
   * The view's columns (names as the view exposes them, types as first bound); `defaultSql`:
   * ALTER VIEW … SET DEFAULT, used by INSERT and UPDATE through the view.
   */
  readonly columns: readonly {
    readonly name: string;
    readonly type: SqlType;
    readonly defaultSql?: string;
  }[];
  /** The query as SQL text (`formatQuery` of the parsed SELECT). */
  readonly querySql: string;
  /** reloptions as `name=value` (`check_option=cascaded`, `security_barrier=true`); absent: none. */
  readonly options?: readonly string[];
}

/** A sequence's definition (its current value lives in its file, see Catalog.nextval). */
export interface SequenceDef {
  readonly oid: Oid;
  readonly schema: string;
  readonly name: string;
  readonly file: FileId;
  readonly type: SqlType;
  readonly start: bigint;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly cache: bigint;
  readonly cycle: boolean;
  /** OWNED BY table.column (SERIAL, identity), if any. */
  readonly ownedBy?: { readonly table: Oid; readonly attnum: number };
}

/** Read access to the catalog as one transaction sees it. */
export interface CatalogReader {
  /** A table by name; `schema` undefined searches the search path. */
  table(name: string, schema?: string): TableDef | undefined;
  tableByOid(oid: Oid): TableDef | undefined;
  /** Every user table, for introspection. */
  tables(): readonly TableDef[];
  /** A view by name (search path as `table`). Optional so test catalogs need not have views. */
  view?(name: string, schema?: string): ViewDef | undefined;
  /** A sequence by name (search path as `table`). */
  sequence?(name: string, schema?: string): SequenceDef | undefined;
  /**
   * A user-defined (enum) type by name (search path as `table`). Optional: a reader without it
   * knows only the built-in types.
   */
  enumType?(name: string, schema?: string): EnumType | undefined;
  /** A domain by name (search path as `table`). Optional, as `enumType`. */
  domainType?(name: string, schema?: string): DomainType | undefined;
  /**
   * What ANALYZE stored for table `tableOid`, as this reader's transaction sees it; undefined
   * when it was never analyzed. Optional: a reader without statistics plans with defaults.
   */
  statistics?(tableOid: Oid): TableStatistics | undefined;
  /**
   * The comment (COMMENT ON) on object `objectOid` — a relation or schema — or, with `subId` > 0,
   * on its column of that attnum, as this reader's transaction sees it (pg_description); undefined
   * when there is none. Optional: what obj_description / col_description and psql's \d+ read.
   */
  description?(objectOid: Oid | number, subId: number): string | undefined;
  /**
   * The schemas an unqualified name is looked up in, in order (temporary schema and search_path).
   * Optional: without it, pg_catalog's computed relations are found before any user relation.
   */
  readonly effectivePath?: readonly string[];
  /** An installed extension (CREATE EXTENSION) by name: its functions are callable. Optional. */
  extension?(name: string): { readonly schema: string } | undefined;
  /** The user-defined functions (CREATE FUNCTION) named `name`, in every schema. Optional. */
  functionsNamed?(name: string): readonly FunctionDef[];
  /** Pages the table's store occupies now (the cost model scales reltuples by it). Optional. */
  relationPages?(table: TableDef): number;
  /**
   * Pages of the table its store's visibility map marks all-visible now (PostgreSQL's
   * relallvisible; the cost of an Index Only Scan). Optional: 0 when absent.
   */
  allVisiblePages?(table: TableDef): number;
}
