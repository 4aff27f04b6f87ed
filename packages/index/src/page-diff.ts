/**
 * diffRanges: the byte ranges in which a page differs from a copy taken before a change, for
 * logging a change whose bytes are easier to compare than to track (a B+tree split moves and
 * compacts cells; in an ascending load most of the left page stays where it was).
 *
 * Runs of differing bytes closer than MERGE_GAP are joined: each range costs 4 bytes of record
 * header, so logging a few equal bytes in between is cheaper than a second range.
 */
import { PAGE_KIND_OFFSET, PAGE_SIZE } from '@rustydb/common';

const MERGE_GAP = 8;

/**
 * [offset, length, …] of the bytes of `after` that differ from `before`, from the page kind on
 * (the LSN and checksum are redo's and storage's). Synchronous; allocates only the result (and
 * two word views). Equal 4-byte words are skipped a word at a time: a split page is mostly equal.
 */
export function diffRanges(before: Uint8Array, after: Uint8Array): number[] {
  const out: number[] = [];
  let start = -1;
  let lastDiff = -1;
  const note = (i: number): void => {
    if (start >= 0 && i - lastDiff > MERGE_GAP) {
      out.push(start, lastDiff + 1 - start);
      start = -1;
    }
    if (start < 0) start = i;
    lastDiff = i;
  };
  if ((before.byteOffset & 3) === 0 && (after.byteOffset & 3) === 0 && (PAGE_KIND_OFFSET & 3) === 0) {
    const a = new Uint32Array(before.buffer, before.byteOffset, PAGE_SIZE >>> 2);
    const b = new Uint32Array(after.buffer, after.byteOffset, PAGE_SIZE >>> 2);
    for (let w = PAGE_KIND_OFFSET >>> 2; w < a.length; w++) {
      if (a[w] === b[w]) continue;
      for (let i = w << 2, end = i + 4; i < end; i++) if (before[i] !== after[i]) note(i);
    }
  } else {
    for (let i = PAGE_KIND_OFFSET; i < PAGE_SIZE; i++) if (before[i] !== after[i]) note(i);
  }
  if (start >= 0) out.push(start, lastDiff + 1 - start);
  return out;
}
