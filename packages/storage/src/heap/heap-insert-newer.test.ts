import { commandId, fileId, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestDatabase } from '../testing/index.js';
import { heapMethod } from './heap-method.js';
import type { HeapStore } from './heap-store.js';

const F = fileId(16384);
const X = txnId(7);
const Y = txnId(8);
const C = commandId(0);

describe('HeapStore.insertNewer (an UPDATE’s new version)', () => {
  let db: TestDatabase;
  let store: HeapStore;
  beforeEach(() => {
    db = TestDatabase.create({ frames: 8 });
    store = heapMethod.create(db.ctx, F) as HeapStore;
  });
  afterEach(() => db.destroy());

  it('puts the version on the old one’s page with the link, in one record, and redo replays it', async () => {
    const old = store.insert(X, C, new Uint8Array([1, 2, 3]));
    // Fill the table's other pages so that a plain insert would go elsewhere.
    for (let i = 0; i < 400; i++) store.insert(X, C, new Uint8Array(60));
    expect(store.pageCount()).toBeGreaterThan(2);
    store.vacuum({
      isDead: (v) => v.tid.page === 0 && v.tid.slot > 1,
      removeIndexEntries: () => {},
      fromPage: 0,
      maxPages: 1,
    });
    store.setXmax(old, Y, C);
    const before = db.wal.insertLsn;
    const tid = store.insertNewer(old, Y, C, new Uint8Array([4, 5, 6]));
    expect(tid.page).toBe(old.page);
    expect([...db.wal.read(before)]).toHaveLength(1);
    expect(store.fetch(old)!.ctid).toEqual(tid);
    expect([...store.fetch(tid)!.data]).toEqual([4, 5, 6]);
    await db.wal.flush();
    db = db.crash();
    db.recover();
    const again = heapMethod.open(db.ctx, F);
    expect(again.fetch(old)).toMatchObject({ xmax: Y, ctid: tid });
    expect(again.fetch(tid)).toMatchObject({ xmin: Y, xmax: 0 });
  });

  it('falls back to any page with room when the old page is full', () => {
    const old = store.insert(X, C, new Uint8Array(10));
    for (let i = 0; i < 200; i++) store.insert(X, C, new Uint8Array(60));
    store.setXmax(old, Y, C);
    const tid = store.insertNewer(old, Y, C, new Uint8Array(4000));
    expect(tid.page).not.toBe(old.page);
    expect(store.fetch(old)!.ctid).toEqual(tid);
    expect(store.fetch(tid)!.data.length).toBe(4000);
  });

  it('with markOld sets the old version’s xmax too, in the same record; and on the fallback path', () => {
    const old = store.insert(X, C, new Uint8Array(10));
    const before = db.wal.insertLsn;
    const tid = store.insertNewer(old, Y, commandId(3), new Uint8Array(10), true);
    expect([...db.wal.read(before)]).toHaveLength(1);
    expect(tid.page).toBe(old.page);
    expect(store.fetch(old)).toMatchObject({ xmax: Y, cmax: 3, ctid: tid });
    expect(store.vacuumCounters().deadSinceVacuum).toBe(1);
    for (let i = 0; i < 200; i++) store.insert(X, C, new Uint8Array(60));
    const fallback = db.wal.insertLsn;
    const moved = store.insertNewer(tid, txnId(9), C, new Uint8Array(4000), true);
    expect(moved.page).not.toBe(tid.page);
    expect(store.fetch(tid)).toMatchObject({ xmax: 9, ctid: moved });
    expect(store.vacuumCounters().deadSinceVacuum).toBe(2);
    // The insert on the other page and the old version's xmax and link: one record of both pages.
    const records = [...db.wal.read(fallback)].map((r) => r.record);
    expect(records).toHaveLength(1);
    expect(records[0]!.kind === 'pages' && records[0]!.changes.map((c) => c.page)).toEqual([
      moved.page,
      tid.page,
    ]);
  });

  it('on the fallback path, redo restores the new version, the xmax and the link', async () => {
    const old = store.insert(X, C, new Uint8Array(10));
    for (let i = 0; i < 200; i++) store.insert(X, C, new Uint8Array(60));
    const tid = store.insertNewer(old, Y, commandId(2), new Uint8Array(4000), true);
    expect(tid.page).not.toBe(old.page);
    await db.wal.flush();
    db = db.crash();
    db.recover();
    const again = heapMethod.open(db.ctx, F);
    expect(again.fetch(old)).toMatchObject({ xmax: Y, cmax: 2, ctid: tid });
    expect(again.fetch(tid)).toMatchObject({ xmin: Y, xmax: 0 });
    expect(again.fetch(tid)!.data.length).toBe(4000);
  });
});
