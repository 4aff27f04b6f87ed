/**
 * StatementLocks: what the executor needs to wait for other transactions while one statement
 * runs — the database's lock table, the running transaction's lock owner, how a wait may wait
 * (lock_timeout, the statement's abort signal for cancel and statement_timeout), the commit log's
 * verdict on an xid, and the in-memory lock-only row locks (txn's RowLockTable).
 *
 * Waits are awaited promises handed to `executePlan` through `Runtime.pendingWait`: operators
 * stay synchronous (see modify-table.ts and lock-rows.ts).
 */
import type { TxnId } from '@rustydb/common';
import type { LockManager, LockOwner, LockWaitOptions, RowLockTable, XidStatus } from '@rustydb/txn';

/** The lock context of one statement (see the file comment). Owned by the engine. */
export interface StatementLocks {
  readonly manager: LockManager;
  readonly owner: LockOwner;
  readonly wait: LockWaitOptions;
  readonly rowLocks: RowLockTable;
  readonly status: (xid: TxnId) => XidStatus;
}
