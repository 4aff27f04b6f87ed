import { commandId, PAGE_SIZE, PageKind, readPageKind, txnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import {
  addRange,
  formatHeapPage,
  HEAP_HEADER_SIZE,
  heapFits,
  heapFreeSpace,
  heapInsert,
  heapPrune,
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
function replay(
  before: Uint8Array,
  after: Uint8Array,
  ranges: readonly number[],
  moves: readonly number[] = [],
): Uint8Array {
  const out = before.slice();
  // As redo does (wal's page-change.ts): the moves in order, then the ranges' bytes.
  for (let i = 0; i < moves.length; i += 3) {
    const [to, from, len] = [moves[i]!, moves[i + 1]!, moves[i + 2]!];
    expect(Math.min(to, from)).toBeGreaterThanOrEqual(12);
    out.copyWithin(to, from, from + len);
  }
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
      flags: 0,
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

/** u16 little-endian at `o`. */
const u16 = (p: Uint8Array, o: number): number => p[o]! | (p[o + 1]! << 8);

/**
 * Runs a prune and checks that its moves and ranges rebuild every byte outside the free space:
 * the free space is zeroed without being logged, and nothing reads it.
 */
function expectPruneRanges(page: Uint8Array, slots: number[]): { ranges: number[]; moves: number[] } {
  const before = page.slice();
  const ranges: number[] = [];
  const moves: number[] = [];
  heapPrune(page, slots, ranges, moves);
  const replayed = replay(before, page, ranges, moves);
  const lower = u16(page, 16);
  const upper = u16(page, 18);
  replayed.fill(0, lower, upper);
  expect(replayed).toEqual(page);
  expect(page.subarray(lower, upper).every((b) => b === 0)).toBe(true);
  return { ranges, moves };
}

describe('heap page pruning (vacuum)', () => {
  /** A page with tuples of 10, 20, 30, 40 bytes in slots 1–4 (data bytes = slot number). */
  function fourTuples(): Uint8Array {
    const page = newPage();
    for (let s = 1; s <= 4; s++) heapInsert(page, 5, X, C, new Uint8Array(s * 10).fill(s), []);
    return page;
  }
  const dataOf = (page: Uint8Array, slot: number) =>
    Array.from(readHeapTuple(page, 5, slot, false)?.data ?? []);

  it('frees slots, packs the survivors at the end and keeps their slot numbers', () => {
    const page = fourTuples();
    const freeBefore = heapFreeSpace(page);
    expect(freeBefore).toBe(PAGE_SIZE - HEAP_HEADER_SIZE - 4 * (LINE_POINTER_SIZE + TUPLE_HEADER_SIZE) - 100);
    const { ranges, moves } = expectPruneRanges(page, [2]);
    // Slot 1 (at the very end) does not move; 3 and 4 move up by slot 2's 48 bytes.
    const t1 = PAGE_SIZE - (TUPLE_HEADER_SIZE + 10);
    const t3 = t1 - (TUPLE_HEADER_SIZE + 30);
    const t4 = t3 - (TUPLE_HEADER_SIZE + 40);
    expect([1, 2, 3, 4].map((s) => heapTupleOffset(page, s))).toEqual([t1, 0, t3, t4]);
    expect(Array.from(page.subarray(16, 24))).toEqual([40, 0, t4 & 0xff, t4 >> 8, 4, 0, 1, 0]);
    expect(dataOf(page, 3)).toEqual(new Array(30).fill(3));
    expect(dataOf(page, 4)).toEqual(new Array(40).fill(4));
    expect(readHeapTuple(page, 5, 2, false)).toBeUndefined();
    expect(readHeapTuple(page, 5, 4, false)!.tid).toEqual({ page: 5, slot: 4 });
    expect(heapFreeSpace(page)).toBe(freeBefore + TUPLE_HEADER_SIZE + 20);
    // Header + line pointers in one range; tuples 3 and 4, adjacent, moved up by 48 bytes in one move.
    expect(ranges).toEqual([16, 8 + 4 * LINE_POINTER_SIZE]);
    expect(moves).toEqual([t4, t4 - (TUPLE_HEADER_SIZE + 20), t1 - t4]);
  });

  it('cuts trailing unused line pointers and logs no tuple when none moves', () => {
    const page = fourTuples();
    const t3 = heapTupleOffset(page, 3);
    const { ranges, moves } = expectPruneRanges(page, [4]);
    expect(heapSlotCount(page)).toBe(3);
    expect(u16(page, 16)).toBe(HEAP_HEADER_SIZE + 3 * LINE_POINTER_SIZE);
    expect(u16(page, 18)).toBe(t3);
    expect(u16(page, 22)).toBe(0); // no free line left inside 1..3
    expect(ranges).toEqual([16, 8 + 3 * LINE_POINTER_SIZE]);
    expect(moves).toEqual([]);
  });

  it('reuses an unused slot before adding a line pointer, then clears the stale hint', () => {
    const page = fourTuples();
    // Two holes: tuple 2 moves up by 38 bytes, tuple 4 by 38 + 58 (two moves).
    expect(expectPruneRanges(page, [1, 3]).moves).toHaveLength(6);
    expect(u16(page, 22)).toBe(1);
    expect(heapSlotCount(page)).toBe(4);
    const r1 = expectRangesComplete(page, (r) => {
      expect(heapInsert(page, 5, X, C, Uint8Array.of(7), r)).toBe(1);
    });
    expect(r1.slice(0, 4)).toEqual([16, 6, HEAP_HEADER_SIZE, LINE_POINTER_SIZE]); // line pointer 1
    expect(heapInsert(page, 5, X, C, Uint8Array.of(8), [])).toBe(3);
    expect(heapSlotCount(page)).toBe(4);
    // No unused slot is left: the next insert finds none, clears the hint and appends slot 5.
    const r5 = expectRangesComplete(page, (r) => {
      expect(heapInsert(page, 5, X, C, Uint8Array.of(9), r)).toBe(5);
    });
    expect(r5.slice(0, 2)).toEqual([22, 2]);
    expect(u16(page, 22)).toBe(0);
    expect([1, 2, 3, 4, 5].map((s) => dataOf(page, s)[0])).toEqual([7, 2, 8, 4, 9]);
    expect(readHeapTuple(page, 5, 3, false)!.ctid).toEqual({ page: 5, slot: 3 });
  });

  it('fits a tuple into an unused slot that would not fit with a new line pointer', () => {
    const page = newPage();
    while (heapInsert(page, 0, X, C, new Uint8Array(100), []) > 0);
    const slots = heapSlotCount(page);
    expectPruneRanges(page, [1]);
    // Exactly one tuple's bytes are free: no room for another line pointer, but slot 1 is unused.
    const free = heapFreeSpace(page);
    expect(heapFits(page, free - TUPLE_HEADER_SIZE)).toBe(true);
    expect(heapInsert(page, 0, X, C, new Uint8Array(free - TUPLE_HEADER_SIZE), [])).toBe(1);
    expect(heapSlotCount(page)).toBe(slots);
    expect(heapFreeSpace(page)).toBe(0);
  });

  it('empties a page entirely when every slot is freed', () => {
    const page = fourTuples();
    expectPruneRanges(page, [4, 2, 1, 3]);
    expect(heapSlotCount(page)).toBe(0);
    expect(heapFreeSpace(page)).toBe(PAGE_SIZE - HEAP_HEADER_SIZE);
    expect(heapInsert(page, 5, X, C, Uint8Array.of(1), [])).toBe(1);
  });

  it('refuses to free a slot that holds nothing (our bug, not user input)', () => {
    const page = fourTuples();
    heapPrune(page, [2], [], []);
    expect(() => heapPrune(page, [2], [], [])).toThrow(/slot 2 holds no tuple/);
    expect(() => heapPrune(page, [9], [], [])).toThrow(/slot 9 holds no tuple/);
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
