/**
 * pg_type's rows for the row types of relations (row-types.ts): the composite (typtype 'c',
 * typcategory 'C', typrelid its relation, record_in/record_out/…) and its array type `_name`
 * (array_in/…), owned by the relation's owner, as PostgreSQL's heap_create_with_catalog makes them.
 */
import type { Value } from '@rustydb/common';
import { privilegesFor } from '../privileges.js';
import type { SystemCatalog } from './system-catalog.js';
import { userTypeRows } from './user-type-rows.js';

/** The pg_type rows of every row type and its array type. */
export function compositeTypeRows(sc: SystemCatalog): Value[][] {
  const privileges = privilegesFor(sc.view);
  const out: Value[][] = [];
  for (const c of sc.view.compositeTypes()) {
    const owner = privileges.owner(c.relid, 'table');
    out.push(
      ...userTypeRows(sc, c, owner, {
        io: 'record',
        len: -1,
        byval: false,
        typtype: 'c',
        category: 'C',
        relid: c.relid,
        align: 'd',
        storage: 'x',
      }),
    );
  }
  return out;
}
