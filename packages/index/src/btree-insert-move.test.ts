import { fileId, PAGE_CHECKSUM_OFFSET, sqlType } from '@rustydb/common';
import { pageDeltaMoves } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { checkBTree } from './check-btree.js';
import { encodeKey } from './key-encoding.js';
import { seededRandom } from './testing/random.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16700);
const TYPES = [sqlType('int4')];
const keyOf = (v: number): Uint8Array => encodeKey([v], TYPES);

/** Every page of the tree's file as the pool holds it now. */
function pages(bed: TestBed): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = 0; n < bed.pool.pageCount(FILE); n++) {
    const frame = bed.pool.pin(FILE, n);
    out.push(frame.page.slice());
    bed.pool.unpin(frame);
  }
  return out;
}

/** A page without its checksum (set when the page is written, not by redo). */
const withoutChecksum = (p: Uint8Array): Uint8Array => {
  const copy = p.slice();
  copy.fill(0, PAGE_CHECKSUM_OFFSET, PAGE_CHECKSUM_OFFSET + 4);
  return copy;
};

/**
 * Mid-leaf inserts (an UPDATE's new index entry lands next to the old one) log the shifted slots
 * as one move (btree-page.ts slotInsertChange, wal page-change.ts); redo must rebuild every page
 * byte for byte, after a checkpoint (full images first) and onto pages written part-way.
 */
describe('B+tree mid-leaf inserts logged as moves', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(64);
  });
  afterEach(() => bed.destroy());

  it('redoes the pages exactly after a crash', async () => {
    const tree = BTree.create(bed.ctx, FILE, 'move_idx');
    for (let v = 0; v < 3000; v += 2) tree.insert(keyOf(v), { page: v, slot: 1 });
    bed.checkpoint(); // the files hold these pages; the next change of each logs it whole
    const odd = seededRandom(11).shuffle(Array.from({ length: 1500 }, (_, i) => 2 * i + 1));
    const from = bed.wal.insertLsn;
    for (const v of odd.slice(0, 700)) tree.insert(keyOf(v), { page: v, slot: 2 });
    bed.pool.flushAll(); // pages written part-way: later records replay onto them
    for (const v of odd.slice(700)) tree.insert(keyOf(v), { page: v, slot: 2 });
    let moves = 0;
    for (const { record } of bed.wal.read(from)) {
      if (record.kind !== 'pages') continue;
      for (const c of record.changes) if (!c.image) moves += pageDeltaMoves(c.data).length / 3;
    }
    expect(moves).toBeGreaterThan(1000);
    const live = pages(bed);
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    expect(pages(bed).map(withoutChecksum)).toEqual(live.map(withoutChecksum));
    expect(checkBTree(bed.pool, FILE).entries).toBe(3000);
  });
});
