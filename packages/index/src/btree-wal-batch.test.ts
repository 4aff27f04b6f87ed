import { fileId, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { checkBTree } from './check-btree.js';
import { compareKeys, encodeKey } from './key-encoding.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16600);
const TYPES = [sqlType('text'), sqlType('int4')];
const keyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(40)}`, v], TYPES);

function collect(tree: BTree): string[] {
  const out: string[] = [];
  const cursor = tree.scan();
  for (let e = cursor.next(); e !== undefined; e = cursor.next())
    out.push(`${e.key.join('.')}@${e.tid.page}`);
  cursor.close();
  return out;
}

/**
 * B+tree inserts inside a WAL page batch (Wal.batchPageChanges), as a multi-row INSERT makes
 * them: logged a batch of pages at a time, splits included, in a pool small enough that batched
 * pages are evicted (and so logged early) while the batch runs.
 */
describe('B+tree inserts in WAL page batches', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(16);
  });
  afterEach(() => bed.destroy());

  const load = (tree: BTree, values: readonly number[], perBatch: number): void => {
    for (let i = 0; i < values.length; i += perBatch) {
      bed.wal.batchPageChanges(() => {
        for (const v of values.slice(i, i + perBatch)) tree.insert(keyOf(v), { page: v, slot: 1 });
      });
    }
  };
  const expected = (values: readonly number[]): string[] =>
    values
      .map((v) => ({ key: keyOf(v), v }))
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((e) => `${e.key.join('.')}@${e.v}`);

  it('recovers ascending and random loads after a crash, with fewer records than entries', async () => {
    const tree = BTree.create(bed.ctx, FILE, 'batch_idx');
    const ascending = Array.from({ length: 6000 }, (_, i) => i);
    const rng = seededRandom(3);
    const random = rng.shuffle(Array.from({ length: 4000 }, (_, i) => 10_000 + i * 3));
    const before = [...bed.wal.read(bed.redoLsn)].length;
    load(tree, ascending, 1000);
    bed.checkpoint(); // later first changes log full images again, from inside batches
    load(tree, random, 500);
    const records = [...bed.wal.read(bed.redoLsn)].length;
    // 10,000 inserts; evictions in this 16-frame pool log batches early, yet far fewer records.
    expect(records).toBeLessThan(10_000 / 5);
    expect(records + before).toBeGreaterThan(10);
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    const reopened = BTree.open(bed.ctx, FILE, 'batch_idx');
    expect(checkBTree(bed.pool, FILE).entries).toBe(10_000);
    expect(collect(reopened)).toEqual(expected([...ascending, ...random]));
  });

  it('recovers an intact tree holding a prefix of the inserts when the log tail is lost', () => {
    const tree = BTree.create(bed.ctx, FILE, 'batch_idx');
    const values = Array.from({ length: 3000 }, (_, i) => i * 7);
    load(tree, values.slice(0, 2000), 1000);
    bed.wal.flushSync(bed.wal.insertLsn);
    load(tree, values.slice(2000), 1000);
    // No flush: the records of the last batch (logged in pieces at evictions) may be lost.
    bed.crash();
    bed.recover();
    const reopened = BTree.open(bed.ctx, FILE, 'batch_idx');
    const stats = checkBTree(bed.pool, FILE);
    expect(stats.entries).toBeGreaterThanOrEqual(2000);
    expect(collect(reopened)).toEqual(expected(values.slice(0, stats.entries)));
  });
});
