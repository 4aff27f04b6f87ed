/**
 * Rows changed, counted per transaction outcome, as PostgreSQL's cumulative statistics count
 * them: a store counts for auto-analyze (`TableStore.committedChanges`, n_mod_since_analyze: a
 * transaction's inserts, updates and deletes count when it commits; an aborted transaction's, and
 * a rolled-back savepoint's, never do), and the engine's table statistics count by kind (insert,
 * update, delete) to estimate n_live_tup and n_dead_tup, for which an aborted transaction's rows
 * count too (its inserted and updated versions are dead).
 *
 * The caller calls `add(xid, kind)` per row changed, with the writing (sub)xid. Rows of the same
 * xid in a row (a bulk load, a statement) are one counter increment; a change of xid settles the
 * run at once when its xid has ended (autocommit: the previous statement's xid committed before
 * this one's first row), else files it under its xid in a map. The map is resolved against the
 * commit log when asked (`committed`, `settled`) and when it grows past `RESOLVE_AT` entries (many
 * small transactions and nobody asking): a committed or aborted xid's rows move to that outcome's
 * totals, a running one's wait.
 */
import type { TxnId } from '@rustydb/common';

/** What became of a transaction (the commit log's answer; sub-xids have their own entries). */
export type XidStatusOf = (xid: TxnId) => 'in-progress' | 'committed' | 'aborted';

/** Pending xids past which `add` resolves the map (bounds its memory without a reader). */
const RESOLVE_AT = 4096;

export class ChangeTally {
  readonly #status: XidStatusOf;
  readonly #kinds: number;
  #runXid = 0;
  /** The current run's rows by kind, and their sum. */
  readonly #run: Float64Array;
  #runRows = 0;
  readonly #pending = new Map<number, Float64Array>();
  readonly #committed: Float64Array;
  readonly #aborted: Float64Array;

  /** `kinds`: how many kinds of change `add` tells apart (numbered from 0). */
  constructor(status: XidStatusOf, kinds = 1) {
    this.#status = status;
    this.#kinds = kinds;
    this.#run = new Float64Array(kinds);
    this.#committed = new Float64Array(kinds);
    this.#aborted = new Float64Array(kinds);
  }

  /** `rows` rows changed by `xid` (changes of `kind`). Allocates nothing while the xid stays the same. */
  add(xid: TxnId, kind = 0, rows = 1): void {
    if (xid !== this.#runXid) this.#startRun(xid);
    this.#run[kind]! += rows;
    this.#runRows += rows;
  }

  /** Rows changed by transactions that committed, since the tally was made (every kind). */
  committed(): number {
    this.#settle();
    let sum = 0;
    for (const n of this.#committed) sum += n;
    return sum;
  }

  /**
   * The rows of ended transactions by kind, committed and aborted, since the tally was made.
   * The arrays are the tally's own: read them before the next call.
   */
  settled(): { readonly committed: Float64Array; readonly aborted: Float64Array } {
    this.#settle();
    return { committed: this.#committed, aborted: this.#aborted };
  }

  /** @internal Xids filed in the map, still to be resolved: for tests. */
  get pendingXids(): number {
    return this.#pending.size;
  }

  #settle(): void {
    this.#fileRun();
    this.#runXid = 0;
    this.#resolve();
  }

  #startRun(xid: TxnId): void {
    this.#fileRun();
    if (this.#pending.size >= RESOLVE_AT) this.#resolve();
    this.#runXid = xid;
  }

  #fileRun(): void {
    if (this.#runRows === 0) return;
    // An ended xid is settled at once: autocommit statements (one xid per row or two) would
    // otherwise insert every xid into the map and resolve it 4,096 transactions later.
    const status = this.#status(this.#runXid as TxnId);
    if (status === 'in-progress') {
      let rows = this.#pending.get(this.#runXid);
      if (rows === undefined) {
        rows = new Float64Array(this.#kinds);
        this.#pending.set(this.#runXid, rows);
      }
      addInto(rows, this.#run);
    } else addInto(status === 'committed' ? this.#committed : this.#aborted, this.#run);
    this.#run.fill(0);
    this.#runRows = 0;
  }

  #resolve(): void {
    for (const [xid, rows] of this.#pending) {
      const status = this.#status(xid as TxnId);
      if (status === 'in-progress') continue;
      addInto(status === 'committed' ? this.#committed : this.#aborted, rows);
      this.#pending.delete(xid);
    }
  }
}

function addInto(to: Float64Array, from: Float64Array): void {
  for (let k = 0; k < from.length; k++) to[k]! += from[k]!;
}
