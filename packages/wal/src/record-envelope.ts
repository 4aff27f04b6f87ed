/**
 * The envelope every WAL record travels in. The CRC makes a torn or half-written record
 * detectable: the log ends at the first record whose envelope does not check out.
 *
 * | offset | size       | field    | description                                          |
 * |--------|------------|----------|------------------------------------------------------|
 * | 0      | 4          | length   | total bytes of the record, envelope included (u32 LE) |
 * | 4      | 4          | crc      | CRC32C of bytes [8, length) from the segment's seed  |
 * | 8      | 4          | xid      | transaction that wrote the record, 0 for none (LE)   |
 * | 12     | 1          | kind     | RecordKind (wal-record.ts)                            |
 * | 13     | 3          | reserved | zero                                                  |
 * | 16     | length-16  | payload  | msgpack, shape depends on kind                        |
 *
 * NB: the length is not itself covered by the CRC, but a wrong length makes the CRC run over
 * the wrong bytes, so it fails just the same. The CRC starts from the seed of the segment the
 * record is in (wal-segment.ts, "Record seed"), so a record only checks out in its own segment.
 */
import { crc32c } from '@rustydb/common';
import { isKnownKind } from './wal-record.js';

export const ENVELOPE_SIZE = 16;

/**
 * Fills in an envelope at `off` for a payload already placed at `off + 16`, computing the CRC.
 * `words`: optionally a Uint32Array over `buf`'s whole ArrayBuffer, which lets the CRC read words.
 * `seed`: the record's segment's CRC seed (`segmentRecordSeed`; 0 in a legacy segment).
 */
export function writeEnvelope(
  buf: Uint8Array,
  off: number,
  length: number,
  xid: number,
  kind: number,
  words?: Uint32Array,
  seed = 0,
): void {
  // Byte stores rather than a DataView: one envelope per record, no allocation.
  putU32(buf, off, length);
  putU32(buf, off + 8, xid);
  putU32(buf, off + 12, kind); // kind in byte 12, reserved bytes 13..16 zero
  putU32(buf, off + 4, crc32c(buf, seed, off + 8, off + length, words));
}

function putU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = v >>> 24;
}

/**
 * Checks the record at `off`: returns its length, or 0 if there is no valid record there (too
 * short, running past `bytes`, unknown kind or CRC mismatch under `seed`, the CRC seed of the
 * segment `bytes` holds). Synchronous, no allocation.
 */
export function checkEnvelope(bytes: Uint8Array, off: number, seed = 0): number {
  if (off + ENVELOPE_SIZE > bytes.length) return 0;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + off, ENVELOPE_SIZE);
  const length = dv.getUint32(0, true);
  if (length < ENVELOPE_SIZE || off + length > bytes.length) return 0;
  if (!isKnownKind(dv.getUint8(12)) || dv.getUint8(13) | dv.getUint16(14, true)) return 0;
  return crc32c(bytes, seed, off + 8, off + length) === dv.getUint32(4, true) ? length : 0;
}

/** The xid field of a valid envelope. */
export const envelopeXid = (bytes: Uint8Array, off: number): number =>
  (bytes[off + 8]! | (bytes[off + 9]! << 8) | (bytes[off + 10]! << 16) | (bytes[off + 11]! << 24)) >>> 0;

/** The kind field of a valid envelope. */
export const envelopeKind = (bytes: Uint8Array, off: number): number => bytes[off + 12]!;
