/**
 * HeapStore: a table's tuple versions in slotted heap pages (heap-page.ts) in the buffer pool.
 *
 * Every change is WAL-logged before the page can reach the disk: the page functions report the
 * exact byte ranges they changed, and `logPageChanges` logs them (or a full page image for the
 * first change after a checkpoint) and stamps the record's LSN into the page; the pool's WAL rule
 * does the rest. Redo (redo.ts) replays those records after a crash.
 *
 * Free space: an insert tries the page that last had room (initially the file's last page);
 * when it is full, the page's free space goes into the free space map (free-space-map.ts) and the
 * insert asks the map for the lowest page with room, checking the page itself before using it;
 * only when no page has room does it append a new page.
 *
 * VACUUM (`vacuum`): pages are visited in batches. For a batch, every version the caller calls
 * dead is collected (copied), the caller removes their index entries (`removeIndexEntries`), and
 * then each page with dead versions is pruned and compacted (`heapPrune`) and logged like any
 * other change (the exact ranges, or a full image for the first change after a checkpoint), so
 * redo replays the compaction. The free space of every visited page goes into the map. When a
 * pass reaches the end of the file, empty pages at the end are cut off (logged as
 * `file-truncate` and flushed first, as `truncate` does), unless a scan is open: a scan may hold
 * a pin on them, and the pool cannot cut a pinned page (PostgreSQL takes an exclusive lock for
 * the same step). Everything runs between two statements' page work (synchronous), so no page
 * changes between the collection and the pruning of a batch except through index pages.
 *
 * Autovacuum's counters (`vacuumCounters`) count setXmax and insert calls in memory; they start
 * at zero when the store is opened.
 *
 * NB: a page is changed in the pool before its record is appended (the record carries the new
 * bytes). If `append` throws, the change is in memory but not logged; the only such failure is
 * the WAL's PANIC state, after which nothing more is written and the server must restart, as
 * with an error inside one of PostgreSQL's critical sections.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import {
  assert,
  type CommandId,
  DbError,
  type FileId,
  INVALID_TXN_ID,
  PAGE_SIZE,
  PageKind,
  readPageKind,
  type Tid,
  type TxnId,
} from '@rustydb/common';
import { logPageChanges, type PageChangeInput, type Wal } from '@rustydb/wal';
import { ChangeTally } from '../change-tally.js';
import type {
  StoreContext,
  TableStore,
  TupleCursor,
  TupleFetcher,
  TupleHeader,
  TupleVersion,
  VacuumCounters,
  VacuumRequest,
  VacuumResult,
} from '../table-store.js';
import { VisibilityMap } from '../visibility-map.js';
import { FreeSpaceMap } from './free-space-map.js';
import { HeapCursor } from './heap-cursor.js';
import { HeapFetcher } from './heap-fetcher.js';
import {
  HEAP_HEADER_SIZE,
  HEAP_HOT_UPDATED,
  HEAP_ONLY_TUPLE,
  heapAddTupleFlags,
  heapFits,
  heapFreeSpace,
  heapInsert,
  heapPrune,
  heapRedirectTarget,
  heapSetCtid,
  heapSetXmax,
  heapSlotCount,
  heapTupleFlags,
  heapTupleOffset,
  heapTupleXmax,
  initHeapPage,
  isHeapPage,
  LINE_POINTER_SIZE,
  MAX_HEAP_TUPLE_SIZE,
  readHeapTuple,
  TUPLE_HEADER_SIZE,
} from './heap-page.js';
import { heapChainSlots, heapPruneChains } from './heap-prune-chains.js';

/** Pages a vacuum collects before removing index entries and pruning them. */
const VACUUM_BATCH_PAGES = 32;
const NO_BYTES = new Uint8Array(0);
/** The free space of an empty heap page. */
const EMPTY_PAGE_FREE = PAGE_SIZE - HEAP_HEADER_SIZE;

/** 54000, PostgreSQL's text for a tuple larger than a page. */
export const rowTooBig = (size: number): DbError =>
  new DbError('54000', `row is too big: size ${size}, maximum size ${MAX_HEAP_TUPLE_SIZE}`);

/** A page change the store fills in and hands to logPageChanges (reused: page work never nests). */
interface MutableChange {
  file: FileId;
  pageNo: number;
  page: Uint8Array;
  ranges: readonly number[];
}

/** The heap access method's store for one file. Synchronous; see the file comment. */
export class HeapStore implements TableStore {
  readonly method = 'heap';
  private readonly pool: BufferPool;
  private readonly wal: Wal;
  /** The page that last had room for an insert; -1: start from the file's last page. */
  private insertPage = -1;
  private readonly fsm = new FreeSpaceMap();
  /** All-visible pages (visibility-map.ts): set by vacuum, cleared by every change to a page. */
  private readonly vm = new VisibilityMap();
  /**
   * Pages that got a HOT update since their last prune (PostgreSQL's pd_prune_xid hint, kept in
   * memory like the FSM: empty after a restart). Only these are pruned by an UPDATE that finds no
   * room: a page without HOT chains has nothing the prune could remove (a lone dead version keeps
   * its index entries until vacuum), and scanning it on every such UPDATE would be wasted work.
   */
  private readonly hotPages = new Set<number>();
  /** Scans not yet closed: while there are any, vacuum does not cut the file. */
  private openScans = 0;
  private readonly closeScan = (): void => {
    this.openScans--;
  };
  // Autovacuum counters (see VacuumCounters): running totals and their values at the last pass.
  private inserts = 0;
  private deletes = 0;
  /** Rows changed per writing xid, for auto-analyze (absent without the context's xidStatus). */
  private readonly changes: ChangeTally | undefined;
  private insertsAtVacuum = 0;
  private deletesAtVacuum = 0;
  private keptAtVacuum = 0;
  /** The pass in progress: counters at its start and versions kept so far. */
  private passDeletes = 0;
  private passInserts = 0;
  private passKept = 0;

  /** Scratch reused by every insert's ranges and every log call: page work never nests. */
  private readonly ranges: number[] = [];
  private readonly oneChange: {
    file: FileId;
    pageNo: number;
    page: Uint8Array;
    ranges: readonly number[];
    moves: readonly number[] | undefined;
  };
  private readonly oneChangeList: readonly PageChangeInput[];
  /** An UPDATE's relocated version and its old version's page, logged as one record. */
  private readonly oldRanges: number[] = [];
  private readonly twoChanges: [MutableChange, MutableChange];

  constructor(
    ctx: StoreContext,
    readonly file: FileId,
  ) {
    this.pool = ctx.pool;
    this.wal = ctx.wal;
    this.changes = ctx.xidStatus === undefined ? undefined : new ChangeTally(ctx.xidStatus);
    this.oneChange = { file, pageNo: 0, page: NO_BYTES, ranges: [], moves: undefined };
    this.oneChangeList = [this.oneChange];
    this.twoChanges = [
      { file, pageNo: 0, page: NO_BYTES, ranges: [] },
      { file, pageNo: 0, page: NO_BYTES, ranges: [] },
    ];
  }

  /**
   * Stores a new version (xmin = xid, cmin = cid, xmax = 0, ctid = its own tid), logged.
   * @throws DbError 54000 if the tuple cannot fit in a page; 53200 if the pool is exhausted.
   */
  insert(xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    this.changes?.add(xid);
    return this.place(xid, cid, data);
  }

  /** `insert` without counting a changed row (an update's new version counts where it is linked). */
  private place(xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    const frame = this.pinRoom(data);
    try {
      return this.insertInto(frame, xid, cid, data);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /**
   * Pins a page with room for `data` (formatted, or all zeros: `insertInto` formats it): the
   * last insert's page, else one the free space map names, else a new page. The caller unpins.
   * @throws DbError 54000 if the tuple cannot fit in a page; 53200 if the pool is exhausted.
   */
  private pinRoom(data: Uint8Array): Frame {
    const size = TUPLE_HEADER_SIZE + data.length;
    if (size > MAX_HEAP_TUPLE_SIZE) throw rowTooBig(size);
    this.inserts++;
    const count = this.pool.pageCount(this.file);
    const target = this.insertPage >= 0 && this.insertPage < count ? this.insertPage : count - 1;
    if (target >= 0) {
      const frame = this.pinIfRoom(target, data);
      if (frame !== undefined) return frame;
    }
    // The free space map: a page it names that turns out full is corrected, so this loop ends.
    const need = size + LINE_POINTER_SIZE;
    for (let page = this.fsm.find(need); page >= 0; page = this.fsm.find(need)) {
      if (page >= count) {
        this.fsm.set(page, 0);
        continue;
      }
      const frame = this.pinIfRoom(page, data);
      if (frame !== undefined) return frame;
    }
    return this.pool.pinNew(this.file);
  }

  /** See TableStore.batchLogging: a WAL page batch around `fn`. */
  batchLogging<T>(fn: () => T): T {
    return this.wal.batchPageChanges(fn);
  }

  /** The version at `tid` with a copy of its data, or undefined if there is none. */
  fetch(tid: Tid): TupleVersion | undefined {
    if (tid.page < 0 || tid.page >= this.pool.pageCount(this.file)) return undefined;
    const frame = this.pool.pin(this.file, tid.page);
    try {
      // An index entry may name a pruned chain's root, now a redirect to its first survivor.
      const target = heapRedirectTarget(frame.page, tid.slot);
      return readHeapTuple(frame.page, tid.page, target === 0 ? tid.slot : target, true);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /** A fetcher of versions as views into pinned pages; see HeapFetcher. */
  fetcher(): TupleFetcher {
    return new HeapFetcher(this.pool, this.file);
  }

  /** A cursor over every version (after `after`), leaving out those `isDead` calls dead; see HeapCursor. */
  scan(isDead?: (v: TupleHeader) => boolean, after?: Tid): TupleCursor {
    this.openScans++;
    return new HeapCursor(this.pool, this.file, this.closeScan, isDead, after);
  }

  /** Sets xmax/cmax, logged under transaction `xmax`. @throws InternalError if `tid` is empty. */
  setXmax(tid: Tid, xmax: TxnId, cmax: CommandId): void {
    this.change(tid, xmax, (page, offset, ranges) => heapSetXmax(page, offset, xmax, cmax, ranges));
    this.deletes++;
    this.changes?.add(xmax);
  }

  /**
   * Points the version at `tid` to its successor, logged under the version's xmax (the updating
   * transaction, which sets xmax before linking). @throws InternalError if `tid` is empty.
   */
  setCtid(tid: Tid, ctid: Tid): void {
    this.change(tid, undefined, (page, offset, ranges) => heapSetCtid(page, offset, ctid, ranges));
  }

  /**
   * An UPDATE's new version (TableStore.insertNewer): on the old version's page when it fits
   * there, with the insert and the old version's new ctid (and with `markOld` its xmax and cmax)
   * logged as one record; else `insert` (wherever there is room), then the old version's link
   * (and with `markOld` its xmax and cmax): two records.
   * @throws DbError 54000 if the tuple cannot fit in a page; InternalError if `old` is empty.
   */
  insertNewer(old: Tid, xid: TxnId, cid: CommandId, data: Uint8Array, markOld = false): Tid {
    const size = TUPLE_HEADER_SIZE + data.length;
    if (size <= MAX_HEAP_TUPLE_SIZE && old.page >= 0 && old.page < this.pool.pageCount(this.file)) {
      const frame = this.pool.pin(this.file, old.page);
      try {
        const page = frame.page;
        const offset = isHeapPage(page) ? heapTupleOffset(page, old.slot) : 0;
        if (offset > 0 && heapFits(page, data.length)) {
          this.inserts++;
          this.vm.clear(old.page);
          const ranges = emptied(this.ranges);
          if (markOld) {
            heapSetXmax(page, offset, xid, cid, ranges);
            this.deletes++;
            this.changes?.add(xid);
          }
          const slot = heapInsert(page, old.page, xid, cid, data, ranges);
          assert(slot > 0, 'a checked tuple did not fit its heap page');
          const tid = { page: old.page, slot };
          heapSetCtid(page, offset, tid, ranges);
          this.log(frame, xid, ranges);
          return tid;
        }
      } finally {
        this.pool.unpin(frame);
      }
    }
    // The new version first, then the old one's xmax (with `markOld`) and link: until the old
    // version is marked the new one is just an in-progress insert, invisible to everyone else,
    // and if the insert fails nothing was marked. Both pages' changes are one record.
    const frame = this.pinRoom(data);
    try {
      return this.relocate(frame, old, xid, cid, data, markOld);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /** insertNewer's new version on another page (`frame`, pinned with room): one record. */
  private relocate(
    frame: Frame,
    old: Tid,
    xid: TxnId,
    cid: CommandId,
    data: Uint8Array,
    markOld: boolean,
  ): Tid {
    if (old.page < 0 || old.page >= this.pool.pageCount(this.file) || old.page === frame.pageNo) {
      assert(false, `no other page for the old version (${old.page},${old.slot})`);
    }
    const oldFrame = this.pool.pin(this.file, old.page);
    try {
      const offset = heapTupleOffset(oldFrame.page, old.slot);
      if (offset <= 0) assert(false, `no tuple at (${old.page},${old.slot}) in file ${this.file}`);
      const newRanges = emptied(this.ranges);
      const tid = { page: frame.pageNo, slot: this.insertUnlogged(frame, xid, cid, data, newRanges) };
      const oldRanges = emptied(this.oldRanges);
      this.vm.clear(old.page);
      if (markOld) {
        heapSetXmax(oldFrame.page, offset, xid, cid, oldRanges);
        this.deletes++;
        this.changes?.add(xid);
      }
      heapSetCtid(oldFrame.page, offset, tid, oldRanges);
      const [n, o] = this.twoChanges;
      n.pageNo = frame.pageNo;
      n.page = frame.page;
      n.ranges = newRanges;
      o.pageNo = old.page;
      o.page = oldFrame.page;
      o.ranges = oldRanges;
      try {
        logPageChanges(this.wal, xid, this.twoChanges);
      } finally {
        n.page = NO_BYTES;
        o.page = NO_BYTES;
      }
      this.pool.markDirty(frame);
      this.pool.markDirty(oldFrame);
      return tid;
    } finally {
      this.pool.unpin(oldFrame);
    }
  }

  /**
   * A heap-only (HOT) UPDATE (TableStore.insertNewerHot): when the new version fits on the old
   * version's page — after pruning the page's HOT chains with `isDead` if it did not fit at
   * first and nobody else has the page pinned — stores it there flagged HEAP_ONLY, sets the old
   * version's xmax/cmax, its ctid to the new version and its HEAP_HOT_UPDATED flag, all logged as
   * one record; returns the new tid. Otherwise changes nothing and returns undefined (the caller
   * makes an ordinary update, with index entries). Synchronous.
   * @throws DbError 53200 if the pool is exhausted.
   */
  insertNewerHot(
    old: Tid,
    xid: TxnId,
    cid: CommandId,
    data: Uint8Array,
    isDead?: (v: TupleVersion) => boolean,
  ): Tid | undefined {
    const size = TUPLE_HEADER_SIZE + data.length;
    if (size > MAX_HEAP_TUPLE_SIZE || old.page < 0 || old.page >= this.pool.pageCount(this.file))
      return undefined;
    const frame = this.pool.pin(this.file, old.page);
    try {
      const page = frame.page;
      const oldOffset = isHeapPage(page) ? heapTupleOffset(page, old.slot) : 0;
      if (oldOffset === 0) return undefined;
      if (!heapFits(page, data.length)) {
        // Worth a prune: the page had HOT updates since its last prune, or (the hint is lost at
        // a restart) the version being updated is itself part of a HOT chain.
        const chained =
          this.hotPages.has(old.page) ||
          (heapTupleFlags(page, oldOffset) & (HEAP_ONLY_TUPLE | HEAP_HOT_UPDATED)) !== 0;
        if (isDead === undefined || !chained || this.pool.pinCount(frame) !== 1) return undefined;
        if (!this.pruneFrame(frame, isDead) || !heapFits(page, data.length)) return undefined;
      }
      this.hotPages.add(old.page);
      // Pruning moves tuples (never their slots): the offset is read after it.
      const offset = heapTupleOffset(page, old.slot);
      this.inserts++;
      this.deletes++;
      this.changes?.add(xid);
      this.vm.clear(old.page);
      const ranges = emptied(this.ranges);
      heapSetXmax(page, offset, xid, cid, ranges);
      const slot = heapInsert(page, old.page, xid, cid, data, ranges);
      assert(slot > 0, 'a checked tuple did not fit its heap page');
      const newOffset = heapTupleOffset(page, slot);
      heapAddTupleFlags(page, newOffset, HEAP_ONLY_TUPLE, ranges);
      const tid = { page: old.page, slot };
      heapSetCtid(page, offset, tid, ranges);
      heapAddTupleFlags(page, offset, HEAP_HOT_UPDATED, ranges);
      this.log(frame, xid, ranges);
      return tid;
    } finally {
      this.pool.unpin(frame);
    }
  }

  /**
   * Opportunistic pruning of page `pageNo`'s HOT chains (heap-prune-chains.ts) with `isDead`
   * (dead to every snapshot), logged as one record, when nobody else has the page pinned.
   * Returns the number of tuples removed. Synchronous.
   */
  prunePage(pageNo: number, isDead: (v: TupleVersion) => boolean): number {
    if (pageNo < 0 || pageNo >= this.pool.pageCount(this.file)) return 0;
    const frame = this.pool.pin(this.file, pageNo);
    try {
      if (!isHeapPage(frame.page) || this.pool.pinCount(frame) !== 1) return 0;
      return this.pruneFrame(frame, isDead);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /**
   * The root of the HOT chain holding the version at `tid`: `tid` itself unless it is a
   * heap-only tuple, then the root slot (a tuple or a redirect) whose chain reaches it, or
   * undefined when none does (an orphan). For CREATE INDEX over HOT chains. Synchronous.
   */
  hotRoot(tid: Tid): Tid | undefined {
    const frame = this.pool.pin(this.file, tid.page);
    try {
      const page = frame.page;
      const offset = heapTupleOffset(page, tid.slot);
      if (offset === 0) return undefined;
      if ((readHeapTuple(page, tid.page, tid.slot, false)!.flags! & HEAP_ONLY_TUPLE) === 0) return tid;
      const members: number[] = [];
      const slots = heapSlotCount(page);
      for (let root = 1; root <= slots; root++) {
        members.length = 0;
        heapChainSlots(page, tid.page, root, members);
        if (members.includes(tid.slot)) return { page: tid.page, slot: root };
      }
      return undefined;
    } finally {
      this.pool.unpin(frame);
    }
  }

  /** heapPruneChains on a pinned heap page, logged; the page's free space to the map. */
  private pruneFrame(frame: Frame, isDead: (v: TupleVersion) => boolean, verdicts?: Uint8Array): number {
    const ranges: number[] = [];
    const moves: number[] = [];
    const changed = heapPruneChains(frame.page, frame.pageNo, isDead, ranges, moves, verdicts);
    // Nothing removable now: no more tries until the next HOT update of the page.
    if (changed === 0) {
      this.hotPages.delete(frame.pageNo);
      return 0;
    }
    this.log(frame, INVALID_TXN_ID, ranges, false, moves);
    this.fsm.set(frame.pageNo, heapFreeSpace(frame.page));
    return changed;
  }

  /**
   * Removes every page. The truncation is logged and the WAL flushed through it before the file is
   * cut, because a cut file cannot be restored by redo. NB: not transactional by itself; a
   * rollback-able TRUNCATE should switch the table to a new file instead.
   */
  truncate(): void {
    this.wal.append({ kind: 'file-truncate', file: this.file, pages: 0 });
    this.wal.flushSync(this.wal.insertLsn);
    this.pool.truncateFile(this.file, 0);
    this.insertPage = -1;
    this.hotPages.clear();
    this.fsm.truncate(0);
    this.vm.clearFrom(0);
    this.resetCounters();
  }

  /** See TableStore.isAllVisible (the visibility map). */
  isAllVisible(page: number): boolean {
    return this.vm.isAllVisible(page);
  }

  /** See TableStore.allVisiblePages. */
  allVisiblePages(): number {
    return this.vm.allVisiblePages();
  }

  /** Pages in the file, counting pages not yet written. */
  pageCount(): number {
    return this.pool.pageCount(this.file);
  }

  /**
   * VACUUM of up to `maxPages` pages from `fromPage`: see the file comment and `TableStore.vacuum`.
   * Synchronous. @throws whatever `removeIndexEntries` throws (nothing of that batch is freed);
   *   DbError 53200 if the pool is exhausted.
   */
  vacuum(request: VacuumRequest): VacuumResult {
    if (request.fromPage === 0) {
      this.passDeletes = this.deletes;
      this.passInserts = this.inserts;
      this.passKept = 0;
    }
    const count = this.pool.pageCount(this.file);
    const end = Math.min(count, request.fromPage + request.maxPages);
    let removed = 0;
    let kept = 0;
    for (let first = request.fromPage; first < end; first += VACUUM_BATCH_PAGES) {
      const last = Math.min(end, first + VACUUM_BATCH_PAGES);
      const dead: TupleVersion[] = [];
      const members: number[] = [];
      const counts = { kept: 0, pruned: 0 };
      this.collectDead(first, last, request, dead, members, counts);
      kept += counts.kept;
      removed += counts.pruned;
      if (dead.length > 0) {
        request.removeIndexEntries(dead);
        this.prune(dead, members);
        removed += dead.length + members.length / 2;
      }
    }
    this.passKept += kept;
    const scannedPages = Math.max(0, end - request.fromPage);
    if (end < count) return { nextPage: end, scannedPages, removed, kept, truncatedPages: 0 };
    const truncatedPages = this.truncateEmptyTail();
    this.deletesAtVacuum = this.passDeletes;
    this.insertsAtVacuum = this.passInserts;
    this.keptAtVacuum = this.passKept;
    return { nextPage: -1, scannedPages, removed, kept, truncatedPages };
  }

  /** Nothing is left (TRUNCATE): autovacuum's counters start over. */
  private resetCounters(): void {
    this.insertsAtVacuum = this.inserts;
    this.deletesAtVacuum = this.deletes;
    this.keptAtVacuum = 0;
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

  /**
   * Pushes copies of the dead versions of pages [first, last) onto `dead`, records the free space
   * of pages without any, and adds the versions it kept and pruned to `counts`. HOT chains: each page's chains
   * are pruned first (heapPruneChains, logged); a chain whose members are all dead is reported as
   * ONE dead version at its root's tid (index entries name the root) with its newest member's
   * data (the key a CREATE INDEX over the chain used; every member has the same key for indexes
   * older than the chain), and its other members' (page, slot) pairs go onto `members` to be
   * freed with it. Heap-only tuples are never reported: no index entry points at them.
   */
  private collectDead(
    first: number,
    last: number,
    request: VacuumRequest,
    dead: TupleVersion[],
    members: number[],
    counts: { kept: number; pruned: number },
  ): void {
    const chain: number[] = [];
    for (let pageNo = first; pageNo < last; pageNo++) {
      const frame = this.pool.pin(this.file, pageNo, true);
      try {
        const page = frame.page;
        if (!isHeapPage(page)) {
          // Allocated but never formatted (a crash after the file grew): an insert formats it.
          if (readPageKind(page) === PageKind.Zero) this.fsm.set(pageNo, EMPTY_PAGE_FREE);
          continue;
        }
        const before = dead.length;
        // isDead is asked once per version: the prune's answers are reused below.
        const verdicts = new Uint8Array(heapSlotCount(page) + 1);
        if (this.pool.pinCount(frame) === 1)
          counts.pruned += this.pruneFrame(frame, request.isDead, verdicts);
        const dead1 = (v: TupleVersion): boolean => {
          const known = verdicts[v.tid.slot]!;
          return known === 0 ? request.isDead(v) : known === 1;
        };
        const slots = heapSlotCount(page);
        let allVisible = request.isAllVisible !== undefined;
        const reached = new Uint8Array(slots + 1);
        for (let slot = 1; slot <= slots; slot++) {
          chain.length = 0;
          heapChainSlots(page, pageNo, slot, chain);
          if (chain.length === 0) continue;
          let allDead = true;
          for (const m of chain) {
            reached[m] = 1;
            const v = readHeapTuple(page, pageNo, m, false)!;
            if (dead1(v)) continue;
            allDead = false;
            if (allVisible && !request.isAllVisible!(v)) allVisible = false;
          }
          if (!allDead) {
            counts.kept += chain.length;
            continue;
          }
          const newest = readHeapTuple(page, pageNo, chain[chain.length - 1]!, false)!;
          dead.push({ ...newest, tid: { page: pageNo, slot }, data: newest.data.slice() });
          for (const m of chain) if (m !== slot) members.push(pageNo, m);
        }
        // Heap-only tuples no chain reaches that the prune kept (not dead yet).
        for (let slot = 1; slot <= slots; slot++) {
          if (reached[slot] === 1) continue;
          const v = readHeapTuple(page, pageNo, slot, false);
          if (v === undefined || (v.flags! & HEAP_ONLY_TUPLE) === 0) continue;
          counts.kept++;
          if (allVisible && !request.isAllVisible!(v)) allVisible = false;
        }
        if (dead.length === before) this.fsm.set(pageNo, heapFreeSpace(page));
        // What stays on the page after its dead versions are pruned is visible to everyone.
        // (The prune that follows clears nothing: it changes no kept version.)
        if (allVisible) this.vm.set(pageNo);
      } finally {
        this.pool.unpin(frame);
      }
    }
  }

  /**
   * Frees the slots of `dead` (grouped by page, in page order) and the chain members `members`
   * ((page, slot) pairs, in page order) and compacts each page, logged.
   */
  private prune(dead: readonly TupleVersion[], members: readonly number[]): void {
    let j = 0;
    for (let i = 0; i < dead.length; ) {
      const pageNo = dead[i]!.tid.page;
      const slots: number[] = [];
      for (; i < dead.length && dead[i]!.tid.page === pageNo; i++) slots.push(dead[i]!.tid.slot);
      for (; j < members.length && members[j]! === pageNo; j += 2) slots.push(members[j + 1]!);
      const frame = this.pool.pin(this.file, pageNo);
      try {
        const ranges: number[] = [];
        const moves: number[] = [];
        heapPrune(frame.page, slots, ranges, moves);
        this.log(frame, INVALID_TXN_ID, ranges, false, moves);
        this.fsm.set(pageNo, heapFreeSpace(frame.page));
      } finally {
        this.pool.unpin(frame);
      }
    }
  }

  /**
   * Cuts empty pages (no line pointers, or never formatted) from the end of the file, logged
   * durably first. Not while a scan is open (see the file comment). Returns the pages cut.
   */
  private truncateEmptyTail(): number {
    if (this.openScans > 0) return 0;
    const count = this.pool.pageCount(this.file);
    let keep = count;
    while (keep > 0) {
      const frame = this.pool.pin(this.file, keep - 1);
      const empty = readPageKind(frame.page) === PageKind.Zero || heapSlotCount(frame.page) === 0;
      this.pool.unpin(frame);
      if (!empty) break;
      keep--;
    }
    if (keep === count) return 0;
    this.wal.append({ kind: 'file-truncate', file: this.file, pages: keep });
    this.wal.flushSync(this.wal.insertLsn);
    this.pool.truncateFile(this.file, keep);
    this.fsm.truncate(keep);
    this.vm.clearFrom(keep);
    if (this.insertPage >= keep) this.insertPage = -1;
    return count - keep;
  }

  /** Inserts into `pageNo` if the tuple fits there; else records its free space and answers undefined. */
  /** Pins page `pageNo` if `data` fits on it (else corrects the FSM and returns undefined). */
  private pinIfRoom(pageNo: number, data: Uint8Array): Frame | undefined {
    const frame = this.pool.pin(this.file, pageNo);
    // An all-zero page (allocated, never formatted) is formatted by the insert.
    if (readPageKind(frame.page) === PageKind.Zero || heapFits(frame.page, data.length)) return frame;
    this.fsm.set(pageNo, isHeapPage(frame.page) ? heapFreeSpace(frame.page) : 0);
    this.pool.unpin(frame);
    return undefined;
  }

  private insertInto(frame: Frame, xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    const ranges = emptied(this.ranges);
    const slot = this.insertUnlogged(frame, xid, cid, data, ranges);
    // An insert may join a WAL page batch (a multi-row INSERT): one record for many tuples.
    this.log(frame, xid, ranges, true);
    return { page: frame.pageNo, slot };
  }

  /** `insertInto`'s page work, its changed ranges appended to `ranges`; the caller logs. */
  private insertUnlogged(
    frame: Frame,
    xid: TxnId,
    cid: CommandId,
    data: Uint8Array,
    ranges: number[],
  ): number {
    if (readPageKind(frame.page) === PageKind.Zero) initHeapPage(frame.page, ranges);
    // Messages are built only on failure: this runs once per tuple.
    if (!isHeapPage(frame.page))
      assert(false, `page ${frame.pageNo} of file ${this.file} is not a heap page`);
    this.vm.clear(frame.pageNo);
    const slot = heapInsert(frame.page, frame.pageNo, xid, cid, data, ranges);
    assert(slot > 0, 'a checked tuple did not fit an empty heap page');
    this.insertPage = frame.pageNo;
    return slot;
  }

  /** Pins the page of `tid`, applies one tuple change and logs it. */
  private change(
    tid: Tid,
    xid: TxnId | undefined,
    apply: (page: Uint8Array, offset: number, ranges: number[]) => void,
  ): void {
    if (tid.page < 0 || tid.page >= this.pool.pageCount(this.file)) {
      assert(false, `no page for tid (${tid.page},${tid.slot})`);
    }
    const frame = this.pool.pin(this.file, tid.page);
    try {
      const offset = heapTupleOffset(frame.page, tid.slot);
      if (offset <= 0) assert(false, `no tuple at (${tid.page},${tid.slot}) in file ${this.file}`);
      this.vm.clear(tid.page);
      const ranges: number[] = [];
      apply(frame.page, offset, ranges);
      this.log(frame, xid ?? heapTupleXmax(frame.page, offset), ranges);
    } finally {
      this.pool.unpin(frame);
    }
  }

  private log(
    frame: Frame,
    xid: TxnId,
    ranges: readonly number[],
    deferrable = false,
    moves?: readonly number[],
  ): void {
    const c = this.oneChange;
    c.pageNo = frame.pageNo;
    c.page = frame.page;
    c.ranges = ranges;
    c.moves = moves;
    try {
      logPageChanges(this.wal, xid, this.oneChangeList, deferrable);
    } finally {
      c.page = NO_BYTES;
      c.moves = undefined;
    }
    this.pool.markDirty(frame);
  }
}

/**
 * `ranges` emptied with its backing store kept, for reuse per tuple: V8 drops an array's store
 * on `length = 0`, so the next pushes allocate it again (a garbage array per row inserted).
 */
function emptied(ranges: number[]): number[] {
  while (ranges.length > 0) ranges.pop();
  return ranges;
}
