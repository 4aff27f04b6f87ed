/**
 * HeapCursor: a sequential scan of a heap file, one pinned page at a time. It keeps the current
 * page pinned while it returns that page's tuples (their data are views into it), unpins when it
 * moves to the next page, and unpins on close.
 *
 * The scan covers the pages the file had when it started (PostgreSQL's rs_nblocks): tuples an
 * insert puts on later pages during the scan are not returned, those put on already-counted
 * pages are.
 *
 * Given `isDead` (dead to every snapshot), the cursor leaves out the deleted versions it calls
 * dead, tested on their header read into one reused object: a dead version costs no
 * TupleVersion, tid or data view. (A table with a few hot rows holds many: their HOT chains between two prunes,
 * and every version left behind while a long transaction held the vacuum horizon.)
 *
 * VACUUM may compact the pinned page between two `next()` calls (it keeps slot numbers and the
 * cursor reads the line pointers anew on every call), which is why a returned version's `data`
 * is valid only until the next call.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { type FileId, INVALID_TXN_ID, type Tid } from '@rustydb/common';
import type { TupleCursor, TupleHeader, TupleVersion } from '../table-store.js';
import {
  heapSlotCount,
  heapTupleOffset,
  heapTupleXmax,
  type MutableTupleHeader,
  readHeapHeader,
  readHeapTupleAt,
} from './heap-page.js';

/** A TupleCursor over a heap file. Always close it: it may hold a pin. */
export class HeapCursor implements TupleCursor {
  private readonly pages: number;
  private pageNo = -1;
  private slot = 0;
  /** The slot before the first one to read on the next page pinned (`after`'s, then 0). */
  private firstSlot = 0;
  private frame: Frame | undefined;
  /** Where each version's header is read for `isDead` (only with `isDead`). */
  private readonly header: MutableTupleHeader | undefined;

  /** `onClose` runs once, at the first `close()` (the store counts its open scans). */
  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
    private onClose?: () => void,
    private readonly isDead?: (v: TupleHeader) => boolean,
    after?: Tid,
  ) {
    this.pages = pool.pageCount(file);
    if (after !== undefined) {
      this.pageNo = after.page - 1;
      this.firstSlot = after.slot;
    }
    if (isDead !== undefined)
      this.header = { xmin: 0, xmax: 0, cmin: 0, cmax: 0, flags: 0 } as MutableTupleHeader;
  }

  /** The next version, or undefined at the end. `data` is a view into the pinned page. */
  next(): TupleVersion | undefined {
    for (;;) {
      if (this.frame !== undefined) {
        const page = this.frame.page;
        const slots = heapSlotCount(page);
        const isDead = this.isDead;
        const header = this.header;
        while (this.slot < slots) {
          this.slot++;
          const offset = heapTupleOffset(page, this.slot);
          if (offset === 0) continue;
          // Only a deleted version is asked about: one nobody deleted is dead only when its
          // inserter aborted (rare; the caller's visibility test rejects it), and a live row
          // then costs the scan one more header field read.
          if (header !== undefined && heapTupleXmax(page, offset) !== INVALID_TXN_ID) {
            readHeapHeader(page, offset, header);
            if (isDead!(header)) continue;
          }
          return readHeapTupleAt(page, this.pageNo, this.slot, offset, false);
        }
        this.pool.unpin(this.frame);
        this.frame = undefined;
      }
      if (this.pageNo + 1 >= this.pages) return undefined;
      this.pageNo++;
      this.slot = this.firstSlot;
      this.firstSlot = 0;
      this.frame = this.pool.pin(this.file, this.pageNo, true);
    }
  }

  /** Releases the pin. Idempotent. */
  close(): void {
    if (this.frame !== undefined) this.pool.unpin(this.frame);
    this.frame = undefined;
    this.pageNo = this.pages;
    const onClose = this.onClose;
    this.onClose = undefined;
    onClose?.();
  }
}
