/**
 * TableStore: where one table's tuple versions live. Implementations: `heap` (slotted pages in
 * the buffer pool, WAL-logged, crash-safe) and `memory` (JavaScript arrays, unlogged, empty after a
 * restart, like PostgreSQL's unlogged tables). An embedder registers more through
 * `Database.open({ tableStores })`.
 *
 * A store keeps versions, not rows: it never decides visibility. Each version carries the MVCC
 * header (xmin, xmax, cmin, cmax, and ctid, the newer version an UPDATE made) and an opaque payload
 * (the row encoded by `@rustydb/common`'s row codec). The MVCC rules live once, in `txn`.
 *
 * Synchronous: page work never awaits.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { CommandId, FileId, Logger, Tid, TxnId } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';

/** A tuple version as the caller sees it. `data` may be a view into a page: see each method. */
export interface TupleVersion {
  readonly tid: Tid;
  readonly xmin: TxnId;
  readonly xmax: TxnId;
  readonly cmin: CommandId;
  readonly cmax: CommandId;
  /** The newer version of this row (set by UPDATE), or the tuple's own tid if none. */
  readonly ctid: Tid;
  readonly data: Uint8Array;
}

/**
 * Iterates every version in a store, in storage order. `current` is valid until the next call
 * to `next()` or `close()`; its `data` is a view into a pinned page: decode or copy it before
 * moving on. Always `close()` a cursor (it unpins).
 */
export interface TupleCursor {
  next(): TupleVersion | undefined;
  close(): void;
}

export interface TableStore {
  /** The access method's name: 'heap', 'memory', or an embedder's. */
  readonly method: string;
  /** Stores a new version made by (xid, cid) with xmax = 0. Logged by logged stores. */
  insert(xid: TxnId, cid: CommandId, data: Uint8Array): Tid;
  /**
   * The version at `tid`, or undefined if the slot is empty. `data` is a copy: safe to keep.
   */
  fetch(tid: Tid): TupleVersion | undefined;
  /** Scans every version (visible or not). */
  scan(): TupleCursor;
  /** Marks the version deleted/updated by (xid, cid). Logged. */
  setXmax(tid: Tid, xmax: TxnId, cmax: CommandId): void;
  /** Links an old version to the newer one an UPDATE made. Logged. */
  setCtid(tid: Tid, ctid: Tid): void;
  /** Removes every version (TRUNCATE). Logged. */
  truncate(): void;
  /** Pages (or the equivalent) the store occupies: for statistics and tests. */
  pageCount(): number;
}

/** What a store implementation gets from the engine. */
export interface StoreContext {
  /** The buffer pool and WAL for paged, logged stores; unlogged stores ignore them. */
  readonly pool: BufferPool;
  readonly wal: Wal;
  readonly logger: Logger;
}

/** A table access method: `CREATE TABLE … USING <name>`. */
export interface TableStoreMethod {
  readonly name: string;
  /** Does the store survive a restart (WAL-logged)? `memory` is not. */
  readonly durable: boolean;
  /** Creates the store's files for a new table (logged for durable methods). */
  create(ctx: StoreContext, file: FileId): TableStore;
  /** Opens the store of an existing table (after recovery). */
  open(ctx: StoreContext, file: FileId): TableStore;
  /** Removes the store's files (logged for durable methods). */
  drop(ctx: StoreContext, file: FileId): void;
}
