/**
 * Waiting for a row's lockers, as PostgreSQL's heap_lock_tuple does (step 2 of the protocol in
 * row-lock.ts):
 * 1. Take the tuple's heavyweight lock in `tupleLockMode(mode)` (unless already held from an
 *    earlier round). Several sessions waiting for the same row thus queue on it in FIFO order, and
 *    a waiter for FOR UPDATE is not overtaken by a stream of FOR SHARE lockers.
 * 2. For each conflicting xid, take ShareLock on its transaction lock and release it at once
 *    (XactLockTableWait): granted when that transaction ends, since it holds ExclusiveLock on its
 *    own xid. These are lock-table waits, so lock_timeout, cancel and the deadlock detector apply
 *    (a row deadlock reads `Process 1 waits for ShareLock on transaction 745; blocked by …`).
 * The caller then re-fetches the version and calls `checkRowLock` again; it keeps the tuple lock
 * until it has written its own xmax, then releases it (`LockManager.release`).
 *
 * A wait queued for the tuple lock ends when that lock is granted, without going on to wait for
 * `xids`: the caller re-checks the row and comes back, holding the tuple lock, with the lockers
 * the row has then. Under a contended row the xids seen before queueing are stale by then (the
 * session ahead in the queue updated the row after they ended), so waiting for them would take
 * and drop a lock on an ended transaction for nothing, and the re-check comes anyway.
 */
import { DbError, type TxnId } from '@rustydb/common';
import { rowLockNotAvailable } from './lock-errors.js';
import type { LockManager, LockOwner, LockWaitOptions } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { type TupleLockTag, transactionLockTag } from './lock-tag.js';
import { type RowLockMode, tupleLockMode } from './row-lock.js';

const NO_OPTIONS: LockWaitOptions = {};

/**
 * Waits until the in-progress transactions `xids` (from a 'wait' verdict of `checkRowLock`) have
 * ended, holding the tuple lock of `tuple` in the mode matching `mode` on return — or, when the
 * tuple lock had to be queued for, only until it is granted (see the file comment).
 * @returns undefined when nothing had to wait (no Promise allocated), else a Promise resolving
 * once every xid has ended, or once the queued tuple lock is granted: re-check the row then.
 * @throws (synchronously, or by rejecting) DbError 55P03 `could not obtain lock on row in relation
 * "t"` with `nowait`, and whatever `LockManager.acquire` fails with: 55P03 on lock_timeout,
 * 40P01, the abort signal's reason. On failure the tuple lock stays held until `releaseAll`.
 */
export function waitForRowLockers(
  locks: LockManager,
  owner: LockOwner,
  tuple: TupleLockTag,
  mode: RowLockMode,
  xids: readonly TxnId[],
  options: LockWaitOptions = NO_OPTIONS,
): Promise<void> | undefined {
  const tupleMode = tupleLockMode(mode);
  if (!locks.holds(owner, tuple, tupleMode)) {
    const queued = locks.acquire(owner, tuple, tupleMode, options);
    if (queued !== undefined) return queued;
  }
  return waitForXids(locks, owner, tuple, xids, 0, options);
}

function waitForXids(
  locks: LockManager,
  owner: LockOwner,
  tuple: TupleLockTag,
  xids: readonly TxnId[],
  from: number,
  options: LockWaitOptions,
): Promise<void> | undefined {
  for (let i = from; i < xids.length; i++) {
    const tag = transactionLockTag(xids[i]);
    let waiting: Promise<void> | undefined;
    try {
      waiting = locks.acquire(owner, tag, LockMode.Share, options);
    } catch (err) {
      // NOWAIT on a row names the row, not the transaction (heap_lock_tuple's message).
      if (options.nowait && err instanceof DbError && err.code === '55P03')
        throw rowLockNotAvailable(tuple.name);
      throw err;
    }
    if (waiting !== undefined) {
      return waiting.then(() => {
        locks.release(owner, tag, LockMode.Share);
        return waitForXids(locks, owner, tuple, xids, i + 1, options);
      });
    }
    locks.release(owner, tag, LockMode.Share);
  }
  return undefined;
}
