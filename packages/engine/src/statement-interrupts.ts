/**
 * StatementInterrupts: how a running statement is stopped — a CancelRequest (`cancel()`) or
 * statement_timeout, both 57014, or a heap close to its limit (53200, see HEAP_WATERMARK). The executor polls `check` between row batches; a statement
 * waiting for a lock is woken at once: the abort calls the session's `endLockWait` hook (the
 * lock manager's `interrupt` of the session's lock owner), and a wait the statement starts
 * afterwards fails at once with the first abort reason (`abortReason`, the waits' option).
 *
 * No AbortController: at 16 clients of pgbench almost every statement waits for a row, and making
 * a controller and adding and removing its listener on each wait was ~30 µs of CPU per
 * transaction. No timer exists when statement_timeout is 0.
 */
import { getHeapStatistics } from 'node:v8';
import { DbError } from '@rustydb/common';

/** 57014 for a CancelRequest. */
export const cancelError = (): DbError => new DbError('57014', 'canceling statement due to user request');

const statementTimeoutError = (): DbError =>
  new DbError('57014', 'canceling statement due to statement timeout');

/**
 * The heap watchdog's line: a statement that finds the JavaScript heap fuller than this fraction
 * of its old generation's limit at an interrupt check fails with 53200. Every session shares the one heap, and V8
 * aborts the whole process when it runs out, so a statement that materializes more rows than the
 * heap can hold (a CTE over a huge table, a nested loop's inner side) must stop first. The used
 * size counts garbage not yet collected, so a nearly full heap of garbage can fail a statement
 * that would have fit: one failed statement rather than every session lost.
 */
export const HEAP_WATERMARK = 0.9;

/**
 * What of `heap_size_limit` is not the old generation, where rows pile up: the young generation's
 * semi-spaces (3 × 16 MiB on 64-bit Node 20) and some slack.
 */
const YOUNG_RESERVE = 64 << 20;

/** Interrupt checks between two looks at the heap (a look costs ~0.35 µs). */
const HEAP_CHECK_INTERVAL = 256;

/** 53200 when the heap is past HEAP_WATERMARK of its limit. */
export function checkHeap(): void {
  const heap = getHeapStatistics();
  if (heap.used_heap_size > HEAP_WATERMARK * (heap.heap_size_limit - YOUNG_RESERVE)) {
    const mb = (n: number) => Math.round(n / (1 << 20));
    throw new DbError('53200', 'out of memory', {
      detail: `The server's heap holds ${mb(heap.used_heap_size)} MB of its ${mb(heap.heap_size_limit)} MB limit; the statement was canceled to keep the server running.`,
    });
  }
}

/** One session's interrupt state. Synchronous but for `timed`. */
export class StatementInterrupts {
  /** What the running statement stops with at its next check (a cancel); undefined: nothing. */
  #cancelError: DbError | undefined;
  /** statement_timeout fired for the running statement. */
  #timedOut = false;
  /** When the running statement's statement_timeout expires (Date.now() ms); 0: none. */
  #deadline = 0;
  /** The first abort (cancel() or statement_timeout) of the running statement; undefined: none. */
  #abortReason: unknown;
  /** Ends the session's pending lock wait, if any, with the reason (see the file comment). */
  readonly #endLockWait: ((reason: unknown) => void) | undefined;
  /** Is a statement inside `timed`? Numbered so a nested one's end leaves the outer alone. */
  #active = false;
  #seq = 0;
  /** Checks since the heap was last looked at (see HEAP_WATERMARK). */
  #checks = 0;

  constructor(endLockWait?: (reason: unknown) => void) {
    this.#endLockWait = endLockWait;
  }

  /**
   * The executor's interrupt check. @throws DbError 57014 after a cancel request or past the
   * statement's deadline.
   */
  readonly check = (): void => {
    if (++this.#checks === HEAP_CHECK_INTERVAL) {
      this.#checks = 0;
      checkHeap();
    }
    const cancelled = this.#cancelError;
    if (cancelled !== undefined) {
      this.#cancelError = undefined;
      throw cancelled;
    }
    // The deadline too, not only the timer's flag: a long synchronous stretch of the executor
    // keeps the timer from running until the statement yields.
    if (this.#timedOut || (this.#deadline !== 0 && Date.now() >= this.#deadline)) {
      this.#timedOut = false;
      this.#deadline = 0;
      throw statementTimeoutError();
    }
  };

  /** A new message starts: an earlier cancel request is forgotten. */
  clearCancel(): void {
    this.#cancelError = undefined;
  }

  /**
   * A CancelRequest (or pg_cancel_backend): the running statement stops at its next check, or at
   * once in a lock wait, with `error` (57014 `canceling statement due to user request`).
   */
  cancel(error: DbError = cancelError()): void {
    this.#cancelError = error;
    this.abortStatement(error);
  }

  /** Aborts the running statement's lock waits with `reason` (nothing between statements). */
  abortStatement(reason: unknown): void {
    if (!this.#active) return;
    this.#abortReason ??= reason;
    this.#endLockWait?.(this.#abortReason);
  }

  /**
   * The running statement's first abort reason, which its next lock wait fails with at once;
   * undefined when it was not aborted or between statements.
   */
  abortReason(): unknown {
    return this.#active ? this.#abortReason : undefined;
  }

  /**
   * Runs one statement under a statement_timeout of `ms` (0: none): 57014 `canceling statement
   * due to statement timeout` from a lock wait at once, else at the executor's next check. Async.
   */
  async timed<T>(ms: number, fn: () => Promise<T> | T): Promise<T> {
    const seq = this.start(ms);
    const timer =
      ms > 0
        ? setTimeout(() => {
            this.#timedOut = true;
            if (this.#seq === seq) this.abortStatement(statementTimeoutError());
          }, ms)
        : undefined;
    try {
      return await fn();
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.end(seq);
    }
  }

  /**
   * A statement starts; its deadline is `ms` from now (0: none). Without a timeout this pair
   * (`start` … `end(seq)` in a finally) is all `timed` does, without a callback and an async
   * layer of its own per statement; with one, use `timed` (it owns the timer). Returns the
   * statement's number.
   */
  start(ms: number): number {
    const seq = ++this.#seq;
    this.#active = true;
    this.#abortReason = undefined;
    this.#timedOut = false;
    this.#deadline = ms > 0 ? Date.now() + ms : 0;
    return seq;
  }

  /** The statement `seq` (from `start`) ended, however it ended. */
  end(seq: number): void {
    this.#timedOut = false;
    this.#deadline = 0;
    if (this.#seq === seq) {
      this.#active = false;
      this.#abortReason = undefined;
    }
  }
}
