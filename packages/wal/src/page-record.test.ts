import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileId, type Lsn, PAGE_SIZE, type TxnId } from '@rustydb/common';
import { Packr } from 'msgpackr';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPageChange, logPageChanges } from './page-change.js';
import {
  CHANGE_HEADER_SIZE,
  decodePagesPayload,
  PAGES_HEADER_SIZE,
  pagesPayloadSize,
  writePagesPayload,
} from './page-record.js';
import { ENVELOPE_SIZE } from './record-envelope.js';
import { Wal } from './wal.js';
import { decodeRecord, type PageChange, RecordKind } from './wal-record.js';
import { segmentFileName } from './wal-segment.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-page-record-'));
  dirs.push(dir);
  return dir;
}

const FILE = 16384 as FileId;
const changes: PageChange[] = [
  { file: FILE, page: 3, image: false, data: Uint8Array.of(100, 0, 2, 0, 7, 8) },
  { file: 0xfffffffe as FileId, page: 0x7fffffff, image: true, data: new Uint8Array(300).fill(9) },
  { file: FILE, page: 0, image: false, data: new Uint8Array(0) },
];

function encode(list: readonly PageChange[]): Uint8Array {
  const out = new Uint8Array(pagesPayloadSize(list));
  writePagesPayload(out, 0, list);
  return out;
}

describe('page record payload', () => {
  it('round-trips changes, images and empty deltas, at the documented offsets', () => {
    const bytes = encode(changes);
    expect(bytes.length).toBe(PAGES_HEADER_SIZE + 3 * CHANGE_HEADER_SIZE + 6 + 300);
    expect([...bytes.subarray(0, 4)]).toEqual([3, 0, 0, 0]);
    expect([...bytes.subarray(4, 17)]).toEqual([0, 0x40, 0, 0, 3, 0, 0, 0, 0, 6, 0, 0, 0]);
    const decoded = decodePagesPayload(bytes)!;
    expect(decoded.map((c) => ({ ...c, data: [...c.data] }))).toEqual(
      changes.map((c) => ({ ...c, data: [...c.data] })),
    );
  });

  it('rejects payloads that do not have the shape', () => {
    const bytes = encode(changes);
    expect(decodePagesPayload(bytes.subarray(0, 3))).toBeUndefined();
    expect(decodePagesPayload(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodePagesPayload(Uint8Array.of(...bytes, 0))).toBeUndefined();
    const badFlag = bytes.slice();
    badFlag[4 + 8] = 2;
    expect(decodePagesPayload(badFlag)).toBeUndefined();
    const hugeCount = bytes.slice();
    hugeCount[3] = 0x7f;
    expect(decodePagesPayload(hugeCount)).toBeUndefined();
    expect(() => decodeRecord(RecordKind.PageChanges, badFlag)).toThrow(/malformed WAL record of kind 10/);
  });

  it('still reads the msgpack form (code 1) of logs written before', () => {
    const old = new Packr({ useRecords: false }).pack(changes.map((c) => [c.file, c.page, c.image, c.data]));
    const r = decodeRecord(RecordKind.Pages, old);
    expect(r.kind).toBe('pages');
    if (r.kind === 'pages')
      expect(r.changes.map((c) => [c.file, c.page, c.image, c.data.length])).toEqual(
        changes.map((c) => [c.file, c.page, c.image, c.data.length]),
      );
  });
});

describe('page records in the log', () => {
  it('logPageChanges and append write the same bytes, read back as code 10', () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false });
    const page = new Uint8Array(PAGE_SIZE);
    page[12] = 1;
    page.fill(5, 4000, 4100);
    const end1 = logPageChanges(wal, 7 as TxnId, [{ file: FILE, pageNo: 1, page, ranges: [4000, 100] }]);
    page[4000] = 6;
    const end2 = logPageChanges(wal, 7 as TxnId, [{ file: FILE, pageNo: 1, page, ranges: [4000, 1] }]);
    const entries = [...wal.read(0 as Lsn)];
    expect(entries.map((e) => e.end)).toEqual([end1, end2]);
    const appended = Wal.open(tempDir(), { fsync: false });
    for (const e of entries) appended.append(e.record, e.xid);
    const again = [...appended.read(0 as Lsn)];
    expect(again.map((e) => e.end)).toEqual([end1, end2]);
    expect(again.map((e) => e.record)).toEqual(entries.map((e) => e.record));
    wal.close();
    appended.close();
  });

  it('ends the log at a torn or corrupt page record', async () => {
    const dir = tempDir();
    let wal = Wal.open(dir, { fsync: false });
    const page = new Uint8Array(PAGE_SIZE).fill(3, 200, 900);
    const ends: Lsn[] = [];
    for (let i = 0; i < 3; i++) {
      page[500 + i] = i;
      ends.push(logPageChanges(wal, 1 as TxnId, [{ file: FILE, pageNo: 2, page, ranges: [500, 3] }]));
    }
    await wal.flush();
    wal.close();
    // Flip one payload byte of the second record: its CRC fails and the log ends before it.
    const path = join(dir, 'wal', segmentFileName(0));
    const bytes = readFileSync(path);
    bytes[ends[0]! + ENVELOPE_SIZE + 2] ^= 0xff;
    writeFileSync(path, bytes);
    wal = Wal.open(dir, { fsync: false });
    expect(wal.insertLsn).toBe(ends[0]);
    expect([...wal.read(0 as Lsn)]).toHaveLength(1);
    wal.close();
  });

  it('redo of a page record is idempotent: replaying it twice gives the same page', () => {
    const wal = Wal.open(tempDir(), { fsync: false });
    const page = new Uint8Array(PAGE_SIZE);
    page[12] = 1;
    page.fill(8, 6000, PAGE_SIZE);
    logPageChanges(wal, 1 as TxnId, [{ file: FILE, pageNo: 0, page, ranges: [6000, 2192] }]);
    page.fill(4, 100, 120);
    logPageChanges(wal, 1 as TxnId, [{ file: FILE, pageNo: 0, page, ranges: [100, 20] }]);
    const redone = new Uint8Array(PAGE_SIZE);
    for (let round = 0; round < 2; round++) {
      for (const { end, record } of wal.read(0 as Lsn)) {
        if (record.kind === 'pages') for (const c of record.changes) applyPageChange(c, redone, end);
      }
      expect(redone).toEqual(page);
    }
    wal.close();
  });
});
