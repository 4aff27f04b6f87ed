/**
 * The row-at-a-time operators that need no memory beyond one batch: Result (one empty row),
 * Values Scan, Filter, Project, ProjectSet (generate_series in the select list) and Limit.
 */
import { DbError, emptyArray, type Row, type SqlType, type TimeZone, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { EXPRESSION_WAIT } from './expression-wait.js';
import { BATCH_SIZE, type Operator, YIELD, type Yield, type YieldFlag } from './operator.js';
import { routineRows } from './routine-call.js';
import type { Runtime } from './runtime.js';
import type { Series } from './series.js';
import { rowSeries, seriesFor } from './set-returning.js';

const EMPTY: Row = [];

/** One row with no columns (SELECT without FROM). */
export class ResultOp implements Operator {
  private done = false;
  private readonly batch: Row[] = [[]];

  open(): void {
    this.done = false;
  }

  next(): Row[] | undefined {
    if (this.done) return undefined;
    this.done = true;
    return this.batch;
  }

  close(): void {}
}

/** VALUES: each row's expressions evaluated on open, once per scan. */
export class ValuesScan implements Operator {
  private rows: Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(private readonly exprs: readonly (readonly CompiledExpr[])[]) {}

  open(): void {
    this.rows = this.exprs.map((r) => r.map((e) => e(EMPTY)));
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

export class FilterOp implements Operator {
  private readonly batch: Row[] = [];
  /**
   * The input batch being filtered and the next row of it: a predicate with a subquery can cost
   * a whole scan per row, so the filter may stop between two rows (see `next`).
   */
  private pending: readonly Row[] | undefined;
  private pos = 0;

  constructor(
    private readonly input: Operator,
    private readonly predicate: CompiledExpr,
    /** The time slice's flags (Runtime): a subquery's scans may end the slice mid-batch. */
    private readonly flag: YieldFlag,
  ) {}

  open(): void {
    this.input.open();
    this.pending = undefined;
  }

  /**
   * The input's rows the predicate accepts. When the slice ends between two rows (the
   * predicate's own scans ticked it to its end: yieldDue, or sliceOver), the rows so far go (or a
   * YIELD), and the next call goes on from the next row; the input's batch is not asked for
   * again before.
   */
  next(): Row[] | undefined | Yield {
    const flag = this.flag;
    emptyArray(this.batch);
    for (;;) {
      let b = this.pending;
      if (b === undefined) {
        const next = this.input.next();
        if (next === YIELD || next === undefined) return next;
        b = next;
        this.pending = b;
        this.pos = 0;
      }
      while (this.pos < b.length) {
        const r = b[this.pos++]!;
        if (this.predicate(r) === true) this.batch.push(r);
        if (flag.yieldDue || flag.sliceOver === true) return this.batch.length > 0 ? this.batch : YIELD;
      }
      this.pending = undefined;
      if (this.batch.length > 0) return this.batch;
    }
  }

  close(): void {
    this.input.close();
  }
}

/**
 * Computes the select list into reused output rows. In the statement's top Project, when its
 * driver awaits waits (`rt.waitingProject`, execute-plan.ts), an expression may start a wait
 * (expression-wait.ts), and the row is computed again after it.
 */
export class ProjectOp implements Operator {
  private readonly pool: Row[] = [];
  private readonly batch: Row[] = [];
  /** The input batch whose row `resumeAt` waits (valid: the input is not called meanwhile). */
  private held: Row[] | undefined;
  private resumeAt = 0;

  constructor(
    readonly input: Operator,
    private readonly exprs: readonly CompiledExpr[],
    private readonly rt?: Runtime,
  ) {}

  open(): void {
    this.held = undefined;
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    let b = this.held;
    let from = this.resumeAt;
    if (b === undefined) {
      const got = this.input.next();
      if (got === undefined || got === YIELD) return got;
      b = got;
      from = 0;
    }
    this.held = undefined;
    emptyArray(this.batch);
    const rt = this.rt;
    if (rt !== undefined && rt.waitingProject === this) return this.projectWaiting(b, from, rt);
    for (let i = 0; i < b.length; i++) this.project(b[i]);
    return this.batch;
  }

  close(): void {
    this.input.close();
  }

  /** Projects `b` from row `from`, stopping at a row whose expression waits (kept for the retry). */
  private projectWaiting(b: Row[], from: number, rt: Runtime): Row[] {
    rt.expressionWaitAllowed = true;
    try {
      for (let i = from; i < b.length; i++) {
        try {
          this.project(b[i]);
          if (rt.grantedWaits.length > 0) rt.grantedWaits.length = 0;
        } catch (err) {
          if (err !== EXPRESSION_WAIT) throw err;
          this.batch.pop();
          this.held = b;
          this.resumeAt = i;
          break;
        }
      }
    } finally {
      rt.expressionWaitAllowed = false;
    }
    return this.batch;
  }

  /** Computes one output row into the pool and appends it to the batch. */
  private project(r: Row): void {
    const n = this.exprs.length;
    let out = this.pool[this.batch.length];
    if (!out) {
      out = new Array<Value>(n);
      this.pool.push(out);
    }
    this.batch.push(out);
    for (let j = 0; j < n; j++) out[j] = this.exprs[j](r);
  }
}

/**
 * generate_series, the other built-in set-returning functions and set-returning user functions
 * (their rows computed per input row by the engine, routine-call.ts) in the select list: per
 * input row, as many output rows as the longest series;
 * shorter ones yield NULL once exhausted (PostgreSQL 10+ lockstep semantics).
 */
export class ProjectSetOp implements Operator {
  private current: Row | undefined;
  private series: (Series | undefined)[] = [];
  private pending: Row[] = [];
  private pendingPos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly input: Operator,
    private readonly exprs: readonly CompiledExpr[],
    private readonly srfs: readonly {
      slot: number;
      args: readonly CompiledExpr[];
      type: SqlType;
      fn?: string;
      field?: number;
      /** A set-returning user function: its OID. */
      routine?: number;
    }[],
    /** The session's TimeZone, for a timestamptz generate_series. */
    private readonly zone: TimeZone,
    /** Cancel and statement_timeout, checked per batch: one input row can yield a long series. */
    private readonly checkInterrupts: () => void,
    /** Where user-defined functions run (routine-call.ts); its time slice is ticked per row. */
    private readonly rt: Pick<Runtime, 'ctx' | 'tick' | 'yieldDue'>,
  ) {}

  open(): void {
    this.input.open();
    this.current = undefined;
    this.pending = [];
    this.pendingPos = 0;
  }

  next(): Row[] | undefined | Yield {
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    this.checkInterrupts();
    emptyArray(this.batch);
    while (this.batch.length < BATCH_SIZE) {
      if (this.current) {
        const out = this.step(this.current);
        if (out) {
          this.batch.push(out);
          // A row of a series ticks the time slice, as a scan's row does: one input row can
          // yield a series long enough to hold up every other session.
          if (rt.tick()) return this.batch;
          continue;
        }
        this.current = undefined;
      }
      if (this.pendingPos >= this.pending.length) {
        const b = this.input.next();
        if (!b) break;
        // The rows so far go now; the YIELD would be lost if they were kept (the next call reads on).
        if (b === YIELD) return this.batch.length > 0 ? this.batch : b;
        this.pending = b.map((r) => r.slice());
        this.pendingPos = 0;
      }
      const row = this.pending[this.pendingPos++]!;
      this.current = row;
      this.series = this.srfs.map((s) => {
        const args = s.args.map((a) => a(row));
        if (s.routine === undefined) return seriesFor(s.fn, args, s.type, s.field, this.zone);
        return rowSeries(routineRows(this.rt, s.routine, args), s.type, s.field);
      });
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  private step(row: Row): Row | undefined {
    let any = false;
    const values: Value[] = [];
    for (const s of this.series) {
      const v = s?.next();
      if (v !== undefined) any = true;
      values.push(v ?? null);
    }
    if (!any) return undefined;
    const out = this.exprs.map((e) => e(row));
    this.srfs.forEach((s, i) => {
      out[s.slot] = values[i];
    });
    return out;
  }

  close(): void {
    this.input.close();
  }
}

/**
 * LIMIT/OFFSET, evaluated at open (2201W/2201X for negative values, as PostgreSQL). Subclasses
 * (LimitWithTiesOp) change when the input is done (`more`) and which rows past the OFFSET a batch
 * keeps (`take`); the skipping and the waits passed up stay here.
 */
export class LimitOp implements Operator {
  protected remaining = Number.POSITIVE_INFINITY;
  private skip = 0;
  protected readonly batch: Row[] = [];

  constructor(
    readonly input: Operator,
    private readonly limit: CompiledExpr | undefined,
    private readonly offset: CompiledExpr | undefined,
  ) {}

  open(): void {
    const { limit, offset } = limitValues(this.limit, this.offset);
    this.remaining = limit;
    this.skip = offset;
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    while (this.more()) {
      const b = this.input.next();
      if (!b) return undefined;
      // An empty batch is a LockRows below waiting for a row (executePlan awaits it): pass it up.
      if (b === YIELD || b.length === 0) return b;
      let start = 0;
      if (this.skip > 0) {
        start = Math.min(this.skip, b.length);
        this.skip -= start;
      }
      if (start >= b.length) continue;
      emptyArray(this.batch);
      this.take(b, start);
      if (this.batch.length > 0) return this.batch;
    }
    return undefined;
  }

  /** Whether more input rows may still be output. */
  protected more(): boolean {
    return this.remaining > 0;
  }

  /** Appends to `batch` the rows of `b` from `start` on that the limit lets through. */
  protected take(b: readonly Row[], start: number): void {
    for (let i = start; i < b.length && this.remaining > 0; i++, this.remaining--) this.batch.push(b[i]!);
  }

  close(): void {
    this.input.close();
  }
}

/** Evaluates LIMIT and OFFSET: NULL limit means none, NULL offset means 0. */
export function limitValues(
  limit: CompiledExpr | undefined,
  offset: CompiledExpr | undefined,
): { limit: number; offset: number } {
  const l = limit ? limit(EMPTY) : null;
  const o = offset ? offset(EMPTY) : null;
  if (l !== null && (l as bigint) < 0n) throw new DbError('2201W', 'LIMIT must not be negative');
  if (o !== null && (o as bigint) < 0n) throw new DbError('2201X', 'OFFSET must not be negative');
  return {
    limit: l === null ? Number.POSITIVE_INFINITY : Number(l),
    offset: o === null ? 0 : Number(o),
  };
}
