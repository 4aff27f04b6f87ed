/**
 * Least-recently-used eviction. The frames form a doubly linked list ordered by last access
 * (head = most recent); `touch` moves a frame to the head in O(1), and `victim` walks from the
 * tail, skipping pinned frames, so the victim is the unpinned frame used longest ago.
 *
 * The list lives in two Int32Arrays rather than node objects: no allocation after construction.
 * Compared with CLOCK, LRU lets one large sequential scan flush every hot page out of the pool;
 * it is here as the alternative policy (and as a baseline to measure CLOCK against).
 */
import type { Replacer } from './replacer.js';

const NONE = -1;

/** LRU replacer over `frames` frames. Initially frame 0 is the least recently used. */
export class LruReplacer implements Replacer {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NONE;
  private tail = NONE;

  constructor(frames: number) {
    this.prev = new Int32Array(frames);
    this.next = new Int32Array(frames);
    // Start with every frame in the list, frame 0 at the tail (evicted first).
    for (let i = 0; i < frames; i++) this.pushHead(i);
  }

  touch(frame: number): void {
    if (this.head === frame) return;
    this.unlink(frame);
    this.pushHead(frame);
  }

  victim(pins: Int32Array): number {
    for (let frame = this.tail; frame !== NONE; frame = this.prev[frame]!) {
      if (pins[frame] === 0) return frame;
    }
    return NONE;
  }

  private unlink(frame: number): void {
    const p = this.prev[frame]!;
    const n = this.next[frame]!;
    if (p === NONE) this.head = n;
    else this.next[p] = n;
    if (n === NONE) this.tail = p;
    else this.prev[n] = p;
  }

  private pushHead(frame: number): void {
    this.prev[frame] = NONE;
    this.next[frame] = this.head;
    if (this.head === NONE) this.tail = frame;
    else this.prev[this.head] = frame;
    this.head = frame;
  }
}
