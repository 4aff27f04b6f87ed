/**
 * OpenTransactions: the transactions a TxnManager has begun and not ended, each with its lock
 * owner and the xmin of the snapshot it uses.
 *
 * Parallel arrays with swap-remove rather than Maps keyed by the Transaction: an autocommit
 * statement begins and ends one transaction, and a Map whose only entry is deleted shrinks its
 * backing store (a runtime call and an allocation) to regrow it at the next begin. The list
 * holds one entry per session with an open transaction, so the linear lookups stay short.
 */
import type { TxnId } from '@rustydb/common';
import type { LockManager, LockOwner } from './lock-manager.js';
import type { Transaction } from './transaction.js';

export class OpenTransactions {
  readonly #txs: Transaction[] = [];
  readonly #owners: LockOwner[] = [];
  readonly #xmins: (TxnId | undefined)[] = [];

  /** Number of open transactions. */
  get size(): number {
    return this.#txs.length;
  }

  /** Registers `tx` (not yet open) with lock owner `owner` and no snapshot. Synchronous. */
  add(tx: Transaction, owner: LockOwner): void {
    this.#txs.push(tx);
    this.#owners.push(owner);
    this.#xmins.push(undefined);
  }

  /** Records the xmin of the snapshot `tx` now uses; ignored when `tx` is not open. */
  setXmin(tx: Transaction, xmin: TxnId): void {
    const i = this.#indexOf(tx);
    if (i >= 0) this.#xmins[i] = xmin;
  }

  /** `tx`'s lock owner, or undefined when `tx` is not open. */
  owner(tx: Transaction): LockOwner | undefined {
    const i = this.#indexOf(tx);
    return i >= 0 ? this.#owners[i] : undefined;
  }

  /** Removes `tx`; returns its lock owner, or undefined when it was not open. Synchronous. */
  remove(tx: Transaction): LockOwner | undefined {
    const i = this.#indexOf(tx);
    if (i < 0) return undefined;
    const owner = this.#owners[i];
    const last = this.#txs.length - 1;
    if (i !== last) {
      this.#txs[i] = this.#txs[last];
      this.#owners[i] = this.#owners[last];
      this.#xmins[i] = this.#xmins[last];
    }
    this.#txs.pop();
    this.#owners.pop();
    this.#xmins.pop();
    return owner;
  }

  /**
   * How many running xids (top-level xids and live sub-xids) the open transactions other than
   * `self` hold while their lock owner waits for a lock in `locks`. Synchronous; O(open
   * transactions), allocates nothing.
   */
  xidsOfWaiters(self: Transaction, locks: Pick<LockManager, 'isWaiting'>): number {
    let count = 0;
    for (let i = 0; i < this.#txs.length; i++) {
      const tx = this.#txs[i];
      if (tx === self || tx.xid === 0 || !locks.isWaiting(this.#owners[i])) continue;
      count += 1 + tx.subxidCount;
    }
    return count;
  }

  /** The smallest of `start`, the open transactions' xids and their snapshots' xmins. */
  oldestXmin(start: number): number {
    let min = start;
    for (let i = 0; i < this.#txs.length; i++) {
      const xid = this.#txs[i].xid;
      if (xid !== 0 && xid < min) min = xid;
      const x = this.#xmins[i];
      if (x !== undefined && x < min) min = x;
    }
    return min;
  }

  #indexOf(tx: Transaction): number {
    // The most recently begun transaction is the likeliest to end first.
    for (let i = this.#txs.length - 1; i >= 0; i--) if (this.#txs[i] === tx) return i;
    return -1;
  }
}
