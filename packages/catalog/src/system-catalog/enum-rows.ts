/**
 * pg_type's rows for the enum types (typtype 'e', typcategory 'E', enum_in/enum_out/…) and their
 * array types (`_mood`, array_in/…), and pg_enum: one row per label with its sort order. Both
 * come from the statement's CatalogView, so they are as MVCC-consistent as the rest.
 */
import type { EnumType, Value } from '@rustydb/common';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

/** One pg_type row, in PG_TYPE_COLUMNS order (pg-global-relations.ts). */
function typeRow(sc: SystemCatalog, e: EnumType, owner: number, array: boolean): Value[] {
  const io = array ? 'array' : 'enum';
  return [
    array ? e.arrayOid : e.oid,
    array ? `_${e.name}` : e.name,
    sc.view.schemaOid(e.schema) ?? 0,
    owner,
    array ? -1 : 4,
    !array,
    array ? 'b' : 'e',
    array ? 'A' : 'E',
    false,
    true,
    ',',
    0,
    array ? 'array_subscript_handler' : '-',
    array ? e.oid : 0,
    array ? 0 : e.arrayOid,
    `${io}_in`,
    `${io}_out`,
    `${io}_recv`,
    `${io}_send`,
    '-',
    '-',
    array ? 'array_typanalyze' : '-',
    'i',
    array ? 'x' : 'p',
    false,
    0,
    -1,
    0,
    0,
    null,
    null,
    null,
  ];
}

/** The pg_type rows of every enum and its array type, by OID. */
export function enumTypeRows(sc: SystemCatalog): Value[][] {
  const out: Value[][] = [];
  for (const { def, owner } of sc.view.enumTypes()) {
    out.push(typeRow(sc, def, owner, false), typeRow(sc, def, owner, true));
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
