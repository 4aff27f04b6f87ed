/**
 * Rows changed by committed transactions, counted by a store for auto-analyze
 * (`TableStore.committedChanges`), as PostgreSQL counts n_mod_since_analyze: a transaction's
 * inserts, updates and deletes count when it commits; an aborted transaction's (and a rolled-back
 * savepoint's) never do.
 *
 * The store calls `add(xid)` per row changed, with the writing (sub)xid. Rows of the same xid in
 * a row (a bulk load, a statement) are one counter increment; a change of xid settles the run at
 * once when its xid has ended (autocommit: the previous statement's xid committed before this
 * one's first row), else files it under its xid in a map. The map is resolved against the commit log when asked (`committed`) and when
 * it grows past `RESOLVE_AT` entries (many small transactions and nobody asking): a committed
 * xid's rows move to the committed total, an aborted one's are dropped, a running one's wait.
 */
import type { TxnId } from '@rustydb/common';

/** What became of a transaction (the commit log's answer; sub-xids have their own entries). */
export type XidStatusOf = (xid: TxnId) => 'in-progress' | 'committed' | 'aborted';

/** Pending xids past which `add` resolves the map (bounds its memory without a reader). */
const RESOLVE_AT = 4096;

export class ChangeTally {
  readonly #status: XidStatusOf;
  #runXid = 0;
  #runRows = 0;
  readonly #pending = new Map<number, number>();
  #committed = 0;

  constructor(status: XidStatusOf) {
    this.#status = status;
  }

  /** A row changed by `xid`. Allocates nothing while the xid stays the same. */
  add(xid: TxnId): void {
    if (xid === this.#runXid) this.#runRows++;
    else this.#startRun(xid);
  }

  /** Rows changed by transactions that committed, since the store was opened. */
  committed(): number {
    this.#fileRun();
    this.#runXid = 0;
    this.#resolve();
    return this.#committed;
  }

  /** @internal Xids filed in the map, still to be resolved: for tests. */
  get pendingXids(): number {
    return this.#pending.size;
  }

  #startRun(xid: TxnId): void {
    this.#fileRun();
    if (this.#pending.size >= RESOLVE_AT) this.#resolve();
    this.#runXid = xid;
    this.#runRows = 1;
  }

  #fileRun(): void {
    if (this.#runRows === 0) return;
    // An ended xid is settled at once: autocommit statements (one xid per row or two) would
    // otherwise insert every xid into the map and resolve it 4,096 transactions later.
    const status = this.#status(this.#runXid as TxnId);
    if (status === 'committed') this.#committed += this.#runRows;
    else if (status === 'in-progress')
      this.#pending.set(this.#runXid, (this.#pending.get(this.#runXid) ?? 0) + this.#runRows);
    this.#runRows = 0;
  }

  #resolve(): void {
    for (const [xid, rows] of this.#pending) {
      const status = this.#status(xid as TxnId);
      if (status === 'in-progress') continue;
      if (status === 'committed') this.#committed += rows;
      this.#pending.delete(xid);
    }
  }
}
