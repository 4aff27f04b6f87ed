/**
 * HeapStore: a table's tuple versions in slotted heap pages (heap-page.ts) in the buffer pool.
 *
 * Every change is WAL-logged before the page can reach the disk: the page functions report the
 * exact byte ranges they changed, and `logPageChanges` logs them (or a full page image for the
 * first change after a checkpoint) and stamps the record's LSN into the page; the pool's WAL rule
 * does the rest. Redo (redo.ts) replays those records after a crash.
 *
 * Free space: the store remembers one page that last had room (initially the file's last page).
 * An insert tries that page, else appends a new page. Room left on earlier pages by a tuple that
 * did not fit is not reused. NB: a real free space map belongs with vacuum; until then
 * the table only grows, like PostgreSQL's heap without vacuum.
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
  PageKind,
  readPageKind,
  type Tid,
  type TxnId,
} from '@rustydb/common';
import { logPageChanges, type Wal } from '@rustydb/wal';
import type { StoreContext, TableStore, TupleCursor, TupleVersion } from '../table-store.js';
import { HeapCursor } from './heap-cursor.js';
import {
  heapFits,
  heapInsert,
  heapSetCtid,
  heapSetXmax,
  heapTupleOffset,
  heapTupleXmax,
  initHeapPage,
  isHeapPage,
  MAX_HEAP_TUPLE_SIZE,
  readHeapTuple,
  TUPLE_HEADER_SIZE,
} from './heap-page.js';

/** 54000, PostgreSQL's text for a tuple larger than a page. */
export const rowTooBig = (size: number): DbError =>
  new DbError('54000', `row is too big: size ${size}, maximum size ${MAX_HEAP_TUPLE_SIZE}`);

/** The heap access method's store for one file. Synchronous; see the file comment. */
export class HeapStore implements TableStore {
  readonly method = 'heap';
  private readonly pool: BufferPool;
  private readonly wal: Wal;
  /** The page that last had room for an insert; -1: start from the file's last page. */
  private insertPage = -1;

  constructor(
    ctx: StoreContext,
    readonly file: FileId,
  ) {
    this.pool = ctx.pool;
    this.wal = ctx.wal;
  }

  /**
   * Stores a new version (xmin = xid, cmin = cid, xmax = 0, ctid = its own tid), logged.
   * @throws DbError 54000 if the tuple cannot fit in a page; 53200 if the pool is exhausted.
   */
  insert(xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    const size = TUPLE_HEADER_SIZE + data.length;
    if (size > MAX_HEAP_TUPLE_SIZE) throw rowTooBig(size);
    const count = this.pool.pageCount(this.file);
    const target = this.insertPage >= 0 && this.insertPage < count ? this.insertPage : count - 1;
    if (target >= 0) {
      const frame = this.pool.pin(this.file, target);
      try {
        // An all-zero page (allocated, never formatted) is formatted by the insert.
        if (readPageKind(frame.page) === PageKind.Zero || heapFits(frame.page, data.length)) {
          return this.insertInto(frame, xid, cid, data);
        }
      } finally {
        this.pool.unpin(frame);
      }
    }
    const frame = this.pool.pinNew(this.file);
    try {
      return this.insertInto(frame, xid, cid, data);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /** The version at `tid` with a copy of its data, or undefined if there is none. */
  fetch(tid: Tid): TupleVersion | undefined {
    if (tid.page < 0 || tid.page >= this.pool.pageCount(this.file)) return undefined;
    const frame = this.pool.pin(this.file, tid.page);
    try {
      return readHeapTuple(frame.page, tid.page, tid.slot, true);
    } finally {
      this.pool.unpin(frame);
    }
  }

  /** A cursor over every version; see HeapCursor. */
  scan(): TupleCursor {
    return new HeapCursor(this.pool, this.file);
  }

  /** Sets xmax/cmax, logged under transaction `xmax`. @throws InternalError if `tid` is empty. */
  setXmax(tid: Tid, xmax: TxnId, cmax: CommandId): void {
    this.change(tid, xmax, (page, offset, ranges) => heapSetXmax(page, offset, xmax, cmax, ranges));
  }

  /**
   * Points the version at `tid` to its successor, logged under the version's xmax (the updating
   * transaction, which sets xmax before linking). @throws InternalError if `tid` is empty.
   */
  setCtid(tid: Tid, ctid: Tid): void {
    this.change(tid, undefined, (page, offset, ranges) => heapSetCtid(page, offset, ctid, ranges));
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
  }

  /** Pages in the file, counting pages not yet written. */
  pageCount(): number {
    return this.pool.pageCount(this.file);
  }

  private insertInto(frame: Frame, xid: TxnId, cid: CommandId, data: Uint8Array): Tid {
    const ranges: number[] = [];
    if (readPageKind(frame.page) === PageKind.Zero) initHeapPage(frame.page, ranges);
    assert(isHeapPage(frame.page), `page ${frame.pageNo} of file ${this.file} is not a heap page`);
    const slot = heapInsert(frame.page, frame.pageNo, xid, cid, data, ranges);
    assert(slot > 0, 'a checked tuple did not fit an empty heap page');
    this.log(frame, xid, ranges);
    this.insertPage = frame.pageNo;
    return { page: frame.pageNo, slot };
  }

  /** Pins the page of `tid`, applies one tuple change and logs it. */
  private change(
    tid: Tid,
    xid: TxnId | undefined,
    apply: (page: Uint8Array, offset: number, ranges: number[]) => void,
  ): void {
    assert(
      tid.page >= 0 && tid.page < this.pool.pageCount(this.file),
      `no page for tid (${tid.page},${tid.slot})`,
    );
    const frame = this.pool.pin(this.file, tid.page);
    try {
      const offset = heapTupleOffset(frame.page, tid.slot);
      assert(offset > 0, `no tuple at (${tid.page},${tid.slot}) in file ${this.file}`);
      const ranges: number[] = [];
      apply(frame.page, offset, ranges);
      this.log(frame, xid ?? heapTupleXmax(frame.page, offset), ranges);
    } finally {
      this.pool.unpin(frame);
    }
  }

  private log(frame: Frame, xid: TxnId, ranges: readonly number[]): void {
    logPageChanges(this.wal, xid, [{ file: this.file, pageNo: frame.pageNo, page: frame.page, ranges }]);
    this.pool.markDirty(frame);
  }
}
