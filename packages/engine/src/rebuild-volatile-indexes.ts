/**
 * Startup: rebuilds every index whose access method is not durable (an embedder's in-memory
 * index, say) on a table whose store is. After a restart such an index has lost its entries
 * while its table kept its rows, so index scans would silently miss rows; rebuilding it from
 * the table (`rebuildIndex`) before anyone connects restores it. Indexes on non-durable tables
 * need nothing: `Catalog.resetUnloggedRelations` empties the table and them together.
 */
import type { Catalog } from '@rustydb/catalog';
import type { Logger } from '@rustydb/common';
import { rebuildIndex } from '@rustydb/executor';
import type { IndexMethod } from '@rustydb/index';
import type { TableStoreMethod } from '@rustydb/storage';

/**
 * Rebuilds the indexes described above; returns how many. Synchronous (runs in `Database.open`
 * after recovery). @throws DbError 42704 when an index's access method is no longer registered.
 */
export function rebuildVolatileIndexes(
  catalog: Catalog,
  tableStores: ReadonlyMap<string, TableStoreMethod>,
  indexMethods: ReadonlyMap<string, IndexMethod>,
  logger: Logger,
): number {
  let n = 0;
  for (const table of catalog.reader().tables()) {
    if (tableStores.get(table.method)?.durable === false) continue;
    for (const def of table.indexes) {
      if (indexMethods.get(def.method)?.durable !== false) continue;
      const index = catalog.index(def);
      index.truncate();
      rebuildIndex(table, def, catalog.store(table), index, catalog.reader());
      n++;
    }
  }
  if (n > 0) logger.info({ indexes: n }, 'rebuilt non-durable indexes');
  return n;
}
