/**
 * @rustydb/index — indexes: the `Index` interface, the B+tree, order-preserving key encoding.
 *
 * What it owns:
 * - The contract (`Index`, `IndexMethod`, `IndexCursor`, `KeyRange`): an index maps byte-string
 *   keys to tuple ids, allows duplicate keys, and never decides visibility or uniqueness (the
 *   executor does, against tuple versions).
 * - Key encoding (`encodeKey`): SQL values to bytes whose memcmp order is the SQL order, NULL
 *   placement and DESC columns included. Every ordered index compares bytes only.
 * - `btree`, the default access method: a B+tree on buffer pool pages. Entries are ordered by
 *   (key, tid); leaves are linked both ways for forward and backward scans. Deletes (vacuum)
 *   delete emptied pages and merge under-full leaves; freed pages are reused by splits.
 * - Bulk builds: CREATE INDEX collects the table's entries in an `IndexEntryBuffer`, sorts them
 *   and hands them to `Index.bulkLoad` where the method has it; an empty B+tree then fills its
 *   leaves left to right and builds the levels above (btree-bulk-build.ts).
 * - Ascending runs: a multi-row INSERT hands a batch's entries in ascending key order
 *   (`AscendingEntries`) to `Index.insertAscending`; the B+tree appends those past its last entry
 *   to its rightmost leaf, one pin and one logged change per leaf (ascending-entries.ts).
 * - `hash` (hash/): linear hashing on buffer pool pages for equality lookups; unordered, so it
 *   serves only `key = value` scans and full scans (the planner never asks it for ranges).
 * - `lsm` (lsm/): a log-structured merge tree for write-heavy keys: writes append to a logged
 *   memtable, which is flushed into immutable sorted runs merged by size-tiered compaction;
 *   ordered, with the same scans as the B+tree.
 *
 * Invariants:
 * - Every page change is WAL-logged before its page can reach the disk: each operation logs
 *   the pages it changed as one 'pages' record (`logPageChanges`), a split included, so redo is
 *   storage's generic page replay and no access method has recovery code of its own. (An LSM
 *   flush or merge logs its new run page by page, then lists it in one meta page record.)
 * - Page work is synchronous; a B+tree cursor pins one leaf at a time, hash and LSM cursors
 *   pin nothing between two calls.
 * - Index changes log with xid 0: they are not transactional; entries pointing at invisible
 *   tuples are filtered by the caller and removed by vacuum.
 *
 * The conformance suite every `Index` implementation runs is in the `./testing` entry.
 */

// The B+tree
export { ASCENDING_MAX_KEY, AscendingEntries } from './ascending-entries.js';
export { BTREE_MAX_ITEM_SIZE, BTree } from './btree.js';
export type { BTreeCursor } from './btree-cursor.js';
export { btreeMethod } from './btree-method.js';
export { type BTreeStats, checkBTree } from './check-btree.js';
export { checkHashIndex, type HashIndexStats } from './hash/check-hash-index.js';
export type { HashCursor } from './hash/hash-cursor.js';
// The hash index
export { HASH_MAX_ITEM_SIZE, HashIndex, type HashIndexOptions } from './hash/hash-index.js';
export { hashMethod } from './hash/hash-method.js';
export { DEFAULT_ENTRY_BUFFER_BUDGET, IndexEntryBuffer } from './index-entry-buffer.js';
// The contract
export type {
  Index,
  IndexContext,
  IndexCursor,
  IndexMethod,
  KeyBound,
  KeyRange,
  ScanOptions,
} from './index-method.js';
// Key encoding
export {
  compareKeys,
  decodeKey,
  encodeKey,
  encodeKeyInto,
  encodeKeyPrefix,
  formatKey,
  isKeyType,
} from './key-encoding.js';
export { checkLsmTree, type LsmTreeStats, type RunStats } from './lsm/check-lsm-tree.js';
export type { LsmCursor } from './lsm/lsm-cursor.js';
export { lsmMethod } from './lsm/lsm-method.js';
// The LSM tree
export { LSM_MAX_ITEM_SIZE, type LsmOptions, LsmTree } from './lsm/lsm-tree.js';
