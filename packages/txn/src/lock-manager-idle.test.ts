import { oid, txnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { relationLockTag, transactionLockTag } from './lock-tag.js';

const { AccessShare, AccessExclusive } = LockMode;

describe('LockManager idle relation entries', () => {
  it('a released relation lock is invisible and conflicts again once re-taken', () => {
    const m = new LockManager();
    const t = relationLockTag(oid(16384), 't');
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    m.releaseAll(1);
    // The kept entry holds nothing: pg_locks lists nothing, another owner gets it at once.
    expect(m.locks()).toEqual([]);
    expect(m.acquire(2, t, AccessExclusive)).toBeUndefined();
    expect(m.holds(2, t, AccessExclusive)).toBe(true);
    expect(() => m.acquire(1, t, AccessShare, { nowait: true })).toThrow(
      /could not obtain lock on relation "t"/,
    );
    m.releaseAll(2);
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    expect(m.locks().map((l) => [l.owner, l.mode, l.granted])).toEqual([[1, AccessShare, true]]);
  });

  it('a kept entry takes the name of the next request that finds it free (a renamed relation)', () => {
    const m = new LockManager();
    expect(m.acquire(1, relationLockTag(oid(16384), 'old_name'), AccessShare)).toBeUndefined();
    m.releaseAll(1);
    const renamed = relationLockTag(oid(16384), 'new_name');
    expect(m.acquire(1, renamed, AccessShare)).toBeUndefined();
    const [row] = m.locks();
    expect(row?.tag).toBe(renamed);
  });

  it('transaction-id locks are not kept', () => {
    const m = new LockManager();
    const x = transactionLockTag(txnId(700));
    expect(m.acquire(1, x, LockMode.Exclusive)).toBeUndefined();
    m.releaseAll(1);
    expect(m.locks()).toEqual([]);
    // A new holder starts from a fresh entry: the tag is the new request's.
    const again = transactionLockTag(txnId(700));
    expect(m.acquire(2, again, LockMode.Exclusive)).toBeUndefined();
    expect(m.locks()[0]?.tag).toBe(again);
  });

  it('an owner taking a lock again after releaseAll starts from nothing held (reused holder records)', () => {
    const m = new LockManager();
    const t = relationLockTag(oid(16384), 't');
    const u = relationLockTag(oid(16385), 'u');
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    expect(m.acquire(1, t, LockMode.RowExclusive)).toBeUndefined();
    expect(m.acquire(1, u, AccessShare)).toBeUndefined();
    m.releaseAll(1);
    // Owner 1 again: one AccessShare on t only; no RowExclusive, no count left from before.
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    expect(m.holds(1, t, LockMode.RowExclusive)).toBe(false);
    expect(m.holds(1, u, AccessShare)).toBe(false);
    m.release(1, t, AccessShare);
    expect(m.holds(1, t, AccessShare)).toBe(false);
    expect(m.locks()).toEqual([]);
    // Another owner gets its own record, and releaseAll of owner 1 leaves it alone.
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    m.releaseAll(1);
    expect(m.acquire(2, t, AccessShare)).toBeUndefined();
    expect(m.acquire(1, u, AccessShare)).toBeUndefined();
    m.releaseAll(1);
    expect(m.locks().map((l) => [l.owner, l.tag.key === t.key, l.granted])).toEqual([[2, true, true]]);
    expect(() => m.acquire(3, t, AccessExclusive, { nowait: true })).toThrow(/could not obtain lock/);
  });

  it("keeps one empty holder per lock: another owner's replaces it, and it never counts as holding", async () => {
    const m = new LockManager();
    const t = relationLockTag(oid(16384), 't');
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    m.releaseAll(1);
    expect(m.acquire(2, t, AccessShare)).toBeUndefined();
    m.releaseAll(2);
    // Owner 2's empty holder replaced owner 1's: both start from nothing, neither blocks.
    expect(m.acquire(3, t, AccessExclusive)).toBeUndefined();
    const waiting = m.acquire(1, t, AccessShare);
    expect(waiting).toBeInstanceOf(Promise);
    expect(m.blockingOwners(1)).toEqual([3]);
    m.releaseAll(3);
    await waiting;
    expect(m.locks().map((l) => [l.owner, l.mode])).toEqual([[1, AccessShare]]);
    m.releaseAll(1);
    expect(m.locks()).toEqual([]);
    // An owner whose holders were all released one by one holds nothing either.
    expect(m.acquire(2, t, AccessShare)).toBeUndefined();
    m.release(2, t, AccessShare);
    m.releaseAll(2);
    expect(m.locks()).toEqual([]);
  });

  it('transferAll to an owner with an empty holder on the same lock moves the modes intact', () => {
    const m = new LockManager();
    const t = relationLockTag(oid(16384), 't');
    expect(m.acquire(-5, t, AccessShare)).toBeUndefined();
    m.releaseAll(-5);
    expect(m.acquire(1, t, LockMode.RowExclusive)).toBeUndefined();
    m.transferAll(1, -5);
    expect(m.holds(-5, t, LockMode.RowExclusive)).toBe(true);
    expect(m.holds(1, t, LockMode.RowExclusive)).toBe(false);
    // Owner 1's later transaction does not disturb the moved holder.
    expect(m.acquire(1, t, AccessShare)).toBeUndefined();
    m.releaseAll(1);
    expect(m.locks().map((l) => [l.owner, l.mode])).toEqual([[-5, LockMode.RowExclusive]]);
    m.releaseAll(-5);
    expect(m.acquire(2, t, AccessExclusive)).toBeUndefined();
  });
});
