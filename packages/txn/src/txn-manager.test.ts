import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandId, FIRST_NORMAL_TXN_ID, type FileId, type Lsn, type TxnId } from '@rustydb/common';
import { Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { TxnManager } from './txn-manager.js';

const dirs: string[] = [];
const wals: Wal[] = [];
afterEach(() => {
  for (const w of wals.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-txnmgr-'));
  dirs.push(dir);
  return dir;
}
function openWal(dir: string, fsync = false): Wal {
  const wal = Wal.open(dir, { fsync });
  wals.push(wal);
  return wal;
}

describe('commit', () => {
  it('stays in progress until the commit record is durable', async () => {
    const dir = tempDir();
    const wal = openWal(dir, true);
    const mgr = TxnManager.open(dir, wal);
    // Another writer: the commit takes the asynchronous group-commit path (Wal.flushCommit),
    // so the window between the commit record and its fdatasync is observable.
    mgr.begin().assignXid();
    const t = mgr.begin();
    const xid = t.assignXid();
    const pending = t.commit();
    expect(mgr.status(xid)).toBe('in-progress');
    expect(t.state).toBe('active');
    const observer = mgr.begin();
    expect(observer.snapshot.xip.has(xid)).toBe(true);
    expect(wal.flushedLsn).toBeLessThan(wal.insertLsn);
    await pending;
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    expect(mgr.status(xid)).toBe('committed');
    expect(t.state).toBe('committed');
    expect([...wal.read(0 as Lsn)].map((e) => e.record.kind)).toEqual(['commit']);
  });

  it('group-commits concurrent transactions', async () => {
    const dir = tempDir();
    const wal = openWal(dir, true);
    const mgr = TxnManager.open(dir, wal);
    const txns = Array.from({ length: 10 }, () => mgr.begin());
    for (const t of txns) t.assignXid();
    await Promise.all(txns.map((t) => t.commit()));
    expect(wal.syncCount).toBeLessThanOrEqual(2);
    expect(txns.every((t) => mgr.status(t.xid) === 'committed')).toBe(true);
    expect(mgr.activeTransactions()).toBe(0);
  });

  it('writes nothing for transactions without an xid, and refuses writes when read-only', async () => {
    const dir = tempDir();
    const wal = openWal(dir);
    const mgr = TxnManager.open(dir, wal);
    const reader = mgr.begin({ readOnly: true });
    expect(() => reader.assignXid()).toThrowError(expect.objectContaining({ code: '25006' }));
    await reader.commit();
    mgr.begin().abort();
    expect(wal.insertLsn).toBe(24);
    expect(mgr.activeTransactions()).toBe(0);
    expect(() => reader.abort()).toThrowError(/transaction is committed/);
  });
});

describe('recovery', () => {
  it('replays commit/abort records and envelope xids, then aborts the crashed ones', async () => {
    const dir = tempDir();
    const wal = openWal(dir);
    const mgr = TxnManager.open(dir, wal);
    const [t1, t2, t3, t4] = [mgr.begin(), mgr.begin(), mgr.begin(), mgr.begin()];
    const [x1, x2, x3, x4] = [t1, t2, t3, t4].map((t) => t.assignXid());
    await t1.commit();
    t2.abort();
    wal.append({ kind: 'file-create', file: 16384 as FileId }, x3!); // t3 wrote, then crashed
    await t4.commit();
    const t5 = mgr.begin();
    t5.assignXid(); // assigned, wrote nothing: may be handed out again
    await wal.flush();

    // Crash: a fresh manager with no saved commit log replays the WAL.
    const after = TxnManager.open(tempDir(), wal);
    for (const { record, xid } of wal.read(0 as Lsn)) after.redo(record, xid);
    expect(after.nextXid).toBe(x4! + 1);
    expect(after.status(x3!)).toBe('in-progress');
    after.finishRecovery();
    expect([x1, x2, x3, x4].map((x) => after.status(x!))).toEqual([
      'committed',
      'aborted',
      'aborted',
      'committed',
    ]);
    const next = after.begin();
    expect(next.assignXid()).toBe(x4! + 1);
    expect(after.status(next.xid)).toBe('in-progress');
  });

  it('advances nextXid from a checkpoint record', () => {
    const dir = tempDir();
    const mgr = TxnManager.open(dir, openWal(dir));
    mgr.redo({ kind: 'checkpoint', redo: 24 as Lsn, nextXid: 500 as TxnId, nextOid: 1, time: 0 }, 0 as TxnId);
    expect(mgr.nextXid).toBe(500);
    mgr.redo({ kind: 'next-oid', nextOid: 5 }, 600 as TxnId);
    expect(mgr.nextXid).toBe(601);
  });
});

describe('checkpoint', () => {
  it('persists the commit log across reopen', async () => {
    const dir = tempDir();
    const wal = openWal(dir);
    const mgr = TxnManager.open(dir, wal);
    const [t1, t2, t3] = [mgr.begin(), mgr.begin(), mgr.begin()];
    const [x1, x2, x3] = [t1, t2, t3].map((t) => t.assignXid());
    await t1.commit();
    t2.abort();
    mgr.checkpoint();

    const reopened = TxnManager.open(dir, wal);
    expect(reopened.nextXid).toBe(x3! + 1);
    expect([x1, x2, x3].map((x) => reopened.status(x!))).toEqual(['committed', 'aborted', 'in-progress']);
    reopened.finishRecovery();
    expect(reopened.status(x3!)).toBe('aborted');
  });

  it('saves a commit whose flush is still pending as committed, after making it durable', async () => {
    const dir = tempDir();
    const wal = openWal(dir, true);
    const mgr = TxnManager.open(dir, wal);
    const t = mgr.begin();
    const xid = t.assignXid();
    const pending = t.commit();
    mgr.checkpoint();
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    expect(TxnManager.open(dir, wal).status(xid)).toBe('committed');
    await pending;
  });

  it('detects a corrupt commit log file', () => {
    const dir = tempDir();
    const mgr = TxnManager.open(dir, openWal(dir));
    mgr.begin().assignXid();
    mgr.checkpoint();
    const path = join(dir, 'xact');
    const bytes = readFileSync(path);
    bytes[bytes.length - 1]! ^= 0x04;
    writeFileSync(path, bytes);
    expect(() => TxnManager.open(dir, openWal(dir))).toThrowError(expect.objectContaining({ code: 'XX001' }));
  });
});

describe('oldestXmin and snapshots', () => {
  it('is held back by running xids and snapshots in use', async () => {
    const dir = tempDir();
    const mgr = TxnManager.open(dir, openWal(dir));
    expect(mgr.oldestXmin()).toBe(FIRST_NORMAL_TXN_ID);
    const writer = mgr.begin();
    const w = writer.assignXid();
    const reader = mgr.begin();
    reader.startStatement(); // sees writer running: xmin = w
    expect(reader.snapshot).toEqual({ xmin: w, xmax: w + 1, xip: new Set([w]) });
    const other = mgr.begin();
    const o = other.assignXid();
    await writer.commit();
    expect(mgr.oldestXmin()).toBe(w); // the reader's snapshot still considers w running
    reader.startStatement(); // READ COMMITTED: a fresh snapshot, xmin moves up to o
    expect(mgr.oldestXmin()).toBe(o);
    await reader.commit();
    other.abort();
    expect(mgr.oldestXmin()).toBe(mgr.nextXid);
    expect(mgr.activeTransactions()).toBe(0);
  });

  it('shares one xip among the snapshots taken while the running set stays the same', async () => {
    const dir = tempDir();
    const mgr = TxnManager.open(dir, openWal(dir));
    const a = mgr.begin();
    const x = a.assignXid();
    const b = mgr.begin();
    const y = b.assignXid();
    a.startStatement();
    b.startStatement();
    expect(a.snapshot.xip).toBe(b.snapshot.xip);
    expect(a.snapshot.xip).toEqual(new Set([x, y]));
    // Its own xid in the xip hides nothing from the taker; the other's stays invisible.
    const version = (xmin: TxnId) => ({ xmin, xmax: 0 as TxnId, cmin: 0 as CommandId, cmax: 0 as CommandId });
    expect(a.isVisible(version(x))).toBe(false); // inserted by the current command
    a.nextCommand();
    expect(a.isVisible(version(x))).toBe(true);
    expect(a.isVisible(version(y))).toBe(false);
    expect(a.snapshot.xmin).toBe(y); // the others' smallest running xid, not its own
    // The running set changes: a new xip; the older snapshot keeps its own.
    const before = b.snapshot.xip;
    await a.commit();
    b.startStatement();
    expect(b.snapshot.xip).not.toBe(before);
    expect(before).toEqual(new Set([x, y]));
    expect(b.isVisible(version(x))).toBe(true);
  });

  it('excludes the taker’s own xid from its snapshot', () => {
    const dir = tempDir();
    const mgr = TxnManager.open(dir, openWal(dir));
    const t = mgr.begin();
    const x = t.assignXid();
    t.startStatement();
    expect(t.snapshot.xip.has(x)).toBe(false);
    expect(t.snapshot.xmax).toBe(x + 1);
  });
});
