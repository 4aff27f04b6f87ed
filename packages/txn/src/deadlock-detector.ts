/**
 * Deadlock detection: a search of the wait-for graph for a cycle through one waiter, and
 * PostgreSQL's report of it.
 *
 * The graph (built on demand by the lock manager, see `WaitGraph`): an owner that waits for a lock
 * has an edge to
 * - every other owner holding a mode that conflicts with the one it requested (PostgreSQL's "hard"
 *   edges), and
 * - every owner queued ahead of it for the same lock whose request conflicts with its own (it
 *   cannot be granted before them: PostgreSQL's "soft" edges).
 * Owners that do not wait have no outgoing edges. An owner waits for at most one lock at a time,
 * so each owner is one node.
 *
 * When to search: as in PostgreSQL, a waiter searches once, `deadlock_timeout` after its wait
 * began, for a cycle through itself only. A cycle that does not pass through the searcher is left
 * to its own members: the last of them to start waiting closed it and will find it.
 *
 * NB (simplification): PostgreSQL, on finding a cycle whose only soft edges could be removed by
 * reordering a wait queue, reorders the queue instead of failing (DeadLockCheck's TopoSort). We
 * treat soft edges as hard, so such a cycle fails the searcher with 40P01 where PostgreSQL would
 * have let everyone go on. The common case that rearrangement serves, a holder upgrading its lock
 * while others wait for it, never waits here: the lock manager queues such a request ahead of the
 * waiters it blocks (PostgreSQL's ProcSleep rule), so no cycle forms.
 *
 * @see PostgreSQL src/backend/storage/lmgr/deadlock.c and README
 */

import type { LockOwner } from './lock-manager.js';
import type { LockMode } from './lock-modes.js';
import type { LockTag } from './lock-tag.js';

/** The wait-for graph as the detector reads it. */
export interface WaitGraph {
  /** The lock `owner` is waiting for, or undefined if it is not waiting. */
  waitingFor(owner: LockOwner): { readonly tag: LockTag; readonly mode: LockMode } | undefined;
  /** The owners `owner`'s pending request is blocked by: conflicting holders, then conflicting waiters ahead. */
  blockers(owner: LockOwner): readonly LockOwner[];
}

/** One step of a cycle: `owner` waits for `mode` on `tag` and is blocked by `blockedBy`. */
export interface DeadlockStep {
  readonly owner: LockOwner;
  readonly tag: LockTag;
  readonly mode: LockMode;
  readonly blockedBy: LockOwner;
}

/**
 * Searches for a cycle of waits that passes through `start`. Depth-first; each owner is visited at
 * most once, so the search is linear in the edges reachable from `start`. Synchronous.
 * @returns the cycle starting with `start`'s own wait (each step blocked by the next one's owner,
 * the last by `start`), or undefined when there is none through `start`.
 */
export function findDeadlock(graph: WaitGraph, start: LockOwner): DeadlockStep[] | undefined {
  if (graph.waitingFor(start) === undefined) return undefined;
  const visited = new Set<LockOwner>([start]);
  const path: LockOwner[] = [start];

  const search = (owner: LockOwner): boolean => {
    for (const next of graph.blockers(owner)) {
      if (next === start) return true;
      if (visited.has(next)) continue;
      visited.add(next);
      if (graph.waitingFor(next) === undefined) continue;
      path.push(next);
      if (search(next)) return true;
      path.pop();
    }
    return false;
  };
  if (!search(start)) return undefined;

  return path.map((owner, i) => {
    const wait = graph.waitingFor(owner)!;
    return { owner, tag: wait.tag, mode: wait.mode, blockedBy: path[(i + 1) % path.length] };
  });
}
