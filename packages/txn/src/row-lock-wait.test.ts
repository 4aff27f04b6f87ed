import { DbError, oid, type TxnId, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { transactionLockTag, tupleLockTag } from './lock-tag.js';
import { RowLockMode } from './row-lock.js';
import { waitForRowLockers } from './row-lock-wait.js';
import { flushReactions, trackWait } from './wait-test-helpers.js';

const row1 = tupleLockTag(oid(16384), { page: 0, slot: 1 }, 't');
const row2 = tupleLockTag(oid(16384), { page: 0, slot: 2 }, 't');

/** A session whose transaction has xid `xid`: it holds ExclusiveLock on it, as the engine will. */
function begin(locks: LockManager, owner: number, xid: TxnId): void {
  expect(locks.acquire(owner, transactionLockTag(xid), LockMode.Exclusive)).toBeUndefined();
}

const track = (wait: Promise<void> | undefined) => trackWait(wait);
const flush = flushReactions;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('waitForRowLockers', () => {
  it('returns undefined when the lockers already ended, holding the tuple lock', () => {
    const locks = new LockManager();
    expect(waitForRowLockers(locks, 2, row1, RowLockMode.ForUpdate, [txnId(100)])).toBeUndefined();
    expect(locks.holds(2, row1, LockMode.AccessExclusive)).toBe(true);
    expect(locks.locks()).toHaveLength(1);
  });

  it('waits for the locker to end, and queues later waiters for the row behind the first', async () => {
    const locks = new LockManager();
    begin(locks, 1, txnId(100));
    const first = track(waitForRowLockers(locks, 2, row1, RowLockMode.ForUpdate, [txnId(100)]));
    const second = track(waitForRowLockers(locks, 3, row1, RowLockMode.ForShare, [txnId(100)]));
    expect(locks.blockingOwners(3)).toEqual([2]);
    locks.releaseAll(1); // transaction 100 ends
    await flush();
    expect([first.state, second.state]).toEqual(['granted', 'pending']);
    expect(locks.holds(2, transactionLockTag(txnId(100)), LockMode.Share)).toBe(false);
    // Session 2 re-checks the row, writes its xmax, then gives up its queue position.
    locks.release(2, row1, LockMode.AccessExclusive);
    await flush();
    expect(second.state).toBe('granted');
    expect(locks.holds(3, row1, LockMode.RowShare)).toBe(true);
  });

  it('a wait queued for the tuple lock ends with its grant; the re-check then waits for the row’s locker', async () => {
    const locks = new LockManager();
    begin(locks, 1, txnId(100));
    const first = track(waitForRowLockers(locks, 2, row1, RowLockMode.ForUpdate, [txnId(100)]));
    const second = track(waitForRowLockers(locks, 3, row1, RowLockMode.ForUpdate, [txnId(100)]));
    // The first waiter gives up (a cancel) while transaction 100 still runs: its abort releases
    // the tuple lock, which the second gets — and it returns to re-check the row.
    locks.interrupt(2, new DbError('57014', 'canceling statement due to user request'));
    locks.releaseAll(2);
    await flush();
    expect([first.state, second.state]).toEqual(['failed', 'granted']);
    expect(locks.holds(3, row1, LockMode.AccessExclusive)).toBe(true);
    expect(locks.isWaiting(3)).toBe(false);
    // Its re-check finds transaction 100 still there: it waits for it, keeping its queue position.
    const again = track(waitForRowLockers(locks, 3, row1, RowLockMode.ForUpdate, [txnId(100)]));
    expect(locks.blockingOwners(3)).toEqual([1]);
    locks.releaseAll(1);
    await flush();
    expect(again.state).toBe('granted');
    expect(locks.locks().map((l) => [l.tag.key, l.owner])).toEqual([[row1.key, 3]]);
  });

  it('a queued waiter for a row whose locker already ended takes no lock on that transaction', async () => {
    const locks = new LockManager();
    begin(locks, 1, txnId(100));
    locks.acquire(2, row1, LockMode.AccessExclusive); // a session ahead, re-checking the row
    const queued = track(waitForRowLockers(locks, 3, row1, RowLockMode.ForUpdate, [txnId(100)]));
    locks.releaseAll(1); // transaction 100 ends
    const acquire = vi.spyOn(locks, 'acquire');
    locks.release(2, row1, LockMode.AccessExclusive);
    await flush();
    expect(queued.state).toBe('granted');
    expect(acquire).not.toHaveBeenCalled();
  });

  it('waits for several lockers one after the other', async () => {
    const locks = new LockManager();
    begin(locks, 1, txnId(100));
    begin(locks, 4, txnId(101));
    const waiting = track(waitForRowLockers(locks, 2, row1, RowLockMode.ForUpdate, [txnId(100), txnId(101)]));
    locks.releaseAll(1);
    await flush();
    expect(waiting.state).toBe('pending');
    expect(locks.blockingOwners(2)).toEqual([4]);
    locks.releaseAll(4);
    await flush();
    expect(waiting.state).toBe('granted');
  });

  it('NOWAIT names the row whether the tuple lock or the transaction is busy', () => {
    const locks = new LockManager();
    begin(locks, 1, txnId(100));
    const message = 'could not obtain lock on row in relation "t"';
    expect(() =>
      waitForRowLockers(locks, 2, row1, RowLockMode.ForUpdate, [txnId(100)], { nowait: true }),
    ).toThrow(expect.objectContaining({ code: '55P03', message }));
    locks.acquire(5, row2, LockMode.AccessExclusive);
    expect(() => waitForRowLockers(locks, 3, row2, RowLockMode.ForKeyShare, [], { nowait: true })).toThrow(
      expect.objectContaining({ code: '55P03', message }),
    );
  });

  it('reports a row deadlock as PostgreSQL does', async () => {
    const locks = new LockManager({ processId: (owner) => owner + 15_000 });
    begin(locks, 1, txnId(725));
    begin(locks, 2, txnId(726));
    // Each transaction updated one row and now wants the other's.
    const a = track(waitForRowLockers(locks, 1, row2, RowLockMode.ForNoKeyUpdate, [txnId(726)]));
    await vi.advanceTimersByTimeAsync(300);
    const b = track(waitForRowLockers(locks, 2, row1, RowLockMode.ForNoKeyUpdate, [txnId(725)]));
    await vi.advanceTimersByTimeAsync(700);
    expect(a.state).toBe('failed');
    expect(a.error).toBeInstanceOf(DbError);
    expect((a.error as DbError).fields.detail).toBe(
      'Process 15001 waits for ShareLock on transaction 726; blocked by process 15002.\n' +
        'Process 15002 waits for ShareLock on transaction 725; blocked by process 15001.',
    );
    locks.releaseAll(1);
    await flush();
    expect(b.state).toBe('granted');
  });
});
