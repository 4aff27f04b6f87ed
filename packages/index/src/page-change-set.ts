/**
 * PageChangeSet: the pages one index operation changed, logged as ONE WAL record when the
 * operation ends. A B+tree split changes up to 2 * height + 2 pages; logging them together
 * makes the split atomic for redo: either every page of it is replayed or none is.
 *
 * Protocol: pin a page, `add` it (the set now owns that pin), change its bytes, note the byte
 * ranges it changed; then `commit` (log, mark dirty, unpin) or, if nothing was changed yet,
 * `release` (unpin only).
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import { type FileId, INVALID_TXN_ID, type Lsn, PAGE_KIND_OFFSET, PAGE_SIZE } from '@rustydb/common';
import { type Wal, logPageChanges } from '@rustydb/wal';

/** Every byte a WAL page change may cover: the whole page after the LSN and checksum. */
export const WHOLE_PAGE: readonly number[] = [PAGE_KIND_OFFSET, PAGE_SIZE - PAGE_KIND_OFFSET];

/** See the file comment. Synchronous; one per operation. */
export class PageChangeSet {
  private readonly frames: Frame[] = [];
  private readonly ranges: number[][] = [];

  /** Takes over one pin of `frame` (no-op when the set already holds it). Returns the frame. */
  add(frame: Frame): Frame {
    if (!this.frames.includes(frame)) {
      this.frames.push(frame);
      this.ranges.push([]);
    }
    return frame;
  }

  /**
   * The set's frame for page `pageNo` of `file`, pinning and adding it when the set does not hold
   * it yet: a page reached twice (a sibling that is also a parent's child) is pinned once.
   * @throws DbError 53200 when the pool has no free frame.
   */
  pin(pool: BufferPool, file: FileId, pageNo: number): Frame {
    for (const f of this.frames) if (f.pageNo === pageNo && f.file === file) return f;
    return this.add(pool.pin(file, pageNo));
  }

  /** Records that `frame` (added before) changed at `ranges` ([offset, length, …]). */
  changed(frame: Frame, ranges: readonly number[]): void {
    const i = this.frames.indexOf(frame);
    const list = this.ranges[i]!;
    for (const r of ranges) list.push(r);
  }

  /** Logs every change as one record (xid 0: index changes are not transactional), marks the
   *  pages dirty and unpins them. Returns the record's LSN. `deferrable`: may join a WAL page
   *  batch (logPageChanges; then the LSN returned is the insert LSN at the time). */
  commit(pool: BufferPool, wal: Wal, deferrable = false): Lsn {
    const changes = [];
    for (let i = 0; i < this.frames.length; i++) {
      const f = this.frames[i]!;
      const ranges = mergeRanges(this.ranges[i]!);
      if (ranges.length > 0) changes.push({ file: f.file, pageNo: f.pageNo, page: f.page, ranges });
    }
    try {
      const lsn = logPageChanges(wal, INVALID_TXN_ID, changes, deferrable);
      // Dirty only once logged: an unlogged change must never reach the disk (the WAL rule).
      // A page pinned only to be looked at (a merge that did not fit) stays clean.
      for (let i = 0; i < this.frames.length; i++) {
        if (this.ranges[i]!.length > 0) pool.markDirty(this.frames[i]!);
      }
      return lsn;
    } finally {
      this.release(pool);
    }
  }

  /** Unpins every page without logging: only valid before any of them changed. */
  release(pool: BufferPool): void {
    for (const f of this.frames) pool.unpin(f);
    this.frames.length = 0;
    this.ranges.length = 0;
  }
}

/** Sorts [offset, length, …] ranges and merges the overlapping or touching ones. */
export function mergeRanges(ranges: readonly number[]): number[] {
  // Most operations note a few ranges already in order and apart: keep them as they are.
  let ordered = true;
  for (let i = 0, end = -1; i < ranges.length && ordered; i += 2) {
    ordered = ranges[i + 1]! > 0 && ranges[i]! > end;
    end = ranges[i]! + ranges[i + 1]!;
  }
  if (ordered) return ranges.slice();
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i + 1]! > 0) pairs.push([ranges[i]!, ranges[i]! + ranges[i + 1]!]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let start = -1;
  let end = -1;
  for (const [s, e] of pairs) {
    if (s <= end) {
      if (e > end) end = e;
      continue;
    }
    if (start >= 0) out.push(start, end - start);
    start = s;
    end = e;
  }
  if (start >= 0) out.push(start, end - start);
  return out;
}
