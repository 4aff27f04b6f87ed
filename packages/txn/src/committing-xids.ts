/**
 * CommittingXids: the xids whose commit record is appended but not yet known durable, each with
 * its record's LSN (a checkpoint flushes up to the largest and saves them as committed in the
 * commit log file, txn-manager.ts). Every writing transaction passes through it once, and it is
 * nearly always empty or tiny: a Map emptied by `delete` allocates a smaller table each time, so
 * this keeps two parallel arrays instead (no allocation once they have grown, linear lookups over
 * the handful of concurrent committers).
 */
import type { Lsn, TxnId } from '@rustydb/common';

/** See the file comment. Synchronous. */
export class CommittingXids {
  readonly #xids: TxnId[] = [];
  readonly #lsns: Lsn[] = [];

  /** Notes (or moves) `xid`'s commit record at `lsn`. */
  set(xid: TxnId, lsn: Lsn): void {
    const i = this.#xids.indexOf(xid);
    if (i >= 0) {
      this.#lsns[i] = lsn;
      return;
    }
    this.#xids.push(xid);
    this.#lsns.push(lsn);
  }

  /** Forgets `xid` (no-op when absent). Order is not kept. */
  delete(xid: TxnId): void {
    const xids = this.#xids;
    const i = xids.indexOf(xid);
    if (i < 0) return;
    const last = xids.length - 1;
    xids[i] = xids[last]!;
    this.#lsns[i] = this.#lsns[last]!;
    xids.pop();
    this.#lsns.pop();
  }

  /** The largest LSN noted, 0 when empty. */
  maxLsn(): number {
    let max = 0;
    for (const lsn of this.#lsns) if (lsn > max) max = lsn;
    return max;
  }

  /** The xids noted (a live view: do not keep it across changes). */
  xids(): readonly TxnId[] {
    return this.#xids;
  }
}
