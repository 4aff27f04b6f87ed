/**
 * Joins. Both materialize the right input on open (the inner side, as PostgreSQL's Hash and
 * Materialize nodes do) and stream the left one:
 *
 * - Nested Loop: every (left, right) pair, kept when `condition` holds.
 * - Hash Join: right rows hashed by `rightKeys`; each left row probes with `leftKeys`; NULL keys
 *   never match; `residual` must also hold.
 *
 * Outer joins: a left row without a match is emitted once with NULLs for the right columns
 * (LEFT, FULL); right rows never matched are emitted at the end with NULL left columns (RIGHT,
 * FULL).
 */
import type { Row, SqlType, Value } from '@rustydb/common';
import type { JoinType } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, drain, type Operator } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';

/** Shared outer-join bookkeeping and output batching. */
abstract class JoinBase implements Operator {
  protected rightRows: Row[] = [];
  protected rightMatched: Uint8Array = new Uint8Array(0);
  private leftBatch: Row[] | undefined;
  private leftPos = 0;
  private tailPos = -1;
  protected readonly out: Row[] = [];

  constructor(
    protected readonly joinType: JoinType,
    private readonly left: Operator,
    private readonly right: Operator,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
  ) {}

  open(): void {
    this.rightRows = drain(this.right);
    this.rightMatched = new Uint8Array(this.rightRows.length);
    this.build();
    this.left.open();
    this.leftBatch = undefined;
    this.leftPos = 0;
    this.tailPos = -1;
  }

  /** Prepares lookup structures over `rightRows`. */
  protected abstract build(): void;

  /** Emits the joined rows of `l` into `out`; returns whether any matched. */
  protected abstract probe(l: Row): boolean;

  protected joined(l: Row | undefined, r: Row | undefined): Row {
    const row = new Array<Value>(this.leftWidth + this.rightWidth);
    for (let i = 0; i < this.leftWidth; i++) row[i] = l ? l[i] : null;
    for (let i = 0; i < this.rightWidth; i++) row[this.leftWidth + i] = r ? r[i] : null;
    return row;
  }

  next(): Row[] | undefined {
    this.out.length = 0;
    while (this.out.length < BATCH_SIZE && this.tailPos < 0) {
      if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
        this.leftBatch = this.left.next();
        this.leftPos = 0;
        if (!this.leftBatch) {
          this.tailPos = 0;
          break;
        }
      }
      const l = this.leftBatch[this.leftPos++];
      const matched = this.probe(l);
      if (!matched && (this.joinType === 'left' || this.joinType === 'full'))
        this.out.push(this.joined(l, undefined));
    }
    if (this.tailPos >= 0 && (this.joinType === 'right' || this.joinType === 'full')) {
      while (this.out.length < BATCH_SIZE && this.tailPos < this.rightRows.length) {
        const i = this.tailPos++;
        if (!this.rightMatched[i]) this.out.push(this.joined(undefined, this.rightRows[i]));
      }
    }
    return this.out.length > 0 ? this.out : undefined;
  }

  close(): void {
    this.left.close();
    this.rightRows = [];
  }
}

export class NestedLoopJoin extends JoinBase {
  constructor(
    joinType: JoinType,
    left: Operator,
    right: Operator,
    leftWidth: number,
    rightWidth: number,
    private readonly condition: CompiledExpr | undefined,
  ) {
    super(joinType, left, right, leftWidth, rightWidth);
  }

  protected build(): void {}

  protected probe(l: Row): boolean {
    let matched = false;
    const rows = this.rightRows;
    for (let i = 0; i < rows.length; i++) {
      const row = this.joined(l, rows[i]);
      if (this.condition && this.condition(row) !== true) continue;
      matched = true;
      this.rightMatched[i] = 1;
      this.out.push(row);
    }
    return matched;
  }
}

export class HashJoin extends JoinBase {
  private table = new Map<HashKey, number[]>();
  private readonly keyBuf: Value[];

  constructor(
    joinType: JoinType,
    left: Operator,
    right: Operator,
    leftWidth: number,
    rightWidth: number,
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
    private readonly residual: CompiledExpr | undefined,
  ) {
    super(joinType, left, right, leftWidth, rightWidth);
    this.keyBuf = new Array<Value>(leftKeys.length);
  }

  /** The key of `row` under `exprs`, or undefined when a key value is NULL. */
  private key(row: Row, exprs: readonly CompiledExpr[]): HashKey | undefined {
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i](row);
      if (v === null) return undefined;
      this.keyBuf[i] = v;
    }
    return rowKey(this.keyBuf, this.keyTypes);
  }

  protected build(): void {
    this.table = new Map();
    this.rightRows.forEach((r, i) => {
      const k = this.key(r, this.rightKeys);
      if (k === undefined) return;
      const list = this.table.get(k);
      if (list) list.push(i);
      else this.table.set(k, [i]);
    });
  }

  protected probe(l: Row): boolean {
    const k = this.key(l, this.leftKeys);
    if (k === undefined) return false;
    const list = this.table.get(k);
    if (!list) return false;
    let matched = false;
    for (const i of list) {
      const row = this.joined(l, this.rightRows[i]);
      if (this.residual && this.residual(row) !== true) continue;
      matched = true;
      this.rightMatched[i] = 1;
      this.out.push(row);
    }
    return matched;
  }
}
