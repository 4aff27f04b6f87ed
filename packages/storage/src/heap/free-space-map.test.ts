import { describe, expect, it } from 'vitest';
import { FreeSpaceMap } from './free-space-map.js';

describe('FreeSpaceMap', () => {
  it('finds the lowest page with enough room', () => {
    const fsm = new FreeSpaceMap();
    expect(fsm.find(1)).toBe(-1);
    fsm.set(3, 100);
    fsm.set(7, 500);
    fsm.set(12, 300);
    expect(fsm.find(50)).toBe(3);
    expect(fsm.find(101)).toBe(7);
    expect(fsm.find(300)).toBe(7);
    expect(fsm.find(501)).toBe(-1);
    expect([fsm.get(3), fsm.get(4), fsm.get(1000)]).toEqual([100, 0, 0]);
  });

  it('follows updates in both directions', () => {
    const fsm = new FreeSpaceMap();
    for (let p = 0; p < 100; p++) fsm.set(p, p * 10);
    expect(fsm.find(500)).toBe(50);
    fsm.set(50, 0);
    expect(fsm.find(500)).toBe(51);
    fsm.set(2, 8000);
    expect(fsm.find(500)).toBe(2);
    for (let p = 0; p < 100; p++) fsm.set(p, 0);
    expect(fsm.find(1)).toBe(-1);
  });

  it('agrees with a linear search over random updates', () => {
    const fsm = new FreeSpaceMap();
    const free = new Array<number>(300).fill(0);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      const page = rand(300);
      free[page] = rand(8168);
      fsm.set(page, free[page]!);
      const need = rand(8168);
      expect(fsm.find(need)).toBe(free.findIndex((f) => f >= need));
    }
  });

  it('forgets truncated pages', () => {
    const fsm = new FreeSpaceMap();
    fsm.set(1, 10);
    fsm.set(9, 9000);
    fsm.truncate(5);
    expect(fsm.find(11)).toBe(-1);
    expect(fsm.find(10)).toBe(1);
    expect(fsm.get(9)).toBe(0);
  });
});
