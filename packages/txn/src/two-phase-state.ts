/**
 * Prepared transactions on disk (PostgreSQL's pg_twophase): one state file per prepared
 * transaction, `<dir>/twophase/<xid as 8 hex digits>`, written atomically and fsynced.
 *
 * The WAL's 'prepare' record is the truth between checkpoints; the state file makes a prepared
 * transaction outlive the WAL segments a checkpoint removes. It is written right after the
 * prepare record is durable, and again by every checkpoint for any prepared transaction that
 * lacks one; it is removed once COMMIT/ROLLBACK PREPARED's record is written. At open, a file
 * whose xid the commit log already knows as finished is stale (the transaction ended before the
 * checkpoint, the removal was lost in a crash) and is deleted.
 *
 * File format: a 4-byte little-endian CRC32C of the rest, then the JSON of `PreparedState`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crc32c, DbError, type TxnId } from '@rustydb/common';
import { writeFileDurably } from '@rustydb/wal';

/** What survives of a prepared transaction: enough to list it, finish it and re-take its locks. */
export interface PreparedState {
  readonly xid: TxnId;
  /** Its live sub-xids: committed or aborted with it. */
  readonly subxids: readonly TxnId[];
  readonly gid: string;
  /** When PREPARE TRANSACTION ran, ms since the epoch. */
  readonly prepared: number;
  readonly owner: string;
  readonly database: string;
  /**
   * The heavyweight locks it held, as the lock manager serializes its lock tags; re-acquired for
   * the prepared transaction at recovery (opaque here, empty while no lock outlives a statement).
   */
  readonly locks: readonly unknown[];
}

const DIR = 'twophase';

/** The directory of state files under a data directory. */
export function twoPhaseDir(dataDir: string): string {
  return join(dataDir, DIR);
}

const fileOf = (dataDir: string, xid: TxnId) => join(dataDir, DIR, xid.toString(16).padStart(8, '0'));

/** Writes the state file of `state` durably (atomic rename, fsync). Sync; throws the fs error. */
export function writePreparedState(dataDir: string, state: PreparedState): void {
  mkdirSync(twoPhaseDir(dataDir), { recursive: true });
  const json = Buffer.from(JSON.stringify(state), 'utf8');
  const file = new Uint8Array(4 + json.length);
  file.set(json, 4);
  new DataView(file.buffer).setUint32(0, crc32c(json, 0), true);
  writeFileDurably(fileOf(dataDir, state.xid), file);
}

/** Removes the state file of `xid` if there is one. Sync; throws the fs error. */
export function removePreparedState(dataDir: string, xid: TxnId): void {
  rmSync(fileOf(dataDir, xid), { force: true });
}

/**
 * Every state file under `dataDir`. Sync.
 * @throws DbError XX001 for a corrupt file (a torn write cannot leave one: writes are atomic).
 */
export function readPreparedStates(dataDir: string): PreparedState[] {
  const dir = twoPhaseDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: PreparedState[] = [];
  for (const name of readdirSync(dir)) {
    if (!/^[0-9a-f]{8}$/.test(name)) continue; // a temporary file of an interrupted write
    const path = join(dir, name);
    const bytes = readFileSync(path);
    const json = bytes.subarray(4);
    if (bytes.length < 4 || crc32c(json, 0) !== bytes.readUInt32LE(0)) {
      throw new DbError('XX001', `two-phase state file "${path}" is corrupt`);
    }
    out.push(JSON.parse(json.toString('utf8')) as PreparedState);
  }
  return out;
}
