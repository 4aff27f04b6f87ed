/**
 * Row locks, PostgreSQL's way: SELECT … FOR KEY SHARE / FOR SHARE / FOR NO KEY UPDATE / FOR UPDATE,
 * and the locks UPDATE and DELETE take implicitly. This file is the decision logic; the row lock
 * itself is stored in the tuple version, not in the lock table, so locking a million rows costs
 * no memory here.
 *
 * Where the lock lives (the storage/executor's job; this is the shape the API expects):
 * - A tuple version's xmax names its "lockers": either one transaction with a status (the table
 *   below; PostgreSQL keeps it in infomask bits: HEAP_XMAX_LOCK_ONLY, KEYSHR/EXCL, HEAP_KEYS_UPDATED),
 *   or a multixact id standing for several (xid, status) members when several transactions lock
 *   the row, or lock it while another updates it. Either way the executor decodes it into a
 *   `readonly RowLocker[]` and calls `checkRowLock`. At most one member is an updater.
 * - A lock-only xmax does not delete the version: visibility must ignore xmax when every locker
 *   has a lock-only status (`isRowUpdater` false). NB: `VersionHeader`/`satisfiesMvcc` do not have
 *   that flag yet; today every xmax is a deleter.
 *
 * | status (RowLockerStatus) | value | row lock mode    | set by                               |
 * |--------------------------|-------|------------------|--------------------------------------|
 * | ForKeyShare              | 0     | FOR KEY SHARE    | SELECT … FOR KEY SHARE, FK checks    |
 * | ForShare                 | 1     | FOR SHARE        | SELECT … FOR SHARE                   |
 * | ForNoKeyUpdate           | 2     | FOR NO KEY UPDATE| SELECT … FOR NO KEY UPDATE           |
 * | ForUpdate                | 3     | FOR UPDATE       | SELECT … FOR UPDATE                  |
 * | NoKeyUpdate              | 4     | FOR NO KEY UPDATE| UPDATE not changing a unique key col |
 * | Update                   | 5     | FOR UPDATE       | UPDATE changing a key column, DELETE |
 * (PostgreSQL's MultiXactStatus, same numbers: 3 bits in a header.)
 *
 * Conflicts between row lock modes (an X conflicts; symmetric):
 *
 * | requested \ held  | KEY SHARE | SHARE | NO KEY UPDATE | UPDATE |
 * |-------------------|-----------|-------|---------------|--------|
 * | FOR KEY SHARE     |           |       |               | X      |
 * | FOR SHARE         |           |       | X             | X      |
 * | FOR NO KEY UPDATE |           | X     | X             | X      |
 * | FOR UPDATE        | X         | X     | X             | X      |
 *
 * Locking or updating a row (heap_lock_tuple / heap_update), as the executor will do it:
 * 1. Fetch the version; `checkRowLock(ourXid, mode, lockers, statusOf)`:
 *    - 'held': we already hold an equal or stronger lock: done.
 *    - 'proceed': write the new xmax (`addRowLocker` gives the members to keep); if step 2 took the
 *      tuple lock, release it (`LockManager.release(owner, tag, tupleLockMode(mode))`). Done.
 *    - 'updated': a committed transaction updated or deleted the version. READ COMMITTED follows
 *      the update chain and re-evaluates the quals (EvalPlanQual); REPEATABLE READ and SERIALIZABLE
 *      raise 40001 `could not serialize access due to concurrent update` (or `… delete`).
 *    - 'wait': SKIP LOCKED skips the row; otherwise step 2.
 * 2. `waitForRowLockers` (row-lock-wait.ts): take the tuple's heavyweight lock (the queue
 *    position among waiters for this row), then wait for each conflicting xid to end through its
 *    transaction lock, where the deadlock detector sees the wait. Then go back to step 1.
 */
import type { TxnId } from '@rustydb/common';
import type { XidStatus } from './commit-log.js';
import { LockMode } from './lock-modes.js';

/** Row lock strength, weakest first (PostgreSQL's LockTupleMode); each implies the weaker ones. */
export const RowLockMode = { ForKeyShare: 0, ForShare: 1, ForNoKeyUpdate: 2, ForUpdate: 3 } as const;
export type RowLockMode = (typeof RowLockMode)[keyof typeof RowLockMode];

/** What a transaction named in a tuple's xmax did to it (PostgreSQL's MultiXactStatus). */
export const RowLockerStatus = {
  ForKeyShare: 0,
  ForShare: 1,
  ForNoKeyUpdate: 2,
  ForUpdate: 3,
  NoKeyUpdate: 4,
  Update: 5,
} as const;
export type RowLockerStatus = (typeof RowLockerStatus)[keyof typeof RowLockerStatus];

/** One transaction named in a tuple version's xmax, decoded from the header or a multixact. */
export interface RowLocker {
  readonly xid: TxnId;
  readonly status: RowLockerStatus;
}

/** The verdict of `checkRowLock`. */
export type RowLockDecision =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'held' }
  /** In-progress transactions holding conflicting locks, in the order given: wait for each, re-check. */
  | { readonly kind: 'wait'; readonly xids: readonly TxnId[] }
  /** The committed transaction that updated or deleted this version. */
  | { readonly kind: 'updated'; readonly xid: TxnId };

// Bit per held mode of what each requested mode conflicts with.
const ROW_CONFLICTS: readonly number[] = [0b1000, 0b1100, 0b1110, 0b1111];
const ROW_MODE_NAMES: readonly string[] = ['FOR KEY SHARE', 'FOR SHARE', 'FOR NO KEY UPDATE', 'FOR UPDATE'];
const MODE_OF_STATUS: readonly RowLockMode[] = [0, 1, 2, 3, 2, 3];
const TUPLE_LOCK_MODE: readonly LockMode[] = [
  LockMode.AccessShare,
  LockMode.RowShare,
  LockMode.Exclusive,
  LockMode.AccessExclusive,
];
const PROCEED: RowLockDecision = Object.freeze({ kind: 'proceed' });
const HELD: RowLockDecision = Object.freeze({ kind: 'held' });

/** True when a row lock `held` by one transaction blocks `requested` by another. */
export function rowLockConflicts(held: RowLockMode, requested: RowLockMode): boolean {
  return (ROW_CONFLICTS[requested] & (1 << held)) !== 0;
}

/** The SQL spelling of a row lock mode: 'FOR NO KEY UPDATE'. */
export function rowLockModeName(mode: RowLockMode): string {
  return ROW_MODE_NAMES[mode];
}

/** The lock mode a locker status amounts to (an UPDATE not touching keys is FOR NO KEY UPDATE). */
export function rowLockerMode(status: RowLockerStatus): RowLockMode {
  return MODE_OF_STATUS[status];
}

/** True for the statuses of a transaction that updated or deleted the version, not just locked it. */
export function isRowUpdater(status: RowLockerStatus): boolean {
  return status >= RowLockerStatus.NoKeyUpdate;
}

/**
 * The heavyweight mode a row waiter takes on the tuple's `tupleLockTag` (PostgreSQL's
 * tupleLockExtraInfo): AccessShare for KEY SHARE, RowShare for SHARE, Exclusive for NO KEY UPDATE,
 * AccessExclusive for UPDATE, so waiters conflict exactly as their row lock modes do.
 */
export function tupleLockMode(mode: RowLockMode): LockMode {
  return TUPLE_LOCK_MODE[mode];
}

/**
 * Decides what transaction `own` (its xid) must do to lock a row in `requested` mode, or to update
 * it (`ForUpdate` for DELETE and key-changing UPDATE, `ForNoKeyUpdate` for other UPDATEs), given the
 * version's lockers and each one's fate from the commit log. Synchronous; 'proceed' and 'held'
 * allocate nothing.
 *
 * Rules (heap_lock_tuple), in order:
 * 1. Our own entry at least as strong as the request: 'held' (even if others wait for the row).
 * 2. A committed updater whose mode conflicts with the request: the version is outdated, 'updated'.
 * 3. In-progress lockers whose mode conflicts with the request: 'wait' for them.
 * 4. Otherwise 'proceed'. Lockers that ended (a lock ends with its transaction), aborted updaters
 *    and non-conflicting modes are ignored. NB: FOR KEY SHARE does not conflict with a non-key
 *    UPDATE even once it committed; PostgreSQL then also locks the newer versions of the row
 *    (heap_lock_updated_tuple), which the executor must do by following the update chain.
 */
export function checkRowLock(
  own: TxnId,
  requested: RowLockMode,
  lockers: readonly RowLocker[],
  statusOf: (xid: TxnId) => XidStatus,
): RowLockDecision {
  for (const locker of lockers) {
    if (locker.xid === own && rowLockerMode(locker.status) >= requested) return HELD;
  }
  let waits: TxnId[] | undefined;
  for (const locker of lockers) {
    if (locker.xid === own || !rowLockConflicts(rowLockerMode(locker.status), requested)) continue;
    const fate = statusOf(locker.xid);
    if (fate === 'committed' && isRowUpdater(locker.status)) return { kind: 'updated', xid: locker.xid };
    if (fate !== 'in-progress') continue;
    if (waits === undefined) waits = [locker.xid];
    else waits.push(locker.xid);
  }
  return waits === undefined ? PROCEED : { kind: 'wait', xids: waits };
}

/**
 * The lockers a version's xmax must name after transaction `own` takes `status` on it, once
 * `checkRowLock` said 'proceed' (PostgreSQL's compute_new_xmax_infomask): the other members still
 * in progress, a committed updater (it still marks the version as replaced), plus ours at the
 * strongest of what we held and what we take. Ended lockers and aborted updaters are dropped. One
 * member means a plain xmax; several mean a new multixact. A fresh array. Synchronous.
 */
export function addRowLocker(
  lockers: readonly RowLocker[],
  own: TxnId,
  status: RowLockerStatus,
  statusOf: (xid: TxnId) => XidStatus,
): RowLocker[] {
  const next: RowLocker[] = [];
  let ours = status;
  for (const locker of lockers) {
    if (locker.xid === own) {
      ours = strongerStatus(ours, locker.status);
      continue;
    }
    const fate = statusOf(locker.xid);
    if (fate === 'in-progress' || (fate === 'committed' && isRowUpdater(locker.status))) next.push(locker);
  }
  next.push({ xid: own, status: ours });
  return next;
}

/**
 * Of two statuses of one transaction, the one to keep (compute_new_xmax_infomask "acquire the
 * strongest of both"): the stronger mode, as an update if either one is an update.
 */
function strongerStatus(a: RowLockerStatus, b: RowLockerStatus): RowLockerStatus {
  const mode = Math.max(rowLockerMode(a), rowLockerMode(b)) as RowLockMode;
  if (!isRowUpdater(a) && !isRowUpdater(b)) return mode;
  return mode === RowLockMode.ForUpdate ? RowLockerStatus.Update : RowLockerStatus.NoKeyUpdate;
}
