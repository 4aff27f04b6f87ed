import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lsn, TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { Wal } from './wal.js';
import { segmentFileName } from './wal-segment.js';

const SEGMENT = 64 * 1024;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-prealloc-'));
  dirs.push(dir);
  return dir;
}

const record = (i: number) => ({ kind: 'commit', xid: i as TxnId, time: i }) as const;

describe('WAL segment preallocation (fsync on)', () => {
  it('zero-fills the next segment in the background once the log is past the middle', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { segmentSize: SEGMENT });
    const next = join(dir, 'wal', segmentFileName(SEGMENT));
    let i = 0;
    while (wal.insertLsn < SEGMENT / 2 - 64) wal.append(record(i++));
    await wal.settlePreallocation();
    expect(existsSync(next)).toBe(false);
    while (wal.insertLsn <= SEGMENT / 2) wal.append(record(i++));
    await wal.settlePreallocation();
    const bytes = readFileSync(next);
    expect(bytes.length).toBe(SEGMENT);
    expect(bytes.every((b) => b === 0)).toBe(true);
    expect(readdirSync(join(dir, 'wal')).some((n) => n.endsWith('.prep'))).toBe(false);
    // The log crosses into the prepared segment and reads back whole, also after a reopen.
    while (wal.insertLsn < SEGMENT + 1000) wal.append(record(i++));
    await wal.flush();
    expect([...wal.read(0 as Lsn)]).toHaveLength(i);
    wal.close();
    const again = Wal.open(dir, { segmentSize: SEGMENT });
    expect([...again.read(0 as Lsn)]).toHaveLength(i);
    again.close();
  });

  it('lets a sole committer take the asynchronous flush while the next segment is being prepared', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { segmentSize: SEGMENT });
    let i = 0;
    while (wal.insertLsn < SEGMENT / 2 - 64) wal.append(record(i++));
    await wal.settlePreallocation();
    // No preparation running: the sole writer's commit flushes synchronously.
    expect(wal.flushCommit(wal.append(record(i++)), false)).toBeUndefined();
    while (wal.insertLsn <= SEGMENT / 2) wal.append(record(i++));
    // The preparation started: commits go through the pool, so the event loop turns for it.
    const pending = wal.flushCommit(wal.append(record(i++)), false);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    await wal.settlePreallocation();
    expect(wal.flushCommit(wal.append(record(i++)), false)).toBeUndefined();
    expect(readFileSync(join(dir, 'wal', segmentFileName(SEGMENT))).length).toBe(SEGMENT);
    wal.close();
  });

  it('ignores and removes a stale .prep file, and never lets a prepared empty segment end the log early', async () => {
    const dir = tempDir();
    let wal = Wal.open(dir, { segmentSize: SEGMENT });
    let i = 0;
    while (wal.insertLsn <= SEGMENT / 2) wal.append(record(i++));
    await wal.flush();
    await wal.settlePreallocation();
    wal.close();
    const stale = join(dir, 'wal', `${segmentFileName(2 * SEGMENT)}.prep`);
    writeFileSync(stale, new Uint8Array(100).fill(7));
    // Reopening: the prepared (all-zero) next segment holds no records; the log ends in segment 0.
    wal = Wal.open(dir, { segmentSize: SEGMENT });
    expect(existsSync(stale)).toBe(false);
    expect([...wal.read(0 as Lsn)]).toHaveLength(i);
    wal.append(record(i++));
    await wal.flush();
    expect([...wal.read(0 as Lsn)]).toHaveLength(i);
    wal.close();
  });

  it('a preparation still running at close discards its file', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { segmentSize: SEGMENT });
    let i = 0;
    while (wal.insertLsn <= SEGMENT / 2) wal.append(record(i++));
    await wal.flush();
    wal.close();
    await wal.settlePreallocation();
    const names = readdirSync(join(dir, 'wal'));
    expect(names.some((n) => n.endsWith('.prep'))).toBe(false);
  });
});
