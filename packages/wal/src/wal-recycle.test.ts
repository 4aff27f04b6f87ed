import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c, type FileId, type Lsn, type TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEnvelope, ENVELOPE_SIZE, writeEnvelope } from './record-envelope.js';
import { Wal } from './wal.js';
import { RecordKind, type WalRecord } from './wal-record.js';
import {
  LEGACY_SEGMENT_MAGIC,
  listSegments,
  readSegmentHeader,
  SEGMENT_HEADER_SIZE,
  segmentFileName,
  segmentRecordSeed,
  writeSegmentHeader,
} from './wal-segment.js';

const SEG = 4096;
const dirs: string[] = [];
const wals: Wal[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-walrecycle-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const w of wals.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function open(dir: string, fsync = true): Wal {
  const wal = Wal.open(dir, { fsync, segmentSize: SEG });
  wals.push(wal);
  return wal;
}

/** A page-change record of a fixed size, so records line up at the same offsets in every segment. */
const rec = (n: number): WalRecord => ({
  kind: 'pages',
  changes: [{ file: 1 as FileId, page: n, image: false, data: new Uint8Array(200).fill(n & 0xff) }],
});
const lsns = (wal: Wal, from: number) => [...wal.read(from as Lsn)].map((e) => [e.lsn, e.end, e.xid]);

describe('WAL segment recycling (fsync on)', () => {
  it('renames retired segments ahead of the log; a crash in a recycled segment replays no stale record', async () => {
    const dir = tempDir();
    const wal = open(dir);
    let n = 0;
    while (wal.insertLsn < 5 * SEG + 100) wal.append(rec(n), n++ as TxnId);
    await wal.flush();
    const redo = wal.insertLsn;
    const before = listSegments(join(dir, 'wal'));
    expect(before).toEqual([0, SEG, 2 * SEG, 3 * SEG, 4 * SEG, 5 * SEG]);
    wal.removeSegmentsBefore(redo);
    // Segments 0..4 retire: three are recycled as 6..8 (RECYCLE_AHEAD), the other two deleted.
    const after = listSegments(join(dir, 'wal'));
    expect(after).toEqual([5 * SEG, 6 * SEG, 7 * SEG, 8 * SEG]);
    const recycled = readFileSync(join(dir, 'wal', segmentFileName(6 * SEG)));
    expect(recycled.length).toBe(SEG);
    const oldStart = readSegmentHeader(recycled)!.start;
    expect(oldStart).toBeLessThan(4 * SEG); // still its old header: the reader rejects it for now

    // Into the recycled segment 6 * SEG, a few records, ending where the old life had a record.
    while (wal.insertLsn < 6 * SEG + 3 * 300) wal.append(rec(n), n++ as TxnId);
    await wal.flush();
    const end = wal.insertLsn;
    const bytes = readFileSync(join(dir, 'wal', segmentFileName(6 * SEG)));
    const stale = checkEnvelope(bytes, end - 6 * SEG, segmentRecordSeed(oldStart, SEG));
    expect(stale).toBeGreaterThan(0); // a whole record of the file's previous life follows the log's end
    expect(checkEnvelope(bytes, end - 6 * SEG, segmentRecordSeed(6 * SEG, SEG))).toBe(0);
    const expected = lsns(wal, redo);

    // kill -9 now: everything written is in the files; a new process opens the directory.
    const again = open(dir);
    expect(again.insertLsn).toBe(end);
    expect(lsns(again, redo)).toEqual(expected);
    // The log goes on from there, and a reopen finds exactly the new records.
    const next = again.append(rec(9999), 9999 as TxnId);
    await again.flush();
    const third = open(dir);
    expect(third.insertLsn).toBe(next);
    expect(lsns(third, redo)).toEqual([...expected, [end, next, 9999]]);
  });

  it('moves into a recycled segment without zero-filling it, and a reopen before that ignores it', async () => {
    const dir = tempDir();
    const wal = open(dir);
    let n = 0;
    while (wal.insertLsn < 2 * SEG + 100) wal.append(rec(n), n++ as TxnId);
    await wal.flush();
    const redo = wal.insertLsn;
    wal.removeSegmentsBefore(redo);
    expect(listSegments(join(dir, 'wal'))).toEqual([2 * SEG, 3 * SEG, 4 * SEG]);
    // Crash before the log reaches them: the recycled files are not part of the log.
    const again = open(dir);
    expect(again.insertLsn).toBe(redo);
    expect(listSegments(join(dir, 'wal'))).toEqual([2 * SEG]);
    const expected = lsns(again, redo);
    // Recycle again and fill past them: the old bytes of each file are overwritten in place.
    while (again.insertLsn < 6 * SEG + 100) again.append(rec(n), n++ as TxnId);
    await again.flush();
    const all = lsns(again, redo);
    expect(all.slice(0, expected.length)).toEqual(expected);
    const reopened = open(dir);
    expect(lsns(reopened, redo)).toEqual(all);
  });

  it('a background preparation that finishes after its segment was written and retired is discarded', async () => {
    const dir = tempDir();
    const wal = open(dir);
    let n = 0;
    // Past the middle of segment 0: the preparation of segment SEG starts (asynchronously).
    while (wal.insertLsn < SEG / 2 + 300) wal.append(rec(n), n++ as TxnId);
    // Synchronously, before it can finish: the log goes through SEG and on, and a checkpoint-like
    // retirement removes SEG again.
    while (wal.insertLsn < 3 * SEG + 100) wal.append(rec(n), n++ as TxnId);
    wal.flushSync(wal.insertLsn);
    wal.removeSegmentsBefore(wal.insertLsn);
    expect(listSegments(join(dir, 'wal'))).not.toContain(SEG);
    await wal.settlePreallocation();
    // No zero-filled file reappeared below the log, so the log still opens.
    expect(listSegments(join(dir, 'wal')).every((s) => s >= 3 * SEG)).toBe(true);
    const end = wal.insertLsn;
    expect(open(dir).insertLsn).toBe(end);
  });

  it('keeps deleting, not recycling, with fsync off', async () => {
    const dir = tempDir();
    const wal = open(dir, false);
    let n = 0;
    while (wal.insertLsn < 3 * SEG + 100) wal.append(rec(n), n++ as TxnId);
    await wal.flush();
    wal.removeSegmentsBefore(wal.insertLsn);
    expect(listSegments(join(dir, 'wal'))).toEqual([3 * SEG]);
  });
});

describe('legacy segments (records not seeded)', () => {
  it('reads a legacy segment, continues it unseeded and starts the next segment seeded', async () => {
    const dir = tempDir();
    // A log as written before record seeds: "RWAL" header, record CRCs from 0.
    const seg0 = new Uint8Array(SEG);
    writeSegmentHeader(seg0, 0, 0, SEG);
    new DataView(seg0.buffer).setUint32(0, LEGACY_SEGMENT_MAGIC, true);
    new DataView(seg0.buffer).setUint32(16, crc32c(seg0, 0, 0, 16), true);
    let p = SEGMENT_HEADER_SIZE;
    for (const nextOid of [1, 2]) {
      seg0[p + ENVELOPE_SIZE] = 0x91; // msgpack [nextOid]
      seg0[p + ENVELOPE_SIZE + 1] = nextOid;
      writeEnvelope(seg0, p, ENVELOPE_SIZE + 2, 0, RecordKind.NextOid);
      p += ENVELOPE_SIZE + 2;
    }
    mkdirSync(join(dir, 'wal'));
    const fd = openSync(join(dir, 'wal', segmentFileName(0)), 'w');
    writeSync(fd, seg0);
    closeSync(fd);

    const wal = open(dir);
    expect(wal.insertLsn).toBe(p);
    expect([...wal.read(0 as Lsn)].map((e) => e.record)).toEqual([
      { kind: 'next-oid', nextOid: 1 },
      { kind: 'next-oid', nextOid: 2 },
    ]);
    let n = 0;
    while (wal.insertLsn < SEG + 500) wal.append(rec(n), n++ as TxnId);
    await wal.flush();
    const records = [...wal.read(0 as Lsn)].length;
    const reopened = open(dir);
    expect([...reopened.read(0 as Lsn)].length).toBe(records);
    expect(readSegmentHeader(readFileSync(join(dir, 'wal', segmentFileName(0))))!.recordSeed).toBe(0);
    expect(readSegmentHeader(readFileSync(join(dir, 'wal', segmentFileName(SEG))))!.recordSeed).toBe(
      segmentRecordSeed(SEG, SEG),
    );
    expect(readdirSync(join(dir, 'wal')).length).toBeGreaterThanOrEqual(2);
  });
});
