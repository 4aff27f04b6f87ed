import { describe, expect, it } from 'vitest';
import { LruReplacer } from './lru.js';

describe('LruReplacer', () => {
  it('evicts the least recently touched frame', () => {
    const lru = new LruReplacer(3);
    const pins = new Int32Array(3);
    lru.touch(0);
    lru.touch(1);
    lru.touch(2);
    lru.touch(0);
    expect(lru.victim(pins)).toBe(1);
    lru.touch(1);
    expect(lru.victim(pins)).toBe(2);
  });

  it('skips pinned frames from the tail', () => {
    const lru = new LruReplacer(3);
    lru.touch(2);
    lru.touch(1);
    lru.touch(0);
    expect(lru.victim(Int32Array.of(0, 1, 1))).toBe(0);
    expect(lru.victim(Int32Array.of(1, 1, 0))).toBe(2);
  });

  it('keeps the list consistent when touching head, tail and middle repeatedly', () => {
    const lru = new LruReplacer(4);
    const order = [3, 3, 0, 2, 0, 1, 3, 1];
    for (const f of order) lru.touch(f);
    // Recency, oldest first: 2, 0, 3, 1.
    const pins = new Int32Array(4);
    const evicted: number[] = [];
    for (let k = 0; k < 4; k++) {
      const v = lru.victim(pins);
      evicted.push(v);
      pins[v] = 1;
    }
    expect(evicted).toEqual([2, 0, 3, 1]);
    expect(lru.victim(pins)).toBe(-1);
  });
});
