import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbError, type FileId, type Lsn, type TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { Wal, type WalEntry } from './wal.js';
import { walkRecords } from './wal-reader.js';
import type { WalRecord } from './wal-record.js';
import { RecordKind } from './wal-record.js';
import { SEGMENT_HEADER_SIZE, segmentFileName } from './wal-segment.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-wal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const xid = (n: number) => n as TxnId;
const file = (n: number) => n as FileId;

const EVERY_KIND: WalRecord[] = [
  {
    kind: 'pages',
    changes: [
      { file: file(16384), page: 0, image: true, data: new Uint8Array([0, 1, 0, 2, 9, 9]) },
      { file: file(16385), page: 7, image: false, data: new Uint8Array([16, 0, 2, 0, 0xab, 0xcd]) },
    ],
  },
  { kind: 'file-create', file: file(16384) },
  { kind: 'file-drop', file: file(16390) },
  { kind: 'file-truncate', file: file(16384), pages: 3 },
  { kind: 'commit', xid: xid(5), time: 1_714_564_800_000 },
  { kind: 'abort', xid: xid(6) },
  { kind: 'checkpoint', redo: (2 ** 40) as Lsn, nextXid: xid(7), nextOid: 16400, time: 1_714_564_800_123 },
  { kind: 'next-oid', nextOid: 24576 },
  { kind: 'commit', xid: xid(8), time: 1_714_564_800_000, subxids: [xid(9), xid(11)] },
  { kind: 'abort', xid: xid(12), subxids: [xid(13)] },
  {
    kind: 'prepare',
    xid: xid(14),
    subxids: [xid(15)],
    gid: 'tx-1',
    time: 1_714_564_800_000,
    owner: 'postgres',
    database: 'postgres',
    locks: [],
  },
];

/** Records as plain values (Buffers from the decoder become plain arrays) for deep equality. */
const plain = (entries: Iterable<WalEntry | WalRecord>) =>
  [...entries].map((e) => JSON.parse(JSON.stringify('record' in e ? e.record : e, replacer)));
const replacer = (_k: string, v: unknown) =>
  v && typeof v === 'object' && 'type' in v && (v as { type: unknown }).type === 'Buffer'
    ? (v as unknown as { data: number[] }).data
    : v instanceof Uint8Array
      ? [...v]
      : v;

describe('Wal append/read', () => {
  it('round-trips every record kind, buffered, flushed and after reopen', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false });
    expect(wal.insertLsn).toBe(SEGMENT_HEADER_SIZE);
    const ends = EVERY_KIND.map((r, i) => wal.append(r, xid(i + 3)));
    expect(ends.every((e, i) => i === 0 || e > ends[i - 1]!)).toBe(true);
    expect(wal.insertLsn).toBe(ends.at(-1));

    const buffered = [...wal.read(0 as Lsn)];
    expect(plain(buffered)).toEqual(plain(EVERY_KIND));
    expect(buffered.map((e) => e.end)).toEqual(ends);
    expect(buffered.map((e) => e.xid)).toEqual(EVERY_KIND.map((_, i) => i + 3));
    expect(buffered[0]!.lsn).toBe(SEGMENT_HEADER_SIZE);
    expect(buffered.slice(1).map((e) => e.lsn)).toEqual(ends.slice(0, -1));

    await wal.flush();
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    // Reading from a record's end starts at the next record.
    expect(plain(wal.read(ends[3]!))).toEqual(plain(EVERY_KIND.slice(4)));
    wal.close();

    const again = Wal.open(dir, { fsync: false });
    expect(again.insertLsn).toBe(ends.at(-1));
    expect(again.flushedLsn).toBe(ends.at(-1));
    expect(plain(again.read(0 as Lsn))).toEqual(plain(EVERY_KIND));
    again.close();
  });

  it('loses records that were never flushed when closed', () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false });
    const first = wal.append({ kind: 'next-oid', nextOid: 1 });
    wal.flushSync(first);
    wal.append({ kind: 'next-oid', nextOid: 2 });
    wal.close();
    const again = Wal.open(dir, { fsync: false });
    expect(plain(again.read(0 as Lsn))).toEqual([{ kind: 'next-oid', nextOid: 1 }]);
    again.close();
  });

  it('rejects records larger than a segment and flush requests past the end', async () => {
    const wal = Wal.open(tempDir(), { fsync: false, segmentSize: 4096 });
    const big: WalRecord = {
      kind: 'pages',
      changes: [{ file: file(1), page: 0, image: false, data: new Uint8Array(5000) }],
    };
    expect(() => wal.append(big)).toThrowError(expect.objectContaining({ code: '54000' }));
    await expect(wal.flush((wal.insertLsn + 1) as Lsn)).rejects.toMatchObject({ code: 'XX000' });
    expect(() => wal.flushSync((wal.insertLsn + 1) as Lsn)).toThrow(DbError);
    wal.close();
  });
});

describe('Wal group commit', () => {
  it('shares fdatasync rounds between concurrent flushes', async () => {
    const wal = Wal.open(tempDir(), { fsync: true });
    const flushes: Promise<void>[] = [];
    const lsns: Lsn[] = [];
    for (let i = 0; i < 20; i++) {
      const lsn = wal.append({ kind: 'commit', xid: xid(10 + i), time: 0 }, xid(10 + i));
      lsns.push(lsn);
      flushes.push(wal.flush(lsn));
    }
    // The first flush took only the first record: the rest are waiting for the next round.
    expect(wal.flushedLsn).toBeLessThan(lsns[0]!);
    await flushes[0];
    expect(wal.flushedLsn).toBeGreaterThanOrEqual(lsns[0]!);
    await Promise.all(flushes);
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    expect(wal.syncCount).toBe(2);
    wal.close();
  });

  it('lets a caller whose LSN is covered by a running round wait for that round only', async () => {
    const wal = Wal.open(tempDir(), { fsync: true });
    const a = wal.append({ kind: 'abort', xid: xid(3) });
    const b = wal.append({ kind: 'abort', xid: xid(4) });
    const first = wal.flush(b);
    const second = wal.flush(a);
    await Promise.all([first, second]);
    expect(wal.syncCount).toBe(1);
    await wal.flush(a); // already durable: no new round
    expect(wal.syncCount).toBe(1);
    wal.close();
  });

  it('flushSync makes a running round’s bytes durable too', async () => {
    const wal = Wal.open(tempDir(), { fsync: true });
    const a = wal.append({ kind: 'abort', xid: xid(3) });
    const pending = wal.flush(a);
    wal.flushSync(a);
    expect(wal.flushedLsn).toBe(a);
    await pending;
    wal.close();
  });
});

describe('Wal crash recovery', () => {
  function writeThree(dir: string): Lsn[] {
    const wal = Wal.open(dir, { fsync: false });
    const ends = [1, 2, 3].map((n) => wal.append({ kind: 'next-oid', nextOid: n * 1000 }, xid(n)));
    wal.flushSync(wal.insertLsn);
    wal.close();
    return ends;
  }
  const segmentPath = (dir: string) => join(dir, 'wal', segmentFileName(0));

  it('ends the log at a torn last record and overwrites it', () => {
    const dir = tempDir();
    const ends = writeThree(dir);
    truncateSync(segmentPath(dir), ends[2]! - 3);
    const wal = Wal.open(dir, { fsync: false });
    expect(wal.insertLsn).toBe(ends[1]);
    expect(plain(wal.read(0 as Lsn))).toEqual([
      { kind: 'next-oid', nextOid: 1000 },
      { kind: 'next-oid', nextOid: 2000 },
    ]);
    const end = wal.append({ kind: 'abort', xid: xid(9) });
    expect(end).toBeGreaterThan(ends[1]!);
    wal.flushSync(end);
    wal.close();
    const again = Wal.open(dir, { fsync: false });
    expect([...again.read(ends[1]!)].map((e) => e.record)).toEqual([{ kind: 'abort', xid: 9 }]);
    again.close();
  });

  it('ends the log at a corrupt record and cuts everything after it', () => {
    const dir = tempDir();
    const ends = writeThree(dir);
    const bytes = readFileSync(segmentPath(dir));
    bytes[ends[0]! + 17]! ^= 0xff; // payload byte of the second record
    writeFileSync(segmentPath(dir), bytes);
    const wal = Wal.open(dir, { fsync: false });
    expect(wal.insertLsn).toBe(ends[0]);
    expect([...wal.read(0 as Lsn)]).toHaveLength(1);
    // The third record, though intact, is gone: it can never reappear behind new records.
    expect(statSync(segmentPath(dir)).size).toBe(ends[0]);
    wal.close();
  });

  it('treats garbage after the last record as the end', () => {
    const dir = tempDir();
    const ends = writeThree(dir);
    const bytes = readFileSync(segmentPath(dir));
    const garbage = Buffer.alloc(100, 0x5a);
    writeFileSync(segmentPath(dir), Buffer.concat([bytes, garbage]));
    const wal = Wal.open(dir, { fsync: false });
    expect(wal.insertLsn).toBe(ends[2]);
    expect([...wal.read(0 as Lsn)]).toHaveLength(3);
    wal.close();
  });

  it('with fsync, keeps segments preallocated: garbage is zeroed, not cut, and new records follow', async () => {
    const dir = tempDir();
    const size = 64 * 1024;
    const first = Wal.open(dir, { fsync: true, segmentSize: size });
    const ends = [1, 2, 3].map((n) => first.append({ kind: 'next-oid', nextOid: n * 1000 }, xid(n)));
    await first.flush();
    first.close();
    expect(statSync(segmentPath(dir)).size).toBe(size);
    // A torn third record: its last bytes never reached the disk, junk did further on.
    const bytes = readFileSync(segmentPath(dir));
    bytes.fill(0, ends[2]! - 3, ends[2]!);
    bytes.fill(0x5a, ends[2]! + 100, ends[2]! + 200);
    writeFileSync(segmentPath(dir), bytes);
    const wal = Wal.open(dir, { fsync: true, segmentSize: size });
    expect(wal.insertLsn).toBe(ends[1]);
    const after = readFileSync(segmentPath(dir));
    expect(after.length).toBe(size);
    expect(after.subarray(ends[1]!).every((b) => b === 0)).toBe(true);
    wal.append({ kind: 'next-oid', nextOid: 4000 }, xid(4));
    await wal.flush();
    expect(plain(wal.read(0 as Lsn)).map((r) => r.nextOid)).toEqual([1000, 2000, 4000]);
    wal.close();
  });
  it('takes records larger than its buffer, between small ones, across write-behind', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false });
    const sizes = [100, 3 * 1024 * 1024, 100, 600 * 1024, 700 * 1024, 100];
    const records: WalRecord[] = sizes.map((n, i) => ({
      kind: 'pages',
      changes: [{ file: file(1), page: i, image: false, data: new Uint8Array(n).fill(i + 1) }],
    }));
    for (const [i, r] of records.entries()) wal.append(r, xid(i + 1));
    await wal.flush();
    wal.close();
    const again = Wal.open(dir, { fsync: false });
    const read = [...again.read(0 as Lsn)].map((e) => e.record);
    expect(read.map((r) => (r.kind === 'pages' ? r.changes[0]!.data.length : -1))).toEqual(sizes);
    expect(read.map((r) => (r.kind === 'pages' ? r.changes[0]!.data.every((b) => b === r.changes[0]!.page + 1) : false))).toEqual(sizes.map(() => true));
    again.close();
  });
});

describe('Wal segments', () => {
  /** Records of many sizes, so the writer meets every way of ending a segment. */
  function appendVaried(wal: Wal, count: number): WalRecord[] {
    const records: WalRecord[] = [];
    for (let i = 0; i < count; i++) {
      const data = new Uint8Array((i * 37) % 500).fill(i & 0xff);
      const r: WalRecord = { kind: 'pages', changes: [{ file: file(1), page: i, image: false, data }] };
      wal.append(r, xid(i));
      records.push(r);
    }
    return records;
  }

  it('rolls over to new segments, never splitting a record, and reads across them', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false, segmentSize: 4096 });
    const records = appendVaried(wal, 200);
    expect(plain(wal.read(0 as Lsn))).toEqual(plain(records));
    await wal.flush();
    const files = readdirSync(join(dir, 'wal')).sort();
    expect(files.length).toBeGreaterThan(10);
    expect(files[1]).toBe(segmentFileName(4096));
    for (const e of wal.read(0 as Lsn)) expect(Math.floor(e.lsn / 4096)).toBe(Math.floor((e.end - 1) / 4096));
    // Both ways of ending a segment occurred: a switch record, and a tail too short for one.
    let switches = 0;
    let gaps = 0;
    let prevEnd = 0;
    for (const r of walkRecords(wal, 0, wal.insertLsn)) {
      if (r.kind === RecordKind.Switch) switches++;
      else if (Math.floor(r.lsn / 4096) !== Math.floor(prevEnd / 4096) && prevEnd % 4096 !== 0) gaps++;
      prevEnd = r.end;
    }
    expect(switches).toBeGreaterThan(0);
    expect(gaps).toBeGreaterThan(0);
    wal.close();

    const again = Wal.open(dir, { fsync: false, segmentSize: 1 << 20 });
    expect(again.segmentSize).toBe(4096);
    expect(plain(again.read(0 as Lsn))).toEqual(plain(records));
    const more = appendVaried(again, 50);
    expect(plain(again.read(0 as Lsn))).toEqual(plain([...records, ...more]));
    again.close();
  });

  it('removes old segments and refuses to read from them', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false, segmentSize: 4096 });
    appendVaried(wal, 100);
    await wal.flush();
    const entries = [...wal.read(0 as Lsn)];
    const mid = entries[60]!.lsn;
    wal.removeSegmentsBefore(mid);
    const first = Number.parseInt(readdirSync(join(dir, 'wal')).sort()[0]!, 16);
    expect(first).toBe(mid - (mid % 4096));
    expect(() => [...wal.read(0 as Lsn)]).toThrowError(expect.objectContaining({ code: '58P01' }));
    expect([...wal.read(mid)].map((e) => e.lsn)).toEqual(entries.slice(60).map((e) => e.lsn));
    wal.close();
    // Reopening starts from the first remaining segment.
    const again = Wal.open(dir, { fsync: false });
    expect(again.insertLsn).toBe(entries.at(-1)!.end);
    again.close();
  });

  it('keeps the segment of the last record when the log ends exactly at a segment boundary', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false, segmentSize: 4096 });
    const pages = (n: number): WalRecord => ({
      kind: 'pages',
      changes: [{ file: file(1), page: 0, image: false, data: new Uint8Array(n) }],
    });
    const overhead = wal.append(pages(300)) - SEGMENT_HEADER_SIZE - 300;
    const end = wal.append(pages(4096 - wal.insertLsn - overhead));
    expect(end).toBe(4096);
    await wal.flush();
    wal.removeSegmentsBefore(end);
    expect(readdirSync(join(dir, 'wal'))).toEqual([segmentFileName(0)]);
    wal.close();
    const again = Wal.open(dir, { fsync: false });
    expect(again.insertLsn).toBe(4096);
    const next = again.append({ kind: 'abort', xid: xid(3) });
    expect([...again.read(4096 as Lsn)].map((e) => [e.lsn, e.end])).toEqual([
      [4096 + SEGMENT_HEADER_SIZE, next],
    ]);
    again.close();
  });

  it('ends the log in the previous segment when the last segment file is lost', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: false, segmentSize: 4096 });
    appendVaried(wal, 40);
    await wal.flush();
    const entries = [...wal.read(0 as Lsn)];
    wal.close();
    const files = readdirSync(join(dir, 'wal')).sort();
    const lastStart = Number.parseInt(files.at(-1)!, 16);
    unlinkSync(join(dir, 'wal', files.at(-1)!));
    const again = Wal.open(dir, { fsync: false });
    const kept = entries.filter((e) => e.end <= lastStart);
    expect([...again.read(0 as Lsn)].map((e) => e.lsn)).toEqual(kept.map((e) => e.lsn));
    const next = appendVaried(again, 5);
    await again.flush();
    expect(plain([...again.read(0 as Lsn)].slice(kept.length))).toEqual(plain(next));
    again.close();
  });
});
