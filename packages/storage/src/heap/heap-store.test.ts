import { closeSync, openSync, writeSync } from 'node:fs';
import { commandId, DbError, fileId, PAGE_SIZE, readPageLsn, txnId } from '@rustydb/common';
import { pageDeltaRanges } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableStore, VacuumResult } from '../table-store.js';
import { describeTableStore, TestDatabase } from '../testing/index.js';
import { heapMethod } from './heap-method.js';
import { formatHeapPage, heapTupleOffset, MAX_HEAP_TUPLE_SIZE, TUPLE_HEADER_SIZE } from './heap-page.js';

const F = fileId(16384);

// Through an 8-frame pool with real files and WAL; reopen = crash (dirty pages lost) + redo.
describeTableStore(
  'heap',
  () => {
    let db = TestDatabase.create({ frames: 8 });
    const store = heapMethod.create(db.ctx, F);
    return {
      store,
      reopen: () => {
        db = db.crash();
        db.recover();
        return heapMethod.open(db.ctx, F);
      },
      cleanup: () => db.destroy(),
    };
  },
  { maxDataSize: MAX_HEAP_TUPLE_SIZE - TUPLE_HEADER_SIZE, vacuum: true },
);

describe('heap store', () => {
  let db: TestDatabase;
  let store: TableStore;
  beforeEach(() => {
    db = TestDatabase.create({ frames: 8 });
    store = heapMethod.create(db.ctx, F);
  });
  afterEach(() => db.destroy());

  const X = txnId(7);
  const C = commandId(0);

  /** The records appended since `from`, decoded. */
  function recordsSince(from: number) {
    return [...db.wal.read(from as never)];
  }

  it('rejects a row larger than a page with PostgreSQL’s 54000 text', () => {
    const data = new Uint8Array(9000);
    expect(() => store.insert(X, C, data)).toThrow(
      new DbError(
        '54000',
        `row is too big: size ${9000 + TUPLE_HEADER_SIZE}, maximum size ${MAX_HEAP_TUPLE_SIZE}`,
      ),
    );
    expect(store.pageCount()).toBe(0);
  });

  it('logs file-create, then a full image for a new page, then exactly the changed ranges', () => {
    const start = 24;
    const a = store.insert(X, C, Uint8Array.of(1, 2));
    const b = store.insert(X, C, Uint8Array.of(3));
    store.setXmax(a, txnId(9), commandId(4));
    store.setCtid(a, b);
    const records = recordsSince(start);
    expect(records.map((r) => r.record.kind)).toEqual(['file-create', 'pages', 'pages', 'pages', 'pages']);
    const changes = records.slice(1).map((r) => (r.record.kind === 'pages' ? r.record.changes : []));
    expect(changes.map((c) => c.length)).toEqual([1, 1, 1, 1]);
    expect(changes[0]![0]!.image).toBe(true);
    const frame = db.pool.pin(F, 0);
    const offA = heapTupleOffset(frame.page, 1);
    const offB = heapTupleOffset(frame.page, 2);
    expect(readPageLsn(frame.page)).toBe(records[4]!.end);
    db.pool.unpin(frame);
    expect(changes[1]![0]!.image).toBe(false);
    expect(pageDeltaRanges(changes[1]![0]!.data)).toEqual([16, 6, 28, 4, offB, TUPLE_HEADER_SIZE + 1]);
    expect(pageDeltaRanges(changes[2]![0]!.data)).toEqual([offA + 4, 4, offA + 12, 4]);
    expect(pageDeltaRanges(changes[3]![0]!.data)).toEqual([offA + 16, 6]);
    // xids: the inserter, the deleter, and for setCtid the version's xmax (the updater).
    expect(records.slice(1).map((r) => r.xid)).toEqual([7, 7, 9, 9]);
  });

  it('logs a full image again for the first change after a checkpoint', () => {
    const a = store.insert(X, C, Uint8Array.of(1));
    const redo = db.checkpoint();
    store.setXmax(a, txnId(8), C);
    store.setXmax(a, txnId(9), C);
    const images = recordsSince(redo).map((r) =>
      r.record.kind === 'pages' ? r.record.changes[0]!.image : null,
    );
    expect(images).toEqual([true, false]);
  });

  it('fills pages one after the other and leaves every page unpinned', () => {
    const data = new Uint8Array(1000);
    const tids = Array.from({ length: 50 }, () => store.insert(X, C, data));
    const perPage = Math.floor((PAGE_SIZE - 24) / (4 + TUPLE_HEADER_SIZE + 1000));
    expect(tids[perPage - 1]).toEqual({ page: 0, slot: perPage });
    expect(tids[perPage]).toEqual({ page: 1, slot: 1 });
    expect(store.pageCount()).toBe(Math.ceil(50 / perPage));
    // All 8 frames can be pinned at once: nothing leaked a pin.
    const frames = Array.from({ length: 8 }, (_, p) => db.pool.pin(F, p));
    for (const f of frames) db.pool.unpin(f);
  });

  it('formats an all-zero page at the end of the file instead of skipping it', () => {
    db.pool.unpin(db.pool.pinNew(F)); // allocated, never formatted
    expect(store.insert(X, C, Uint8Array.of(1))).toEqual({ page: 0, slot: 1 });
    expect(store.pageCount()).toBe(1);
  });

  it('handles 5000 rows over many times the pool, with evictions obeying the WAL rule', () => {
    const tids = [];
    for (let i = 0; i < 5000; i++) tids.push(store.insert(X, C, new Uint8Array(200).fill(i & 0xff)));
    expect(store.pageCount()).toBeGreaterThan(100);
    expect(db.pool.stats.evictions).toBeGreaterThan(90);
    for (let i = 0; i < 5000; i += 2) store.setXmax(tids[i]!, txnId(8), C);
    expect(db.wal.flushedLsn).toBeGreaterThan(0);
    for (let i = 0; i < 5000; i += 499) {
      const v = store.fetch(tids[i]!)!;
      expect(v.data[0]).toBe(i & 0xff);
      expect(v.xmax).toBe(i % 2 === 0 ? 8 : 0);
    }
  });

  it('detects a corrupted page on disk when it is read again (XX001)', () => {
    for (let i = 0; i < 500; i++) store.insert(X, C, new Uint8Array(100).fill(1));
    db.checkpoint();
    const fresh = db.crash();
    db = fresh;
    const fd = openSync(db.device.pathOf(F), 'r+');
    writeSync(fd, Uint8Array.of(0xff), 0, 1, PAGE_SIZE * 2 + 4000);
    closeSync(fd);
    const reopened = heapMethod.open(db.ctx, F);
    expect(reopened.fetch({ page: 1, slot: 1 })).toBeDefined();
    expect(() => reopened.fetch({ page: 2, slot: 1 })).toThrow(
      `invalid page in block 2 of relation base/${F}`,
    );
  });

  it('drop logs file-drop and removes the file', () => {
    store.insert(X, C, Uint8Array.of(1));
    db.pool.flushAll();
    const before = db.wal.insertLsn;
    heapMethod.drop(db.ctx, F);
    expect(recordsSince(before).map((r) => r.record)).toEqual([{ kind: 'file-drop', file: F }]);
    expect(db.wal.flushedLsn).toBe(db.wal.insertLsn);
    expect(db.device.pageCount(F)).toBe(0);
    expect(heapMethod.durable).toBe(true);
  });

  it('truncate logs file-truncate durably before cutting the file', () => {
    for (let i = 0; i < 300; i++) store.insert(X, C, new Uint8Array(100));
    db.pool.flushAll();
    const before = db.wal.insertLsn;
    store.truncate();
    expect(recordsSince(before).map((r) => r.record)).toEqual([{ kind: 'file-truncate', file: F, pages: 0 }]);
    expect(db.wal.flushedLsn).toBe(db.wal.insertLsn);
    expect(db.device.pageCount(F)).toBe(0);
  });

  /** Vacuums the whole store; dead = xmax set. */
  function vacuum(target: TableStore = store): VacuumResult {
    return target.vacuum!({
      isDead: (v) => v.xmax !== 0,
      removeIndexEntries: () => {},
      fromPage: 0,
      maxPages: Number.POSITIVE_INFINITY,
    });
  }

  /** Every page of the file, formatted. */
  function pages(): string[] {
    const out: string[] = [];
    for (let p = 0; p < db.pool.pageCount(F); p++) {
      const frame = db.pool.pin(F, p);
      out.push(formatHeapPage(frame.page, p).replace(/ lsn=\d+/, ''));
      db.pool.unpin(frame);
    }
    return out;
  }

  for (const checkpointBeforeVacuum of [false, true]) {
    it(`redo replays a vacuum's compaction after a crash (${checkpointBeforeVacuum ? 'page images' : 'ranges'})`, () => {
      const tids = Array.from({ length: 1500 }, (_, i) =>
        store.insert(X, C, new Uint8Array(40 + (i % 50)).fill(i)),
      );
      db.checkpoint();
      for (let i = 0; i < 1500; i += 3) store.setXmax(tids[i]!, txnId(8), C);
      if (checkpointBeforeVacuum) db.checkpoint();
      const from = db.wal.insertLsn;
      const result = vacuum();
      expect(result.removed).toBe(500);
      const images = recordsSince(from).flatMap((r) => (r.record.kind === 'pages' ? r.record.changes : []));
      expect(images.length).toBeGreaterThan(0);
      expect(images.every((c) => c.image === checkpointBeforeVacuum)).toBe(true);
      // Reuse some of the freed space, then crash and recover.
      for (let i = 0; i < 100; i++) store.insert(txnId(9), C, new Uint8Array(60).fill(0xaa));
      const before = pages();
      db = db.crash();
      db.recover();
      expect(pages()).toEqual(before);
      store = heapMethod.open(db.ctx, F);
      const xmins = new Map<number, number>();
      const cursor = store.scan();
      for (let v = cursor.next(); v; v = cursor.next()) xmins.set(v.xmin, (xmins.get(v.xmin) ?? 0) + 1);
      cursor.close();
      expect(Object.fromEntries(xmins)).toEqual({ 7: 1000, 9: 100 });
      expect(store.fetch(tids[1]!)!.data[0]).toBe(1);
    });
  }

  it('sends inserts to earlier pages vacuum freed (free space map) before growing the file', () => {
    const data = new Uint8Array(1000);
    const tids = Array.from({ length: 70 }, () => store.insert(X, C, data));
    const count = store.pageCount();
    const onPage = (p: number) => tids.filter((t) => t.page === p);
    for (const tid of [...onPage(2), ...onPage(5)]) store.setXmax(tid, txnId(8), C);
    expect(vacuum().removed).toBe(onPage(2).length + onPage(5).length);
    const again = Array.from({ length: onPage(2).length + onPage(5).length }, () => store.insert(X, C, data));
    expect(new Set(again.map((t) => t.page))).toEqual(new Set([2, 5]));
    // Freed slots are reused: the same tids come back.
    expect(again.map((t) => `${t.page},${t.slot}`).sort()).toEqual(
      [...onPage(2), ...onPage(5)].map((t) => `${t.page},${t.slot}`).sort(),
    );
    expect(store.pageCount()).toBe(count);
    store.insert(X, C, data);
    expect(store.pageCount()).toBe(count + 1);
  });

  it('cuts empty pages off the end, logged durably, but not while a scan is open', () => {
    const tids = Array.from({ length: 300 }, () => store.insert(X, C, new Uint8Array(100)));
    const count = store.pageCount();
    for (const tid of tids.slice(100)) store.setXmax(tid, txnId(8), C);
    const cursor = store.scan();
    expect(cursor.next()).toBeDefined();
    expect(vacuum().truncatedPages).toBe(0);
    expect(store.pageCount()).toBe(count);
    cursor.close();
    const from = db.wal.insertLsn;
    const result = vacuum();
    const keep = tids[99]!.page + 1;
    expect(result).toMatchObject({ removed: 0, truncatedPages: count - keep, nextPage: -1 });
    expect(recordsSince(from).map((r) => r.record)).toEqual([
      { kind: 'file-truncate', file: F, pages: keep },
    ]);
    expect(db.wal.flushedLsn).toBe(db.wal.insertLsn);
    expect(store.pageCount()).toBe(keep);
    expect(store.insert(X, C, new Uint8Array(100)).page).toBe(keep - 1);
  });
});
