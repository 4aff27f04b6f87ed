/**
 * Semi and anti joins (decorrelated EXISTS / IN / NOT EXISTS / NOT IN): each left row is
 * returned, as it is, once if some right row matches it (semi) or if none does (anti).
 *
 * The right input is materialized on open. `hash`: its rows are hashed by `rightKeys` and a left
 * row looks up its `leftKeys` (a NULL key matches nothing); `nestedLoop`: every right row is a
 * candidate. A candidate matches when `residual` (over the joined row: left slots, then right
 * slots) is true; the search for a left row stops at the first match.
 *
 * NB: the right input is held in memory (not bounded by work_mem as Hash Join is).
 */
import { emptyArray, type Row, type SqlType, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, drain, type Operator } from './operator.js';
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

  constructor(
    private readonly anti: boolean,
    private readonly hashed: boolean,
    private readonly left: Operator,
    private readonly right: Operator,
    private readonly leftWidth: number,
    rightWidth: number,
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
    private readonly residual: CompiledExpr | undefined,
  ) {
    this.keyBuf = new Array<Value>(leftKeys.length);
    this.scratch = new Array<Value>(leftWidth + rightWidth).fill(null);
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
    this.rightRows = drain(this.right);
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
    this.leftBatch = undefined;
    this.leftPos = 0;
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

  next(): Row[] | undefined {
    emptyArray(this.out);
    while (this.out.length < BATCH_SIZE) {
      if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
        // `out` holds the left input's rows, which a scan reuses for its next batch: return them
        // before asking for it.
        if (this.out.length > 0) break;
        this.leftBatch = this.left.next();
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
    this.left.close();
    this.rightRows = [];
    this.table = new Map();
  }
}
