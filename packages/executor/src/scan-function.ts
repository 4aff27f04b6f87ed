/**
 * One function of a Function Scan (function-scan.ts), its rows one at a time: generate_series
 * (series.ts, lazily), unnest, the jsonb expanders & co. (set-returning.ts), a function returning
 * `record` (json-record-rows.ts) or a user-defined function (routine-call.ts). Its arguments are
 * evaluated at open (they cannot read the FROM row; outer columns, LATERAL items and parameters
 * they can).
 */
import { type RecordField, type Row, type SqlType, type TimeZone, UTC, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { jsonRecordRows } from './json-record-rows.js';
import { routineRows } from './routine-call.js';
import type { Runtime } from './runtime.js';
import type { Series } from './series.js';
import { seriesFor, setReturningRows } from './set-returning.js';

const EMPTY: Row = [];

/** What the plan says of a function: its name, compiled arguments and result. */
export interface ScanFunctionSpec {
  readonly fn: string;
  readonly args: readonly CompiledExpr[];
  /** Its first column's type (generate_series's type). */
  readonly type: SqlType;
  /** How many columns it returns. */
  readonly width: number;
  /** A function returning `record`: its column definition list. */
  readonly recordFields?: readonly RecordField[];
  /** A user-defined function: its OID (the engine runs it). */
  readonly routine?: number;
}

export class ScanFunction {
  private series: Series | undefined;
  private rows: Value[][] | undefined;
  private pos = 0;

  constructor(
    readonly spec: ScanFunctionSpec,
    /** The session's TimeZone, for a timestamptz generate_series and json_to_record. */
    private readonly zone: TimeZone | undefined,
    private readonly rt: Pick<Runtime, 'ctx'>,
  ) {}

  open(): void {
    const { fn, args, type, recordFields, routine } = this.spec;
    const values = args.map((a) => a(EMPTY));
    this.pos = 0;
    this.series = undefined;
    this.rows = undefined;
    if (fn === 'generate_series') this.series = seriesFor(undefined, values, type, undefined, this.zone);
    else if (routine !== undefined) this.rows = routineRows(this.rt, routine, values);
    else if (recordFields !== undefined)
      this.rows = jsonRecordRows(fn, values[0]!, recordFields, this.zone ?? UTC);
    else this.rows = setReturningRows(fn, values, this.zone);
  }

  /** Appends the next row's values to `row`; false, appending nothing, once there are no more. */
  pushNext(row: Row): boolean {
    if (this.series) {
      const v = this.series.next();
      if (v === undefined) {
        this.series = undefined;
        return false;
      }
      row.push(v);
      return true;
    }
    const rows = this.rows;
    if (rows === undefined || this.pos >= rows.length) return false;
    const values = rows[this.pos++];
    for (let i = 0; i < values.length; i++) row.push(values[i]);
    return true;
  }

  close(): void {
    this.series = undefined;
    this.rows = undefined;
  }
}
