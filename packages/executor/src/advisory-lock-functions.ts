/**
 * The advisory lock functions (PostgreSQL's lockfuncs.c): pg_advisory_lock, pg_try_advisory_lock,
 * pg_advisory_unlock and their _shared and _xact variants, pg_advisory_unlock_all. Keys are a
 * bigint or two int4s (txn's advisoryLockTag64 / advisoryLockTag32); _shared takes ShareLock, the
 * others ExclusiveLock, in the database's lock table (ExecutionContext.locks).
 *
 * Session-level locks (no _xact) are the session's until unlocked, counted per acquisition, and
 * survive COMMIT and ROLLBACK (LockManager's session holds); _xact ones go at transaction end
 * (and at ROLLBACK TO a savepoint taken before them) and cannot be unlocked. A blocking lock
 * waits like any lock (lock_timeout, cancel, deadlock detection) through expression-wait.ts.
 * All strict: a NULL key gives NULL, as PostgreSQL's.
 */
import { DbError, type Row, type Value } from '@rustydb/common';
import {
  advisoryLockTag32,
  advisoryLockTag64,
  type LockMode,
  type LockTag,
  type LockWaitOptions,
  lockModeName,
  LockMode as Modes,
} from '@rustydb/txn';
import type { CompiledExpr } from './compile-expr.js';
import { callSiteToken, takeGrant, waitInExpression } from './expression-wait.js';
import type { Runtime } from './runtime.js';
import type { StatementLocks } from './statement-locks.js';
import { VOID } from './void-result.js';

type Action = 'lock' | 'try' | 'unlock';

/** What one function does: its action, lock mode and level. */
interface AdvisoryFunction {
  readonly action: Action;
  readonly mode: LockMode;
  readonly session: boolean;
}

const FUNCTIONS: Readonly<Record<string, AdvisoryFunction>> = {
  pg_advisory_lock: { action: 'lock', mode: Modes.Exclusive, session: true },
  pg_advisory_lock_shared: { action: 'lock', mode: Modes.Share, session: true },
  pg_try_advisory_lock: { action: 'try', mode: Modes.Exclusive, session: true },
  pg_try_advisory_lock_shared: { action: 'try', mode: Modes.Share, session: true },
  pg_advisory_unlock: { action: 'unlock', mode: Modes.Exclusive, session: true },
  pg_advisory_unlock_shared: { action: 'unlock', mode: Modes.Share, session: true },
  pg_advisory_xact_lock: { action: 'lock', mode: Modes.Exclusive, session: false },
  pg_advisory_xact_lock_shared: { action: 'lock', mode: Modes.Share, session: false },
  pg_try_advisory_xact_lock: { action: 'try', mode: Modes.Exclusive, session: false },
  pg_try_advisory_xact_lock_shared: { action: 'try', mode: Modes.Share, session: false },
};

/** How a lock that cannot wait asks: never waiting (so no timeout nor signal). */
const NOWAIT: LockWaitOptions = { nowait: true };

/** Is `name` an advisory lock function (compiled by `compileAdvisoryLockFunction`)? */
export const isAdvisoryLockFunction = (name: string): boolean =>
  name === 'pg_advisory_unlock_all' || Object.hasOwn(FUNCTIONS, name);

function locksOf(rt: Runtime): StatementLocks {
  const locks = rt.ctx.locks;
  if (locks === undefined) throw new DbError('55000', 'advisory locks are not available in this context');
  return locks;
}

/** Compiles a call of an advisory lock function. Sync. */
export function compileAdvisoryLockFunction(
  name: string,
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr {
  if (name === 'pg_advisory_unlock_all') {
    return () => {
      const locks = locksOf(rt);
      locks.manager.releaseAllSession(locks.owner);
      return VOID;
    };
  }
  const fn = FUNCTIONS[name]!;
  const tagOf = keyOf(args);
  switch (fn.action) {
    case 'lock': {
      const site = callSiteToken(name);
      return (row) => {
        const tag = tagOf(row);
        return tag === null ? null : lock(rt, site, name, tag, fn);
      };
    }
    case 'try':
      return (row) => {
        const tag = tagOf(row);
        return tag === null ? null : tryLock(rt, tag, fn);
      };
    case 'unlock':
      return (row) => {
        const tag = tagOf(row);
        return tag === null ? null : unlock(rt, tag, fn.mode);
      };
  }
}

/** The lock tag of the call's key arguments, or null when one is NULL. */
function keyOf(args: readonly CompiledExpr[]): (row: Row) => LockTag | null {
  const [a, b] = args;
  if (b === undefined) {
    return (row) => {
      const k = a!(row);
      return k === null ? null : advisoryLockTag64(k as bigint);
    };
  }
  return (row) => {
    const k1 = a!(row);
    const k2 = b(row);
    return k1 === null || k2 === null ? null : advisoryLockTag32(k1 as number, k2 as number);
  };
}

/** pg_advisory_lock & co.: granted at once, or a wait the top Project retries the row after. */
function lock(rt: Runtime, site: string, name: string, tag: LockTag, fn: AdvisoryFunction): Value {
  const token = `${site}:${tag.key}`;
  if (takeGrant(rt, token)) return VOID;
  const locks = locksOf(rt);
  const canWait = rt.expressionWaitAllowed;
  const options = canWait ? locks.wait : NOWAIT;
  let waiting: Promise<void> | undefined;
  try {
    waiting = fn.session
      ? locks.manager.acquireSession(locks.owner, tag, fn.mode, options)
      : locks.manager.acquire(locks.owner, tag, fn.mode, options);
  } catch (err) {
    if (!canWait && err instanceof DbError && err.code === '55P03') throw cannotWaitHere(name);
    throw err;
  }
  waitInExpression(rt, waiting, token);
  return VOID;
}

/** pg_try_advisory_lock & co.: true when granted at once, false (holding nothing) when it would wait. */
function tryLock(rt: Runtime, tag: LockTag, fn: AdvisoryFunction): boolean {
  const locks = locksOf(rt);
  return locks.manager.tryAcquire(locks.owner, tag, fn.mode, fn.session);
}

/** pg_advisory_unlock & co.: false and a WARNING when the session holds no such session lock. */
function unlock(rt: Runtime, tag: LockTag, mode: LockMode): boolean {
  const locks = locksOf(rt);
  if (locks.manager.releaseSession(locks.owner, tag, mode)) return true;
  rt.ctx.session?.notice(
    new DbError('01000', `you don't own a lock of type ${lockModeName(mode)}`, { severity: 'WARNING' }),
  );
  return false;
}

/**
 * 0A000 for a blocking lock call that would have to wait where the statement cannot suspend
 * (anywhere but the top select list: see expression-wait.ts).
 */
function cannotWaitHere(name: string): DbError {
  return new DbError('0A000', `${name}() cannot wait for a lock here`, {
    hint: 'Call it in the select list of its own SELECT.',
  });
}
