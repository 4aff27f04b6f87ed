/**
 * Merge Join: both inputs arrive sorted ascending, NULLS LAST, on their keys (the optimizer puts
 * Sorts under the join); the left input streams, the right one is read in groups of equal keys.
 *
 *   left:  1 2 2 4 NULL          right: 2 2 3 4 4 NULL
 *
 * For each left row: the current right group is kept if its key equals the row's; else right
 * rows with smaller keys are passed (unmatched), and the next group is loaded when its key
 * equals the row's. Every pair of a left row and a group row is a candidate; `residual` (over the
 * joined row) must hold for it to match. A row with a NULL key never matches: leaving such rows
 * out, both inputs are still sorted (NULLs sort last within each key position), so they can be
 * passed over wherever they are.
 *
 * Outer joins: an unmatched left row is emitted NULL-extended at once (LEFT, FULL); a right row
 * is emitted NULL-extended when it is passed over unmatched or its group is dropped (RIGHT,
 * FULL), and the rest of the right input after the left one ends. Memory: one group of right
 * rows (all the rows with one key).
 */
import { compareValues, emptyArray, type Row, type SqlType, type Value } from '@rustydb/common';
import type { JoinType } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, nextRows, type Operator, YIELD, type Yield, type YieldFlag } from './operator.js';

/** The right rows of one key, and which of them matched. */
interface Group {
  readonly key: Value[];
  readonly rows: Row[];
  readonly matched: Uint8Array;
}

export class MergeJoin implements Operator {
  private leftBatch: Row[] | undefined;
  private leftPos = 0;
  private leftDone = false;
  private rightBatch: Row[] | undefined;
  private rightPos = 0;
  private rightDone = false;
  private group: Group | undefined;
  private readonly out: Row[] = [];
  private readonly lkey: Value[];
  private readonly rkey: Value[];
  private readonly emitLeft: boolean;
  private readonly emitRight: boolean;

  constructor(
    joinType: Exclude<JoinType, 'cross'>,
    private readonly left: Operator,
    private readonly right: Operator,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
    private readonly residual: CompiledExpr | undefined,
    /** The statement's yield flag (the Runtime): the right input is read without suspending. */
    private readonly yieldFlag: YieldFlag,
  ) {
    this.lkey = new Array<Value>(leftKeys.length);
    this.rkey = new Array<Value>(rightKeys.length);
    this.emitLeft = joinType === 'left' || joinType === 'full';
    this.emitRight = joinType === 'right' || joinType === 'full';
  }

  open(): void {
    this.left.open();
    this.right.open();
    this.leftBatch = undefined;
    this.leftPos = 0;
    this.leftDone = false;
    this.rightBatch = undefined;
    this.rightPos = 0;
    this.rightDone = false;
    this.group = undefined;
  }

  /** Fills `into` with `row`'s keys; false when one is NULL. */
  private keys(row: Row, exprs: readonly CompiledExpr[], into: Value[]): boolean {
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i](row);
      if (v === null) return false;
      into[i] = v;
    }
    return true;
  }

  private compare(a: readonly Value[], b: readonly Value[]): number {
    for (let i = 0; i < a.length; i++) {
      const c = compareValues(a[i], b[i], this.keyTypes[i]);
      if (c !== 0) return c;
    }
    return 0;
  }

  /**
   * The current right row (valid until the right input's next batch), or undefined at its end.
   * Called deep inside `seek`, which cannot suspend: the right input does not yield (nextRows).
   */
  private peekRight(): Row | undefined {
    while (!this.rightDone && (!this.rightBatch || this.rightPos >= this.rightBatch.length)) {
      this.rightBatch = nextRows(this.right, this.yieldFlag);
      this.rightPos = 0;
      if (!this.rightBatch) this.rightDone = true;
    }
    return this.rightDone ? undefined : this.rightBatch![this.rightPos];
  }

  private joined(l: Row | undefined, r: Row | undefined): Row {
    const row = new Array<Value>(this.leftWidth + this.rightWidth);
    for (let i = 0; i < this.leftWidth; i++) row[i] = l ? l[i] : null;
    for (let i = 0; i < this.rightWidth; i++) row[this.leftWidth + i] = r ? r[i] : null;
    return row;
  }

  /** Drops the current group, emitting its unmatched rows for RIGHT / FULL joins. */
  private dropGroup(): void {
    const g = this.group;
    this.group = undefined;
    if (!g || !this.emitRight) return;
    for (let i = 0; i < g.rows.length; i++)
      if (!g.matched[i]) this.out.push(this.joined(undefined, g.rows[i]));
  }

  /** Passes right rows whose key is below `key` (or NULL); loads the group equal to `key`. */
  private seek(key: readonly Value[]): void {
    for (let r = this.peekRight(); r; r = this.peekRight()) {
      const hasKey = this.keys(r, this.rightKeys, this.rkey);
      if (hasKey && this.compare(this.rkey, key) >= 0) break;
      if (this.emitRight) this.out.push(this.joined(undefined, r));
      this.rightPos++;
    }
    const r = this.peekRight();
    if (!r || !this.keys(r, this.rightKeys, this.rkey) || this.compare(this.rkey, key) !== 0) return;
    const g: Group = { key: [...this.rkey], rows: [], matched: new Uint8Array(0) };
    for (let x = this.peekRight(); x; x = this.peekRight()) {
      if (!this.keys(x, this.rightKeys, this.rkey) || this.compare(this.rkey, g.key) !== 0) break;
      g.rows.push(x.slice());
      this.rightPos++;
    }
    this.group = { ...g, matched: new Uint8Array(g.rows.length) };
  }

  /** Joins one left row with the right input. */
  private probe(l: Row): void {
    if (!this.keys(l, this.leftKeys, this.lkey)) {
      if (this.emitLeft) this.out.push(this.joined(l, undefined));
      return;
    }
    if (!this.group || this.compare(this.group.key, this.lkey) !== 0) {
      this.dropGroup();
      this.seek(this.lkey);
    }
    let matched = false;
    const g = this.group;
    if (g) {
      for (let i = 0; i < g.rows.length; i++) {
        const row = this.joined(l, g.rows[i]);
        if (this.residual && this.residual(row) !== true) continue;
        matched = true;
        g.matched[i] = 1;
        this.out.push(row);
      }
    }
    if (!matched && this.emitLeft) this.out.push(this.joined(l, undefined));
  }

  next(): Row[] | undefined | Yield {
    emptyArray(this.out);
    while (this.out.length < BATCH_SIZE && !this.leftDone) {
      if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
        const b = this.left.next();
        if (b === YIELD) return this.out.length > 0 ? this.out : b;
        this.leftBatch = b;
        this.leftPos = 0;
        if (!this.leftBatch) {
          this.leftDone = true;
          this.dropGroup();
          break;
        }
      }
      this.probe(this.leftBatch[this.leftPos++]);
    }
    // After the left input: what is left of the right one is unmatched.
    if (this.leftDone && this.emitRight) {
      for (let r = this.peekRight(); r && this.out.length < BATCH_SIZE; r = this.peekRight()) {
        this.out.push(this.joined(undefined, r));
        this.rightPos++;
      }
    }
    return this.out.length > 0 ? this.out : undefined;
  }

  close(): void {
    this.left.close();
    this.right.close();
    this.group = undefined;
    this.leftBatch = undefined;
    this.rightBatch = undefined;
  }
}
