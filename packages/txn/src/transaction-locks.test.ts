/**
 * Transactions and the lock table: the xid lock held from assignment to the end, waiting for a
 * transaction through it, releaseAll at commit/abort, and the in-memory row lock table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tid, TxnId } from '@rustydb/common';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { relationLockTag, transactionLockTag } from './lock-tag.js';
import { RowLockerStatus } from './row-lock.js';
import { RowLockTable } from './row-lock-table.js';
import { waitForTransaction } from './transaction-wait.js';
import { TxnManager } from './txn-manager.js';

let dir: string;
let wal: Wal;
let txns: TxnManager;
let locks: LockManager;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rustydb-txn-locks-'));
  wal = Wal.open(dir, { fsync: false });
  txns = TxnManager.open(dir, wal);
  locks = new LockManager();
  txns.locks = locks;
});

afterEach(() => {
  wal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('transaction locks', () => {
  it('holds ExclusiveLock on its xid from assignment until commit, and releases its other locks', async () => {
    const tx = txns.begin({ lockOwner: 7 });
    expect(txns.lockOwner(tx)).toBe(7);
    const xid = tx.assignXid();
    expect(locks.holds(7, transactionLockTag(xid), LockMode.Exclusive)).toBe(true);
    locks.acquire(7, relationLockTag(16384 as never, 't'), LockMode.RowExclusive);
    let ended = false;
    const wait = waitForTransaction(locks, 8, xid);
    expect(wait).toBeInstanceOf(Promise);
    void wait!.then(() => {
      ended = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(ended).toBe(false);
    await tx.commit();
    await wait;
    expect(ended).toBe(true);
    expect(txns.status(xid)).toBe('committed');
    expect(locks.locks()).toEqual([]);
  });

  it('waiting for an ended or aborted transaction', async () => {
    const tx = txns.begin({ lockOwner: 1 });
    const xid = tx.assignXid();
    const wait = waitForTransaction(locks, 2, xid);
    tx.abort();
    await wait;
    expect(txns.status(xid)).toBe('aborted');
    expect(waitForTransaction(locks, 2, xid)).toBeUndefined();
  });

  it('gives transactions begun without an owner distinct negative owners', () => {
    const a = txns.begin();
    const b = txns.begin();
    expect(txns.lockOwner(a)).toBeLessThan(0);
    expect(txns.lockOwner(a)).not.toBe(txns.lockOwner(b));
    a.abort();
    b.abort();
    expect(txns.lockOwner(a)).toBeUndefined();
  });
});

describe('RowLockTable', () => {
  const tid = (slot: number): Tid => ({ page: 0, slot });
  it('keeps the strongest lock per transaction, carries lockers to a new version, releases at end', () => {
    const rows = new RowLockTable();
    const status = (x: TxnId) => (x === (5 as TxnId) ? 'committed' : 'in-progress') as never;
    rows.lock(1 as never, tid(1), 10 as TxnId, RowLockerStatus.ForKeyShare, status);
    rows.lock(1 as never, tid(1), 10 as TxnId, RowLockerStatus.ForUpdate, status);
    rows.lock(1 as never, tid(1), 11 as TxnId, RowLockerStatus.ForKeyShare, status);
    expect(rows.lockers(1 as never, tid(1))).toEqual([
      { xid: 10, status: RowLockerStatus.ForUpdate },
      { xid: 11, status: RowLockerStatus.ForKeyShare },
    ]);
    rows.carry(1 as never, tid(1), tid(2), status);
    expect(rows.lockers(1 as never, tid(2))).toHaveLength(2);
    rows.release(10 as TxnId);
    expect(rows.lockers(1 as never, tid(1))).toEqual([{ xid: 11, status: RowLockerStatus.ForKeyShare }]);
    rows.release(11 as TxnId);
    expect(rows.size).toBe(0);
  });
});
