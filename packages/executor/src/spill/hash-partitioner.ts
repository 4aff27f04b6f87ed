/**
 * HashPartitioner: routes rows to `fanout` partition files by the hash of their key under a seed
 * (hashKey). Equal keys always land in the same partition, so each partition can be grouped or
 * joined on its own. The building block of SpillingHashAggregator and SpillingHashJoinTable;
 * operators that need another scheme can use it directly.
 *
 * Files are created on the first row of their partition: empty partitions cost nothing.
 */
import type { Row, SqlType } from '@rustydb/common';
import type { HashKey } from '../row-key.js';
import { hashKey } from './hash-key.js';
import { estimateRowSize } from './row-size.js';
import type { SpillFile } from './spill-file.js';
import type { TempFileSet } from './temp-file-set.js';

/** Default number of partitions a spilling hash operator splits its input into. */
export const DEFAULT_FANOUT = 32;

const MIN_PARTITION_BUFFER = 8 * 1024;
const MAX_PARTITION_BUFFER = 256 * 1024;

/**
 * The write buffer of each of `fanout` partition files: a quarter of `workMem` shared between
 * them, between 8 KiB and 256 KiB (buffers are memory the budget does not count otherwise).
 */
export function partitionBufferSize(workMem: number, fanout: number): number {
  return Math.max(MIN_PARTITION_BUFFER, Math.min(MAX_PARTITION_BUFFER, Math.floor(workMem / 4 / fanout)));
}

export class HashPartitioner {
  /** Each partition's file; undefined while the partition is empty. */
  readonly files: (SpillFile | undefined)[];
  /** Rows written to each partition. */
  readonly rowCounts: number[];
  /** Estimated in-memory bytes (estimateRowSize) of each partition's rows: will it fit? */
  readonly memoryBytes: number[];

  /**
   * Partitions rows of `types` into `fanout` files of `set`, by hashKey(key, seed). Files use
   * write buffers of `bufferSize` bytes. Nothing is created until the first write.
   */
  constructor(
    private readonly set: TempFileSet,
    private readonly types: readonly SqlType[],
    readonly fanout: number,
    readonly seed: number,
    private readonly bufferSize: number,
  ) {
    this.files = new Array<SpillFile | undefined>(fanout).fill(undefined);
    this.rowCounts = new Array<number>(fanout).fill(0);
    this.memoryBytes = new Array<number>(fanout).fill(0);
  }

  /** The partition of `key`; rows without a key (NULL join keys) all go to partition 0. */
  partitionOf(key: HashKey | undefined): number {
    if (key === undefined || this.fanout === 1) return 0;
    return hashKey(key, this.seed) % this.fanout;
  }

  /**
   * Appends `row` (only read) to partition `p`. Synchronous; throws 53100/58030 on I/O failure,
   * 0A000 for a value without a storage format.
   */
  write(row: Row, p: number): void {
    let file = this.files[p];
    if (file === undefined) {
      file = this.set.create(this.types, this.bufferSize);
      this.files[p] = file;
    }
    file.write(row);
    this.rowCounts[p]++;
    this.memoryBytes[p] += estimateRowSize(row);
  }

  /** Bytes written to all partitions so far. */
  get bytesWritten(): number {
    let n = 0;
    for (const f of this.files) if (f) n += f.bytesWritten;
    return n;
  }

  /** Deletes every partition file still open; idempotent. Synchronous. */
  close(): void {
    for (const f of this.files) f?.close();
  }
}
