/**
 * CREATE TYPE … AS (…): a standalone composite type, as PostgreSQL's DefineCompositeType makes it
 * — a sys_relation row of kind 'c' (no file) with a sys_attribute row per field, and the row type
 * and array type every relation has (row-types.ts). Its name is both a relation's and a type's.
 * DROP TYPE of it is drop-ddl.ts's `dropCompositeType`.
 */
import { type CompositeType, DbError, type SqlType } from '@rustydb/common';
import { storedColumnType } from './catalog-data.js';
import type { CatalogWriter } from './catalog-writer.js';
import { allocateRowType } from './row-types.js';
import { checkSchema } from './table-ddl.js';
import { typeNameTaken } from './type-ddl.js';

export interface CompositeTypeSpec {
  /** The first search_path schema when omitted. */
  readonly schema?: string;
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly type: SqlType }[];
}

/** CREATE TYPE … AS (…). See Catalog.createCompositeType. */
export function createCompositeType(w: CatalogWriter, spec: CompositeTypeSpec): CompositeType {
  const schema = spec.schema ?? w.view().creationSchema() ?? 'public';
  checkSchema(w, schema, spec.name);
  if (typeNameTaken(w, schema, spec.name)) throw new DbError('42710', `type "${spec.name}" already exists`);
  const seen = new Set<string>();
  for (const f of spec.fields) {
    if (seen.has(f.name)) throw new DbError('42701', `column "${f.name}" specified more than once`);
    seen.add(f.name);
  }
  const oid = w.allocateOid();
  const rowType = allocateRowType(w);
  w.claimName(schema, spec.name);
  w.insert('relation', {
    oid,
    schema,
    name: spec.name,
    kind: 'c',
    method: '',
    file: 0,
    definition: null,
    rowType,
  });
  spec.fields.forEach((f, i) => {
    w.insert('attribute', {
      relation: oid,
      attnum: i + 1,
      name: f.name,
      ...storedColumnType(f.type),
      notNull: false,
      defaultSql: null,
      dropped: false,
      identity: null,
      generated: null,
    });
  });
  return w.view().compositeTypeByOid(rowType.oid)!;
}
