/**
 * Function Scan: a set-returning function in FROM, one row per value — generate_series(start,
 * stop [, step]) (series.ts), unnest, jsonb_array_elements(_text), jsonb_each(_text),
 * jsonb_object_keys (set-returning.ts), or a user-defined function (its rows from the engine,
 * routine-call.ts). The arguments are evaluated at open (they cannot read
 * the FROM row; outer columns, LATERAL items and parameters they can). WITH ORDINALITY appends
 * the 1-based row number as a bigint (the plan has one column more than the function returns).
 */
import {
  emptyArray,
  type RecordField,
  type Row,
  type SqlType,
  type TimeZone,
  UTC,
  type Value,
} from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { jsonRecordRows } from './json-record-rows.js';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { routineRows } from './routine-call.js';
import type { Runtime } from './runtime.js';
import type { Series } from './series.js';
import { seriesFor, setReturningRows } from './set-returning.js';

const EMPTY: Row = [];

export class FunctionScan implements Operator {
  private series: Series | undefined;
  private rows: Value[][] | undefined;
  private pos = 0;
  private readonly batch: Row[] = [];

  /**
   * `width` is the number of output columns; `functionColumns` how many the function itself
   * returns (one fewer with ORDINALITY).
   */
  constructor(
    private readonly args: readonly CompiledExpr[],
    private readonly type: SqlType,
    private readonly fn = 'generate_series',
    private readonly width = 1,
    private readonly functionColumns = 1,
    /** The session's TimeZone, for a timestamptz generate_series. */
    private readonly zone: TimeZone | undefined,
    /**
     * Ticked per row as a scan's versions are (Runtime.tick: the time slice; a series reads no
     * table, so nothing else would tick for it), and its interrupts checked per batch as well
     * (the heap watchdog looks every 256 checks: rows of a huge series pile up in a CTE fast).
     */
    private readonly rt: Pick<Runtime, 'tick' | 'yieldDue' | 'ctx'>,
    /** A function returning `record` (json_to_record …): its column definition list. */
    private readonly recordFields?: readonly RecordField[],
    /** A user-defined function: its OID (the engine runs it, routine-call.ts). */
    private readonly routine?: number,
  ) {}

  open(): void {
    const values = this.args.map((a) => a(EMPTY));
    this.pos = 0;
    if (this.fn === 'generate_series')
      this.series = seriesFor(undefined, values, this.type, undefined, this.zone);
    else if (this.routine !== undefined) this.rows = routineRows(this.rt, this.routine, values);
    else if (this.recordFields !== undefined)
      this.rows = jsonRecordRows(this.fn, values[0]!, this.recordFields, this.zone ?? UTC);
    else this.rows = setReturningRows(this.fn, values);
  }

  next(): Row[] | undefined | Yield {
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    rt.ctx.checkInterrupts();
    emptyArray(this.batch);
    const ordinality = this.width > this.functionColumns;
    while (this.batch.length < BATCH_SIZE) {
      // As ScanBase.next: a slice that ran out ends the batch (the next call yields).
      if (rt.tick() && this.batch.length > 0) break;
      let row: Row;
      if (this.series) {
        const v = this.series.next();
        if (v === undefined) {
          this.series = undefined;
          break;
        }
        row = [v];
      } else if (this.rows && this.pos < this.rows.length) {
        row = this.rows[this.pos].slice();
      } else break;
      this.pos++;
      if (ordinality) row.push(BigInt(this.pos));
      this.batch.push(row);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    this.series = undefined;
    this.rows = undefined;
  }
}
