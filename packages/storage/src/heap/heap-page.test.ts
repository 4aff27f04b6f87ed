import { commandId, PAGE_SIZE, PageKind, readPageKind, txnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import {
  addRange,
  formatHeapPage,
  HEAP_HEADER_SIZE,
  heapFits,
  heapInsert,
  heapSetCtid,
  heapSetXmax,
  heapSlotCount,
  heapTupleOffset,
  initHeapPage,
  isHeapPage,
  LINE_POINTER_SIZE,
  MAX_HEAP_TUPLE_SIZE,
  readHeapTuple,
  TUPLE_HEADER_SIZE,
} from './heap-page.js';

const X = txnId(42);
const C = commandId(2);

function newPage(): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  initHeapPage(page, []);
  return page;
}

/** Applies `ranges` of `after` onto a copy of `before`: what redo of the logged ranges does. */
function replay(before: Uint8Array, after: Uint8Array, ranges: readonly number[]): Uint8Array {
  const out = before.slice();
  for (let i = 0; i < ranges.length; i += 2) {
    const [off, len] = [ranges[i]!, ranges[i + 1]!];
    expect(off).toBeGreaterThanOrEqual(12);
    out.set(after.subarray(off, off + len), off);
  }
  return out;
}

/** Runs a page change and checks that its reported ranges cover every byte it changed. */
function expectRangesComplete(page: Uint8Array, change: (ranges: number[]) => void): number[] {
  const before = page.slice();
  const ranges: number[] = [];
  change(ranges);
  expect(replay(before, page, ranges)).toEqual(page);
  return ranges;
}

describe('heap page layout', () => {
  it('initializes the header: kind, lower, upper, no slots', () => {
    const page = new Uint8Array(PAGE_SIZE).fill(0xee);
    const ranges: number[] = [];
    initHeapPage(page, ranges);
    expect(readPageKind(page)).toBe(PageKind.Heap);
    expect(isHeapPage(page)).toBe(true);
    expect(heapSlotCount(page)).toBe(0);
    expect(Array.from(page.subarray(16, 24))).toEqual([24, 0, 0, 0x20, 0, 0, 0, 0]); // lower 24, upper 8192
    expect(ranges).toEqual([12, 12]);
    expect(isHeapPage(new Uint8Array(PAGE_SIZE))).toBe(false);
  });

  it('places line pointers after the header and tuples from the end, with 1-based slots', () => {
    const page = newPage();
    const a = heapInsert(page, 3, X, C, Uint8Array.of(1, 2, 3), []);
    const b = heapInsert(page, 3, X, C, Uint8Array.of(4), []);
    expect([a, b]).toEqual([1, 2]);
    expect(heapTupleOffset(page, 1)).toBe(PAGE_SIZE - TUPLE_HEADER_SIZE - 3);
    expect(heapTupleOffset(page, 2)).toBe(PAGE_SIZE - 2 * TUPLE_HEADER_SIZE - 4);
    // Line pointer 2: offset, length (little-endian u16s) at 24 + 4.
    const lp = HEAP_HEADER_SIZE + LINE_POINTER_SIZE;
    expect(page[lp]! | (page[lp + 1]! << 8)).toBe(heapTupleOffset(page, 2));
    expect(page[lp + 2]! | (page[lp + 3]! << 8)).toBe(TUPLE_HEADER_SIZE + 1);
    expect(heapTupleOffset(page, 0)).toBe(0);
    expect(heapTupleOffset(page, 3)).toBe(0);
  });

  it('writes the tuple header: xmin, xmax 0, cmin, cmax 0, ctid = own tid, data length', () => {
    const page = newPage();
    const slot = heapInsert(page, 7, X, C, Uint8Array.of(9, 8), []);
    const off = heapTupleOffset(page, slot);
    expect(Array.from(page.subarray(off, off + TUPLE_HEADER_SIZE + 2))).toEqual([
      42, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 9, 8,
    ]);
    const t = readHeapTuple(page, 7, slot, true)!;
    expect(t).toEqual({
      tid: { page: 7, slot: 1 },
      xmin: X,
      xmax: 0,
      cmin: C,
      cmax: 0,
      ctid: { page: 7, slot: 1 },
      data: Uint8Array.of(9, 8),
    });
    expect(readHeapTuple(page, 7, 2, true)).toBeUndefined();
  });

  it('returns data as a view or a copy on request', () => {
    const page = newPage();
    const slot = heapInsert(page, 0, X, C, Uint8Array.of(5), []);
    const view = readHeapTuple(page, 0, slot, false)!.data;
    const copy = readHeapTuple(page, 0, slot, true)!.data;
    page[heapTupleOffset(page, slot) + TUPLE_HEADER_SIZE] = 6;
    expect(view[0]).toBe(6);
    expect(copy[0]).toBe(5);
  });

  it('reports insert ranges: header counters, line pointer, tuple; merged with a fresh init', () => {
    const page = new Uint8Array(PAGE_SIZE);
    const first = expectRangesComplete(page, (r) => {
      initHeapPage(page, r);
      heapInsert(page, 0, X, C, Uint8Array.of(1), r);
    });
    const t1 = PAGE_SIZE - TUPLE_HEADER_SIZE - 1;
    expect(first).toEqual([12, 16, t1, TUPLE_HEADER_SIZE + 1]);
    const second = expectRangesComplete(page, (r) => heapInsert(page, 0, X, C, Uint8Array.of(2, 3), r));
    expect(second).toEqual([16, 6, 28, 4, t1 - TUPLE_HEADER_SIZE - 2, TUPLE_HEADER_SIZE + 2]);
  });

  it('reports exactly the xmax/cmax and ctid bytes', () => {
    const page = newPage();
    const slot = heapInsert(page, 0, X, C, Uint8Array.of(1), []);
    const off = heapTupleOffset(page, slot);
    const xr = expectRangesComplete(page, (r) => heapSetXmax(page, off, txnId(50), commandId(4), r));
    expect(xr).toEqual([off + 4, 4, off + 12, 4]);
    const cr = expectRangesComplete(page, (r) => heapSetCtid(page, off, { page: 9, slot: 300 }, r));
    expect(cr).toEqual([off + 16, 6]);
    const t = readHeapTuple(page, 0, slot, false)!;
    expect([t.xmax, t.cmax, t.ctid]).toEqual([50, 4, { page: 9, slot: 300 }]);
  });

  it('fills up, then refuses without changing the page', () => {
    const page = newPage();
    const data = new Uint8Array(100);
    let n = 0;
    while (heapInsert(page, 0, X, C, data, []) > 0) n++;
    const perTuple = LINE_POINTER_SIZE + TUPLE_HEADER_SIZE + 100;
    expect(n).toBe(Math.floor((PAGE_SIZE - HEAP_HEADER_SIZE) / perTuple));
    expect(heapFits(page, 100)).toBe(false);
    const before = page.slice();
    const ranges: number[] = [];
    expect(heapInsert(page, 0, X, C, data, ranges)).toBe(0);
    expect(ranges).toEqual([]);
    expect(page).toEqual(before);
  });

  it('holds exactly one tuple of the maximum size', () => {
    const page = newPage();
    const max = MAX_HEAP_TUPLE_SIZE - TUPLE_HEADER_SIZE;
    expect(heapFits(page, max)).toBe(true);
    expect(heapFits(page, max + 1)).toBe(false);
    expect(heapInsert(page, 0, X, C, new Uint8Array(max).fill(1), [])).toBe(1);
    expect(heapTupleOffset(page, 1)).toBe(HEAP_HEADER_SIZE + LINE_POINTER_SIZE);
    expect(heapFits(page, 0)).toBe(false);
  });

  it('formats a page for humans', () => {
    const page = newPage();
    heapInsert(page, 0, X, C, Uint8Array.of(0xab, 0xcd), []);
    const off = heapTupleOffset(page, 1);
    heapSetXmax(page, off, txnId(43), commandId(1), []);
    expect(formatHeapPage(page, 0)).toBe(
      [
        'page 0: heap lsn=0 lower=28 upper=8162 slots=1',
        '  (0,1) xmin=42 xmax=43 cmin=2 cmax=1 ctid=(0,1) len=2 data=abcd',
      ].join('\n'),
    );
    expect(formatHeapPage(new Uint8Array(PAGE_SIZE), 3)).toBe('page 3: kind 0 (not a heap page)');
  });
});

describe('addRange', () => {
  it('merges ranges that touch or overlap the previous one, keeps gaps apart', () => {
    const r: number[] = [];
    addRange(r, 12, 12);
    addRange(r, 16, 6); // inside
    addRange(r, 24, 4); // touching
    addRange(r, 100, 10); // gap
    addRange(r, 105, 20); // overlapping tail
    expect(r).toEqual([12, 16, 100, 25]);
  });
});
