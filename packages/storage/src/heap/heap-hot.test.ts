import { commandId, fileId, type Tid, type TxnId, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TupleVersion } from '../table-store.js';
import { TestDatabase } from '../testing/index.js';
import { heapMethod } from './heap-method.js';
import { formatHeapPage, HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE, heapRedirectTarget } from './heap-page.js';
import { heapChainSlots } from './heap-prune-chains.js';
import type { HeapStore } from './heap-store.js';

const F = fileId(16384);
const C = commandId(0);

/** Dead to all: every version whose xmax is set and below `horizon` (the test's "committed"). */
const deadBelow =
  (horizon: number) =>
  (v: TupleVersion): boolean =>
    v.xmax !== 0 && v.xmax < horizon;

describe('HeapStore HOT chains', () => {
  let db: TestDatabase;
  let store: HeapStore;
  beforeEach(() => {
    db = TestDatabase.create({ frames: 8 });
    store = heapMethod.create(db.ctx, F) as HeapStore;
  });
  afterEach(() => db.destroy());

  /** Updates the row at `tid` `n` times HOT, by xids 10, 11, …; returns every version's tid. */
  function hotUpdates(tid: Tid, n: number, size = 8): Tid[] {
    const tids = [tid];
    for (let i = 0; i < n; i++) {
      const next = store.insertNewerHot(tids.at(-1)!, txnId(10 + i), C, new Uint8Array(size).fill(i + 1));
      expect(next).toBeDefined();
      tids.push(next!);
    }
    return tids;
  }

  /** The chain from `root` as slots (a redirect root is not listed). */
  function chain(root: Tid): number[] {
    const frame = db.pool.pin(F, root.page);
    try {
      const out: number[] = [];
      heapChainSlots(frame.page, root.page, root.slot, out);
      return out;
    } finally {
      db.pool.unpin(frame);
    }
  }

  it('links old and new versions on one page with the flags, in one WAL record', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const before = db.wal.insertLsn;
    const next = store.insertNewerHot(root, txnId(6), commandId(2), new Uint8Array([7]))!;
    expect(next.page).toBe(root.page);
    expect([...db.wal.read(before)]).toHaveLength(1);
    expect(store.fetch(root)).toMatchObject({ xmax: 6, cmax: 2, ctid: next, flags: HEAP_HOT_UPDATED });
    expect(store.fetch(next)).toMatchObject({ xmin: 6, xmax: 0, flags: HEAP_ONLY_TUPLE });
    expect(chain(root)).toEqual([root.slot, next.slot]);
    // A heap-only tuple is not a root; its root is found for CREATE INDEX.
    expect(chain(next)).toEqual([]);
    expect(store.hotRoot(next)).toEqual(root);
    expect(store.hotRoot(root)).toEqual(root);
  });

  it('answers undefined, changing nothing, when the page has no room (and pruning frees none)', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    while (store.pageCount() === 1) store.insert(txnId(5), C, new Uint8Array(100));
    const before = db.wal.insertLsn;
    expect(store.insertNewerHot(root, txnId(6), C, new Uint8Array(200), () => false)).toBeUndefined();
    expect(db.wal.insertLsn).toBe(before);
    expect(store.fetch(root)).toMatchObject({ xmax: 0, flags: 0 });
  });

  it('prunes dead members, redirects the root, keeps slots, and redo replays both', async () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const other = store.insert(txnId(5), C, new Uint8Array([42]));
    const tids = hotUpdates(root, 4); // versions by xids 10..13; the last one is live
    // xmax below 12 is dead: the root (xmax 10) and xid 10's version (xmax 11).
    const freed = store.prunePage(root.page, deadBelow(12));
    expect(freed).toBe(2); // the root's tuple (now a redirect) and one member
    const frame = db.pool.pin(F, root.page);
    expect(heapRedirectTarget(frame.page, root.slot)).toBe(tids[2]!.slot);
    db.pool.unpin(frame);
    // The index entry's tid (the root) now reaches the first survivor.
    expect(store.fetch(root)).toMatchObject({ tid: tids[2], xmin: 11 });
    expect(chain(root)).toEqual([tids[2]!.slot, tids[3]!.slot, tids[4]!.slot]);
    expect(store.fetch(tids[1]!)).toBeUndefined();
    const dumped = db.pool.pin(F, root.page);
    expect(formatHeapPage(dumped.page, root.page)).toContain(`(0,${root.slot}) redirect to ${tids[2]!.slot}`);
    db.pool.unpin(dumped);
    expect([...store.fetch(other)!.data]).toEqual([42]);
    // A second prune with a later horizon retargets the redirect.
    expect(store.prunePage(root.page, deadBelow(14))).toBe(2);
    expect(store.fetch(root)).toMatchObject({ tid: tids[4], xmin: 13, xmax: 0 });
    // Seq scans see only the tuples.
    const seen: number[] = [];
    const cursor = store.scan();
    for (let v = cursor.next(); v; v = cursor.next()) seen.push(v.tid.slot);
    cursor.close();
    expect(seen).toEqual([other.slot, tids[4]!.slot]);
    await db.wal.flush();
    db = db.crash();
    db.recover();
    const again = heapMethod.open(db.ctx, F) as HeapStore;
    expect(again.fetch(root)).toMatchObject({ tid: tids[4], xmin: 13, flags: HEAP_ONLY_TUPLE });
    expect([...again.fetch(root)!.data]).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    expect([...again.fetch(other)!.data]).toEqual([42]);
  });

  it('an opportunistic prune asks only about HOT chains, not the tuples no HOT update touched', () => {
    const plain = [
      store.insert(txnId(5), C, new Uint8Array([1])),
      store.insert(txnId(5), C, new Uint8Array([2])),
    ];
    const deleted = store.insert(txnId(5), C, new Uint8Array([3]));
    store.setXmax(deleted, txnId(6), C); // dead, but a chain of one: vacuum's, not pruning's
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const tids = hotUpdates(root, 2);
    const asked: number[] = [];
    const freed = store.prunePage(root.page, (v) => {
      asked.push(v.tid.slot);
      return deadBelow(12)(v);
    });
    expect(freed).toBe(2); // the root's tuple and xid 10's version
    expect(asked.sort((a, b) => a - b)).toEqual(tids.map((t) => t.slot));
    for (const t of [...plain, deleted]) expect(store.fetch(t)).toBeDefined();
    // The root is now a redirect to the last version, a chain of one: not asked about either,
    // and kept even once dead (the whole chain is vacuum's, not an orphan to free).
    asked.length = 0;
    store.setXmax(tids[2]!, txnId(30), C);
    expect(
      store.prunePage(root.page, (v) => {
        asked.push(v.tid.slot);
        return deadBelow(100)(v);
      }),
    ).toBe(0);
    expect(asked).toEqual([]);
    expect(store.fetch(root)).toMatchObject({ tid: tids[2], xmax: 30 });
    // Vacuum still gets a verdict for every tuple, and removes the dead ones.
    const reported: TupleVersion[] = [];
    store.vacuum({
      isDead: deadBelow(100),
      removeIndexEntries: (dead) => reported.push(...dead),
      fromPage: 0,
      maxPages: Infinity,
    });
    expect(reported.map((v) => v.tid)).toEqual([deleted, root]); // a chain is reported at its root
    expect(store.fetch(deleted)).toBeUndefined();
    expect(store.fetch(root)).toBeUndefined();
    for (const t of plain) expect(store.fetch(t)).toBeDefined();
  });

  it('leaves a wholly dead chain to vacuum, which reports it once at its root and frees every slot', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const tids = hotUpdates(root, 2);
    store.setXmax(tids[2]!, txnId(20), C); // the row is deleted
    expect(store.prunePage(root.page, deadBelow(100))).toBe(0);
    const reported: TupleVersion[] = [];
    const result = store.vacuum({
      isDead: deadBelow(100),
      removeIndexEntries: (dead) => reported.push(...dead),
      fromPage: 0,
      maxPages: Infinity,
    });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ tid: root, xmin: 11, xmax: 20 });
    expect([...reported[0]!.data]).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(result.removed).toBe(3);
    for (const t of tids) expect(store.fetch(t)).toBeUndefined();
  });

  it('vacuum prunes a partly dead chain (no report: the root keeps its index entries)', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const tids = hotUpdates(root, 3);
    const reported: TupleVersion[] = [];
    const result = store.vacuum({
      isDead: deadBelow(100),
      removeIndexEntries: (dead) => reported.push(...dead),
      fromPage: 0,
      maxPages: Infinity,
    });
    expect(reported).toHaveLength(0);
    expect(result.kept).toBe(1);
    expect(store.fetch(root)).toMatchObject({ tid: tids[3], xmax: 0 });
  });

  it('logs the tuples a prune or a vacuum moves as moves, not bytes, and redo puts every tuple back', async () => {
    // A HOT chain at the top of the page (inserted first), 100-byte rows under it to the end.
    const root = store.insert(txnId(5), C, new Uint8Array(100).fill(1));
    const chainTids = hotUpdates(root, 2, 100); // xids 10, 11
    const rows: Tid[] = [];
    while (store.pageCount() === 1)
      rows.push(store.insert(txnId(5), C, new Uint8Array(100).fill(rows.length % 200)));
    const onPage = rows.filter((t) => t.page === 0);
    // Pruning the chain's two dead members moves every row below them up.
    let before = db.wal.insertLsn;
    expect(store.prunePage(0, deadBelow(12))).toBe(2);
    // The header, the line pointer array and one move: well under the ~7.5 KB the rows take.
    expect(db.wal.insertLsn - before).toBeLessThan(4 * (onPage.length + 3) + 200);
    // Vacuum's compaction too: delete the highest row left and vacuum.
    store.setXmax(onPage[0]!, txnId(12), C);
    before = db.wal.insertLsn;
    store.vacuum({ isDead: deadBelow(13), removeIndexEntries: () => {}, fromPage: 0, maxPages: Infinity });
    expect(db.wal.insertLsn - before).toBeLessThan(4 * (onPage.length + 3) + 400);
    await db.wal.flush();
    db = db.crash();
    db.recover();
    const again = heapMethod.open(db.ctx, F) as HeapStore;
    expect(again.fetch(root)).toMatchObject({ tid: chainTids[2], xmin: 11 });
    expect(again.fetch(onPage[0]!)).toBeUndefined();
    for (const t of onPage.slice(1)) {
      expect([...again.fetch(t)!.data]).toEqual(new Array(100).fill(rows.indexOf(t) % 200));
    }
  });

  it('removes an aborted update’s orphaned version and never follows a reused slot', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const aborted = store.insertNewerHot(root, txnId(6), C, new Uint8Array([1]))!;
    // xid 6 aborted: the root is live again and is updated by 7 (xmax and link overwritten).
    const next = store.insertNewerHot(root, txnId(7), C, new Uint8Array([2]))!;
    expect(chain(root)).toEqual([root.slot, next.slot]);
    const isDead = (v: TupleVersion): boolean => v.xmin === (6 as TxnId);
    expect(store.prunePage(root.page, isDead)).toBe(1);
    expect(store.fetch(aborted)).toBeUndefined();
    // The freed slot is reused by an unrelated insert: not a member (xmin differs from xmax).
    const reused = store.insert(txnId(9), C, new Uint8Array([3]));
    expect(reused).toEqual(aborted);
    expect(chain(root)).toEqual([root.slot, next.slot]);
  });

  it('a HOT update that finds the page full prunes it first (also with the in-memory hint lost)', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    let last = root;
    let xid = 10;
    for (;;) {
      const next = store.insertNewerHot(last, txnId(xid), C, new Uint8Array(200));
      if (next === undefined) break;
      last = next;
      xid++;
    }
    expect(last.page).toBe(0);
    // A new store object over the same file: the per-page hint is gone, the chain is not.
    const reopened = heapMethod.open(db.ctx, F) as HeapStore;
    const before = db.wal.insertLsn;
    const next = reopened.insertNewerHot(last, txnId(xid), C, new Uint8Array(200), deadBelow(xid));
    expect(next).toMatchObject({ page: 0 });
    // One record for the prune, one for the update.
    expect([...db.wal.read(before)]).toHaveLength(2);
    expect(reopened.fetch(root)).toMatchObject({ tid: last, xmax: xid });
    expect(reopened.fetch(next!)).toMatchObject({ xmin: xid, flags: HEAP_ONLY_TUPLE });
  });

  it('prunes up to the last dead member: deleter xids need not ascend along a chain', () => {
    const root = store.insert(txnId(5), C, new Uint8Array([0]));
    // xid 20 updates the root, then xid 12 (a READ COMMITTED updater with an older xid) the result.
    const m1 = store.insertNewerHot(root, txnId(20), C, new Uint8Array([1]))!;
    const m2 = store.insertNewerHot(m1, txnId(12), C, new Uint8Array([2]))!;
    // Horizon 15: the root (xmax 20) is not dead by the rule, m1 (xmax 12) is; the root is older
    // than m1, so it goes too, and the chain is not cut between them.
    expect(store.prunePage(0, deadBelow(15))).toBe(2);
    expect(store.fetch(root)).toMatchObject({ tid: m2, xmin: 12, xmax: 0 });
    expect(chain(root)).toEqual([m2.slot]);
  });

  it('removes an aborted updater’s versions at the end of a chain and keeps the live version', () => {
    const root = store.insert(txnId(5), C, new Uint8Array([0]));
    const aborted = store.insertNewerHot(root, txnId(6), C, new Uint8Array([1]))!;
    const isDead = (v: TupleVersion): boolean => v.xmin === (6 as TxnId);
    expect(chain(root)).toEqual([root.slot, aborted.slot]);
    expect(store.prunePage(0, isDead)).toBe(1);
    expect(store.fetch(aborted)).toBeUndefined();
    expect(store.fetch(root)).toMatchObject({ tid: root, xmin: 5 });
  });
});
