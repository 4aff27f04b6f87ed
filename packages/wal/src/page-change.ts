/**
 * Logging page changes, and redoing them.
 *
 * The rule (PostgreSQL's full_page_writes): the first change to a page after a checkpoint logs
 * the whole page. A crash can tear an 8 KiB page write, leaving half old and half new bytes;
 * redo then restores the page from the image instead of patching bytes into a torn page. Later
 * changes to the same page log only the bytes that changed, because the image logged since the
 * checkpoint will be replayed first.
 *
 * `PageChange.data` has one of two encodings (little endian):
 *
 * Full page image (`image: true`), with the page's free space (the "hole": read from the header
 * of a layout registered in page-hole.ts, else the page's longest run of zero bytes) left out;
 * redo fills it with zeros:
 *
 * | offset | size                    | description                          |
 * |--------|-------------------------|--------------------------------------|
 * | 0      | 2                       | hole offset in the page              |
 * | 2      | 2                       | hole length                          |
 * | 4      | hole offset             | page bytes [0, hole offset)          |
 * | …      | PAGE_SIZE - hole end    | page bytes [hole end, PAGE_SIZE)     |
 *
 * Byte ranges (`image: false`), repeated until the end of `data`:
 *
 * | offset | size   | description                   |
 * |--------|--------|-------------------------------|
 * | 0      | 2      | offset in the page            |
 * | 2      | 2      | length                        |
 * | 4      | length | the new bytes                 |
 *
 * or, when bit 15 of the length is set (no range is that long: PAGE_SIZE < 0x8000), a move of
 * bytes already on the page, redone as `copyWithin` (a B+tree insert shifting its slot array
 * logs 6 bytes instead of the shifted slots; PostgreSQL's btree insert record says "insert at
 * offset N" for the same reason):
 *
 * | offset | size | description                          |
 * |--------|------|--------------------------------------|
 * | 0      | 2    | destination offset in the page       |
 * | 2      | 2    | length, with bit 15 set              |
 * | 4      | 2    | source offset in the page            |
 *
 * Moves come first in `data`: redo applies them to the page as last logged, then writes the
 * ranges' bytes. A move is exact because redo replays every change since the page's last full
 * image in order, so the source bytes are what they were when the change was made (the only
 * unlogged page writes, hint bits like the B+tree KILLED bit, never touch what a move reads).
 */
import {
  assert,
  type FileId,
  type Lsn,
  PAGE_CHECKSUM_OFFSET,
  PAGE_SIZE,
  readPageLsn,
  type TxnId,
  writePageLsn,
} from '@rustydb/common';
import { headerHole } from './page-hole.js';
import { CHANGE_HEADER_SIZE, PAGES_HEADER_SIZE, putChangeHeader, putPagesHeader } from './page-record.js';
import type { Wal } from './wal.js';
import { type PageChange, RecordKind } from './wal-record.js';

/** The first byte a range may cover: bytes before it (LSN, checksum) are set by redo and storage. */
const FIRST_RANGE_BYTE = PAGE_CHECKSUM_OFFSET + 4;

/** One modified, pinned page handed to `logPageChanges`. */
export interface PageChangeInput {
  readonly file: FileId;
  readonly pageNo: number;
  /** The page's bytes in the buffer pool, already modified. */
  readonly page: Uint8Array;
  /** Changed bytes as pairs: offset, length, offset, length, … (offsets ≥ 12). */
  readonly ranges: readonly number[];
  /**
   * Bytes moved within the page, as triples: destination, source, length (offsets ≥ 12). The
   * moves, applied in order to the page as last logged, must yield every changed byte that no
   * range covers; the ranges' bytes are written after them. Ignored when the page is logged whole.
   */
  readonly moves?: readonly number[];
}

/** Bit 15 of a delta op's length: the op is a move (see the file comment). */
const MOVE_FLAG = 0x8000;
/** Encoded size of one move. */
const MOVE_SIZE = 6;
const NO_MOVES: readonly number[] = [];

/**
 * Logs changes made to pinned pages as ONE 'pages' record (atomic for multi-page operations like
 * a B+tree split): for each entry, if the page's LSN is at or before `wal.redoLsn` (first change
 * since the last checkpoint, or a new page) the record carries a full page image, else just the
 * listed ranges. Writes the record's end LSN into every page's header and returns it. The caller
 * marks the frames dirty. Synchronous.
 *
 * The record (page-record.ts) is encoded straight into the WAL buffer: sizes first (the image
 * holes are found once and kept in module scratch), then one `appendWith` that copies the page
 * bytes in place. No per-change objects are allocated.
 *
 * The changes to an unlogged relation's file (`Wal.unloggedFiles`; one call changes one relation's
 * pages) are not logged: see countUnloggedChanges.
 *
 * `deferrable`: the caller marks the pages dirty right after this call and the changes are in
 * pool frames, so inside `Wal.batchPageChanges` they may be noted and logged later with the
 * batch (page-change-batch.ts); the returned LSN is then the current insert LSN, not the record's.
 * @throws InternalError if a range is malformed or covers bytes 0..12.
 */
export function logPageChanges(
  wal: Wal,
  xid: TxnId,
  changes: readonly PageChangeInput[],
  deferrable = false,
): Lsn {
  if (wal.unloggedFiles.size > 0 && changes.length > 0 && wal.unloggedFiles.has(changes[0]!.file))
    return countUnloggedChanges(wal, changes);
  const batch = wal.pageBatch;
  if (deferrable && batch.depth > 0) {
    // Inside `Wal.batchPageChanges`: noted now, logged with the batch (page-change-batch.ts).
    if (!batch.accepts(xid, changes)) wal.logPageBatch();
    for (let i = 0; i < changes.length; i++) checkRanges(changes[i]!);
    batch.add(xid, changes);
    return wal.insertLsn;
  }
  // Deferred changes go first, and now: appendWith would log them from inside this call, whose
  // module scratch (`pending`, the holes) logging them reuses.
  if (batch.pending) wal.logPageBatch();
  let size = PAGES_HEADER_SIZE;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (readPageLsn(c.page) <= wal.redoLsn) {
      assert(c.page.length === PAGE_SIZE, 'page image of the wrong size');
      findHole(c.page, i);
      size += CHANGE_HEADER_SIZE + 4 + PAGE_SIZE - holeLengths[i]!;
    } else {
      holeStarts[i] = -1;
      holeLengths[i] = deltaSize(c);
      size += CHANGE_HEADER_SIZE + holeLengths[i]!;
    }
  }
  pending = changes;
  let end: Lsn;
  try {
    end = wal.appendWith(RecordKind.PageChanges, xid, size, writePending);
  } finally {
    pending = NONE;
  }
  for (let i = 0; i < changes.length; i++) writePageLsn(changes[i]!.page, end);
  return end;
}

/**
 * An unlogged relation's changes: nothing is logged (the caller marks the pages dirty), but each
 * page's LSN still moves, by one, as PostgreSQL stamps a fake LSN on them: B+tree cursors tell a
 * leaf changed under them by its LSN. These LSNs only count changes; the buffer pool does not
 * flush the WAL for such pages (`WalFlusher.unloggedFiles`). Returns the current insert LSN.
 */
function countUnloggedChanges(wal: Wal, changes: readonly PageChangeInput[]): Lsn {
  for (let i = 0; i < changes.length; i++) {
    const page = changes[i]!.page;
    writePageLsn(page, (readPageLsn(page) + 1) as Lsn);
  }
  return wal.insertLsn;
}

const NONE: readonly PageChangeInput[] = [];
/** The changes `writePending` encodes: set by logPageChanges around its one append (never nests). */
let pending: readonly PageChangeInput[] = NONE;
/**
 * Per pending change: the image's hole start, or -1 for a delta; and the hole length, or for a
 * delta its data size (computed, and its ranges checked, once).
 */
const holeStarts: number[] = [];
const holeLengths: number[] = [];

/** appendWith's writer for `pending`: the page-record.ts payload, written in place. */
function writePending(buf: Uint8Array, off: number): void {
  let p = putPagesHeader(buf, off, pending.length);
  for (let i = 0; i < pending.length; i++) {
    const c = pending[i]!;
    const holeStart = holeStarts[i]!;
    if (holeStart >= 0) {
      const holeLen = holeLengths[i]!;
      p = putChangeHeader(buf, p, c.file, c.pageNo, true, 4 + PAGE_SIZE - holeLen);
      putU16(buf, p, holeStart);
      putU16(buf, p + 2, holeLen);
      buf.set(c.page.subarray(0, holeStart), p + 4);
      buf.set(c.page.subarray(holeStart + holeLen), p + 4 + holeStart);
      p += 4 + PAGE_SIZE - holeLen;
    } else {
      const ranges = c.ranges;
      const moves = c.moves ?? NO_MOVES;
      p = putChangeHeader(buf, p, c.file, c.pageNo, false, holeLengths[i]!);
      for (let m = 0; m < moves.length; m += 3) {
        putU16(buf, p, moves[m]!);
        putU16(buf, p + 2, moves[m + 2]! | MOVE_FLAG);
        putU16(buf, p + 4, moves[m + 1]!);
        p += MOVE_SIZE;
      }
      for (let r = 0; r < ranges.length; r += 2) {
        const o = ranges[r]!;
        const len = ranges[r + 1]!;
        putU16(buf, p, o);
        putU16(buf, p + 2, len);
        // Most ranges are a few bytes (a slot, a header field): a subarray view costs more.
        if (len <= 64) for (let k = 0; k < len; k++) buf[p + 4 + k] = c.page[o + k]!;
        else buf.set(c.page.subarray(o, o + len), p + 4);
        p += 4 + len;
      }
    }
  }
}

/**
 * Redo of one change: writes the image or the ranges into `page` and sets its LSN to `lsn`.
 * The caller decides whether it applies (page LSN < lsn). Synchronous.
 * @throws InternalError if `data` is not a valid encoding.
 */
export function applyPageChange(change: PageChange, page: Uint8Array, lsn: Lsn): void {
  const d = change.data;
  if (change.image) {
    const holeStart = u16(d, 0);
    const holeEnd = holeStart + u16(d, 2);
    assert(
      holeEnd <= PAGE_SIZE && d.length === 4 + PAGE_SIZE - (holeEnd - holeStart),
      'malformed page image',
    );
    page.set(d.subarray(4, 4 + holeStart), 0);
    page.fill(0, holeStart, holeEnd);
    page.set(d.subarray(4 + holeStart), holeEnd);
  } else {
    for (let p = 0; p < d.length; ) {
      const off = u16(d, p);
      const len = u16(d, p + 2);
      if (len & MOVE_FLAG) {
        const moved = len & ~MOVE_FLAG;
        const from = u16(d, p + 4);
        assert(
          p + MOVE_SIZE <= d.length && off + moved <= PAGE_SIZE && from + moved <= PAGE_SIZE,
          'malformed page move',
        );
        page.copyWithin(off, from, from + moved);
        p += MOVE_SIZE;
        continue;
      }
      assert(p + 4 + len <= d.length && off + len <= PAGE_SIZE, 'malformed page delta');
      page.set(d.subarray(p + 4, p + 4 + len), off);
      p += 4 + len;
    }
  }
  writePageLsn(page, lsn);
}

/** The ranges of a delta change as pairs offset, length, moves left out (for tools and tests). */
export function pageDeltaRanges(data: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 0; p + 4 <= data.length; ) {
    const len = u16(data, p + 2);
    if (len & MOVE_FLAG) {
      p += MOVE_SIZE;
      continue;
    }
    out.push(u16(data, p), len);
    p += 4 + len;
  }
  return out;
}

/** The moves of a delta change as triples destination, source, length (for tools and tests). */
export function pageDeltaMoves(data: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 0; p + 4 <= data.length; ) {
    const len = u16(data, p + 2);
    if (len & MOVE_FLAG) {
      out.push(u16(data, p), u16(data, p + 4), len & ~MOVE_FLAG);
      p += MOVE_SIZE;
    } else p += 4 + len;
  }
  return out;
}

/** Hole offset and length of an image change (for tools and tests). */
export const pageImageHole = (data: Uint8Array): { offset: number; length: number } => ({
  offset: u16(data, 0),
  length: u16(data, 2),
});

/**
 * The image's hole into the scratch at `i`: the free space its header names (page-hole.ts) when
 * the page's layer registered one, else the page's longest run of zero bytes.
 */
function findHole(page: Uint8Array, i: number): void {
  const hole = headerHole(page);
  if (hole >= 0) {
    holeStarts[i] = Math.floor(hole / 0x10000);
    holeLengths[i] = hole % 0x10000;
    return;
  }
  // Word by word: a run of 7 or more zero bytes holds a whole aligned word, and each run found
  // is widened to its exact bytes; only when no such run exists does the byte scan decide.
  if ((page.byteOffset & 3) === 0 && findHoleByWords(page, i) >= 8) return;
  findHoleByBytes(page, i);
}

/** findHole over aligned words; returns the hole length found (runs under 7 bytes are missed). */
function findHoleByWords(page: Uint8Array, i: number): number {
  const words = new Uint32Array(page.buffer, page.byteOffset, PAGE_SIZE >>> 2);
  const n = words.length;
  let bestStart = 0;
  let bestLen = 0;
  for (let w = 0; w < n; ) {
    if (words[w] !== 0) {
      w++;
      continue;
    }
    const first = w;
    while (w < n && words[w] === 0) w++;
    let start = first << 2;
    while (start > 0 && page[start - 1] === 0) start--;
    let end = w << 2;
    while (end < PAGE_SIZE && page[end] === 0) end++;
    if (end - start > bestLen) {
      bestStart = start;
      bestLen = end - start;
    }
  }
  holeStarts[i] = bestStart;
  holeLengths[i] = bestLen;
  return bestLen;
}

/** findHole byte by byte: one pass, no allocation. */
function findHoleByBytes(page: Uint8Array, i: number): void {
  let bestStart = 0;
  let bestLen = 0;
  for (let p = 0; p < PAGE_SIZE; ) {
    if (page[p] !== 0) {
      p++;
      continue;
    }
    const start = p;
    while (p < PAGE_SIZE && page[p] === 0) p++;
    if (p - start > bestLen) {
      bestStart = start;
      bestLen = p - start;
    }
  }
  holeStarts[i] = bestStart;
  holeLengths[i] = bestLen;
}

/** Checks every range and move of a deferred change now, where its caller can be blamed. */
function checkRanges(change: PageChangeInput): void {
  deltaSize(change);
}

/** The encoded size of a delta change (its moves and ranges), checking each. */
function deltaSize(change: PageChangeInput): number {
  const moves = change.moves;
  return moves === undefined || moves.length === 0
    ? rangesSize(change.ranges)
    : movesSize(moves) + rangesSize(change.ranges);
}

/** The encoded size of `moves`, checking each. */
function movesSize(moves: readonly number[]): number {
  assert(moves.length % 3 === 0, 'page change moves must be destination, source, length triples');
  for (let i = 0; i < moves.length; i += 3) {
    const to = moves[i]!;
    const from = moves[i + 1]!;
    const len = moves[i + 2]!;
    if (
      to < FIRST_RANGE_BYTE ||
      from < FIRST_RANGE_BYTE ||
      len <= 0 ||
      to + len > PAGE_SIZE ||
      from + len > PAGE_SIZE
    )
      assert(false, `bad page change move ${from}+${len} to ${to}`);
  }
  return (moves.length / 3) * MOVE_SIZE;
}

/** The encoded size of a ranges change, checking every range. */
function rangesSize(ranges: readonly number[]): number {
  assert(ranges.length % 2 === 0, 'page change ranges must be offset, length pairs');
  let size = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const off = ranges[i]!;
    const len = ranges[i + 1]!;
    // The message is built only on failure: this runs for every logged range.
    if (off < FIRST_RANGE_BYTE || len < 0 || off + len > PAGE_SIZE)
      assert(false, `bad page change range ${off}+${len}`);
    size += 4 + len;
  }
  return size;
}

const u16 = (b: Uint8Array, off: number): number => b[off]! | (b[off + 1]! << 8);

function putU16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = v >>> 8;
}
