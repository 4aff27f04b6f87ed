/**
 * emptyArray: empties a reused array in place, keeping its backing store.
 *
 * WHY not `a.length = 0`: in V8 a store to an array's `length` goes through the runtime (an
 * accessor, ~0.2 µs), and length 0 also swaps the backing store for the shared empty one, so
 * the next push allocates a new one (room for 17 elements). Operators and the lock manager empty
 * a reused array once per batch or per transaction: popping (a builtin, no allocation) costs
 * nanoseconds for the few elements they hold, and at most a microsecond for a full batch.
 */
export function emptyArray(a: unknown[]): void {
  while (a.length > 0) a.pop();
}
