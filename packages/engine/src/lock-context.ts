/**
 * The lock side of a session's statements: the executor's StatementLocks for one statement
 * (lock table, the session's lock owner, lock_timeout / deadlock_timeout / the statement's abort
 * signal), built from the session's settings.
 *
 * The lock owner is the session's process id: a session runs one transaction at a time, and
 * TxnManager releases every lock of the owner when that transaction ends (commit or abort), so
 * the owner stands for the transaction. Deadlock reports thus name the same process ids
 * pg_backend_pid() and BackendKeyData give clients.
 */
import type { Oid } from '@rustydb/common';
import type { StatementLocks } from '@rustydb/executor';
import type { LockManager, LockWaitOptions, TxnManager } from '@rustydb/txn';
import type { SessionSettings } from './session-settings.js';
import { parseTimeoutMs } from './timeout-settings.js';

/** The oid deadlock reports give the database (`relation 16384 of database 5`): PostgreSQL's postgres. */
export const DATABASE_OID = 5 as Oid;

/** The time settings a session's statements read, parsed once per settings version. */
export interface SessionTimeouts {
  readonly version: number;
  readonly lockTimeoutMs: number;
  readonly deadlockTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

/** lock_timeout, deadlock_timeout and statement_timeout of `settings`, reusing `cached` if current. */
export function sessionTimeouts(
  settings: SessionSettings,
  cached: SessionTimeouts | undefined,
): SessionTimeouts {
  if (cached !== undefined && cached.version === settings.version) return cached;
  return {
    version: settings.version,
    lockTimeoutMs: parseTimeoutMs('lock_timeout', settings.get('lock_timeout')),
    deadlockTimeoutMs: parseTimeoutMs('deadlock_timeout', settings.get('deadlock_timeout'), 1),
    statementTimeoutMs: parseTimeoutMs('statement_timeout', settings.get('statement_timeout')),
  };
}

/**
 * The executor's lock context for one statement of the session `owner`, waiting at most
 * lock_timeout, checking for deadlocks after deadlock_timeout, and failing a wait at once when
 * the statement was already aborted (cancel, statement_timeout): `abortReason` is read only when
 * a lock must wait (the wait options' `abortReason` is a getter). A wait pending when the abort
 * comes is ended by the session (`LockManager.interrupt`, statement-interrupts.ts).
 * Synchronous; allocates two small objects.
 */
export function statementLocks(
  manager: LockManager,
  txns: TxnManager,
  owner: number,
  timeouts: SessionTimeouts,
  abortReason: () => unknown,
): StatementLocks {
  const wait: LockWaitOptions = {
    timeoutMs: timeouts.lockTimeoutMs,
    deadlockTimeoutMs: timeouts.deadlockTimeoutMs,
    get abortReason() {
      return abortReason();
    },
  };
  return { manager, owner, wait, rowLocks: txns.rowLocks, status: (xid) => txns.status(xid) };
}
