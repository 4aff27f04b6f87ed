import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { commandId, fileId, silentLogger, txnId } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import { describe, expect, it } from 'vitest';
import type { StoreContext } from '../table-store.js';
import { describeTableStore } from '../testing/index.js';
import { memoryMethod } from './memory-method.js';
import { SLOTS_PER_PAGE } from './memory-store.js';

/** The memory method never touches the WAL: a context whose wal throws on any use proves it. */
function context(): StoreContext {
  const wal = new Proxy({} as Wal, {
    get: (_, prop) => {
      throw new Error(`memory store used wal.${String(prop)}`);
    },
  });
  return { pool: new BufferPool({ device: new MemoryPageDevice(), frames: 1 }), wal, logger: silentLogger() };
}

const F = fileId(5);

describeTableStore(
  'memory',
  () => {
    const ctx = context();
    return { store: memoryMethod.create(ctx, F), reopen: () => memoryMethod.open(ctx, F) };
  },
  { vacuum: true },
);

describe('memory method', () => {
  it('is not durable and is named memory', () => {
    expect(memoryMethod.name).toBe('memory');
    expect(memoryMethod.durable).toBe(false);
  });

  it('keeps one store per database: open finds it, another database does not, drop forgets it', () => {
    const a = context();
    const b = context();
    memoryMethod.create(a, F).insert(txnId(3), commandId(0), Uint8Array.of(1));
    const count = (ctx: StoreContext): number => {
      const cursor = memoryMethod.open(ctx, F).scan();
      let n = 0;
      while (cursor.next() !== undefined) n++;
      cursor.close();
      return n;
    };
    expect(count(a)).toBe(1);
    expect(count(b)).toBe(0);
    memoryMethod.drop(a, F);
    expect(count(a)).toBe(0);
  });

  it('numbers versions in pseudo-pages of SLOTS_PER_PAGE with 1-based slots', () => {
    const store = memoryMethod.create(context(), F);
    const tids = [];
    for (let i = 0; i <= SLOTS_PER_PAGE; i++)
      tids.push(store.insert(txnId(3), commandId(0), new Uint8Array(0)));
    expect(tids[0]).toEqual({ page: 0, slot: 1 });
    expect(tids[SLOTS_PER_PAGE - 1]).toEqual({ page: 0, slot: SLOTS_PER_PAGE });
    expect(tids[SLOTS_PER_PAGE]).toEqual({ page: 1, slot: 1 });
    expect(store.pageCount()).toBe(2);
    expect(store.fetch({ page: 0, slot: SLOTS_PER_PAGE + 1 })).toBeUndefined();
  });
});
