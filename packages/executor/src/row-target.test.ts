import type { TableDef } from '@rustydb/catalog';
import { type CommandId, INVALID_TXN_ID, oid, type Tid, type TxnId, txnId } from '@rustydb/common';
import type { TableStore, TupleVersion } from '@rustydb/storage';
import { LockManager, LockMode, RowLockMode, RowLockTable, transactionLockTag } from '@rustydb/txn';
import { describe, expect, it } from 'vitest';
import { heldTupleLock, releaseTupleLock, resolveTarget, WAITING } from './row-target.js';
import type { Runtime } from './runtime.js';

const OWN = txnId(500);
const table = { oid: oid(16384), name: 't', columns: [], indexes: [] } as unknown as TableDef;
const tid = (slot: number): Tid => ({ page: 0, slot });

/**
 * One row's update chain: version `slot` (1, 2, …) replaced by version `slot + 1` under the xid
 * `updaters[slot]`, whose fate `fates` holds (the scanned version is slot 1).
 */
function chain() {
  const versions = new Map<number, TupleVersion>();
  const fates = new Map<TxnId, 'in-progress' | 'committed' | 'aborted'>();
  const fetched: number[] = [];
  const put = (slot: number, xmax: TxnId) => {
    const ctid = xmax === INVALID_TXN_ID ? tid(slot) : tid(slot + 1);
    versions.set(slot, {
      tid: tid(slot),
      xmin: txnId(1),
      xmax,
      cmin: 0 as CommandId,
      cmax: 0 as CommandId,
      ctid,
      data: new Uint8Array(),
    });
  };
  const store = {
    fetch: (t: Tid) => {
      fetched.push(t.slot);
      return versions.get(t.slot);
    },
  } as unknown as TableStore;
  const locks = new LockManager();
  const statusOf = (xid: TxnId) => fates.get(xid) ?? 'committed';
  const tx = {
    xid: OWN,
    isolation: 'read committed',
    isOwnXid: (xid: TxnId) => xid === OWN,
    // satisfiesDirty: an updater in progress is named; a committed one makes the version dead.
    uniqueCheck: (v: TupleVersion) => {
      if (v.xmax === INVALID_TXN_ID) return 'live';
      const fate = statusOf(v.xmax);
      return fate === 'in-progress' ? v.xmax : fate === 'committed' ? 'dead' : 'live';
    },
  };
  const rt = {
    ctx: {
      tx,
      locks: { manager: locks, owner: 1, wait: {}, rowLocks: new RowLockTable(), status: statusOf },
    },
    pendingWait: undefined as Promise<void> | undefined,
  } as unknown as Runtime & { pendingWait: Promise<void> | undefined };
  /** Transaction `xid` (lock owner `owner`) updates the newest version, `slot`, into `slot + 1`. */
  const update = (slot: number, xid: TxnId, owner: number) => {
    fates.set(xid, 'in-progress');
    locks.acquire(owner, transactionLockTag(xid), LockMode.Exclusive);
    put(slot, xid);
    put(slot + 1, INVALID_TXN_ID);
  };
  const commit = (xid: TxnId, owner: number) => {
    fates.set(xid, 'committed');
    locks.releaseAll(owner);
  };
  const abort = (xid: TxnId, owner: number) => {
    fates.set(xid, 'aborted');
    locks.releaseAll(owner);
  };
  put(1, INVALID_TXN_ID);
  return { store, rt, fetched, update, commit, abort };
}

describe('resolveTarget after a wait', () => {
  it('resumes at the version it waited on instead of walking the update chain again', async () => {
    const c = chain();
    const held = heldTupleLock();
    // Scanned version 1; three sessions updated the row since (the last one still running).
    c.update(1, txnId(101), 11);
    c.commit(txnId(101), 11);
    c.update(2, txnId(102), 12);
    c.commit(txnId(102), 12);
    c.update(3, txnId(103), 13);
    expect(resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held)).toBe(WAITING);
    expect(c.fetched).toEqual([1, 2, 3]);
    // 103 commits; another session got the row next and updated it (104, running).
    c.commit(txnId(103), 13);
    await c.rt.pendingWait;
    c.update(4, txnId(104), 14);
    c.fetched.length = 0;
    expect(resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held)).toBe(WAITING);
    expect(c.fetched).toEqual([3, 4]);
    c.commit(txnId(104), 14);
    await c.rt.pendingWait;
    c.fetched.length = 0;
    const target = resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held);
    expect(target).toMatchObject({ tid: tid(5), moved: true });
    expect(c.fetched).toEqual([4, 5]);
    // Done with the row: the next call starts at its scanned version again.
    releaseTupleLock(c.rt, held);
    c.fetched.length = 0;
    resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held);
    expect(c.fetched).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps whether it followed the chain, and resumes only for the row it waited on', async () => {
    const c = chain();
    const held = heldTupleLock();
    // Waits on the scanned version itself (not moved); its updater then aborts.
    c.update(1, txnId(101), 11);
    expect(resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held)).toBe(WAITING);
    c.abort(txnId(101), 11);
    await c.rt.pendingWait;
    expect(resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held)).toMatchObject(
      {
        tid: tid(1),
        moved: false,
      },
    );
    releaseTupleLock(c.rt, held);
    // Waits after following the chain to version 2; the retry of another row (scanned version 3
    // of some other chain, here the same store) starts at its own version.
    c.update(1, txnId(102), 12);
    c.commit(txnId(102), 12);
    c.update(2, txnId(103), 13);
    expect(resolveTarget(c.rt, table, c.store, tid(1), RowLockMode.ForNoKeyUpdate, true, held)).toBe(WAITING);
    c.commit(txnId(103), 13);
    await c.rt.pendingWait;
    c.fetched.length = 0;
    expect(resolveTarget(c.rt, table, c.store, tid(3), RowLockMode.ForNoKeyUpdate, true, held)).toMatchObject(
      {
        tid: tid(3),
        moved: false,
      },
    );
    expect(c.fetched).toEqual([3]);
  });
});
