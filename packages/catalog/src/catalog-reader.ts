/**
 * The catalog as the planner, optimizer and executor read it: plain, frozen definitions. The
 * catalog stores them transactionally in system tables (see catalog.ts); readers never see
 * storage details beyond a relation's file and access-method name.
 */
import type { FileId, Oid, SqlType } from '@rustydb/common';

export interface ColumnDef {
  /** 1-based attribute number, as pg_attribute.attnum. */
  readonly attnum: number;
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  /** The DEFAULT expression as SQL text (parsed when used), or undefined. */
  readonly defaultSql?: string;
}

export interface IndexDef {
  readonly oid: Oid;
  readonly name: string;
  readonly table: Oid;
  readonly file: FileId;
  /** Access method name: 'btree', … */
  readonly method: string;
  /** Attribute numbers of the key columns, in key order. */
  readonly columns: readonly number[];
  /** Per key column: descending order? */
  readonly descending: readonly boolean[];
  readonly unique: boolean;
  readonly primary: boolean;
}

export type ConstraintKind = 'primary' | 'unique' | 'check' | 'foreign';

export interface ConstraintDef {
  readonly oid: Oid;
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly columns: readonly number[];
  /** The index enforcing a primary key or unique constraint. */
  readonly index?: Oid;
}

export interface TableDef {
  readonly oid: Oid;
  readonly schema: string;
  readonly name: string;
  /** Table access method name: 'heap', 'memory', … */
  readonly method: string;
  readonly file: FileId;
  readonly columns: readonly ColumnDef[];
  readonly indexes: readonly IndexDef[];
  readonly constraints: readonly ConstraintDef[];
}

/** Read access to the catalog as one transaction sees it. */
export interface CatalogReader {
  /** A table by name; `schema` undefined searches the search path. */
  table(name: string, schema?: string): TableDef | undefined;
  tableByOid(oid: Oid): TableDef | undefined;
  /** Every user table, for introspection. */
  tables(): readonly TableDef[];
}
