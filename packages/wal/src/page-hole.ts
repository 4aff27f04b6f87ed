/**
 * Where a page's free space (the "hole" a full page image leaves out) is, read from the page's
 * own header instead of searched for.
 *
 * WHY. Logging a full page image (page-change.ts) leaves out the page's hole, which redo fills
 * with zeros. Searching the page for its longest run of zero bytes costs a pass over 8 KiB per
 * image; a bulk load images every new heap page and B+tree node, and the search was 5–10% of
 * its CPU. A slotted page knows its free space from its header, as PostgreSQL's pd_lower and
 * pd_upper (XLogRecordAssemble with REGBUF_STANDARD).
 *
 * HOW. The layer that owns a page layout registers, per PageKind, a function that reads the
 * hole from the header (storage for heap pages, index for B+tree nodes). Kinds without one, or a
 * header that does not describe a sane hole, fall back to the search. As in PostgreSQL, the hole's
 * bytes are not checked: whatever free space holds is not data (every writer logs the bytes it
 * puts there), so redo restoring zeros there restores the page.
 */
import { PAGE_KIND_OFFSET, PAGE_SIZE, type PageKind } from '@rustydb/common';

/**
 * Reads a page's free space from its header: returns `start * 0x10000 + length`, or -1 when the
 * header does not describe one. Must be pure and cheap (it runs for every page image).
 */
export type PageHoleReader = (page: Uint8Array) => number;

const readers: (PageHoleReader | undefined)[] = [];

/**
 * Registers the hole reader of pages of `kind` (module initialisation of the layer owning the
 * layout; registering the same kind again replaces the reader). Synchronous.
 */
export function registerPageHole(kind: PageKind, reader: PageHoleReader): void {
  readers[kind] = reader;
}

/** `start * 0x10000 + length` for the hole `[start, end)`, the encoding PageHoleReader returns. */
export function encodeHole(start: number, end: number): number {
  return start * 0x10000 + (end - start);
}

/**
 * The registered hole of `page` as `start * 0x10000 + length`, or -1 (no reader for its kind, or
 * a hole outside the page past its 16-byte common header). Synchronous.
 */
export function headerHole(page: Uint8Array): number {
  const reader = readers[page[PAGE_KIND_OFFSET]! | (page[PAGE_KIND_OFFSET + 1]! << 8)];
  if (reader === undefined) return -1;
  const hole = reader(page);
  if (hole < 0) return -1;
  const start = Math.floor(hole / 0x10000);
  const length = hole % 0x10000;
  return start >= 16 && start + length <= PAGE_SIZE ? hole : -1;
}
