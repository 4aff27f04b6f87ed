/**
 * Crash recovery (redo-only, as PostgreSQL's): replay the WAL from the last checkpoint's redo
 * LSN so the pages, the commit log and the OID counter are what they were at the last durable
 * record. Every record goes to every layer that cares:
 *
 *   - `storage.redo(pool, end, record)`: 'pages' and file records (idempotent by page LSN);
 *   - `txns.redo(record, xid)`: 'commit' / 'abort' (commit log, sub-xids included), 'prepare'
 *     (prepared transactions, besides the state files `TxnManager.open` loaded) and every xid
 *     seen (nextXid);
 *   - the OID counter: 'checkpoint' and 'next-oid' records.
 *
 * Then `txns.finishRecovery()` marks transactions that never committed as aborted (prepared ones
 * stay in progress, waiting for COMMIT/ROLLBACK PREPARED), and the
 * caller takes a checkpoint so the replayed pages need not be replayed again.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { OidCounter } from '@rustydb/catalog';
import type { Logger } from '@rustydb/common';
import { redo } from '@rustydb/storage';
import type { TxnManager } from '@rustydb/txn';
import type { ControlData, Wal } from '@rustydb/wal';

/** What a replay did, for the log and tests. */
export interface RecoveryStats {
  readonly records: number;
  readonly ms: number;
}

/**
 * Replays the WAL after `control`'s redo LSN. Synchronous: nothing else runs during recovery.
 * @throws DbError XX001 when a page cannot be repaired (checksum failure without an image).
 */
export function recover(
  control: ControlData,
  parts: {
    readonly wal: Wal;
    readonly pool: BufferPool;
    readonly txns: TxnManager;
    readonly oids: OidCounter;
  },
  logger: Logger,
): RecoveryStats {
  const { wal, pool, txns, oids } = parts;
  const started = performance.now();
  if (control.nextXid > txns.nextXid) txns.nextXid = control.nextXid;
  oids.restore(Math.max(oids.next, control.nextOid));
  logger.info({ redo: control.redoLsn, state: control.state }, 'starting recovery');
  let records = 0;
  for (const { end, xid, record } of wal.read(control.redoLsn)) {
    redo(pool, end, record);
    txns.redo(record, xid);
    if (record.kind === 'next-oid' || record.kind === 'checkpoint') {
      oids.restore(Math.max(oids.next, record.nextOid));
    }
    records++;
  }
  txns.finishRecovery();
  const ms = Math.round(performance.now() - started);
  logger.info({ records, ms, nextXid: txns.nextXid, nextOid: oids.next }, 'recovery complete');
  return { records, ms };
}
