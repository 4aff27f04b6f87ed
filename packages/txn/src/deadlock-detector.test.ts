import { oid } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { findDeadlock, type WaitGraph } from './deadlock-detector.js';
import { LockMode } from './lock-modes.js';
import { relationLockTag } from './lock-tag.js';

/** A graph from `owner: blockers` lists; every owner with a list waits for AccessShare on relation <owner>. */
function graph(edges: Record<number, number[]>): WaitGraph & { calls: number } {
  const g = {
    calls: 0,
    waitingFor: (owner: number) =>
      edges[owner] === undefined
        ? undefined
        : { tag: relationLockTag(oid(owner), `r${owner}`), mode: LockMode.AccessShare },
    blockers: (owner: number) => {
      g.calls++;
      return edges[owner] ?? [];
    },
  };
  return g;
}

describe('findDeadlock', () => {
  it('returns undefined for an owner that does not wait', () => {
    expect(findDeadlock(graph({ 2: [1] }), 1)).toBeUndefined();
  });

  it('returns the cycle through the start, skipping dead ends', () => {
    // 1 waits for 2 (not waiting) and 3; 3 waits for 4; 4 waits for 5 (dead end) and 1.
    const cycle = findDeadlock(graph({ 1: [2, 3], 3: [4], 4: [5, 1] }), 1);
    expect(cycle?.map((s) => [s.owner, s.blockedBy])).toEqual([
      [1, 3],
      [3, 4],
      [4, 1],
    ]);
    expect(cycle?.[1].tag).toEqual(relationLockTag(oid(3), 'r3'));
  });

  it('ignores a cycle the start only leads into', () => {
    expect(findDeadlock(graph({ 1: [2], 2: [3], 3: [2] }), 1)).toBeUndefined();
  });

  it('visits each owner once however many paths lead to it', () => {
    // A ladder: every owner i waits for i+1 and i+2; no cycle.
    const edges: Record<number, number[]> = {};
    for (let i = 1; i <= 60; i++) edges[i] = [i + 1, i + 2];
    const g = graph(edges);
    expect(findDeadlock(g, 1)).toBeUndefined();
    expect(g.calls).toBeLessThanOrEqual(60);
  });
});
