/**
 * Helpers for the lock tests: follow a wait's outcome without timing ('pending' until it
 * settles), let pending promise reactions run, and read a failed wait's error.
 */
import { DbError } from '@rustydb/common';
import { expect } from 'vitest';

export interface Tracked {
  state: 'pending' | 'granted' | 'failed';
  error: unknown;
}

/** Follows `wait` (which must be a promise: the request had to wait); `onGranted` runs at its grant. */
export function trackWait(wait: Promise<void> | undefined, onGranted?: () => void): Tracked {
  expect(wait).toBeInstanceOf(Promise);
  const t: Tracked = { state: 'pending', error: undefined };
  wait!.then(
    () => {
      t.state = 'granted';
      onGranted?.();
    },
    (err) => {
      t.state = 'failed';
      t.error = err;
    },
  );
  return t;
}

/** Lets the pending promise reactions (several hops deep) run. */
export async function flushReactions(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** The DbError a failed wait ended with. */
export function errorOf(t: Tracked): DbError {
  expect(t.state).toBe('failed');
  expect(t.error).toBeInstanceOf(DbError);
  return t.error as DbError;
}
