import { oid } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { LockManager } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { relationLockTag } from './lock-tag.js';

const { AccessShare, RowExclusive, AccessExclusive } = LockMode;

describe('LockManager.mark / releaseSince (savepoints)', () => {
  it('releases what was acquired after the mark, keeping earlier counts, and wakes waiters', async () => {
    const m = new LockManager();
    const t = relationLockTag(oid(16384), 't');
    const u = relationLockTag(oid(16385), 'u');
    m.acquire(1, u, AccessShare);
    const mark = m.mark(1);
    m.acquire(1, u, AccessShare); // a second acquisition of a lock held before the mark
    m.acquire(1, u, RowExclusive);
    m.acquire(1, t, AccessExclusive);
    const waiting = m.acquire(2, t, AccessShare);
    expect(waiting).toBeInstanceOf(Promise);
    m.releaseSince(1, mark);
    await waiting; // t was taken after the mark: released, the waiter goes
    expect(m.holds(1, u, AccessShare)).toBe(true);
    expect(m.holds(1, u, RowExclusive)).toBe(false);
    expect(m.holds(1, t, AccessExclusive)).toBe(false);
    // Exactly the earlier count is left: one release frees u.
    m.release(1, u, AccessShare);
    expect(m.holds(1, u, AccessShare)).toBe(false);
  });
});
