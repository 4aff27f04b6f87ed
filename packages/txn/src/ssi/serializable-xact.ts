/**
 * SerializableXact: the SSI state of one SERIALIZABLE transaction (PostgreSQL's SERIALIZABLEXACT),
 * and the API the executor calls while that transaction reads and writes:
 *
 * - reads: `lockRelation` (a sequential scan), `lockKeyRange` + `lockTuple` (an index scan: the
 *   range it searched and each visible version it returned), `checkConflictOut` (every version a
 *   scan examines: one written by a concurrent transaction gives an edge me →rw writer);
 * - writes: `checkConflictInRelation` (INSERT), `checkConflictInTuple` (UPDATE/DELETE of a
 *   version), `checkConflictInKey` (every index entry written, and a unique violation about to be
 *   raised), `checkConflictInTable` (TRUNCATE): SIREAD locks of other serializable transactions
 *   give edges holder →rw me.
 *
 * The object outlives its transaction's commit while an overlapping serializable transaction
 * runs (its locks and edges still matter), then `SerializableXacts` drops it. The executor only
 * calls these for `tx.isolation === 'serializable'` transactions (via `tx.ssi`), so other
 * isolation levels pay nothing.
 *
 * Synchronous; the checks throw DbError 40001 (see rw-conflicts.ts for which reason when).
 */
import { INVALID_TXN_ID, type TxnId } from '@rustydb/common';
import { type Snapshot, xidInSnapshot } from '../snapshot.js';
import type { VersionHeader } from '../visibility.js';
import { HeldLocks, type LockedKeyRange } from './predicate-locks.js';
import { flagRwConflict } from './rw-conflicts.js';
import type { SerializableXacts } from './serializable-xacts.js';
import { serializationFailure } from './ssi-errors.js';

/** What the SSI state needs from its transaction. */
export interface SsiOwner {
  readonly xid: TxnId;
  readonly snapshot: Snapshot;
}

/** One serializable transaction's SSI state. Created by `SerializableXacts.register`. */
export class SerializableXact {
  /** The top-level xid once assigned (INVALID_TXN_ID before): how conflict-out finds us. */
  xid: TxnId = INVALID_TXN_ID;
  /** Our snapshot's xmin. */
  snapshotXmin: TxnId = INVALID_TXN_ID;
  /** At commit, the next xid to be assigned: whoever's snapshot xmin is at or past it follows us. */
  finishedBefore: TxnId = INVALID_TXN_ID;
  /** The commit sequence number of the last serializable commit before our snapshot. */
  lastCommitBeforeSnapshot = 0;
  /** Set by the commit-time check (PostgreSQL "prepared": past the point of no return). */
  prepareSeqNo = 0;
  commitSeqNo = 0;
  /** Of the out-conflicts to transactions that committed before us, the earliest prepareSeqNo. */
  earliestOutConflictCommit = 0;
  prepared = false;
  committed = false;
  /** Must fail at its next conflict check or commit. */
  doomed = false;
  /** Declared READ ONLY, or (set at commit) wrote nothing. */
  readOnly: boolean;
  /** Reached a conflict-in check: it writes. */
  didWrite = false;
  /** Committed with an rw-conflict out to a transaction that committed before it. */
  conflictOut = false;
  /** A READ ONLY transaction proven safe: it needs no SSI any more (its state is released). */
  roSafe = false;
  /** A READ ONLY transaction proven unsafe: it keeps full SSI to its end. */
  roUnsafe = false;
  /** Released (aborted, safe, or dropped after commit): every call is a no-op. */
  released = false;
  /** Readers R with R →rw this. */
  readonly inConflicts = new Set<SerializableXact>();
  /** Writers W with this →rw W. */
  readonly outConflicts = new Set<SerializableXact>();
  /**
   * For a READ ONLY transaction: the concurrent writers that could still make its snapshot
   * unsafe; for a writer: the READ ONLY transactions it could make unsafe.
   */
  readonly possibleUnsafeConflicts = new Set<SerializableXact>();
  /** This transaction's SIREAD locks. */
  readonly locks = new HeldLocks();
  /** Resolvers of a DEFERRABLE wait for safety. */
  readonly safetyWaiters: (() => void)[] = [];

  /** @internal Created by SerializableXacts.register. */
  constructor(
    private readonly xacts: SerializableXacts,
    readonly owner: SsiOwner,
    readOnly: boolean,
  ) {
    this.readOnly = readOnly;
  }

  /** SIREAD lock on relation `rel` (a sequential scan). Synchronous. */
  lockRelation(rel: number): void {
    if (this.needsLocks()) this.xacts.locks.lockRelation(this, rel);
  }

  /** SIREAD lock on the version at packed tid `tid` of relation `rel` (an index scan returned it). */
  lockTuple(rel: number, tid: number): void {
    if (this.needsLocks()) this.xacts.locks.lockTuple(this, rel, tid);
  }

  /** SIREAD lock on the key range an index scan of index `index` searched. */
  lockKeyRange(index: number, range: LockedKeyRange): void {
    if (this.needsLocks()) this.xacts.locks.lockKeyRange(this, index, range);
  }

  /**
   * Conflict-out (CheckForSerializableConflictOut): a scan examined `v`, which is `visible` or
   * not to us. A concurrent serializable transaction that inserted an invisible version or
   * deleted a visible one gives the edge me →rw it. Synchronous, no allocation.
   * @throws DbError 40001 if we are doomed, or if the edge makes us a pivot we must cancel.
   */
  checkConflictOut(v: VersionHeader, visible: boolean): void {
    if (!this.needsLocks()) return;
    if (this.doomed) {
      throw serializationFailure('Canceled on identification as a pivot, during conflict out checking.');
    }
    const xid = visible ? v.xmax : v.xmin;
    if (xid === INVALID_TXN_ID || xid === this.owner.xid) return;
    // Only a write our snapshot does not include counts (an aborted writer has no state left).
    if (!xidInSnapshot(xid, this.owner.snapshot)) return;
    const writer = this.xacts.byXid(xid);
    if (writer === undefined || writer === this || writer.doomed) return;
    if (
      this.readOnly &&
      writer.committed &&
      (!writer.conflictOut || this.lastCommitBeforeSnapshot < writer.earliestOutConflictCommit)
    ) {
      return; // the read-only transaction can be serialized before the writer
    }
    if (this.outConflicts.has(writer)) return;
    flagRwConflict(this, writer, this);
  }

  /**
   * Conflict-in for an INSERT into relation `rel`: readers holding its relation lock.
   * @throws DbError 40001 if we are doomed or become a pivot that must be cancelled.
   */
  checkConflictInRelation(rel: number): void {
    if (!this.startWrite()) return;
    this.conflictsFrom(this.xacts.locks.holdersOfRelation(rel));
  }

  /** Conflict-in for an UPDATE/DELETE of the version at `tid` in `rel`: tuple and relation locks. */
  checkConflictInTuple(rel: number, tid: number): void {
    if (!this.startWrite()) return;
    this.conflictsFrom(this.xacts.locks.holdersOfTuple(rel, tid));
    this.conflictsFrom(this.xacts.locks.holdersOfRelation(rel));
  }

  /** Conflict-in for writing key `key` into index `index`: readers whose searched range holds it. */
  checkConflictInKey(index: number, key: Uint8Array): void {
    if (!this.startWrite()) return;
    this.conflictsFrom(this.xacts.locks.holdersOfKey(index, key));
  }

  /**
   * Conflict-in for TRUNCATE of relation `rel` (PostgreSQL's CheckTableForSerializableConflictIn):
   * every other transaction holding a SIREAD lock on the relation or one of its tuples, committed
   * or not, gives holder →rw me.
   * @throws DbError 40001 if we are doomed or become a pivot that must be cancelled.
   */
  checkConflictInTable(rel: number): void {
    if (!this.startWrite()) return;
    const holders = new Set(this.xacts.locks.holdersOfRelation(rel));
    this.xacts.locks.forEachTupleHolder(rel, (h) => holders.add(h));
    for (const reader of holders) {
      if (reader === this || reader.outConflicts.has(this)) continue;
      flagRwConflict(reader, this, this);
    }
  }

  /** The commit-time check; see rw-conflicts.ts `preCommitCheck`. */
  preCommit(): void {
    if (this.released) return;
    this.xacts.preCommit(this);
  }

  /**
   * DEFERRABLE: resolves once this READ ONLY transaction's snapshot is known safe or unsafe.
   * Asynchronous (waits for the concurrent writers to end).
   */
  untilSafetyKnown(): Promise<void> {
    if (this.roSafe || this.roUnsafe || this.released) return Promise.resolve();
    return new Promise((resolve) => this.safetyWaiters.push(resolve));
  }

  private needsLocks(): boolean {
    if (this.released) return false;
    if (this.roSafe) {
      this.xacts.releaseSafe(this);
      return false;
    }
    return true;
  }

  private startWrite(): boolean {
    if (this.released) return false;
    if (this.doomed) {
      throw serializationFailure('Canceled on identification as a pivot, during conflict in checking.');
    }
    this.didWrite = true;
    return true;
  }

  private conflictsFrom(holders: Iterable<SerializableXact> | undefined): void {
    if (holders === undefined) return;
    for (const reader of holders) {
      if (reader === this || reader.doomed) continue;
      // A reader that finished before our snapshot is simply before us (PostgreSQL judges this
      // by xids, finishedBefore against our snapshot's xmin; so do we, to fail where it does).
      if (reader.committed && reader.finishedBefore <= this.snapshotXmin) continue;
      if (reader.outConflicts.has(this)) continue;
      flagRwConflict(reader, this, this);
    }
  }
}
