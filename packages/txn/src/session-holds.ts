/**
 * The LockManager's session holds (advisory locks taken with `acquireSession`): a holder's
 * `session` counts are the part of its `counts` that outlives the transaction. These helpers
 * split a holder into its transaction-level and session-level parts (lock-manager.ts).
 */
import type { Holder, LockOwner } from './lock-manager.js';

/** A holder's transaction-level acquisitions per mode: its counts less its session holds. */
export function transactionCounts(holder: Holder): number[] {
  const session = holder.session;
  if (session === undefined) return [...holder.counts];
  return holder.counts.map((n, mode) => n - session[mode]!);
}

/**
 * releaseAll for a holder with session holds: drops its transaction-level acquisitions (and the
 * modes only they held), keeps the session ones. Returns false, changing nothing, when it has
 * no session hold left (the caller then releases it whole).
 */
export function keepSessionHolds(holder: Holder): boolean {
  const session = holder.session!;
  if (!session.some((n) => n > 0)) return false;
  const lock = holder.lock;
  for (let mode = 0; mode < session.length; mode++) {
    holder.counts[mode] = session[mode]!;
    const b = 1 << mode;
    if (session[mode] === 0 && (holder.mask & b) !== 0) {
      holder.mask &= ~b;
      if (--lock.modeHolders[mode] === 0) lock.grantMask &= ~b;
    }
  }
  return true;
}

/**
 * PREPARE of a holder with session holds: moves its transaction-level acquisitions to a new
 * holder of `to` (returned; undefined when there are none), leaving it the session ones.
 */
export function splitTransactionHolds(holder: Holder, to: LockOwner): Holder | undefined {
  const xact = transactionCounts(holder);
  if (!xact.some((n) => n > 0)) return undefined;
  const lock = holder.lock;
  const split: Holder = { owner: to, lock, mask: 0, counts: xact, session: undefined };
  for (let mode = 0; mode < xact.length; mode++) {
    const b = 1 << mode;
    holder.counts[mode] = holder.session![mode]!;
    if (xact[mode]! > 0) {
      split.mask |= b;
      lock.modeHolders[mode]++;
    }
    if (holder.counts[mode] === 0 && (holder.mask & b) !== 0) {
      holder.mask &= ~b;
      lock.modeHolders[mode]--;
    }
  }
  return split;
}
