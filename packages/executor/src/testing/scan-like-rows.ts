/**
 * ScanLikeRows: a test input that behaves as a scan does — it copies its rows into arrays it
 * reuses from batch to batch (a consumer keeping a row past the next call sees it change), and
 * optionally hands back YIELD before every row (a scan whose time slice always runs out).
 */
import type { Row } from '@rustydb/common';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from '../operator.js';

export class ScanLikeRows implements Operator {
  private pos = 0;
  private yieldNext = false;
  private readonly pool: Row[] = [];
  private readonly batch: Row[] = [];

  constructor(
    private readonly rows: readonly Row[],
    private readonly yieldEveryRow = false,
  ) {}

  open(): void {
    this.pos = 0;
    this.yieldNext = this.yieldEveryRow;
  }

  next(): Row[] | undefined | Yield {
    if (this.pos >= this.rows.length) return undefined;
    if (this.yieldNext) {
      this.yieldNext = false;
      return YIELD;
    }
    this.yieldNext = this.yieldEveryRow;
    const n = this.yieldEveryRow ? 1 : BATCH_SIZE;
    this.batch.length = 0;
    for (let i = 0; i < n && this.pos < this.rows.length; i++) {
      const src = this.rows[this.pos++];
      this.pool[i] ??= [];
      const row = this.pool[i];
      row.length = 0;
      for (const v of src) row.push(v);
      this.batch.push(row);
    }
    return this.batch;
  }

  close(): void {}
}
