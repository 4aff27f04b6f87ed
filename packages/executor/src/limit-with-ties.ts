/**
 * `FETCH FIRST n ROWS WITH TIES` (PostgreSQL's nodeLimit in its WITH TIES mode): after the n-th
 * row, the rows of the sorted input that equal it on the ORDER BY expressions come too (NULLs
 * equal, as execTuplesMatch has them). OFFSET skips rows first, as with a plain LIMIT.
 */
import { type Row, type SqlType, type Value, valuesEqual } from '@rustydb/common';
import { LimitOp } from './basic-operators.js';
import type { CompiledExpr } from './compile-expr.js';
import type { Operator } from './operator.js';

/** LimitOp's OFFSET and waits; past the n-th row, only rows tying with it, then done. */
export class LimitWithTiesOp extends LimitOp {
  /** The ORDER BY values of the n-th row once it is out (the rows still tying with it follow). */
  private last: Value[] | undefined;
  private done = false;

  constructor(
    input: Operator,
    limit: CompiledExpr,
    offset: CompiledExpr | undefined,
    private readonly keys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
  ) {
    super(input, limit, offset);
  }

  override open(): void {
    super.open();
    this.last = undefined;
    this.done = this.remaining === 0;
  }

  protected override more(): boolean {
    return !this.done;
  }

  protected override take(b: readonly Row[], start: number): void {
    for (let i = start; i < b.length; i++) {
      const row = b[i]!;
      if (this.remaining > 0) {
        this.batch.push(row);
        if (--this.remaining === 0) this.last = this.keys.map((k) => k(row));
      } else if (this.ties(row)) {
        this.batch.push(row);
      } else {
        this.done = true;
        return;
      }
    }
  }
  /** Does `row` equal the n-th row on every ORDER BY expression? */
  private ties(row: Row): boolean {
    const last = this.last!;
    for (let k = 0; k < this.keys.length; k++) {
      const a = last[k]!;
      const v = this.keys[k]!(row);
      if (a === null || v === null ? a !== v : !valuesEqual(a, v, this.keyTypes[k]!)) return false;
    }
    return true;
  }
}
