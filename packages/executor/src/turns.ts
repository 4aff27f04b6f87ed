/**
 * Turns: how work that runs outside the executor's operators (an index build's scan, VACUUM,
 * ANALYZE) gives other sessions the event loop. Every so often the work asks `due()` — which
 * checks for cancellation and statement_timeout — and, once its time slice (`TIME_SLICE_MS`, as
 * the executor's scans use) is over, awaits `take()`: a `setImmediate` turn, another check, and a
 * new slice. Between two checks the caller must leave nothing half done that another session
 * could see.
 */
import { yieldToEventLoop } from '@rustydb/common';
import { TIME_SLICE_MS } from './runtime.js';

/** See the file comment. */
export class Turns {
  #sliceEnd = performance.now() + TIME_SLICE_MS;

  /** `checkInterrupts`: throws when the statement was cancelled or timed out. */
  constructor(private readonly checkInterrupts: () => void) {}

  /** Checks for cancellation; true when the time slice is used up. */
  due(): boolean {
    this.checkInterrupts();
    return performance.now() >= this.#sliceEnd;
  }

  /** Gives the event loop a turn, then starts a new slice. @throws what cancellation throws. */
  async take(): Promise<void> {
    await yieldToEventLoop();
    this.checkInterrupts();
    this.#sliceEnd = performance.now() + TIME_SLICE_MS;
  }
}
