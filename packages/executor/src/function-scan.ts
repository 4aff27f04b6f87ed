/**
 * Function Scan: generate_series(start, stop [, step]) in FROM, one row per value. The arguments
 * are evaluated at open (they cannot read the FROM row; outer columns and parameters they can).
 */
import type { Row, SqlType } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, type Operator } from './operator.js';
import { type Series, seriesOf } from './series.js';

const EMPTY: Row = [];

export class FunctionScan implements Operator {
  private series: Series | undefined;
  private readonly pool: Row[] = [];
  private readonly batch: Row[] = [];

  constructor(
    private readonly args: readonly CompiledExpr[],
    private readonly type: SqlType,
  ) {}

  open(): void {
    this.series = seriesOf(
      this.args.map((a) => a(EMPTY)),
      this.type,
    );
  }

  next(): Row[] | undefined {
    if (!this.series) return undefined;
    this.batch.length = 0;
    while (this.batch.length < BATCH_SIZE) {
      const v = this.series.next();
      if (v === undefined) {
        this.series = undefined;
        break;
      }
      let row = this.pool[this.batch.length];
      if (!row) {
        row = [null];
        this.pool.push(row);
      }
      row[0] = v;
      this.batch.push(row);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    this.series = undefined;
  }
}
