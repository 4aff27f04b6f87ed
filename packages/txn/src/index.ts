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
 * - SERIALIZABLE as serializable snapshot isolation (ssi/): SIREAD predicate locks, the
 *   rw-conflict graph and PostgreSQL's rules for cancelling a pivot with 40001; the executor
 *   calls `tx.ssi` (defined only for serializable transactions) from its scans and writes.
 * - The vacuum horizon (`oldestXmin`).
 * - Heavyweight locks (`LockManager`): PostgreSQL's eight modes on relations, tuples and
 *   transaction ids, FIFO wait queues, awaited waits with NOWAIT, lock_timeout and cancel, and
 *   wait-for-graph deadlock detection run `deadlock_timeout` after a wait begins (40P01).
 * - Row locks (FOR KEY SHARE … FOR UPDATE): the conflict rules and the wait/proceed/updated
 *   decision for a tuple's lockers (`checkRowLock`). An UPDATE/DELETE's own lock is the version's
 *   xmax; lock-only locks live in memory (`RowLockTable`), not in tuple headers.
 * - Wiring (docs/transactions.md): with `TxnManager.locks` set, each transaction holds
 *   ExclusiveLock on its xid until it ends, waiting for it is `waitForTransaction`, and its lock
 *   owner's locks are released when it ends.
 *
 * Invariants:
 * - A transaction is seen as committed only once its commit record is durable.
 * - After `finishRecovery`, every xid below `nextXid` is committed or aborted, except running ones.
 * - A lock owner waits for at most one lock; its locks are released only by `release`/`releaseAll`,
 *   never by a failed wait (the transaction's abort releases them).
 *
 * - Subtransactions (SAVEPOINT): a stack of levels per transaction, each with a lazily assigned
 *   sub-xid; the visibility checks treat the live sub-xids as the transaction's own, rolled-back
 *   ones are aborted in the commit log; the commit record lists the sub-xids (transaction.ts).
 * - Two-phase commit: `Transaction.prepare`, `TxnManager.finishPrepared`, state files under
 *   `twophase/` plus 'prepare' WAL records, restored by recovery (two-phase-state.ts).
 *
 * Not yet here (the design leaves room): multixacts and lock-only xmax in visibility (row-lock.ts
 * describes the shape).
 * - SSI for SERIALIZABLE (ssi/): SIREAD predicate locks, rw-conflict tracking and PostgreSQL's
 *   dangerous-structure rules; a prepared transaction's SSI state is settled at PREPARE.
 */

// Commit log
export { CommitLog, type XidStatus } from './commit-log.js';
export { isDeadToAll } from './dead-to-all.js';
export { type DeadlockStep, findDeadlock, type WaitGraph } from './deadlock-detector.js';
export { deadlockDetected, lockNotAvailable, lockTimeout, rowLockNotAvailable } from './lock-errors.js';
export {
  type LockInfo,
  LockManager,
  type LockManagerOptions,
  type LockMark,
  type LockOwner,
  type LockWaitOptions,
} from './lock-manager.js';
// Heavyweight locks: modes, tags, the lock table, deadlocks
export { LOCK_MODES, LockMode, lockModeName, lockModesConflict } from './lock-modes.js';
export {
  type AdvisoryLockTag,
  advisoryLockTag32,
  advisoryLockTag64,
  describeLockTag,
  type LockTag,
  type RelationLockTag,
  relationLockTag,
  type TransactionLockTag,
  type TupleLockTag,
  transactionLockTag,
  tupleLockTag,
} from './lock-tag.js';
// Row locks
export {
  addRowLocker,
  checkRowLock,
  isRowUpdater,
  type RowLockDecision,
  type RowLocker,
  RowLockerStatus,
  RowLockMode,
  rowLockConflicts,
  rowLockerMode,
  rowLockModeName,
  tupleLockMode,
} from './row-lock.js';
export { RowLockTable } from './row-lock-table.js';
export { waitForRowLockers } from './row-lock-wait.js';
// Snapshots and visibility
export { type Snapshot, xidInSnapshot } from './snapshot.js';
export {
  HeldLocks,
  keyInRange,
  type LockedKeyBound,
  type LockedKeyRange,
  PROMOTE_AFTER,
  PredicateLockTable,
} from './ssi/predicate-locks.js';
// Serializable snapshot isolation
export { SerializableXact, type SsiOwner } from './ssi/serializable-xact.js';
export { SerializableXacts, type SsiStats } from './ssi/serializable-xacts.js';
export { SSI_FAILURE_MESSAGE, serializationFailure } from './ssi/ssi-errors.js';
export { type IsolationLevel, Transaction, type TransactionOptions } from './transaction.js';
export { waitForTransaction } from './transaction-wait.js';
export { type PreparedState, twoPhaseDir } from './two-phase-state.js';
// Transactions
export { type PreparedTransaction, TxnManager, type TxnManagerOptions } from './txn-manager.js';
export { satisfiesDirty, satisfiesMvcc, type VersionHeader } from './visibility.js';
