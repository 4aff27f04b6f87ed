/**
 * The shared conformance suites, run against the example's store and index exactly as the
 * built-in ones run them: the contract is the suite, not the built-in implementations.
 */
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { commandId, fileId, silentLogger, txnId } from '@rustydb/common';
import type { StoreContext } from '@rustydb/engine';
import { describeIndex } from '@rustydb/index/testing';
import { describeTableStore } from '@rustydb/storage/testing';
import type { Wal } from '@rustydb/wal';
import { describe, expect, it } from 'vitest';
import { exampleAccessMethods } from './methods.js';

/** The example methods never log: a context whose wal throws on any use proves it. */
function context(): StoreContext {
  const wal = new Proxy({} as Wal, {
    get: (_, prop) => {
      throw new Error(`example method used wal.${String(prop)}`);
    },
  });
  return { pool: new BufferPool({ device: new MemoryPageDevice(), frames: 1 }), wal, logger: silentLogger() };
}

const F = fileId(16400);

describeTableStore('log (embedder example)', () => {
  const ctx = context();
  const { tableStore } = exampleAccessMethods();
  return { store: tableStore.create(ctx, F), reopen: () => tableStore.open(ctx, F) };
});

describeIndex(
  'sorted (embedder example)',
  () => {
    const ctx = context();
    const { indexMethod } = exampleAccessMethods();
    return { index: indexMethod.create(ctx, F), reopen: () => indexMethod.open(ctx, F) };
  },
  true,
);

describe('exampleAccessMethods', () => {
  it('keeps each pair to itself: another pair does not see its relations, drop forgets them', () => {
    const ctx = context();
    const a = exampleAccessMethods();
    const b = exampleAccessMethods();
    a.tableStore.create(ctx, F).insert(txnId(7), commandId(0), Uint8Array.of(1));
    expect(a.tableStore.open(ctx, F).pageCount()).toBe(1);
    expect(b.tableStore.open(ctx, F).pageCount()).toBe(0);
    a.tableStore.drop(ctx, F);
    expect(a.tableStore.open(ctx, F).pageCount()).toBe(0);
  });

  it('declares what the engine relies on: names, ordering, durability', () => {
    const { tableStore, indexMethod } = exampleAccessMethods();
    expect([tableStore.name, tableStore.durable]).toEqual(['log', false]);
    expect([indexMethod.name, indexMethod.ordered, indexMethod.durable]).toEqual(['sorted', true, false]);
  });
});
