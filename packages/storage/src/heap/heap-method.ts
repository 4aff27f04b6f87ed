/**
 * `heap`, the durable table access method: `CREATE TABLE … USING heap` (the default).
 */
import type { FileId } from '@rustydb/common';
import type { StoreContext, TableStore, TableStoreMethod } from '../table-store.js';
import { HeapStore } from './heap-store.js';

/**
 * The heap method. `create` logs `file-create` and creates the file; `drop` logs `file-drop`,
 * flushes the WAL through it and removes the file (call it once the dropping transaction has
 * committed: the removal cannot be undone). Synchronous.
 */
export const heapMethod: TableStoreMethod = {
  name: 'heap',
  durable: true,
  create(ctx: StoreContext, file: FileId): TableStore {
    ctx.wal.append({ kind: 'file-create', file });
    ctx.pool.createFile(file);
    return new HeapStore(ctx, file);
  },
  open(ctx: StoreContext, file: FileId): TableStore {
    return new HeapStore(ctx, file);
  },
  drop(ctx: StoreContext, file: FileId): void {
    ctx.wal.append({ kind: 'file-drop', file });
    // Log first and durably: a removed file cannot come back, so recovery must always find the
    // record that explains its absence (as PostgreSQL flushes before unlinking).
    ctx.wal.flushSync(ctx.wal.insertLsn);
    ctx.pool.dropFile(file);
  },
};
