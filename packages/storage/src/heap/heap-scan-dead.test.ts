import { commandId, fileId, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TupleCursor, TupleHeader, TupleVersion } from '../table-store.js';
import { TestDatabase } from '../testing/index.js';
import { heapMethod } from './heap-method.js';
import { HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE } from './heap-page.js';
import type { HeapStore } from './heap-store.js';

const F = fileId(16384);
const C = commandId(0);

/** Dead to all: every version whose xmax is set and below `horizon` (the test's "committed"). */
const deadBelow =
  (horizon: number) =>
  (v: TupleHeader): boolean =>
    v.xmax !== 0 && v.xmax < horizon;

/** Every version the cursor returns, copied (its views are valid until the next call only). */
function drain(cursor: TupleCursor): TupleVersion[] {
  const out: TupleVersion[] = [];
  try {
    for (let v = cursor.next(); v !== undefined; v = cursor.next()) out.push({ ...v, data: v.data.slice() });
  } finally {
    cursor.close();
  }
  return out;
}

describe('HeapStore.scan with isDead', () => {
  let db: TestDatabase;
  let store: HeapStore;
  beforeEach(() => {
    db = TestDatabase.create({ frames: 8 });
    store = heapMethod.create(db.ctx, F) as HeapStore;
  });
  afterEach(() => db.destroy());

  it('leaves out the versions isDead calls dead, and returns every version without it', () => {
    const root = store.insert(txnId(5), C, new Uint8Array(8));
    const other = store.insert(txnId(5), C, new Uint8Array([42]));
    let last = root;
    for (let xid = 10; xid < 14; xid++)
      last = store.insertNewerHot(last, txnId(xid), C, new Uint8Array([xid]))!;
    expect(drain(store.scan())).toHaveLength(6);
    // xmax below 13: the root and the versions by 10 and 11 (xmax 11, 12); 12's has xmax 13.
    const kept = drain(store.scan(deadBelow(13)));
    expect(kept.map((v) => v.tid)).toEqual([other, kept[1]!.tid, last]);
    expect(kept.map((v) => v.xmin)).toEqual([5, 12, 13]);
    expect(kept.map((v) => [...v.data])).toEqual([[42], [12], [13]]);
    expect(kept[1]).toMatchObject({ xmax: 13, ctid: last, flags: HEAP_ONLY_TUPLE | HEAP_HOT_UPDATED });
    // Leaving out is not pruning: a scan without isDead still finds them all.
    expect(drain(store.scan())).toHaveLength(6);
  });

  it('hands isDead the header, as stored, of each deleted version over every page', () => {
    const tids = [];
    for (let i = 0; store.pageCount() < 3; i++)
      tids.push(store.insert(txnId(5), C, new Uint8Array(500).fill(i)));
    // Every other version deleted, by xid 7 + its position.
    for (let i = 0; i < tids.length; i += 2) store.setXmax(tids[i]!, txnId(7 + i), commandId(3));
    const seen: TupleHeader[] = [];
    const cursor = store.scan((h) => {
      seen.push({ xmin: h.xmin, xmax: h.xmax, cmin: h.cmin, cmax: h.cmax, flags: h.flags });
      return h.xmax !== 0;
    });
    const kept = drain(cursor);
    // Versions nobody deleted are not asked about (one header read each).
    expect(seen.map((h) => h.xmax)).toEqual(tids.flatMap((_, i) => (i % 2 === 0 ? [7 + i] : [])));
    expect(seen.every((h) => h.xmin === 5 && h.cmin === 0 && h.cmax === 3 && h.flags === 0)).toBe(true);
    expect(kept.map((v) => v.tid)).toEqual(tids.filter((_, i) => i % 2 === 1));
    expect(kept.map((v) => v.data[0])).toEqual(tids.map((_, i) => i).filter((i) => i % 2 === 1));
  });
});
