/**
 * Finding the version an UPDATE, DELETE, ON CONFLICT DO UPDATE or SELECT … FOR UPDATE acts on
 * when other transactions got there first: PostgreSQL's heap_update/heap_lock_tuple verdicts
 * (TM_BeingModified, TM_Updated, TM_Deleted) and READ COMMITTED's EvalPlanQual chain walk.
 *
 * The input row came from a scan under our snapshot, so its version was visible. Its xmax and
 * its lock-only lockers (txn's RowLockTable) then decide:
 * - none, ours from this command (skip: a row reached twice), or an aborted one: act on it;
 * - an in-progress updater/deleter, or an in-progress lock-only locker whose mode conflicts:
 *   wait for it (`waitForRowLockers`: the tuple's heavyweight lock for the queue position, then
 *   ShareLock on each xid), then look again. The wait is a Promise left on `rt.pendingWait`; the
 *   operator keeps the row and retries it when `executePlan` has awaited the wait;
 * - a committed updater/deleter: REPEATABLE READ and SERIALIZABLE raise 40001 `could not
 *   serialize access due to concurrent update` (`… delete` when it was deleted); READ COMMITTED
 *   follows the ctid chain to the newest version (a deleted end: skip the row) and returns it,
 *   so the operator re-checks the statement's WHERE on it before acting.
 *
 * The retry after a wait resumes where the wait began (`HeldTupleLock.resumeAt`), not at the
 * scanned version: under a contended row (pgbench's branch row at 16 clients) the chain from the
 * scanned version grows by one version per session served ahead of this one, and walking it
 * again from its start after every wait was ~4 fetches per call, 38 per transaction. The
 * versions already stepped over stay as they were: their updaters committed, and none can be
 * pruned while this statement's snapshot, older than those updates, is running (PostgreSQL's
 * EvalPlanQual likewise goes on from the newest version it reached).
 *
 * An operator that cannot hand a wait to executePlan (one inside a CTE whose rows another
 * operator pulls, or a context without `locks`) gets the old behaviour: 40001 at once.
 */
import type { TableDef } from '@rustydb/catalog';
import {
  compareValues,
  DbError,
  INVALID_TXN_ID,
  type Oid,
  packTid,
  type Tid,
  type TxnId,
  unpackTid,
  type Value,
} from '@rustydb/common';
import type { TableStore, TupleVersion } from '@rustydb/storage';
import {
  checkRowLock,
  LockMode,
  RowLockMode,
  tupleLockMode,
  tupleLockTag,
  waitForRowLockers,
} from '@rustydb/txn';
import { RowLayout } from './row-layout.js';
import type { Runtime } from './runtime.js';

/** Returned instead of a row when a wait is pending on `rt.pendingWait`: retry the row after it. */
export const WAITING: unique symbol = Symbol('waiting');

/** The version to act on; `moved` when READ COMMITTED followed the update chain to it. */
export interface Target {
  readonly tid: Tid;
  readonly version: TupleVersion;
  readonly moved: boolean;
}

/**
 * The tuple lock a row waiter holds until it has acted on the row (PostgreSQL releases it then),
 * and where the row's last `resolveTarget` stopped to wait (see the file comment). One per
 * operator (`heldTupleLock()`); `releaseTupleLock` clears both once the row is done with.
 */
export interface HeldTupleLock {
  tag: ReturnType<typeof tupleLockTag> | undefined;
  mode: LockMode;
  /** The table of the resume point; 0 when there is none. */
  resumeOid: Oid | 0;
  /** The packed tid of the scanned version the waiting call started from. */
  resumeFrom: number;
  /** The version the waiting call had reached, and whether it got there by the update chain. */
  resumeAt: Tid | undefined;
  resumeMoved: boolean;
}

/** An operator's HeldTupleLock: no tuple lock, no resume point. */
export function heldTupleLock(): HeldTupleLock {
  return {
    tag: undefined,
    mode: LockMode.AccessShare,
    resumeOid: 0,
    resumeFrom: 0,
    resumeAt: undefined,
    resumeMoved: false,
  };
}

/**
 * Resolves the target version for acting on the row whose scanned version is at `tid` in `mode`
 * (see the file comment). Synchronous.
 * @returns the target, undefined to skip the row, or WAITING (a wait is on `rt.pendingWait`).
 * @throws DbError 40001 (see the file comment), and synchronously what a wait fails with at once
 * (55P03 with NOWAIT, 40P01 for two upgrading holders).
 */
export function resolveTarget(
  rt: Runtime,
  table: TableDef,
  store: TableStore,
  start: Tid,
  mode: RowLockMode,
  canWait: boolean,
  held: HeldTupleLock,
  skipLocked = false,
  nowait = false,
): Target | undefined | typeof WAITING {
  const tx = rt.ctx.tx;
  const locks = rt.ctx.locks;
  let tid = start;
  let moved = false;
  if (held.resumeOid !== 0) {
    // The retry of a row after a wait: go on from where the wait began.
    if (held.resumeOid === table.oid && held.resumeFrom === packTid(start.page, start.slot)) {
      tid = held.resumeAt!;
      moved = held.resumeMoved;
    }
    forgetResume(held);
  }
  for (;;) {
    const v = store.fetch(tid);
    if (!v) return undefined;
    // The newest version is our own new row (UPDATE … FROM reaching the row twice): done with it.
    if (moved && tx.xid !== INVALID_TXN_ID && tx.isOwnXid(v.xmin)) return undefined;
    if (v.xmax !== INVALID_TXN_ID) {
      if (tx.isOwnXid(v.xmax)) return undefined;
      const seen = tx.uniqueCheck(v);
      if (typeof seen === 'number') {
        // FOR KEY SHARE does not conflict with an UPDATE that leaves the keys alone.
        if (mode === RowLockMode.ForKeyShare && keysKept(table, store, v, tid))
          return { tid, version: v, moved };
        if (skipLocked) return undefined;
        const w = waitFor(rt, table, tid, mode, [seen], canWait, held, nowait);
        if (w === WAITING) return resumeLater(held, table, start, tid, moved);
        continue;
      }
      if (seen === 'dead') {
        const updated = v.ctid.page !== tid.page || v.ctid.slot !== tid.slot;
        if (tx.isolation !== 'read committed') throw serializationFailure(updated);
        if (!updated) return undefined;
        tid = v.ctid;
        moved = true;
        continue;
      }
    }
    if (locks !== undefined) {
      const lockers = locks.rowLocks.lockers(table.oid, tid);
      if (lockers.length > 0) {
        const d = checkRowLock(tx.xid, mode, lockers, locks.status);
        if (d.kind === 'wait') {
          if (skipLocked) return undefined;
          const w = waitFor(rt, table, tid, mode, d.xids, canWait, held, nowait);
          if (w === WAITING) return resumeLater(held, table, start, tid, moved);
          continue;
        }
      }
    }
    return { tid, version: v, moved };
  }
}

/**
 * True when `v` (at `tid`) was replaced by an UPDATE that kept every unique-key column's value
 * (a FOR NO KEY UPDATE). Decodes both versions: only for FOR KEY SHARE meeting a running update.
 */
function keysKept(table: TableDef, store: TableStore, v: TupleVersion, tid: Tid): boolean {
  if (v.ctid.page === tid.page && v.ctid.slot === tid.slot) return false;
  const newer = store.fetch(v.ctid);
  if (newer === undefined) return false;
  const layout = new RowLayout(table);
  const width = table.columns.length;
  const a = new Array<Value>(width);
  const b = new Array<Value>(width);
  layout.decode(v.data, a);
  layout.decode(newer.data, b);
  for (const ix of table.indexes) {
    if (!ix.unique) continue;
    for (const attnum of ix.columns) {
      const slot = table.columns.findIndex((c) => c.attnum === attnum);
      if (slot >= 0 && compareValues(a[slot], b[slot], layout.types[slot]) !== 0) return false;
    }
  }
  return true;
}

/** Records where the retry after the pending wait resumes; returns WAITING. */
function resumeLater(
  held: HeldTupleLock,
  table: TableDef,
  start: Tid,
  at: Tid,
  moved: boolean,
): typeof WAITING {
  held.resumeOid = table.oid;
  held.resumeFrom = packTid(start.page, start.slot);
  held.resumeAt = at;
  held.resumeMoved = moved;
  return WAITING;
}

/** Forgets the resume point (an operator opening again: nothing of its last execution carries over). */
export function forgetResume(held: HeldTupleLock): void {
  held.resumeOid = 0;
  held.resumeAt = undefined;
}

/**
 * Releases the tuple lock a wait left held and forgets the resume point (after the row was acted
 * on or skipped).
 */
export function releaseTupleLock(rt: Runtime, held: HeldTupleLock): void {
  if (held.resumeOid !== 0) forgetResume(held);
  const locks = rt.ctx.locks;
  if (held.tag === undefined || locks === undefined) return;
  locks.manager.release(locks.owner, held.tag, held.mode);
  held.tag = undefined;
}

/** 40001 for REPEATABLE READ / SERIALIZABLE meeting a committed concurrent change. */
export function serializationFailure(updated: boolean): DbError {
  return new DbError(
    '40001',
    `could not serialize access due to concurrent ${updated ? 'update' : 'delete'}`,
  );
}

function waitFor(
  rt: Runtime,
  table: TableDef,
  tid: Tid,
  mode: RowLockMode,
  xids: readonly TxnId[],
  canWait: boolean,
  held: HeldTupleLock,
  nowait: boolean,
): undefined | typeof WAITING {
  const locks = rt.ctx.locks;
  if (locks === undefined || (!canWait && !nowait)) throw serializationFailure(true);
  if (held.tag === undefined) {
    held.tag = tupleLockTag(table.oid, tid, table.name);
    held.mode = tupleLockMode(mode);
  }
  const options = nowait ? { ...locks.wait, nowait: true } : locks.wait;
  const tag = held.tag;
  const p = waitForRowLockers(locks.manager, locks.owner, tag, mode, xids, options);
  if (p === undefined) return undefined;
  rt.pendingWait = p;
  return WAITING;
}

/** The packed tid of an input row's hidden tid column, unpacked. */
export function targetTid(packed: number): Tid {
  return unpackTid(packed);
}
