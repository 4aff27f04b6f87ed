/**
 * SystemRelation: a computed, read-only relation of `pg_catalog` or `information_schema`
 * (pg_class, information_schema.tables, …). It has no storage: its rows are generated from the
 * catalog as one statement's transaction sees it (a SystemCatalog) each time it is scanned, so
 * they are as MVCC-consistent as the catalog itself (DDL of the transaction included).
 *
 * To add one (pg_prepared_xacts, …): `defineRelation(schema, name, oid, 'col type, …', rows)` in
 * a file of this folder and list it in system-relations-registry.ts. Column types are PostgreSQL's
 * where RustyDB has them; the others are approximated (see APPROXIMATE_TYPES).
 */
import { type SqlType, sqlType, type TypeName, type Value, vectorType } from '@rustydb/common';
import type { SystemCatalog } from './system-catalog.js';

/** One column of a system relation. */
export interface SystemColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** A computed relation; `rows` is called at most once per statement (SystemCatalog caches it). */
export interface SystemRelation {
  readonly schema: 'pg_catalog' | 'information_schema';
  readonly name: string;
  /** The relation's OID (PostgreSQL's own for the catalogs it has a fixed OID for). */
  readonly oid: number;
  readonly columns: readonly SystemColumn[];
  /** Every row, values in column order. Synchronous; throws only on a catalog inconsistency. */
  rows(sc: SystemCatalog): readonly Value[][];
}

/**
 * PostgreSQL types RustyDB does not have, and what stands in for them: `aclitem[]` is `text[]`, an
 * expression tree (`pg_node_tree`) is its SQL text, `inet` is text, and `anyarray` is its text
 * form.
 */
const APPROXIMATE_TYPES: Readonly<Record<string, TypeName>> = {
  _aclitem: '_text',
  pg_node_tree: 'text',
  inet: 'text',
  anyarray: 'text',
  // information_schema domains
  sql_identifier: 'name',
  character_data: 'varchar',
  cardinal_number: 'int4',
  yes_or_no: 'varchar',
  time_stamp: 'timestamptz',
};

/** `'oid oid, relname name, …'` → columns. */
export function parseColumns(spec: string): SystemColumn[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const [name, type] = s.split(/\s+/);
      return {
        name: name!,
        type: vectorType(type!) ?? sqlType(APPROXIMATE_TYPES[type!] ?? (type as TypeName)),
      };
    });
}

/** A SystemRelation from a column spec (see parseColumns) and a row generator. */
export function defineRelation(
  schema: 'pg_catalog' | 'information_schema',
  name: string,
  oid: number,
  columns: string,
  rows: (sc: SystemCatalog) => readonly Value[][],
): SystemRelation {
  return Object.freeze({ schema, name, oid, columns: Object.freeze(parseColumns(columns)), rows });
}

/** A relation PostgreSQL has and RustyDB has nothing for (yet): always empty. */
export const emptyRelation = (name: string, oid: number, columns: string): SystemRelation =>
  defineRelation('pg_catalog', name, oid, columns, () => []);
