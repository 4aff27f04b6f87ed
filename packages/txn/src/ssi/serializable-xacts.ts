/**
 * SerializableXacts: every serializable transaction's SSI state in one database (PostgreSQL's
 * PredXact list and SerializableXidHash), the SIREAD lock table, and the commit sequence numbers
 * the conflict rules compare. Owned by TxnManager.
 *
 * Life of a SerializableXact:
 * - `register` at the transaction's snapshot. A READ ONLY transaction records the running
 *   writers that could make its snapshot unsafe; with none, it needs no SSI at all (undefined).
 * - `xidAssigned` at its first write, so readers meeting its versions find it (conflict-out).
 * - `preCommit` before the commit record: the commit-time check, then "prepared".
 * - `release` when the transaction ends. An abort drops everything at once. A commit keeps the
 *   locks and the edges that still matter while an overlapping serializable transaction runs;
 *   `clearOld` drops it once every running one's snapshot xmin is past it (PostgreSQL's rule). That bounds
 *   memory by the overlap window (PostgreSQL additionally summarizes old committed transactions
 *   into an SLRU under memory pressure; we do not, see docs/transactions.md).
 * - READ ONLY transactions: when the last writer that could make one unsafe commits without a
 *   conflict out to a transaction committed before its snapshot, it is marked safe and releases
 *   its state at its next read (`releaseSafe`); DEFERRABLE waits for that (`untilSafetyKnown`).
 *
 * Two-phase commit (room left): PREPARE TRANSACTION should call `preCommit` and keep the
 * SerializableXact active until COMMIT PREPARED (`release(sx, true)`) or ROLLBACK PREPARED; the
 * rules already treat "prepared" as PostgreSQL does.
 *
 * Synchronous.
 */
import type { TxnId } from '@rustydb/common';
import { PredicateLockTable } from './predicate-locks.js';
import { preCommitCheck } from './rw-conflicts.js';
import { SerializableXact, type SsiOwner } from './serializable-xact.js';

/** Counts of SSI state, for tests and monitoring. */
export interface SsiStats {
  /** Serializable transactions running (including ones whose commit is in flight). */
  readonly active: number;
  /** Committed ones kept because an overlapping transaction still runs. */
  readonly committedKept: number;
  /** SIREAD locks held in all. */
  readonly locks: number;
}

/** The SSI state of one database. */
export class SerializableXacts {
  /** @internal The SIREAD lock table (SerializableXact takes and checks locks here). */
  readonly locks = new PredicateLockTable<SerializableXact>();
  /** Incremented at every prepare and commit (PostgreSQL's LastSxactCommitSeqNo). */
  private lastCommitSeqNo = 1;
  private readonly active = new Set<SerializableXact>();
  /** Committed and kept, in commit order. */
  private readonly committed: SerializableXact[] = [];
  private readonly xids = new Map<TxnId, SerializableXact>();

  /**
   * Creates the SSI state of a serializable transaction taking its snapshot (whose xmin is
   * `snapshotXmin`) now. Returns
   * undefined for a READ ONLY transaction with no concurrent writer: its snapshot is safe.
   */
  register(owner: SsiOwner, readOnly: boolean, snapshotXmin: TxnId): SerializableXact | undefined {
    const sx = new SerializableXact(this, owner, readOnly);
    sx.lastCommitBeforeSnapshot = this.lastCommitSeqNo;
    sx.snapshotXmin = snapshotXmin;
    if (readOnly) {
      for (const other of this.active) {
        if (other.doomed || other.readOnly) continue;
        sx.possibleUnsafeConflicts.add(other);
        other.possibleUnsafeConflicts.add(sx);
      }
      if (sx.possibleUnsafeConflicts.size === 0) return undefined;
    }
    if (owner.xid !== 0) this.xidAssigned(sx, owner.xid);
    this.active.add(sx);
    return sx;
  }

  /** Records the transaction's xid, so conflict-out can find it from a version's xmin/xmax. */
  xidAssigned(sx: SerializableXact, xid: TxnId): void {
    sx.xid = xid;
    this.xids.set(xid, sx);
  }

  /** The SSI state of the serializable transaction `xid`, if it still matters. */
  byXid(xid: TxnId): SerializableXact | undefined {
    return this.xids.get(xid);
  }

  /** The commit-time check; see rw-conflicts.ts. @throws DbError 40001. */
  preCommit(sx: SerializableXact): void {
    preCommitCheck(sx, () => ++this.lastCommitSeqNo);
  }

  /**
   * The transaction ended (PostgreSQL's ReleasePredicateLocks): on commit, record the commit
   * and keep what overlapping transactions still need; on abort, drop everything. `nextXid`: the
   * next xid to be assigned, at a commit.
   */
  release(sx: SerializableXact, isCommit: boolean, nextXid: TxnId = 0 as TxnId): void {
    if (sx.released) return;
    const declaredReadOnly = sx.readOnly;
    this.active.delete(sx);
    if (isCommit) {
      sx.committed = true;
      sx.commitSeqNo = ++this.lastCommitSeqNo;
      sx.finishedBefore = nextXid;
      if (!sx.prepared) {
        sx.prepared = true;
        sx.prepareSeqNo = sx.commitSeqNo;
      }
      if (!sx.didWrite) sx.readOnly = true;
    }
    for (const w of sx.outConflicts) {
      if (isCommit && !sx.readOnly && w.committed) {
        if (!sx.conflictOut || w.prepareSeqNo < sx.earliestOutConflictCommit) {
          sx.earliestOutConflictCommit = w.prepareSeqNo;
        }
        sx.conflictOut = true;
      }
      if (!isCommit || w.committed) unlink(sx, w);
    }
    for (const r of sx.inConflicts) {
      if (!isCommit || r.committed || r.readOnly) unlink(r, sx);
    }
    if (!declaredReadOnly) {
      for (const ro of sx.possibleUnsafeConflicts) {
        if (
          isCommit &&
          !sx.readOnly &&
          sx.conflictOut &&
          sx.earliestOutConflictCommit <= ro.lastCommitBeforeSnapshot
        ) {
          flagUnsafe(ro);
        } else {
          sx.possibleUnsafeConflicts.delete(ro);
          ro.possibleUnsafeConflicts.delete(sx);
          if (ro.possibleUnsafeConflicts.size === 0) ro.roSafe = true;
        }
        if (ro.roSafe || ro.roUnsafe) wake(ro);
      }
    } else {
      for (const w of sx.possibleUnsafeConflicts) w.possibleUnsafeConflicts.delete(sx);
      sx.possibleUnsafeConflicts.clear();
    }
    if (isCommit && !sx.roSafe) this.committed.push(sx);
    else this.discard(sx);
    this.clearOld();
  }

  /** A READ ONLY transaction proven safe: it needs no SSI from now on. */
  releaseSafe(sx: SerializableXact): void {
    this.active.delete(sx);
    this.discard(sx);
    this.clearOld();
  }

  /** @internal Counts for tests. */
  stats(): SsiStats {
    let locks = 0;
    for (const sx of this.active) locks += sx.locks.size;
    for (const sx of this.committed) locks += sx.locks.size;
    return { active: this.active.size, committedKept: this.committed.length, locks };
  }

  /**
   * Drops committed transactions no running serializable transaction overlaps: those that
   * finished before the oldest snapshot xmin of the running ones (PostgreSQL's
   * ClearOldPredicateLocks with SxactGlobalXmin).
   */
  private clearOld(): void {
    let horizon = Number.POSITIVE_INFINITY;
    for (const a of this.active) horizon = Math.min(horizon, a.snapshotXmin);
    // `committed` is in commit order, so finishedBefore grows along it: drop a prefix.
    let n = 0;
    while (n < this.committed.length && this.committed[n]!.finishedBefore <= horizon)
      this.discard(this.committed[n++]!);
    if (n > 0) this.committed.splice(0, n);
  }

  private discard(sx: SerializableXact): void {
    for (const w of sx.outConflicts) unlink(sx, w);
    for (const r of sx.inConflicts) unlink(r, sx);
    for (const o of sx.possibleUnsafeConflicts) o.possibleUnsafeConflicts.delete(sx);
    sx.possibleUnsafeConflicts.clear();
    this.locks.releaseAll(sx);
    if (sx.xid !== 0 && this.xids.get(sx.xid) === sx) this.xids.delete(sx.xid);
    sx.released = true;
    wake(sx);
  }
}

function unlink(reader: SerializableXact, writer: SerializableXact): void {
  reader.outConflicts.delete(writer);
  writer.inConflicts.delete(reader);
}

function flagUnsafe(ro: SerializableXact): void {
  ro.roUnsafe = true;
  for (const w of ro.possibleUnsafeConflicts) w.possibleUnsafeConflicts.delete(ro);
  ro.possibleUnsafeConflicts.clear();
}

function wake(sx: SerializableXact): void {
  for (const resolve of sx.safetyWaiters.splice(0)) resolve();
}
