import { fileId, PAGE_CHECKSUM_OFFSET, sqlType, type Tid } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BTree } from './btree.js';
import { checkBTree } from './check-btree.js';
import { encodeKey } from './key-encoding.js';
import { TestBed } from './testing/test-bed.js';

const FILE = fileId(16710);
const TYPES = [sqlType('int4')];
const keyOf = (v: number): Uint8Array => encodeKey([v], TYPES);
/** Version `n` of row `v`: an UPDATE's new version lives on another page than the old one. */
const version = (v: number, n: number): Tid => ({ page: 1 + n * 1000 + v, slot: 1 });

/** Every page of the tree's file, checksum bytes cleared (set by writes, not by redo). */
function pages(bed: TestBed): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = 0; n < bed.pool.pageCount(FILE); n++) {
    const frame = bed.pool.pin(FILE, n);
    const copy = frame.page.slice();
    copy.fill(0, PAGE_CHECKSUM_OFFSET, PAGE_CHECKSUM_OFFSET + 4);
    out.push(copy);
    bed.pool.unpin(frame);
  }
  return out;
}

/** The (key, tid) entries in order, killed ones included, as "v:page". */
function entries(tree: BTree): string[] {
  const out: string[] = [];
  const cursor = tree.scan(undefined, false, { includeKilled: true });
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push(`${e.tid.page}`);
  cursor.close();
  return out;
}

/** Kills, in one scan, the entries whose tid `doomed` accepts (as an index scan does). */
function killWhere(tree: BTree, doomed: (t: Tid) => boolean): void {
  const cursor = tree.scan();
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) if (doomed(e.tid)) cursor.kill!();
  cursor.close();
}

/** A one-leaf tree filled to its last free byte: rows 0 … n-1, version 0 each. */
function fullLeaf(bed: TestBed): { tree: BTree; rows: number } {
  const probe = BTree.create(bed.ctx, fileId(16711), 'probe');
  let capacity = 0;
  while (probe.height() === 1) probe.insert(keyOf(capacity), version(capacity++, 0));
  const tree = BTree.create(bed.ctx, FILE, 'reuse_idx');
  const rows = capacity - 1;
  for (let v = 0; v < rows; v++) tree.insert(keyOf(v), version(v, 0));
  expect(tree.height()).toBe(1);
  return { tree, rows };
}

/**
 * An UPDATE that changes no key adds an entry next to the old version's; when the leaf is full
 * and the old version's entry is killed, the new entry takes over its cell (btree-simple-delete
 * .ts reuseKilledCell) instead of splitting the leaf or logging it whole.
 */
describe('B+tree insert into a full leaf reusing a killed cell', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = TestBed.create(64);
  });
  afterEach(() => bed.destroy());

  it('replaces the killed entry without a split, in a small record, redone exactly', async () => {
    const { tree, rows } = fullLeaf(bed);
    const updated = [3, 10, 11, 200 % rows, rows - 1];
    killWhere(tree, (t) => updated.some((v) => t.page === version(v, 0).page));
    const from = bed.wal.insertLsn;
    for (const v of updated.slice(0, 2)) tree.insert(keyOf(v), version(v, 1));
    bed.pool.flushAll(); // the leaf written part-way: the later records replay onto it
    for (const v of updated.slice(2)) tree.insert(keyOf(v), version(v, 1));
    expect(tree.height()).toBe(1);
    expect(tree.pageCount()).toBe(2); // meta + the one leaf
    const want: string[] = [];
    for (let v = 0; v < rows; v++) want.push(`${version(v, updated.includes(v) ? 1 : 0).page}`);
    expect(entries(tree)).toEqual(want);
    expect(checkBTree(bed.pool, FILE).entries).toBe(rows);
    let bytes = 0;
    let records = 0;
    for (const { record } of bed.wal.read(from)) {
      if (record.kind !== 'pages') continue;
      records++;
      for (const c of record.changes) bytes += c.data.length;
    }
    // Five inserts; a whole-page image (a split or a simple deletion) would be 8 KiB.
    expect(records).toBe(5);
    expect(bytes).toBeLessThan(5 * 64);
    const live = pages(bed);
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    expect(pages(bed)).toEqual(live);
    expect(entries(BTree.open(bed.ctx, FILE, 'reuse_idx'))).toEqual(want);
  });

  it('moves the slots between a distant killed cell and the insert position, either way', async () => {
    const { tree, rows } = fullLeaf(bed);
    killWhere(tree, (t) => t.page === version(2, 0).page || t.page === version(rows - 3, 0).page);
    tree.insert(keyOf(rows - 10), version(rows - 10, 1)); // takes row rows-3's cell: slots move up
    tree.insert(keyOf(8), version(8, 1)); // takes row 2's cell: slots move down
    expect(tree.height()).toBe(1);
    const want: string[] = [];
    for (let v = 0; v < rows; v++) {
      if (v === 2 || v === rows - 3) continue;
      want.push(`${version(v, 0).page}`);
      if (v === 8 || v === rows - 10) want.push(`${version(v, 1).page}`);
    }
    expect(entries(tree)).toEqual(want);
    expect(checkBTree(bed.pool, FILE).entries).toBe(rows);
    const live = pages(bed);
    await bed.wal.flush();
    bed.crash();
    bed.recover();
    expect(pages(bed)).toEqual(live);
  });

  it('remembers the tids whose killed entries it reclaimed, for vacuum, once each', () => {
    const { tree, rows } = fullLeaf(bed);
    const reused = 7;
    const compacted = Array.from({ length: 100 }, (_, i) => 20 + i); // over an eighth of the leaf
    killWhere(tree, (t) => t.page === version(reused, 0).page);
    tree.insert(keyOf(reused), version(reused, 1)); // takes the killed cell
    expect(tree.delete(keyOf(reused), version(reused, 0))).toBe(false);
    expect(tree.forgetReclaimed(version(reused, 0))).toBe(true);
    expect(tree.forgetReclaimed(version(reused, 0))).toBe(false); // forgotten
    // Simple deletion: many killed entries, and an insert whose size no killed cell has.
    killWhere(tree, (t) => compacted.some((v) => t.page === version(v, 0).page));
    tree.insert(encodeKey([rows + 1, 1], [TYPES[0]!, TYPES[0]!]), version(rows + 1, 0));
    for (const v of compacted) expect(tree.forgetReclaimed(version(v, 0))).toBe(true);
    // An entry removed by delete, or inserted again, is not one the tree reclaimed.
    expect(tree.forgetReclaimed(version(3, 0))).toBe(false);
    expect(tree.delete(keyOf(3), version(3, 0))).toBe(true);
    expect(tree.forgetReclaimed(version(3, 0))).toBe(false);
  });

  it('splits when no killed cell has the new entry size', () => {
    const { tree } = fullLeaf(bed);
    killWhere(tree, (t) => t.page === version(5, 0).page);
    // A two-column key is longer than the killed int4 entry's.
    tree.insert(encodeKey([5, 1], [TYPES[0]!, TYPES[0]!]), version(5, 1));
    expect(tree.height()).toBe(2);
  });
});
