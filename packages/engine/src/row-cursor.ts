/**
 * RowCursor: a physical plan's rows pulled on demand, so a portal can stop after `maxRows` and
 * continue on the next Execute, and COPY TO can wait for a slow client between batches.
 *
 * It keeps the executor's operator tree open between fetches: the batch being read and the
 * position in it stay valid because nothing else calls the operator meanwhile (operators reuse
 * batches only on their own `next()`). Like `executePlan`, it checks for cancellation and yields
 * to the event loop every few batches and whenever the plan hands back YIELD (its time slice is
 * used up), waiting for the client instead when it is congested, and creates no promise per row.
 * A wait the plan hands up on `rt.pendingWait` (a blocking pg_advisory_lock in the select list:
 * executor's expression-wait.ts) is awaited in place of a yield.
 */
import { assert, type Row, yieldToEventLoop } from '@rustydb/common';
import {
  type AcquiredOperator,
  acquireOperator,
  allowExpressionWaits,
  type ExecutionContext,
  type Operator,
  releaseOperator,
  YIELD,
} from '@rustydb/executor';
import type { PhysicalPlan } from '@rustydb/optimizer';

/** Batches between two yields to the event loop. */
const BATCHES_PER_YIELD = 4;

/** Where a fetch sends its rows (a QueryOutput is one). */
export interface RowSink {
  /** One row, valid only during the call. */
  dataRow(row: Row): void;
  /** See `QueryOutput.backpressure`: awaited between batches instead of a plain yield. */
  backpressure?(): Promise<void> | undefined;
}

/** Not reentrant: one fetch at a time. Close it (or let it run to the end) to release the plan. */
export class RowCursor {
  private op!: Operator;
  private acquired!: AcquiredOperator;
  private batch: Row[] | undefined;
  private pos = 0;
  private batches = 0;
  private open = true;
  /** A fetch stopped to yield to the event loop before its next batch. */
  private yieldDue = false;
  /** The yield just happened: the next batch boundary must not count (or yield) again. */
  private resumed = false;
  /** A wait the plan started (rt.pendingWait), awaited at the due yield instead. */
  private wait: Promise<void> | undefined;

  /**
   * Checks the running role's privileges, then builds and opens the plan's operators. Sync.
   * @throws DbError 42501, or from operator setup.
   */
  constructor(
    private plan: PhysicalPlan,
    private ctx: ExecutionContext,
  ) {
    this.#start();
  }

  /**
   * Starts this closed cursor over `plan` in `ctx`, as `new RowCursor(plan, ctx)` would: a
   * portal's next execution of its plan reuses its finished cursor instead of making one. Sync.
   * @throws DbError 42501, or from operator setup (the cursor stays closed).
   */
  reopen(plan: PhysicalPlan, ctx: ExecutionContext): this {
    assert(!this.open, 'RowCursor.reopen of an open cursor');
    this.plan = plan;
    this.ctx = ctx;
    this.batch = undefined;
    this.pos = 0;
    this.batches = 0;
    this.yieldDue = false;
    this.resumed = false;
    this.wait = undefined;
    this.open = true;
    this.#start();
    return this;
  }

  #start(): void {
    const plan = this.plan;
    let acquired: AcquiredOperator;
    try {
      this.ctx.checkPrivileges?.(plan);
      // A cached plan's idle operator tree is reused (executor reusable-plan.ts), as executePlan does.
      acquired = acquireOperator(plan, this.ctx);
    } catch (err) {
      this.open = false;
      throw err;
    }
    this.acquired = acquired;
    this.op = acquired.op;
    allowExpressionWaits(this.op, acquired.rt);
    try {
      this.op.open();
    } catch (err) {
      this.open = false;
      releaseOperator(plan, acquired, false);
      throw err;
    }
  }

  /** True once every row was fetched (the operators are closed then). */
  get done(): boolean {
    return !this.open;
  }

  /**
   * Hands up to `maxRows` rows (0: all) to `sink.dataRow` — each valid only during the call —
   * and returns the number sent: as a plain number when no yield to the event loop fell due
   * (sync: a short result costs no promise), else as a promise. Throws / rejects with the
   * executor's DbError (the cursor is closed then) or 57014 on cancellation.
   */
  fetch(maxRows: number, sink: RowSink): Promise<number> | number {
    let sent: number;
    try {
      // A new time slice per fetch (the clock is read only once a scan read TICKS_PER_CHECK rows).
      this.acquired.rt.beginSlice();
      sent = this.pull(maxRows, sink, 0);
    } catch (err) {
      this.close();
      throw err;
    }
    return this.yieldDue ? this.fetchAfterYields(maxRows, sink, sent) : sent;
  }

  /** The rest of a fetch once a yield fell due: wait (client or event loop), pull on. Async. */
  private async fetchAfterYields(maxRows: number, sink: RowSink, sent: number): Promise<number> {
    try {
      while (this.yieldDue) {
        this.yieldDue = false;
        this.ctx.checkInterrupts();
        const wait = this.wait;
        this.wait = undefined;
        await (wait ?? sink.backpressure?.() ?? yieldToEventLoop());
        this.ctx.checkInterrupts();
        this.acquired.rt.beginSlice();
        this.resumed = true;
        sent = this.pull(maxRows, sink, sent);
      }
    } catch (err) {
      this.close();
      throw err;
    }
    return sent;
  }

  /**
   * Sends rows until the limit, the end, or a due yield (`yieldDue`: every BATCHES_PER_YIELD
   * batches, or a YIELD from the plan). Returns the running count. Sync; throws the executor's
   * errors.
   */
  private pull(maxRows: number, sink: RowSink, sent: number): number {
    // NB: stop as soon as the limit is reached, without looking ahead (as PostgreSQL: a fetch
    // that took exactly the last row still suspends, and the next one completes with 0 rows).
    while (this.open && (maxRows === 0 || sent < maxRows)) {
      const batch = this.batch;
      if (batch === undefined || this.pos >= batch.length) {
        if (this.resumed) this.resumed = false;
        else if (++this.batches % BATCHES_PER_YIELD === 0) {
          this.yieldDue = true;
          return sent;
        }
        const b = this.op.next();
        this.pos = 0;
        if (b === YIELD) {
          // The plan's time slice is used up: the event loop's turn (the batch is not counted).
          this.batch = undefined;
          this.yieldDue = true;
          return sent;
        }
        this.batch = b;
        if (b === undefined) this.close(true);
        else if (this.acquired.rt.pendingWait !== undefined) {
          // The rows before the waiting one go out after the wait (they stay valid: the plan
          // is not called meanwhile).
          this.wait = this.acquired.rt.pendingWait;
          this.acquired.rt.pendingWait = undefined;
          this.yieldDue = true;
          return sent;
        }
        continue;
      }
      sink.dataRow(batch[this.pos++]!);
      sent++;
    }
    return sent;
  }

  /**
   * Releases the operators (idempotent). Sync. The tree is kept for the plan's next execution
   * only when every row was read without error (`ok` and at the end); a tree left mid-way or
   * after an error is dropped.
   */
  close(ok = false): void {
    if (!this.open) return;
    this.open = false;
    this.batch = undefined;
    let closed = false;
    try {
      this.op.close();
      closed = true;
    } finally {
      releaseOperator(this.plan, this.acquired, ok && closed);
    }
  }
}
