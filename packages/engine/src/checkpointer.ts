/**
 * Checkpointer: bounds recovery time and WAL size. A checkpoint
 *
 *   1. sets the redo pointer `wal.redoLsn = wal.insertLsn` — from now on the first change to each
 *      page logs a full image, so replay from here cannot meet a torn page it cannot repair;
 *   2. writes every dirty page (`pool.flushAll`, which obeys the WAL rule and fsyncs the files;
 *      a timed checkpoint takes turns with the sessions, `pool.flushAllInTurns`);
 *   3. makes the commit log durable (`txns.checkpoint`);
 *   4. appends a 'checkpoint' record (redo, nextXid, nextOid, time) and awaits its flush;
 *   5. writes the control file pointing at it (atomically), then
 *   6. deletes the WAL segments before the redo pointer.
 *
 * Everything before the redo pointer is then on disk, so recovery starts there. Checkpoints run
 * one at a time: on a timer (unref'd, never keeping the process alive), after startup, and at
 * close (the shutdown checkpoint, state 'shutdown').
 */

import type { BufferPool } from '@rustydb/buffer';
import type { OidCounter } from '@rustydb/catalog';
import { type Logger, type Lsn, yieldToEventLoop } from '@rustydb/common';
import type { TxnManager } from '@rustydb/txn';
import { type Wal, writeControlFile } from '@rustydb/wal';

export class Checkpointer {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Checkpoints completed, for tests and metrics. */
  count = 0;
  /**
   * Of those, the ones the timer started and the ones asked for (at open, by CHECKPOINT, at
   * shutdown): pg_stat_bgwriter's checkpoints_timed and checkpoints_req.
   */
  timed = 0;
  requested = 0;

  constructor(
    private readonly dir: string,
    private readonly wal: Wal,
    private readonly pool: BufferPool,
    private readonly txns: TxnManager,
    private readonly oids: OidCounter,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs a checkpoint, after the one in progress if any. Async (awaits the WAL flush).
   * `shutdown` records state 'shutdown' in the control file: nothing may run after it. `timed`:
   * the timer started it (counted apart from the ones asked for).
   * @throws the I/O error that stopped it (the previous checkpoint stays valid).
   */
  run(shutdown = false, timed = false): Promise<void> {
    // Chain after the previous checkpoint whether it failed or not: its caller got its error.
    const go = () => this.#checkpoint(shutdown, timed);
    const next = this.#tail.then(go, go);
    this.#tail = next;
    this.#pending++;
    return next.finally(() => {
      this.#pending--;
    });
  }

  /** Starts periodic checkpoints every `intervalMs` (errors are logged; the timer is unref'd). */
  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => {
      if (this.#pending > 0) return;
      this.run(false, true).catch((err: unknown) => this.logger.error({ err }, 'checkpoint failed'));
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #checkpoint(shutdown: boolean, timed: boolean): Promise<void> {
    const started = performance.now();
    const redo = this.wal.insertLsn;
    this.wal.redoLsn = redo;
    // A timed checkpoint runs beside sessions: it writes its pages taking turns with them.
    if (timed) await this.pool.flushAllInTurns(yieldToEventLoop);
    else this.pool.flushAll();
    this.txns.checkpoint();
    const nextXid = this.txns.nextXid;
    const nextOid = this.oids.checkpointValue(shutdown);
    const checkpointLsn = this.wal.insertLsn;
    const end = this.wal.append({ kind: 'checkpoint', redo, nextXid, nextOid, time: Date.now() });
    await this.wal.flush(end);
    writeControlFile(this.dir, {
      checkpointLsn: checkpointLsn as Lsn,
      redoLsn: redo,
      nextXid,
      nextOid,
      state: shutdown ? 'shutdown' : 'running',
    });
    this.wal.removeSegmentsBefore(redo);
    this.count++;
    if (timed) this.timed++;
    else this.requested++;
    this.logger.info(
      { redo, nextXid, nextOid, shutdown, ms: Math.round(performance.now() - started) },
      'checkpoint complete',
    );
  }
}
