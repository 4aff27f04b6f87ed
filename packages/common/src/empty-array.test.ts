import { describe, expect, it } from 'vitest';
import { emptyArray } from './empty-array.js';

describe('emptyArray', () => {
  it('empties an array in place', () => {
    const a = [1, 2, 3];
    const same = a;
    emptyArray(a);
    expect(a).toEqual([]);
    expect(a).toBe(same);
    a.push(4);
    expect(a).toEqual([4]);
    emptyArray(a);
    emptyArray(a);
    expect(a.length).toBe(0);
  });
});
