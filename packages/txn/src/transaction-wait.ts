/**
 * Waiting for another transaction to end, PostgreSQL's XactLockTableWait: take ShareLock on its
 * transaction lock (it holds ExclusiveLock on its own xid until it ends, see TxnManager.locks)
 * and release it at once. Being a lock-table wait, it obeys NOWAIT, lock_timeout and cancel, and
 * the deadlock detector sees it (`Process 1 waits for ShareLock on transaction 745; …`).
 */
import type { TxnId } from '@rustydb/common';
import type { LockManager, LockOwner, LockWaitOptions } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { transactionLockTag } from './lock-tag.js';

const NO_OPTIONS: LockWaitOptions = {};

/**
 * Waits until transaction `xid` has ended (committed or aborted), on behalf of `owner`.
 * @returns undefined when it already ended (no Promise allocated), else a Promise resolving once
 * it has; the caller then reads its fate from the commit log.
 * @throws (synchronously, or by rejecting) whatever `LockManager.acquire` fails with: 55P03
 * with `nowait` or on lock_timeout, 40P01, the abort signal's reason.
 */
export function waitForTransaction(
  locks: LockManager,
  owner: LockOwner,
  xid: TxnId,
  options: LockWaitOptions = NO_OPTIONS,
): Promise<void> | undefined {
  const tag = transactionLockTag(xid);
  const waiting = locks.acquire(owner, tag, LockMode.Share, options);
  if (waiting === undefined) {
    locks.release(owner, tag, LockMode.Share);
    return undefined;
  }
  return waiting.then(() => locks.release(owner, tag, LockMode.Share));
}
