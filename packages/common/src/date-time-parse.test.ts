import { describe, expect, it } from 'vitest';
import { currentTimestamp } from './date-time-parse.js';

describe('the current time', () => {
  it('has microseconds, as gettimeofday gives PostgreSQL, and follows the wall clock', () => {
    const readings = Array.from({ length: 50 }, () => currentTimestamp());
    expect(readings.some((t) => t % 1000n !== 0n)).toBe(true);
    const wall = currentTimestamp(Date.now());
    // Within a second of Date.now() (the offset is re-checked every second).
    expect(Math.abs(Number(readings[49]! - wall))).toBeLessThan(1_000_000);
  });
});
