/**
 * Work the WAL's owner wants done while a commit's fdatasync is in flight.
 *
 * A single writer's commit normally flushes synchronously (wal.ts, "Commit flush policy"): the
 * event loop is blocked for the fdatasync anyway, and handing it to the thread pool only adds the
 * round trip. But when background maintenance is due (an autovacuum or auto-analyze tick in the
 * engine), that maintenance would otherwise run on the event loop right after the commit, inside
 * the committing statement's latency. `Wal.flushCommit` then takes the asynchronous path instead:
 * it starts the write+fdatasync round on a pool thread and runs the work while the disk is busy,
 * so the maintenance costs the committer nothing it was not already waiting for.
 *
 * The work runs after the commit record is written and its fdatasync submitted, before the commit
 * is acknowledged: it must not wait for that commit (it may start and commit transactions of its
 * own; their flushes simply queue behind the running round).
 */

/** See the file comment. Registered with `Wal.setFlushOverlapWork`. */
export interface FlushOverlapWork {
  /** Whether work is due now. Called on every commit flush: must be cheap. Synchronous. */
  due(): boolean;
  /**
   * Does the due work, synchronously (it may leave promises of its own running). Should not
   * throw; if it does, the Wal logs the error and the commit proceeds.
   */
  run(): void;
}
