/**
 * Nested Loop joins. The plain one materializes the right input on open (the inner side, as
 * PostgreSQL's Materialize node does; in memory) and streams the left one, keeping every
 * (left, right) pair for which `condition` holds. Hash Join is in hash-join.ts.
 *
 * Outer joins: a left row without a match is emitted once with NULLs for the right columns
 * (LEFT, FULL); right rows never matched are emitted at the end with NULL left columns (RIGHT,
 * FULL).
 */
import { emptyArray, type Row, type Value } from '@rustydb/common';
import type { JoinType } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, drain, MaterializedInput, type Operator, YIELD, type Yield } from './operator.js';
import type { Runtime } from './runtime.js';

/** Shared outer-join bookkeeping and output batching. */
abstract class JoinBase implements Operator {
  protected rightRows: Row[] = [];
  /** The right input, read on the first next() calls (resumable across YIELDs). */
  private readonly inner: MaterializedInput;
  private building = false;
  protected rightMatched: Uint8Array = new Uint8Array(0);
  private leftBatch: Row[] | undefined;
  private leftPos = 0;
  private tailPos = -1;
  protected readonly out: Row[] = [];

  constructor(
    protected readonly joinType: JoinType,
    private readonly left: Operator,
    right: Operator,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
  ) {
    this.inner = new MaterializedInput(right);
  }

  open(): void {
    this.inner.start();
    this.building = true;
    this.leftBatch = undefined;
    this.leftPos = 0;
    this.tailPos = -1;
  }

  /** Reads the right input (false on a YIELD), then builds and opens the left one. */
  private finishBuild(): boolean {
    if (!this.inner.fill()) return false;
    this.building = false;
    this.rightRows = this.inner.rows;
    this.rightMatched = new Uint8Array(this.rightRows.length);
    this.build();
    this.left.open();
    return true;
  }

  /** Prepares lookup structures over `rightRows`. */
  protected abstract build(): void;

  /** Emits the joined rows of `l` into `out`; returns whether any matched. */
  protected abstract probe(l: Row): boolean;

  /** Whether to stop after the left row just probed (its time slice is used up). */
  protected pauseDue(): boolean {
    return false;
  }

  protected joined(l: Row | undefined, r: Row | undefined): Row {
    const row = new Array<Value>(this.leftWidth + this.rightWidth);
    for (let i = 0; i < this.leftWidth; i++) row[i] = l ? l[i] : null;
    for (let i = 0; i < this.rightWidth; i++) row[this.leftWidth + i] = r ? r[i] : null;
    return row;
  }

  next(): Row[] | undefined | Yield {
    if (this.building && !this.finishBuild()) return YIELD;
    emptyArray(this.out);
    while (this.out.length < BATCH_SIZE && this.tailPos < 0) {
      if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
        const b = this.left.next();
        // Joined rows in hand go first (a dropped YIELD falls due again at the next check).
        if (b === YIELD) return this.out.length > 0 ? this.out : b;
        this.leftBatch = b;
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
      if (this.pauseDue()) return this.out.length > 0 ? this.out : YIELD;
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
    if (this.building) this.inner.close();
    else this.left.close();
    this.building = false;
    this.rightRows = [];
  }
}

export class NestedLoopJoin extends JoinBase {
  constructor(
    private readonly rt: Runtime,
    joinType: JoinType,
    left: Operator,
    right: Operator,
    leftWidth: number,
    rightWidth: number,
    private readonly condition: CompiledExpr | undefined,
  ) {
    super(joinType, left, right, leftWidth, rightWidth);
  }

  /** A yield falls due between two left rows (see `probe`). */
  override next(): Row[] | undefined | Yield {
    if (this.rt.yieldDue) return YIELD;
    return super.next();
  }

  protected override pauseDue(): boolean {
    return this.rt.yieldDue;
  }

  protected build(): void {}

  /**
   * Each (left, right) pair ticks the time slice, as a scan's rows do: a left row meets every
   * right row, and the left scan's own ticks (one per left row) would leave a large cross
   * product running for seconds without a look at the clock, holding up every other session and
   * its cancel request. The row's pairs are finished first; the yield comes at the next call.
   */
  protected probe(l: Row): boolean {
    let matched = false;
    const rows = this.rightRows;
    const rt = this.rt;
    for (let i = 0; i < rows.length; i++) {
      rt.tick();
      const row = this.joined(l, rows[i]);
      if (this.condition && this.condition(row) !== true) continue;
      matched = true;
      this.rightMatched[i] = 1;
      this.out.push(row);
    }
    return matched;
  }
}

/**
 * LATERAL Nested Loop: the right input reads the current left row (pushed on the runtime's
 * outer-row stack while it runs), so it is run again, and materialized, for every left row.
 * Only INNER/CROSS and LEFT joins can be LATERAL (the binder rejects RIGHT and FULL).
 */
export class LateralJoin implements Operator {
  private leftBatch: Row[] | undefined;
  private leftPos = 0;
  private readonly out: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly joinType: JoinType,
    private readonly left: Operator,
    private readonly right: Operator,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly condition: CompiledExpr | undefined,
  ) {}

  open(): void {
    this.left.open();
    this.leftBatch = undefined;
    this.leftPos = 0;
  }

  next(): Row[] | undefined | Yield {
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    emptyArray(this.out);
    while (this.out.length < BATCH_SIZE) {
      if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
        const b = this.left.next();
        if (b === YIELD) return this.out.length > 0 ? this.out : b;
        this.leftBatch = b;
        this.leftPos = 0;
        if (!this.leftBatch) break;
      }
      const l = this.leftBatch[this.leftPos++];
      this.rt.outer.push(l);
      let rights: Row[];
      try {
        // Run to its end here: the outer-row stack holds `l` only for this call.
        rights = drain(this.right, this.rt);
      } finally {
        this.rt.outer.pop();
      }
      let matched = false;
      for (const r of rights) {
        const row = this.joined(l, r);
        if (this.condition && this.condition(row) !== true) continue;
        matched = true;
        this.out.push(row);
      }
      if (!matched && this.joinType === 'left') this.out.push(this.joined(l, undefined));
      // The right side's run gave its yield up (nextRows): stop after this left row, or a left
      // batch of such runs would hold every other session up for seconds.
      if (rt.yieldDue || rt.sliceOver) return this.out.length > 0 ? this.out : YIELD;
    }
    return this.out.length > 0 ? this.out : undefined;
  }

  private joined(l: Row, r: Row | undefined): Row {
    const row = new Array<Value>(this.leftWidth + this.rightWidth);
    for (let i = 0; i < this.leftWidth; i++) row[i] = l[i];
    for (let i = 0; i < this.rightWidth; i++) row[this.leftWidth + i] = r ? r[i] : null;
    return row;
  }

  close(): void {
    this.left.close();
    this.leftBatch = undefined;
  }
}
