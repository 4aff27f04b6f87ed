import { DbError, oid } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlockTimer } from './deadlock-timer.js';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { relationLockTag } from './lock-tag.js';
import { flushReactions, type Tracked, trackWait } from './wait-test-helpers.js';

const { AccessShare, AccessExclusive } = LockMode;
const T = relationLockTag(oid(16384), 't');
const U = relationLockTag(oid(16390), 'u');
const rel = (n: number) => relationLockTag(oid(20000 + n), `r${n}`);

const track = (wait: Promise<void> | undefined) => trackWait(wait);
const flush = flushReactions;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('interrupting a wait without an AbortSignal', () => {
  it('interrupt() rejects the owner’s pending wait with the reason and lets the waiters behind it go', async () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessShare);
    const canceled = track(locks.acquire(2, T, AccessExclusive));
    const behind = track(locks.acquire(3, T, AccessShare));
    expect(behind.state).toBe('pending'); // queued behind the AccessExclusive request
    const reason = new DbError('57014', 'canceling statement due to user request');
    expect(locks.interrupt(2, reason)).toBe(true);
    await flush();
    expect(canceled.error).toBe(reason);
    expect(behind.state).toBe('granted');
    expect(locks.isWaiting(2)).toBe(false);
    // Nobody waiting: nothing changes.
    expect(locks.interrupt(2, reason)).toBe(false);
    expect(locks.interrupt(1, reason)).toBe(false);
    expect(locks.holds(1, T, AccessShare)).toBe(true);
  });

  it('an abortReason option fails a request that would wait, and only such a one', () => {
    const locks = new LockManager();
    locks.acquire(1, T, AccessExclusive);
    const reason = new DbError('57014', 'canceling statement due to statement timeout');
    let reads = 0;
    const options = {
      get abortReason() {
        reads++;
        return reason;
      },
    };
    expect(() => locks.acquire(2, T, AccessShare, options)).toThrow(reason);
    expect(locks.isWaiting(2)).toBe(false);
    // Granted at once: the reason is not even read.
    expect(locks.acquire(2, U, AccessShare, options)).toBeUndefined();
    expect(reads).toBe(1);
    expect(locks.acquire(3, T, AccessShare, { abortReason: undefined })).toBeInstanceOf(Promise);
  });
});

describe('one timer for every deadlock check', () => {
  it('arms one timer however many waits are pending, and checks each when its own check is due', async () => {
    const locks = new LockManager({ deadlockTimeoutMs: 1000 });
    locks.acquire(100, T, AccessExclusive);
    locks.acquire(20, rel(1), AccessExclusive);
    const waits: Tracked[] = [];
    for (let owner = 1; owner <= 20; owner++) {
      waits.push(track(locks.acquire(owner, T, AccessShare)));
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(vi.getTimerCount()).toBe(1);
    // A cycle closed late (t = 1000): owner 100 (holding T) waits for r1, held by owner 20 —
    // whose check is due at 1190 and finds it; the others' checks (1000…1180) find no cycle
    // through their own waits.
    await vi.advanceTimersByTimeAsync(800);
    const closing = track(locks.acquire(100, rel(1), AccessShare, { deadlockTimeoutMs: 5000 }));
    await vi.advanceTimersByTimeAsync(189);
    expect(waits.every((w) => w.state === 'pending')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect((waits[19].error as DbError).code).toBe('40P01');
    expect(waits.slice(0, 19).every((w) => w.state === 'pending')).toBe(true);
    expect(closing.state).toBe('pending');
    // One timer still, now for the closing wait's check at 6000.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('keeps the process alive only while a wait is pending', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const timer = new DeadlockTimer(() => Number.POSITIVE_INFINITY);
    timer.pending(1000, 0);
    expect(spy).toHaveBeenCalledTimes(1);
    const handle = spy.mock.results[0].value as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(true);
    timer.idle();
    expect(handle.hasRef()).toBe(false);
    // Due later than the armed check: the same timer, keeping the process alive again.
    timer.pending(1500, 10);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(handle.hasRef()).toBe(true);
    // Due earlier: armed anew for it.
    timer.pending(500, 20);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(1);
    spy.mockRestore();
  });
});
