import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbError, fileId, PAGE_SIZE } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskManager, pageChecksum } from './disk-manager.js';

const F = fileId(16384);

function pageWith(marker: number): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  page[0] = 1; // LSN byte, covered by the checksum too
  page[20] = marker;
  page[PAGE_SIZE - 1] = marker;
  return page;
}

function expectInvalid(fn: () => void, block: number): void {
  try {
    fn();
    expect.unreachable('the corrupted page was accepted');
  } catch (err) {
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('XX001');
    expect((err as DbError).message).toBe(`invalid page in block ${block} of relation base/${F}`);
  }
}

/** Overwrites bytes of a relation file behind the manager's back. */
function scribble(path: string, position: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, position);
  closeSync(fd);
}

describe('DiskManager', () => {
  let dir: string;
  let disk: DiskManager;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rustydb-disk-'));
    disk = new DiskManager(join(dir, 'base'), { fsync: true });
  });
  afterEach(() => {
    disk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes pages at n * PAGE_SIZE with their CRC32C in bytes 8..12 and reads them back', () => {
    disk.writePage(F, 2, pageWith(7));
    expect(disk.pageCount(F)).toBe(3);
    const bytes = readFileSync(disk.pathOf(F));
    expect(bytes.length).toBe(3 * PAGE_SIZE);
    expect(bytes[2 * PAGE_SIZE + 20]).toBe(7);
    const into = new Uint8Array(PAGE_SIZE);
    disk.readPage(F, 2, into);
    expect(into[20]).toBe(7);
    expect(new DataView(into.buffer).getUint32(8, true)).toBe(pageChecksum(into));
    expect(pageChecksum(into)).not.toBe(0);
  });

  it('sets the checksum in the caller buffer, computed with the checksum bytes as zero', () => {
    const page = pageWith(1);
    page.set([0xde, 0xad, 0xbe, 0xef], 8);
    disk.writePage(F, 0, page);
    const zeroed = page.slice();
    zeroed.fill(0, 8, 12);
    expect(pageChecksum(page)).toBe(pageChecksum(zeroed));
    expect(new DataView(page.buffer).getUint32(8, true)).toBe(pageChecksum(zeroed));
  });

  it('reads zeros past the end, for a missing file and for holes, which are valid', () => {
    const into = new Uint8Array(PAGE_SIZE).fill(9);
    disk.readPage(fileId(1), 0, into);
    expect(into.every((b) => b === 0)).toBe(true);
    expect(disk.pageCount(fileId(1))).toBe(0);
    expect(existsSync(disk.pathOf(fileId(1)))).toBe(false);
    disk.writePage(F, 3, pageWith(1));
    into.fill(9);
    disk.readPage(F, 1, into); // a hole
    expect(into.every((b) => b === 0)).toBe(true);
    into.fill(9);
    disk.readPage(F, 10, into);
    expect(into.every((b) => b === 0)).toBe(true);
  });

  it('detects a flipped byte anywhere in the page (XX001)', () => {
    disk.writePage(F, 0, pageWith(1));
    disk.writePage(F, 1, pageWith(2));
    scribble(disk.pathOf(F), PAGE_SIZE + 5000, Uint8Array.of(0x55));
    const into = new Uint8Array(PAGE_SIZE);
    disk.readPage(F, 0, into);
    expectInvalid(() => disk.readPage(F, 1, into), 1);
  });

  it('detects a torn page: new first half, old second half', () => {
    const old = pageWith(1);
    disk.writePage(F, 0, old);
    const fresh = pageWith(2);
    fresh.fill(3, 100, PAGE_SIZE - 100);
    disk.writePage(F, 1, fresh); // compute a checksum for the new contents...
    const firstHalf = readFileSync(disk.pathOf(F)).subarray(PAGE_SIZE, PAGE_SIZE + PAGE_SIZE / 2);
    scribble(disk.pathOf(F), 0, firstHalf); // ...and tear it onto page 0
    expectInvalid(() => disk.readPage(F, 0, new Uint8Array(PAGE_SIZE)), 0);
  });

  it('detects a short page at the end of the file', () => {
    disk.writePage(F, 0, pageWith(1));
    const half = readFileSync(disk.pathOf(F)).subarray(0, PAGE_SIZE / 2);
    scribble(disk.pathOf(F), PAGE_SIZE, half);
    expect(disk.pageCount(F)).toBe(1);
    expectInvalid(() => disk.readPage(F, 1, new Uint8Array(PAGE_SIZE)), 1);
  });

  it('creates, truncates and drops files', () => {
    disk.createFile(F);
    expect(existsSync(disk.pathOf(F))).toBe(true);
    expect(disk.pageCount(F)).toBe(0);
    disk.createFile(F); // no-op
    for (let p = 0; p < 4; p++) disk.writePage(F, p, pageWith(p));
    disk.truncateFile(F, 1);
    expect(disk.pageCount(F)).toBe(1);
    expect(statSync(disk.pathOf(F)).size).toBe(PAGE_SIZE);
    disk.syncAll();
    disk.dropFile(F);
    expect(existsSync(disk.pathOf(F))).toBe(false);
    expect(disk.pageCount(F)).toBe(0);
    disk.dropFile(F); // no-op
    disk.syncAll();
  });

  it('keeps working after close (descriptors reopen) and sees pages written before', () => {
    disk.writePage(F, 0, pageWith(5));
    disk.syncAll();
    disk.close();
    const again = new DiskManager(join(dir, 'base'));
    const into = new Uint8Array(PAGE_SIZE);
    again.readPage(F, 0, into);
    expect(into[20]).toBe(5);
    again.close();
    disk.readPage(F, 0, into);
    expect(into[PAGE_SIZE - 1]).toBe(5);
  });
});
