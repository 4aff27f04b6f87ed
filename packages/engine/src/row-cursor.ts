/**
 * RowCursor: a physical plan's rows pulled on demand, so a portal can stop after `maxRows` and
 * continue on the next Execute, and COPY TO can wait for a slow client between batches.
 *
 * It keeps the executor's operator tree open between fetches: the batch being read and the
 * position in it stay valid because nothing else calls the operator meanwhile (operators reuse
 * batches only on their own `next()`). Like `executePlan`, it checks for cancellation and yields
 * to the event loop every few batches (waiting for the client instead when it is congested), and
 * creates no promise per row.
 */
import type { Row } from '@rustydb/common';
import { buildOperator, type ExecutionContext, type Operator, Runtime } from '@rustydb/executor';
import type { PhysicalPlan } from '@rustydb/optimizer';

/** Batches between two yields to the event loop. */
const BATCHES_PER_YIELD = 4;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Not reentrant: one fetch at a time. Close it (or let it run to the end) to release the plan. */
export class RowCursor {
  private readonly op: Operator;
  private batch: Row[] | undefined;
  private pos = 0;
  private batches = 0;
  private open = true;

  /**
   * Checks the running role's privileges, then builds and opens the plan's operators. Sync.
   * @throws DbError 42501, or from operator setup.
   */
  constructor(
    plan: PhysicalPlan,
    private readonly ctx: ExecutionContext,
  ) {
    ctx.checkPrivileges?.(plan);
    this.op = buildOperator(plan, new Runtime(ctx));
    this.op.open();
  }

  /** True once every row was fetched (the operators are closed then). */
  get done(): boolean {
    return !this.open;
  }

  /**
   * Hands up to `maxRows` rows (0: all) to `onRow` — each valid only during the call — and
   * resolves to the number sent. Async (yields between batches). Rejects with the executor's
   * DbError (the cursor is closed then) or 57014 on cancellation.
   */
  async fetch(
    maxRows: number,
    onRow: (row: Row) => void,
    backpressure?: () => Promise<void> | undefined,
  ): Promise<number> {
    let sent = 0;
    try {
      // NB: stop as soon as the limit is reached, without looking ahead (as PostgreSQL: a fetch
      // that took exactly the last row still suspends, and the next one completes with 0 rows).
      while (this.open && (maxRows === 0 || sent < maxRows)) {
        const batch = this.batch;
        if (batch === undefined || this.pos >= batch.length) {
          if (++this.batches % BATCHES_PER_YIELD === 0) {
            this.ctx.checkInterrupts();
            await (backpressure?.() ?? yieldToEventLoop());
          }
          this.batch = this.op.next();
          this.pos = 0;
          if (this.batch === undefined) this.close();
          continue;
        }
        onRow(batch[this.pos++]!);
        sent++;
      }
    } catch (err) {
      this.close();
      throw err;
    }
    return sent;
  }

  /** Releases the operators (idempotent). Sync. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.batch = undefined;
    this.op.close();
  }
}
