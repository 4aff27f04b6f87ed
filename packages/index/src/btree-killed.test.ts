import { fileId, sqlType, type Tid } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BTree } from './btree.js';
import { btreeMethod } from './btree-method.js';
import { checkBTree } from './check-btree.js';
import type { Index, KeyRange } from './index-method.js';
import { encodeKey } from './key-encoding.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16390);
/** ~100 entries per leaf. */
const TYPES = [sqlType('text')];
const keyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(50)}`], TYPES);
const exact = (v: number): KeyRange => ({
  lower: { key: keyOf(v), inclusive: true },
  upper: { key: keyOf(v), inclusive: true },
});
/**
 * A key one byte longer than keyOf's: an insert of it cannot take over a killed keyOf cell
 * (btree-simple-delete.ts reuseKilledCell), so a full leaf goes to simple deletion or a split.
 */
const longerKeyOf = (v: number): Uint8Array =>
  encodeKey([`k${String(v).padStart(6, '0')}${'.'.repeat(51)}`], TYPES);
const tidOf = (i: number): Tid => ({ page: 1 + Math.floor(i / 50), slot: 1 + (i % 50) });

/** The tids of `range`, as "page,slot" (killed entries included when `all`). */
function tids(index: Index, range?: KeyRange, all = false): string[] {
  const out: string[] = [];
  const cursor = index.scan(range, false, { includeKilled: all });
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push(`${e.tid.page},${e.tid.slot}`);
  cursor.close();
  return out;
}

/** Kills, in one scan of `range`, the entries whose tid `doomed` accepts. */
function killWhere(index: Index, range: KeyRange | undefined, doomed: (t: Tid) => boolean): void {
  const cursor = index.scan(range);
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) if (doomed(e.tid)) cursor.kill!();
  cursor.close();
}

describe('B+tree killed entries (LP_DEAD hints) and simple deletion', () => {
  let bed: TestBed;
  let tree: BTree;
  beforeEach(() => {
    bed = TestBed.create(16);
    tree = btreeMethod.create(bed.ctx, FILE, 'killed_idx') as BTree;
  });
  afterEach(() => bed.destroy());

  it('skips killed entries in scans, keeps them for includeKilled and exact deletes', () => {
    // Five versions of one row (key 7) among other keys, as an UPDATE-heavy row leaves them.
    for (let i = 0; i < 20; i++) tree.insert(keyOf(i), tidOf(100 + i));
    for (let i = 0; i < 5; i++) tree.insert(keyOf(7), tidOf(i));
    expect(tids(tree, exact(7))).toHaveLength(6);
    killWhere(tree, exact(7), (t) => t.slot <= 4);
    expect(tids(tree, exact(7))).toEqual(['1,5', '3,8']);
    expect(tids(tree, exact(7), true)).toHaveLength(6);
    // Backward scans and full scans skip them too.
    const cursor = tree.scan(exact(7), true);
    const back: string[] = [];
    for (let e = cursor.next(); e !== undefined; e = cursor.next()) back.push(`${e.tid.page},${e.tid.slot}`);
    cursor.close();
    expect(back).toEqual(['3,8', '1,5']);
    expect(tids(tree)).toHaveLength(21);
    // Vacuum's delete by (key, tid) still finds a killed entry.
    expect(tree.delete(keyOf(7), tidOf(0))).toBe(true);
    expect(tids(tree, exact(7), true)).toHaveLength(5);
    expect(checkBTree(bed.pool, FILE).entries).toBe(24);
  });

  it('sets no hint on a leaf unchanged since the last checkpoint, nor on a leaf changed since next()', () => {
    for (let i = 0; i < 5; i++) tree.insert(keyOf(7), tidOf(i));
    bed.checkpoint();
    killWhere(tree, exact(7), () => true);
    // The hint would need a full page image in the WAL first: skipped.
    expect(tids(tree, exact(7))).toHaveLength(5);
    tree.insert(keyOf(8), tidOf(40)); // the leaf's first change after the checkpoint
    const cursor = tree.scan(exact(7));
    cursor.next();
    tree.insert(keyOf(9), tidOf(41)); // the leaf changes between next() and kill()
    cursor.kill!();
    cursor.close();
    expect(tids(tree, exact(7))).toHaveLength(5);
    killWhere(tree, exact(7), (t) => t.slot === 1);
    expect(tids(tree, exact(7))).toEqual(['1,2', '1,3', '1,4', '1,5']);
  });

  it('a crash loses at most the hint, never an entry', async () => {
    for (let i = 0; i < 30; i++) tree.insert(keyOf(i), tidOf(i));
    killWhere(tree, undefined, (t) => t.slot % 2 === 0);
    expect(tids(tree)).toHaveLength(15);
    bed.pool.flushAll(); // the hinted page reaches the disk
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    const reopened = btreeMethod.open(bed.ctx, FILE, 'killed_idx');
    expect(tids(reopened, undefined, true)).toHaveLength(30);
    const live = tids(reopened);
    for (let i = 0; i < 30; i += 2) expect(live).toContain(`${tidOf(i).page},${tidOf(i).slot}`);
  });

  it('removes killed entries instead of splitting a full leaf, logged', async () => {
    // How many entries one leaf holds: insert until the root splits.
    let capacity = 0;
    while (tree.height() === 1) tree.insert(keyOf(1), tidOf(capacity++));
    const probe = btreeMethod.create(bed.ctx, fileId(16391), 'probe') as BTree;
    for (let i = 0; i < capacity - 1; i++) probe.insert(keyOf(1), tidOf(i));
    expect(probe.height()).toBe(1);
    const pages = probe.pageCount();
    killWhere(probe, undefined, (t) => t.slot % 5 !== 0);
    const keptBefore = tids(probe);
    for (let i = 0; i < 20; i++) probe.insert(longerKeyOf(2), tidOf(1000 + i));
    expect(probe.height()).toBe(1);
    expect(probe.pageCount()).toBe(pages);
    const all = tids(probe, undefined, true);
    expect(all).toHaveLength(keptBefore.length + 20);
    expect(tids(probe)).toEqual(all);
    expect(checkBTree(bed.pool, fileId(16391)).entries).toBe(all.length);
    // Redo rebuilds the same leaf (the removal was logged).
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    expect(tids(btreeMethod.open(bed.ctx, fileId(16391), 'probe'), undefined, true)).toEqual(all);
  });

  it('splits as before when the killed entries would free less than an eighth of the leaf', () => {
    let capacity = 0;
    while (tree.height() === 1) tree.insert(keyOf(1), tidOf(capacity++));
    const probe = btreeMethod.create(bed.ctx, fileId(16392), 'probe2') as BTree;
    for (let i = 0; i < capacity - 1; i++) probe.insert(keyOf(1), tidOf(i));
    killWhere(probe, undefined, (t) => t.page === 1 && t.slot <= 3);
    for (let i = 0; i < 5; i++) probe.insert(longerKeyOf(2), tidOf(1000 + i));
    expect(probe.height()).toBe(2);
    // The three killed entries are still there (moved by the split, their hint dropped or kept).
    expect(tids(probe, undefined, true)).toHaveLength(capacity - 1 + 5);
  });
});
