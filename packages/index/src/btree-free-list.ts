/**
 * BTreeFreeList: the B+tree's list of deleted pages, threaded through the pages themselves and
 * headed by the meta page (btree-page.ts, FREE PAGE). Page deletion pushes pages on it; splits
 * pop pages from it before growing the file.
 *
 * The list is persisted, not rebuilt at open: a push or pop changes the freed page (or the
 * reused one) and the meta page, and both changes go into the operation's PageChangeSet, so the
 * list moves in the same atomic WAL record as the tree change that freed or reused the page.
 * After any crash the list holds exactly the pages no tree page points to.
 *
 * One per operation, in two phases like every B+tree write: `metaFrame` and `allocate` pin
 * (planning, nothing changes yet); `release` and `finish` change pages (applying).
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { type FileId, assert } from '@rustydb/common';
import {
  FREE_PAGE_RANGE,
  META_PAGE,
  META_RANGE,
  NO_PAGE,
  freeNext,
  initFreePage,
  isFreePage,
  readMeta,
  writeMeta,
} from './btree-page.js';
import { corruptIndex } from './btree-search.js';
import type { PageChangeSet } from './page-change-set.js';

/** See the file comment. Synchronous. */
export class BTreeFreeList {
  private meta: Frame | undefined;
  private head = NO_PAGE;
  private moved = false;

  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
    private readonly changes: PageChangeSet,
  ) {}

  /**
   * The meta page, pinned once into the change set (planning).
   * @throws DbError 53200 when the pool has no free frame; XX002 when page 0 is not a meta page.
   */
  metaFrame(): Frame {
    if (this.meta === undefined) {
      const frame = this.changes.pin(this.pool, this.file, META_PAGE);
      const meta = readMeta(frame.page);
      if (meta === undefined) throw corruptIndex(this.file, META_PAGE, 'is not a B+tree meta page');
      this.meta = frame;
      this.head = meta.freeHead;
    }
    return this.meta;
  }

  /**
   * A page for a split (planning): the next free page, or a new page at the end of the file.
   * Pinned into the change set; the caller formats all of it (initNode) and logs it whole.
   * @throws DbError 53200 when the pool has no free frame; XX002 when the list is broken.
   */
  allocate(): Frame {
    // With an empty list the meta page does not change: it is not kept pinned, so a split
    // below the root needs no more buffers than it did before pages were ever freed.
    if (this.meta === undefined && this.peekHead() === NO_PAGE)
      return this.changes.add(this.pool.pinNew(this.file));
    this.metaFrame();
    if (this.head === NO_PAGE) return this.changes.add(this.pool.pinNew(this.file));
    const frame = this.changes.pin(this.pool, this.file, this.head);
    if (!isFreePage(frame.page)) throw corruptIndex(this.file, this.head, 'is on the free list but not free');
    this.head = freeNext(frame.page);
    this.moved = true;
    return frame;
  }

  /** The list's head, read from the meta page without keeping it pinned. */
  private peekHead(): number {
    const frame = this.pool.pin(this.file, META_PAGE);
    try {
      const meta = readMeta(frame.page);
      if (meta === undefined) throw corruptIndex(this.file, META_PAGE, 'is not a B+tree meta page');
      return meta.freeHead;
    } finally {
      this.pool.unpin(frame);
    }
  }

  /** Pushes the deleted page `frame` (held by the set) on the list (applying). */
  release(frame: Frame): void {
    assert(this.meta !== undefined, 'B+tree page freed without the meta page pinned');
    initFreePage(frame.page, this.head);
    this.changes.changed(frame, FREE_PAGE_RANGE);
    this.head = frame.pageNo;
    this.moved = true;
  }

  /** Writes the list's head to the meta page if it moved. Call once, after the last change. */
  finish(): void {
    if (!this.moved) return;
    const frame = this.meta!;
    const meta = readMeta(frame.page);
    assert(meta !== undefined, 'B+tree meta page lost its format');
    meta.freeHead = this.head;
    writeMeta(frame.page, meta);
    this.changes.changed(frame, META_RANGE);
    this.moved = false;
  }
}
