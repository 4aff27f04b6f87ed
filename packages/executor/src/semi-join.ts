/**
 * Semi and anti joins (decorrelated EXISTS / IN / NOT EXISTS / NOT IN): each left row is
 * returned, as it is, once if some right row matches it (semi) or if none does (anti).
 *
 * The right input is materialized on the first next() calls (resumable across YIELDs). `hash`: its rows are hashed by `rightKeys` and a left
 * row looks up its `leftKeys` (a NULL key matches nothing); `nestedLoop`: every right row is a
 * candidate. A candidate matches when `residual` (over the joined row: left slots, then right
 * slots) is true; the search for a left row stops at the first match.
 *
 * NB: the right input is held in memory (not bounded by work_mem as Hash Join is).
 */
import { emptyArray, type Row, type SqlType, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, MaterializedInput, type Operator, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';

export class SemiJoin implements Operator {
  private rightRows: Row[] = [];
  private table = new Map<HashKey, number[]>();
  private leftBatch: Row[] | undefined;
  private leftPos = 0;
  private readonly out: Row[] = [];
  private readonly keyBuf: Value[];
  /** The joined row the residual reads, reused. */
  private readonly scratch: Value[];
  private readonly inner: MaterializedInput;
  private building = false;

  constructor(
    private readonly anti: boolean,
    private readonly hashed: boolean,
    private readonly left: Operator,
    right: Operator,
    private readonly leftWidth: number,
    rightWidth: number,
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
    private readonly residual: CompiledExpr | undefined,
  ) {
    this.keyBuf = new Array<Value>(leftKeys.length);
    this.scratch = new Array<Value>(leftWidth + rightWidth).fill(null);
    this.inner = new MaterializedInput(right);
  }

  /** The hash key of `row` under `exprs`, or undefined when a key value is NULL. */
  private key(row: Row, exprs: readonly CompiledExpr[]): HashKey | undefined {
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i](row);
      if (v === null) return undefined;
      this.keyBuf[i] = v;
    }
    return rowKey(this.keyBuf, this.keyTypes);
  }

  open(): void {
    this.inner.start();
    this.building = true;
    this.leftBatch = undefined;
    this.leftPos = 0;
  }

  /** Reads the right input (false on a YIELD), hashes it, and opens the left one. */
  private finishBuild(): boolean {
    if (!this.inner.fill()) return false;
    this.building = false;
    this.rightRows = this.inner.rows;
    this.table = new Map();
    if (this.hashed) {
      this.rightRows.forEach((r, i) => {
        const k = this.key(r, this.rightKeys);
        if (k === undefined) return;
        const list = this.table.get(k);
        if (list) list.push(i);
        else this.table.set(k, [i]);
      });
    }
    this.left.open();
    return true;
  }

  /** Does some right row among `candidates` (all when undefined) match `l`? */
  private matches(l: Row, candidates: readonly number[] | undefined): boolean {
    const n = candidates ? candidates.length : this.rightRows.length;
    if (n === 0) return false;
    if (!this.residual) return true;
    const row = this.scratch;
    for (let i = 0; i < this.leftWidth; i++) row[i] = l[i];
    for (let c = 0; c < n; c++) {
      const r = this.rightRows[candidates ? candidates[c] : c];
      for (let i = 0; i < r.length; i++) row[this.leftWidth + i] = r[i];
      if (this.residual(row) === true) return true;
    }
    return false;
  }

  next(): Row[] | undefined | Yield {
    if (this.building && !this.finishBuild()) return YIELD;
    emptyArray(this.out);
    while (this.out.length < BATCH_SIZE) {
      if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
        // `out` holds the left input's rows: they go before its next batch reuses them.
        if (this.out.length > 0) break;
        const b = this.left.next();
        if (b === YIELD) return this.out.length > 0 ? this.out : b;
        this.leftBatch = b;
        this.leftPos = 0;
        if (!this.leftBatch) break;
      }
      const l = this.leftBatch[this.leftPos++];
      let found: boolean;
      if (this.hashed) {
        const k = this.key(l, this.leftKeys);
        const list = k === undefined ? undefined : this.table.get(k);
        found = list !== undefined && this.matches(l, list);
      } else found = this.matches(l, undefined);
      if (found !== this.anti) this.out.push(l);
    }
    return this.out.length > 0 ? this.out : undefined;
  }

  close(): void {
    if (this.building) this.inner.close();
    else this.left.close();
    this.building = false;
    this.rightRows = [];
    this.table = new Map();
  }
}
