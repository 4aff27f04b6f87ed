import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileId, type Lsn, silentLogger, type TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectWalWriter, probeDirectWrites } from './direct-write.js';
import { Wal } from './wal.js';
import type { WalRecord } from './wal-record.js';
import { segmentFileName } from './wal-segment.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-direct-'));
  dirs.push(dir);
  return dir;
}
const fdsToClose: number[] = [];
afterEach(() => {
  for (const fd of fdsToClose.splice(0)) closeSync(fd);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// The temporary directory must be on a filesystem with O_DIRECT (ext4 here; not tmpfs).
const support = probeDirectWrites(tempDir(), silentLogger());

describe('probeDirectWrites', () => {
  it('finds an aligned staging buffer and the block size, and leaves no file behind', () => {
    const dir = tempDir();
    const found = probeDirectWrites(dir, silentLogger());
    expect(found?.block === 512 || found?.block === 4096).toBe(true);
    expect(found?.stage.length).toBe(1 << 20);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports O_DIRECT unavailable where the directory cannot be opened that way', () => {
    expect(probeDirectWrites(join(tempDir(), 'missing'), silentLogger())).toBeUndefined();
  });
});

describe('Wal write path', () => {
  it('writes directly with fsync on, buffered when told so or with fsync off', () => {
    const on = Wal.open(tempDir(), { fsync: true, segmentSize: 64 * 1024 });
    const off = Wal.open(tempDir(), { fsync: true, segmentSize: 64 * 1024, directWrites: false });
    const noSync = Wal.open(tempDir(), { fsync: false });
    expect([on.writesDirect, off.writesDirect, noSync.writesDirect]).toEqual([true, false, false]);
    for (const w of [on, off, noSync]) w.close();
  });
});

describe.runIf(support !== undefined)('DirectWalWriter', () => {
  const SEG = 8192;
  /** Two zero-filled segment files and a writer over them; `model` mirrors what they must hold. */
  function setUp() {
    const dir = tempDir();
    const path = (seg: number) => join(dir, segmentFileName(seg));
    for (const seg of [0, SEG]) writeFileSync(path(seg), new Uint8Array(SEG));
    const writer = new DirectWalWriter(support!, path);
    // Ordinary descriptors: the writer reads a page's earlier bytes through them.
    const fds = [openSync(path(0), 'r+'), openSync(path(SEG), 'r+')];
    fdsToClose.push(...fds);
    const model = new Uint8Array(2 * SEG);
    let fill = 1;
    /** Writes `n` fresh bytes at `lsn` through the writer and into the model. */
    const put = (lsn: number, n: number, w = writer) => {
      const bytes = new Uint8Array(n).map((_, i) => ((fill + i) % 255) + 1);
      fill += n;
      const seg = lsn - (lsn % SEG);
      w.write(seg, fds[seg / SEG]!, lsn, bytes, 0, n);
      model.set(bytes, lsn);
    };
    const disk = () => new Uint8Array([...readFileSync(path(0)), ...readFileSync(path(SEG))]);
    return { path, writer, model, put, disk };
  }
  const block = support?.block ?? 512;

  it('writes 1 byte, then more bytes into the same sector, keeping the earlier ones', () => {
    const { writer, model, put, disk } = setUp();
    put(24, 1);
    put(25, 1);
    put(26, 100);
    expect(disk()).toEqual(model);
    writer.close();
  });

  it('writes exactly one block from a sector start, then continues in the next sector', () => {
    const { writer, model, put, disk } = setUp();
    put(block, block);
    put(2 * block, 3);
    expect(disk()).toEqual(model);
    writer.close();
  });

  it('crosses sector boundaries and rewrites the partial sector with its earlier bytes intact', () => {
    const { writer, model, put, disk } = setUp();
    put(24, block - 10); // ends 14 bytes into sector 1
    put(block + 14, 2 * block + 5); // from inside sector 1 to inside sector 3
    put(3 * block + 19, 1);
    expect(disk()).toEqual(model);
    writer.close();
  });

  it('zeroes the rest of the last sector (no stale staging bytes reach the disk)', () => {
    const { writer, model, put, disk } = setUp();
    put(0, block + 100); // leaves earlier bytes in the staging buffer past the kept tail
    put(block + 100, 1);
    expect(
      disk()
        .subarray(block + 101, 2 * block)
        .every((b) => b === 0),
    ).toBe(true);
    expect(disk()).toEqual(model);
    writer.close();
  });

  it('hands over to a buffered write with whole pages: earlier bytes, new ones, zeros to the page end', () => {
    const { writer, model, put, disk, path } = setUp();
    put(24, 700);
    const fd = openSync(path(0), 'r+');
    const bytes = new Uint8Array(100).fill(7);
    expect(writer.writeThrough(fd, 0, 724, bytes, 0, 100)).toBe(true);
    model.set(bytes, 724);
    expect(disk()).toEqual(model);
    // Only where the last direct write ended; the stage is given up after a hand-over.
    expect(writer.writeThrough(fd, 0, 824, bytes, 0, 1)).toBe(false);
    closeSync(fd);
    writer.close();
  });

  it('moves to the next segment file and reads a page it did not write itself', () => {
    const { writer, model, put, disk, path } = setUp();
    put(SEG - 40, 40); // the end of segment 0
    put(SEG, 30); // the start of segment 1
    writer.close();
    // A new writer (the log reopened) must read the sector's first 30 bytes from the file.
    const again = new DirectWalWriter(support!, path);
    put(SEG + 30, 7, again);
    expect(disk()).toEqual(model);
    again.close();
  });
});

describe.runIf(support !== undefined)('Wal with direct writes', () => {
  const xid = (n: number) => n as TxnId;
  const record = (i: number): WalRecord => ({
    kind: 'pages',
    changes: [{ file: 16384 as FileId, page: i, image: false, data: new Uint8Array((i * 53) % 700).fill(i) }],
  });
  const pages = (wal: Wal) =>
    [...wal.read(0 as Lsn)].map((e) => (e.record.kind === 'pages' ? e.record.changes[0]!.page : -1));

  it('reads back record by record what commits wrote across sectors and segments', () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: true, segmentSize: 4096 });
    expect(wal.writesDirect).toBe(true);
    for (let i = 0; i < 40; i++) {
      const end = wal.append(record(i), xid(i + 3));
      wal.flushSync(end);
      expect(wal.flushedLsn).toBe(end);
    }
    expect(pages(wal)).toEqual([...Array(40).keys()]);
    wal.close();
    const again = Wal.open(dir, { fsync: true, segmentSize: 4096 });
    expect(pages(again)).toEqual([...Array(40).keys()]);
    again.close();
  });

  it('mixes with buffered group-commit rounds: the sector is read back after one', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: true, segmentSize: 64 * 1024 });
    const small = (n: number): WalRecord => ({ kind: 'next-oid', nextOid: n });
    wal.flushSync(wal.append(small(1)));
    await wal.flush(wal.append(small(2))); // pwrite + fdatasync, in the same sector
    wal.flushSync(wal.append(small(3)));
    wal.close();
    const again = Wal.open(dir, { fsync: true, segmentSize: 64 * 1024 });
    expect(
      [...again.read(0 as Lsn)].map((e) => (e.record.kind === 'next-oid' ? e.record.nextOid : -1)),
    ).toEqual([1, 2, 3]);
    again.close();
  });

  it('recovers after a crash: flushed records stay, the rest is gone, new records follow them', () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { fsync: true, segmentSize: 4096 });
    for (let i = 0; i < 10; i++) wal.flushSync(wal.append(record(i)));
    wal.append(record(99)); // never flushed
    wal.close(); // the crash: nothing more reaches the disk
    const after = Wal.open(dir, { fsync: true, segmentSize: 4096 });
    expect(pages(after)).toEqual([...Array(10).keys()]);
    // The first direct write after the crash rewrites the end sector from what is on disk.
    for (let i = 10; i < 15; i++) after.flushSync(after.append(record(i)));
    after.close();
    const again = Wal.open(dir, { fsync: true, segmentSize: 4096 });
    expect(pages(again)).toEqual([...Array(15).keys()]);
    again.close();
  });
});
