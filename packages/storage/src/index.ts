/**
 * @rustydb/storage — where table data lives on disk.
 *
 * - `DiskManager` is the buffer pool's PageDevice: one file per relation (`<dir>/<fileId>`),
 *   synchronous page I/O, CRC32C page checksums written on every write and verified on every read
 *   (XX001 on mismatch), fsync of written files and of the directory in `syncAll`.
 * - Heap pages (`heap/heap-page.ts`) are PostgreSQL-style slotted pages holding tuple versions with
 *   their MVCC header; every function that changes a page reports the byte ranges it changed.
 * - `TableStore` is the table access method interface. `HeapStore` keeps versions in heap pages in
 *   the buffer pool and WAL-logs every change with exactly those ranges (`logPageChanges`);
 *   `MemoryStore` keeps them in JavaScript arrays, unlogged. `heapMethod` and `memoryMethod` are
 *   the registrable methods behind `CREATE TABLE … USING heap|memory`.
 * - `redo` replays the records storage owns (page changes, file create/drop/truncate) at recovery.
 * - HOT (heap-only tuples, `insertNewerHot`, heap/heap-prune-chains.ts): an UPDATE that changes no
 *   indexed column puts its new version on the old one's page without index entries; chains are
 *   pruned (dead members removed, the root redirected) by updates, index fetches and vacuum.
 * - VACUUM (`TableStore.vacuum`, optional): a store removes the versions the engine calls dead,
 *   after the engine removed their index entries, and reuses the space. The heap prunes and
 *   compacts pages (`heapPrune`, logged like any page change), remembers free space in an
 *   in-memory free space map (heap/free-space-map.ts) that inserts consult, reuses unused slots, and cuts
 *   empty pages off the end of the file; the memory store empties array positions.
 *
 * Invariants: a slot is freed only after the caller removed the index entries of its version,
 * so no index entry ever leads to a reused slot; a heap page change is logged before its frame is marked dirty, so the pool's WAL
 * rule holds for every page; the first change after a checkpoint logs a full page image, so a
 * torn page is repaired by redo; a file is cut or removed only after the WAL saying so is durable.
 * Stores keep versions and never decide visibility (that is `txn`). Page work is synchronous.
 *
 * Test helpers that import vitest (the TableStore conformance suite) live in the separate entry
 * point `@rustydb/storage/testing`.
 */

// Disk
export { ChangeTally, type XidStatusOf } from './change-tally.js';
export { DiskManager, type DiskManagerOptions, invalidPage, pageChecksum } from './disk-manager.js';
export { HeapCursor } from './heap/heap-cursor.js';
export { heapMethod } from './heap/heap-method.js';
// Heap pages and the heap access method
export {
  addRange,
  formatHeapPage,
  HEAP_HEADER_SIZE,
  HEAP_HOT_UPDATED,
  HEAP_ONLY_TUPLE,
  heapCompact,
  heapFits,
  heapFreeSpace,
  heapInsert,
  heapPrune,
  heapRedirectTarget,
  heapSetCtid,
  heapSetXmax,
  heapSlotCount,
  heapTupleOffset,
  heapTupleXmax,
  initHeapPage,
  isHeapPage,
  LINE_POINTER_SIZE,
  MAX_HEAP_TUPLE_SIZE,
  readHeapTuple,
  TUPLE_HEADER_SIZE,
} from './heap/heap-page.js';
export { heapChainSlots, heapPruneChains } from './heap/heap-prune-chains.js';
export { HeapStore, rowTooBig } from './heap/heap-store.js';
export { memoryMethod } from './memory/memory-method.js';

// The memory access method
export { MemoryStore, SLOTS_PER_PAGE } from './memory/memory-store.js';
// Recovery
export { redo } from './redo.js';
// Table access method contract
export type {
  StoreContext,
  TableStore,
  TableStoreMethod,
  TupleCursor,
  TupleFetcher,
  TupleHeader,
  TupleVersion,
  VacuumCounters,
  VacuumRequest,
  VacuumResult,
} from './table-store.js';
export { VisibilityMap } from './visibility-map.js';
