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
 * VACUUM (optional `vacuum`): a store that implements it removes the versions the engine calls
 * dead and reuses their space. The store never decides what is dead (visibility is `txn`'s) and
 * never touches indexes: it reports the dead versions to the caller, which removes their index
 * entries, and only then frees their slots. A freed tid may be handed out again by a later
 * insert, so an index entry left pointing at it would lead to another row.
 *
 * Synchronous: page work never awaits.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { CommandId, FileId, Logger, Tid, TxnId } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import type { XidStatusOf } from './change-tally.js';

/** A tuple version as the caller sees it. `data` may be a view into a page: see each method. */
export interface TupleVersion {
  readonly tid: Tid;
  readonly xmin: TxnId;
  readonly xmax: TxnId;
  readonly cmin: CommandId;
  readonly cmax: CommandId;
  /** The newer version of this row (set by UPDATE), or the tuple's own tid if none. */
  readonly ctid: Tid;
  /**
   * Heap tuple flags (`HEAP_HOT_UPDATED`, `HEAP_ONLY_TUPLE`): set by stores with heap-only
   * tuples, absent (0) otherwise. See `followHotChain`-style walks in the executor.
   */
  readonly flags?: number;
  readonly data: Uint8Array;
}

/** The header fields of a version, without its tid, ctid and data: what `TableStore.scan`'s test reads. */
export type TupleHeader = Pick<TupleVersion, 'xmin' | 'xmax' | 'cmin' | 'cmax' | 'flags'>;

/**
 * Fetches versions by tid as views into a pinned page (`TableStore.fetcher`): `fetch` returns a
 * version whose `data` is valid until `release()` or the next `fetch`. One per scan, not shared;
 * always `release()` at the end (it unpins). Synchronous.
 */
export interface TupleFetcher {
  fetch(tid: Tid): TupleVersion | undefined;
  release(): void;
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

/** What `TableStore.vacuum` is asked to do. */
export interface VacuumRequest {
  /**
   * Is this version dead for every snapshot that exists or may ever exist (inserter aborted, or
   * deleter committed before the vacuum horizon)? Called once per version scanned; `v.data` is
   * a view valid during the call only.
   */
  isDead(v: TupleVersion): boolean;
  /**
   * Called with a batch of dead versions before their slots are freed: remove every index entry
   * pointing at them. Their `data` are copies (decode them to recompute index keys). Not called
   * with an empty batch. An error thrown here stops the vacuum before it frees the batch.
   */
  removeIndexEntries(dead: readonly TupleVersion[]): void;
  /**
   * Optional (visibility map): is this kept version visible to every snapshot that exists or
   * may ever exist (inserter committed before the horizon, not deleted)? A store with a
   * visibility map marks a page all-visible when every version it keeps there is. `v.data` is a
   * view valid during the call only.
   */
  isAllVisible?(v: TupleVersion): boolean;
  /** The page (or pseudo-page) to start at: 0 starts a pass, a previous `nextPage` resumes it. */
  readonly fromPage: number;
  /** Stop after this many pages (autovacuum's bound per tick); `Infinity` for the rest of the table. */
  readonly maxPages: number;
}

/** What one `TableStore.vacuum` call did. */
export interface VacuumResult {
  /** Where the next call continues the pass, or -1 when it reached the end of the table. */
  readonly nextPage: number;
  /** Pages visited by this call. */
  readonly scannedPages: number;
  /** Dead versions removed (their slots are free for reuse). */
  readonly removed: number;
  /** Versions kept (live, or dead too recently). */
  readonly kept: number;
  /** Empty pages cut from the end of the table (only when the pass reached the end). */
  readonly truncatedPages: number;
}

/** Counters autovacuum reads to decide whether a table needs a vacuum. */
export interface VacuumCounters {
  /** Versions marked deleted (setXmax) since the last vacuum pass finished (or the store opened). */
  readonly deadSinceVacuum: number;
  /** Estimated live versions: kept by the last pass, plus inserts minus deletes since. */
  readonly liveEstimate: number;
}

export interface TableStore {
  /** The access method's name: 'heap', 'memory', or an embedder's. */
  readonly method: string;
  /**
   * Stores a new version made by (xid, cid) with xmax = 0. Logged by logged stores. `data` is
   * read during the call only (callers may pass a scratch view): a store copies what it keeps.
   */
  insert(xid: TxnId, cid: CommandId, data: Uint8Array): Tid;
  /**
   * The version at `tid`, or undefined if the slot is empty. `data` is a copy: safe to keep.
   */
  fetch(tid: Tid): TupleVersion | undefined;
  /**
   * Optional: a TupleFetcher whose versions are views, not copies (for scans that decode each
   * version before fetching the next). Without it, callers use `fetch`.
   */
  fetcher?(): TupleFetcher;
  /**
   * Scans every version (visible or not). With `isDead` (dead to every snapshot; it reads the
   * header only), the scan may leave out versions it calls dead, which no snapshot can see (the
   * heap asks about deleted versions only). With `after`, the scan starts after that tid, where an
   * earlier scan stopped (a pass resumed later: auto-analyze), instead of at the first version.
   */
  scan(isDead?: (v: TupleHeader) => boolean, after?: Tid): TupleCursor;
  /** Marks the version deleted/updated by (xid, cid). Logged. */
  setXmax(tid: Tid, xmax: TxnId, cmax: CommandId): void;
  /** Links an old version to the newer one an UPDATE made. Logged. */
  setCtid(tid: Tid, ctid: Tid): void;
  /**
   * Optional (UPDATE): `insert(xid, cid, data)` then `setCtid(old, <new tid>)` in one step, and
   * with `markOld` first `setXmax(old, xid, cid)` too. A store may place the new version near the
   * old one (heap: the old version's page when it fits, as PostgreSQL's heap_update, with all the
   * changes in one WAL record). Returns the new version's tid.
   * @throws as `insert`.
   */
  insertNewer?(old: Tid, xid: TxnId, cid: CommandId, data: Uint8Array, markOld?: boolean): Tid;
  /**
   * Optional (HOT, heap-only tuples): an UPDATE that changes no indexed column asks for its new
   * version on the old version's page, flagged heap-only (no index entries: index scans reach it
   * through the chain from the root their entry names), with the old version's xmax, ctid and
   * HOT-updated flag set in the same step. The store may prune the page first with `isDead`
   * (dead to every snapshot). Returns the new tid, or undefined when it did not fit (nothing
   * changed: the caller makes an ordinary update). Versions carry `flags` in such a store.
   */
  insertNewerHot?(
    old: Tid,
    xid: TxnId,
    cid: CommandId,
    data: Uint8Array,
    isDead?: (v: TupleVersion) => boolean,
  ): Tid | undefined;
  /**
   * Optional (HOT): removes the dead members of `page`'s HOT chains (dead by `isDead`), leaving
   * a redirect at a root whose tuple went; a no-op when the page is in use by a cursor. Returns
   * the line pointers freed or redirected. Logged.
   */
  prunePage?(page: number, isDead: (v: TupleVersion) => boolean): number;
  /**
   * Optional (HOT): the root tid of the HOT chain holding the version at `tid` (`tid` itself for
   * a version that is not heap-only; undefined for an unreachable one). CREATE INDEX indexes a
   * chain once, at its root.
   */
  hotRoot?(tid: Tid): Tid | undefined;
  /** Removes every version (TRUNCATE). Logged. */
  truncate(): void;
  /** Pages (or the equivalent) the store occupies: for statistics and tests. */
  pageCount(): number;
  /**
   * Optional (VACUUM): scans up to `maxPages` pages from `fromPage`, hands the dead versions to
   * `removeIndexEntries`, then frees their slots and makes the space reusable by inserts. Logged
   * by logged stores. Kept versions keep their tids. When the pass reaches the end of the table
   * the store may cut empty trailing pages and resets its `vacuumCounters`.
   */
  vacuum?(request: VacuumRequest): VacuumResult;
  /**
   * Optional (bulk INSERT): runs `fn`, whose inserts into this store and into B+tree indexes on
   * the same WAL may be logged together, as one record per batch of pages, by the end of `fn`
   * (`Wal.batchPageChanges`). `fn` must not keep cursors open across its inserts. Synchronous.
   */
  batchLogging?<T>(fn: () => T): T;
  /** Optional (autovacuum): deletes since the last vacuum and a live-version estimate. In memory. */
  vacuumCounters?(): VacuumCounters;
  /**
   * Optional (auto-analyze, change-tally.ts): rows inserted, updated or deleted by transactions
   * that committed, since the store was opened (an update counts 1). Undefined when the store
   * was given no `xidStatus`. In memory.
   */
  committedChanges?(): number | undefined;
  /**
   * Optional (visibility map, visibility-map.ts): is every version on `page` visible to every
   * snapshot? Index Only Scans skip the version fetch for such pages. A store without it is
   * never all-visible (every entry is checked against its version).
   */
  isAllVisible?(page: number): boolean;
  /** Optional: pages currently all-visible (the cost model's relallvisible). */
  allVisiblePages?(): number;
}

/** What a store implementation gets from the engine. */
export interface StoreContext {
  /** The buffer pool and WAL for paged, logged stores; unlogged stores ignore them. */
  readonly pool: BufferPool;
  readonly wal: Wal;
  readonly logger: Logger;
  /** The commit log's answer for an xid: lets stores count committed changes (`committedChanges`). */
  readonly xidStatus?: XidStatusOf;
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
