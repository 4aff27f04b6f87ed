/**
 * Helpers for tests that run several sessions of one Database against each other (waits, locks,
 * SSI): settle a statement into a comparable string, and tell whether one is still waiting.
 */
import { DbError } from '@rustydb/common';

/** Settles `p` into 'ok' or the DbError's `code message`, never rejecting. */
export const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (err: unknown) => (err instanceof DbError ? `${err.code} ${err.message}` : String(err)),
  );

/** Lets the event loop run for `ms` (a waiting statement stays pending meanwhile). */
export const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Is `p` still pending after the event loop ran for `ms`? Does not consume its outcome. */
export async function pending(p: Promise<unknown>, ms = 20): Promise<boolean> {
  let done = false;
  const settle = (): void => {
    done = true;
  };
  p.then(settle, settle);
  await tick(ms);
  return !done;
}
