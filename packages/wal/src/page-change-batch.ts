/**
 * PageChangeBatch: page changes whose logging is deferred, then logged as ONE 'pages' record
 * for many row-sized changes. A multi-row INSERT logs the heap page and the index leaf of every
 * row; one record per row is most of its WAL work (envelope, CRC, page LSN bookkeeping, one
 * change header per page per row). Inside a batch (`Wal.batchPageChanges`), `logPageChanges`
 * only notes which bytes of which pages changed; the batch logs the final bytes of all of them
 * at its end, as PostgreSQL's heap_multi_insert logs one record per page for many tuples. Redo
 * needs nothing new: it is an ordinary 'pages' record, replayed atomically.
 *
 * Why this is safe (the rules a batch keeps):
 * - Order: every other WAL append first logs the pending batch (the hook in `Wal.appendWith`),
 *   so no record that depends on a batched change (a commit, an index entry logged outside the
 *   batch) can reach the log before it.
 * - The WAL rule: a batched page is dirty but its LSN is not yet stamped, so the buffer pool
 *   asks `Wal.flushSync` before writing any page while a batch is pending
 *   (`hasDeferredChanges`); flushSync logs the batch and makes the WAL durable through its end.
 * - Full page images: whether a page needs one is decided when the batch is logged, from the
 *   page's LSN, which the batch has not touched: the same answer as at its first change.
 * - Exactness: each page's record carries the final bytes of every unit (UNIT_SHIFT) holding a
 *   range noted for it, and every byte that changed since the page was last logged lies in a
 *   noted range (so the other bytes of those units are as last logged); so replaying it onto the
 *   page as last logged yields the page as it is.
 * - The noted pages are views into buffer-pool frames (pinned when noted, maybe not since). A
 *   frame is reused only after its dirty page is written, and that write first logs the batch
 *   (the WAL rule above), so a view is always read while it still holds its page.
 * - Cursors: B+tree cursors notice that their leaf changed by its LSN, which a batch stamps only
 *   when it is logged. So a batch must never span a suspended cursor's next() on a page it
 *   changes: callers (TableStore.batchLogging) wrap only their writes, never their input's reads,
 *   and never an await (other sessions' cursors run there).
 *
 * Only changes whose writer marks the page dirty right after logging (heap inserts, B+tree
 * inserts and splits) may be deferred: `logPageChanges` defers only when its caller passes
 * `deferrable`. Writers that log bytes from elsewhere (the hash index's shadow pages) log at
 * once, which logs the batch first.
 */
import { type FileId, type Lsn, PAGE_KIND_OFFSET, PAGE_SIZE, readPageLsn, type TxnId } from '@rustydb/common';
import type { PageChangeInput } from './page-change.js';

/** Pages a batch holds at most before it logs itself (bounds the record and the scan at the end). */
const MAX_PAGES = 32;
/** Room a batched page may take in the record at most: a full image and its headers. */
const PAGE_RECORD_BOUND = PAGE_SIZE + 64;
/**
 * Changes are marked per unit of 2^UNIT_SHIFT bytes, not per byte: a row-sized change marks a few
 * units, and a logged range is its units' bytes (clipped to the loggable part of the page). The
 * extra bytes are unchanged since the page was last logged, so redoing them changes nothing; two
 * changed runs with less than one clean unit between them are logged as one range.
 */
const UNIT_SHIFT = 3;
/** Marks are also kept per block of 2^BLOCK_SHIFT bytes, so that `take` skips clean blocks. */
const BLOCK_SHIFT = 6;
const UNITS_PER_BLOCK = 1 << (BLOCK_SHIFT - UNIT_SHIFT);

/** One page of a batch: where it is, and which of its bytes changed. */
interface BatchPage {
  file: FileId;
  pageNo: number;
  page: Uint8Array;
  /** 1 for every unit (2^UNIT_SHIFT bytes) holding a changed byte. */
  readonly marks: Uint8Array;
  /** 1 for every block of 2^BLOCK_SHIFT bytes of the page that holds a mark. */
  readonly blocks: Uint8Array;
  /** The changed bytes lie within [lo, hi). */
  lo: number;
  hi: number;
}

/** See the file comment. Owned by one Wal; synchronous. */
export class PageChangeBatch {
  /** Nesting depth of `Wal.batchPageChanges`: deferring while > 0. */
  depth = 0;
  private readonly pages: BatchPage[] = [];
  private count = 0;
  private xid = 0 as TxnId;
  /** The page the last change went to (most changes go to the same one or two pages). */
  private last = -1;
  /** Pages before the batch logs itself: its record stays within half a WAL segment. */
  private readonly capacity: number;

  constructor(segmentSize: number) {
    this.capacity = Math.max(1, Math.min(MAX_PAGES, Math.floor(segmentSize / 2 / PAGE_RECORD_BOUND)));
  }

  /** Are changes waiting to be logged? */
  get pending(): boolean {
    return this.count > 0;
  }

  /**
   * Can `changes` of transaction `xid` join the batch now? No when the batch would grow past its
   * capacity or holds another transaction's changes: the caller logs the batch first. (An
   * operation alone larger than the capacity joins an empty batch: its record is then no larger
   * than it would be unbatched.)
   */
  accepts(xid: TxnId, changes: readonly PageChangeInput[]): boolean {
    if (this.count === 0) return true;
    if (xid !== this.xid && xid !== 0 && this.xid !== 0) return false;
    return this.count + changes.length <= this.capacity;
  }

  /** Notes `changes` (already made to their pages). Call `accepts` first. */
  add(xid: TxnId, changes: readonly PageChangeInput[]): void {
    if (xid !== 0) this.xid = xid;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      const p = this.slot(c);
      const ranges = c.ranges;
      for (let r = 0; r < ranges.length; r += 2) mark(p, ranges[r]!, ranges[r + 1]!);
      // A move's destination changed: the batch logs its final bytes like any range's.
      const moves = c.moves;
      if (moves !== undefined) for (let m = 0; m < moves.length; m += 3) mark(p, moves[m]!, moves[m + 2]!);
    }
  }

  /**
   * Empties the batch, returning the transaction and the changes to log (ranges rebuilt from the
   * marks; none for a page that `redoLsn` says is logged as a full image). The returned list and
   * its ranges are fresh: the caller logs them at once.
   */
  take(redoLsn: Lsn): { xid: TxnId; changes: PageChangeInput[] } {
    const changes: PageChangeInput[] = [];
    for (let i = 0; i < this.count; i++) {
      const p = this.pages[i]!;
      const ranges: number[] = [];
      const marks = p.marks;
      const blocks = p.blocks;
      let start = -1;
      let lastMarked = -1;
      // A page logged whole (its first change since the checkpoint, or a new page: the rule of
      // logPageChanges) needs no ranges.
      const image = readPageLsn(p.page) <= redoLsn;
      // Only the blocks holding marks are scanned (a heap insert marks both ends of the page)
      // and cleared: the cost follows the bytes changed, not the page size.
      for (let b = p.lo >>> BLOCK_SHIFT, lastBlock = (p.hi - 1) >>> BLOCK_SHIFT; b <= lastBlock; b++) {
        if (blocks[b] === 0) continue;
        blocks[b] = 0;
        const from = b * UNITS_PER_BLOCK;
        const to = from + UNITS_PER_BLOCK;
        if (!image) {
          for (let u = from; u < to; u++) {
            if (marks[u] === 0) continue;
            if (start >= 0 && u - lastMarked > 1) {
              pushUnits(ranges, start, lastMarked);
              start = -1;
            }
            if (start < 0) start = u;
            lastMarked = u;
          }
        }
        for (let u = from; u < to; u++) marks[u] = 0;
      }
      if (start >= 0) pushUnits(ranges, start, lastMarked);
      changes.push({ file: p.file, pageNo: p.pageNo, page: p.page, ranges });
      p.page = EMPTY;
    }
    const xid = this.xid;
    this.count = 0;
    this.last = -1;
    this.xid = 0 as TxnId;
    return { xid, changes };
  }

  /** The batch's entry for the change's page, made (or reused) on first sight. */
  private slot(c: PageChangeInput): BatchPage {
    const last = this.last;
    if (last >= 0) {
      const p = this.pages[last]!;
      if (p.pageNo === c.pageNo && p.file === c.file) return p;
    }
    for (let i = 0; i < this.count; i++) {
      const p = this.pages[i]!;
      if (p.pageNo === c.pageNo && p.file === c.file) {
        this.last = i;
        return p;
      }
    }
    let p = this.pages[this.count];
    if (p === undefined) {
      const marks = new Uint8Array(PAGE_SIZE >>> UNIT_SHIFT);
      p = {
        file: c.file,
        pageNo: c.pageNo,
        page: c.page,
        marks,
        blocks: new Uint8Array(PAGE_SIZE >>> BLOCK_SHIFT),
        lo: 0,
        hi: 0,
      };
      this.pages.push(p);
    }
    p.file = c.file;
    p.pageNo = c.pageNo;
    p.page = c.page;
    p.lo = PAGE_SIZE;
    p.hi = PAGE_KIND_OFFSET;
    this.last = this.count++;
    return p;
  }
}

const EMPTY = new Uint8Array(0);

/** Notes that bytes [off, off + len) of the batch page `p` changed. */
function mark(p: BatchPage, off: number, len: number): void {
  const end = off + len;
  const marks = p.marks;
  for (let u = off >>> UNIT_SHIFT, last = (end - 1) >>> UNIT_SHIFT; u <= last; u++) marks[u] = 1;
  const blocks = p.blocks;
  for (let b = off >>> BLOCK_SHIFT, last = (end - 1) >>> BLOCK_SHIFT; b <= last; b++) blocks[b] = 1;
  if (off < p.lo) p.lo = off;
  if (end > p.hi) p.hi = end;
}

/** Appends the range of the bytes of units `first..last`, from the first loggable byte on. */
function pushUnits(ranges: number[], first: number, last: number): void {
  const start = Math.max(first << UNIT_SHIFT, PAGE_KIND_OFFSET);
  ranges.push(start, ((last + 1) << UNIT_SHIFT) - start);
}
