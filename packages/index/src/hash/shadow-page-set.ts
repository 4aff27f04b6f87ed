/**
 * ShadowPageSet: the pages of one operation that may change more pages than the buffer pool
 * can pin at once (a hash bucket split: every page of a long overflow chain that loses
 * entries). The operation edits private copies of the pages, then `commit` logs them all as ONE
 * 'pages' record (`logPageChanges`, atomic for redo) and only then copies each into the pool,
 * pinning one page at a time.
 *
 * Compared with PageChangeSet (which edits pinned frames in place): at most one frame is pinned
 * at any time, at the cost of a private 8 KiB copy per page. Nothing in the pool changes before
 * the record is logged, so a failure before `commit` (53200 while reading, a corrupt page)
 * leaves the index as it was.
 *
 * NB: `commit` writes each copy with `pinForOverwrite`, which reads nothing from the device and
 * so cannot fail on a bad page; it needs one unpinned frame, which the reads before had.
 */
import type { BufferPool } from '@rustydb/buffer';
import { type FileId, INVALID_TXN_ID, type Lsn, PAGE_SIZE } from '@rustydb/common';
import { type Wal, logPageChanges } from '@rustydb/wal';
import { mergeRanges } from '../page-change-set.js';

/** See the file comment. Synchronous; one per operation. */
export class ShadowPageSet {
  private readonly pageNos: number[] = [];
  private readonly copies: Uint8Array[] = [];
  private readonly ranges: number[][] = [];

  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
  ) {}

  /**
   * A private copy of page `pageNo` (the same copy when asked again), pinned only while copied.
   * @throws DbError 53200 when no frame is free, XX001 when the page fails its checksum.
   */
  read(pageNo: number): Uint8Array {
    const i = this.pageNos.indexOf(pageNo);
    if (i >= 0) return this.copies[i]!;
    const frame = this.pool.pin(this.file, pageNo);
    const copy = frame.page.slice();
    this.pool.unpin(frame);
    return this.add(pageNo, copy);
  }

  /**
   * A zeroed private copy of a new page appended to the file. The page number is taken now (the
   * pool's zeroed page stays unused if the operation fails). @throws DbError 53200.
   */
  append(): { readonly pageNo: number; readonly page: Uint8Array } {
    const frame = this.pool.pinNew(this.file);
    const pageNo = frame.pageNo;
    this.pool.unpin(frame);
    return { pageNo, page: this.add(pageNo, new Uint8Array(PAGE_SIZE)) };
  }

  /** Records that the copy `page` (from `read` or `append`) changed at `ranges`. */
  changed(page: Uint8Array, ranges: readonly number[]): void {
    const list = this.ranges[this.copies.indexOf(page)]!;
    for (const r of ranges) list.push(r);
  }

  /** Logs every change as one record (xid 0), then installs the copies in the pool. */
  commit(wal: Wal): Lsn {
    const changes = [];
    for (let i = 0; i < this.copies.length; i++) {
      const ranges = mergeRanges(this.ranges[i]!);
      if (ranges.length > 0)
        changes.push({ file: this.file, pageNo: this.pageNos[i]!, page: this.copies[i]!, ranges });
    }
    const lsn = logPageChanges(wal, INVALID_TXN_ID, changes);
    for (const c of changes) {
      const frame = this.pool.pinForOverwrite(this.file, c.pageNo);
      frame.page.set(c.page);
      this.pool.markDirty(frame);
      this.pool.unpin(frame);
    }
    return lsn;
  }

  private add(pageNo: number, copy: Uint8Array): Uint8Array {
    this.pageNos.push(pageNo);
    this.copies.push(copy);
    this.ranges.push([]);
    return copy;
  }
}
