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
 * NB: without subtransactions, a version deleted by another transaction while we inserted it
 * cannot exist; PostgreSQL's "deleting subtransaction aborted" cases collapse to "visible".
 */
import { INVALID_TXN_ID, type CommandId, type TxnId } from '@rustydb/common';
import type { CommitLog } from './commit-log.js';
import { xidInSnapshot, type Snapshot } from './snapshot.js';

/** The MVCC fields of a tuple version. */
export interface VersionHeader {
  readonly xmin: TxnId;
  readonly xmax: TxnId;
  readonly cmin: CommandId;
  readonly cmax: CommandId;
}

/**
 * Is `v` visible to a statement of transaction `own` (INVALID_TXN_ID if it has none) running
 * command `cid` under `snapshot`? Synchronous, no allocation.
 */
export function satisfiesMvcc(
  v: VersionHeader,
  snapshot: Snapshot,
  own: TxnId,
  cid: CommandId,
  clog: CommitLog,
): boolean {
  if (own !== INVALID_TXN_ID && v.xmin === own) {
    if (v.cmin >= cid) return false; // inserted by this or a later command
    if (v.xmax !== own) return true; // not deleted (or by an aborted subtransaction, one day)
    return v.cmax >= cid; // deleted by this or a later command: still visible
  }
  if (xidInSnapshot(v.xmin, snapshot) || clog.get(v.xmin) !== 'committed') return false;
  if (v.xmax === INVALID_TXN_ID) return true;
  if (own !== INVALID_TXN_ID && v.xmax === own) return v.cmax >= cid;
  return xidInSnapshot(v.xmax, snapshot) || clog.get(v.xmax) !== 'committed';
}

/**
 * The uniqueness-check view of `v` for transaction `own`: 'live', 'dead', or the xid of another
 * in-progress transaction that inserted or is deleting it (the caller waits for it, then
 * checks again). Synchronous.
 */
export function satisfiesDirty(v: VersionHeader, own: TxnId, clog: CommitLog): 'live' | 'dead' | TxnId {
  if (own !== INVALID_TXN_ID && v.xmin === own) {
    return v.xmax === own ? 'dead' : 'live';
  }
  const inserter = clog.get(v.xmin);
  if (inserter === 'in-progress') return v.xmin;
  if (inserter === 'aborted') return 'dead';
  if (v.xmax === INVALID_TXN_ID) return 'live';
  if (own !== INVALID_TXN_ID && v.xmax === own) return 'dead';
  const deleter = clog.get(v.xmax);
  if (deleter === 'in-progress') return v.xmax;
  return deleter === 'committed' ? 'dead' : 'live';
}
