/**
 * Set operations over two inputs whose rows have the same column types:
 *
 * - Append (UNION ALL): the left rows, then the right rows.
 * - UNION: Append under a DistinctOp (aggregate.ts), built by build-operator.ts.
 * - INTERSECT / EXCEPT [ALL] (SetOpOp): the right input is counted per row key first; left rows
 *   then stream through the counts. INTERSECT ALL keeps min(m, n) copies of a row, EXCEPT ALL
 *   max(m - n, 0), and without ALL each row comes out once. NULLs compare equal, as in
 *   PostgreSQL's set operations. Output order is the left input's.
 */
import { emptyArray, type Row, type SqlType } from '@rustydb/common';
import { type Operator, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';

/** UNION ALL: yields the left input's batches, then the right input's. */
export class AppendOp implements Operator {
  private onRight = false;

  constructor(
    private readonly left: Operator,
    private readonly right: Operator,
  ) {}

  open(): void {
    this.onRight = false;
    this.left.open();
  }

  next(): Row[] | undefined | Yield {
    if (!this.onRight) {
      const b = this.left.next();
      if (b) return b;
      this.left.close();
      this.onRight = true;
      this.right.open();
    }
    return this.right.next();
  }

  close(): void {
    if (this.onRight) this.right.close();
    else this.left.close();
    this.onRight = false;
  }
}

/** INTERSECT [ALL] / EXCEPT [ALL]; see the file comment. */
export class SetOpOp implements Operator {
  private counts = new Map<HashKey, number>();
  private emitted = new Set<HashKey>();
  private readonly batch: Row[] = [];
  /** Counting the right input's rows (resumable after a YIELD), then filtering the left's. */
  private onLeft = false;

  constructor(
    private readonly op: 'intersect' | 'except',
    private readonly all: boolean,
    private readonly left: Operator,
    private readonly right: Operator,
    private readonly types: readonly SqlType[],
  ) {}

  open(): void {
    this.counts = new Map();
    this.emitted = new Set();
    this.onLeft = false;
    this.right.open();
  }

  /** Counts the right input's rows: true at its end (closed then), false on a YIELD. */
  private countRight(): boolean {
    for (let b = this.right.next(); b; b = this.right.next()) {
      if (b === YIELD) return false;
      for (const r of b) {
        const k = rowKey(r, this.types);
        this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
      }
    }
    this.right.close();
    this.onLeft = true;
    this.left.open();
    return true;
  }

  next(): Row[] | undefined | Yield {
    if (!this.onLeft && !this.countRight()) return YIELD;
    for (let b = this.left.next(); b; b = this.left.next()) {
      if (b === YIELD) return b;
      emptyArray(this.batch);
      for (const r of b) if (this.keep(rowKey(r, this.types))) this.batch.push(r);
      if (this.batch.length > 0) return this.batch;
    }
    return undefined;
  }

  private keep(k: HashKey): boolean {
    const n = this.counts.get(k) ?? 0;
    if (!this.all) {
      if (this.emitted.has(k)) return false;
      const ok = this.op === 'intersect' ? n > 0 : n === 0;
      if (ok) this.emitted.add(k);
      return ok;
    }
    if (this.op === 'intersect') {
      if (n === 0) return false;
      this.counts.set(k, n - 1);
      return true;
    }
    if (n === 0) return true;
    this.counts.set(k, n - 1);
    return false;
  }

  close(): void {
    if (this.onLeft) this.left.close();
    else this.right.close();
    this.onLeft = false;
    this.counts = new Map();
    this.emitted = new Set();
  }
}
