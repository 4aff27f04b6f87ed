/**
 * The errors a lock wait ends with, in PostgreSQL 15's words (checked against a real server).
 */
import { DbError, type Oid } from '@rustydb/common';
import type { DeadlockStep } from './deadlock-detector.js';
import type { LockOwner } from './lock-manager.js';
import { lockModeName } from './lock-modes.js';
import { describeLockTag, type LockTag } from './lock-tag.js';

/**
 * 55P03 for a NOWAIT request that would wait: `could not obtain lock on relation "t"`, or
 * `could not obtain lock on row in relation "t"` for a tuple. PostgreSQL has no text for a
 * transaction id (its callers, the row lockers, report the row); ours says `on transaction 745`
 * and `waitForRowLockers` rewords it as the row message.
 */
export function lockNotAvailable(tag: LockTag): DbError {
  switch (tag.kind) {
    case 'relation':
      return new DbError('55P03', `could not obtain lock on relation "${tag.name}"`);
    case 'tuple':
      return rowLockNotAvailable(tag.name);
    case 'transactionid':
      return new DbError('55P03', `could not obtain lock on transaction ${tag.xid}`);
    case 'advisory':
      return new DbError('55P03', `could not obtain lock on ${describeLockTag(tag)}`);
  }
}

/** 55P03 `could not obtain lock on row in relation "t"` (FOR UPDATE NOWAIT and friends). */
export function rowLockNotAvailable(relationName: string): DbError {
  return new DbError('55P03', `could not obtain lock on row in relation "${relationName}"`);
}

/** 55P03 `canceling statement due to lock timeout` (lock_timeout expired). */
export function lockTimeout(): DbError {
  return new DbError('55P03', 'canceling statement due to lock timeout');
}

/**
 * 40P01 `deadlock detected`, with PostgreSQL's detail, one line per step of the cycle starting
 * with the victim: `Process 15559 waits for ShareLock on transaction 726; blocked by process
 * 15582.` and its hint.
 */
export function deadlockDetected(
  cycle: readonly DeadlockStep[],
  processId: (owner: LockOwner) => number,
  database?: Oid,
): DbError {
  const detail = cycle
    .map(
      (step) =>
        `Process ${processId(step.owner)} waits for ${lockModeName(step.mode)} on ` +
        `${describeLockTag(step.tag, database)}; blocked by process ${processId(step.blockedBy)}.`,
    )
    .join('\n');
  return new DbError('40P01', 'deadlock detected', { detail, hint: 'See server log for query details.' });
}
