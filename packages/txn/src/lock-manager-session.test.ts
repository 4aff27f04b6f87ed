import { describe, expect, it } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { advisoryLockTag32, advisoryLockTag64, describeLockTag } from './lock-tag.js';

const { Share, Exclusive } = LockMode;
const k1 = advisoryLockTag64(1n);

describe('LockManager session holds (advisory locks)', () => {
  it('keeps session holds across releaseAll, counted per acquisition', async () => {
    const m = new LockManager();
    m.acquireSession(1, k1, Exclusive);
    m.acquireSession(1, k1, Exclusive);
    m.releaseAll(1); // transaction end
    expect(m.holds(1, k1, Exclusive)).toBe(true);
    const waiting = m.acquire(2, k1, Exclusive);
    expect(waiting).toBeInstanceOf(Promise);
    expect(m.releaseSession(1, k1, Exclusive)).toBe(true);
    expect(m.isWaiting(2)).toBe(true); // still held once
    expect(m.releaseSession(1, k1, Exclusive)).toBe(true);
    await waiting;
    expect(m.releaseSession(1, k1, Exclusive)).toBe(false);
  });

  it('releases transaction-level holds at releaseAll, never by releaseSession', () => {
    const m = new LockManager();
    m.acquire(1, k1, Exclusive);
    expect(m.releaseSession(1, k1, Exclusive)).toBe(false);
    m.acquireSession(1, k1, Share);
    m.releaseAll(1);
    expect(m.holds(1, k1, Exclusive)).toBe(false);
    expect(m.holds(1, k1, Share)).toBe(true);
    // The Exclusive transaction hold is gone: another owner may share.
    expect(m.acquire(2, k1, Share)).toBeUndefined();
  });

  it('does not conflict between one owner session and transaction holds', () => {
    const m = new LockManager();
    m.acquireSession(1, k1, Exclusive);
    expect(m.acquire(1, k1, Share)).toBeUndefined();
    expect(m.acquire(1, k1, Exclusive)).toBeUndefined();
  });

  it('releaseAllSession gives up session holds and keeps transaction ones', async () => {
    const m = new LockManager();
    const k2 = advisoryLockTag32(-5, 7);
    m.acquireSession(1, k1, Exclusive);
    m.acquireSession(1, k1, Exclusive);
    m.acquire(1, k2, Exclusive);
    const waiting = m.acquire(2, k1, Share);
    m.releaseAllSession(1);
    await waiting;
    expect(m.holds(1, k2, Exclusive)).toBe(true);
    expect(m.holdsSessionLocks(1)).toBe(false);
  });

  it('leaves session holds to savepoints: releaseSince drops only transaction-level ones', () => {
    const m = new LockManager();
    const mark = m.mark(1);
    m.acquire(1, k1, Exclusive);
    m.acquireSession(1, advisoryLockTag64(2n), Exclusive);
    m.releaseSince(1, mark);
    expect(m.holds(1, k1, Exclusive)).toBe(false);
    expect(m.holds(1, advisoryLockTag64(2n), Exclusive)).toBe(true);
  });

  it('counts a session hold from the grant of a wait', async () => {
    const m = new LockManager();
    m.acquire(2, k1, Exclusive);
    const waiting = m.acquireSession(1, k1, Exclusive);
    m.releaseAll(2);
    await waiting;
    m.releaseAll(1);
    expect(m.holds(1, k1, Exclusive)).toBe(true);
    expect(m.holdsSessionLocks(1)).toBe(true);
  });

  it('keeps session holds with the session at PREPARE (transferAll)', () => {
    const m = new LockManager();
    m.acquireSession(1, k1, Exclusive);
    m.acquire(1, k1, Exclusive);
    m.transferAll(1, -1);
    m.releaseAll(-1); // COMMIT PREPARED
    expect(m.holds(1, k1, Exclusive)).toBe(true);
    expect(m.releaseSession(1, k1, Exclusive)).toBe(true);
    expect(m.acquire(2, k1, Exclusive)).toBeUndefined();
  });

  it('reports an advisory deadlock as PostgreSQL words it', async () => {
    const m = new LockManager({ database: 5 as never, deadlockTimeoutMs: 0 });
    const k2 = advisoryLockTag64(2n);
    m.acquireSession(1, k1, Exclusive);
    m.acquireSession(2, k2, Exclusive);
    const first = m.acquireSession(1, k2, Exclusive);
    first?.catch(() => {});
    const second = m.acquireSession(2, k1, Exclusive);
    const failed = await Promise.race(
      [first, second].map((p) =>
        p!.then(
          () => undefined,
          (e: Error) => e,
        ),
      ),
    );
    expect(failed?.message).toBe('deadlock detected');
    expect(describeLockTag(k1, 5 as never)).toBe('advisory lock [5,0,1,1]');
  });

  it('tryAcquire grants what needs no wait and refuses the rest without queueing', () => {
    const m = new LockManager();
    expect(m.tryAcquire(1, k1, Exclusive, true)).toBe(true);
    expect(m.tryAcquire(1, k1, Exclusive, true)).toBe(true); // re-entrant
    expect(m.tryAcquire(2, k1, Share)).toBe(false);
    expect(m.isWaiting(2)).toBe(false);
    m.releaseAll(1);
    expect(m.releaseSession(1, k1, Exclusive)).toBe(true);
    expect(m.releaseSession(1, k1, Exclusive)).toBe(true);
    expect(m.tryAcquire(2, k1, Share)).toBe(true);
  });

  it('encodes keys as PostgreSQL (classid, objid, objsubid)', () => {
    expect(advisoryLockTag64(-1n)).toMatchObject({ classid: 4294967295, objid: 4294967295, objsubid: 1 });
    expect(advisoryLockTag64(1n << 32n)).toMatchObject({ classid: 1, objid: 0, objsubid: 1 });
    expect(advisoryLockTag32(-5, -7)).toMatchObject({ classid: 4294967291, objid: 4294967289, objsubid: 2 });
  });
});
