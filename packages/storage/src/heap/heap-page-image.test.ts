import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandId, type FileId, type Lsn, PAGE_SIZE, txnId } from '@rustydb/common';
import { applyPageChange, logPageChanges, pageImageHole, Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { heapInsert, initHeapPage } from './heap-page.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const u16 = (p: Uint8Array, o: number): number => p[o]! | (p[o + 1]! << 8);

describe('full page image of a heap page', () => {
  it('leaves out exactly [lower, upper) and redoes to the same page', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rustydb-heap-image-'));
    dirs.push(dir);
    const wal = Wal.open(dir, { fsync: false });
    const page = new Uint8Array(PAGE_SIZE);
    initHeapPage(page, []);
    // Tuples whose data holds zero runs longer than the free space would be for a search.
    for (let i = 0; i < 40; i++) heapInsert(page, 0, txnId(7), commandId(1), new Uint8Array(60), []);
    const lower = u16(page, 16);
    const upper = u16(page, 18);
    logPageChanges(wal, txnId(7), [{ file: 16384 as FileId, pageNo: 0, page, ranges: [] }]);
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
