/**
 * SpillingHashJoinTable: the build side of a hash join bounded by `work_mem` (hybrid hash join,
 * as PostgreSQL's Hash/HashJoin with batches). It owns the hash table and the partition files;
 * the join operator keeps the matching, residual quals and outer-join bookkeeping.
 *
 * 1. Build: rows go into an in-memory table (key → row indexes). When they outgrow the budget,
 *    the table is split into `fanout` partitions by hashKey(key, seed 0): partition 0 (batch 0)
 *    stays in memory, the others are written to files, and so are later rows of those
 *    partitions. If batch 0 alone outgrows the budget again, it is written out too.
 * 2. First probe pass: `routeProbe` tells the operator to probe a row now (its partition is in
 *    memory, its key is NULL, or its partition has no build rows, so it cannot match) or saves it
 *    in the probe file of its partition.
 * 3. `nextBatch` then loads each spilled partition's build rows as the current table and replays
 *    its probe rows (`readProbe`). A partition still too big for the budget is split again with
 *    the next seed, build and probe files alike (up to `maxDepth` levels).
 *
 * Skew: a partition that does not shrink when split (one key's rows, or keys colliding under
 * every seed) is loaded whole, over budget, as PostgreSQL does when a batch cannot be split
 * (it disables batch growth). Sorting would not help: all those rows join each other.
 *
 * NULL keys: build rows whose key is NULL never match but stay (in partition 0) so RIGHT/FULL
 * joins can emit them; probe rows with a NULL key are always probed at once.
 *
 * Invariant: the current batch's `rows` and `lookup` cover exactly the build rows whose partition
 * matches the probe rows handed out with it; each build row is in exactly one batch and each
 * probe row is probed exactly once, so per-batch matched flags give correct outer joins.
 */
import { assert, type Row, type SqlType } from '@rustydb/common';
import type { HashKey } from '../row-key.js';
import { DEFAULT_WORK_MEM } from './external-sorter.js';
import { DEFAULT_FANOUT, HashPartitioner, partitionBufferSize } from './hash-partitioner.js';
import { estimateRowSize } from './row-size.js';
import { isSpillable, type SpillFile } from './spill-file.js';
import { DEFAULT_MAX_DEPTH } from './spilling-hash-aggregator.js';
import type { TempFileSet } from './temp-file-set.js';

/** Map entry and index-list overhead assumed per build row. */
const ENTRY_OVERHEAD = 48;

export interface SpillingHashJoinTableOptions {
  readonly buildTypes: readonly SqlType[];
  readonly probeTypes: readonly SqlType[];
  /** The join key of a build row, undefined when NULL. Must agree with `probeKey` on equal values. */
  readonly buildKey: (row: Row) => HashKey | undefined;
  readonly probeKey: (row: Row) => HashKey | undefined;
  /** Where partitions go; the table closes its files, the caller closes the set. */
  readonly files: TempFileSet;
  /** Memory budget in bytes (work_mem); default 4 MiB. */
  readonly workMem?: number;
  readonly fanout?: number;
  readonly maxDepth?: number;
  /**
   * Whether the operator emits unmatched build rows (RIGHT, FULL): if false, partitions without
   * probe rows are skipped. Default true.
   */
  readonly emitsUnmatchedBuild?: boolean;
  /**
   * Whether the operator emits unmatched probe rows (LEFT, FULL, anti): if false, partitions
   * without build rows are skipped. Default true.
   */
  readonly emitsUnmatchedProbe?: boolean;
}

/** What EXPLAIN ANALYZE reports (PostgreSQL: Buckets, Batches, Memory Usage). */
export interface HashJoinStats {
  /** Batches processed: 1 in memory, plus one per spilled partition loaded. */
  readonly batches: number;
  readonly peakMemoryBytes: number;
  readonly diskBytes: number;
  /** Batches loaded over budget because they could not be split (skew). */
  readonly oversizedBatches: number;
}

interface PendingBatch {
  readonly build: SpillFile | undefined;
  readonly probe: SpillFile | undefined;
  readonly memoryBytes: number;
  readonly rows: number;
  readonly depth: number;
  /** False when splitting it did not shrink it: load it whole. */
  readonly splittable: boolean;
}

export class SpillingHashJoinTable {
  private readonly o: SpillingHashJoinTableOptions;
  private readonly workMem: number;
  private readonly fanout: number;
  private readonly maxDepth: number;
  private readonly spillable: boolean;

  private current: Row[] = [];
  private table = new Map<HashKey, number[]>();
  private memory = 0;
  private build: HashPartitioner | undefined;
  private probe: HashPartitioner | undefined;
  private batchZeroInMemory = true;
  private phase: 'build' | 'probe' | 'batches' = 'build';
  private readonly pending: PendingBatch[] = [];
  private probeFile: SpillFile | undefined;

  private batches = 1;
  private peakMemory = 0;
  private diskBytes = 0;
  private oversized = 0;

  constructor(options: SpillingHashJoinTableOptions) {
    this.o = options;
    this.workMem = options.workMem ?? DEFAULT_WORK_MEM;
    this.fanout = Math.max(2, options.fanout ?? DEFAULT_FANOUT);
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.spillable = isSpillable(options.buildTypes) && isSpillable(options.probeTypes);
  }

  /** The current batch's build rows; `lookup` returns indexes into it. */
  get rows(): readonly Row[] {
    return this.current;
  }

  /** Indexes in `rows` of the build rows with `key`, or undefined. The list is not to be changed. */
  lookup(key: HashKey): readonly number[] | undefined {
    return this.table.get(key);
  }

  /**
   * Adds a build row; the table takes ownership (copy a reused row first). Synchronous; may
   * write partitions (throws 53100/58030 on I/O failure).
   */
  addBuild(row: Row): void {
    assert(this.phase === 'build', 'addBuild after finishBuild');
    const key = this.o.buildKey(row);
    if (this.build === undefined) {
      const size = estimateRowSize(row) + ENTRY_OVERHEAD;
      if (this.memory + size <= this.workMem || this.current.length === 0 || !this.spillable) {
        this.insert(row, key, size);
        return;
      }
      this.startPartitioning();
    }
    const p = this.build!.partitionOf(key);
    if (p === 0 && this.batchZeroInMemory) {
      this.insert(row, key, estimateRowSize(row) + ENTRY_OVERHEAD);
      if (this.memory > this.workMem) this.spillBatchZero();
    } else {
      this.build!.write(row, p);
    }
  }

  /** Ends the build phase; the probe phase starts. */
  finishBuild(): void {
    assert(this.phase === 'build', 'finishBuild twice');
    this.phase = 'probe';
    if (this.build) {
      this.probe = new HashPartitioner(
        this.o.files,
        this.o.probeTypes,
        this.fanout,
        0,
        partitionBufferSize(this.workMem, this.fanout),
      );
    }
  }

  /**
   * First probe pass: returns true when the operator must probe `row` now against `rows` /
   * `lookup` (`key` is `probeKey(row)`); otherwise saves a copy of the row for its batch and
   * returns false. Synchronous; throws 53100/58030 on I/O failure.
   */
  routeProbe(row: Row, key: HashKey | undefined): boolean {
    assert(this.phase === 'probe', 'routeProbe outside the probe phase');
    const build = this.build;
    if (build === undefined || key === undefined) return true;
    const p = build.partitionOf(key);
    if ((p === 0 && this.batchZeroInMemory) || build.files[p] === undefined) return true;
    this.probe!.write(row, p);
    return false;
  }

  /**
   * Ends the current batch and loads the next spilled one: its build rows become `rows`, its
   * probe rows come from `readProbe`. Returns false when no batch is left. Synchronous; throws
   * on I/O failure.
   */
  nextBatch(): boolean {
    assert(this.phase !== 'build', 'nextBatch before finishBuild');
    if (this.phase === 'probe') this.queueFirstLevel();
    this.probeFile?.close();
    this.probeFile = undefined;
    this.current = [];
    this.table = new Map();
    this.memory = 0;
    const emitsBuild = this.o.emitsUnmatchedBuild ?? true;
    const emitsProbe = this.o.emitsUnmatchedProbe ?? true;
    for (;;) {
      const b = this.pending.pop();
      if (b === undefined) return false;
      if ((b.probe === undefined && !emitsBuild) || (b.build === undefined && !emitsProbe)) {
        b.build?.close();
        b.probe?.close();
        continue;
      }
      if (b.memoryBytes > this.workMem && b.splittable && b.depth < this.maxDepth) {
        this.split(b);
        continue;
      }
      this.load(b);
      return true;
    }
  }

  /** The next saved probe row of the current batch (a fresh row the caller owns), or undefined. */
  readProbe(): Row | undefined {
    const file = this.probeFile;
    if (file === undefined) return undefined;
    const row: Row = new Array(this.o.probeTypes.length);
    return file.read(row) ? row : undefined;
  }

  /** Drops the rows and deletes every partition file; idempotent. Synchronous. */
  close(): void {
    this.current = [];
    this.table = new Map();
    this.build?.close();
    this.probe?.close();
    this.probeFile?.close();
    for (const b of this.pending.splice(0)) {
      b.build?.close();
      b.probe?.close();
    }
  }

  get stats(): HashJoinStats {
    return {
      batches: this.batches,
      peakMemoryBytes: this.peakMemory,
      diskBytes: this.diskBytes,
      oversizedBatches: this.oversized,
    };
  }

  private insert(row: Row, key: HashKey | undefined, size: number): void {
    const i = this.current.length;
    this.current.push(row);
    this.memory += size;
    if (this.memory > this.peakMemory) this.peakMemory = this.memory;
    if (key === undefined) return;
    const list = this.table.get(key);
    if (list) list.push(i);
    else this.table.set(key, [i]);
  }

  /** The build side outgrew the budget: keep partition 0 in memory, write the others. */
  private startPartitioning(): void {
    this.build = new HashPartitioner(
      this.o.files,
      this.o.buildTypes,
      this.fanout,
      0,
      partitionBufferSize(this.workMem, this.fanout),
    );
    const rows = this.current;
    this.current = [];
    this.table = new Map();
    this.memory = 0;
    for (const row of rows) {
      const key = this.o.buildKey(row);
      const p = this.build.partitionOf(key);
      if (p === 0) this.insert(row, key, estimateRowSize(row) + ENTRY_OVERHEAD);
      else this.build.write(row, p);
    }
    if (this.memory > this.workMem) this.spillBatchZero();
  }

  /** Batch 0 alone outgrew the budget: write it out as well (then nothing is probed at once). */
  private spillBatchZero(): void {
    this.batchZeroInMemory = false;
    for (const row of this.current) this.build!.write(row, 0);
    this.current = [];
    this.table = new Map();
    this.memory = 0;
  }

  /** After the first probe pass: queue every spilled partition as a batch. */
  private queueFirstLevel(): void {
    this.phase = 'batches';
    const build = this.build;
    const probe = this.probe;
    this.build = undefined;
    this.probe = undefined;
    if (build === undefined || probe === undefined) return;
    this.diskBytes += build.bytesWritten + probe.bytesWritten;
    for (let p = build.fanout - 1; p >= 0; p--) {
      if (build.files[p] === undefined && probe.files[p] === undefined) continue;
      this.pending.push({
        build: build.files[p],
        probe: probe.files[p],
        memoryBytes: build.memoryBytes[p] + ENTRY_OVERHEAD * build.rowCounts[p],
        rows: build.rowCounts[p],
        depth: 1,
        splittable: true,
      });
    }
  }

  /** Splits a batch in `fanout` sub-batches with the next seed, build and probe rows alike. */
  private split(b: PendingBatch): void {
    const bufferSize = partitionBufferSize(this.workMem, this.fanout);
    const build = new HashPartitioner(this.o.files, this.o.buildTypes, this.fanout, b.depth, bufferSize);
    const probe = new HashPartitioner(this.o.files, this.o.probeTypes, this.fanout, b.depth, bufferSize);
    try {
      this.repartition(b.build, this.o.buildTypes.length, this.o.buildKey, build);
      this.repartition(b.probe, this.o.probeTypes.length, this.o.probeKey, probe);
    } catch (err) {
      build.close();
      probe.close();
      throw err;
    }
    this.diskBytes += build.bytesWritten + probe.bytesWritten;
    for (let p = this.fanout - 1; p >= 0; p--) {
      if (build.files[p] === undefined && probe.files[p] === undefined) continue;
      this.pending.push({
        build: build.files[p],
        probe: probe.files[p],
        memoryBytes: build.memoryBytes[p] + ENTRY_OVERHEAD * build.rowCounts[p],
        rows: build.rowCounts[p],
        depth: b.depth + 1,
        // Every row landed in one sub-batch: the same key (or colliding keys), split no more.
        splittable: build.rowCounts[p] < b.rows,
      });
    }
  }

  private repartition(
    file: SpillFile | undefined,
    width: number,
    keyOf: (row: Row) => HashKey | undefined,
    into: HashPartitioner,
  ): void {
    if (file === undefined) return;
    try {
      const row: Row = new Array(width);
      file.rewind();
      while (file.read(row)) into.write(row, into.partitionOf(keyOf(row)));
    } finally {
      file.close();
    }
  }

  private load(b: PendingBatch): void {
    this.batches++;
    if (b.memoryBytes > this.workMem) this.oversized++;
    const file = b.build;
    if (file) {
      try {
        file.rewind();
        const width = this.o.buildTypes.length;
        for (let row: Row = new Array(width); file.read(row); row = new Array(width)) {
          this.insert(row, this.o.buildKey(row), estimateRowSize(row) + ENTRY_OVERHEAD);
        }
      } finally {
        file.close();
      }
    }
    this.probeFile = b.probe;
    b.probe?.rewind();
  }
}
