import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileId, type Lsn, PAGE_SIZE, readPageLsn, type TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPageChange, logPageChanges, pageDeltaMoves, pageDeltaRanges } from './page-change.js';
import { Wal } from './wal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function openWal(segmentSize?: number): Wal {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-batch-'));
  dirs.push(dir);
  return Wal.open(dir, { fsync: false, ...(segmentSize ? { segmentSize } : {}) });
}

const FILE = 16384 as FileId;
const XID = 9 as TxnId;

/** Redo of every page change in the log onto copies of `base`, as recovery does. */
function replay(wal: Wal, base: Map<number, Uint8Array>): Map<number, Uint8Array> {
  const pages = new Map([...base].map(([n, p]) => [n, p.slice()]));
  for (const { end, record } of wal.read(0 as Lsn)) {
    if (record.kind !== 'pages') continue;
    for (const c of record.changes) {
      const page = pages.get(c.page) ?? new Uint8Array(PAGE_SIZE);
      pages.set(c.page, page);
      if (c.image || readPageLsn(page) < end) applyPageChange(c, page, end);
    }
  }
  return pages;
}

const pagesRecords = (wal: Wal) => [...wal.read(0 as Lsn)].filter((e) => e.record.kind === 'pages');

/** Two pages, logged once (so later changes are byte ranges), and a copy of them as logged. */
function loggedPages(wal: Wal): { a: Uint8Array; b: Uint8Array; base: Map<number, Uint8Array> } {
  const a = new Uint8Array(PAGE_SIZE);
  const b = new Uint8Array(PAGE_SIZE);
  a[20] = 1;
  b[20] = 2;
  logPageChanges(wal, XID, [
    { file: FILE, pageNo: 1, page: a, ranges: [20, 1] },
    { file: FILE, pageNo: 2, page: b, ranges: [20, 1] },
  ]);
  return { a, b, base: new Map([...replay(wal, new Map())]) };
}

describe('WAL page batches', () => {
  it('logs many deferred changes as one record that redoes every byte of them', () => {
    const wal = openWal();
    const { a, b, base } = loggedPages(wal);
    const before = pagesRecords(wal).length;
    wal.batchPageChanges(() => {
      for (let i = 0; i < 200; i++) {
        // Row-sized changes at both ends of each page, as heap and B+tree inserts make.
        const lo = 32 + i * 2;
        const hi = PAGE_SIZE - (i + 1) * 20;
        a[lo] = i & 0xff;
        a[hi] = (i * 3) & 0xff;
        a.fill(7, hi + 1, hi + 20);
        logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [lo, 2, hi, 20] }], true);
        b[lo + 1] = 5;
        logPageChanges(wal, 0 as TxnId, [{ file: FILE, pageNo: 2, page: b, ranges: [lo + 1, 1] }], true);
      }
      // Deferred: nothing logged yet, page LSNs untouched.
      expect(pagesRecords(wal).length).toBe(before);
      expect(wal.hasDeferredChanges).toBe(true);
    });
    expect(wal.hasDeferredChanges).toBe(false);
    const records = pagesRecords(wal);
    expect(records.length).toBe(before + 1);
    const last = records.at(-1)!;
    expect(last.xid).toBe(XID);
    expect(readPageLsn(a)).toBe(last.end);
    expect(readPageLsn(b)).toBe(last.end);
    // Neighbouring ranges were merged: a few ranges, not one per change.
    if (last.record.kind !== 'pages') throw new Error('not a pages record');
    for (const c of last.record.changes) expect(pageDeltaRanges(c.data).length).toBeLessThan(20);
    const redone = replay(wal, base);
    expect(redone.get(1)).toEqual(a);
    expect(redone.get(2)).toEqual(b);
  });

  it('logs whole 8-byte units of what changed, never the page LSN or checksum', () => {
    const wal = openWal();
    const { a, base } = loggedPages(wal);
    wal.batchPageChanges(() => {
      a[13] = 1; // unit 8..15, of which 8..11 are the checksum: logged from 12
      a[100] = 2; // unit 96..103
      a[110] = 3; // unit 104..111: next to the last one, so one range 96..111
      a[200] = 4; // unit 200..207, after clean units: a range of its own
      for (const [off, len] of [
        [13, 1],
        [100, 1],
        [110, 1],
        [200, 1],
      ] as const) {
        logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [off, len] }], true);
      }
    });
    const last = pagesRecords(wal).at(-1)!;
    if (last.record.kind !== 'pages') throw new Error('not a pages record');
    expect(pageDeltaRanges(last.record.changes[0]!.data)).toEqual([12, 4, 96, 16, 200, 8]);
    expect(replay(wal, base).get(1)).toEqual(a);
  });

  it('logs the final bytes of what deferred moves changed', () => {
    const wal = openWal();
    const { a, base } = loggedPages(wal);
    for (let i = 0; i < 40; i++) a[300 + i] = i + 1;
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [300, 40] }]);
    const logged = new Map([...replay(wal, base)]);
    wal.batchPageChanges(() => {
      for (let i = 0; i < 3; i++) {
        a.copyWithin(302, 300, 300 + 40 + 2 * i);
        a[300] = 0xf0 + i;
        a[301] = 0;
        const change = { file: FILE, pageNo: 1, page: a, ranges: [300, 2], moves: [302, 300, 40 + 2 * i] };
        logPageChanges(wal, XID, [change], true);
      }
    });
    const last = pagesRecords(wal).at(-1)!;
    if (last.record.kind !== 'pages') throw new Error('not a pages record');
    const data = last.record.changes[0]!.data;
    expect(pageDeltaMoves(data)).toEqual([]);
    expect(pageDeltaRanges(data)).toEqual([296, 56]);
    expect(replay(wal, logged).get(1)).toEqual(a);
  });

  it('logs the batch before any other record, and before a change that cannot be deferred', () => {
    const wal = openWal();
    const { a, b } = loggedPages(wal);
    wal.batchPageChanges(() => {
      a[40] = 1;
      logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [40, 1] }], true);
      const n = pagesRecords(wal).length;
      wal.append({ kind: 'next-oid', nextOid: 20000 });
      // The deferred change went first, then the other record.
      const entries = [...wal.read(0 as Lsn)];
      expect(entries.at(-2)!.record.kind).toBe('pages');
      expect(entries.at(-1)!.record.kind).toBe('next-oid');
      expect(pagesRecords(wal).length).toBe(n + 1);
      b[41] = 1;
      logPageChanges(wal, XID, [{ file: FILE, pageNo: 2, page: b, ranges: [41, 1] }], true);
      a[42] = 1;
      logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [42, 1] }]); // not deferrable
      expect(pagesRecords(wal).length).toBe(n + 3);
      expect(wal.hasDeferredChanges).toBe(false);
    });
  });

  it('logs and flushes the batch when a page must be written (flushSync)', () => {
    const wal = openWal();
    const { a } = loggedPages(wal);
    wal.flushSync(wal.insertLsn);
    wal.batchPageChanges(() => {
      a[50] = 3;
      logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [50, 1] }], true);
      // The buffer pool asks for the page's (old) LSN, already durable: the batch still goes.
      expect(readPageLsn(a)).toBeLessThanOrEqual(wal.flushedLsn);
      wal.flushSync(readPageLsn(a));
      expect(wal.hasDeferredChanges).toBe(false);
      expect(wal.flushedLsn).toBe(wal.insertLsn);
      expect(readPageLsn(a)).toBe(wal.insertLsn);
    });
  });

  it('logs a new page as a full image and keeps records within small segments', () => {
    const wal = openWal(64 * 1024);
    const pages: Uint8Array[] = [];
    wal.batchPageChanges(() => {
      for (let n = 0; n < 40; n++) {
        const p = new Uint8Array(PAGE_SIZE);
        p.fill(n + 1, 100, 8000);
        pages.push(p);
        logPageChanges(wal, XID, [{ file: FILE, pageNo: n, page: p, ranges: [100, 7900] }], true);
      }
    });
    const records = pagesRecords(wal);
    // 40 full images cannot share one record in a 64 KiB segment: the batch split itself.
    expect(records.length).toBeGreaterThan(4);
    for (const r of records) {
      if (r.record.kind !== 'pages') continue;
      for (const c of r.record.changes) expect(c.image).toBe(true);
    }
    const redone = replay(wal, new Map());
    for (let n = 0; n < 40; n++) expect(redone.get(n)).toEqual(pages[n]);
  });

  it('logs what was deferred when the batched work throws', () => {
    const wal = openWal();
    const { a, base } = loggedPages(wal);
    expect(() =>
      wal.batchPageChanges(() => {
        a[60] = 9;
        logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: a, ranges: [60, 1] }], true);
        throw new Error('unique violation');
      }),
    ).toThrow('unique violation');
    expect(wal.hasDeferredChanges).toBe(false);
    expect(replay(wal, base).get(1)).toEqual(a);
  });
});
