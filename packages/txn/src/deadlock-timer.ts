/**
 * DeadlockTimer: the one timer behind every lock wait's deadlock check (lock-manager.ts).
 * PostgreSQL arms a timer per wait (deadlock_timeout); here each wait records when its check is
 * due, and a single timer is armed for the earliest due check. When it fires, the manager's
 * `sweep` checks every wait that is due and names the next due time, for which the timer is armed
 * again. Under a contended row almost every statement waits a few milliseconds and never reaches
 * its check, so a wait costs no timer of its own (a setTimeout and a clearTimeout per wait were
 * ~3.5 µs of CPU per pgbench transaction at 16 clients, and their garbage).
 *
 * The timer keeps the process alive only while some wait is pending (`pending`/`idle`): a
 * deadlock between two embedded sessions must still be found when nothing else runs, and an idle
 * server or test must not wait for a timer nobody needs. Times are Date.now() milliseconds, as
 * the waits' start times. Synchronous.
 */

/** Checks the waits due by `now`; returns when the next check is due (Infinity: none pending). */
export type DeadlockSweep = (now: number) => number;

export class DeadlockTimer {
  readonly #sweep: DeadlockSweep;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires; Infinity when none is armed. */
  #due = Number.POSITIVE_INFINITY;
  /** Does the armed timer keep the process alive? */
  #refed = false;
  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#due = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const next = this.#sweep(now);
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next, now);
  };

  constructor(sweep: DeadlockSweep) {
    this.#sweep = sweep;
  }

  /** A wait started whose deadlock check is due at `at` (`now` is the current Date.now()). */
  pending(at: number, now: number): void {
    if (at < this.#due) this.#arm(at, now);
    else if (!this.#refed) {
      this.#timer?.ref();
      this.#refed = true;
    }
  }

  /** No wait is pending any more: the armed timer (it still fires, finding nothing) lets the process exit. */
  idle(): void {
    if (this.#refed) {
      this.#timer?.unref();
      this.#refed = false;
    }
  }

  #arm(at: number, now: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#due = at;
    this.#timer = setTimeout(this.#fire, Math.max(0, at - now));
    this.#refed = true;
  }
}
