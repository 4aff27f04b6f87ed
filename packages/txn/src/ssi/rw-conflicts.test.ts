/**
 * PostgreSQL's SSI rules, case by case, on a TxnManager with no executor: reads are SIREAD locks
 * and conflict-out checks on hand-made version headers, writes are conflict-in checks. Each
 * expected outcome was checked against PostgreSQL 15 with the same interleaving in SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandId, DbError, type TxnId } from '@rustydb/common';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Transaction, TransactionOptions } from '../transaction.js';
import { TxnManager } from '../txn-manager.js';

const A = 100; // a relation
const B = 200; // another relation

let dir: string;
let wal: Wal;
let mgr: TxnManager;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rustydb-ssi-'));
  wal = Wal.open(dir, { fsync: false });
  mgr = TxnManager.open(dir, wal);
});
afterEach(() => {
  wal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A serializable transaction that has taken its snapshot. */
function begin(options: TransactionOptions = {}): Transaction {
  const t = mgr.begin({ isolation: 'serializable', ...options });
  t.startStatement();
  return t;
}

const readAll = (t: Transaction, rel: number): void => t.ssi!.lockRelation(rel);

/** UPDATE of the version at `tid` in `rel`. */
function write(t: Transaction, rel: number, tid: number): void {
  t.ssi!.checkConflictInTuple(rel, tid);
  t.assignXid();
}

/** A version inserted by a long-committed transaction and deleted by `xmax` (0: live). */
const version = (xmax: number) => ({
  xmin: 2 as TxnId,
  xmax: xmax as TxnId,
  cmin: 0 as CommandId,
  cmax: 0 as CommandId,
});

async function reasonOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'ok';
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    expect(err.code).toBe('40001');
    expect(err.message).toBe('could not serialize access due to read/write dependencies among transactions');
    expect(err.fields.hint).toBe('The transaction might succeed if retried.');
    return err.fields.detail ?? '';
  }
}

describe('dangerous structures', () => {
  it('write skew: the first commit dooms the other pivot, whose COMMIT fails', async () => {
    const t1 = begin();
    const t2 = begin();
    readAll(t1, A);
    readAll(t2, A);
    write(t1, A, 1); // t2 →rw t1
    write(t2, A, 2); // t1 →rw t2
    expect(await reasonOf(t1.commit())).toBe('ok');
    expect(await reasonOf(t2.commit())).toBe(
      'Reason code: Canceled on identification as a pivot, during commit attempt.',
    );
    expect(t2.state).toBe('aborted');
  });

  it('Fekete et al.: T3 →rw T1 →rw T2, T2 committed first, T3 committed: T1 fails during write', async () => {
    const t1 = begin();
    readAll(t1, A);
    const t2 = begin();
    write(t2, A, 2); // t1 →rw t2
    await t2.commit();
    const t3 = begin();
    readAll(t3, A);
    await t3.commit();
    expect(await reasonOf(() => write(t1, A, 1))).toBe(
      'Reason code: Canceled on identification as a pivot, during write.',
    );
  });

  it('read-only exemption: a READ ONLY T0 whose snapshot precedes T2 commit is no threat', async () => {
    const t1 = begin();
    readAll(t1, A);
    const t3 = begin({ readOnly: true }); // snapshot before t2 commits
    const t2 = begin();
    write(t2, A, 2);
    await t2.commit();
    readAll(t3, A);
    await t3.commit();
    expect(await reasonOf(() => write(t1, A, 1))).toBe('ok');
    expect(await reasonOf(t1.commit())).toBe('ok');
  });

  it('conflict out to a committed pivot fails the reader during read', async () => {
    const t1 = begin(); // its snapshot predates everything below
    const t2 = begin();
    readAll(t2, A);
    const t3 = begin();
    write(t3, A, 1); // t2 →rw t3
    await t3.commit();
    write(t2, B, 5);
    await t2.commit(); // t2 committed with a conflict out to t3, which committed first
    // t1 reads the version t2 deleted: t1 →rw t2 completes t1 → t2 → t3.
    expect(await reasonOf(() => t1.ssi!.checkConflictOut(version(t2.xid), true))).toBe(
      `Reason code: Canceled on conflict out to pivot ${t2.xid}, during read.`,
    );
  });

  it('a doomed transaction fails at its next read or write', async () => {
    const t1 = begin();
    const t2 = begin();
    readAll(t1, A);
    readAll(t2, B);
    write(t1, B, 1);
    write(t2, A, 1);
    await t1.commit();
    expect(await reasonOf(() => t2.ssi!.checkConflictOut(version(0), true))).toBe(
      'Reason code: Canceled on identification as a pivot, during conflict out checking.',
    );
    expect(await reasonOf(() => write(t2, A, 9))).toBe(
      'Reason code: Canceled on identification as a pivot, during conflict in checking.',
    );
  });

  it('no structure without a committed T2: a chain of running transactions commits', async () => {
    const t1 = begin();
    const t2 = begin();
    const t3 = begin();
    readAll(t1, A);
    readAll(t2, B);
    write(t2, A, 1); // t1 →rw t2
    write(t3, B, 1); // t2 →rw t3
    expect(await reasonOf(t1.commit())).toBe('ok');
    expect(await reasonOf(t2.commit())).toBe('ok');
    expect(await reasonOf(t3.commit())).toBe('ok');
  });

  it('ignores writes the snapshot already saw and readers that committed before it', async () => {
    const t1 = begin();
    write(t1, A, 1);
    await t1.commit();
    const t2 = begin();
    readAll(t2, A);
    t2.ssi!.checkConflictOut(version(t1.xid), false); // t1 committed before t2's snapshot
    expect(t2.ssi!.outConflicts.size).toBe(0);
    await t2.commit();
    const t3 = begin();
    write(t3, A, 1); // t2's SIREAD lock, but t2 committed before t3 started
    expect(t3.ssi!.inConflicts.size).toBe(0);
    await t3.commit();
  });

  it('an aborted reader leaves no conflicts', async () => {
    const t1 = begin();
    readAll(t1, A);
    t1.abort();
    const t2 = begin();
    write(t2, A, 1);
    expect(t2.ssi!.inConflicts.size).toBe(0);
    await t2.commit();
  });
});

describe('bounded state', () => {
  it('keeps a committed transaction only while an overlapping one runs', async () => {
    const long = begin();
    const t = begin();
    readAll(t, A);
    write(t, B, 1); // an xid: t finishes after long's snapshot xmin
    await t.commit();
    expect(mgr.serializable.stats()).toEqual({ active: 1, committedKept: 1, locks: 1 });
    long.abort();
    expect(mgr.serializable.stats()).toEqual({ active: 0, committedKept: 0, locks: 0 });
  });

  it('other isolation levels get no SSI state', () => {
    const t = mgr.begin({ isolation: 'repeatable read' });
    t.startStatement();
    expect(t.ssi).toBeUndefined();
    t.abort();
  });
});

describe('read-only transactions', () => {
  it('a READ ONLY transaction with no concurrent writer needs no SSI', () => {
    const ro = begin({ readOnly: true });
    expect(ro.ssi).toBeUndefined();
  });

  it('becomes safe when its concurrent writers commit without a conflict out', async () => {
    const w = begin();
    const ro = begin({ readOnly: true });
    readAll(ro, A);
    expect(ro.ssi?.roSafe).toBe(false);
    write(w, B, 1);
    await w.commit();
    expect(ro.ssi!.roSafe).toBe(true);
    readAll(ro, B); // the next read releases its state
    expect(mgr.serializable.stats().locks).toBe(0);
    await ro.commit();
  });

  it('is unsafe when a writer commits with a conflict out to a transaction committed before it', async () => {
    const w = begin();
    readAll(w, A);
    const t = begin();
    write(t, A, 1); // w →rw t
    await t.commit();
    const ro = begin({ readOnly: true });
    write(w, B, 1);
    await w.commit();
    expect(ro.ssi!.roUnsafe).toBe(true);
    await ro.commit();
  });

  it('DEFERRABLE waits until the snapshot is safe', async () => {
    const w = begin();
    write(w, B, 1);
    const ro = mgr.begin({ isolation: 'serializable', readOnly: true, deferrable: true });
    let done = false;
    const wait = ro.awaitSafeSnapshot().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    await w.commit();
    await wait;
    expect(ro.ssi).toBeUndefined();
    ro.startStatement();
    expect(ro.snapshot.xip.has(w.xid)).toBe(true); // the safe snapshot predates w's commit
    await ro.commit();
  });

  it('DEFERRABLE takes a new snapshot when the first proves unsafe', async () => {
    const w = begin();
    readAll(w, A);
    const t = begin();
    write(t, A, 1);
    await t.commit();
    const ro = mgr.begin({ isolation: 'serializable', readOnly: true, deferrable: true });
    const wait = ro.awaitSafeSnapshot();
    write(w, B, 1);
    await w.commit();
    await wait;
    expect(ro.snapshot.xip.has(w.xid)).toBe(false); // retaken after w committed
    expect(ro.ssi).toBeUndefined();
    await ro.commit();
  });
});
