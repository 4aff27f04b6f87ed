/**
 * RowLockTable: the lock-only row locks of SELECT … FOR KEY SHARE / SHARE / NO KEY UPDATE /
 * UPDATE, kept in memory rather than in tuple headers.
 *
 * Why here and not in the tuple's xmax (PostgreSQL's way, which row-lock.ts describes): our
 * versions carry one xmax that visibility reads as "deleted"; a lock-only xmax would need a flag
 * and multixacts in the storage format. A lock only matters while its transaction runs, so a map
 * keyed by (relation oid, tid) holding `RowLocker` entries is enough: UPDATE and DELETE consult it
 * beside the version's xmax (which stays their own lock), and `release` drops a transaction's
 * entries when it ends. Only a prepared transaction outlives a restart: its entries are saved in its
 * prepared state (`locksOf`) and taken again when the lock table is attached after recovery.
 *
 * Cost: one Map entry per locked row while its locker runs; nothing for rows never locked.
 */
import type { Oid, Tid, TxnId } from '@rustydb/common';
import type { XidStatus } from './commit-log.js';
import { addRowLocker, type RowLocker, type RowLockerStatus } from './row-lock.js';

const NONE: readonly RowLocker[] = [];

/** The lock-only row locks of one database. Synchronous. */
export class RowLockTable {
  readonly #rows = new Map<string, RowLocker[]>();
  /** The row keys each locking transaction has entries under, for `release`. */
  readonly #byXid = new Map<TxnId, Set<string>>();

  /** The lock-only lockers of version `tid` of relation `relation` (ended ones may remain). */
  lockers(relation: Oid, tid: Tid): readonly RowLocker[] {
    return this.#rows.get(rowKey(relation, tid)) ?? NONE;
  }

  /**
   * Records that `xid` locks version `tid` of `relation` in `status` (a lock-only status), keeping
   * the strongest of its entries and dropping ended lockers (`addRowLocker`).
   */
  lock(
    relation: Oid,
    tid: Tid,
    xid: TxnId,
    status: RowLockerStatus,
    statusOf: (x: TxnId) => XidStatus,
  ): void {
    const key = rowKey(relation, tid);
    this.#rows.set(key, addRowLocker(this.#rows.get(key) ?? NONE, xid, status, statusOf));
    let keys = this.#byXid.get(xid);
    if (keys === undefined) {
      keys = new Set();
      this.#byXid.set(xid, keys);
    }
    keys.add(key);
  }

  /**
   * A version with lock-only lockers was replaced by a non-key UPDATE they do not conflict with
   * (FOR KEY SHARE): the still-running lockers lock the new version `to` too (PostgreSQL carries
   * them in the new version's multixact, heap_lock_updated_tuple). Synchronous; nothing to do
   * (no allocation) when the table is empty.
   */
  carry(relation: Oid, from: Tid, to: Tid, statusOf: (x: TxnId) => XidStatus): void {
    if (this.#rows.size === 0) return;
    for (const l of this.lockers(relation, from)) {
      if (statusOf(l.xid) === 'in-progress') this.lock(relation, to, l.xid, l.status, statusOf);
    }
  }

  /** Transaction `xid` ended: its row locks go. */
  release(xid: TxnId): void {
    const keys = this.#byXid.get(xid);
    if (keys === undefined) return;
    this.#byXid.delete(xid);
    for (const key of keys) {
      const list = this.#rows.get(key);
      if (list === undefined) continue;
      const rest = list.filter((l) => l.xid !== xid);
      if (rest.length === 0) this.#rows.delete(key);
      else this.#rows.set(key, rest);
    }
  }

  /**
   * The row locks `xid` holds, as plain data (PREPARE TRANSACTION saves them in the prepared
   * state; `lock` takes them again after a restart). Synchronous.
   */
  locksOf(xid: TxnId): { relation: Oid; page: number; slot: number; status: RowLockerStatus }[] {
    const out: { relation: Oid; page: number; slot: number; status: RowLockerStatus }[] = [];
    for (const key of this.#byXid.get(xid) ?? []) {
      const locker = this.#rows.get(key)?.find((l) => l.xid === xid);
      if (locker === undefined) continue;
      const [relation, page, slot] = key.split(':').map(Number) as [number, number, number];
      out.push({ relation: relation as Oid, page, slot, status: locker.status });
    }
    return out;
  }

  /** Number of rows with entries (tests). */
  get size(): number {
    return this.#rows.size;
  }
}

function rowKey(relation: Oid, tid: Tid): string {
  return `${relation}:${tid.page}:${tid.slot}`;
}
