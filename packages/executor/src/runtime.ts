/**
 * Runtime: the state compiled expressions and operators share while one plan runs — the
 * execution context, the stack of outer rows correlated subqueries and LATERAL items read
 * (`outerColumn` with depth d reads `outer[outer.length - d]`), the CTEs of the WITH clauses
 * being run, the working tables of recursive CTEs, and the memory budget (`workMem`) and temp
 * directory of the operators that spill.
 */
import { tmpdir } from 'node:os';
import {
  currentTimestamp,
  type DateTimeStyle,
  DEFAULT_DATE_TIME_STYLE,
  parseTimeZoneSetting,
  type Row,
  type TimeZone,
  wallClockMs,
} from '@rustydb/common';
import type { CteBuffer } from './cte.js';
import type { ExecutionContext, SpillReport } from './execution-context.js';
import { DEFAULT_WORK_MEM } from './spill/external-sorter.js';
import { TempFileSet } from './spill/temp-file-set.js';
import type { TableTriggers } from './table-triggers.js';

export class Runtime {
  /** Rows of the enclosing queries, innermost last, while a correlated subquery runs. */
  readonly outer: Row[] = [];
  /** CTE id → its shared, lazily filled row buffer (registered by WithOp). */
  get ctes(): Map<number, CteBuffer> {
    // Made on first use: most statements have no CTE, and a Runtime is made per execution.
    this.#ctes ??= new Map();
    return this.#ctes;
  }
  #ctes: Map<number, CteBuffer> | undefined;
  /** Recursive CTE id → the rows of the previous iteration (set by RecursiveUnionOp). */
  get workTables(): Map<number, readonly Row[]> {
    this.#workTables ??= new Map();
    return this.#workTables;
  }
  #workTables: Map<number, readonly Row[]> | undefined;
  private ticks = 0;
  /** Versions read between two checks (interrupts and the time slice); a power of two. */
  private tickMask = TICKS_PER_CHECK - 1;
  /** Milliseconds a time slice lasts; undefined while the driver cannot await (no yields). */
  private sliceMs: number | undefined;
  /** performance.now() when the current slice ends; undefined: set at the slice's first check. */
  private sliceEnd: number | undefined;
  /**
   * The time slice is used up (operator.ts YieldFlag): every scan asked for rows hands back
   * YIELD until the driver's next `beginSlice` (or a `nextRows` that cannot suspend) clears it.
   * Sticky, so an operator that returns the rows it holds first still yields on its next call.
   * Set only by `tick`, so a driver that never called `beginSlice` never sees a YIELD.
   */
  yieldDue = false;
  /** See YieldFlag.sliceOver: set by `nextRows`, cleared by `beginSlice`. */
  sliceOver = false;
  /** ExecutionContext.yieldEveryRow (tests): every check ends the slice. */
  private everyRow = false;
  /**
   * A wait an operator started (a row's locker must end first): the operator returned an empty
   * batch and will retry the row; `executePlan` awaits this, clears it, and calls next() again.
   */
  pendingWait: Promise<void> | undefined;
  /**
   * The statement's top Project when this execution's driver awaits `pendingWait`
   * (allowExpressionWaits): its select list may start waits (expression-wait.ts). Per execution,
   * like `topLockRows`: a reused operator tree may run under a driver that does not.
   */
  waitingProject: object | undefined;
  /** An expression may start a wait: true only while `waitingProject` evaluates a row. */
  expressionWaitAllowed = false;
  /**
   * The waits expressions of the row being projected started and were granted (their tokens):
   * read by the row's retries, emptied by the top Project once the row is done.
   */
  readonly grantedWaits: string[] = [];
  /**
   * The plan's LockRows node whose waits executePlan awaits (only Limit, Project and WITH above
   * it, which pass empty batches on); set by executePlan.
   */
  topLockRows: object | undefined;
  /**
   * Under a WITH holding INSERT / UPDATE / DELETE: the DML operators' end-of-statement work
   * (foreign keys) that waits for the whole statement, as PostgreSQL's AFTER triggers fire at the
   * end of the query, after every sub-statement (cte.ts). Undefined: each does it at its own end.
   */
  deferredStatementEnds: { finishStatement(): void }[] | undefined;
  /**
   * COPY FROM runs its INSERT tree once per row: the triggers of its table, which the writer
   * uses instead of its own, and whose statement start and end (BEFORE / AFTER STATEMENT, the
   * queued AFTER ROW events) COPY fires itself, once.
   */
  callerTriggers: TableTriggers | undefined;

  /**
   * The execution's context. Rebound (`rebind`) when a cached operator tree runs again, so
   * compiled closures and operators read it through the Runtime, never capture its parts.
   */
  ctx: ExecutionContext;
  /** The session's TimeZone, resolved once per plan (a rebound Runtime's is the same zone). */
  readonly zone: TimeZone;
  /** The session's DateStyle and IntervalStyle (a rebound Runtime's are the same). */
  readonly style: DateTimeStyle;
  /** When this statement started (statement_timestamp()). */
  get statementStart(): bigint {
    // Converted on first use: few statements ask, and four BigInts per execution showed.
    this.#statementStart ??= currentTimestamp(this.#startMs);
    return this.#statementStart;
  }
  #startMs: number;
  #statementStart: bigint | undefined;
  private txStart: bigint | undefined;

  /** Bytes each sort, hash table or window sort may hold before spilling (work_mem). */
  workMem: number;
  /** Where the operators' temporary files go (read only by spilling operators). */
  get tempDir(): string {
    return this.ctx.tempDir ?? tmpdir();
  }
  /** Every TempFileSet handed out, so `closeTempFiles` can sweep what an operator left. */
  private readonly tempFileSets: TempFileSet[] = [];

  constructor(ctx: ExecutionContext) {
    this.ctx = ctx;
    this.zone = parseTimeZoneSetting(ctx.timeZone ?? 'UTC');
    this.style = ctx.dateTimeStyle ?? DEFAULT_DATE_TIME_STYLE;
    this.#startMs = wallClockMs();
    this.workMem = ctx.workMem ?? DEFAULT_WORK_MEM;
    this.setYieldMode(ctx);
  }

  /** Reads the test-only yieldEveryRow: a check per version, every one ending the slice. */
  private setYieldMode(ctx: ExecutionContext): void {
    this.everyRow = ctx.yieldEveryRow === true;
    this.tickMask = this.everyRow ? 0 : TICKS_PER_CHECK - 1;
  }

  /**
   * Makes this Runtime the frame of a new execution in `ctx` (reusable-plan.ts: a cached
   * operator tree running again): the per-execution state is cleared as a new Runtime's would
   * be. Synchronous. The caller guarantees `ctx.timeZone` and `ctx.dateTimeStyle` are the
   * zone and style this Runtime was made with and that no execution is still using it.
   */
  rebind(ctx: ExecutionContext): void {
    this.ctx = ctx;
    if (this.outer.length > 0) this.outer.length = 0;
    this.#ctes = undefined;
    this.#workTables = undefined;
    this.ticks = 0;
    this.sliceMs = undefined;
    this.sliceEnd = undefined;
    this.yieldDue = false;
    this.sliceOver = false;
    this.setYieldMode(ctx);
    this.pendingWait = undefined;
    this.waitingProject = undefined;
    this.expressionWaitAllowed = false;
    if (this.grantedWaits.length > 0) this.grantedWaits.length = 0;
    this.deferredStatementEnds = undefined;
    this.#startMs = wallClockMs();
    this.#statementStart = undefined;
    this.txStart = undefined;
    this.workMem = ctx.workMem ?? DEFAULT_WORK_MEM;
    if (this.tempFileSets.length > 0) this.tempFileSets.length = 0;
  }

  /**
   * A new TempFileSet for one operator, in `tempDir` (created with the first file). The
   * operator closes it on close() and on error; `closeTempFiles` is the backstop. Synchronous.
   */
  tempFiles(): TempFileSet {
    const activity = this.ctx.activity;
    const set = new TempFileSet(this.tempDir, activity && ((bytes) => activity.tempFileDone(bytes)));
    this.tempFileSets.push(set);
    return set;
  }

  /**
   * Deletes every temporary file still open in the sets handed out (idempotent): for whoever
   * ends the statement, after the operators' own close. Synchronous; throws 58030 (after trying
   * every set) if a file cannot be removed.
   */
  closeTempFiles(): void {
    let failure: unknown;
    for (const set of this.tempFileSets) {
      try {
        set.close();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** Hands an operator's statistics to the context's `onSpillStats`, if any. */
  reportSpill(report: SpillReport): void {
    this.ctx.onSpillStats?.(report);
  }

  /** now(): the transaction's start (see ExecutionContext.transactionStart). */
  transactionStart(): bigint {
    if (this.txStart === undefined) {
      this.txStart = this.ctx.transactionStart ?? transactionStarts.get(this.ctx.tx);
      if (this.txStart === undefined) {
        this.txStart = this.statementStart;
        transactionStarts.set(this.ctx.tx, this.txStart);
      }
    }
    return this.txStart;
  }

  /**
   * Called by scans per version read: every TICKS_PER_CHECK calls, checks for cancellation and
   * whether the time slice is used up. Returns true when it just set `yieldDue` (the scan then
   * ends its batch early). One counter per row; the clock is read once per check, and only
   * while slicing.
   */
  tick(): boolean {
    if (this.sliceOver) {
      // A consumer inside gave the yield up: the first operator that can suspend does.
      this.yieldDue = true;
      return true;
    }
    if ((++this.ticks & this.tickMask) !== 0) return false;
    this.ctx.checkInterrupts();
    if (this.sliceMs === undefined) return false;
    const now = performance.now();
    if (this.sliceEnd === undefined) {
      // Started lazily: a statement that reads fewer rows than one check never reads the clock.
      this.sliceEnd = now + this.sliceMs;
      return false;
    }
    if (now < this.sliceEnd) return false;
    this.yieldDue = true;
    return true;
  }

  /**
   * Starts a time slice of `ms`: for a driver that awaits setImmediate on YIELD, at the start
   * of the execution and after each yield. Sync; reads no clock.
   */
  beginSlice(ms = TIME_SLICE_MS): void {
    this.sliceMs = ms;
    this.sliceEnd = this.everyRow ? Number.NEGATIVE_INFINITY : undefined;
    this.yieldDue = false;
    this.sliceOver = false;
  }
}

/** Versions a scan reads between two checks of cancellation and the time slice. */
const TICKS_PER_CHECK = 1024;
/**
 * How long a statement runs before its scans hand the event loop a turn: short enough that
 * another session's point query waits at most about this long, long enough that the yield
 * (one setImmediate) costs well under 1% of the slice.
 */
export const TIME_SLICE_MS = 10;

/** Start times of transactions whose engine did not say (keyed weakly: dies with the txn). */
const transactionStarts = new WeakMap<object, bigint>();
