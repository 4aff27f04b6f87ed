/**
 * LockManager: the heavyweight lock table, its wait queues, lock waits that are awaited, and
 * deadlock detection. PostgreSQL's lock.c and proc.c (ProcSleep, ProcLockWakeup), on one event loop.
 *
 * Structure: a map from `LockTag.key` to a `Lock` (PostgreSQL's LOCK): the owners holding it, each
 * with the modes it holds and how many times it took each (a `Holder`, PostgreSQL's PROCLOCK), and
 * a FIFO queue of waiters. An owner is whoever holds locks: the engine uses the session's backend
 * process id, since a session runs one transaction at a time and a read-only transaction has no
 * xid. An owner waits for at most one lock at a time.
 *
 * Rules, all PostgreSQL's:
 * - Re-entrancy: a mode the owner already holds is granted at once, counted; `release` undoes one
 *   acquisition, `releaseAll` (at transaction end) all of them.
 * - An owner's own locks never conflict with its request, so upgrades (AccessShare, then
 *   AccessExclusive) wait only for the other owners.
 * - No starvation: a request that conflicts with any waiter's request queues behind it even if the
 *   granted modes would allow it.
 * - Except for holders (ProcSleep): if the requester already holds a mode on this lock that a
 *   waiter's request conflicts with, that waiter is waiting for the requester anyway, so the request
 *   goes ahead of it, and is granted at once if nothing granted and nothing queued ahead conflicts.
 *   If that waiter also holds a mode the request conflicts with, both would wait for each other:
 *   40P01 at once (PostgreSQL's early deadlock detection, e.g. two AccessShare holders both
 *   asking for AccessExclusive).
 * - Wake-up (ProcLockWakeup): after a release or a withdrawn wait, waiters are granted in queue
 *   order, each one only if it conflicts neither with the granted modes nor with a request still
 *   queued ahead of it.
 * - Session holds (advisory locks, PostgreSQL's session-owned LOCALLOCK counts): an acquisition
 *   made with `acquireSession` is also counted in the holder's `session` counts; `releaseAll` at
 *   transaction end keeps those, and only `releaseSession` / `releaseAllSession` (unlock, session
 *   end) give them up. Session and transaction holds of one owner never conflict: they are one
 *   holder. Savepoints (`mark`, `releaseSince`) see only the transaction-level part.
 * - A wait ends with the grant, 55P03 on NOWAIT (at once) or lock_timeout, the abort signal's
 *   reason (statement cancel, statement_timeout), or 40P01 when its deadlock check, run
 *   `deadlock_timeout` after the wait began, finds a cycle through it (deadlock-detector.ts; one
 *   timer serves every wait's check, deadlock-timer.ts). The failed owner keeps the locks it
 *   holds; its transaction's abort releases them.
 *
 * Cost: granting an uncontended lock allocates nothing once the owner holds the lock, and never a
 * Promise; a first acquisition allocates the table entry and the holder record. Transaction end
 * (`releaseAll`) leaves the owner's last holder of each lock in the lock's `holders` with no modes
 * (the lock's `spare`) and the owner's emptied holder list in `#held`, one of each per lock and
 * per manager: the next autocommit statement of the same session reuses both, so neither the
 * grant nor the release adds or removes Map entries (deleting a small Map's last entry makes V8
 * rebuild its table, and adding one again grows it: both allocate, on every transaction).
 */
import { assert, emptyArray, InternalError, type Oid } from '@rustydb/common';
import { findDeadlock, type WaitGraph } from './deadlock-detector.js';
import { DeadlockTimer } from './deadlock-timer.js';
import { deadlockDetected, lockNotAvailable, lockTimeout } from './lock-errors.js';
import { conflictMask, LOCK_MODES, type LockMode, lockModeBit } from './lock-modes.js';
import type { LockTag } from './lock-tag.js';
import { keepSessionHolds, splitTransactionHolds, transactionCounts } from './session-holds.js';

/** Whoever holds locks: the engine passes the session's backend process id (see the file comment). */
export type LockOwner = number;

/** An owner's lock counts at a point in time (`LockManager.mark`), by lock tag key. */
export type LockMark = ReadonlyMap<string, readonly number[]>;

/** How a lock request may wait. */
export interface LockWaitOptions {
  /** Fail with 55P03 instead of waiting (LOCK … NOWAIT, FOR UPDATE NOWAIT). */
  readonly nowait?: boolean;
  /** lock_timeout in milliseconds: fail the wait with 55P03 after it. 0 or absent: no limit. */
  readonly timeoutMs?: number;
  /** Statement cancel or statement_timeout: the wait rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /**
   * Statement cancel or statement_timeout without an AbortSignal (one costs microseconds to make
   * and to listen to, on every wait of a contended row): the statement's abort reason once it was
   * aborted, else undefined — a request that would wait throws it instead (read only then, so it
   * may be a getter). A wait already pending is ended by `interrupt(owner, reason)`.
   */
  readonly abortReason?: unknown;
  /** deadlock_timeout for this wait, overriding the manager's. */
  readonly deadlockTimeoutMs?: number;
}

/** Options of `new LockManager`. */
export interface LockManagerOptions {
  /** deadlock_timeout in milliseconds: how long a wait lasts before it checks for a deadlock. Default 1000. */
  readonly deadlockTimeoutMs?: number;
  /** The process id that messages show for an owner (`Process 123 waits for …`). Default: the owner itself. */
  readonly processId?: (owner: LockOwner) => number;
  /** The database oid, for deadlock reports (`relation 16384 of database 5`) and pg_locks. */
  readonly database?: Oid;
}

/** One row of a later pg_locks view: a held mode or a pending request. */
export interface LockInfo {
  readonly tag: LockTag;
  readonly mode: LockMode;
  readonly owner: LockOwner;
  readonly processId: number;
  readonly granted: boolean;
  /** For a pending request, when its wait began (Date.now()): pg_locks.waitstart. */
  readonly waitStart?: number;
}

/** One owner's hold on one lock (PostgreSQL's PROCLOCK). @internal (session-holds.ts) */
export interface Holder {
  readonly owner: LockOwner;
  readonly lock: Lock;
  /** Bit `1 << mode` for each mode held. */
  mask: number;
  /** Acquisitions per mode (index = mode). */
  readonly counts: number[];
  /** Of `counts`, the session-level acquisitions per mode (`acquireSession`); undefined: none yet. */
  session: number[] | undefined;
}

/** A pending request. */
interface Waiter {
  readonly owner: LockOwner;
  readonly lock: Lock;
  readonly mode: LockMode;
  readonly waitStart: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
  /** When its deadlock check is due (Date.now() ms); Infinity once it ran (see deadlock-timer.ts). */
  deadlockAt: number;
  lockTimer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** One locked object (PostgreSQL's LOCK). @internal (Holder's) */
export interface Lock {
  /** The tag of the latest request that found the lock free (names for messages). */
  tag: LockTag;
  /** The owners holding modes, plus at most one without any: `spare`. */
  readonly holders: Map<LockOwner, Holder>;
  /** Number of holders per mode (index = mode). */
  readonly modeHolders: number[];
  /** Bit `1 << mode` for each mode some owner holds. */
  grantMask: number;
  /** FIFO, except where the holder rule inserts a request ahead. */
  readonly waiters: Waiter[];
  /**
   * The holder releaseAll last emptied (mask and counts zero), left in `holders` for its owner's
   * next grant; releaseAll of another owner's holder removes it. A holder in `holders` with mask
   * 0 is always this one (`release` removes a holder whose modes are all gone).
   */
  spare: Holder | undefined;
}

const NO_OPTIONS: LockWaitOptions = {};

/** How large the lock table may be while idle relation locks stay in it. */
const IDLE_ENTRIES = 1024;
/** Freed transaction-id lock entries kept for the next transaction ids (see `#freeXidLocks`). */
const FREE_XID_LOCKS = 8;

/**
 * The lock table of one database. All methods are synchronous except the waits `acquire` returns.
 */
export class LockManager {
  /** deadlock_timeout in milliseconds for waits that start from now on. */
  deadlockTimeoutMs: number;
  /** Deadlocks found since the lock table was made (pg_stat_database.deadlocks). */
  deadlocks = 0;
  readonly #table = new Map<string, Lock>();
  /** Each owner's holders; an empty list for at most one owner, `#idleOwner`. */
  readonly #held = new Map<LockOwner, Holder[]>();
  /** The owner whose list releaseAll emptied and left in `#held` (see the file comment). */
  #idleOwner: LockOwner | undefined;
  readonly #waiting = new Map<LockOwner, Waiter>();
  /**
   * Transaction-id lock entries that went idle, for reuse: every transaction that writes takes
   * an xid and its lock, always uncontended and released at its end, so without reuse each
   * would allocate a Lock, its Maps and arrays, and a Holder. An idle entry holds no mode and
   * no waiter; its `holders` keeps at most the `spare` (the last owner's, reused when that
   * session writes again).
   */
  readonly #freeXidLocks: Lock[] = [];
  readonly #processId: (owner: LockOwner) => number;
  readonly #database: Oid | undefined;
  readonly #graph: WaitGraph = {
    waitingFor: (owner) => {
      const w = this.#waiting.get(owner);
      return w === undefined ? undefined : { tag: w.lock.tag, mode: w.mode };
    },
    blockers: (owner) => this.blockingOwners(owner),
  };
  /** The one timer of every wait's deadlock check (deadlock-timer.ts). */
  readonly #deadlockTimer = new DeadlockTimer((now) => this.#checkDeadlocks(now));

  constructor(options: LockManagerOptions = {}) {
    this.deadlockTimeoutMs = options.deadlockTimeoutMs ?? 1000;
    this.#processId = options.processId ?? ((owner) => owner);
    this.#database = options.database;
  }

  /**
   * Acquires `mode` on `tag` for `owner`.
   * @returns undefined when granted at once (no Promise is allocated), else a Promise that
   * resolves once the lock is granted.
   * @throws DbError 55P03 `could not obtain lock on relation "t"` (or `… on row in relation "t"`
   * for a tuple) with `nowait` when the request would wait; DbError 40P01 when the request would
   * wait for an owner that waits for it on the same lock (two holders upgrading); `signal.reason`
   * (or `abortReason`) when the statement is already aborted and the request would wait. All thrown synchronously.
   * The Promise rejects with DbError 55P03 `canceling statement due to lock timeout` after
   * `timeoutMs`, with `signal.reason` on abort (or the reason `interrupt` gives), and with DbError 40P01 `deadlock detected` when
   * the deadlock check finds this wait on a cycle. The owner keeps the locks it already held.
   */
  acquire(
    owner: LockOwner,
    tag: LockTag,
    mode: LockMode,
    options: LockWaitOptions = NO_OPTIONS,
  ): Promise<void> | undefined {
    const lock = this.#entry(tag);
    if (this.#grantAtOnce(lock, owner, mode)) return undefined;
    if (options.nowait) throw lockNotAvailable(tag);
    const own = lock.holders.get(owner)?.mask ?? 0;
    const conflicts = conflictMask(mode);

    // ProcSleep: go ahead of the first waiter that waits for one of our own modes.
    let insertAt = lock.waiters.length;
    if (own !== 0) {
      let ahead = 0;
      for (let i = 0; i < lock.waiters.length; i++) {
        const w = lock.waiters[i];
        if ((conflictMask(w.mode) & own) !== 0) {
          const theirs = lock.holders.get(w.owner)?.mask ?? 0;
          if ((conflicts & theirs) !== 0) {
            this.deadlocks++;
            throw deadlockDetected(
              [
                { owner, tag, mode, blockedBy: w.owner },
                { owner: w.owner, tag, mode: w.mode, blockedBy: owner },
              ],
              this.#processId,
              this.#database,
            );
          }
          if ((conflicts & ahead) === 0 && !conflictsWithGranted(lock, mode, own)) {
            this.#grant(lock, owner, mode);
            return undefined;
          }
          insertAt = i;
          break;
        }
        ahead |= lockModeBit(w.mode);
      }
    }
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason;
    const aborted = options.abortReason;
    if (aborted !== undefined) throw aborted;
    return this.#wait(lock, owner, mode, insertAt, options);
  }

  /**
   * Undoes one acquisition of `mode` on `tag` by `owner` and wakes the waiters it unblocks
   * (PostgreSQL releases tuple locks and xid wait locks this way, before transaction end).
   * Synchronous. Asserts the owner holds the mode.
   */
  release(owner: LockOwner, tag: LockTag, mode: LockMode): void {
    const lock = this.#table.get(tag.key);
    const holder = lock?.holders.get(owner);
    assert(
      lock !== undefined && holder !== undefined && holder.counts[mode] > 0,
      `${owner} does not hold ${mode}`,
    );
    if (--holder.counts[mode] === 0) {
      holder.mask &= ~lockModeBit(mode);
      if (--lock.modeHolders[mode] === 0) lock.grantMask &= ~lockModeBit(mode);
      if (holder.mask === 0) this.#forgetHolder(holder);
      this.#wakeUp(lock);
    }
  }

  /**
   * Releases every lock `owner` holds (transaction end: commit or abort) and wakes, for each
   * lock, the waiters that can now go, in queue order. Synchronous. A wait the owner still has
   * pending (the caller should have aborted it first) is withdrawn and rejects with InternalError.
   */
  releaseAll(owner: LockOwner): void {
    const pending = this.#waiting.get(owner);
    if (pending !== undefined) this.#fail(pending, new InternalError('lock wait abandoned by releaseAll'));
    const holders = this.#held.get(owner);
    if (holders === undefined || holders.length === 0) return;
    let kept = 0;
    for (const holder of holders) {
      const lock = holder.lock;
      if (holder.session !== undefined && keepSessionHolds(holder)) {
        holders[kept++] = holder;
        this.#wakeUp(lock);
        continue;
      }
      // The held modes' bits, lowest first (an autocommit statement holds one or two).
      for (let mask = holder.mask; mask !== 0; mask &= mask - 1) {
        const mode = 31 - Math.clz32(mask & -mask);
        if (--lock.modeHolders[mode] === 0) lock.grantMask &= ~(1 << mode);
        holder.counts[mode] = 0;
      }
      holder.mask = 0;
      // Left in `holders` for the next grant to this owner (the next autocommit statement on
      // the table), in place of another owner's spare.
      const spare = lock.spare;
      if (spare !== undefined && spare !== holder) lock.holders.delete(spare.owner);
      lock.spare = holder;
      this.#wakeUp(lock);
    }
    if (kept > 0) {
      holders.length = kept;
      return;
    }
    emptyArray(holders);
    const idle = this.#idleOwner;
    if (idle !== undefined && idle !== owner && this.#held.get(idle)?.length === 0) this.#held.delete(idle);
    this.#idleOwner = owner;
  }

  /**
   * What `owner` holds now at transaction level, for `releaseSince` (a savepoint's mark:
   * PostgreSQL's resource owner of a subtransaction). Synchronous; copies the owner's counts.
   */
  mark(owner: LockOwner): LockMark {
    const mark = new Map<string, readonly number[]>();
    for (const holder of this.#held.get(owner) ?? [])
      mark.set(holder.lock.tag.key, transactionCounts(holder));
    return mark;
  }

  /**
   * Releases what `owner` acquired since `mark` (ROLLBACK TO, or an error inside a savepoint):
   * each mode of each lock back to its transaction-level count at the mark — locks taken before
   * the savepoint stay, and so do session holds — waking the waiters that can now go. Synchronous.
   */
  releaseSince(owner: LockOwner, mark: LockMark): void {
    const holders = this.#held.get(owner);
    if (holders === undefined) return;
    for (const holder of [...holders]) {
      const before = mark.get(holder.lock.tag.key);
      const tag = holder.lock.tag;
      const now = transactionCounts(holder);
      for (let mode = 0; mode < now.length; mode++) {
        for (let n = now[mode]! - (before?.[mode] ?? 0); n > 0; n--)
          this.release(owner, tag, mode as LockMode);
      }
    }
  }

  /**
   * Hands every transaction-level lock `from` holds to `to`, which must hold none (PREPARE
   * TRANSACTION: the session's locks become the prepared transaction's); session holds stay with
   * `from`. Nothing is released, so nobody waiting wakes up. Synchronous.
   */
  transferAll(from: LockOwner, to: LockOwner): void {
    assert((this.#held.get(to)?.length ?? 0) === 0, `lock owner ${to} already holds locks`);
    assert(!this.#waiting.has(from), `lock owner ${from} is waiting`);
    const holders = this.#held.get(from);
    if (holders === undefined || holders.length === 0) return;
    this.#held.delete(from);
    const moved: Holder[] = [];
    const stay: Holder[] = [];
    for (const h of holders) {
      if (h.session?.some((n) => n > 0)) {
        stay.push(h);
        const split = splitTransactionHolds(h, to);
        if (split !== undefined) {
          h.lock.holders.set(to, split);
          moved.push(split);
        }
        continue;
      }
      const holder: Holder = { owner: to, lock: h.lock, mask: h.mask, counts: h.counts, session: undefined };
      const lock = h.lock;
      lock.holders.delete(from);
      // `to`'s spare, if any, is replaced by the moved holder.
      if (lock.spare?.owner === to) lock.spare = undefined;
      lock.holders.set(to, holder);
      moved.push(holder);
    }
    if (stay.length > 0) this.#held.set(from, stay);
    if (moved.length > 0) this.#held.set(to, moved);
  }

  /**
   * Acquires `mode` on `tag` as a session hold of `owner` (pg_advisory_lock): like `acquire`, and
   * the acquisition survives `releaseAll` until `releaseSession` or `releaseAllSession`.
   * @returns undefined when granted at once, else a Promise resolving once granted (counted as
   * a session hold from the grant on). @throws / rejects as `acquire`.
   */
  acquireSession(
    owner: LockOwner,
    tag: LockTag,
    mode: LockMode,
    options: LockWaitOptions = NO_OPTIONS,
  ): Promise<void> | undefined {
    const waiting = this.acquire(owner, tag, mode, options);
    if (waiting === undefined) {
      this.#markSession(owner, tag, mode);
      return undefined;
    }
    return waiting.then(() => this.#markSession(owner, tag, mode));
  }

  /**
   * Undoes one session-level acquisition of `mode` on `tag` by `owner` (pg_advisory_unlock).
   * @returns false, changing nothing, when the owner has no session hold of that mode there.
   */
  releaseSession(owner: LockOwner, tag: LockTag, mode: LockMode): boolean {
    const session = this.#table.get(tag.key)?.holders.get(owner)?.session;
    if (session === undefined || session[mode] === 0) return false;
    session[mode]--;
    this.release(owner, tag, mode);
    return true;
  }

  /**
   * Gives up every session hold of `owner` (pg_advisory_unlock_all, session end); its
   * transaction-level holds stay. Synchronous.
   */
  releaseAllSession(owner: LockOwner): void {
    const holders = this.#held.get(owner);
    if (holders === undefined) return;
    for (const holder of [...holders]) {
      const session = holder.session;
      if (session === undefined) continue;
      const tag = holder.lock.tag;
      for (let mode = 0; mode < session.length; mode++) {
        for (; session[mode]! > 0; session[mode]--) this.release(owner, tag, mode as LockMode);
      }
    }
  }

  /** True when `owner` has a session hold (an advisory lock taken with `acquireSession`). */
  holdsSessionLocks(owner: LockOwner): boolean {
    for (const holder of this.#held.get(owner) ?? []) {
      if (holder.session?.some((n) => n > 0)) return true;
    }
    return false;
  }

  #markSession(owner: LockOwner, tag: LockTag, mode: LockMode): void {
    const holder = this.#table.get(tag.key)?.holders.get(owner);
    // Gone only if releaseAll ran between the grant and this continuation (session end).
    if (holder === undefined || holder.counts[mode] === 0) return;
    holder.session ??= [0, 0, 0, 0, 0, 0, 0, 0, 0];
    holder.session[mode]++;
  }

  /** True when `owner` holds `mode` on `tag`. Synchronous. */
  holds(owner: LockOwner, tag: LockTag, mode: LockMode): boolean {
    return (this.#table.get(tag.key)?.holders.get(owner)?.counts[mode] ?? 0) > 0;
  }

  /**
   * True when some owner holds a mode on `tag` that conflicts with `mode`: what a request for
   * `mode` would have to wait for, asked without requesting. Synchronous.
   */
  heldInConflict(tag: LockTag, mode: LockMode): boolean {
    const lock = this.#table.get(tag.key);
    if (lock === undefined) return false;
    const conflicts = conflictMask(mode);
    for (const holder of lock.holders.values()) if ((holder.mask & conflicts) !== 0) return true;
    return false;
  }

  /**
   * Ends `owner`'s pending request, which rejects with `reason` (statement cancel or
   * statement_timeout for waits made with `abortReason`), and lets the waiters behind it go if
   * they can. Synchronous. @returns false, changing nothing, when the owner is not waiting.
   */
  interrupt(owner: LockOwner, reason: unknown): boolean {
    const w = this.#waiting.get(owner);
    if (w === undefined) return false;
    this.#fail(w, reason);
    return true;
  }

  /** How many owners have a pending request now. */
  get waitingOwners(): number {
    return this.#waiting.size;
  }

  /** True when `owner` has a pending request. */
  isWaiting(owner: LockOwner): boolean {
    return this.#waiting.has(owner);
  }

  /**
   * The owners `owner`'s pending request waits for (PostgreSQL's pg_blocking_pids): holders of a
   * conflicting mode, then waiters queued ahead with a conflicting request. Empty when not waiting.
   */
  blockingOwners(owner: LockOwner): LockOwner[] {
    const w = this.#waiting.get(owner);
    if (w === undefined) return [];
    const conflicts = conflictMask(w.mode);
    const result: LockOwner[] = [];
    for (const holder of w.lock.holders.values()) {
      if (holder.owner !== owner && (holder.mask & conflicts) !== 0) result.push(holder.owner);
    }
    for (const ahead of w.lock.waiters) {
      if (ahead === w) break;
      if ((lockModeBit(ahead.mode) & conflicts) !== 0 && !result.includes(ahead.owner))
        result.push(ahead.owner);
    }
    return result;
  }

  /**
   * Every held mode and pending request, for pg_locks: per lock, the holders' modes (weakest
   * first), then the waiters in queue order. A fresh array. Synchronous.
   */
  locks(): readonly LockInfo[] {
    const rows: LockInfo[] = [];
    for (const lock of this.#table.values()) {
      for (const holder of lock.holders.values()) {
        for (const mode of LOCK_MODES) {
          if ((holder.mask & lockModeBit(mode)) === 0) continue;
          const processId = this.#processId(holder.owner);
          rows.push({ tag: lock.tag, mode, owner: holder.owner, processId, granted: true });
        }
      }
      for (const w of lock.waiters) {
        const processId = this.#processId(w.owner);
        rows.push({
          tag: lock.tag,
          mode: w.mode,
          owner: w.owner,
          processId,
          granted: false,
          waitStart: w.waitStart,
        });
      }
    }
    return rows;
  }

  /**
   * Acquires `mode` on `tag` for `owner` only if that needs no wait (pg_try_advisory_lock:
   * PostgreSQL's ConditionalLockAcquire), as a session hold with `session`. Synchronous.
   * @returns true when granted; false, changing nothing, when the request would wait. Unlike
   * `acquire` with `nowait`, a refusal makes no error object (job queues try many keys).
   */
  tryAcquire(owner: LockOwner, tag: LockTag, mode: LockMode, session = false): boolean {
    if (!this.#grantAtOnce(this.#entry(tag), owner, mode)) return false;
    if (session) this.#markSession(owner, tag, mode);
    return true;
  }

  /** The table's entry for `tag`, made (or reused) if there is none. */
  #entry(tag: LockTag): Lock {
    let lock = this.#table.get(tag.key);
    if (lock === undefined && tag.kind === 'transactionid' && this.#freeXidLocks.length > 0) {
      lock = this.#freeXidLocks.pop()!;
      lock.tag = tag;
      this.#table.set(tag.key, lock);
    } else if (lock === undefined) {
      lock = {
        tag,
        holders: new Map(),
        modeHolders: [0, 0, 0, 0, 0, 0, 0, 0, 0],
        grantMask: 0,
        waiters: [],
        spare: undefined,
      };
      this.#table.set(tag.key, lock);
    } else if (lock.grantMask === 0 && lock.waiters.length === 0) {
      // A kept idle entry (see #wakeUp): the relation may have been renamed since.
      lock.tag = tag;
    }
    return lock;
  }

  /**
   * Grants `mode` to `owner` if nothing makes it wait: a mode it holds (counted again), or no
   * conflict with the granted modes nor with a queued request (LockAcquire: conflicting with a
   * queued request means waiting behind it, even if the granted modes would allow it — no
   * starvation). False when the request must wait (nothing changed).
   */
  #grantAtOnce(lock: Lock, owner: LockOwner, mode: LockMode): boolean {
    const holder = lock.holders.get(owner);
    if (holder !== undefined && holder.counts[mode] > 0) {
      holder.counts[mode]++;
      return true;
    }
    assert(!this.#waiting.has(owner), `lock owner ${owner} requests a lock while waiting for another`);
    const own = holder?.mask ?? 0;
    if ((conflictMask(mode) & waitMask(lock)) === 0 && !conflictsWithGranted(lock, mode, own)) {
      this.#grant(lock, owner, mode);
      return true;
    }
    return false;
  }

  #grant(lock: Lock, owner: LockOwner, mode: LockMode): void {
    let holder = lock.holders.get(owner);
    if (holder === undefined || holder.mask === 0) {
      // No modes: a new holder, or the spare releaseAll left (see the file comment).
      if (holder === undefined) {
        holder = { owner, lock, mask: 0, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0], session: undefined };
        lock.holders.set(owner, holder);
      } else lock.spare = undefined;
      const list = this.#held.get(owner);
      if (list === undefined) this.#held.set(owner, [holder]);
      else list.push(holder);
    }
    holder.counts[mode]++;
    const b = lockModeBit(mode);
    if ((holder.mask & b) === 0) {
      holder.mask |= b;
      lock.modeHolders[mode]++;
      lock.grantMask |= b;
    }
  }

  #wait(lock: Lock, owner: LockOwner, mode: LockMode, at: number, options: LockWaitOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const now = Date.now();
      const w: Waiter = {
        owner,
        lock,
        mode,
        waitStart: now,
        resolve,
        reject,
        deadlockAt: now + (options.deadlockTimeoutMs ?? this.deadlockTimeoutMs),
        lockTimer: undefined,
        signal: undefined,
        onAbort: undefined,
      };
      lock.waiters.splice(at, 0, w);
      this.#waiting.set(owner, w);
      this.#deadlockTimer.pending(w.deadlockAt, now);
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        w.lockTimer = setTimeout(() => this.#fail(w, lockTimeout()), options.timeoutMs);
      }
      const signal = options.signal;
      if (signal !== undefined) {
        w.signal = signal;
        w.onAbort = () => this.#fail(w, signal.reason);
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
    });
  }

  /**
   * The deadlock timer's sweep: runs the check of every wait due by `now` (once per wait,
   * deadlock_timeout after it began), failing the wait if it closes a cycle. Returns when the
   * next check is due, Infinity when no wait is left.
   */
  #checkDeadlocks(now: number): number {
    let next = Number.POSITIVE_INFINITY;
    // #fail deletes from #waiting while this iterates: a Map iterator allows that.
    for (const w of this.#waiting.values()) {
      if (w.deadlockAt > now) {
        if (w.deadlockAt < next) next = w.deadlockAt;
        continue;
      }
      w.deadlockAt = Number.POSITIVE_INFINITY;
      const cycle = findDeadlock(this.#graph, w.owner);
      if (cycle !== undefined) {
        this.deadlocks++;
        this.#fail(w, deadlockDetected(cycle, this.#processId, this.#database));
      }
    }
    return next;
  }

  /** Withdraws a pending request with `err`, then lets the waiters behind it go if they can. */
  #fail(w: Waiter, err: unknown): void {
    const lock = w.lock;
    const i = lock.waiters.indexOf(w);
    assert(i >= 0, 'failing a wait that is not queued');
    lock.waiters.splice(i, 1);
    this.#endWait(w);
    w.reject(err);
    this.#wakeUp(lock);
  }

  /** ProcLockWakeup: grant, in queue order, each waiter nothing granted or queued ahead conflicts with. */
  #wakeUp(lock: Lock): void {
    let ahead = 0;
    for (let i = 0; i < lock.waiters.length; ) {
      const w = lock.waiters[i];
      const own = lock.holders.get(w.owner)?.mask ?? 0;
      if ((conflictMask(w.mode) & ahead) === 0 && !conflictsWithGranted(lock, w.mode, own)) {
        lock.waiters.splice(i, 1);
        this.#endWait(w);
        this.#grant(lock, w.owner, w.mode);
        w.resolve();
      } else {
        ahead |= lockModeBit(w.mode);
        i++;
      }
    }
    // An idle relation lock stays in the table (up to IDLE_ENTRIES entries in all): the next
    // statement on the table finds it instead of allocating a new one, as every autocommit
    // statement takes and releases the same AccessShareLocks. Tuple and xid locks go.
    if (
      lock.grantMask === 0 &&
      lock.waiters.length === 0 &&
      (lock.tag.kind !== 'relation' || this.#table.size > IDLE_ENTRIES)
    ) {
      this.#table.delete(lock.tag.key);
      if (lock.tag.kind === 'transactionid' && this.#freeXidLocks.length < FREE_XID_LOCKS) {
        this.#freeXidLocks.push(lock);
      }
    }
  }

  #endWait(w: Waiter): void {
    this.#waiting.delete(w.owner);
    if (this.#waiting.size === 0) this.#deadlockTimer.idle();
    if (w.lockTimer !== undefined) clearTimeout(w.lockTimer);
    if (w.signal !== undefined && w.onAbort !== undefined) w.signal.removeEventListener('abort', w.onAbort);
    w.lockTimer = undefined;
  }

  #forgetHolder(holder: Holder): void {
    holder.lock.holders.delete(holder.owner);
    const list = this.#held.get(holder.owner);
    if (list === undefined) return;
    list.splice(list.indexOf(holder), 1);
    if (list.length === 0) this.#held.delete(holder.owner);
  }
}

/** The modes requested by a lock's waiters, as a bitmask. */
function waitMask(lock: Lock): number {
  let mask = 0;
  for (const w of lock.waiters) mask |= lockModeBit(w.mode);
  return mask;
}

/** LockCheckConflicts: does `mode` conflict with a mode granted to another owner? `own` is the requester's mask. */
function conflictsWithGranted(lock: Lock, mode: LockMode, own: number): boolean {
  const conflicts = conflictMask(mode) & lock.grantMask;
  if (conflicts === 0) return false;
  for (const m of LOCK_MODES) {
    const b = lockModeBit(m);
    if ((conflicts & b) !== 0 && lock.modeHolders[m] - ((own & b) !== 0 ? 1 : 0) > 0) return true;
  }
  return false;
}
