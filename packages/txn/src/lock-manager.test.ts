import { DbError, InternalError, oid, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LOCK_MODES, LockMode, lockModesConflict } from './lock-modes.js';
import { relationLockTag, transactionLockTag, tupleLockTag } from './lock-tag.js';
import { errorOf, flushReactions, trackWait } from './wait-test-helpers.js';

const { AccessShare, RowExclusive, Share, ShareRowExclusive, Exclusive, AccessExclusive } = LockMode;
const T = relationLockTag(oid(16384), 't');
const U = relationLockTag(oid(16390), 'u');
const rel = (n: number) => relationLockTag(oid(20000 + n), `r${n}`);

const order: string[] = [];
/** Follows a wait; its `name` goes into `order` at its grant. */
const track = (wait: Promise<void> | undefined, name = '') => trackWait(wait, () => order.push(name));
const flush = flushReactions;

beforeEach(() => {
  order.length = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('granting', () => {
  it('returns undefined, not a Promise, when granted at once', () => {
    const locks = new LockManager();
    expect(locks.acquire(1, T, AccessShare)).toBeUndefined();
    expect(locks.acquire(2, T, RowExclusive)).toBeUndefined();
    expect(locks.holds(1, T, AccessShare)).toBe(true);
    expect(locks.holds(1, T, RowExclusive)).toBe(false);
  });

  it('follows the conflict table for every pair of modes held by two owners', () => {
    for (const held of LOCK_MODES) {
      for (const requested of LOCK_MODES) {
        const locks = new LockManager();
        locks.acquire(1, T, held);
        const wait = locks.acquire(2, T, requested);
        expect(wait !== undefined).toBe(lockModesConflict(held, requested));
        if (wait === undefined) continue;
        track(wait);
        expect(locks.holds(2, T, requested)).toBe(false);
        locks.releaseAll(1);
        expect(locks.holds(2, T, requested)).toBe(true);
      }
    }
  });

  it('is re-entrant: each acquisition is counted and released separately', async () => {
    const locks = new LockManager();
    expect(locks.acquire(1, T, Exclusive)).toBeUndefined();
    expect(locks.acquire(1, T, Exclusive)).toBeUndefined();
    const other = track(locks.acquire(2, T, Share), 'other');
    locks.release(1, T, Exclusive);
    await flush();
    expect(other.state).toBe('pending');
    locks.release(1, T, Exclusive);
    await flush();
    expect(other.state).toBe('granted');
  });

  it('lets an owner upgrade, waiting only for the other owners', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessShare);
    expect(locks.acquire(1, T, AccessExclusive)).toBeUndefined();
    locks.releaseAll(1);

    locks.acquire(1, T, AccessShare);
    locks.acquire(2, T, AccessShare);
    const upgrade = track(locks.acquire(1, T, AccessExclusive));
    locks.releaseAll(2);
    await flush();
    expect(upgrade.state).toBe('granted');
    expect(locks.holds(1, T, AccessShare) && locks.holds(1, T, AccessExclusive)).toBe(true);
  });

  it('forgets a lock nobody holds or waits for', () => {
    const locks = new LockManager();
    locks.acquire(1, T, Share);
    locks.acquire(1, U, Share);
    locks.release(1, T, Share);
    expect(locks.locks().map((l) => l.tag)).toEqual([U]);
    locks.releaseAll(1);
    expect(locks.locks()).toEqual([]);
  });
});

describe('transaction-id locks', () => {
  it('reuse the entries of ended transactions, yet a waiter waits for the new holder only', async () => {
    const locks = new LockManager();
    // Sessions 1 and 2 write in turn: each transaction's xid lock is a freed entry reused.
    for (let xid = 800; xid < 806; xid++) {
      const owner = 1 + (xid % 2);
      expect(locks.acquire(owner, transactionLockTag(txnId(xid)), Exclusive)).toBeUndefined();
      expect(locks.locks().map((l) => [l.tag, l.owner])).toEqual([[transactionLockTag(txnId(xid)), owner]]);
      locks.releaseAll(owner);
      expect(locks.locks()).toEqual([]);
    }
    // Owner 3 waits for xid 900 (held by 1), whose entry was some earlier xid's.
    const x900 = transactionLockTag(txnId(900));
    locks.acquire(1, x900, Exclusive);
    locks.acquire(2, transactionLockTag(txnId(901)), Exclusive);
    const wait = track(locks.acquire(3, x900, Share), 'w');
    expect(locks.blockingOwners(3)).toEqual([1]);
    locks.releaseAll(2); // the other transaction's end frees nothing 3 waits for
    await flush();
    expect(wait.state).toBe('pending');
    locks.releaseAll(1);
    await flush();
    expect(wait.state).toBe('granted');
    expect(locks.locks().map((l) => [l.tag, l.owner, l.mode])).toEqual([[x900, 3, Share]]);
    locks.releaseAll(3);
    expect(locks.locks()).toEqual([]);
  });
});

describe('wait queue', () => {
  it('is FIFO: a request compatible with the granted modes still queues behind a conflicting waiter', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, Share);
    const exclusive = track(locks.acquire(2, T, Exclusive), 'exclusive');
    const share = track(locks.acquire(3, T, Share), 'share');
    locks.releaseAll(1);
    await flush();
    expect([exclusive.state, share.state]).toEqual(['granted', 'pending']);
    locks.releaseAll(2);
    await flush();
    expect(order).toEqual(['exclusive', 'share']);
  });

  it('releaseAll wakes every waiter that can go, in queue order, and no one behind a conflict', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessExclusive);
    locks.acquire(1, U, AccessExclusive);
    const b = track(locks.acquire(2, T, AccessShare), 'b');
    const c = track(locks.acquire(3, T, RowExclusive), 'c');
    const d = track(locks.acquire(4, T, AccessExclusive), 'd');
    const e = track(locks.acquire(5, T, AccessShare), 'e');
    const f = track(locks.acquire(6, U, Share), 'f');
    locks.releaseAll(1);
    await flush();
    expect(order).toEqual(['b', 'c', 'f']);
    expect([d.state, e.state]).toEqual(['pending', 'pending']);
    locks.releaseAll(2);
    locks.releaseAll(3);
    await flush();
    expect(d.state).toBe('granted');
    locks.releaseAll(4);
    await flush();
    expect(order).toEqual(['b', 'c', 'f', 'd', 'e']);
    expect([b, c, e, f].every((t) => t.state === 'granted')).toBe(true);
  });

  it('puts a holder ahead of the waiters that wait for it (no self-deadlock on upgrade)', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessShare);
    const ddl = track(locks.acquire(2, T, AccessExclusive), 'ddl');
    // Owner 1 already blocks the ALTER; its UPDATE must not queue behind it.
    expect(locks.acquire(1, T, RowExclusive)).toBeUndefined();
    // A newcomer holding nothing does queue behind it.
    const newcomer = track(locks.acquire(3, T, RowExclusive), 'newcomer');
    locks.releaseAll(1);
    await flush();
    expect(ddl.state).toBe('granted');
    expect(newcomer.state).toBe('pending');
  });

  it('inserts a holder that must wait ahead of the waiter it blocks', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, Share);
    locks.acquire(2, T, Share);
    const waiter = track(locks.acquire(3, T, Exclusive), 'waiter'); // blocked by 1 and 2
    const upgrade = track(locks.acquire(1, T, ShareRowExclusive), 'upgrade'); // blocked by 2 only
    expect(
      locks
        .locks()
        .filter((l) => !l.granted)
        .map((l) => l.owner),
    ).toEqual([1, 3]);
    locks.releaseAll(2);
    await flush();
    expect(upgrade.state).toBe('granted');
    expect(waiter.state).toBe('pending');
    locks.releaseAll(1);
    await flush();
    expect(order).toEqual(['upgrade', 'waiter']);
  });

  it('fails at once when two holders both wait to upgrade (early deadlock)', async () => {
    const locks = new LockManager({ processId: (owner) => owner + 100, database: oid(5) });
    locks.acquire(1, T, AccessShare);
    locks.acquire(2, T, AccessShare);
    const first = track(locks.acquire(1, T, AccessExclusive), 'first');
    let thrown: unknown;
    try {
      locks.acquire(2, T, AccessExclusive);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DbError);
    expect((thrown as DbError).code).toBe('40P01');
    expect((thrown as DbError).fields.detail).toBe(
      'Process 102 waits for AccessExclusiveLock on relation 16384 of database 5; blocked by process 101.\n' +
        'Process 101 waits for AccessExclusiveLock on relation 16384 of database 5; blocked by process 102.',
    );
    locks.releaseAll(2);
    await flush();
    expect(first.state).toBe('granted');
  });
});

describe('waits that fail', () => {
  it('nowait throws 55P03 naming the relation or the row', () => {
    const locks = new LockManager();
    const tuple = tupleLockTag(oid(16384), { page: 0, slot: 1 }, 't');
    locks.acquire(1, T, AccessShare);
    locks.acquire(1, tuple, AccessExclusive);
    expect(locks.acquire(2, T, AccessShare, { nowait: true })).toBeUndefined();
    expect(() => locks.acquire(2, T, AccessExclusive, { nowait: true })).toThrow(
      expect.objectContaining({ code: '55P03', message: 'could not obtain lock on relation "t"' }),
    );
    expect(() => locks.acquire(2, tuple, AccessShare, { nowait: true })).toThrow(
      expect.objectContaining({ code: '55P03', message: 'could not obtain lock on row in relation "t"' }),
    );
    expect(locks.isWaiting(2)).toBe(false);
    expect(locks.locks().every((l) => l.granted)).toBe(true);
  });

  it('nowait fails behind a conflicting waiter even if the granted modes allow it', () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessShare);
    track(locks.acquire(2, T, AccessExclusive));
    expect(() => locks.acquire(3, T, AccessShare, { nowait: true })).toThrow(
      expect.objectContaining({ code: '55P03' }),
    );
  });

  it('lock_timeout fails the wait with 55P03 and lets the waiters behind it go', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, Share);
    const timed = track(locks.acquire(2, T, Exclusive, { timeoutMs: 500 }), 'timed');
    const behind = track(locks.acquire(3, T, Share), 'behind');
    await vi.advanceTimersByTimeAsync(499);
    expect(timed.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(errorOf(timed)).toMatchObject({
      code: '55P03',
      message: 'canceling statement due to lock timeout',
    });
    expect(behind.state).toBe('granted');
    expect(locks.isWaiting(2)).toBe(false);
  });

  it('an abort signal rejects the wait with its reason; an aborted one throws before waiting', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessExclusive);
    const cancel = new AbortController();
    const canceled = track(locks.acquire(2, T, AccessShare, { signal: cancel.signal }));
    const reason = new DbError('57014', 'canceling statement due to user request');
    cancel.abort(reason);
    await flush();
    expect(canceled.error).toBe(reason);
    expect(locks.locks().map((l) => l.owner)).toEqual([1]);
    expect(() => locks.acquire(2, T, AccessShare, { signal: cancel.signal })).toThrow(reason);
    // An aborted signal does not matter when nothing has to wait.
    expect(locks.acquire(2, U, AccessShare, { signal: cancel.signal })).toBeUndefined();
  });

  it('releaseAll withdraws a wait its owner left pending', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessExclusive);
    const left = track(locks.acquire(2, T, AccessShare));
    locks.releaseAll(2);
    await flush();
    expect(left.error).toBeInstanceOf(InternalError);
    expect(locks.locks()).toHaveLength(1);
  });
});

describe('deadlock detection', () => {
  const pids = { processId: (owner: number) => owner * 1000 };

  it('fails one of two transactions waiting for each other; the other proceeds once it aborts', async () => {
    const locks = new LockManager(pids);
    const x1 = transactionLockTag(txnId(745));
    const x2 = transactionLockTag(txnId(746));
    locks.acquire(1, x1, Exclusive);
    locks.acquire(2, x2, Exclusive);
    const a = track(locks.acquire(1, x2, Share), 'a');
    await vi.advanceTimersByTimeAsync(100);
    const b = track(locks.acquire(2, x1, Share), 'b');
    await vi.advanceTimersByTimeAsync(899);
    expect([a.state, b.state]).toEqual(['pending', 'pending']);
    await vi.advanceTimersByTimeAsync(1);
    const err = errorOf(a);
    expect(err.code).toBe('40P01');
    expect(err.message).toBe('deadlock detected');
    expect(err.retryable).toBe(true);
    expect(err.fields.detail).toBe(
      'Process 1000 waits for ShareLock on transaction 746; blocked by process 2000.\n' +
        'Process 2000 waits for ShareLock on transaction 745; blocked by process 1000.',
    );
    expect(err.fields.hint).toBe('See server log for query details.');
    // The victim still holds its locks until its transaction aborts.
    expect(b.state).toBe('pending');
    locks.releaseAll(1);
    await flush();
    expect(b.state).toBe('granted');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.state).toBe('granted');
  });

  it('breaks a three-way cycle, reporting it from the victim', async () => {
    const locks = new LockManager({ ...pids, deadlockTimeoutMs: 200, database: oid(5) });
    for (const owner of [1, 2, 3]) locks.acquire(owner, rel(owner), AccessExclusive);
    const w1 = track(locks.acquire(1, rel(2), AccessShare), 'w1');
    await vi.advanceTimersByTimeAsync(50);
    const w2 = track(locks.acquire(2, rel(3), RowExclusive), 'w2');
    await vi.advanceTimersByTimeAsync(50);
    const w3 = track(locks.acquire(3, rel(1), Exclusive), 'w3');
    await vi.advanceTimersByTimeAsync(100);
    expect(errorOf(w1).fields.detail).toBe(
      'Process 1000 waits for AccessShareLock on relation 20002 of database 5; blocked by process 2000.\n' +
        'Process 2000 waits for RowExclusiveLock on relation 20003 of database 5; blocked by process 3000.\n' +
        'Process 3000 waits for ExclusiveLock on relation 20001 of database 5; blocked by process 1000.',
    );
    locks.releaseAll(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect([w2.state, w3.state]).toEqual(['pending', 'granted']);
    locks.releaseAll(3);
    await flush();
    expect(w2.state).toBe('granted');
  });

  it('finds no deadlock in a long chain without a cycle, which then drains in order', async () => {
    const locks = new LockManager({ deadlockTimeoutMs: 10 });
    const n = 40;
    for (let i = 1; i <= n; i++) locks.acquire(i, rel(i), AccessExclusive);
    const waits = [];
    for (let i = 1; i < n; i++) waits.push(track(locks.acquire(i, rel(i + 1), AccessExclusive), `w${i}`));
    expect(locks.blockingOwners(1)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(waits.every((t) => t.state === 'pending')).toBe(true);
    for (let i = n; i > 1; i--) {
      locks.releaseAll(i);
      await flush();
    }
    expect(order).toEqual(waits.map((_, i) => `w${i + 1}`).reverse());
  });

  it('leaves a cycle that does not pass through the checker to its members', async () => {
    const locks = new LockManager(pids);
    locks.acquire(1, rel(1), AccessExclusive);
    locks.acquire(2, rel(2), AccessExclusive);
    const outsider = track(locks.acquire(9, rel(1), AccessShare), 'outsider'); // checks at t=1000
    await vi.advanceTimersByTimeAsync(100);
    const a = track(locks.acquire(1, rel(2), AccessShare), 'a'); // checks at t=1100
    const b = track(locks.acquire(2, rel(1), AccessShare), 'b');
    await vi.advanceTimersByTimeAsync(900);
    expect([outsider.state, a.state, b.state]).toEqual(['pending', 'pending', 'pending']);
    await vi.advanceTimersByTimeAsync(100);
    expect(errorOf(a).code).toBe('40P01');
    expect(b.state).toBe('pending'); // its own check, due at the same time, finds no cycle left
    locks.releaseAll(1);
    await flush();
    expect(order).toEqual(['outsider', 'b']);
  });

  it('honours a per-wait deadlock_timeout', async () => {
    const locks = new LockManager();
    locks.acquire(1, rel(1), AccessExclusive);
    locks.acquire(2, rel(2), AccessExclusive);
    const a = track(locks.acquire(1, rel(2), AccessShare, { deadlockTimeoutMs: 5000 }));
    const b = track(locks.acquire(2, rel(1), AccessShare, { deadlockTimeoutMs: 10 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(errorOf(b).code).toBe('40P01');
    expect(a.state).toBe('pending');
  });

  it('known gap: a cycle through a soft edge fails where PostgreSQL would reorder the queue', async () => {
    const locks = new LockManager(pids);
    locks.acquire(1, T, AccessShare); // X
    locks.acquire(3, U, AccessExclusive); // A
    const ddl = track(locks.acquire(2, T, AccessExclusive), 'ddl'); // B: waits for X, checks at t=1000
    const reader = track(locks.acquire(3, T, AccessShare), 'reader'); // A: queued behind B (soft edge)
    expect(locks.blockingOwners(3)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(500);
    const x = track(locks.acquire(1, U, AccessShare), 'x'); // X: waits for A, closing B → X → A → B
    await vi.advanceTimersByTimeAsync(500);
    // PostgreSQL would move A's AccessShare ahead of B's request and fail nobody.
    expect(errorOf(ddl).fields.detail).toBe(
      'Process 2000 waits for AccessExclusiveLock on relation 16384; blocked by process 1000.\n' +
        'Process 1000 waits for AccessShareLock on relation 16390; blocked by process 3000.\n' +
        'Process 3000 waits for AccessShareLock on relation 16384; blocked by process 2000.',
    );
    // With B's request withdrawn, A's is granted at once, and A's end lets X go.
    expect([reader.state, x.state]).toEqual(['granted', 'pending']);
    locks.releaseAll(3);
    await flush();
    expect(x.state).toBe('granted');
  });
});

describe('introspection', () => {
  it('lists held modes and pending requests for pg_locks', async () => {
    vi.setSystemTime(1_700_000_000_000);
    const locks = new LockManager({ processId: (owner) => owner + 7 });
    locks.acquire(1, T, AccessShare);
    locks.acquire(1, T, RowExclusive);
    track(locks.acquire(2, T, AccessExclusive));
    expect(locks.locks()).toEqual([
      { tag: T, mode: AccessShare, owner: 1, processId: 8, granted: true },
      { tag: T, mode: RowExclusive, owner: 1, processId: 8, granted: true },
      { tag: T, mode: AccessExclusive, owner: 2, processId: 9, granted: false, waitStart: 1_700_000_000_000 },
    ]);
    expect(locks.blockingOwners(2)).toEqual([1]);
    expect(locks.blockingOwners(1)).toEqual([]);
    expect(locks.isWaiting(2)).toBe(true);
  });
});
