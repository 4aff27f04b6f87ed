import { type TxnId, txnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import type { XidStatus } from './commit-log.js';
import { lockModesConflict } from './lock-modes.js';
import {
  addRowLocker,
  checkRowLock,
  type RowLocker,
  RowLockerStatus,
  RowLockMode,
  rowLockConflicts,
  rowLockModeName,
  tupleLockMode,
} from './row-lock.js';

// PostgreSQL 15 docs, Table 13.3 "Conflicting Row-Level Locks": requested (rows) vs current (columns).
const DOCS_TABLE = `
FOR_KEY_SHARE     . . . X
FOR_SHARE         . . X X
FOR_NO_KEY_UPDATE . X X X
FOR_UPDATE        X X X X
`;
const MODES: RowLockMode[] = [0, 1, 2, 3];

describe('row lock conflicts', () => {
  it('match the documented table', () => {
    const rows = DOCS_TABLE.trim().split('\n');
    for (const [i, line] of rows.entries()) {
      const [name, ...cells] = line.trim().split(/\s+/);
      expect(rowLockModeName(MODES[i])).toBe(name.replaceAll('_', ' '));
      for (const [j, cell] of cells.entries())
        expect(rowLockConflicts(MODES[j], MODES[i])).toBe(cell === 'X');
    }
  });

  it('carry over to the heavyweight tuple lock modes', () => {
    for (const a of MODES) {
      for (const b of MODES)
        expect(lockModesConflict(tupleLockMode(a), tupleLockMode(b))).toBe(rowLockConflicts(a, b));
    }
  });
});

const ME = txnId(10);
const A = txnId(20);
const B = txnId(30);
function fates(map: Record<number, XidStatus>): (xid: TxnId) => XidStatus {
  return (xid) => map[xid] ?? 'in-progress';
}
const locker = (xid: TxnId, status: RowLockerStatus): RowLocker => ({ xid, status });

describe('checkRowLock', () => {
  const running = fates({});

  it('proceeds on an unlocked row without allocating a verdict', () => {
    const first = checkRowLock(ME, RowLockMode.ForUpdate, [], running);
    expect(first).toEqual({ kind: 'proceed' });
    expect(checkRowLock(ME, RowLockMode.ForShare, [], running)).toBe(first);
  });

  it('says held when our own entry is at least as strong', () => {
    expect(
      checkRowLock(ME, RowLockMode.ForShare, [locker(ME, RowLockerStatus.ForUpdate)], running).kind,
    ).toBe('held');
    expect(checkRowLock(ME, RowLockMode.ForUpdate, [locker(ME, RowLockerStatus.Update)], running).kind).toBe(
      'held',
    );
    // Held wins even over a conflicting in-progress locker (we must not wait for others then).
    const shared = [locker(A, RowLockerStatus.ForShare), locker(ME, RowLockerStatus.ForShare)];
    expect(checkRowLock(ME, RowLockMode.ForShare, shared, running).kind).toBe('held');
  });

  it('waits for in-progress conflicting lockers only, in order, when upgrading', () => {
    const lockers = [
      locker(A, RowLockerStatus.ForShare),
      locker(ME, RowLockerStatus.ForShare),
      locker(B, RowLockerStatus.ForKeyShare),
    ];
    expect(checkRowLock(ME, RowLockMode.ForNoKeyUpdate, lockers, running)).toEqual({
      kind: 'wait',
      xids: [A],
    });
    expect(checkRowLock(ME, RowLockMode.ForUpdate, lockers, running)).toEqual({ kind: 'wait', xids: [A, B] });
  });

  it('ignores lockers that ended and updaters that aborted', () => {
    const lockers = [locker(A, RowLockerStatus.ForUpdate), locker(B, RowLockerStatus.Update)];
    expect(
      checkRowLock(ME, RowLockMode.ForUpdate, lockers, fates({ 20: 'committed', 30: 'aborted' })).kind,
    ).toBe('proceed');
  });

  it('reports a committed conflicting updater as updated', () => {
    const lockers = [locker(B, RowLockerStatus.ForShare), locker(A, RowLockerStatus.NoKeyUpdate)];
    expect(checkRowLock(ME, RowLockMode.ForShare, lockers, fates({ 20: 'committed' }))).toEqual({
      kind: 'updated',
      xid: A,
    });
    const deleted = [locker(A, RowLockerStatus.Update)];
    expect(checkRowLock(ME, RowLockMode.ForKeyShare, deleted, fates({ 20: 'committed' })).kind).toBe(
      'updated',
    );
  });

  it('lets FOR KEY SHARE through a non-key update, running or committed', () => {
    const lockers = [locker(A, RowLockerStatus.NoKeyUpdate)];
    expect(checkRowLock(ME, RowLockMode.ForKeyShare, lockers, running).kind).toBe('proceed');
    expect(checkRowLock(ME, RowLockMode.ForKeyShare, lockers, fates({ 20: 'committed' })).kind).toBe(
      'proceed',
    );
    expect(checkRowLock(ME, RowLockMode.ForShare, lockers, running)).toEqual({ kind: 'wait', xids: [A] });
  });
});

describe('addRowLocker', () => {
  it('keeps running members and a committed updater, drops the rest', () => {
    const lockers = [
      locker(A, RowLockerStatus.NoKeyUpdate),
      locker(B, RowLockerStatus.ForShare),
      locker(txnId(40), RowLockerStatus.ForKeyShare),
      locker(txnId(50), RowLockerStatus.Update),
    ];
    const fate = fates({ 20: 'committed', 30: 'committed', 40: 'in-progress', 50: 'aborted' });
    expect(addRowLocker(lockers, ME, RowLockerStatus.ForKeyShare, fate)).toEqual([
      locker(A, RowLockerStatus.NoKeyUpdate),
      locker(txnId(40), RowLockerStatus.ForKeyShare),
      locker(ME, RowLockerStatus.ForKeyShare),
    ]);
  });

  it('merges our own entries into the strongest, as an update if either is one', () => {
    const mine = [locker(ME, RowLockerStatus.ForShare)];
    expect(addRowLocker(mine, ME, RowLockerStatus.ForKeyShare, fates({}))).toEqual([
      locker(ME, RowLockerStatus.ForShare),
    ]);
    expect(addRowLocker(mine, ME, RowLockerStatus.NoKeyUpdate, fates({}))).toEqual([
      locker(ME, RowLockerStatus.NoKeyUpdate),
    ]);
    const forUpdate = [locker(ME, RowLockerStatus.ForUpdate)];
    expect(addRowLocker(forUpdate, ME, RowLockerStatus.NoKeyUpdate, fates({}))).toEqual([
      locker(ME, RowLockerStatus.Update),
    ]);
  });
});
