/** The sys_depend rows of a view or materialized view: what its query reads. */
import type { Oid } from '@rustydb/common';
import type { CatalogWriter } from './catalog-writer.js';

/** Normal ('n') rows from `oid` to each relation its query names: DROP of those needs CASCADE. */
export function insertDependencies(w: CatalogWriter, oid: Oid, on: readonly Oid[]): void {
  for (const ref of new Set(on)) {
    if (ref === oid) continue;
    w.insert('depend', { object: oid, objectColumn: 0, referenced: ref, refColumn: 0, type: 'n' });
  }
}
