/**
 * Work the WAL's owner wants done while a commit's fdatasync is in flight.
 *
 * A single writer's commit normally flushes synchronously (wal.ts, "Commit flush policy"), which
 * blocks the event loop for the fdatasync. When the owner reports work due, `Wal.flushCommit`
 * takes the asynchronous path instead: it starts the write+fdatasync round on a pool thread, runs
 * the work, and the event loop is free while the disk is busy. The engine uses this to let a
 * starved event loop turn (engine's loop-watch.ts): a tight loop of synchronous commits would
 * otherwise never let a timer fire.
 *
 * NB: the work (and anything the loop runs meanwhile) runs while the committing transaction is
 * still in progress. Work that counts or samples that transaction's changes must not rely on
 * running here: autovacuum and auto-analyze, for instance, would take its changes as handled
 * without seeing them (their counters are bumped when a row is changed, not when it commits).
 * The work must not wait for the commit; it may start and commit transactions of its own, whose
 * flushes queue behind the running round.
 */

/** See the file comment. Registered with `Wal.setFlushOverlapWork`. */
export interface FlushOverlapWork {
  /**
   * Whether work is due now. `flushBytes`: the WAL bytes this flush will make durable (for a sole
   * writer, about the committing transaction's log). Called on every commit flush: must be
   * cheap. Synchronous.
   */
  due(flushBytes: number): boolean;
  /**
   * Does the due work, synchronously (it may leave promises of its own running). Should not
   * throw; if it does, the Wal logs the error and the commit proceeds.
   */
  run(): void;
}
