/**
 * ExternalSorter: a sort bounded by `work_mem`, PostgreSQL's tuplesort in miniature.
 *
 * - In memory while the rows fit the budget (estimateRowSize): one stable sort at the end
 *   (EXPLAIN: `Sort Method: quicksort`, PostgreSQL's name for its in-memory sort).
 * - Past the budget, the buffered rows are sorted and written as a run (a SpillFile); the last
 *   run is written at `finish`. The runs are then merged k ways (RunMerger); while there are more
 *   runs than `fanIn`, groups of `fanIn` consecutive runs are first merged into longer runs
 *   (a multi-pass merge). EXPLAIN: `Sort Method: external merge  Disk: NkB`.
 * - With a limit (ORDER BY … LIMIT n), a bounded max-heap keeps the n first rows
 *   (`top-N heapsort`) without spilling; if even those exceed the budget the sorter switches to
 *   the external method, writing at most `limit` rows per run.
 *
 * The sort is stable: runs hold consecutive input rows, each is sorted stably, and the merge
 * breaks ties by run index. PostgreSQL's sort is not stable; stability makes results
 * deterministic, which tests rely on.
 *
 * Memory: besides the buffered rows, a merge holds one read buffer per run
 * (`work_mem / runs`, between 16 KiB and 256 KiB) and one head row per run.
 */
import { assert, emptyArray, type Row, type SqlType } from '@rustydb/common';
import { BATCH_SIZE } from '../operator.js';
import type { RowComparator } from './row-comparator.js';
import { estimateRowSize } from './row-size.js';
import { RunMerger } from './run-merger.js';
import { isSpillable, type SpillFile } from './spill-file.js';
import type { TempFileSet } from './temp-file-set.js';

/** PostgreSQL's default work_mem: 4 MiB. */
export const DEFAULT_WORK_MEM = 4 * 1024 * 1024;
/** Runs merged at once; more runs take several merge passes. */
export const DEFAULT_MERGE_FAN_IN = 64;

const MIN_READ_BUFFER = 16 * 1024;
const MAX_READ_BUFFER = 256 * 1024;

export type SortMethod = 'quicksort' | 'top-N heapsort' | 'external merge';

/** What EXPLAIN ANALYZE reports about a sort. */
export interface SortStats {
  readonly method: SortMethod;
  /** Peak estimated bytes of rows held in memory. */
  readonly peakMemoryBytes: number;
  /** Bytes written to temporary files, merge passes included. */
  readonly diskBytes: number;
  /** Runs written before merging (0 in memory). */
  readonly runs: number;
  /** Intermediate merge passes (0 when the runs were merged at once). */
  readonly mergePasses: number;
}

export interface ExternalSorterOptions {
  /** Column types of the rows (to write runs). */
  readonly types: readonly SqlType[];
  readonly compare: RowComparator;
  /** Where runs go; the sorter closes the files it creates, the caller closes the set. */
  readonly files: TempFileSet;
  /** Memory budget in bytes (work_mem); default 4 MiB. */
  readonly workMem?: number;
  /** Only the first `limit` rows are wanted (top-N); default all. */
  readonly limit?: number;
  /** Runs merged at once; default 64, at least 2. */
  readonly fanIn?: number;
}

export class ExternalSorter {
  private readonly types: readonly SqlType[];
  private readonly compare: RowComparator;
  private readonly files: TempFileSet;
  private readonly workMem: number;
  private readonly limit: number;
  private readonly fanIn: number;
  private readonly spillable: boolean;

  /** Buffered rows; in top-N mode a max-heap by (row, seq). */
  private rows: Row[] = [];
  /** Top-N mode: each heap row's input position, to keep stability. */
  private seqs: number[] = [];
  private bounded: boolean;
  private nextSeq = 0;
  private memory = 0;
  private peakMemory = 0;
  private runs: SpillFile[] = [];
  private runsWritten = 0;
  private passes = 0;
  private diskBytes = 0;
  private method: SortMethod = 'quicksort';

  private finished = false;
  private merger: RunMerger | undefined;
  private pos = 0;
  private emitted = 0;
  private readonly batch: Row[] = [];

  constructor(options: ExternalSorterOptions) {
    this.types = options.types;
    this.compare = options.compare;
    this.files = options.files;
    this.workMem = options.workMem ?? DEFAULT_WORK_MEM;
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.fanIn = Math.max(2, options.fanIn ?? DEFAULT_MERGE_FAN_IN);
    this.spillable = isSpillable(this.types);
    this.bounded = Number.isFinite(this.limit);
    assert(this.limit >= 0, 'negative sort limit');
  }

  /**
   * Adds one row; the sorter takes ownership (copy a reused row first). Synchronous; may write a
   * run (throws 53100/58030 on I/O failure, 0A000 for a value without a storage format).
   */
  add(row: Row): void {
    assert(!this.finished, 'ExternalSorter.add after finish');
    if (this.bounded) {
      this.addBounded(row);
      return;
    }
    const size = estimateRowSize(row);
    if (this.memory + size > this.workMem && this.rows.length > 0 && this.spillable) this.writeRun();
    this.rows.push(row);
    this.memory += size;
    if (this.memory > this.peakMemory) this.peakMemory = this.memory;
  }

  /** Adds a batch of rows, copying each (batches and their rows are reused by operators). */
  addBatch(batch: readonly Row[]): void {
    for (let i = 0; i < batch.length; i++) this.add(batch[i].slice());
  }

  /** Ends input: sorts in memory, or writes the last run and prepares the merge. Synchronous. */
  finish(): void {
    assert(!this.finished, 'ExternalSorter.finish twice');
    this.finished = true;
    if (this.bounded) {
      this.method = 'top-N heapsort';
      const order = this.seqOrder();
      order.sort((i, j) => this.compare(this.rows[i], this.rows[j]) || this.seqs[i] - this.seqs[j]);
      this.rows = order.map((i) => this.rows[i]);
      this.seqs = [];
      return;
    }
    if (this.runs.length === 0) {
      this.rows.sort(this.compare);
      return;
    }
    this.method = 'external merge';
    if (this.rows.length > 0) this.writeRun();
    while (this.runs.length > this.fanIn) this.mergePass();
    this.merger = new RunMerger(
      this.runs,
      this.types.length,
      this.compare,
      this.readBufferSize(this.runs.length),
    );
  }

  /**
   * The next batch of sorted rows (at most BATCH_SIZE), or undefined at the end. The batch array
   * is reused; its rows belong to the caller. Synchronous; throws on I/O failure.
   */
  next(): Row[] | undefined {
    assert(this.finished, 'ExternalSorter.next before finish');
    const batch = this.batch;
    emptyArray(batch);
    const merger = this.merger;
    while (batch.length < BATCH_SIZE && this.emitted < this.limit) {
      const row = merger ? merger.next() : this.rows[this.pos++];
      if (row === undefined) break;
      batch.push(row);
      this.emitted++;
    }
    return batch.length > 0 ? batch : undefined;
  }

  /**
   * Restarts the output from the first row (rescans: a Sort under a nested loop). The runs are
   * kept until close, so an external sort merges them again. Synchronous.
   */
  rewind(): void {
    assert(this.finished, 'ExternalSorter.rewind before finish');
    this.pos = 0;
    this.emitted = 0;
    if (this.merger) {
      this.merger = new RunMerger(
        this.runs,
        this.types.length,
        this.compare,
        this.readBufferSize(this.runs.length),
      );
    }
  }

  /** Releases the rows and deletes the runs; idempotent. Synchronous. */
  close(): void {
    this.rows = [];
    this.seqs = [];
    this.merger = undefined;
    const runs = this.runs;
    this.runs = [];
    for (const run of runs) run.close();
  }

  get stats(): SortStats {
    return {
      method: this.method,
      peakMemoryBytes: this.peakMemory,
      diskBytes: this.diskBytes,
      runs: this.runsWritten,
      mergePasses: this.passes,
    };
  }

  /** Sorts the buffered rows and writes them (at most `limit`) as a new run. */
  private writeRun(): void {
    this.rows.sort(this.compare);
    const run = this.files.create(this.types);
    this.runs.push(run);
    const n = Math.min(this.rows.length, this.limit);
    for (let i = 0; i < n; i++) run.write(this.rows[i]);
    this.diskBytes += run.bytesWritten;
    this.runsWritten++;
    this.rows = [];
    this.memory = 0;
  }

  /** Merges groups of `fanIn` consecutive runs into one run each, in order (keeps stability). */
  private mergePass(): void {
    const merged: SpillFile[] = [];
    for (let start = 0; start < this.runs.length; start += this.fanIn) {
      const group = this.runs.slice(start, start + this.fanIn);
      if (group.length === 1) {
        merged.push(group[0]);
        continue;
      }
      const out = this.files.create(this.types);
      merged.push(out);
      const merger = new RunMerger(group, this.types.length, this.compare, this.readBufferSize(group.length));
      let n = 0;
      for (let row = merger.next(); row !== undefined && n < this.limit; row = merger.next(), n++)
        out.write(row);
      this.diskBytes += out.bytesWritten;
      for (const run of group) run.close();
    }
    // NB: if this pass fails half-way, its outputs are only in the TempFileSet, whose close
    // removes them.
    this.runs = merged;
    this.passes++;
  }

  private readBufferSize(runs: number): number {
    return Math.max(MIN_READ_BUFFER, Math.min(MAX_READ_BUFFER, Math.floor(this.workMem / runs)));
  }

  /** Top-N: keeps the `limit` first rows in a max-heap by (row, input position). */
  private addBounded(row: Row): void {
    const seq = this.nextSeq++;
    if (this.limit === 0) return;
    const heap = this.rows;
    const size = estimateRowSize(row);
    if (heap.length < this.limit) {
      heap.push(row);
      this.seqs.push(seq);
      this.memory += size;
      this.siftUp(heap.length - 1);
    } else {
      // A later row never displaces an equal one: ties keep the earlier input row.
      if (this.compare(row, heap[0]) >= 0) return;
      this.memory += size - estimateRowSize(heap[0]);
      heap[0] = row;
      this.seqs[0] = seq;
      this.siftDown(0);
    }
    if (this.memory > this.peakMemory) this.peakMemory = this.memory;
    if (this.memory > this.workMem && this.spillable) this.leaveBounded();
  }

  /**
   * The heap outgrew the budget: continue as an external sort with the heap's rows, put back in
   * input order so the runs stay stable.
   */
  private leaveBounded(): void {
    const order = this.seqOrder();
    order.sort((i, j) => this.seqs[i] - this.seqs[j]);
    this.rows = order.map((i) => this.rows[i]);
    this.seqs = [];
    this.bounded = false;
    this.writeRun();
  }

  private seqOrder(): number[] {
    return Array.from({ length: this.rows.length }, (_, i) => i);
  }

  /** Max-heap order: a is above b when it sorts after b (ties: the later input row). */
  private above(a: number, b: number): boolean {
    const c = this.compare(this.rows[a], this.rows[b]);
    return c > 0 || (c === 0 && this.seqs[a] > this.seqs[b]);
  }

  private swap(a: number, b: number): void {
    const rows = this.rows;
    const seqs = this.seqs;
    const r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
    const s = seqs[a];
    seqs[a] = seqs[b];
    seqs[b] = s;
  }

  private siftUp(at: number): void {
    let i = at;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) return;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(at: number): void {
    const n = this.rows.length;
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.above(r, l) ? r : l;
      if (!this.above(m, i)) return;
      this.swap(i, m);
      i = m;
    }
  }
}
