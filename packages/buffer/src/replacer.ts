/**
 * The eviction policy's side of the buffer pool. The pool owns the frames and their pin counts;
 * a Replacer only decides which unpinned frame to reuse next. Two implementations: CLOCK (the
 * default, PostgreSQL's policy) and LRU.
 */

/** Chooses eviction victims among a fixed set of frames numbered 0..frames-1. */
export interface Replacer {
  /** Records an access to `frame` (called on every pin). Synchronous, O(1). */
  touch(frame: number): void;
  /**
   * A frame whose pin count is 0, or -1 if every frame is pinned. `pins[i]` is frame i's pin
   * count; the replacer reads it and never changes it.
   */
  victim(pins: Int32Array): number;
}
