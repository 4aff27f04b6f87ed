/**
 * The commit log (PostgreSQL's pg_xact, "clog"): the fate of every transaction id, two bits
 * each. It lives in memory as a growable byte array; `save` persists it at a checkpoint, and
 * between checkpoints the WAL's commit and abort records are the truth (recovery replays them
 * into the loaded log).
 *
 * File `<dir>/xact`, written atomically:
 *
 * | offset | size           | field    | description                                     |
 * |--------|----------------|----------|-------------------------------------------------|
 * | 0      | 4              | magic    | 0x4C435852 ("RXCL" little endian)               |
 * | 4      | 4              | version  | 1                                               |
 * | 8      | 4              | nextXid  | xids [0, nextXid) are covered (u32 LE)          |
 * | 12     | 4              | crc      | CRC32C of bytes [0, 12) and of the status bytes |
 * | 16     | ceil(nextXid/4)| statuses | xid x at byte x >> 2, bits (x & 3) * 2 .. +2    |
 *
 * Status codes: 0 in progress, 1 committed, 2 aborted.
 *
 * NB (simplification): `save` rewrites the whole file, 256 KiB per million transactions.
 * PostgreSQL keeps pg_xact in 8 KiB pages and writes only dirty ones; that is the way to go once
 * files grow large, and the format above maps onto pages directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { BOOTSTRAP_TXN_ID, crc32c, DbError, FIRST_NORMAL_TXN_ID, type TxnId } from '@rustydb/common';
import { writeFileDurably } from '@rustydb/wal';

/** What became of a transaction. */
export type XidStatus = 'in-progress' | 'committed' | 'aborted';

const MAGIC = 0x4c435852;
const VERSION = 1;
const HEADER = 16;
const CODE_OF: Record<XidStatus, number> = { 'in-progress': 0, committed: 1, aborted: 2 };
const STATUS_OF: readonly XidStatus[] = ['in-progress', 'committed', 'aborted'];

/** The commit log: two bits per xid in a growable array; see the file comment. Synchronous. */
export class CommitLog {
  private bytes: Uint8Array;

  private constructor(
    bytes: Uint8Array,
    /** The `nextXid` stored by the last save (0 for a new log). */
    readonly savedNextXid: number,
  ) {
    this.bytes = bytes;
  }

  /** An empty log: every xid in progress. */
  static empty(): CommitLog {
    return new CommitLog(new Uint8Array(1024), 0);
  }

  /**
   * Loads `path`, or returns an empty log if the file does not exist. Synchronous.
   * @throws DbError XX001 if the file is corrupt.
   */
  static load(path: string): CommitLog {
    if (!existsSync(path)) return CommitLog.empty();
    const file = readFileSync(path);
    const dv = new DataView(file.buffer, file.byteOffset, file.length);
    const corrupt = (what: string) => new DbError('XX001', `commit log file "${path}" is corrupt: ${what}`);
    if (file.length < HEADER) throw corrupt(`size ${file.length}`);
    const nextXid = dv.getUint32(8, true);
    if (file.length !== HEADER + Math.ceil(nextXid / 4)) throw corrupt(`size ${file.length}`);
    if (crc32c(file, crc32c(file, 0, 0, 12), HEADER) !== dv.getUint32(12, true))
      throw corrupt('checksum mismatch');
    if (dv.getUint32(0, true) !== MAGIC || dv.getUint32(4, true) !== VERSION)
      throw corrupt('bad magic or version');
    const bytes = new Uint8Array(Math.max(1024, file.length * 2));
    bytes.set(file.subarray(HEADER));
    return new CommitLog(bytes, nextXid);
  }

  /** The status of `xid`. The bootstrap and frozen xids (1, 2) are committed; 0 is never valid. */
  get(xid: TxnId): XidStatus {
    if (xid < FIRST_NORMAL_TXN_ID) return xid >= BOOTSTRAP_TXN_ID ? 'committed' : 'aborted';
    const byte = xid >>> 2;
    return byte < this.bytes.length ? STATUS_OF[(this.bytes[byte]! >>> ((xid & 3) * 2)) & 3]! : 'in-progress';
  }

  /** Records the status of `xid`, growing the log as needed. */
  set(xid: TxnId, status: XidStatus): void {
    const byte = xid >>> 2;
    if (byte >= this.bytes.length) {
      const bigger = new Uint8Array(Math.max(byte + 1, this.bytes.length * 2));
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    const shift = (xid & 3) * 2;
    this.bytes[byte] = (this.bytes[byte]! & ~(3 << shift)) | (CODE_OF[status] << shift);
  }

  /** Marks every xid in [from, to) that is not committed (and not in `keep`) as aborted. */
  abortUnfinished(from: TxnId, to: TxnId, keep?: ReadonlySet<TxnId>): void {
    for (let x = from; x < to; x++) {
      if (this.get(x as TxnId) === 'in-progress' && !keep?.has(x as TxnId)) this.set(x as TxnId, 'aborted');
    }
  }

  /**
   * Writes the statuses of xids [0, nextXid) to `path` atomically and durably, with the xids in
   * `alsoCommitted` recorded as committed. Synchronous; throws the fs error on failure.
   */
  save(path: string, nextXid: TxnId, alsoCommitted: Iterable<TxnId> = []): void {
    const dataLen = Math.ceil(nextXid / 4);
    const file = new Uint8Array(HEADER + dataLen);
    file.set(this.bytes.subarray(0, Math.min(dataLen, this.bytes.length)), HEADER);
    for (const xid of alsoCommitted) {
      const shift = (xid & 3) * 2;
      const at = HEADER + (xid >>> 2);
      file[at] = (file[at]! & ~(3 << shift)) | (CODE_OF.committed << shift);
    }
    const dv = new DataView(file.buffer);
    dv.setUint32(0, MAGIC, true);
    dv.setUint32(4, VERSION, true);
    dv.setUint32(8, nextXid, true);
    dv.setUint32(12, crc32c(file, crc32c(file, 0, 0, 12), HEADER), true);
    writeFileDurably(path, file);
  }
}
