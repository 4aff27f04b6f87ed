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
 *   (key, tid); leaves are linked both ways for forward and backward scans.
 *
 * Invariants:
 * - Every page change is WAL-logged before its page can reach the disk: each operation logs
 *   the pages it changed as one 'pages' record (`logPageChanges`), a split included, so redo is
 *   storage's generic page replay and the tree has no recovery code of its own.
 * - Page work is synchronous; a cursor pins one leaf at a time.
 * - Index changes log with xid 0: they are not transactional; entries pointing at invisible
 *   tuples are filtered by the caller and removed by vacuum.
 *
 * The conformance suite every `Index` implementation runs is in the `./testing` entry.
 */

// The contract
export type { Index, IndexContext, IndexCursor, IndexMethod, KeyBound, KeyRange } from './index-method.js';

// Key encoding
export { compareKeys, decodeKey, encodeKey, encodeKeyPrefix, formatKey, isKeyType } from './key-encoding.js';

// The B+tree
export { BTREE_MAX_ITEM_SIZE, BTree } from './btree.js';
export type { BTreeCursor } from './btree-cursor.js';
export { btreeMethod } from './btree-method.js';
export { type BTreeStats, checkBTree } from './check-btree.js';
