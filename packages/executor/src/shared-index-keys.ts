/**
 * sharedIndexKeys: one `IndexKeys` per (table definition, index) for indexes whose keys are
 * plain columns, shared by every writer of that table.
 *
 * A TableWriter is built per statement execution; building its IndexKeys bound the index's
 * columns through the planner (`indexKeyExprs`) and compiled them each time, a sizeable part of
 * a point UPDATE's CPU. Column keys depend on nothing but the table definition: no runtime, no
 * catalog lookup that could change without the catalog replacing the TableDef (DDL makes new,
 * frozen TableDef/IndexDef objects, catalog-data.ts), so a WeakMap keyed by the TableDef is exact.
 *
 * Expression and partial indexes are not shared: their compiled parts are built against the
 * statement's runtime. Sharing the column-only ones is safe because an IndexKeys' scratch state
 * (`entry`'s values, `entryRange`'s bound) is used and released within one synchronous call,
 * the same reuse a single writer already makes of it across its rows.
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { IndexKeys } from './index-keys.js';

const byTable = new WeakMap<TableDef, Map<IndexDef, IndexKeys>>();

/** Whether `def`'s entries are plain columns of the row (no expression key, no predicate). */
function columnsOnly(def: IndexDef): boolean {
  return (def.expressions === undefined || def.expressions.length === 0) && def.predicateSql === undefined;
}

/**
 * The IndexKeys of `def` on `table`: the shared one for a column-only index, else a new one
 * compiled with `rt` (see `IndexKeys`' constructor). Synchronous.
 * @throws DbError when an index expression no longer binds (as `new IndexKeys`).
 */
export function sharedIndexKeys(
  table: TableDef,
  def: IndexDef,
  catalog: CatalogReader,
  rt?: ConstructorParameters<typeof IndexKeys>[3],
): IndexKeys {
  if (!columnsOnly(def)) return new IndexKeys(table, def, catalog, rt);
  let forTable = byTable.get(table);
  if (forTable === undefined) {
    forTable = new Map();
    byTable.set(table, forTable);
  }
  let keys = forTable.get(def);
  if (keys === undefined) {
    keys = new IndexKeys(table, def, catalog);
    forTable.set(def, keys);
  }
  return keys;
}
