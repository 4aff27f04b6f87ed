/**
 * MVCC visibility, written once for every table store. A tuple version carries the transaction
 * that created it (xmin, in command cmin) and the one that deleted or replaced it (xmax, in
 * command cmax; 0 = never deleted).
 *
 * Two views:
 * - `satisfiesMvcc` (PostgreSQL's HeapTupleSatisfiesMVCC): what a statement sees. Other
 *   transactions count only if they committed before the snapshot; our own changes count only
 *   if an earlier command made them (so `INSERT INTO t SELECT * FROM t` does not see its own rows).
 * - `satisfiesDirty` (HeapTupleSatisfiesDirty): what a uniqueness check must respect: every version
 *   that is or may become live, whatever the snapshot, naming the transaction to wait for.
 *
 * SUBTRANSACTIONS. A transaction's writes after a SAVEPOINT carry a sub-xid. "Own" means the
 * top-level xid or one of its live (not rolled back) sub-xids, passed as `subxids`; a sub-xid
 * rolled back by ROLLBACK TO is aborted in the commit log, so its insertions are invisible to
 * everyone and its deletions do not count (PostgreSQL's "deleting subtransaction aborted" case).
 * Other transactions see a running transaction's sub-xids as in progress (they are in its
 * snapshot's xip and 'in-progress' in the commit log until the top-level commit).
 */
import { type CommandId, INVALID_TXN_ID, type TxnId } from '@rustydb/common';
import type { CommitLog } from './commit-log.js';
import { type Snapshot, xidInSnapshot } from './snapshot.js';

/** The MVCC fields of a tuple version. */
export interface VersionHeader {
  readonly xmin: TxnId;
  readonly xmax: TxnId;
  readonly cmin: CommandId;
  readonly cmax: CommandId;
}

/**
 * Is `v` visible to a statement of transaction `own` (INVALID_TXN_ID if it has none; `subxids`
 * its live sub-xids) running command `cid` under `snapshot`? Synchronous, no allocation.
 */
export function satisfiesMvcc(
  v: VersionHeader,
  snapshot: Snapshot,
  own: TxnId,
  cid: CommandId,
  clog: CommitLog,
  subxids?: ReadonlySet<TxnId>,
): boolean {
  if (isOwn(v.xmin, own, subxids)) {
    if (v.cmin >= cid) return false; // inserted by this or a later command
    // Not deleted, or deleted by a rolled-back subtransaction: visible.
    if (v.xmax === INVALID_TXN_ID || !isOwn(v.xmax, own, subxids)) return true;
    return v.cmax >= cid; // deleted by this or a later command: still visible
  }
  if (xidInSnapshot(v.xmin, snapshot) || clog.get(v.xmin) !== 'committed') return false;
  if (v.xmax === INVALID_TXN_ID) return true;
  if (isOwn(v.xmax, own, subxids)) return v.cmax >= cid;
  return xidInSnapshot(v.xmax, snapshot) || clog.get(v.xmax) !== 'committed';
}

/** Is `xid` the transaction `own` itself or one of its live sub-xids? */
function isOwn(xid: TxnId, own: TxnId, subxids: ReadonlySet<TxnId> | undefined): boolean {
  if (own === INVALID_TXN_ID) return false;
  return xid === own || (subxids !== undefined && subxids.size > 0 && subxids.has(xid));
}

/**
 * The uniqueness-check view of `v` for transaction `own`: 'live', 'dead', or the xid of another
 * in-progress transaction that inserted or is deleting it (the caller waits for it, then
 * checks again). Synchronous.
 */
export function satisfiesDirty(
  v: VersionHeader,
  own: TxnId,
  clog: CommitLog,
  subxids?: ReadonlySet<TxnId>,
): 'live' | 'dead' | TxnId {
  if (isOwn(v.xmin, own, subxids)) {
    return v.xmax !== INVALID_TXN_ID && isOwn(v.xmax, own, subxids) ? 'dead' : 'live';
  }
  const inserter = clog.get(v.xmin);
  if (inserter === 'in-progress') return v.xmin;
  if (inserter === 'aborted') return 'dead';
  if (v.xmax === INVALID_TXN_ID) return 'live';
  if (isOwn(v.xmax, own, subxids)) return 'dead';
  const deleter = clog.get(v.xmax);
  if (deleter === 'in-progress') return v.xmax;
  return deleter === 'committed' ? 'dead' : 'live';
}
