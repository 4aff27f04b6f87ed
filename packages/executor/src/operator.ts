/**
 * Operator: the executor's iterator. Operators are synchronous pull iterators over batches of
 * rows (Volcano with batches): `open()` starts (or restarts, for rescans), `next()` returns the
 * next non-empty batch or undefined at the end, `close()` releases cursors.
 *
 * OWNERSHIP: a batch and its rows are valid until the next `next()`/`close()` call on the same
 * operator; operators reuse them. A consumer that keeps rows (sort, hash tables) copies them.
 *
 * YIELDING: `next()` may also return YIELD — "no rows yet, call me again after the event loop
 * has run". The scans return it when the statement's time slice is used up (Runtime.tick); an
 * operator that pulls from a child returns it on, keeping its own state so that the next call
 * resumes where it was (one holding rows returns them first; the flag being sticky, its next
 * call yields). The driver (executePlan, EXPLAIN ANALYZE, the engine's RowCursor) awaits
 * setImmediate, starts a new slice and calls again. A consumer that cannot suspend (a subplan
 * evaluated inside an expression, a merge join's inner side, a LATERAL item) pulls with
 * `nextRows`, which gives the yield up and calls again at once: correct, just not yielding.
 */
import { emptyArray, type Row } from '@rustydb/common';

/** Rows per batch: large enough to amortize calls, small enough to stay in cache. */
export const BATCH_SIZE = 256;

/** The sentinel `next()` returns to hand the event loop a turn (one shared constant: no allocation). */
export const YIELD: unique symbol = Symbol('YIELD');
export type Yield = typeof YIELD;

export interface Operator {
  open(): void;
  /**
   * The next batch, undefined at the end, or YIELD. The batch and its rows are the operator's:
   * valid until its next `next()` (scans decode into a pool of row arrays they reuse). A
   * consumer that keeps rows across its own calls to `next()` (a join's held rows, a buffer)
   * must copy them or hand them on first; `testing/scan-like-rows.ts` gives tests an input that
   * reuses its rows like a scan.
   */
  next(): Row[] | undefined | Yield;
  close(): void;
}

/**
 * The statement's "time slice used up" flag (the Runtime's). Set by the scans' tick; it stays
 * set — every scan asked for rows hands back YIELD — until the driver starts a new slice after
 * its yield, or a consumer that cannot suspend gives the yield up (`nextRows`).
 */
export interface YieldFlag {
  yieldDue: boolean;
  /**
   * A consumer that cannot suspend gave a yield up (`nextRows`): the slice is over, and the
   * next operator that can suspend should (Runtime.tick answers true at once until the driver's
   * next `beginSlice`). Without it a subquery's own scans, clearing the flag they raised, would
   * hide the end of the slice from the statement around them for as long as they run.
   */
  sliceOver?: boolean;
}

/**
 * `op.next()` for a consumer that cannot suspend: on YIELD, clears the flag and calls again (the
 * yield is given up; the scans raise it again at their next check, the slice being over).
 */
export function nextRows(op: Operator, flag: YieldFlag): Row[] | undefined {
  for (;;) {
    const b = op.next();
    if (b !== YIELD) return b;
    flag.yieldDue = false;
    flag.sliceOver = true;
  }
}

/**
 * Pulls every row of `op` (opened and closed here), copying each, without suspending (see
 * `nextRows`). For materializing inputs.
 */
export function drain(op: Operator, flag: YieldFlag, into: Row[] = []): Row[] {
  op.open();
  try {
    for (let b = nextRows(op, flag); b; b = nextRows(op, flag)) for (const r of b) into.push(r.slice());
  } finally {
    op.close();
  }
  return into;
}

/**
 * An input read to its end over as many calls as it takes (the build side of a nested loop or
 * semi join): `fill` copies rows until the end (true; the input is closed then) or a YIELD
 * (false: call again after the event loop ran).
 */
export class MaterializedInput {
  rows: Row[] = [];
  private reading = false;

  constructor(private readonly input: Operator) {}

  /** Opens the input and forgets the rows of a previous run. */
  start(): void {
    this.close();
    this.rows = [];
    this.input.open();
    this.reading = true;
  }

  fill(): boolean {
    if (!this.reading) return true;
    for (let b = this.input.next(); b; b = this.input.next()) {
      if (b === YIELD) return false;
      for (const r of b) this.rows.push(r.slice());
    }
    this.close();
    return true;
  }

  /** Closes the input if it is still being read (idempotent); the rows stay. */
  close(): void {
    if (!this.reading) return;
    this.reading = false;
    this.input.close();
  }
}

/** Yields a materialized list of rows in batches (rows are handed out as they are). */
export class RowListOperator implements Operator {
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(private readonly rows: () => readonly Row[]) {}

  open(): void {
    this.pos = 0;
  }

  next(): Row[] | undefined {
    const rows = this.rows();
    if (this.pos >= rows.length) return undefined;
    const end = Math.min(rows.length, this.pos + BATCH_SIZE);
    emptyArray(this.batch);
    for (let i = this.pos; i < end; i++) this.batch.push(rows[i] as Row);
    this.pos = end;
    return this.batch;
  }

  close(): void {}
}

/**
 * close() of a blocking operator that reads its input from next() (a read a yield may
 * interrupt): drops the operator's own state, then closes the input if the operator was closed
 * before reading all of it (an error, a cancel, a LIMIT 0 above; an exhausted input has closed
 * itself).
 */
export function releaseThenCloseInput(release: () => void, input: Operator, stillReading: boolean): void {
  try {
    release();
  } finally {
    if (stillReading) input.close();
  }
}
