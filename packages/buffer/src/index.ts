/**
 * @rustydb/buffer — the buffer pool.
 *
 * The pool keeps a fixed number of PAGE_SIZE frames and maps (file, page) to them. Callers pin a
 * page, read or change its bytes synchronously, mark it dirty and unpin it; the pool decides
 * which unpinned page to evict (CLOCK with usage counts by default, or LRU) and writes dirty
 * pages back through a `PageDevice` (storage's DiskManager in production).
 *
 * Invariants the pool keeps:
 * - A pinned page is never evicted and its bytes stay put until the last unpin.
 * - The WAL rule: a dirty page is written only once the WAL is durable up to the page's LSN
 *   (bytes 0..8 of every page), via the `WalFlusher` it was given.
 * - A file's page count covers pages created in the pool and not yet written.
 *
 * The pool knows nothing of page layouts beyond the common header; `storage` and `index` own
 * those. It defines the interfaces it needs from below (`PageDevice`) and beside (`WalFlusher`).
 */

// The pool
export { BufferPool, type BufferPoolOptions, type BufferPoolStats, type Frame } from './buffer-pool.js';
export { ClockReplacer, MAX_USAGE } from './clock.js';
export { LruReplacer } from './lru.js';
// An in-memory device for tests of the layers above
export { MemoryPageDevice } from './memory-page-device.js';
// Contracts with the layers around the pool
export type { PageDevice, WalFlusher } from './page-device.js';
// Eviction policies
export type { Replacer } from './replacer.js';
