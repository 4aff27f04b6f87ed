/**
 * Walks the records of the log stream, segment by segment, checking every envelope. The walk
 * ends at the first position that does not hold a valid record: that is the end of the WAL
 * (after a crash, whatever follows is a torn write or garbage). Used both by `Wal.open` to find
 * the end and by `Wal.read` to replay.
 */
import { checkEnvelope, ENVELOPE_SIZE, envelopeKind, envelopeXid } from './record-envelope.js';
import { RecordKind } from './wal-record.js';
import { readSegmentHeader, SEGMENT_HEADER_SIZE } from './wal-segment.js';

/** Where the walker gets segment bytes from: files on disk, plus the in-memory buffer. */
export interface SegmentSource {
  readonly segmentSize: number;
  /**
   * The known bytes of the segment starting at `start` (from its byte 0), or undefined if the
   * segment does not exist. The walker keeps the array while it walks that segment.
   */
  loadSegment(start: number): Uint8Array | undefined;
}

/** A record as found in a segment, not yet decoded. `bytes` is the whole segment's bytes. */
export interface RawRecord {
  /** LSN of the record's first byte. */
  readonly lsn: number;
  /** LSN just past the record; for a switch record, the end of its segment (it uses the rest). */
  readonly end: number;
  readonly xid: number;
  /** RecordKind; Switch records are reported too (callers that replay skip them). */
  readonly kind: number;
  readonly bytes: Uint8Array;
  /** Offset of the record's envelope in `bytes`. */
  readonly offset: number;
}

/**
 * Yields every valid record from `from` (a record boundary: a record's start or end) up to
 * `limit` (exclusive). Stops early at the first invalid record or missing segment.
 */
export function* walkRecords(src: SegmentSource, from: number, limit: number): Generator<RawRecord> {
  const size = src.segmentSize;
  let seg = from - (from % size);
  let p = Math.max(from, seg + SEGMENT_HEADER_SIZE);
  let bytes = loadChecked(src, seg);
  // The CRC seed of the segment's records (wal-segment.ts, "Record seed").
  let seed = bytes === undefined ? 0 : readSegmentHeader(bytes)!.recordSeed;
  while (bytes !== undefined && p < limit) {
    const segEnd = seg + size;
    const length = segEnd - p < ENVELOPE_SIZE ? -1 : checkEnvelope(bytes, p - seg, seed);
    if (length === 0) return;
    if (length > 0) {
      const kind = envelopeKind(bytes, p - seg);
      const end = kind === RecordKind.Switch ? segEnd : p + length;
      yield { lsn: p, end, xid: envelopeXid(bytes, p - seg), kind, bytes, offset: p - seg };
      p += length;
      if (kind !== RecordKind.Switch) continue;
    }
    // A switch record or too little room for any record: the stream continues in the next segment.
    seg = segEnd;
    p = seg + SEGMENT_HEADER_SIZE;
    bytes = seg < limit ? loadChecked(src, seg) : undefined;
    if (bytes !== undefined) seed = readSegmentHeader(bytes)!.recordSeed;
  }
}

function loadChecked(src: SegmentSource, start: number): Uint8Array | undefined {
  const bytes = src.loadSegment(start);
  if (bytes === undefined) return undefined;
  const header = readSegmentHeader(bytes);
  return header?.start === start && header.segmentSize === src.segmentSize ? bytes : undefined;
}
