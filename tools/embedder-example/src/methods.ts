/**
 * The access methods that register LogStore and SortedArrayIndex with a database:
 *
 *   const ext = exampleAccessMethods();
 *   const db = await Database.open(dir, { tableStores: [ext.tableStore], indexMethods: [ext.indexMethod] });
 *
 * Each call makes a fresh pair that owns its relations (a map from FileId to store or index),
 * so two databases in one process never share a table: no module-level state, as the engine's
 * registries require. Use one pair per open Database.
 *
 * Both methods are unlogged (`durable: false`). The engine then empties their tables at startup
 * (and the indexes on them), and rebuilds a non-durable index on a durable (heap) table from the
 * table's rows, so nothing they lost in a restart can be seen.
 */
import type {
  FileId,
  Index,
  IndexContext,
  IndexMethod,
  StoreContext,
  TableStore,
  TableStoreMethod,
} from '@rustydb/engine';
import { LogStore } from './log-store.js';
import { SortedArrayIndex } from './sorted-array-index.js';

/** A table access method and an index access method for one database. */
export interface ExampleAccessMethods {
  /** `CREATE TABLE … USING log`. */
  readonly tableStore: TableStoreMethod;
  /** `CREATE INDEX … USING sorted` (ordered: serves ranges and ORDER BY). */
  readonly indexMethod: IndexMethod;
}

/** Makes the pair. Synchronous; never throws. */
export function exampleAccessMethods(): ExampleAccessMethods {
  const stores = new Map<FileId, LogStore>();
  const indexes = new Map<FileId, SortedArrayIndex>();
  return {
    tableStore: {
      name: 'log',
      durable: false,
      create(_ctx: StoreContext, file: FileId): TableStore {
        const store = new LogStore();
        stores.set(file, store);
        return store;
      },
      // After a restart the map is new and empty: the table comes back empty, as `durable: false` promises.
      open(_ctx: StoreContext, file: FileId): TableStore {
        let store = stores.get(file);
        if (store === undefined) {
          store = new LogStore();
          stores.set(file, store);
        }
        return store;
      },
      drop(_ctx: StoreContext, file: FileId): void {
        stores.delete(file);
      },
    },
    indexMethod: {
      name: 'sorted',
      ordered: true,
      durable: false,
      create(_ctx: IndexContext, file: FileId): Index {
        const index = new SortedArrayIndex();
        indexes.set(file, index);
        return index;
      },
      open(_ctx: IndexContext, file: FileId): Index {
        let index = indexes.get(file);
        if (index === undefined) {
          index = new SortedArrayIndex();
          indexes.set(file, index);
        }
        return index;
      },
      drop(_ctx: IndexContext, file: FileId): void {
        indexes.delete(file);
      },
    },
  };
}
