/**
 * The binary payload of a 'pages' record (RecordKind.PageChanges, code 10): one or more page
 * changes, atomic as a unit. It replaces the msgpack payload of code 1 (still read, never
 * written) because page changes are by far the most frequent records (one per tuple insert and
 * per index insert): a fixed layout is written straight into the WAL buffer, with no
 * intermediate objects, and decoded without a generic unpacker.
 *
 * Payload (little endian):
 *
 * | offset | size | description                        |
 * |--------|------|------------------------------------|
 * | 0      | 4    | number of changes (u32)            |
 * | 4      | …    | the changes, one after the other   |
 *
 * Each change:
 *
 * | offset | size | description                                                   |
 * |--------|------|---------------------------------------------------------------|
 * | 0      | 4    | file (u32)                                                    |
 * | 4      | 4    | page number (u32)                                             |
 * | 8      | 1    | 1: `data` is a full page image, 0: byte ranges (page-change.ts) |
 * | 9      | 4    | length of `data` (u32)                                        |
 * | 13     | n    | data                                                          |
 *
 * The decoder checks that the changes exactly fill the payload; the envelope's CRC has already
 * caught torn and corrupt records, so a mismatch here means an incompatible writer.
 */
import type { FileId } from '@rustydb/common';
import type { PageChange } from './wal-record.js';

/** Bytes before the first change. */
export const PAGES_HEADER_SIZE = 4;
/** Bytes of a change before its data. */
export const CHANGE_HEADER_SIZE = 13;

/** Writes a payload's header (the change count) at `off`; returns the offset after it. */
export function putPagesHeader(buf: Uint8Array, off: number, count: number): number {
  putU32(buf, off, count);
  return off + PAGES_HEADER_SIZE;
}

/**
 * Writes one change's header at `off` for `length` data bytes that the caller places right after
 * it; returns the offset of the data.
 */
export function putChangeHeader(
  buf: Uint8Array,
  off: number,
  file: number,
  page: number,
  image: boolean,
  length: number,
): number {
  putU32(buf, off, file);
  putU32(buf, off + 4, page);
  buf[off + 8] = image ? 1 : 0;
  putU32(buf, off + 9, length);
  return off + CHANGE_HEADER_SIZE;
}

/** The payload size of `changes` in this format. */
export function pagesPayloadSize(changes: readonly PageChange[]): number {
  let size = PAGES_HEADER_SIZE;
  for (const c of changes) size += CHANGE_HEADER_SIZE + c.data.length;
  return size;
}

/** Writes `changes` (already encoded data) at `off`; `pagesPayloadSize` bytes. Synchronous. */
export function writePagesPayload(buf: Uint8Array, off: number, changes: readonly PageChange[]): void {
  let p = putPagesHeader(buf, off, changes.length);
  for (const c of changes) {
    p = putChangeHeader(buf, p, c.file, c.page, c.image, c.data.length);
    buf.set(c.data, p);
    p += c.data.length;
  }
}

/**
 * Decodes a payload. The changes' `data` are views into `payload` (no copy). Returns undefined
 * if the payload does not have this shape (the caller raises its malformed-record error).
 */
export function decodePagesPayload(payload: Uint8Array): PageChange[] | undefined {
  if (payload.length < PAGES_HEADER_SIZE) return undefined;
  const count = u32(payload, 0);
  // Each change takes at least its header: a count beyond that is garbage, not an allocation.
  if (count > (payload.length - PAGES_HEADER_SIZE) / CHANGE_HEADER_SIZE) return undefined;
  const changes: PageChange[] = new Array(count);
  let p = PAGES_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (p + CHANGE_HEADER_SIZE > payload.length) return undefined;
    const flag = payload[p + 8]!;
    const length = u32(payload, p + 9);
    const start = p + CHANGE_HEADER_SIZE;
    if (flag > 1 || start + length > payload.length) return undefined;
    changes[i] = {
      file: u32(payload, p) as FileId,
      page: u32(payload, p + 4),
      image: flag === 1,
      data: payload.subarray(start, start + length),
    };
    p = start + length;
  }
  return p === payload.length ? changes : undefined;
}

const u32 = (b: Uint8Array, off: number): number =>
  (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;

function putU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = v >>> 24;
}
