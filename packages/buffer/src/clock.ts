/**
 * CLOCK eviction with usage counts (PostgreSQL's "clock sweep", freelist.c).
 *
 * Each frame has a usage count, bumped on every pin up to MAX_USAGE. The hand sweeps the frames
 * in a circle: a pinned frame is skipped, a frame with a positive count is decremented and
 * skipped, and the first unpinned frame at zero is the victim. A page that is used often keeps a
 * high count and survives several sweeps; a page read once by a big scan is gone after one.
 *
 * NB: the sweep is bounded. After (MAX_USAGE + 1) full turns every unpinned frame has reached
 * zero, so finding nothing by then means every frame is pinned.
 */
import type { Replacer } from './replacer.js';

/** The highest usage count, as in PostgreSQL (BM_MAX_USAGE_COUNT). */
export const MAX_USAGE = 5;

/** CLOCK replacer over `frames` frames. */
export class ClockReplacer implements Replacer {
  private readonly usage: Uint8Array;
  private hand = 0;

  constructor(private readonly frames: number) {
    this.usage = new Uint8Array(frames);
  }

  touch(frame: number): void {
    if (this.usage[frame]! < MAX_USAGE) this.usage[frame]!++;
  }

  victim(pins: Int32Array): number {
    const limit = this.frames * (MAX_USAGE + 1);
    for (let step = 0; step <= limit; step++) {
      const frame = this.hand;
      this.hand = frame + 1 === this.frames ? 0 : frame + 1;
      if (pins[frame] !== 0) continue;
      if (this.usage[frame] === 0) return frame;
      this.usage[frame]!--;
    }
    return -1;
  }

  /** @internal The usage count of a frame, for tests. */
  usageOf(frame: number): number {
    return this.usage[frame]!;
  }
}
