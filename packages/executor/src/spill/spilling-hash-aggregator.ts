/**
 * SpillingHashAggregator: hash aggregation bounded by `work_mem`, as PostgreSQL 13+'s HashAgg.
 *
 * Groups live in a Map (group key → state) while their estimated size fits the budget. Once it
 * is full, no group is created any more: rows of groups already in the table keep advancing
 * them, and rows of any other group are written, as input rows, to one of `fanout` partition
 * files by the hash of their key. After the input ends, the table's groups are complete and
 * returned; then each partition is aggregated the same way from its file, with the next hash
 * seed, so a partition that is still too big spills into sub-partitions (recursively).
 *
 * Design choice: input rows are spilled, not aggregate states. States need no serialization
 * (count/sum/avg/min/max, string_agg, DISTINCT sets and any future aggregate work unchanged),
 * and a group is never split between memory and disk. The cost: a spilled group's rows are
 * written and read once per level instead of one state per group.
 *
 * Progress and skew: every pass completes at least one group (a table always accepts its first
 * group), so aggregation ends even when nothing fits; one huge group is simply a group in memory
 * whose rows never spill. Past `maxDepth` levels (hash keys that keep colliding cannot be split
 * by re-hashing), partitions stop splitting: the overflow goes to a single file and each pass
 * completes the groups that fit the budget, so memory stays bounded (more I/O, no sorting).
 *
 * Memory accounting is an estimate: `groupBytes(row)` per new group (default: the first row's
 * estimated size plus per-group overhead); states that grow afterwards (string_agg, DISTINCT)
 * are not tracked, as in PostgreSQL before it measures its memory contexts.
 */
import { assert, type Row, type SqlType } from '@rustydb/common';
import type { HashKey } from '../row-key.js';
import { DEFAULT_WORK_MEM } from './external-sorter.js';
import { DEFAULT_FANOUT, HashPartitioner, partitionBufferSize } from './hash-partitioner.js';
import { estimateRowSize } from './row-size.js';
import { isSpillable, type SpillFile } from './spill-file.js';
import type { TempFileSet } from './temp-file-set.js';

/** Default number of re-partitioning levels before partitions stop splitting. */
export const DEFAULT_MAX_DEPTH = 4;

/** Map entry, key and state overhead assumed per group. */
const GROUP_OVERHEAD = 96;

/** How the aggregate operator builds groups. Rows are only valid during the call: copy to keep. */
export interface GroupCallbacks<S> {
  /** The group key of an input row: rows with equal keys belong to one group. */
  key(row: Row): HashKey;
  /** A new group's state (never undefined), created from its first row before `advance`. */
  init(row: Row): S;
  /** Feeds a row to its group's state. */
  advance(state: S, row: Row): void;
}

export interface SpillingHashAggregatorOptions<S> {
  /** Column types of the input rows (spilled as they are). */
  readonly types: readonly SqlType[];
  readonly callbacks: GroupCallbacks<S>;
  /** Where partitions go; the aggregator closes its files, the caller closes the set. */
  readonly files: TempFileSet;
  /** Memory budget in bytes (work_mem); default 4 MiB. */
  readonly workMem?: number;
  /** Estimated bytes of a new group; default GROUP_OVERHEAD + estimateRowSize(first row). */
  readonly groupBytes?: (row: Row) => number;
  /** Partitions per spill; default 32. */
  readonly fanout?: number;
  /** Levels of re-partitioning with new seeds; default 4. */
  readonly maxDepth?: number;
}

/** What EXPLAIN ANALYZE reports about a hash aggregation (PostgreSQL: Batches, Memory Usage, Disk Usage). */
export interface HashAggStats {
  /** Passes over a table: 1 in memory, plus one per partition processed. */
  readonly batches: number;
  readonly peakMemoryBytes: number;
  readonly diskBytes: number;
  /** Deepest partitioning level reached (0: no spill). */
  readonly depth: number;
}

interface PendingPartition {
  readonly file: SpillFile;
  readonly depth: number;
}

export class SpillingHashAggregator<S> {
  private readonly cb: GroupCallbacks<S>;
  private readonly types: readonly SqlType[];
  private readonly files: TempFileSet;
  private readonly workMem: number;
  private readonly groupBytes: (row: Row) => number;
  private readonly fanout: number;
  private readonly maxDepth: number;
  private readonly spillable: boolean;

  private table = new Map<HashKey, S>();
  private memory = 0;
  private depth = 0;
  private spill: HashPartitioner | undefined;
  private readonly pending: PendingPartition[] = [];
  private groups: Iterator<S> | undefined;
  private readonly scratch: Row;

  private batches = 1;
  private peakMemory = 0;
  private diskBytes = 0;
  private maxDepthSeen = 0;

  constructor(options: SpillingHashAggregatorOptions<S>) {
    this.cb = options.callbacks;
    this.types = options.types;
    this.files = options.files;
    this.workMem = options.workMem ?? DEFAULT_WORK_MEM;
    this.groupBytes = options.groupBytes ?? ((row) => GROUP_OVERHEAD + estimateRowSize(row));
    this.fanout = Math.max(2, options.fanout ?? DEFAULT_FANOUT);
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.spillable = isSpillable(this.types);
    this.scratch = new Array(this.types.length);
  }

  /**
   * Feeds one input row (only read during the call). Synchronous; may write it to a partition
   * (throws 53100/58030 on I/O failure).
   */
  add(row: Row): void {
    assert(this.groups === undefined, 'SpillingHashAggregator.add after finish');
    this.route(row);
  }

  /** Ends the input: the groups in memory are complete. Synchronous. */
  finish(): void {
    assert(this.groups === undefined, 'SpillingHashAggregator.finish twice');
    this.endPass();
  }

  /**
   * The next complete group's state, or undefined when all are done; aggregates the spilled
   * partitions as it goes. States are returned once; the caller owns them. Synchronous.
   */
  next(): S | undefined {
    assert(this.groups !== undefined, 'SpillingHashAggregator.next before finish');
    for (;;) {
      const r = this.groups.next();
      if (!r.done) return r.value;
      const part = this.pending.pop();
      if (part === undefined) {
        this.table = new Map();
        return undefined;
      }
      this.aggregatePartition(part);
    }
  }

  /** Drops the groups and deletes the partition files; idempotent. Synchronous. */
  close(): void {
    this.table = new Map();
    this.spill?.close();
    this.spill = undefined;
    for (const p of this.pending.splice(0)) p.file.close();
  }

  get stats(): HashAggStats {
    return {
      batches: this.batches,
      peakMemoryBytes: this.peakMemory,
      diskBytes: this.diskBytes,
      depth: this.maxDepthSeen,
    };
  }

  private route(row: Row): void {
    const key = this.cb.key(row);
    const state = this.table.get(key);
    if (state !== undefined) {
      this.cb.advance(state, row);
      return;
    }
    if (this.spill === undefined) {
      const bytes = this.groupBytes(row);
      if (this.memory + bytes <= this.workMem || this.table.size === 0 || !this.spillable) {
        const s = this.cb.init(row);
        this.table.set(key, s);
        this.cb.advance(s, row);
        this.memory += bytes;
        if (this.memory > this.peakMemory) this.peakMemory = this.memory;
        return;
      }
      // The table is full: from now on, new groups go to partitions.
      const fanout = this.depth >= this.maxDepth ? 1 : this.fanout;
      this.spill = new HashPartitioner(
        this.files,
        this.types,
        fanout,
        this.depth,
        partitionBufferSize(this.workMem, fanout),
      );
    }
    this.spill.write(row, this.spill.partitionOf(key));
  }

  /** Queues this pass's partitions (one level deeper) and starts returning the table's groups. */
  private endPass(): void {
    const spill = this.spill;
    if (spill) {
      this.diskBytes += spill.bytesWritten;
      for (const file of spill.files) if (file) this.pending.push({ file, depth: this.depth + 1 });
      this.spill = undefined;
    }
    this.groups = this.table.values();
  }

  /** Aggregates one partition's rows in a fresh table (spilling further if needed). */
  private aggregatePartition(part: PendingPartition): void {
    this.table = new Map();
    this.groups = undefined;
    this.memory = 0;
    this.depth = part.depth;
    if (part.depth > this.maxDepthSeen) this.maxDepthSeen = part.depth;
    this.batches++;
    const file = part.file;
    try {
      file.rewind();
      while (file.read(this.scratch)) this.route(this.scratch);
    } finally {
      file.close();
    }
    this.endPass();
  }
}
