import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { transactionLockTag } from './lock-tag.js';
import { TxnManager } from './txn-manager.js';

const dirs: string[] = [];
const wals: Wal[] = [];
afterEach(() => {
  for (const w of wals.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function open(fsync: boolean): { wal: Wal; mgr: TxnManager } {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-flushpolicy-'));
  dirs.push(dir);
  const wal = Wal.open(dir, { fsync });
  wals.push(wal);
  return { wal, mgr: TxnManager.open(dir, wal) };
}

// The commit flush policy (wal.ts, "Commit flush policy"): the only writer flushes synchronously,
// so its commit is durable and visible by the time commit() returns; with other writers around
// the commit goes through the asynchronous group-commit round.
describe('commit flush policy', () => {
  it.each([true, false])('a sole writer is durable when commit() returns (fsync %s)', async (fsync) => {
    const { wal, mgr } = open(fsync);
    const t = mgr.begin();
    const xid = t.assignXid();
    const before = wal.syncCount;
    const pending = t.commit();
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    expect(mgr.status(xid)).toBe('committed');
    expect(wal.syncCount).toBe(before + 1);
    await pending;
  });

  it('a sole writer with sub-xids still counts as alone', async () => {
    const { wal, mgr } = open(false);
    const t = mgr.begin();
    t.assignXid();
    t.beginSubtransaction();
    const sub = t.assignXid();
    const pending = t.commit();
    expect(mgr.status(sub)).toBe('committed');
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    await pending;
  });

  it('another transaction holding an xid sends the commit through the async round', async () => {
    const { wal, mgr } = open(true);
    const other = mgr.begin();
    other.assignXid();
    const t = mgr.begin();
    const xid = t.assignXid();
    const pending = t.commit();
    expect(mgr.status(xid)).toBe('in-progress');
    expect(wal.flushedLsn).toBeLessThan(wal.insertLsn);
    // The other writer commits while the first round runs: both are covered by two rounds at most.
    const second = other.commit();
    await Promise.all([pending, second]);
    expect(mgr.status(xid)).toBe('committed');
    expect(mgr.status(other.xid)).toBe('committed');
    expect(wal.flushedLsn).toBe(wal.insertLsn);
  });

  it('a read-only transaction elsewhere does not count as a writer', async () => {
    const { mgr } = open(false);
    mgr.begin().startStatement();
    const t = mgr.begin();
    const xid = t.assignXid();
    const pending = t.commit();
    expect(mgr.status(xid)).toBe('committed');
    await pending;
  });

  it('work registered with the WAL runs during the fdatasync, before the commit is acknowledged', async () => {
    const { wal, mgr } = open(true);
    const seen: string[] = [];
    let due = true;
    wal.setFlushOverlapWork({
      due: () => due,
      run: () => {
        due = false;
        seen.push(`work ran, flushed ${wal.flushedLsn < wal.insertLsn ? 'not yet' : 'already'}`);
      },
    });
    const t = mgr.begin();
    const xid = t.assignXid();
    const pending = t.commit();
    expect(mgr.status(xid)).toBe('in-progress');
    await pending;
    expect(seen).toEqual(['work ran, flushed not yet']);
    expect(mgr.status(xid)).toBe('committed');
    // Nothing due: the next sole writer is synchronous again.
    const t2 = mgr.begin();
    const xid2 = t2.assignXid();
    const p2 = t2.commit();
    expect(mgr.status(xid2)).toBe('committed');
    await p2;
  });

  it('commitNow: no promise for a sole writer or a transaction without an xid', () => {
    const { wal, mgr } = open(true);
    const r = mgr.begin();
    r.startStatement();
    expect(r.commitNow()).toBeUndefined();
    expect(r.state).toBe('committed');
    const t = mgr.begin();
    const xid = t.assignXid();
    expect(t.commitNow()).toBeUndefined();
    expect(t.state).toBe('committed');
    expect(mgr.status(xid)).toBe('committed');
    expect(wal.flushedLsn).toBe(wal.insertLsn);
  });

  it('commitNow: a group-commit round is a promise, and a checkpoint meanwhile keeps the commit', async () => {
    const { wal, mgr } = open(true);
    const other = mgr.begin();
    other.assignXid();
    const t = mgr.begin();
    const xid = t.assignXid();
    const pending = t.commitNow();
    expect(pending).toBeInstanceOf(Promise);
    expect(mgr.status(xid)).toBe('in-progress');
    // The checkpoint must make the appended commit record durable (the committing set).
    mgr.checkpoint();
    expect(wal.flushedLsn).toBe(wal.insertLsn);
    await pending;
    expect(t.state).toBe('committed');
    expect(mgr.status(xid)).toBe('committed');
    other.abort();
    // Ended: the next sole writer is synchronous again.
    const t2 = mgr.begin();
    t2.assignXid();
    expect(t2.commitNow()).toBeUndefined();
  });

  describe('other writers all waiting for a lock (they cannot commit during the flush)', () => {
    function withLocks() {
      const { wal, mgr } = open(true);
      const locks = new LockManager();
      mgr.locks = locks;
      return { wal, mgr, locks };
    }

    it('the commit flushes synchronously, as a sole writer', async () => {
      const { wal, mgr, locks } = withLocks();
      const t = mgr.begin({ lockOwner: 1 });
      const xid = t.assignXid();
      const other = mgr.begin({ lockOwner: 2 });
      other.assignXid();
      other.beginSubtransaction();
      other.assignXid();
      // `other` waits for `t` (as an UPDATE waits for the row's locker), a third session without
      // an xid waits as well.
      const waited = locks.acquire(2, transactionLockTag(xid), LockMode.Share);
      expect(waited).toBeInstanceOf(Promise);
      const reader = mgr.begin({ lockOwner: 3 });
      reader.startStatement();
      const readerWaited = locks.acquire(3, transactionLockTag(xid), LockMode.Share);
      const before = wal.syncCount;
      expect(t.commitNow()).toBeUndefined();
      expect(mgr.status(xid)).toBe('committed');
      expect(wal.flushedLsn).toBe(wal.insertLsn);
      expect(wal.syncCount).toBe(before + 1);
      await Promise.all([waited, readerWaited]);
      const done = other.commit();
      expect(mgr.status(other.xid)).toBe('committed');
      await done;
    });

    it('one writer not waiting sends it through the group-commit round', async () => {
      const { wal, mgr, locks } = withLocks();
      const t = mgr.begin({ lockOwner: 1 });
      const xid = t.assignXid();
      const waiting = mgr.begin({ lockOwner: 2 });
      waiting.assignXid();
      const waited = locks.acquire(2, transactionLockTag(xid), LockMode.Share);
      const idle = mgr.begin({ lockOwner: 3 });
      idle.assignXid();
      const pending = t.commitNow();
      expect(pending).toBeInstanceOf(Promise);
      expect(mgr.status(xid)).toBe('in-progress');
      expect(wal.flushedLsn).toBeLessThan(wal.insertLsn);
      await pending;
      expect(mgr.status(xid)).toBe('committed');
      await waited;
      waiting.abort();
      idle.abort();
    });

    it('a prepared transaction counts as a writer that may commit', async () => {
      const { mgr, locks } = withLocks();
      const prepared = mgr.begin({ lockOwner: 5 });
      prepared.assignXid();
      await prepared.prepare('g1', { owner: 'rustydb', database: 'rustydb' });
      const t = mgr.begin({ lockOwner: 1 });
      const xid = t.assignXid();
      const waiting = mgr.begin({ lockOwner: 2 });
      waiting.assignXid();
      const waited = locks.acquire(2, transactionLockTag(xid), LockMode.Share);
      const pending = t.commitNow();
      expect(pending).toBeInstanceOf(Promise);
      await pending;
      await waited;
      waiting.abort();
    });
  });
});
