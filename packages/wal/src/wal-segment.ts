/**
 * WAL segment files. The log stream is cut into segments of `segmentSize` bytes; segment files
 * live in `<dir>/wal/` and are named by the LSN of their first byte as 16 hexadecimal digits,
 * so sorting names sorts segments. Each segment starts with a header, so the first record of
 * segment `s` is at LSN `s + SEGMENT_HEADER_SIZE` and LSN 0 ("none") is never a record.
 *
 * | offset | size | field        | description                                 |
 * |--------|------|--------------|---------------------------------------------|
 * | 0      | 4    | magic        | 0x32415752 ("RWA2" little endian)           |
 * | 4      | 4    | segment size | bytes per segment (u32 LE)                  |
 * | 8      | 8    | start LSN    | LSN of byte 0 of this segment (u64 LE)      |
 * | 16     | 4    | crc          | CRC32C of bytes [0, 16)                     |
 * | 20     | 4    | reserved     | zero                                        |
 *
 * A record never spans two segments: when the next record does not fit, the writer ends the
 * segment with a switch record (kind 0, envelope only) if at least an envelope's worth of room
 * is left, and otherwise leaves the few remaining bytes unused; the reader knows both cases.
 * Segment files may be shorter than `segmentSize` (fsync off: no preallocation).
 *
 * RECORD SEED. In a segment with the "RWA2" magic, every record's CRC is computed starting from
 * the segment's seed (`segmentRecordSeed`, distinct for every segment start) instead of 0, which
 * ties each record to the segment it was written in. That is what makes recycled segment files
 * safe (wal.ts, "Segment lifecycle"): a recycled file still holds the records of its previous
 * life, and one of them may start exactly where the new records end, but it was checksummed
 * with the old segment's seed, so it fails the check and the log ends there. Segments with the
 * older "RWAL" magic (logs written before seeds existed) are read with seed 0; the writer
 * continues such a segment in its own format and starts every new segment as "RWA2".
 */
import { closeSync, fdatasyncSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32c } from '@rustydb/common';
import { fsyncDirectory } from './durable-file.js';

export const SEGMENT_HEADER_SIZE = 24;
/** Magic of segments whose records are seeded (see the file comment). */
export const SEGMENT_MAGIC = 0x32415752;
/** Magic of segments written before record seeds: their records' CRCs start from 0. */
export const LEGACY_SEGMENT_MAGIC = 0x4c415752;
export const DEFAULT_SEGMENT_SIZE = 16 * 1024 * 1024;
const TWO_32 = 0x1_0000_0000;

/** `0000000001000000` for the segment starting at LSN 16 MiB. */
export const segmentFileName = (start: number): string => start.toString(16).toUpperCase().padStart(16, '0');

/** The start LSN a segment file name stands for, or undefined for any other file name. */
export function parseSegmentFileName(name: string): number | undefined {
  return /^[0-9A-F]{16}$/.test(name) ? Number.parseInt(name, 16) : undefined;
}

/** Writes a segment header into `buf` at `off`. */
export function writeSegmentHeader(buf: Uint8Array, off: number, start: number, segmentSize: number): void {
  const dv = new DataView(buf.buffer, buf.byteOffset + off, SEGMENT_HEADER_SIZE);
  dv.setUint32(0, SEGMENT_MAGIC, true);
  dv.setUint32(4, segmentSize, true);
  dv.setUint32(8, start % TWO_32, true);
  dv.setUint32(12, Math.floor(start / TWO_32), true);
  dv.setUint32(16, crc32c(buf, 0, off, off + 16), true);
  dv.setUint32(20, 0, true);
}

/** A segment header as read back. */
export interface SegmentHeader {
  readonly start: number;
  readonly segmentSize: number;
  /** The CRC seed of the segment's records: `segmentRecordSeed`, or 0 for a legacy segment. */
  readonly recordSeed: number;
}

/** Reads the header at the start of `bytes`; undefined if it is missing, torn or corrupt. */
export function readSegmentHeader(bytes: Uint8Array): SegmentHeader | undefined {
  if (bytes.length < SEGMENT_HEADER_SIZE) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, SEGMENT_HEADER_SIZE);
  const magic = dv.getUint32(0, true);
  if (magic !== SEGMENT_MAGIC && magic !== LEGACY_SEGMENT_MAGIC) return undefined;
  if (crc32c(bytes, 0, 0, 16) !== dv.getUint32(16, true)) return undefined;
  const start = dv.getUint32(12, true) * TWO_32 + dv.getUint32(8, true);
  const segmentSize = dv.getUint32(4, true);
  return {
    segmentSize,
    start,
    recordSeed: magic === SEGMENT_MAGIC ? segmentRecordSeed(start, segmentSize) : 0,
  };
}

/**
 * The CRC seed of the records of the segment starting at `start` (see the file comment): the
 * segment number times an odd constant, a bijection on 32 bits, so no two segments of a log
 * (fewer than 2^32 of them) share a seed.
 */
export const segmentRecordSeed = (start: number, segmentSize: number): number =>
  Math.imul(Math.floor(start / segmentSize) % TWO_32, 0x9e3779b1) >>> 0;

/** Start LSNs of the segment files in `walDir`, ascending. */
export function listSegments(walDir: string): number[] {
  const starts: number[] = [];
  for (const name of readdirSync(walDir)) {
    const start = parseSegmentFileName(name);
    if (start !== undefined) starts.push(start);
  }
  return starts.sort((a, b) => a - b);
}

/** A lone segment 0 shorter than its header: the crash hit while the log was being created. */
export function isEmptyFirstSegment(walDir: string, segments: readonly number[]): boolean {
  if (segments.length !== 1 || segments[0] !== 0) return false;
  return statSync(join(walDir, segmentFileName(0))).size < SEGMENT_HEADER_SIZE;
}

/** Creates segment 0 holding just its header, durably unless `fsync` is false. */
export function createFirstSegment(walDir: string, segmentSize: number, fsync: boolean): void {
  const header = new Uint8Array(SEGMENT_HEADER_SIZE);
  writeSegmentHeader(header, 0, 0, segmentSize);
  const fd = openSync(join(walDir, segmentFileName(0)), 'w', 0o600);
  try {
    writeSync(fd, header, 0, header.length, 0);
    if (fsync) fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (fsync) fsyncDirectory(walDir);
}
