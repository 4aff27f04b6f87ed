/**
 * MemoryStore: tuple versions in a JavaScript array, for `CREATE TABLE … USING memory`. Nothing is
 * logged and nothing survives a restart, like PostgreSQL's unlogged tables after a crash.
 *
 * Tids are derived from the position in the array, in pseudo-pages of SLOTS_PER_PAGE versions
 * with 1-based slots like the heap's: version i is (i / 256, i % 256 + 1). A tid stays valid for
 * the version's life.
 *
 * VACUUM empties the array positions of dead versions (after the caller removed their index
 * entries); inserts fill the lowest empty position first, and empty positions at the end are
 * dropped, so the array stays as long as the versions it must keep.
 */
import type { CommandId, Tid, TxnId } from '@rustydb/common';
import { assert } from '@rustydb/common';
import { ChangeTally, type XidStatusOf } from '../change-tally.js';
import type {
  TableStore,
  TupleCursor,
  TupleHeader,
  TupleVersion,
  VacuumCounters,
  VacuumRequest,
  VacuumResult,
} from '../table-store.js';

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
  /** Versions by position; undefined where vacuum removed one. */
  private versions: (StoredVersion | undefined)[] = [];
  /** Empty positions below `versions.length`, highest first (`pop` gives the lowest). */
  private holes: number[] = [];
  // Autovacuum counters, as the heap's.
  private inserts = 0;
  private deletes = 0;
  private insertsAtVacuum = 0;
  private deletesAtVacuum = 0;
  private keptAtVacuum = 0;
  private passInserts = 0;
  private passDeletes = 0;
  private passKept = 0;
  /** Rows changed per writing xid, as the heap's (no insertNewer here: an update counts 2). */
  private readonly changes: ChangeTally | undefined;

  constructor(xidStatus?: XidStatusOf) {
    this.changes = xidStatus === undefined ? undefined : new ChangeTally(xidStatus);
  }

  /** Stores a copy of `data` in the lowest empty position. */
  insert(xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    this.inserts++;
    this.changes?.add(xid);
    const i = this.holes.pop() ?? this.versions.length;
    const tid = tidOf(i);
    this.versions[i] = {
      xmin: xid,
      xmax: 0 as TxnId,
      cmin: cid,
      cmax: 0 as CommandId,
      ctid: tid,
      data: data.slice(),
    };
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
   * Versions in position order, up to the positions present when the scan started (as the heap
   * scans the pages it had). `data` is the stored array itself: do not change it.
   */
  scan(_isDead?: (v: TupleHeader) => boolean, after?: Tid): TupleCursor {
    const versions = this.versions;
    let end = versions.length;
    let i = after === undefined ? 0 : after.page * SLOTS_PER_PAGE + after.slot;
    return {
      next: (): TupleVersion | undefined => {
        for (; i < end && i < versions.length; i++) {
          const v = versions[i];
          if (v !== undefined) return { ...v, tid: tidOf(i++) };
        }
        return undefined;
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
    this.deletes++;
    this.changes?.add(xmax);
  }

  /** @throws InternalError if `tid` is empty. */
  setCtid(tid: Tid, ctid: Tid): void {
    this.existing(tid).ctid = { page: ctid.page, slot: ctid.slot };
  }

  /** Removes every version; autovacuum's counters start over. */
  truncate(): void {
    this.versions = [];
    this.holes = [];
    this.insertsAtVacuum = this.inserts;
    this.deletesAtVacuum = this.deletes;
    this.keptAtVacuum = 0;
  }

  /** Pseudo-pages in use. */
  pageCount(): number {
    return Math.ceil(this.versions.length / SLOTS_PER_PAGE);
  }

  /**
   * VACUUM of pseudo-pages [fromPage, fromPage + maxPages): dead versions go to
   * `removeIndexEntries` (copies), then their positions are emptied. Synchronous.
   */
  vacuum(request: VacuumRequest): VacuumResult {
    if (request.fromPage === 0) {
      this.passInserts = this.inserts;
      this.passDeletes = this.deletes;
      this.passKept = 0;
    }
    const pages = this.pageCount();
    const endPage = Math.min(pages, request.fromPage + request.maxPages);
    const end = Math.min(this.versions.length, endPage * SLOTS_PER_PAGE);
    const dead: TupleVersion[] = [];
    const positions: number[] = [];
    let kept = 0;
    for (let i = request.fromPage * SLOTS_PER_PAGE; i < end; i++) {
      const v = this.versions[i];
      if (v === undefined) continue;
      const version: TupleVersion = { ...v, tid: tidOf(i) };
      if (!request.isDead(version)) {
        kept++;
        continue;
      }
      dead.push({ ...version, data: v.data.slice() });
      positions.push(i);
    }
    if (dead.length > 0) request.removeIndexEntries(dead);
    for (const i of positions) this.versions[i] = undefined;
    this.passKept += kept;
    const scannedPages = Math.max(0, endPage - request.fromPage);
    let truncatedPages = 0;
    const length = this.versions.length;
    if (endPage >= pages) {
      let keep = length;
      while (keep > 0 && this.versions[keep - 1] === undefined) keep--;
      this.versions.length = keep;
      truncatedPages = pages - this.pageCount();
      this.deletesAtVacuum = this.passDeletes;
      this.insertsAtVacuum = this.passInserts;
      this.keptAtVacuum = this.passKept;
    }
    if (dead.length > 0 || this.versions.length !== length) this.rebuildHoles();
    return {
      nextPage: endPage >= pages ? -1 : endPage,
      scannedPages,
      removed: dead.length,
      kept,
      truncatedPages,
    };
  }

  /** TableStore.committedChanges (change-tally.ts). */
  committedChanges(): number | undefined {
    return this.changes?.committed();
  }

  /** Deletes since the last finished pass, and the live estimate. */
  vacuumCounters(): VacuumCounters {
    const deadSinceVacuum = this.deletes - this.deletesAtVacuum;
    const liveEstimate = this.keptAtVacuum + (this.inserts - this.insertsAtVacuum) - deadSinceVacuum;
    return { deadSinceVacuum, liveEstimate: Math.max(0, liveEstimate) };
  }

  private rebuildHoles(): void {
    const holes: number[] = [];
    for (let i = this.versions.length - 1; i >= 0; i--) if (this.versions[i] === undefined) holes.push(i);
    this.holes = holes;
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
