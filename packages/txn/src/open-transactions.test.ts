/**
 * The open-transaction registry (open-transactions.ts) through TxnManager — lock owners, the
 * vacuum horizon, transactions ending in any order — and `commitWithoutXid`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { TxnManager } from './txn-manager.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});
function manager(): { mgr: TxnManager; wal: Wal } {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-opentx-'));
  const wal = Wal.open(dir, { fsync: false });
  cleanups.push(() => {
    wal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { mgr: TxnManager.open(dir, wal), wal };
}

describe('open transactions', () => {
  it('keep their lock owners and horizon while others end in any order', () => {
    const { mgr } = manager();
    const a = mgr.begin({ lockOwner: 101 });
    const b = mgr.begin({ lockOwner: 102 });
    const c = mgr.begin();
    const xa = a.assignXid();
    const xb = b.assignXid();
    expect(mgr.activeTransactions()).toBe(3);
    expect(mgr.lockOwner(a)).toBe(101);
    expect(mgr.lockOwner(b)).toBe(102);
    expect(mgr.lockOwner(c)).toBeLessThan(0);
    // c's snapshot sees a and b running: the horizon is a's xid.
    expect(c.snapshot.xip.has(xa)).toBe(true);
    expect(mgr.oldestXmin()).toBe(xa);
    a.abort();
    expect(mgr.lockOwner(a)).toBeUndefined();
    expect(mgr.lockOwner(b)).toBe(102);
    // c's snapshot still holds the horizon at a's xid.
    expect(mgr.oldestXmin()).toBe(xa);
    expect(c.commitWithoutXid()).toBe(true);
    expect(mgr.oldestXmin()).toBe(xb);
    expect(mgr.activeTransactions()).toBe(1);
    expect(mgr.lockOwner(b)).toBe(102);
  });

  it('commitWithoutXid ends a transaction that wrote nothing, and only such', async () => {
    const { mgr } = manager();
    const r = mgr.begin();
    void r.snapshot;
    expect(r.commitWithoutXid()).toBe(true);
    expect(r.state).toBe('committed');
    expect(mgr.activeTransactions()).toBe(0);
    const w = mgr.begin();
    const xid = w.assignXid();
    expect(w.commitWithoutXid()).toBe(false);
    expect(w.state).toBe('active');
    await w.commit();
    expect(mgr.status(xid)).toBe('committed');
    expect(mgr.activeTransactions()).toBe(0);
  });

  it('share one empty xip while nothing else runs, and list what does run', () => {
    const { mgr } = manager();
    const lone1 = mgr.begin();
    const lone2 = mgr.begin();
    // Each is running for the other: begin both, then read only one's snapshot at a time.
    expect(lone1.snapshot.xip.size).toBe(0);
    expect(lone1.commitWithoutXid()).toBe(true);
    expect(lone2.snapshot.xip.size).toBe(0);
    // The empty set is shared: a snapshot with a running writer must get a set of its own.
    expect(lone2.snapshot.xip).toBe(lone1.snapshot.xip);
    const writer = mgr.begin();
    const xid = writer.assignXid();
    const reader = mgr.begin();
    expect([...reader.snapshot.xip]).toEqual([xid]);
    expect(lone1.snapshot.xip.size).toBe(0);
    expect(reader.isOwnXid(xid)).toBe(false);
    expect(writer.isOwnXid(xid)).toBe(true);
  });
});
