import { commandId, fileId, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heapMethod } from './heap/heap-method.js';
import type { TableStore, TupleVersion } from './table-store.js';
import { TestDatabase } from './testing/index.js';
import { VisibilityMap } from './visibility-map.js';

describe('VisibilityMap', () => {
  it('sets, clears and counts bits, growing as pages appear', () => {
    const vm = new VisibilityMap();
    expect(vm.isAllVisible(0)).toBe(false);
    vm.set(3);
    vm.set(3);
    vm.set(5000);
    expect([vm.isAllVisible(3), vm.isAllVisible(4), vm.isAllVisible(5000)]).toEqual([true, false, true]);
    expect(vm.allVisiblePages()).toBe(2);
    vm.clear(3);
    vm.clear(9999);
    expect(vm.isAllVisible(3)).toBe(false);
    expect(vm.allVisiblePages()).toBe(1);
    vm.clearFrom(4000);
    expect(vm.allVisiblePages()).toBe(0);
  });
});

describe('heap visibility map', () => {
  const F = fileId(16384);
  const X = txnId(7);
  const C = commandId(0);
  let db: TestDatabase;
  let store: TableStore;
  beforeEach(() => {
    db = TestDatabase.create({ frames: 8 });
    store = heapMethod.create(db.ctx, F);
  });
  afterEach(() => db.destroy());

  /** A vacuum pass that removes nothing and calls versions all-visible when `visible` says so. */
  const vacuum = (visible: (v: TupleVersion) => boolean) =>
    store.vacuum!({
      isDead: () => false,
      removeIndexEntries: () => {},
      isAllVisible: visible,
      fromPage: 0,
      maxPages: Number.POSITIVE_INFINITY,
    });

  it('is set by vacuum only for pages whose every kept version is all-visible, cleared by any change', () => {
    const big = new Uint8Array(3000);
    const tids = [0, 1, 2, 3, 4, 5].map(() => store.insert(X, C, big));
    const pages = store.pageCount();
    expect(pages).toBe(3);
    expect(store.allVisiblePages!()).toBe(0);
    // The version at tids[5] (page 2) is not all-visible: page 2 stays clear.
    vacuum((v) => v.tid.page !== tids[5]!.page || v.tid.slot !== tids[5]!.slot);
    expect([0, 1, 2].map((p) => store.isAllVisible!(p))).toEqual([true, true, false]);
    store.setXmax(tids[0]!, txnId(9), C);
    expect(store.isAllVisible!(0)).toBe(false);
    store.setCtid(tids[2]!, tids[3]!);
    expect(store.isAllVisible!(1)).toBe(false);
    vacuum(() => true);
    expect(store.allVisiblePages!()).toBe(3);
    const tid = store.insert(X, C, Uint8Array.of(1));
    expect(store.isAllVisible!(tid.page)).toBe(false);
    store.truncate();
    expect(store.allVisiblePages!()).toBe(0);
  });

  it('starts empty when a store is opened (after a restart nothing is known all-visible)', () => {
    store.insert(X, C, Uint8Array.of(1));
    vacuum(() => true);
    expect(store.isAllVisible!(0)).toBe(true);
    expect(heapMethod.open(db.ctx, F).isAllVisible!(0)).toBe(false);
  });

  it('is not set by a vacuum that cannot judge visibility', () => {
    store.insert(X, C, Uint8Array.of(1));
    store.vacuum!({ isDead: () => false, removeIndexEntries: () => {}, fromPage: 0, maxPages: 10 });
    expect(store.isAllVisible!(0)).toBe(false);
  });
});
