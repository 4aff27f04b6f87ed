/**
 * MemoryStore: tuple versions in a JavaScript array, for `CREATE TABLE … USING memory`. Nothing is
 * logged and nothing survives a restart, like PostgreSQL's unlogged tables after a crash.
 *
 * Tids are derived from the position in the array, in pseudo-pages of SLOTS_PER_PAGE versions
 * with 1-based slots like the heap's: version i is (i / 256, i % 256 + 1). Versions are never
 * removed except by truncate, so a tid stays valid for the version's life.
 */
import type { CommandId, Tid, TxnId } from '@rustydb/common';
import { assert } from '@rustydb/common';
import type { TableStore, TupleCursor, TupleVersion } from '../table-store.js';

/** Versions per pseudo-page: what `pageCount()` counts. */
export const SLOTS_PER_PAGE = 256;

interface StoredVersion {
  readonly xmin: TxnId;
  xmax: TxnId;
  readonly cmin: CommandId;
  cmax: CommandId;
  ctid: Tid;
  readonly data: Uint8Array;
}

const tidOf = (i: number): Tid => ({ page: Math.floor(i / SLOTS_PER_PAGE), slot: (i % SLOTS_PER_PAGE) + 1 });

/** An unlogged, in-memory TableStore. Synchronous. */
export class MemoryStore implements TableStore {
  readonly method = 'memory';
  private versions: StoredVersion[] = [];

  /** Stores a copy of `data`. */
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

  /** The version at `tid` with a copy of its data, or undefined. */
  fetch(tid: Tid): TupleVersion | undefined {
    const v = this.at(tid);
    return v === undefined
      ? undefined
      : { ...v, tid: { page: tid.page, slot: tid.slot }, data: v.data.slice() };
  }

  /**
   * Versions in insertion order, up to those present when the scan started (as the heap scans the
   * pages it had). `data` is the stored array itself: do not change it.
   */
  scan(): TupleCursor {
    const versions = this.versions;
    let end = versions.length;
    let i = 0;
    return {
      next: (): TupleVersion | undefined => {
        if (i >= end) return undefined;
        const v = versions[i]!;
        return { ...v, tid: tidOf(i++) };
      },
      close: (): void => {
        end = 0;
      },
    };
  }

  /** @throws InternalError if `tid` is empty. */
  setXmax(tid: Tid, xmax: TxnId, cmax: CommandId): void {
    const v = this.existing(tid);
    v.xmax = xmax;
    v.cmax = cmax;
  }

  /** @throws InternalError if `tid` is empty. */
  setCtid(tid: Tid, ctid: Tid): void {
    this.existing(tid).ctid = { page: ctid.page, slot: ctid.slot };
  }

  truncate(): void {
    this.versions = [];
  }

  /** Pseudo-pages in use. */
  pageCount(): number {
    return Math.ceil(this.versions.length / SLOTS_PER_PAGE);
  }

  private at(tid: Tid): StoredVersion | undefined {
    if (tid.slot < 1 || tid.slot > SLOTS_PER_PAGE || tid.page < 0) return undefined;
    return this.versions[tid.page * SLOTS_PER_PAGE + tid.slot - 1];
  }

  private existing(tid: Tid): StoredVersion {
    const v = this.at(tid);
    assert(v !== undefined, `no tuple at (${tid.page},${tid.slot}) in memory store`);
    return v;
  }
}
