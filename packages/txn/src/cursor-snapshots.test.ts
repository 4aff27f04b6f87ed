/**
 * What a cursor needs of its transaction: reads as of an earlier command (`readAsOf`) and that
 * command's snapshot kept in the vacuum horizon (`pinSnapshot`) while READ COMMITTED moves on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandId, INVALID_TXN_ID, type TxnId } from '@rustydb/common';
import { Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { TxnManager } from './txn-manager.js';
import type { VersionHeader } from './visibility.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});
function manager(): TxnManager {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-cursor-snap-'));
  const wal = Wal.open(dir, { fsync: false });
  cleanups.push(() => {
    wal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return TxnManager.open(dir, wal);
}

describe('cursor snapshots', () => {
  it('keep a pinned snapshot in the vacuum horizon after later statements take newer ones', async () => {
    const mgr = manager();
    const writer = mgr.begin();
    const xw = writer.assignXid();
    const reader = mgr.begin();
    reader.startStatement();
    const declared = reader.snapshot;
    expect(declared.xmin).toBe(xw);
    reader.pinSnapshot(declared);
    await writer.commit();
    reader.startStatement(); // a newer snapshot: the writer is no longer running
    expect(reader.snapshot.xmin).toBeGreaterThan(xw);
    expect(mgr.oldestXmin()).toBe(xw);
    expect(reader.commitWithoutXid()).toBe(true);
    expect(mgr.oldestXmin()).toBeGreaterThan(xw);
  });

  it('read as of an earlier command and snapshot until restored', async () => {
    const mgr = manager();
    const tx = mgr.begin();
    tx.startStatement();
    const xid = tx.assignXid();
    const declared = tx.snapshot;
    const cid = tx.cid;
    // The transaction's own insert of a later command: invisible as of the earlier one.
    const version: VersionHeader = {
      xmin: xid,
      xmax: INVALID_TXN_ID as TxnId,
      cmin: (cid + 1) as CommandId,
      cmax: 0 as CommandId,
    };
    tx.nextCommand();
    tx.nextCommand();
    tx.startStatement();
    expect(tx.isVisible(version)).toBe(true);
    const restore = tx.readAsOf(declared, cid);
    expect(tx.isVisible(version)).toBe(false);
    expect(tx.cid).toBe(cid);
    restore();
    expect(tx.isVisible(version)).toBe(true);
    expect(tx.cid).toBe(cid + 2);
    await tx.commit();
  });
});
