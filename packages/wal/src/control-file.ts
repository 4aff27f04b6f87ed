/**
 * The control file, `<dir>/control`: where recovery starts. Written whole and atomically
 * (temporary file, fsync, rename, fsync of the directory), so a crash leaves either the old or
 * the new contents, never a mix.
 *
 * | offset | size | field         | description                                         |
 * |--------|------|---------------|-----------------------------------------------------|
 * | 0      | 4    | magic         | 0x4C544352 ("RCTL" little endian)                   |
 * | 4      | 4    | version       | 1                                                   |
 * | 8      | 8    | checkpointLsn | LSN of the latest checkpoint record (u64 LE)        |
 * | 16     | 8    | redoLsn       | where redo starts for that checkpoint (u64 LE)      |
 * | 24     | 4    | nextXid       | first unassigned transaction id                     |
 * | 28     | 4    | nextOid       | first unassigned object id                          |
 * | 32     | 1    | state         | 1 running, 2 shut down cleanly                       |
 * | 33     | 3    | reserved      | zero                                                |
 * | 36     | 4    | crc           | CRC32C of bytes [0, 36)                             |
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32c, DbError, type Lsn, type TxnId } from '@rustydb/common';
import { writeFileDurably } from './durable-file.js';

/** What the control file records. */
export interface ControlData {
  checkpointLsn: Lsn;
  redoLsn: Lsn;
  nextXid: TxnId;
  nextOid: number;
  /** 'shutdown' after a clean shutdown; 'running' means recovery must replay from `redoLsn`. */
  state: 'running' | 'shutdown';
}

const CONTROL_FILE = 'control';
const MAGIC = 0x4c544352;
const VERSION = 1;
const SIZE = 40;
const TWO_32 = 0x1_0000_0000;
const STATE_CODE = { running: 1, shutdown: 2 } as const;

/**
 * Reads `<dir>/control`. Synchronous. Returns undefined if there is none (a new database).
 * @throws DbError XX001 if the file is corrupt (size, magic, version or checksum).
 */
export function readControlFile(dir: string): ControlData | undefined {
  const path = join(dir, CONTROL_FILE);
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const corrupt = (what: string) => new DbError('XX001', `control file "${path}" is corrupt: ${what}`);
  if (bytes.length !== SIZE) throw corrupt(`size ${bytes.length}`);
  if (dv.getUint32(36, true) !== crc32c(bytes, 0, 0, 36)) throw corrupt('checksum mismatch');
  if (dv.getUint32(0, true) !== MAGIC || dv.getUint32(4, true) !== VERSION)
    throw corrupt('bad magic or version');
  const state = dv.getUint8(32);
  if (state !== STATE_CODE.running && state !== STATE_CODE.shutdown) throw corrupt(`state ${state}`);
  return {
    checkpointLsn: readU64(dv, 8) as Lsn,
    redoLsn: readU64(dv, 16) as Lsn,
    nextXid: dv.getUint32(24, true) as TxnId,
    nextOid: dv.getUint32(28, true),
    state: state === STATE_CODE.running ? 'running' : 'shutdown',
  };
}

/** Writes `<dir>/control` atomically and durably. Synchronous; throws the fs error on failure. */
export function writeControlFile(dir: string, data: ControlData): void {
  const bytes = new Uint8Array(SIZE);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, VERSION, true);
  writeU64(dv, 8, data.checkpointLsn);
  writeU64(dv, 16, data.redoLsn);
  dv.setUint32(24, data.nextXid, true);
  dv.setUint32(28, data.nextOid, true);
  dv.setUint8(32, STATE_CODE[data.state]);
  dv.setUint32(36, crc32c(bytes, 0, 0, 36), true);
  writeFileDurably(join(dir, CONTROL_FILE), bytes);
}

const readU64 = (dv: DataView, off: number): number =>
  dv.getUint32(off + 4, true) * TWO_32 + dv.getUint32(off, true);

function writeU64(dv: DataView, off: number, v: number): void {
  dv.setUint32(off, v % TWO_32, true);
  dv.setUint32(off + 4, Math.floor(v / TWO_32), true);
}
