/**
 * Function Scan: functions in FROM, one row per value (scan-function.ts runs each). Several
 * functions (ROWS FROM, and unnest(a, b) as the planner rewrites it) run side by side: row i holds
 * each function's i-th row, NULLs for a function that has run out, as many rows as the longest.
 * WITH ORDINALITY appends the 1-based row number as a bigint.
 */
import { emptyArray, type Row } from '@rustydb/common';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import type { Runtime } from './runtime.js';
import type { ScanFunction } from './scan-function.js';

export class FunctionScan implements Operator {
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly functions: readonly ScanFunction[],
    /** WITH ORDINALITY. */
    private readonly ordinality: boolean,
    /**
     * Ticked per row as a scan's versions are (Runtime.tick: the time slice; a series reads no
     * table, so nothing else would tick for it), and its interrupts checked per batch as well
     * (the heap watchdog looks every 256 checks: rows of a huge series pile up in a CTE fast).
     */
    private readonly rt: Pick<Runtime, 'tick' | 'yieldDue' | 'ctx'>,
  ) {}

  open(): void {
    this.pos = 0;
    for (const f of this.functions) f.open();
  }

  next(): Row[] | undefined | Yield {
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    rt.ctx.checkInterrupts();
    emptyArray(this.batch);
    while (this.batch.length < BATCH_SIZE) {
      // As ScanBase.next: a slice that ran out ends the batch (the next call yields).
      if (rt.tick() && this.batch.length > 0) break;
      const row: Row = [];
      if (!this.fill(row)) break;
      this.pos++;
      if (this.ordinality) row.push(BigInt(this.pos));
      this.batch.push(row);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    for (const f of this.functions) f.close();
  }

  /** Appends each function's next values to `row` (NULLs for one run out); false when all have. */
  private fill(row: Row): boolean {
    const functions = this.functions;
    if (functions.length === 1) return functions[0].pushNext(row);
    let any = false;
    for (let i = 0; i < functions.length; i++) {
      const f = functions[i];
      if (f.pushNext(row)) any = true;
      else for (let c = 0; c < f.spec.width; c++) row.push(null);
    }
    return any;
  }
}
