/**
 * LogStore: an embedder's TableStore, `CREATE TABLE … USING log`. Tuple versions are appended to
 * a JavaScript array and never move, so a version's tid is its position: (i / 64, i % 64 + 1),
 * with 1-based slots like the heap's.
 *
 * It is deliberately minimal: unlogged (the method says `durable: false`, so the engine empties
 * its tables at startup, as PostgreSQL does unlogged tables), and without the optional `vacuum`
 * (VACUUM skips it; dead versions stay until TRUNCATE). What it must get right is the contract:
 * tids are unique and stable, `fetch` returns a copy, `scan` sees every version once, and the
 * MVCC header fields are stored exactly as given. It never decides visibility: that is txn's.
 */
import type { CommandId, Tid, TableStore, TupleCursor, TupleVersion, TxnId } from '@rustydb/engine';

/** Versions per pseudo-page: what `pageCount()` reports to statistics. */
export const LOG_STORE_SLOTS_PER_PAGE = 64;

interface StoredVersion {
  readonly xmin: TxnId;
  xmax: TxnId;
  readonly cmin: CommandId;
  cmax: CommandId;
  ctid: Tid;
  readonly data: Uint8Array;
}

const tidOf = (i: number): Tid => ({
  page: Math.floor(i / LOG_STORE_SLOTS_PER_PAGE),
  slot: (i % LOG_STORE_SLOTS_PER_PAGE) + 1,
});

/** An append-only, in-memory TableStore. Synchronous; owns copies of every payload. */
export class LogStore implements TableStore {
  readonly method = 'log';
  private versions: StoredVersion[] = [];

  /** Appends a copy of `data` made by (xid, cid); xmax 0, ctid its own tid. */
  insert(xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    const tid = tidOf(this.versions.length);
    this.versions.push({
      xmin: xid,
      xmax: 0 as TxnId,
      cmin: cid,
      cmax: 0 as CommandId,
      ctid: tid,
      data: data.slice(),
    });
    return tid;
  }

  /** The version at `tid` with a copy of its data, or undefined for a slot never used. */
  fetch(tid: Tid): TupleVersion | undefined {
    const v = this.at(tid);
    return v && { ...v, tid: { page: tid.page, slot: tid.slot }, ctid: { ...v.ctid }, data: v.data.slice() };
  }

  /**
   * Every version present when the scan started, in insertion order. `data` is the stored
   * array itself (the contract lets it be a view): callers decode or copy it.
   */
  /** Every version in insertion order; after `after`, the ones inserted after it. */
  scan(_isDead?: unknown, after?: Tid): TupleCursor {
    const versions = this.versions;
    let end = versions.length;
    let i = after === undefined ? 0 : after.page * LOG_STORE_SLOTS_PER_PAGE + after.slot;
    return {
      next: (): TupleVersion | undefined => {
        if (i >= end) return undefined;
        const tid = tidOf(i);
        return { ...versions[i++], tid };
      },
      close: (): void => {
        end = 0;
      },
    };
  }

  /** @throws Error if `tid` holds no version (an engine bug, not a user error). */
  setXmax(tid: Tid, xmax: TxnId, cmax: CommandId): void {
    const v = this.existing(tid);
    v.xmax = xmax;
    v.cmax = cmax;
  }

  /** @throws Error if `tid` holds no version. */
  setCtid(tid: Tid, ctid: Tid): void {
    this.existing(tid).ctid = { page: ctid.page, slot: ctid.slot };
  }

  /** Forgets every version. A scan already open keeps reading the old array. */
  truncate(): void {
    this.versions = [];
  }

  pageCount(): number {
    return Math.ceil(this.versions.length / LOG_STORE_SLOTS_PER_PAGE);
  }

  private at(tid: Tid): StoredVersion | undefined {
    if (tid.page < 0 || tid.slot < 1 || tid.slot > LOG_STORE_SLOTS_PER_PAGE) return undefined;
    return this.versions[tid.page * LOG_STORE_SLOTS_PER_PAGE + tid.slot - 1];
  }

  private existing(tid: Tid): StoredVersion {
    const v = this.at(tid);
    if (v === undefined) throw new Error(`log store: no version at (${tid.page},${tid.slot})`);
    return v;
  }
}
