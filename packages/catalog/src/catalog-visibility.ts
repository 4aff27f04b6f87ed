/**
 * The catalog's visibility rule (system-relations.ts explains it), shared by the system
 * relations, sys_statistic and sys_description: the committed state plus the reading
 * transaction's own changes.
 *
 * SUBTRANSACTIONS. Rows a transaction writes after a SAVEPOINT carry a sub-xid; `topXid` maps a
 * live sub-xid to its transaction, so they count as the transaction's own. A sub-xid rolled back
 * by ROLLBACK TO maps to itself and is aborted in the commit log: its rows are invisible and its
 * deletions void, to the transaction too.
 */

import type { TxnId } from '@rustydb/common';
import type { TupleVersion } from '@rustydb/storage';

/** Commit-log state of a transaction id, as the catalog's visibility rule needs it. */
export type XidStatus = 'committed' | 'aborted' | 'in-progress';

/** What the catalog asks the transaction layer about an xid. */
export interface XidOracle {
  status(xid: TxnId): XidStatus;
  /** The top-level xid a live sub-xid belongs to; the xid itself otherwise. */
  topXid(xid: TxnId): TxnId;
}

/** Identity: for a transaction layer without subtransactions (tests). */
export const noSubtransactions = (xid: TxnId): TxnId => xid;

/** Is `v` visible to (top-level) transaction `xid`, 0 for the committed state? Sync. */
export function catalogVisible(v: TupleVersion, xid: TxnId, oracle: XidOracle): boolean {
  if (xid !== 0 && oracle.topXid(v.xmin) === xid) return v.xmax === 0 || oracle.topXid(v.xmax) !== xid;
  if (oracle.status(v.xmin) !== 'committed') return false;
  if (v.xmax === 0) return true;
  if (xid !== 0 && oracle.topXid(v.xmax) === xid) return false;
  return oracle.status(v.xmax) !== 'committed';
}

/** Is `xmax` set by a live transaction other than `own` (a top-level xid)? */
export function deletedByOther(xmax: TxnId, own: TxnId, oracle: XidOracle): boolean {
  return xmax !== 0 && oracle.topXid(xmax) !== oracle.topXid(own) && oracle.status(xmax) === 'in-progress';
}
