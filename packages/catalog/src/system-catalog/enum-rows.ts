/**
 * pg_type's rows for the enum types (typtype 'e', typcategory 'E', enum_in/enum_out/…) and their
 * array types (`_mood`, array_in/…), and pg_enum: one row per label with its sort order. Both
 * come from the statement's CatalogView, so they are as MVCC-consistent as the rest.
 */
import type { Value } from '@rustydb/common';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';
import { type UserTypeShape, userTypeRows } from './user-type-rows.js';

/** An enum's pg_type row: four bytes by value (the label's OID), enum_in/enum_out/…. */
const ENUM_SHAPE: UserTypeShape = {
  io: 'enum',
  len: 4,
  byval: true,
  typtype: 'e',
  category: 'E',
  relid: 0,
  align: 'i',
  storage: 'p',
};

/** The pg_type rows of every enum and its array type, by OID. */
export function enumTypeRows(sc: SystemCatalog): Value[][] {
  const out: Value[][] = [];
  for (const { def, owner } of sc.view.enumTypes()) {
    out.push(...userTypeRows(sc, def, owner, ENUM_SHAPE));
  }
  return out;
}

export const pgEnum = defineRelation(
  'pg_catalog',
  'pg_enum',
  3501,
  'oid oid, enumtypid oid, enumsortorder float4, enumlabel name',
  (sc) =>
    sc.view
      .enumTypes()
      .flatMap(({ def }) => def.labels.map((l): Value[] => [l.oid, def.oid, l.sortOrder, l.label])),
);
