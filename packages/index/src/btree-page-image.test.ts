import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileId, type Lsn, PAGE_SIZE, type TxnId } from '@rustydb/common';
import { applyPageChange, logPageChanges, pageImageHole, Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { initNode, insertCell, NODE_HEADER_END, nodeCount, u16 } from './btree-page.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('full page image of a B+tree node', () => {
  it.each([0, 1])('leaves out exactly its free space and redoes to the same page (level %i)', (level) => {
    const dir = mkdtempSync(join(tmpdir(), 'rustydb-btree-image-'));
    dirs.push(dir);
    const wal = Wal.open(dir, { fsync: false });
    const page = new Uint8Array(PAGE_SIZE);
    initNode(page, level);
    // Keys of zero bytes: zero runs in the cells that a search for the longest run could pick.
    for (let i = 0; i < 30; i++) insertCell(page, i, new Uint8Array(40), 0, 40, 0x10000 * i, 5);
    const lower = NODE_HEADER_END + 2 * nodeCount(page);
    const upper = u16(page, 18);
    logPageChanges(wal, 9 as TxnId, [{ file: 16385 as FileId, pageNo: 1, page, ranges: [] }]);
    const [entry] = [...wal.read(0 as Lsn)];
    if (entry?.record.kind !== 'pages') throw new Error('expected a pages record');
    const change = entry.record.changes[0]!;
    expect(change.image).toBe(true);
    expect(pageImageHole(change.data)).toEqual({ offset: lower, length: upper - lower });
    const redone = new Uint8Array(PAGE_SIZE);
    applyPageChange(change, redone, entry.end);
    expect(redone).toEqual(page);
    wal.close();
  });
});
