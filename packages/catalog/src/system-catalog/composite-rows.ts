/**
 * pg_type's rows for the row types of relations (row-types.ts): the composite (typtype 'c',
 * typcategory 'C', typrelid its relation, record_in/record_out/…) and its array type `_name`
 * (array_in/…), owned by the relation's owner, as PostgreSQL's heap_create_with_catalog makes them.
 */
import type { CompositeType, Value } from '@rustydb/common';
import { privilegesFor } from '../privileges.js';
import type { SystemCatalog } from './system-catalog.js';

/** One pg_type row, in PG_TYPE_COLUMNS order (pg-global-relations.ts). */
function typeRow(sc: SystemCatalog, c: CompositeType, owner: number, array: boolean): Value[] {
  const io = array ? 'array' : 'record';
  return [
    array ? c.arrayOid : c.oid,
    array ? `_${c.name}` : c.name,
    sc.view.schemaOid(c.schema) ?? 0,
    owner,
    -1,
    false,
    array ? 'b' : 'c',
    array ? 'A' : 'C',
    false,
    true,
    ',',
    array ? 0 : c.relid,
    array ? 'array_subscript_handler' : '-',
    array ? c.oid : 0,
    array ? 0 : c.arrayOid,
    `${io}_in`,
    `${io}_out`,
    `${io}_recv`,
    `${io}_send`,
    '-',
    '-',
    array ? 'array_typanalyze' : '-',
    'd',
    'x',
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

/** The pg_type rows of every row type and its array type. */
export function compositeTypeRows(sc: SystemCatalog): Value[][] {
  const privileges = privilegesFor(sc.view);
  const out: Value[][] = [];
  for (const c of sc.view.compositeTypes()) {
    const owner = privileges.owner(c.relid, 'table');
    out.push(typeRow(sc, c, owner, false), typeRow(sc, c, owner, true));
  }
  return out;
}
