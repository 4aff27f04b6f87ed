import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP_TXN_ID, type CommandId, INVALID_TXN_ID, type TxnId } from '@rustydb/common';
import { Wal } from '@rustydb/wal';
import { afterEach, describe, expect, it } from 'vitest';
import { TxnManager } from './txn-manager.js';
import type { VersionHeader } from './visibility.js';

const dirs: string[] = [];
const wals: Wal[] = [];
afterEach(() => {
  for (const w of wals.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function manager(): TxnManager {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-txn-'));
  dirs.push(dir);
  const wal = Wal.open(dir, { fsync: false });
  wals.push(wal);
  return TxnManager.open(dir, wal);
}

const NONE = INVALID_TXN_ID;
const version = (xmin: TxnId, cmin: number, xmax: TxnId = NONE, cmax = 0): VersionHeader => ({
  xmin,
  cmin: cmin as CommandId,
  xmax,
  cmax: cmax as CommandId,
});

describe('isVisible', () => {
  it('shows own inserts and deletes only to later commands', () => {
    const mgr = manager();
    const t = mgr.begin();
    t.startStatement();
    const me = t.assignXid();
    const inserted = version(me, 0);
    expect(t.isVisible(inserted)).toBe(false); // the inserting command does not see its row
    t.nextCommand();
    t.startStatement();
    expect(t.isVisible(inserted)).toBe(true);
    const deletedNow = version(me, 0, me, 1);
    expect(t.isVisible(deletedNow)).toBe(true); // deleting command still sees it
    t.nextCommand();
    expect(t.isVisible(deletedNow)).toBe(false);
    // An older committed row deleted by us.
    expect(t.isVisible(version(BOOTSTRAP_TXN_ID, 0, me, 1))).toBe(false);
    expect(t.isVisible(version(BOOTSTRAP_TXN_ID, 0, me, 2))).toBe(true);
  });

  it('follows the snapshot for other transactions (table)', async () => {
    const mgr = manager();
    const committedBefore = mgr.begin();
    const cb = committedBefore.assignXid();
    await committedBefore.commit();
    const abortedBefore = mgr.begin();
    const ab = abortedBefore.assignXid();
    abortedBefore.abort();
    const running = mgr.begin();
    const run = running.assignXid();

    const reader = mgr.begin({ isolation: 'repeatable read' });
    reader.startStatement();

    const committedAfter = mgr.begin();
    const ca = committedAfter.assignXid();
    await committedAfter.commit(); // started and committed after the snapshot
    await running.commit(); // was running at snapshot time, committed since

    const cases: [string, VersionHeader, boolean][] = [
      ['bootstrap row', version(BOOTSTRAP_TXN_ID, 0), true],
      ['inserted by committed txn', version(cb, 0), true],
      ['inserted by aborted txn', version(ab, 0), false],
      ['inserted by txn running at snapshot time', version(run, 0), false],
      ['inserted by txn that began after the snapshot', version(ca, 0), false],
      ['deleted by committed txn', version(cb, 0, cb, 0), false],
      ['deleted by aborted txn', version(cb, 0, ab, 0), true],
      ['deleted by txn running at snapshot time', version(cb, 0, run, 0), true],
      ['deleted by txn that began after the snapshot', version(cb, 0, ca, 0), true],
    ];
    for (const [name, v, expected] of cases) expect([name, reader.isVisible(v)]).toEqual([name, expected]);
  });

  it('READ COMMITTED sees commits at its next statement, REPEATABLE READ does not', async () => {
    const mgr = manager();
    const writer = mgr.begin();
    const w = writer.assignXid();
    const rc = mgr.begin({ isolation: 'read committed' });
    const rr = mgr.begin({ isolation: 'repeatable read' });
    rc.startStatement();
    rr.startStatement();
    const row = version(w, 0);
    expect([rc.isVisible(row), rr.isVisible(row)]).toEqual([false, false]);

    mgr.begin().assignXid(); // another writer: the commit flushes asynchronously (Wal.flushCommit)
    const pending = writer.commit();
    rc.startStatement(); // commit not durable yet: still in progress
    expect(rc.isVisible(row)).toBe(false);
    await pending;

    // Within the same statement the old snapshot stays in force.
    expect(rc.isVisible(row)).toBe(false);
    rc.startStatement();
    rr.startStatement();
    expect([rc.isVisible(row), rr.isVisible(row)]).toEqual([true, false]);
    expect(mgr.begin({ isolation: 'serializable' }).isVisible(row)).toBe(true);
  });
});

describe('uniqueCheck', () => {
  it('classifies versions as live, dead or the xid to wait for', async () => {
    const mgr = manager();
    const committed = mgr.begin();
    const c = committed.assignXid();
    await committed.commit();
    const aborted = mgr.begin();
    const a = aborted.assignXid();
    aborted.abort();
    const other = mgr.begin();
    const o = other.assignXid();
    const me = mgr.begin();
    const m = me.assignXid();

    const cases: [string, VersionHeader, 'live' | 'dead' | TxnId][] = [
      ['own insert', version(m, 0), 'live'],
      ['own insert, deleted by us', version(m, 0, m, 0), 'dead'],
      ['committed, not deleted', version(c, 0), 'live'],
      ['aborted insert', version(a, 0), 'dead'],
      ['insert in progress elsewhere', version(o, 0), o],
      ['committed, deleted by us', version(c, 0, m, 0), 'dead'],
      ['committed, deleted by committed txn', version(c, 0, c, 0), 'dead'],
      ['committed, deleted by aborted txn', version(c, 0, a, 0), 'live'],
      ['committed, being deleted elsewhere', version(c, 0, o, 0), o],
    ];
    for (const [name, v, expected] of cases) expect([name, me.uniqueCheck(v)]).toEqual([name, expected]);

    let woke = false;
    const waiting = mgr.waitFor(o).then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    other.abort();
    await waiting;
    expect(me.uniqueCheck(version(o, 0))).toBe('dead');
    await mgr.waitFor(o); // not running: resolves at once
  });
});
