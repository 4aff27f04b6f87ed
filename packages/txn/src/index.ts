/**
 * @rustydb/txn — transactions and MVCC visibility.
 *
 * What it owns:
 * - Transaction ids and their fate: `TxnManager` assigns xids (lazily, at the first write) and
 *   keeps the commit log (2 bits per xid, in memory, saved at checkpoints; WAL commit/abort
 *   records are the truth in between and recovery replays them through `redo`).
 * - Snapshots (`Snapshot`, PostgreSQL's xmin/xmax/xip) and isolation: READ COMMITTED takes a
 *   snapshot per statement, REPEATABLE READ and SERIALIZABLE one per transaction.
 * - Visibility, written once for every table store: `Transaction.isVisible` (what a statement
 *   sees) and `Transaction.uniqueCheck` (what a unique index must respect).
 * - The vacuum horizon (`oldestXmin`).
 *
 * Invariants:
 * - A transaction is seen as committed only once its commit record is durable.
 * - After `finishRecovery`, every xid below `nextXid` is committed or aborted, except running ones.
 *
 * Not yet here (the design leaves room): savepoints/subtransactions (a parent chain per
 * transaction and an own-xid set in the visibility checks), row and table locks with deadlock
 * detection, SSI for SERIALIZABLE (which behaves as REPEATABLE READ for now), prepared
 * transactions.
 */

// Transactions
export { TxnManager, type TxnManagerOptions } from './txn-manager.js';
export { Transaction, type IsolationLevel, type TransactionOptions } from './transaction.js';

// Snapshots and visibility
export { xidInSnapshot, type Snapshot } from './snapshot.js';
export { satisfiesMvcc, satisfiesDirty, type VersionHeader } from './visibility.js';

// Commit log
export { CommitLog, type XidStatus } from './commit-log.js';
