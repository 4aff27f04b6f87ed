/**
 * HeapCursor: a sequential scan of a heap file, one pinned page at a time. It keeps the current
 * page pinned while it returns that page's tuples (their data are views into it), unpins when it
 * moves to the next page, and unpins on close.
 *
 * The scan covers the pages the file had when it started (PostgreSQL's rs_nblocks): tuples an
 * insert puts on later pages during the scan are not returned, those put on already-counted
 * pages are.
 *
 * VACUUM may compact the pinned page between two `next()` calls (it keeps slot numbers and the
 * cursor reads the line pointers anew on every call), which is why a returned version's `data`
 * is valid only until the next call.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import type { FileId } from '@rustydb/common';
import type { TupleCursor, TupleVersion } from '../table-store.js';
import { heapSlotCount, readHeapTuple } from './heap-page.js';

/** A TupleCursor over a heap file. Always close it: it may hold a pin. */
export class HeapCursor implements TupleCursor {
  private readonly pages: number;
  private pageNo = -1;
  private slot = 0;
  private frame: Frame | undefined;

  /** `onClose` runs once, at the first `close()` (the store counts its open scans). */
  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
    private onClose?: () => void,
  ) {
    this.pages = pool.pageCount(file);
  }

  /** The next version, or undefined at the end. `data` is a view into the pinned page. */
  next(): TupleVersion | undefined {
    for (;;) {
      if (this.frame !== undefined) {
        const page = this.frame.page;
        const slots = heapSlotCount(page);
        while (this.slot < slots) {
          this.slot++;
          const tuple = readHeapTuple(page, this.pageNo, this.slot, false);
          if (tuple !== undefined) return tuple;
        }
        this.pool.unpin(this.frame);
        this.frame = undefined;
      }
      if (this.pageNo + 1 >= this.pages) return undefined;
      this.pageNo++;
      this.slot = 0;
      this.frame = this.pool.pin(this.file, this.pageNo);
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
