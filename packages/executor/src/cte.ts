/**
 * Common table expressions: WITH, CTE Scan, and WITH RECURSIVE's Recursive Union and WorkTable
 * Scan.
 *
 * A CTE runs at most once per open of its WithOp, lazily: its rows go into a shared CteBuffer as
 * readers ask for them, so every CTE Scan of it reads the same rows, a CTE nobody reads never
 * runs, and `WITH RECURSIVE t AS (… UNION ALL …) SELECT … FROM t LIMIT 10` stops pulling once
 * the limit is reached (the recursion may be endless).
 *
 * Data-modifying CTEs (`WITH d AS (DELETE … RETURNING …)`) run exactly once, to completion, as
 * PostgreSQL runs them: lazily while the main query reads them, then — once the main query has
 * ended — whatever is left of each, the last-listed first (ExecPostprocessPlan: a later CTE may
 * still read an earlier one's rows). All of them and the main query run as one command with one
 * snapshot, so none sees another's changes except through RETURNING, and a row two of them
 * change is changed only by the first to reach it (the second skips it). Foreign keys are checked
 * once all have ended (`Runtime.deferredStatementEnds`). A sub-statement may wait for a row
 * another transaction holds: its CteBuffer turns the wait into a YIELD that travels up to
 * executePlan, which awaits `rt.pendingWait` and calls again.
 *
 * Recursive Union: yields the non-recursive term's rows, then runs the recursive term again and
 * again, each time with the previous iteration's rows as its work table, until an iteration
 * yields no (new) rows. Without ALL, rows already produced are dropped, which ends cycles.
 */
import { emptyArray, type Row, type SqlType } from '@rustydb/common';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';
import type { Runtime } from './runtime.js';

/** A CTE's rows so far and the operator producing the rest. */
export class CteBuffer {
  readonly rows: Row[] = [];
  private state: 'idle' | 'running' | 'done' = 'idle';

  constructor(
    private readonly rt: Runtime,
    readonly op: Operator,
    /**
     * The operator hands out a new array per row (INSERT / UPDATE / DELETE's RETURNING rows), so
     * they are kept as they are; other operators' rows are valid only until their next call.
     */
    private readonly freshRows = false,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Forgets the rows (a new open of the WithOp: outer rows may differ). */
  reset(): void {
    if (this.state === 'running') this.op.close();
    this.rows.length = 0;
    this.state = 'idle';
  }

  /**
   * Makes `rows` longer than `n` if the CTE has more rows; returns whether it does, or YIELD
   * when the CTE's query yielded first (call again after the event loop ran).
   */
  fill(n: number): boolean | Yield {
    while (this.rows.length <= n && this.state !== 'done') {
      if (this.step() === YIELD) return YIELD;
    }
    return this.rows.length > n;
  }

  /**
   * Pulls one batch of the CTE's rows. YIELD: its query yielded, or a data-modifying one must
   * wait for a row (`rt.pendingWait`; it retries the row on the next call).
   */
  step(): Yield | undefined {
    if (this.state === 'idle') {
      this.op.open();
      this.state = 'running';
    }
    const b = this.op.next();
    if (b === YIELD) return b;
    if (!b) {
      this.op.close();
      this.state = 'done';
      return undefined;
    }
    if (this.freshRows) for (const r of b) this.rows.push(r);
    else for (const r of b) this.rows.push(r.slice());
    return this.rt.pendingWait === undefined ? undefined : YIELD;
  }
}

/**
 * WITH: registers its CTEs' buffers for the CTE Scans below it, then yields its input; with
 * data-modifying CTEs, then runs what is left of them (see the file comment).
 */
export class WithOp implements Operator {
  private readonly buffers: { id: number; buffer: CteBuffer }[];
  /** The data-modifying CTEs' buffers, in WITH order. */
  private readonly modifying: CteBuffer[];
  private inputDone = false;
  private readonly empty: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    ctes: readonly { id: number; op: Operator; dataModifying: boolean }[],
    readonly input: Operator,
  ) {
    this.buffers = ctes.map((c) => ({ id: c.id, buffer: new CteBuffer(rt, c.op, c.dataModifying) }));
    this.modifying = this.buffers.map((b) => b.buffer).filter((_, i) => ctes[i].dataModifying);
    for (const b of this.buffers) rt.ctes.set(b.id, b.buffer);
  }

  /** The data-modifying CTEs' operators (executePlan lets them wait for rows). */
  get modifyingOps(): readonly Operator[] {
    return this.modifying.map((b) => b.op);
  }

  open(): void {
    for (const b of this.buffers) {
      b.buffer.reset();
      this.rt.ctes.set(b.id, b.buffer);
    }
    this.inputDone = false;
    if (this.modifying.length > 0) this.rt.deferredStatementEnds = [];
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    if (!this.inputDone) {
      const b = this.input.next();
      if (b !== undefined || this.modifying.length === 0) return b;
      this.inputDone = true;
    }
    return this.finishModifying();
  }

  /**
   * One batch more of the data-modifying CTEs the main query left unfinished, the last-listed
   * first: an empty batch (executePlan yields and waits between them), YIELD, or undefined once
   * all have ended and the foreign keys of every sub-statement are checked.
   */
  private finishModifying(): Row[] | undefined | Yield {
    for (let i = this.modifying.length - 1; i >= 0; i--) {
      const buffer = this.modifying[i];
      if (buffer.done) continue;
      return buffer.step() ?? this.empty;
    }
    const ends = this.rt.deferredStatementEnds ?? [];
    this.rt.deferredStatementEnds = undefined;
    for (const w of ends) w.finishStatement();
    return undefined;
  }

  close(): void {
    this.input.close();
    for (const b of this.buffers) b.buffer.reset();
    if (this.modifying.length > 0) this.rt.deferredStatementEnds = undefined;
  }
}

/** CTE Scan: reads its CTE's buffer from the start, filling it as needed. */
export class CteScanOp implements Operator {
  private pos = 0;
  private buffer: CteBuffer | undefined;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly cteId: number,
  ) {}

  open(): void {
    this.buffer = this.rt.ctes.get(this.cteId);
    this.pos = 0;
  }

  next(): Row[] | undefined | Yield {
    const buf = this.buffer;
    if (!buf) return undefined;
    emptyArray(this.batch);
    while (this.batch.length < BATCH_SIZE) {
      const more = buf.fill(this.pos);
      // Rows in hand go first: a dropped YIELD falls due again at the scans' next check.
      if (more === YIELD) return this.batch.length > 0 ? this.batch : more;
      if (!more) break;
      this.batch.push(buf.rows[this.pos++]);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    this.buffer = undefined;
  }
}

/** WorkTable Scan: the rows of the recursive CTE's previous iteration. */
export class WorkTableScanOp implements Operator {
  private rows: readonly Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly cteId: number,
  ) {}

  open(): void {
    this.rows = this.rt.workTables.get(this.cteId) ?? [];
    this.pos = 0;
  }

  next(): Row[] | undefined {
    if (this.pos >= this.rows.length) return undefined;
    emptyArray(this.batch);
    while (this.pos < this.rows.length && this.batch.length < BATCH_SIZE)
      this.batch.push(this.rows[this.pos++]);
    return this.batch;
  }

  close(): void {
    this.rows = [];
  }
}

/** Recursive Union: see the file comment. Streams; memory: the seen keys (UNION) and one iteration. */
export class RecursiveUnionOp implements Operator {
  private seen: Set<HashKey> | undefined;
  private current: Operator;
  private produced: Row[] = [];
  private done = false;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly cteId: number,
    private readonly all: boolean,
    private readonly nonRecursive: Operator,
    private readonly recursive: Operator,
    private readonly types: readonly SqlType[],
  ) {
    this.current = nonRecursive;
  }

  open(): void {
    this.seen = this.all ? undefined : new Set();
    this.produced = [];
    this.done = false;
    this.current = this.nonRecursive;
    this.current.open();
  }

  next(): Row[] | undefined | Yield {
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    // Cancel, statement_timeout and the heap watchdog: a recursion that never ends reads no
    // table (nothing else ticks) and piles its rows up in whatever consumes them.
    rt.ctx.checkInterrupts();
    emptyArray(this.batch);
    while (!this.done && this.batch.length === 0) {
      const b = this.current.next();
      // The batch is empty here (the loop runs while it is): nothing is held back.
      if (b === YIELD) return b;
      if (b) {
        // Each row ticks the time slice, as a scan's do: the recursion's own rows are all it
        // reads, and without yielding a recursion that never ends would hold up every other
        // session (and its cancel request). The batch is handed over whole, then the yield.
        let due = false;
        for (const r of b) {
          if (rt.tick()) due = true;
          if (this.seen) {
            const k = rowKey(r, this.types);
            if (this.seen.has(k)) continue;
            this.seen.add(k);
          }
          const copy = r.slice();
          this.produced.push(copy);
          this.batch.push(copy);
        }
        if (due) return this.batch.length > 0 ? this.batch : YIELD;
        continue;
      }
      this.current.close();
      if (this.produced.length === 0) {
        this.done = true;
        break;
      }
      // The next iteration reads what this one produced.
      this.rt.workTables.set(this.cteId, this.produced);
      this.produced = [];
      this.current = this.recursive;
      this.current.open();
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    if (!this.done) this.current.close();
    this.done = true;
    this.rt.workTables.delete(this.cteId);
  }
}
