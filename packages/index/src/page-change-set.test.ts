import { describe, expect, it } from 'vitest';
import { mergeRanges } from './page-change-set.js';

describe('mergeRanges', () => {
  it('sorts, merges overlapping and touching ranges, and drops empty ones', () => {
    expect(mergeRanges([100, 10, 16, 4, 18, 6, 110, 5, 50, 0, 200, 1])).toEqual([16, 8, 100, 15, 200, 1]);
    expect(mergeRanges([12, 8180, 16, 20])).toEqual([12, 8180]);
    expect(mergeRanges([])).toEqual([]);
    expect(mergeRanges([16, 6, 22, 4])).toEqual([16, 10]);
  });

  it('keeps ranges that are already in order and apart, as a copy', () => {
    const ranges = [16, 6, 40, 2, 8000, 12];
    const merged = mergeRanges(ranges);
    expect(merged).toEqual(ranges);
    expect(merged).not.toBe(ranges);
  });
});
