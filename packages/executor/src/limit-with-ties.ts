/**
 * `FETCH FIRST n ROWS WITH TIES` (PostgreSQL's nodeLimit in its WITH TIES mode): after the n-th
 * row, the rows of the sorted input that equal it on the ORDER BY expressions come too (NULLs
 * equal, as execTuplesMatch has them). OFFSET skips rows first, as with a plain LIMIT.
 */
import { emptyArray, type Row, type SqlType, type Value, valuesEqual } from '@rustydb/common';
import { limitValues } from './basic-operators.js';
import type { CompiledExpr } from './compile-expr.js';
import { type Operator, YIELD, type Yield } from './operator.js';

export class LimitWithTiesOp implements Operator {
  private remaining = 0;
  private skip = 0;
  /** The ORDER BY values of the n-th row once it is out (the rows still tying with it follow). */
  private last: Value[] | undefined;
  private done = false;
  private readonly batch: Row[] = [];

  constructor(
    readonly input: Operator,
    private readonly limit: CompiledExpr,
    private readonly offset: CompiledExpr | undefined,
    private readonly keys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
  ) {}

  open(): void {
    const { limit, offset } = limitValues(this.limit, this.offset);
    this.remaining = limit;
    this.skip = offset;
    this.last = undefined;
    this.done = limit === 0;
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    while (!this.done) {
      const b = this.input.next();
      if (!b) return undefined;
      // An empty batch is a LockRows below waiting for a row: pass it up.
      if (b === YIELD || b.length === 0) return b;
      let start = 0;
      if (this.skip > 0) {
        start = Math.min(this.skip, b.length);
        this.skip -= start;
      }
      if (start >= b.length) continue;
      emptyArray(this.batch);
      for (let i = start; i < b.length; i++) {
        const row = b[i]!;
        if (this.remaining > 0) {
          this.batch.push(row);
          if (--this.remaining === 0) this.last = this.keys.map((k) => k(row));
        } else if (this.ties(row)) {
          this.batch.push(row);
        } else {
          this.done = true;
          break;
        }
      }
      if (this.batch.length > 0) return this.batch;
    }
    return undefined;
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

  close(): void {
    this.input.close();
  }
}
