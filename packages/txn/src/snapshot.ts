/**
 * Snapshots, with PostgreSQL's meaning: which transactions' effects a reader may see.
 *
 * - `xmax`: the first xid not yet assigned when the snapshot was taken. Anything at or after it
 *   started later and is invisible.
 * - `xip`: the xids that were running when the snapshot was taken. It may hold the taker's own
 *   xids (TxnManager shares one xip among the snapshots taken while the running set stays the
 *   same): whoever asks about an xid decides the taker's own first (satisfiesMvcc, SSI).
 * - `xmin`: the smallest of the other transactions' running xids and `xmax`. Anything before it
 *   had finished, so the commit log alone decides.
 *
 * A transaction that commits after the snapshot was taken stays invisible to it even though the
 * commit log now says committed: that is the whole point.
 */
import type { TxnId } from '@rustydb/common';

export interface Snapshot {
  readonly xmin: TxnId;
  readonly xmax: TxnId;
  readonly xip: ReadonlySet<TxnId>;
}

/** True if `xid` counts as still running for `snapshot` (PostgreSQL's XidInMVCCSnapshot). */
export function xidInSnapshot(xid: TxnId, snapshot: Snapshot): boolean {
  if (xid < snapshot.xmin) return false;
  if (xid >= snapshot.xmax) return true;
  return snapshot.xip.has(xid);
}
