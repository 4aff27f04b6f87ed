/**
 * HeapFetcher: fetches heap versions by tid without copying their data — `data` is a view into
 * the version's page, which stays pinned until `release()` or the next `fetch`. For a scan that
 * decodes each version before moving on (the executor's index scan), this saves the copy
 * `HeapStore.fetch` makes of every tuple.
 *
 * OWNERSHIP: one fetcher per scan, never shared; the view is valid only while its page is
 * pinned (until `release()` / the next `fetch`). Call `release()` when the scan ends, on the
 * error path too, or the page stays pinned.
 */
import type { BufferPool, Frame } from '@rustydb/buffer';
import type { FileId, Tid } from '@rustydb/common';
import type { TupleFetcher, TupleVersion } from '../table-store.js';
import { heapRedirectTarget, readHeapTuple } from './heap-page.js';

export class HeapFetcher implements TupleFetcher {
  #frame: Frame | undefined;

  constructor(
    private readonly pool: BufferPool,
    private readonly file: FileId,
  ) {}

  /** The version at `tid` (a view into its pinned page), or undefined. Synchronous. */
  fetch(tid: Tid): TupleVersion | undefined {
    this.release();
    if (tid.page < 0 || tid.page >= this.pool.pageCount(this.file)) return undefined;
    const frame = this.pool.pin(this.file, tid.page);
    this.#frame = frame;
    // An index entry may name a pruned chain's root, now a redirect to its first survivor.
    const target = heapRedirectTarget(frame.page, tid.slot);
    return readHeapTuple(frame.page, tid.page, target === 0 ? tid.slot : target, false);
  }

  /** Unpins the last fetched version's page. Idempotent; synchronous. */
  release(): void {
    const frame = this.#frame;
    if (frame === undefined) return;
    this.#frame = undefined;
    this.pool.unpin(frame);
  }
}
