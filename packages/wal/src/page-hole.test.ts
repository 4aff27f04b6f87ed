import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileId, type Lsn, PAGE_SIZE, type PageKind, readPageLsn, type TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPageChange, logPageChanges, pageImageHole } from './page-change.js';
import { encodeHole, registerPageHole } from './page-hole.js';
import { Wal } from './wal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function openWal(): Wal {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-hole-'));
  dirs.push(dir);
  return Wal.open(dir, { fsync: false });
}

const FILE = 16384 as FileId;
const XID = 5 as TxnId;
/** Page kinds no layer uses, for these tests only. */
const KIND = 0x7e as PageKind;
const BAD_KIND = 0x7d as PageKind;

// The test layout: free space [u16 at 16, u16 at 18), as a heap page's lower and upper.
registerPageHole(KIND, (page) => encodeHole(page[16]! | (page[17]! << 8), page[18]! | (page[19]! << 8)));
// A reader that names a hole past the end of the page: ignored, the search decides.
registerPageHole(BAD_KIND, () => encodeHole(8000, 9000));

function page(kind: PageKind, lower: number, upper: number): Uint8Array {
  const p = new Uint8Array(PAGE_SIZE);
  p[12] = kind;
  p[16] = lower & 0xff;
  p[17] = lower >>> 8;
  p[18] = upper & 0xff;
  p[19] = upper >>> 8;
  for (let i = 20; i < lower; i++) p[i] = i & 0xff || 1;
  for (let i = upper; i < PAGE_SIZE; i++) p[i] = (i * 3) & 0xff || 1;
  return p;
}

function imageOf(wal: Wal): Uint8Array {
  const entries = [...wal.read(0 as Lsn)];
  const last = entries.at(-1)!;
  if (last.record.kind !== 'pages') throw new Error('expected a pages record');
  expect(last.record.changes[0]!.image).toBe(true);
  return last.record.changes[0]!.data;
}

describe('page images with a registered hole reader', () => {
  it('leave out the free space the header names, and redo restores the page with zeros there', () => {
    const wal = openWal();
    const p = page(KIND, 100, 6000);
    // Garbage in the free space (a layer need not zero it): not logged, redone as zeros.
    p[3000] = 0xab;
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 1, page: p, ranges: [] }]);
    const data = imageOf(wal);
    expect(pageImageHole(data)).toEqual({ offset: 100, length: 5900 });
    expect(data.length).toBe(4 + PAGE_SIZE - 5900);
    const redone = new Uint8Array(PAGE_SIZE);
    applyPageChange({ file: FILE, page: 1, image: true, data }, redone, readPageLsn(p));
    const expected = p.slice();
    expected[3000] = 0;
    expect(redone).toEqual(expected);
  });

  it('logs a full page (empty hole) whole', () => {
    const wal = openWal();
    const p = page(KIND, 4000, 4000);
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 2, page: p, ranges: [] }]);
    expect(pageImageHole(imageOf(wal))).toEqual({ offset: 4000, length: 0 });
  });

  it('falls back to the zero-run search when the reader names no sane hole', () => {
    const wal = openWal();
    const p = page(BAD_KIND, 200, 7000);
    logPageChanges(wal, XID, [{ file: FILE, pageNo: 3, page: p, ranges: [] }]);
    expect(pageImageHole(imageOf(wal))).toEqual({ offset: 200, length: 6800 });
    const inverted = page(KIND, 5000, 300);
    for (let i = 300; i < 5000; i++) inverted[i] = 0;
    const wal2 = openWal();
    logPageChanges(wal2, XID, [{ file: FILE, pageNo: 4, page: inverted, ranges: [] }]);
    expect(pageImageHole(imageOf(wal2))).toEqual({ offset: 300, length: 4700 });
  });
});
