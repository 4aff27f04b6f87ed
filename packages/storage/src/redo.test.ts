import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import {
  commandId,
  DbError,
  type FileId,
  fileId,
  formatTid,
  lsn,
  PAGE_SIZE,
  type Tid,
  txnId,
} from '@rustydb/common';
import { SEGMENT_HEADER_SIZE } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { heapMethod } from './heap/heap-method.js';
import { MemoryStore } from './memory/memory-store.js';
import { redo } from './redo.js';
import type { TableStore } from './table-store.js';
import { TestDatabase } from './testing/index.js';

const A = fileId(16384);
const B = fileId(16385);
const C0 = commandId(0);

/** Every version as a printable line, in scan order. */
function dump(store: TableStore): string[] {
  const lines: string[] = [];
  const cursor = store.scan();
  try {
    for (let t = cursor.next(); t !== undefined; t = cursor.next()) {
      lines.push(
        `${formatTid(t.tid)} ${t.xmin} ${t.xmax} ${t.cmin} ${t.cmax} ${formatTid(t.ctid)} ${Buffer.from(t.data).toString('hex')}`,
      );
    }
  } finally {
    cursor.close();
  }
  return lines;
}

/**
 * Runs every change on the heap store and on a MemoryStore side by side (toydb's Mirror), so the
 * expected contents are known without scanning the heap: a scan through a tiny pool would evict
 * and write every dirty page, and a crash would then lose nothing. Versions are compared by
 * insertion ordinal, since the two stores number tids differently.
 */
class Mirror {
  readonly memory = new MemoryStore();
  private readonly heapTids: Tid[] = [];
  private readonly memoryTids: Tid[] = [];

  constructor(private readonly heap: TableStore) {}

  insert(xid: number, cid: number, data: Uint8Array): number {
    this.heapTids.push(this.heap.insert(txnId(xid), commandId(cid), data));
    this.memoryTids.push(this.memory.insert(txnId(xid), commandId(cid), data));
    return this.heapTids.length - 1;
  }

  setXmax(ordinal: number, xmax: number, cmax: number): void {
    this.heap.setXmax(this.heapTids[ordinal]!, txnId(xmax), commandId(cmax));
    this.memory.setXmax(this.memoryTids[ordinal]!, txnId(xmax), commandId(cmax));
  }

  setCtid(ordinal: number, newer: number): void {
    this.heap.setCtid(this.heapTids[ordinal]!, this.heapTids[newer]!);
    this.memory.setCtid(this.memoryTids[ordinal]!, this.memoryTids[newer]!);
  }

  /** The contents every correct heap must have, by ordinal. */
  expected(): string[] {
    return Mirror.normalize(this.memory, this.memoryTids);
  }

  /** A heap store's contents (e.g. the reopened one), by ordinal. */
  actual(store: TableStore): string[] {
    return Mirror.normalize(store, this.heapTids);
  }

  private static normalize(store: TableStore, tids: readonly Tid[]): string[] {
    const ordinals = new Map(tids.map((t, i) => [formatTid(t), i]));
    const lines: [number, string][] = [];
    const cursor = store.scan();
    try {
      for (let t = cursor.next(); t !== undefined; t = cursor.next()) {
        const hex = Buffer.from(t.data).toString('hex');
        const line = `${t.xmin} ${t.xmax} ${t.cmin} ${t.cmax} ${ordinals.get(formatTid(t.ctid))} ${hex}`;
        lines.push([ordinals.get(formatTid(t.tid)) ?? -1, line]);
      }
    } finally {
      cursor.close();
    }
    return lines.sort((a, b) => a[0] - b[0]).map(([i, line]) => `${i}: ${line}`);
  }
}

function row(i: number): Uint8Array {
  return new Uint8Array(40 + (i % 60)).fill(i & 0xff);
}

/** Inserts n rows, then updates every third one (xmax, new version, ctid), as UPDATE would. */
function work(m: Mirror, n: number, xid: number): void {
  const first = m.insert(xid, 0, row(0));
  for (let i = 1; i < n; i++) m.insert(xid, i % 4, row(i));
  for (let i = 0; i < n; i += 3) {
    m.setXmax(first + i, xid + 1, 0);
    m.setCtid(first + i, m.insert(xid + 1, 0, row(i + 1)));
  }
}

describe('redo: crash recovery of heap stores', () => {
  let db: TestDatabase;
  afterEach(() => db.destroy());

  it('rebuilds what a crash lost, replaying from the last checkpoint', () => {
    db = TestDatabase.create({ frames: 8 });
    const m = new Mirror(heapMethod.create(db.ctx, A));
    work(m, 1500, 10);
    db.checkpoint();
    work(m, 1500, 20);
    db.wal.append({ kind: 'commit', xid: txnId(21), time: 0 }); // other layers' records are skipped
    expect(db.pool.stats.evictions).toBeGreaterThan(20);
    const expected = m.expected();

    db = db.crash();
    expect(m.actual(heapMethod.open(db.ctx, A))).not.toEqual(expected); // the crash really lost work
    db = db.crash(); // forget what that scan read
    expect(db.recover()).toBeGreaterThan(1000);
    expect(m.actual(heapMethod.open(db.ctx, A))).toEqual(expected);

    // Recovered state survives a clean checkpoint and another crash.
    db.checkpoint();
    db = db.crash();
    db.recover();
    expect(m.actual(heapMethod.open(db.ctx, A))).toEqual(expected);
  });

  it('is idempotent: replaying twice, or from the very start of the log, gives the same pages', () => {
    db = TestDatabase.create({ frames: 8 });
    const m = new Mirror(heapMethod.create(db.ctx, A));
    work(m, 1000, 10);
    db.checkpoint();
    work(m, 1000, 20);
    db = db.crash();
    db.recover();
    db.recover();
    expect(m.actual(heapMethod.open(db.ctx, A))).toEqual(m.expected());
    db.pool.flushAll(); // pages on disk are now newer than most of the log
    db = db.crash();
    db.recover(lsn(SEGMENT_HEADER_SIZE));
    expect(m.actual(heapMethod.open(db.ctx, A))).toEqual(m.expected());
  });

  it('loses nothing durable and nothing more: changes after the last WAL flush never reach disk', () => {
    db = TestDatabase.create({ frames: 8 });
    const store = heapMethod.create(db.ctx, A);
    const m = new Mirror(store);
    work(m, 800, 10);
    db.wal.flushSync(db.wal.insertLsn); // "commit"
    const committed = m.expected();
    const writes = db.pool.stats.writes;
    store.insert(txnId(30), C0, Uint8Array.of(1));
    store.setXmax({ page: store.pageCount() - 1, slot: 1 }, txnId(30), C0);
    expect(db.pool.stats.writes).toBe(writes); // nothing of it reached the disk
    db = db.crash(false);
    db.recover();
    expect(m.actual(heapMethod.open(db.ctx, A))).toEqual(committed);
  });

  it('repairs a torn page from the full page image logged after the checkpoint', () => {
    db = TestDatabase.create({ frames: 8 });
    const m = new Mirror(heapMethod.create(db.ctx, A));
    work(m, 600, 10);
    db.checkpoint();
    const path = db.device.pathOf(A);
    const old = readFileSync(path).subarray(0, PAGE_SIZE).slice();
    // Change page 0 after the checkpoint (full image, then ranges) and write it out.
    for (let i = 1; i < 20; i += 3) m.setXmax(i, 40, i);
    db.pool.flushAll();
    const expected = m.expected();
    // The write of page 0 tore: its second half is still the old page.
    const fd = openSync(path, 'r+');
    writeSync(fd, old, PAGE_SIZE / 2, PAGE_SIZE / 2, PAGE_SIZE / 2);
    closeSync(fd);

    db = db.crash();
    expect(() => db.pool.pin(A, 0)).toThrow(DbError);
    db.recover();
    expect(m.actual(heapMethod.open(db.ctx, A))).toEqual(expected);
  });

  it('replays file create, truncate and drop', () => {
    db = TestDatabase.create({ frames: 8 });
    const a = heapMethod.create(db.ctx, A);
    work(new Mirror(a), 400, 10);
    a.truncate();
    for (let i = 0; i < 10; i++) a.insert(txnId(20), C0, row(i));
    work(new Mirror(heapMethod.create(db.ctx, B)), 400, 10);
    heapMethod.drop(db.ctx, B);
    const c = heapMethod.create(db.ctx, fileId(16386));
    const expectedA = dump(a);
    expect(expectedA).toHaveLength(10);

    db = db.crash();
    db.recover();
    expect(dump(heapMethod.open(db.ctx, A))).toEqual(expectedA);
    db.checkpoint();
    expect(existsSync(db.device.pathOf(B))).toBe(false);
    expect(existsSync(db.device.pathOf(fileId(16386)))).toBe(true);
    expect(c.pageCount()).toBe(0);
  });
});

describe('redo of single records', () => {
  const F: FileId = fileId(3);
  const pool = (): BufferPool => new BufferPool({ device: new MemoryPageDevice(), frames: 4 });

  it('applies byte ranges only to pages older than the record', () => {
    const p = pool();
    // Delta: offset 100, length 2, bytes 7 7.
    const data = Uint8Array.of(100, 0, 2, 0, 7, 7);
    redo(p, lsn(500), { kind: 'pages', changes: [{ file: F, page: 0, image: false, data }] });
    let frame = p.pin(F, 0);
    expect([frame.page[100], frame.page[101], frame.page[0]! | (frame.page[1]! << 8)]).toEqual([7, 7, 500]);
    p.unpin(frame);
    const newer = Uint8Array.of(100, 0, 1, 0, 9);
    redo(p, lsn(400), { kind: 'pages', changes: [{ file: F, page: 0, image: false, data: newer }] });
    redo(p, lsn(500), { kind: 'pages', changes: [{ file: F, page: 0, image: false, data: newer }] });
    frame = p.pin(F, 0);
    expect(frame.page[100]).toBe(7);
    p.unpin(frame);
  });

  it('creates, truncates and drops files through the pool', () => {
    const device = new MemoryPageDevice();
    const p = new BufferPool({ device, frames: 4 });
    redo(p, lsn(100), { kind: 'file-create', file: F });
    expect(device.pageCount(F)).toBe(0);
    p.unpin(p.pinNew(F));
    p.unpin(p.pinNew(F));
    redo(p, lsn(200), { kind: 'file-truncate', file: F, pages: 1 });
    expect(p.pageCount(F)).toBe(1);
    redo(p, lsn(300), { kind: 'file-drop', file: F });
    expect(p.pageCount(F)).toBe(0);
  });
});
