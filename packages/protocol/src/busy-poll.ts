/**
 * Busy polling: after a response goes out, keep the event loop turning for a short window
 * instead of letting it sleep in epoll_wait, so the client's next message is read by a thread
 * that is already running.
 *
 * WHY. A client that talks to one session at a time (pgbench, an ORM in a request handler) sends
 * its next statement a few tens of microseconds after it reads our answer. If the event loop
 * has gone to sleep by then, the kernel must wake it: on a virtual machine that is an
 * inter-processor interrupt through the hypervisor and a halted vCPU brought back, and the
 * thread then runs with cold caches (docs/benchmarks.md, twenty-first and twenty-third
 * sessions). PostgreSQL's backends pay the same wake-up, but their scheduler placement lets the
 * client and the backend share one CPU; a Node event loop and its client rarely do. Measured
 * here (`pgbench -S -M prepared`, one client, six alternating rounds): 12,800–19,000 tps without
 * the window, 15,700–22,700 with a 50 µs one, every round faster.
 *
 * HOW. `afterResponse()` pushes the deadline to now + window and, if no poll is running, starts
 * a chain of `setImmediate` callbacks. While an immediate is pending, libuv polls for I/O with a
 * zero timeout, so every turn of the chain is one turn of the whole event loop: sockets, timers
 * and the thread pool's completions are served as usual, nothing waits behind the poll. The
 * chain ends at the first turn past the deadline, and the loop sleeps as before. The same
 * mechanism as Linux's `net.core.busy_poll` (whose documentation suggests 50 µs), one level up.
 *
 * COST. CPU: at most one window per response, and only while nothing else is to be done; an
 * idle server spends nothing. A client sending every 40 µs keeps one core busy where it would
 * sleep in between. With many busy clients the loop rarely runs dry, so the window rarely
 * matters. No allocation but the Immediate per turn; no promise.
 *
 * BACKING OFF. A window pays only when a message arrives in it; one that arrives sooner than the
 * window ends shows as a response written while the poll still runs (a hit). Clients that pause
 * longer than the window between statements (think time, a rate-limited load, 60–200 µs gaps)
 * would have the loop spin through every gap for nothing, up to half a core. So after
 * MISSES_BEFORE_BACKOFF windows in a row end without a hit, the next responses open no window:
 * first one, then two, four, … up to MAX_SKIPPED_RESPONSES, each run of skipped responses
 * followed by one window that probes again. A hit ends the back-off at once.
 */

/** The server binary's default window in microseconds (Linux's suggested busy_poll). */
export const DEFAULT_BUSY_POLL_MICROS = 50;

/** Longest window accepted: beyond a millisecond the CPU burnt outweighs any wake-up saved. */
export const MAX_BUSY_POLL_MICROS = 1000;

/** Windows in a row that end without a hit before responses start skipping theirs. */
export const MISSES_BEFORE_BACKOFF = 16;

/** The longest run of responses without a window between two probing ones. */
export const MAX_SKIPPED_RESPONSES = 64;

export class BusyPoll {
  private readonly windowMs: number;
  private deadline = 0;
  private running = false;
  private stopped = false;
  /** Windows in a row that ended without a hit. */
  private misses = 0;
  /** The current back-off: responses to skip after each failed probe (0: none). */
  private backoff = 0;
  /** Responses still to pass without a window. */
  private skipping = 0;

  /**
   * @param windowMicros how long to keep polling after each response, 0..MAX_BUSY_POLL_MICROS
   *   (0: never). @throws RangeError outside that range.
   * @param now a clock in milliseconds (tests give a fake one); default `performance.now`.
   */
  constructor(
    windowMicros: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(windowMicros) || windowMicros < 0 || windowMicros > MAX_BUSY_POLL_MICROS) {
      throw new RangeError(`busy poll window must be 0..${MAX_BUSY_POLL_MICROS} µs, got ${windowMicros}`);
    }
    this.windowMs = windowMicros / 1000;
  }

  /** True while the event loop is being kept turning. */
  get polling(): boolean {
    return this.running;
  }

  /** Responses that will pass without a window before the next probe (0: not backing off). */
  get skipped(): number {
    return this.skipping;
  }

  /**
   * A response was just written: keep the loop turning until the window after it has passed,
   * unless backing off (see the file comment).
   */
  afterResponse(): void {
    if (this.windowMs === 0 || this.stopped) return;
    if (this.running) {
      // The message this answers arrived while the loop was kept turning: a hit.
      this.misses = 0;
      this.backoff = 0;
      this.deadline = this.now() + this.windowMs;
      return;
    }
    if (this.skipping > 0) {
      this.skipping--;
      return;
    }
    this.deadline = this.now() + this.windowMs;
    this.running = true;
    setImmediate(this.turn);
  }

  /** Ends the current poll at its next turn and ignores later responses (server shutdown). */
  stop(): void {
    this.stopped = true;
  }

  private readonly turn = (): void => {
    if (this.stopped) {
      this.running = false;
      return;
    }
    if (this.now() < this.deadline) {
      setImmediate(this.turn);
      return;
    }
    this.running = false;
    // The window ended without a hit.
    if (++this.misses < MISSES_BEFORE_BACKOFF) return;
    this.backoff = this.backoff === 0 ? 1 : Math.min(MAX_SKIPPED_RESPONSES, this.backoff * 2);
    this.skipping = this.backoff;
  };
}
