import { PAGE_SIZE } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { diffRanges } from './page-diff.js';

describe('diffRanges', () => {
  it('finds the differing runs past the LSN and checksum, joining close ones', () => {
    const before = new Uint8Array(PAGE_SIZE);
    const after = before.slice();
    after[3] = 1; // LSN bytes: never reported
    after[12] = 1;
    after[100] = 1;
    after[105] = 1; // 4 equal bytes between: joined with 100
    after[200] = 1;
    after.fill(9, PAGE_SIZE - 10);
    expect(diffRanges(before, after)).toEqual([12, 1, 100, 6, 200, 1, PAGE_SIZE - 10, 10]);
    expect(diffRanges(before, before.slice())).toEqual([]);
  });

  it('applying the ranges to the old page gives the new one', () => {
    const before = new Uint8Array(PAGE_SIZE).map((_, i) => (i * 31) & 0xff);
    const after = before.slice();
    for (let i = 12; i < PAGE_SIZE; i += 97) after[i] ^= 0x5a;
    after.fill(0, 4000, 5000);
    const redone = before.slice();
    const ranges = diffRanges(before, after);
    for (let i = 0; i < ranges.length; i += 2) {
      redone.set(after.subarray(ranges[i]!, ranges[i]! + ranges[i + 1]!), ranges[i]!);
    }
    expect(redone).toEqual(after);
  });

  it('answers the same on unaligned views as on aligned pages (the byte-wise path)', () => {
    const before = new Uint8Array(PAGE_SIZE).map((_, i) => (i * 7) & 0xff);
    const after = before.slice();
    for (const i of [12, 13, 40, 41, 42, 43, 44, 53, 54, 4096, PAGE_SIZE - 1]) after[i] ^= 0xff;
    const aligned = diffRanges(before, after);
    const shift = (p: Uint8Array) => {
      const buf = new Uint8Array(PAGE_SIZE + 1);
      buf.set(p, 1);
      return buf.subarray(1);
    };
    expect(diffRanges(shift(before), shift(after))).toEqual(aligned);
    expect(aligned).toEqual([12, 2, 40, 5, 53, 2, 4096, 1, PAGE_SIZE - 1, 1]);
  });
});
