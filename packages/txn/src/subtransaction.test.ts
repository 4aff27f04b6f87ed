import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandId, INVALID_TXN_ID, type Lsn, type TxnId } from '@rustydb/common';
import { Wal, type WalRecord } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { twoPhaseDir } from './two-phase-state.js';
import { TxnManager } from './txn-manager.js';
import type { VersionHeader } from './visibility.js';

const dirs: string[] = [];
const wals: Wal[] = [];
afterEach(() => {
  for (const w of wals.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-subxact-'));
  dirs.push(dir);
  return dir;
}
function open(dir: string): { wal: Wal; mgr: TxnManager } {
  const wal = Wal.open(dir, { fsync: false });
  wals.push(wal);
  return { wal, mgr: TxnManager.open(dir, wal) };
}
/** A restart: a new manager over the same directory replays the whole WAL, as engine recovery does. */
function reopen(dir: string, old: Wal): TxnManager {
  old.close();
  wals.splice(wals.indexOf(old), 1);
  const { wal, mgr } = open(dir);
  for (const { xid, record } of wal.read(0 as Lsn)) mgr.redo(record, xid);
  mgr.finishRecovery();
  return mgr;
}
const records = (wal: Wal): WalRecord[] => [...wal.read(0 as Lsn)].map((e) => e.record);

const NONE = INVALID_TXN_ID;
const version = (xmin: TxnId, cmin: number, xmax: TxnId = NONE, cmax = 0): VersionHeader => ({
  xmin,
  cmin: cmin as CommandId,
  xmax,
  cmax: cmax as CommandId,
});

describe('sub-xids', () => {
  it('are assigned lazily, parents first, above the top-level xid', () => {
    const { mgr } = open(tempDir());
    const t = mgr.begin();
    t.beginSubtransaction();
    t.beginSubtransaction();
    expect(t.xid).toBe(NONE);
    const inner = t.assignXid();
    expect(t.xid).not.toBe(NONE);
    expect(t.subxids).toHaveLength(2);
    expect(t.subxids[1]).toBe(inner);
    expect(t.subxids[0]! > t.xid && inner > t.subxids[0]!).toBe(true);
    expect(t.assignXid()).toBe(inner);
    expect(mgr.topXidOf(inner)).toBe(t.xid);
    expect(t.isOwnXid(inner) && t.isOwnXid(t.xid)).toBe(true);
  });

  it('visibility matrix: own, rolled back, released, and another transaction’s', () => {
    const { mgr } = open(tempDir());
    const base = mgr.begin();
    const committedXid = base.assignXid();
    return base.commit().then(() => {
      const t = mgr.begin();
      t.startStatement();
      const top = t.assignXid();
      t.beginSubtransaction();
      const sub = t.assignXid();
      const inserted = version(sub, 0);
      const deletedBySub = version(committedXid, 0, sub, 0);
      const ownTopDeletedBySub = version(top, 0, sub, 0);
      t.nextCommand();
      expect(t.isVisible(inserted)).toBe(true);
      expect(t.isVisible(deletedBySub)).toBe(false);
      expect(t.isVisible(ownTopDeletedBySub)).toBe(false);
      expect(t.uniqueCheck(inserted)).toBe('live');
      expect(t.uniqueCheck(deletedBySub)).toBe('dead');

      // Another transaction: the sub-xid is running (in its xip), its row invisible, its key held.
      const other = mgr.begin();
      other.startStatement();
      expect(other.snapshot.xip.has(sub)).toBe(true);
      expect(other.snapshot.xip.has(top)).toBe(true);
      expect(other.isVisible(inserted)).toBe(false);
      expect(other.isVisible(deletedBySub)).toBe(true);
      expect(other.uniqueCheck(inserted)).toBe(sub);
      expect(other.uniqueCheck(deletedBySub)).toBe(sub);
      // Its own snapshot does not list its own xids.
      expect(t.snapshot.xip.has(sub)).toBe(false);

      // ROLLBACK TO: the sub-xid is aborted, for everyone.
      t.rollbackSubtransactions(1);
      expect(mgr.status(sub)).toBe('aborted');
      expect(t.isOwnXid(sub)).toBe(false);
      expect(mgr.topXidOf(sub)).toBe(sub);
      expect(t.isVisible(inserted)).toBe(false);
      expect(t.isVisible(deletedBySub)).toBe(true);
      expect(t.isVisible(ownTopDeletedBySub)).toBe(true);
      expect(t.uniqueCheck(inserted)).toBe('dead');
      expect(t.uniqueCheck(deletedBySub)).toBe('live');
      expect(other.uniqueCheck(inserted)).toBe('dead');
      expect(other.uniqueCheck(deletedBySub)).toBe('live');
      // The level stays open and gets a new sub-xid at its next write.
      expect(t.subtransactionDepth).toBe(1);
      const again = t.assignXid();
      expect(again).not.toBe(sub);
      t.releaseSubtransactions(1);
      expect(t.isOwnXid(again)).toBe(true);
      expect(t.assignXid()).toBe(top);
      // The vacuum horizon is held by the top-level xid.
      expect(mgr.oldestXmin()).toBeLessThanOrEqual(top);
      other.abort();
      t.abort();
    });
  });

  it('commit: one record lists the live sub-xids; they commit atomically with the xid', async () => {
    const { wal, mgr } = open(tempDir());
    const t = mgr.begin();
    const top = t.assignXid();
    t.beginSubtransaction();
    const kept = t.assignXid();
    t.beginSubtransaction();
    const dropped = t.assignXid();
    t.rollbackSubtransactions(2);
    t.releaseSubtransactions(1);
    const waited = mgr.waitFor(kept);
    mgr.begin().assignXid(); // another writer: the commit flushes asynchronously (Wal.flushCommit)
    const pending = t.commit();
    expect(mgr.status(kept)).toBe('in-progress');
    await pending;
    await waited;
    expect([mgr.status(top), mgr.status(kept), mgr.status(dropped)]).toEqual([
      'committed',
      'committed',
      'aborted',
    ]);
    expect(records(wal)).toEqual([
      { kind: 'abort', xid: dropped },
      { kind: 'commit', xid: top, time: expect.any(Number), subxids: [kept] },
    ]);
  });

  it('recovery: replayed sub-xids take their transaction’s fate; an unfinished one is aborted', async () => {
    const dir = tempDir();
    const { wal, mgr } = open(dir);
    const t = mgr.begin();
    const top = t.assignXid();
    t.beginSubtransaction();
    const sub = t.assignXid();
    t.beginSubtransaction();
    const rolled = t.assignXid();
    t.rollbackSubtransactions(2);
    await t.commit();
    const u = mgr.begin();
    u.beginSubtransaction();
    const lostSub = u.assignXid();
    const lostTop = u.xid;
    // Its write reached the WAL (a page change would carry its xid the same way), not its commit.
    wal.append({ kind: 'next-oid', nextOid: 1 }, lostSub);
    await wal.flush();
    const after = reopen(dir, wal);
    expect([after.status(top), after.status(sub), after.status(rolled)]).toEqual([
      'committed',
      'committed',
      'aborted',
    ]);
    expect([after.status(lostTop), after.status(lostSub)]).toEqual(['aborted', 'aborted']);
    expect(after.nextXid).toBeGreaterThan(lostSub);
  });
});

describe('prepared transactions', () => {
  it('stay in progress, survive a restart (WAL and state file) and commit with their sub-xids', async () => {
    const dir = tempDir();
    const { wal, mgr } = open(dir);
    const t = mgr.begin();
    const top = t.assignXid();
    t.beginSubtransaction();
    const sub = t.assignXid();
    await t.prepare('g', { owner: 'o', database: 'd' });
    expect(t.state).toBe('prepared');
    expect(mgr.activeTransactions()).toBe(0);
    expect(mgr.status(top)).toBe('in-progress');
    expect(mgr.begin().snapshot.xip.has(sub)).toBe(true);
    expect(mgr.oldestXmin()).toBe(top);
    expect(existsSync(twoPhaseDir(dir))).toBe(true);
    const again = mgr.begin();
    again.assignXid();
    await expect(again.prepare('g', { owner: 'o', database: 'd' })).rejects.toMatchObject({ code: '42710' });
    again.abort();

    const after = reopen(dir, wal);
    expect(after.preparedTransactions().map((p) => [p.gid, p.xid, p.subxids, p.owner])).toEqual([
      ['g', top, [sub], 'o'],
    ]);
    expect([after.status(top), after.status(sub)]).toEqual(['in-progress', 'in-progress']);
    expect(after.topXidOf(sub)).toBe(top);
    const observer = after.begin();
    expect(observer.snapshot.xip.has(top) && observer.snapshot.xip.has(sub)).toBe(true);
    observer.abort();
    await expect(after.finishPrepared('nope', true)).rejects.toMatchObject({ code: '42704' });
    expect(await after.finishPrepared('g', true)).toBe(top);
    expect([after.status(top), after.status(sub)]).toEqual(['committed', 'committed']);
    expect(readdirSync(twoPhaseDir(dir))).toEqual([]);
    expect(after.preparedTransactions()).toEqual([]);
  });

  it('come back from the state file alone once a checkpoint passed the prepare record', async () => {
    const dir = tempDir();
    const { wal, mgr } = open(dir);
    const t = mgr.begin();
    const top = t.assignXid();
    await t.prepare('cp', { owner: 'o', database: 'd' });
    mgr.checkpoint();
    wal.close();
    wals.splice(wals.indexOf(wal), 1);
    // A new WAL directory: nothing to replay, only the commit log and the state file remain.
    const fresh = TxnManager.open(dir, open(tempDir()).wal);
    fresh.finishRecovery();
    expect(fresh.preparedTransactions().map((p) => p.gid)).toEqual(['cp']);
    expect(fresh.status(top)).toBe('in-progress');
    expect(await fresh.finishPrepared('cp', false)).toBe(top);
    expect(fresh.status(top)).toBe('aborted');
  });
});
