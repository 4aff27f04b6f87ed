/**
 * RunMerger: the k-way merge of sorted runs (SpillFiles), a binary min-heap over the runs' head
 * rows. Ties go to the lower run index, so merging runs written in input order keeps equal rows
 * in input order (the sort stays stable across runs).
 */
import type { Row } from '@rustydb/common';
import type { RowComparator } from './row-comparator.js';
import type { SpillFile } from './spill-file.js';

export class RunMerger {
  /** The current head row of each run (undefined once it is exhausted). */
  private readonly heads: (Row | undefined)[];
  /** Run indexes, a min-heap by (head row, run index). */
  private readonly heap: number[] = [];

  /**
   * Rewinds every run (with read buffers of `readBufferSize` bytes) and reads its first row.
   * The runs stay owned by the caller, who closes them. Synchronous.
   */
  constructor(
    private readonly runs: readonly SpillFile[],
    private readonly width: number,
    private readonly compare: RowComparator,
    readBufferSize: number,
  ) {
    this.heads = runs.map((run) => {
      run.rewind(readBufferSize);
      const row: Row = new Array(width);
      return run.read(row) ? row : undefined;
    });
    for (let i = 0; i < runs.length; i++) if (this.heads[i]) this.heap.push(i);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The next row in order (a fresh row the caller owns), or undefined at the end. */
  next(): Row | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const out = this.heads[top];
    const row: Row = new Array(this.width);
    if (this.runs[top].read(row)) {
      this.heads[top] = row;
    } else {
      this.heads[top] = undefined;
      const last = heap.pop()!;
      if (heap.length === 0) return out;
      heap[0] = last;
    }
    this.siftDown(0);
    return out;
  }

  private less(i: number, j: number): boolean {
    const c = this.compare(this.heads[i]!, this.heads[j]!);
    return c < 0 || (c === 0 && i < j);
  }

  private siftDown(at: number): void {
    const heap = this.heap;
    const n = heap.length;
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(heap[r], heap[l]) ? r : l;
      if (!this.less(heap[m], heap[i])) return;
      const t = heap[i];
      heap[i] = heap[m];
      heap[m] = t;
      i = m;
    }
  }
}
