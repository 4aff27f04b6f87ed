/**
 * LoopWatch: notices when the event loop has stopped turning.
 *
 * A sole writer's commit fdatasyncs synchronously (wal.ts, "Commit flush policy"), so an embedded
 * program that runs autocommit statements back to back, awaiting each, never returns to the event
 * loop: every await resolves through microtasks only. Timers then never fire — the checkpointer's
 * and the background writer's included — and the WAL would grow without a checkpoint for as long
 * as the loop runs. The watch is an unref'd heartbeat timer; when its last beat is older than
 * `staleMs`, the loop is starved. The watch is the WAL's flush-overlap work (wal's
 * flush-overlap.ts): "due" when starved, so the next commit goes through the asynchronous flush,
 * during which the loop turns and the timers run. That costs one thread-pool round trip per
 * `staleMs` in the starved case, nothing otherwise.
 */
import type { FlushOverlapWork } from '@rustydb/wal';

/** See the file comment. `start` it; `stop` before closing. */
export class LoopWatch implements FlushOverlapWork {
  /** Commits sent through the asynchronous flush because the loop was starved (tests, metrics). */
  forcedTurns = 0;
  #timer: NodeJS.Timeout | undefined;
  #lastBeat = performance.now();
  readonly #beatMs: number;
  readonly #staleMs: number;

  /** `beatMs`: heartbeat period; `staleMs`: silence after which the loop counts as starved. */
  constructor(beatMs = 25, staleMs = 100) {
    this.#beatMs = beatMs;
    this.#staleMs = staleMs;
  }

  /** Starts the heartbeat (unref'd: never keeps the process alive). Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#lastBeat = performance.now();
    this.#timer = setInterval(() => {
      this.#lastBeat = performance.now();
    }, this.#beatMs);
    this.#timer.unref();
  }

  /** Stops the heartbeat; `starved` is false from then on. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Whether the loop has not run timers for `staleMs` (at `now`). Sync, cheap. */
  starved(now: number): boolean {
    return this.#timer !== undefined && now - this.#lastBeat > this.#staleMs;
  }

  /**
   * FlushOverlapWork: a starved loop needs the asynchronous flush. Sync. Answers true at most
   * once per `staleMs` of starvation: an asynchronous flush that does not turn the loop either
   * (fsync off: it awaits a microtask only) must not send every later commit the slow way.
   */
  due(): boolean {
    const now = performance.now();
    if (!this.starved(now)) return false;
    this.#lastBeat = now;
    return true;
  }

  /**
   * FlushOverlapWork: nothing to do besides letting the flush be asynchronous (the loop turns
   * while it runs); counts it. Sync.
   */
  run(): void {
    this.forcedTurns++;
  }
}
