import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileId, type Lsn, PAGE_SIZE, readPageLsn, type TxnId, writePageLsn } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { formatWalRecord } from './format-wal-record.js';
import {
  applyPageChange,
  logPageChanges,
  pageDeltaMoves,
  pageDeltaRanges,
  pageImageHole,
} from './page-change.js';
import { Wal } from './wal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function openWal(): Wal {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-pages-'));
  dirs.push(dir);
  return Wal.open(dir, { fsync: false });
}

const FILE = 16384 as FileId;
const XID = 5 as TxnId;

/** A page shaped like a slotted page: header and line pointers low, tuples high, zeros between. */
function slottedPage(): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  page[12] = 1;
  for (let i = 16; i < 64; i++) page[i] = i;
  for (let i = 7000; i < PAGE_SIZE; i++) page[i] = (i * 7) & 0xff || 1;
  return page;
}

/** Redo of every page change in the log onto `pages`, as recovery does. */
function replay(wal: Wal, pages: Map<number, Uint8Array>): void {
  for (const { end, record } of wal.read(0 as Lsn)) {
    if (record.kind !== 'pages') continue;
    for (const c of record.changes) {
      const page = pages.get(c.page) ?? new Uint8Array(PAGE_SIZE);
      pages.set(c.page, page);
      if (readPageLsn(page) < end) applyPageChange(c, page, end);
    }
  }
}

describe('logPageChanges', () => {
  it('logs a full image first, then deltas, and an image again after a checkpoint', () => {
    const wal = openWal();
    const page = slottedPage();
    const first = logPageChanges(wal, XID, [{ file: FILE, pageNo: 3, page, ranges: [16, 48] }]);
    expect(readPageLsn(page)).toBe(first);

    page[100] = 42;
    const second = logPageChanges(wal, XID, [{ file: FILE, pageNo: 3, page, ranges: [100, 1] }]);
    expect(readPageLsn(page)).toBe(second);

    wal.redoLsn = wal.insertLsn; // a checkpoint: the next change must log the page whole again
    page[101] = 43;
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 3, page, ranges: [101, 1] }]);

    const logged = [...wal.read(0 as Lsn)].map((e) =>
      e.record.kind === 'pages' ? e.record.changes[0]! : null,
    );
    expect(logged.map((c) => c?.image)).toEqual([true, false, true]);
    expect(pageImageHole(logged[0]!.data)).toEqual({ offset: 64, length: 7000 - 64 });
    expect(logged[0]!.data.length).toBe(4 + PAGE_SIZE - (7000 - 64));
    expect(pageDeltaRanges(logged[1]!.data)).toEqual([100, 1]);
    expect([...wal.read(0 as Lsn)].map((e) => e.xid)).toEqual([XID, XID, XID]);
  });

  it('redo reproduces the pages byte for byte', () => {
    const wal = openWal();
    const a = slottedPage();
    const b = new Uint8Array(PAGE_SIZE); // a brand-new page: all zeros, LSN 0
    b[12] = 4;
    logPageChanges(wal, XID, [
      { file: FILE, pageNo: 0, page: a, ranges: [] },
      { file: FILE, pageNo: 1, page: b, ranges: [] },
    ]);
    for (let round = 0; round < 5; round++) {
      a.fill(round + 1, 200 + round * 10, 210 + round * 10);
      b.fill(0xee, 5000, 5000 + round);
      logPageChanges(wal, XID, [
        { file: FILE, pageNo: 0, page: a, ranges: [200 + round * 10, 10] },
        { file: FILE, pageNo: 1, page: b, ranges: [5000, round] },
      ]);
    }
    expect(readPageLsn(a)).toBe(wal.insertLsn);
    expect(readPageLsn(b)).toBe(wal.insertLsn);

    const pages = new Map<number, Uint8Array>();
    replay(wal, pages);
    expect(pages.get(0)).toEqual(a);
    expect(pages.get(1)).toEqual(b);

    // A torn page on disk: the image since the checkpoint repairs it.
    const torn = new Uint8Array(a);
    torn.fill(0x77, 4096);
    writePageLsn(torn, 0 as Lsn);
    const repaired = new Map([[0, torn]]);
    replay(wal, repaired);
    expect(repaired.get(0)).toEqual(a);
  });

  it('skips pages already newer than a record (the caller’s LSN test)', () => {
    const wal = openWal();
    const page = slottedPage();
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [] }]);
    page[300] = 9;
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [300, 1] }]);
    const copy = new Map([[0, new Uint8Array(page)]]);
    replay(wal, copy);
    expect(copy.get(0)).toEqual(page);
  });

  it('refuses ranges over the LSN and checksum, or past the page', () => {
    const wal = openWal();
    const page = slottedPage();
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [] }]);
    for (const ranges of [[8, 4], [PAGE_SIZE - 2, 4], [20]]) {
      expect(() => logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges }])).toThrowError(
        expect.objectContaining({ code: 'XX000' }),
      );
    }
  });

  it('logs moves in 6 bytes and redoes them exactly, from the image or from an older page', () => {
    const wal = openWal();
    const page = slottedPage();
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [] }]);
    const older: Uint8Array[] = [];
    // Slot-array inserts as a B+tree makes them: shift the tail right by 2, write the new slot.
    for (let round = 0; round < 6; round++) {
      older.push(page.slice());
      const at = 20 + round * 3;
      const tail = 64 + round * 2 - at;
      page.copyWithin(at + 2, at, at + tail);
      page[at] = 0xa0 + round;
      page[at + 1] = round;
      page[6000 + round] = round + 1;
      const moves = [at + 2, at, tail];
      logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [at, 2, 6000 + round, 1], moves }]);
    }
    const records = [...wal.read(0 as Lsn)];
    const last = records.at(-1)!.record;
    if (last.kind !== 'pages') throw new Error('not a pages record');
    const data = last.changes[0]!.data;
    expect(pageDeltaMoves(data)).toEqual([37, 35, 39]);
    expect(pageDeltaRanges(data)).toEqual([35, 2, 6005, 1]);
    expect(data.length).toBe(6 + 4 + 2 + 4 + 1);
    expect(formatWalRecord(last)).toBe('pages 16384:0 delta 37<-35+39,35+2,6005+1');

    const fromImage = new Map<number, Uint8Array>();
    replay(wal, fromImage);
    expect(fromImage.get(0)).toEqual(page);
    // Pages written at every earlier point (after the image): the moves after them redo exactly.
    for (const old of older.slice(1)) {
      const pages = new Map([[0, old.slice()]]);
      replay(wal, pages);
      expect(pages.get(0)).toEqual(page);
    }
  });

  it('logs the final bytes, no moves, when the page is logged whole after a checkpoint', () => {
    const wal = openWal();
    const page = slottedPage();
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [] }]);
    wal.redoLsn = wal.insertLsn;
    page.copyWithin(18, 16, 60);
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [16, 2], moves: [18, 16, 44] }]);
    const last = [...wal.read(0 as Lsn)].at(-1)!.record;
    expect(last.kind === 'pages' && last.changes[0]!.image).toBe(true);
    const torn = slottedPage().fill(0x55, 4096);
    const pages = new Map([[0, torn]]);
    replay(wal, pages);
    expect(pages.get(0)).toEqual(page);
  });

  it('refuses moves over the LSN and checksum, past the page, or not in triples', () => {
    const wal = openWal();
    const page = slottedPage();
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [] }]);
    for (const moves of [
      [8, 20, 4],
      [20, 8, 4],
      [PAGE_SIZE - 2, 20, 4],
      [20, 16, 0],
      [20, 16],
    ]) {
      expect(() =>
        logPageChanges(wal, XID, [{ file: FILE, pageNo: 0, page, ranges: [], moves }]),
      ).toThrowError(expect.objectContaining({ code: 'XX000' }));
    }
  });

  it('logs an all-zero page as a 4-byte image', () => {
    const wal = openWal();
    const page = new Uint8Array(PAGE_SIZE);
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 9, page, ranges: [] }]);
    const [entry] = [...wal.read(0 as Lsn)];
    const change = entry!.record.kind === 'pages' ? entry!.record.changes[0]! : undefined;
    expect(change?.data.length).toBe(4);
    const redone = new Uint8Array(PAGE_SIZE).fill(1);
    applyPageChange(change!, redone, entry!.end);
    expect(redone).toEqual(page);
  });
});

describe('full page image holes', () => {
  /** The longest (first, on ties) run of zero bytes, the reference the word scan must match. */
  function longestZeroRun(page: Uint8Array): { offset: number; length: number } {
    let best = { offset: 0, length: 0 };
    for (let p = 0; p < page.length; ) {
      if (page[p] !== 0) {
        p++;
        continue;
      }
      const start = p;
      while (p < page.length && page[p] === 0) p++;
      if (p - start > best.length) best = { offset: start, length: p - start };
    }
    return best;
  }

  it('cuts out the longest run of zeros, aligned or not, long or short', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      // Every other page is an unaligned view, which takes the byte scan.
      const backing = new Uint8Array(PAGE_SIZE + 1);
      const page = round % 2 === 0 ? backing.subarray(0, PAGE_SIZE) : backing.subarray(1);
      page.fill(0xab);
      page.fill(0, 0, 8); // LSN 0: a new page, logged whole
      const runs = rand(6);
      for (let r = 0; r < runs; r++) {
        const len = rand(4) === 0 ? rand(9) : rand(3000);
        const at = rand(PAGE_SIZE - len);
        page.fill(0, at, at + len);
      }
      const want = longestZeroRun(page); // before logging stamps the LSN into bytes 0..8
      const wal = openWal();
      logPageChanges(wal, XID, [{ file: FILE, pageNo: round, page, ranges: [16, 1] }]);
      const logged = [...wal.read(0 as Lsn)].at(-1)!.record;
      if (logged.kind !== 'pages') throw new Error('not a pages record');
      expect(logged.changes[0]!.image).toBe(true);
      expect(pageImageHole(logged.changes[0]!.data)).toEqual(want);
      wal.close();
    }
  });
});
