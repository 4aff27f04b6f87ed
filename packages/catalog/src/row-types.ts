/**
 * Row types: every table, view and materialized view has a composite type of the same name whose
 * fields are its columns (PostgreSQL's pg_type row with typtype 'c' and typrelid the relation,
 * pg_class.reltype pointing back), plus the array type `_name`. The OIDs are allocated when the
 * relation is created and kept in its sys_relation row (`rowType`); the fields are the
 * relation's live columns as this catalog snapshot has them, so ALTER TABLE … ADD / DROP / RENAME
 * COLUMN and RENAME TO change the row type with no row of its own to rewrite.
 *
 * A relation created before row types existed has no `rowType`: its name is then not a type and
 * a whole-row reference to it stays an anonymous `record`.
 */
import type { CompositeType, RecordField } from '@rustydb/common';
import type { CatalogWriter } from './catalog-writer.js';
import type { RelationRow, RowTypeOids } from './system-tables.js';

/**
 * The OIDs of a new relation's row type: the array type's first, then the type's, as PostgreSQL's
 * heap_create_with_catalog assigns them (a table created at OID n has reltype n + 2, typarray n + 1).
 */
export function allocateRowType(w: CatalogWriter): RowTypeOids {
  const arrayOid = w.allocateOid();
  return { oid: w.allocateOid(), arrayOid };
}

/** The row type of relation `rel` with fields `columns`, or undefined when it has none. */
export function rowTypeOf(
  rel: RelationRow,
  columns: readonly { readonly name: string; readonly type: RecordField['type'] }[],
): CompositeType | undefined {
  if (rel.rowType === undefined) return undefined;
  return Object.freeze({
    oid: rel.rowType.oid,
    arrayOid: rel.rowType.arrayOid,
    name: rel.name,
    schema: rel.schema,
    relid: rel.oid,
    fields: Object.freeze(columns.map((c) => Object.freeze({ name: c.name, type: c.type }))),
  });
}
