/**
 * `memory`, the unlogged table access method: `CREATE TABLE … USING memory`.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import type { StoreContext, TableStore, TableStoreMethod } from '../table-store.js';
import { MemoryStore } from './memory-store.js';

/**
 * The stores of each database, keyed by its buffer pool: `open` in the same process finds the
 * rows `create` made, a new database (a restart) starts empty, and two databases in one process
 * never share a table. The WeakMap lets a closed database's stores be collected.
 */
const storesByPool = new WeakMap<BufferPool, Map<FileId, MemoryStore>>();

function storesOf(ctx: StoreContext): Map<FileId, MemoryStore> {
  let stores = storesByPool.get(ctx.pool);
  if (stores === undefined) {
    stores = new Map();
    storesByPool.set(ctx.pool, stores);
  }
  return stores;
}

/**
 * The memory method: not durable, nothing logged, no files. `open` of a table this database has
 * not created since it started gives an empty store (its rows did not survive the restart).
 */
export const memoryMethod: TableStoreMethod = {
  name: 'memory',
  durable: false,
  create(ctx: StoreContext, file: FileId): TableStore {
    const store = new MemoryStore(ctx.xidStatus);
    storesOf(ctx).set(file, store);
    return store;
  },
  open(ctx: StoreContext, file: FileId): TableStore {
    const stores = storesOf(ctx);
    let store = stores.get(file);
    if (store === undefined) {
      store = new MemoryStore(ctx.xidStatus);
      stores.set(file, store);
    }
    return store;
  },
  drop(ctx: StoreContext, file: FileId): void {
    storesOf(ctx).delete(file);
  },
};
