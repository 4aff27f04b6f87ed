/**
 * ParamValuesScan: VALUES whose every cell is a parameter or a constant, which is what the
 * statement cache makes of a multi-row INSERT's literals (`VALUES ($1, $2), ($3, $4), …`). The
 * cells are kept as parameter numbers and constants and read straight into the rows at `open`,
 * instead of compiling one closure per cell for every execution (4,000 for a 1,000-row,
 * four-column INSERT). Same results and batches as ValuesScan.
 */
import { DbError, emptyArray, type Row, type Value } from '@rustydb/common';
import type { PhysicalExpr } from '@rustydb/optimizer';
import { BATCH_SIZE, type Operator } from './operator.js';

/**
 * The execution frame the parameters are read from at each `open` (the Runtime: a kept operator
 * tree is rebound to each execution's context, reusable-plan.ts).
 */
export interface ParamFrame {
  readonly ctx: { readonly params: readonly Value[] };
}

/** See the file comment. Build with `paramValuesScan`. */
export class ParamValuesScan implements Operator {
  private rows: Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  private constructor(
    private readonly width: number,
    /** Per cell, row by row: the parameter's index, or -1 for the constant in `consts`. */
    private readonly paramIndex: Int32Array,
    private readonly consts: readonly Value[],
    /** Where the statement's parameters are read, at each `open`. */
    private readonly frame: ParamFrame,
  ) {}

  /**
   * A ParamValuesScan over `rows` when every cell is a parameter or a constant, else undefined
   * (the caller compiles a ValuesScan). Synchronous.
   * @throws DbError 08P01 when a parameter has no value, as compiling it would.
   */
  static tryBuild(
    rows: readonly (readonly PhysicalExpr[])[],
    frame: ParamFrame,
  ): ParamValuesScan | undefined {
    const params = frame.ctx.params;
    const width = rows.length === 0 ? 0 : rows[0]!.length;
    const paramIndex = new Int32Array(rows.length * width);
    const consts: Value[] = new Array<Value>(rows.length * width).fill(null);
    let k = 0;
    for (const r of rows) {
      if (r.length !== width) return undefined;
      for (const e of r) {
        if (e.kind === 'param') {
          if (e.index >= params.length)
            throw new DbError('08P01', `no value found for parameter ${e.index + 1}`);
          paramIndex[k] = e.index;
        } else if (e.kind === 'const') {
          paramIndex[k] = -1;
          consts[k] = e.value;
        } else {
          return undefined;
        }
        k++;
      }
    }
    return new ParamValuesScan(width, paramIndex, consts, frame);
  }

  open(): void {
    const { width, paramIndex, consts } = this;
    const params = this.frame.ctx.params;
    const n = width === 0 ? 0 : paramIndex.length / width;
    const rows: Row[] = new Array<Row>(n);
    for (let i = 0, k = 0; i < n; i++) {
      const row = new Array<Value>(width);
      for (let j = 0; j < width; j++, k++) {
        const p = paramIndex[k]!;
        row[j] = p >= 0 ? params[p]! : consts[k]!;
      }
      rows[i] = row;
    }
    this.rows = rows;
    this.pos = 0;
  }

  next(): Row[] | undefined {
    if (this.pos >= this.rows.length) return undefined;
    emptyArray(this.batch);
    while (this.pos < this.rows.length && this.batch.length < BATCH_SIZE)
      this.batch.push(this.rows[this.pos++]!);
    return this.batch;
  }

  close(): void {
    this.rows = [];
  }
}
