/**
 * StatementInterrupts: how a running statement is stopped — a CancelRequest (`cancel()`) or
 * statement_timeout — both 57014. The executor polls `check` between row batches; a statement
 * waiting for a lock is woken at once through the abort signal of its waits.
 *
 * The AbortController is created lazily (`signal()`, when a lock must wait): most statements
 * never wait, and a controller per statement is measurable on the point-query path. Without
 * one, the first abort reason is kept and a controller created later in the statement starts
 * aborted with it. No timer exists when statement_timeout is 0.
 */
import { DbError } from '@rustydb/common';

/** 57014 for a CancelRequest. */
export const cancelError = (): DbError => new DbError('57014', 'canceling statement due to user request');

const statementTimeoutError = (): DbError =>
  new DbError('57014', 'canceling statement due to statement timeout');

/** One session's interrupt state. Synchronous but for `timed`. */
export class StatementInterrupts {
  #cancelRequested = false;
  /** statement_timeout fired for the running statement. */
  #timedOut = false;
  /** When the running statement's statement_timeout expires (Date.now() ms); 0: none. */
  #deadline = 0;
  /** Aborted by cancel() or statement_timeout: ends the running statement's lock waits. */
  #abort: AbortController | undefined;
  /** An abort that came before the statement's controller existed. */
  #abortReason: unknown;
  /** Is a statement inside `timed`? Numbered so a nested one's end leaves the outer alone. */
  #active = false;
  #seq = 0;

  /**
   * The executor's interrupt check. @throws DbError 57014 after a cancel request or past the
   * statement's deadline.
   */
  readonly check = (): void => {
    if (this.#cancelRequested) {
      this.#cancelRequested = false;
      throw cancelError();
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
    this.#cancelRequested = false;
  }

  /** A CancelRequest: the running statement stops at its next check, or at once in a lock wait. */
  cancel(): void {
    this.#cancelRequested = true;
    this.abortStatement(cancelError());
  }

  /** Aborts the running statement's lock waits with `reason` (nothing between statements). */
  abortStatement(reason: unknown): void {
    if (!this.#active) return;
    if (this.#abort !== undefined) this.#abort.abort(reason);
    else this.#abortReason ??= reason;
  }

  /** The running statement's abort signal (created on first use), or undefined between statements. */
  signal(): AbortSignal | undefined {
    if (!this.#active) return undefined;
    let abort = this.#abort;
    if (abort === undefined) {
      abort = new AbortController();
      this.#abort = abort;
      if (this.#abortReason !== undefined) abort.abort(this.#abortReason);
    }
    return abort.signal;
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
    this.#abort = undefined;
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
      this.#abort = undefined;
      this.#abortReason = undefined;
    }
  }
}
