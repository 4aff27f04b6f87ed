/**
 * yieldToEventLoop: resolves after one macrotask turn (`setImmediate`), so what is waiting on the
 * event loop — other sessions' I/O callbacks and timers — runs before the caller goes on. Long
 * work (a statement's time slice, a checkpoint, a VACUUM pass) awaits it between pieces.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
