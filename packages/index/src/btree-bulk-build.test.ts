import { DbError, type Tid, fileId, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { readRoot } from './btree-search.js';
import { checkBTree } from './check-btree.js';
import { IndexEntryBuffer } from './index-entry-buffer.js';
import type { Index } from './index-method.js';
import { encodeKey } from './key-encoding.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const BULK = fileId(16384);
const ONE_BY_ONE = fileId(16385);
const TYPES = [sqlType('text'), sqlType('int4')];

interface Entry {
  key: Uint8Array;
  tid: Tid;
}

/** `count` entries with repeated keys (a key per ~3 entries) and varied key lengths, shuffled. */
function entriesOf(seed: number, count: number, pad = 20): Entry[] {
  const rng = seededRandom(seed);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const k = rng.int(0, Math.max(1, Math.floor(count / 3)));
    const text = `k${String(k).padStart(6, '0')}${'.'.repeat(rng.int(0, pad))}`;
    out.push({ key: encodeKey([text, k % 7], TYPES), tid: { page: Math.floor(i / 50), slot: (i % 50) + 1 } });
  }
  return rng.shuffle(out);
}

function bufferOf(entries: readonly Entry[]): IndexEntryBuffer {
  const buffer = new IndexEntryBuffer();
  for (const e of entries) expect(buffer.add(e.key, e.tid)).toBe(true);
  buffer.sort();
  return buffer;
}

function collect(index: Index): string[] {
  const out: string[] = [];
  const cursor = index.scan();
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) {
    out.push(`${Buffer.from(e.key).toString('hex')}@${e.tid.page},${e.tid.slot}`);
  }
  cursor.close();
  return out;
}

describe('IndexEntryBuffer', () => {
  it('sorts by (key, tid) and finds the first duplicate key, NULL keys excepted', () => {
    const buffer = new IndexEntryBuffer();
    const key = (s: string) => new TextEncoder().encode(s);
    buffer.add(key('b'), { page: 0, slot: 2 });
    buffer.add(key('a'), { page: 1, slot: 1 }, true);
    buffer.add(key('a'), { page: 0, slot: 1 }, true);
    buffer.add(key('c'), { page: 0, slot: 3 });
    buffer.add(key('b'), { page: 0, slot: 1 });
    buffer.sort();
    const order = Array.from({ length: buffer.length }, (_, i) => {
      const s = buffer.keyStart(i);
      const text = new TextDecoder().decode(buffer.keys.subarray(s, s + buffer.keyLength(i)));
      return `${text}@${buffer.tid(i).page},${buffer.tid(i).slot}`;
    });
    expect(order).toEqual(['a@0,1', 'a@1,1', 'b@0,1', 'b@0,2', 'c@0,3']);
    // The two 'a' keys hold NULLs: the first duplicate is the second 'b'.
    expect(buffer.firstDuplicate()).toBe(3);
  });

  it('finds a duplicate pair with exempt entries of the same key between them', () => {
    const buffer = new IndexEntryBuffer();
    const key = (s: string) => new TextEncoder().encode(s);
    buffer.add(key('k'), { page: 0, slot: 1 });
    buffer.add(key('k'), { page: 0, slot: 2 }, true);
    buffer.add(key('k'), { page: 0, slot: 3 }, true);
    buffer.sort();
    expect(buffer.firstDuplicate()).toBe(-1);
    const twice = new IndexEntryBuffer();
    twice.add(key('k'), { page: 0, slot: 1 });
    twice.add(key('k'), { page: 0, slot: 2 }, true);
    twice.add(key('k'), { page: 0, slot: 3 });
    twice.sort();
    // Sorted by tid within the key: positions 0, 1 (exempt), 2; the pair is (0, 2).
    expect(twice.firstDuplicate()).toBe(2);
  });

  it('sorts in turns into the order sort() gives, taking the turns it is asked to', async () => {
    const fill = (buffer: IndexEntryBuffer) => {
      let x = 12345;
      for (let i = 0; i < 1000; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const key = new TextEncoder().encode(`k${x % 300}`);
        buffer.add(key, { page: x % 17, slot: (i % 50) + 1 });
      }
    };
    const once = new IndexEntryBuffer();
    fill(once);
    once.sort();
    const inTurns = new IndexEntryBuffer();
    fill(inTurns);
    let turns = 0;
    await inTurns.sortInTurns(
      () => true,
      async () => {
        turns++;
      },
      7,
    );
    const listing = (b: IndexEntryBuffer) =>
      Array.from({ length: b.length }, (_, i) => `${b.keyStart(i)}:${b.keyLength(i)}:${b.packedTid(i)}`);
    expect(listing(inTurns)).toEqual(listing(once));
    expect(turns).toBeGreaterThan(100);
  });

  it('refuses entries past its memory budget', () => {
    const buffer = new IndexEntryBuffer(1000);
    let added = 0;
    while (buffer.add(new Uint8Array(20), { page: 0, slot: added + 1 })) added++;
    expect(added).toBeGreaterThan(10);
    expect(added).toBeLessThan(50);
  });
});

describe('B+tree bulk build', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(16);
  });
  afterEach(() => bed.destroy());

  it.each([0, 1, 40, 3000, 20_000])('builds the same entries as inserting %i entries one by one', (count) => {
    const entries = entriesOf(count + 1, count);
    const inserted = BTree.create(bed.ctx, ONE_BY_ONE, 'one_by_one');
    for (const e of entries) inserted.insert(e.key, e.tid);
    const built = BTree.create(bed.ctx, BULK, 'bulk');
    built.bulkLoad(bufferOf(entries));
    const stats = checkBTree(bed.pool, BULK);
    expect(stats.entries).toBe(count);
    expect(collect(built)).toEqual(collect(inserted));
    // Fuller pages than random inserts leave, so never more of them.
    expect(stats.leafPages).toBeLessThanOrEqual(checkBTree(bed.pool, ONE_BY_ONE).leafPages);
    // The built tree takes ordinary inserts and deletes afterwards.
    for (const e of entries.slice(0, 500)) expect(built.delete(e.key, e.tid)).toBe(true);
    for (const e of entries.slice(0, 500)) built.insert(e.key, e.tid);
    expect(collect(built)).toEqual(collect(inserted));
    checkBTree(bed.pool, BULK);
  });

  it('builds several internal levels from long keys', () => {
    const entries = entriesOf(7, 30_000, 600);
    const built = BTree.create(bed.ctx, BULK, 'bulk');
    built.bulkLoad(bufferOf(entries));
    expect(built.height()).toBeGreaterThanOrEqual(3);
    expect(checkBTree(bed.pool, BULK).entries).toBe(30_000);
  });

  it('inserts one by one into a tree that already has entries', () => {
    const entries = entriesOf(3, 2000);
    const tree = BTree.create(bed.ctx, BULK, 'bulk');
    for (const e of entries.slice(0, 100)) tree.insert(e.key, e.tid);
    tree.bulkLoad(bufferOf(entries.slice(100)));
    expect(checkBTree(bed.pool, BULK).entries).toBe(2000);
  });

  it('rejects an oversized entry with 54000 before writing anything', () => {
    const tree = BTree.create(bed.ctx, BULK, 'bulk_idx');
    const buffer = new IndexEntryBuffer();
    buffer.add(new Uint8Array(10), { page: 0, slot: 1 });
    buffer.add(new Uint8Array(3000), { page: 0, slot: 2 });
    buffer.sort();
    const pages = tree.pageCount();
    expect(() => tree.bulkLoad(buffer)).toThrow(DbError);
    expect(() => tree.bulkLoad(buffer)).toThrow(/index row size 3008 exceeds btree version 4 maximum 2704/);
    expect(tree.pageCount()).toBe(pages);
    expect(checkBTree(bed.pool, BULK).entries).toBe(0);
  });

  it('recovers the complete tree after a crash once the build is logged', async () => {
    const entries = entriesOf(5, 20_000);
    const want = (() => {
      const t = BTree.create(bed.ctx, ONE_BY_ONE, 'model');
      for (const e of entries) t.insert(e.key, e.tid);
      return collect(t);
    })();
    bed.checkpoint();
    BTree.create(bed.ctx, BULK, 'bulk').bulkLoad(bufferOf(entries));
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    expect(checkBTree(bed.pool, BULK).entries).toBe(20_000);
    expect(collect(BTree.open(bed.ctx, BULK, 'bulk'))).toEqual(want);
  });

  it.each([0, 0.5, 1])(
    'a crash before the last record of the build (at %f of it) recovers the empty tree, never a partial one',
    async (fraction) => {
      const entries = entriesOf(9, 20_000);
      // How many records a build of these entries logs (the last one links in the new root).
      const wal = bed.wal;
      const probe = BTree.create(bed.ctx, ONE_BY_ONE, 'probe');
      const appendWith = wal.appendWith.bind(wal);
      let total = 0;
      wal.appendWith = (...args) => {
        total++;
        return appendWith(...args);
      };
      probe.bulkLoad(bufferOf(entries));
      expect(total).toBeGreaterThan(50);
      const records = Math.floor((total - 1) * fraction);
      const tree = BTree.create(bed.ctx, BULK, 'bulk');
      await wal.flush();
      // The process dies once `records` records of the build are in the log.
      let left = records;
      wal.appendWith = (...args) => {
        if (left-- === 0) throw new Error('crash');
        return appendWith(...args);
      };
      expect(() => tree.bulkLoad(bufferOf(entries))).toThrow('crash');
      wal.appendWith = appendWith;
      await wal.flush();
      bed.crash();
      bed.recover();
      const meta = readRoot(bed.pool, BULK);
      expect(meta.height).toBe(1);
      expect(checkBTree(bed.pool, BULK).entries).toBe(0);
      expect(collect(BTree.open(bed.ctx, BULK, 'bulk'))).toEqual([]);
      expect(checkBTree(bed.pool, ONE_BY_ONE).entries).toBe(20_000);
    },
  );
});
