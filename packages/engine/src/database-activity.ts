/**
 * pg_stat_database's counters of the one database, since the server started (or the last
 * pg_stat_reset()): transactions committed and rolled back, temporary files, sessions and how
 * they ended, and the time sessions spent connected, running statements and idle in a
 * transaction. The rest of the view's row is summed elsewhere when it is read
 * (`Database.databaseActivityOf`): rows from the tables' counters (table-activity.ts), blocks
 * from the buffer pool, deadlocks from the lock table. Sync.
 */
import type { SessionEnding } from '@rustydb/protocol';
import { pgNow } from './session-catalog-info.js';

/** A session's times in milliseconds, as pg_stat_database adds them up. */
export interface SessionTimes {
  /** Connected. */
  readonly sessionMs: number;
  /** Running statements (state active). */
  readonly activeMs: number;
  /** Between statements inside a transaction block (idle in transaction, aborted or not). */
  readonly idleInTransactionMs: number;
}

export class DatabaseActivity {
  xactCommit = 0;
  xactRollback = 0;
  tempFiles = 0;
  tempBytes = 0;
  sessions = 0;
  sessionsAbandoned = 0;
  sessionsFatal = 0;
  sessionsKilled = 0;
  /** The times of the sessions that have ended (the live ones' are added when read). */
  sessionMs = 0;
  activeMs = 0;
  idleInTransactionMs = 0;
  /** When pg_stat_reset() last ran (timestamptz); undefined: never. */
  statsReset: bigint | undefined;

  /** A temporary file of `bytes` was deleted. */
  tempFileDone(bytes: number): void {
    this.tempFiles++;
    this.tempBytes += bytes;
  }

  /** A session ended, `ending` how (absent: normally), having spent `times`. */
  sessionEnded(times: SessionTimes, ending: SessionEnding = 'normal'): void {
    this.sessionMs += times.sessionMs;
    this.activeMs += times.activeMs;
    this.idleInTransactionMs += times.idleInTransactionMs;
    if (ending === 'lost') this.sessionsAbandoned++;
    else if (ending === 'fatal') this.sessionsFatal++;
    else if (ending === 'killed') this.sessionsKilled++;
  }

  /**
   * pg_stat_reset(): every counter back to zero, and the time of it. `live`: the times the
   * sessions still connected have spent so far, which no longer count (they are taken off now,
   * and come back in when the sessions' times are read or added at their end).
   */
  reset(live: readonly SessionTimes[]): void {
    this.xactCommit = 0;
    this.xactRollback = 0;
    this.tempFiles = 0;
    this.tempBytes = 0;
    this.sessions = 0;
    this.sessionsAbandoned = 0;
    this.sessionsFatal = 0;
    this.sessionsKilled = 0;
    this.sessionMs = 0;
    this.activeMs = 0;
    this.idleInTransactionMs = 0;
    for (const t of live) {
      this.sessionMs -= t.sessionMs;
      this.activeMs -= t.activeMs;
      this.idleInTransactionMs -= t.idleInTransactionMs;
    }
    this.statsReset = pgNow();
  }
}
