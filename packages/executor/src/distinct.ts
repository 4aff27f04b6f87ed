/**
 * DISTINCT, two ways:
 *
 * - SELECT DISTINCT (and UNION): hashed, streaming. A row whose key was not seen passes at once,
 *   in input order, so a LIMIT above stops early. Bounded by `work_mem` through
 *   SpillingHashAggregator (groups without state): once the seen keys fill the budget, rows of
 *   unseen keys go to hash partitions in temporary files, and after the input ends each
 *   partition's first row per key passes. A key is never split between memory and a partition,
 *   so every key passes exactly once; only the order of the spilled keys differs (DISTINCT has
 *   none to keep).
 * - DISTINCT ON: PostgreSQL's Unique. The binder always sorts the input with the ON keys first,
 *   so rows with equal keys are adjacent: a row passes when its key differs from the previous
 *   row's, keeping the first row of each key in the sort's order, in constant memory.
 */
import { emptyArray, type Row, type SqlType, type Value } from '@rustydb/common';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';
import type { Runtime } from './runtime.js';
import { type HashAggStats, SpillingHashAggregator } from './spill/spilling-hash-aggregator.js';
import type { TempFileSet } from './spill/temp-file-set.js';

export class DistinctOp implements Operator {
  private readonly batch: Row[] = [];
  private readonly keyBuf: Value[];
  private readonly keyTypes: readonly SqlType[];
  private files: TempFileSet | undefined;
  /**
   * Hashed mode: a key's state is null when its row already passed (input phase), else a copy
   * of its first row, passed when the aggregator hands the state out (spilled partitions).
   */
  private table: SpillingHashAggregator<Row | null> | undefined;
  /** Hashed mode: reading the input (rows of new keys pass at once) rather than partitions. */
  private live = true;
  /** DISTINCT ON: the key of the previous row, undefined before the first. */
  private prevKey: HashKey | undefined;

  /** `types` are the row's column types (the input's spill types are the same). */
  constructor(
    private readonly rt: Runtime,
    private readonly input: Operator,
    private readonly types: readonly SqlType[],
    private readonly on?: readonly number[],
  ) {
    this.keyBuf = new Array<Value>(on?.length ?? 0);
    this.keyTypes = on ? on.map((s) => types[s]) : types;
  }

  /** The hash table's statistics (hashed mode, after open), else undefined. */
  get stats(): HashAggStats | undefined {
    return this.table?.stats;
  }

  private key(r: Row): HashKey {
    const on = this.on;
    if (!on) return rowKey(r, this.types);
    for (let i = 0; i < on.length; i++) this.keyBuf[i] = r[on[i]];
    return rowKey(this.keyBuf, this.keyTypes);
  }

  open(): void {
    this.release();
    this.prevKey = undefined;
    this.live = true;
    if (!this.on) {
      this.files ??= this.rt.tempFiles();
      this.table = new SpillingHashAggregator<Row | null>({
        types: this.types,
        files: this.files,
        workMem: this.rt.workMem,
        callbacks: {
          key: (r) => this.key(r),
          init: (r) => {
            if (!this.live) return r.slice();
            this.batch.push(r);
            return null;
          },
          advance: () => {},
        },
      });
    }
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    const batch = this.batch;
    const table = this.table;
    if (this.live) {
      for (let b = this.input.next(); b; b = this.input.next()) {
        if (b === YIELD) return b;
        emptyArray(batch);
        if (table) {
          // New keys push their row onto `batch` (init, above).
          for (let i = 0; i < b.length; i++) table.add(b[i]);
        } else {
          for (const r of b) {
            const k = this.key(r);
            if (k === this.prevKey) continue;
            this.prevKey = k;
            batch.push(r);
          }
        }
        if (batch.length > 0) return batch;
      }
      if (!table) return undefined;
      this.live = false;
      table.finish();
    }
    emptyArray(batch);
    while (table && batch.length < BATCH_SIZE) {
      const state = table.next();
      if (state === undefined) break;
      if (state !== null) batch.push(state);
    }
    return batch.length > 0 ? batch : undefined;
  }

  close(): void {
    if (this.table) this.rt.reportSpill({ operator: 'Distinct', stats: this.table.stats });
    try {
      this.release();
    } finally {
      this.input.close();
    }
  }

  /** Drops the seen keys and deletes the temporary files. */
  private release(): void {
    const table = this.table;
    this.table = undefined;
    try {
      table?.close();
    } finally {
      this.files?.close();
    }
  }
}
