import { describe, expect, it } from 'vitest';
import { ClockReplacer, MAX_USAGE } from './clock.js';

describe('ClockReplacer', () => {
  it('picks the first unpinned frame at usage zero, sweeping in a circle', () => {
    const clock = new ClockReplacer(3);
    const pins = new Int32Array(3);
    expect(clock.victim(pins)).toBe(0);
    expect(clock.victim(pins)).toBe(1);
    expect(clock.victim(pins)).toBe(2);
    expect(clock.victim(pins)).toBe(0);
  });

  it('skips pinned frames and decrements usage counts as the hand passes', () => {
    const clock = new ClockReplacer(3);
    const pins = Int32Array.of(1, 0, 0);
    clock.touch(1);
    clock.touch(1);
    // Frame 0 pinned; frame 1 has usage 2 → decremented to 1; frame 2 at zero is the victim.
    expect(clock.victim(pins)).toBe(2);
    expect(clock.usageOf(1)).toBe(1);
    expect(clock.usageOf(0)).toBe(0);
  });

  it('caps usage at MAX_USAGE', () => {
    const clock = new ClockReplacer(1);
    for (let i = 0; i < 20; i++) clock.touch(0);
    expect(clock.usageOf(0)).toBe(MAX_USAGE);
  });

  it('finds a victim even when every unpinned frame has the maximum usage', () => {
    const clock = new ClockReplacer(4);
    for (let f = 0; f < 4; f++) for (let i = 0; i < MAX_USAGE; i++) clock.touch(f);
    expect(clock.victim(Int32Array.of(1, 1, 1, 0))).toBe(3);
  });

  it('returns -1 when every frame is pinned', () => {
    const clock = new ClockReplacer(2);
    clock.touch(0);
    expect(clock.victim(Int32Array.of(1, 2))).toBe(-1);
  });
});
