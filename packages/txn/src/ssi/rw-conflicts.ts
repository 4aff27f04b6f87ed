/**
 * The rw-antidependency graph rules of serializable snapshot isolation (Cahill, Röhm, Fekete;
 * PostgreSQL's predicate.c and README-SSI).
 *
 * An edge R →rw W means R read a version that W's write replaced or would have been visible to
 * it: in any serial order R must come before W. Every cycle in a non-serializable history
 * contains a "dangerous structure" T0 →rw T1 →rw T2 in which T2 commits first; SSI cancels a
 * transaction whenever one could form. PostgreSQL's refinements, kept exactly so that 40001 is
 * raised at the same statement:
 * - T2 must commit first, so a structure is harmless while T2 runs, or if T0 or T1 committed
 *   before T2 (`onConflict`, checks 2 and 3);
 * - a READ ONLY T0 is harmless unless T2 committed before T0 took its snapshot;
 * - the pivot T1 is what is cancelled when possible (so that a retry makes progress); at commit
 *   the committing transaction dooms its running pivots (`preCommit`); a doomed transaction fails
 *   at its next conflict check or at commit.
 *
 * Synchronous: one event loop, so the graph needs no locks.
 */
import type { SerializableXact } from './serializable-xact.js';
import { serializationFailure } from './ssi-errors.js';

/**
 * Records R →rw W after checking whether the new edge completes a dangerous structure
 * (PostgreSQL's FlagRWConflict + OnConflict_CheckForSerializationFailure). `me` is the
 * transaction running the check: it is either the reader (a read met W's write) or the writer (a
 * write met R's SIREAD lock).
 * @throws DbError 40001 when `me` must be cancelled; otherwise it may doom the other one.
 */
export function flagRwConflict(
  reader: SerializableXact,
  writer: SerializableXact,
  me: SerializableXact,
): void {
  checkNewConflict(reader, writer, me);
  reader.outConflicts.add(writer);
  writer.inConflicts.add(reader);
}

function checkNewConflict(reader: SerializableXact, writer: SerializableXact, me: SerializableXact): void {
  let failure = false;
  // 1. R → W → T2 where W already committed with a conflict out to a transaction that
  //    committed before it (that is what its conflictOut flag records).
  if (writer.committed && writer.conflictOut) failure = true;
  // 2. W became a pivot with an out-conflict to a T2 that committed (or prepared) first.
  if (!failure) {
    for (const t2 of writer.outConflicts) {
      if (
        t2.prepared &&
        (!reader.committed || t2.prepareSeqNo <= reader.commitSeqNo) &&
        (!writer.committed || t2.prepareSeqNo <= writer.commitSeqNo) &&
        (!reader.readOnly || t2.prepareSeqNo <= reader.lastCommitBeforeSnapshot)
      ) {
        failure = true;
        break;
      }
    }
  }
  // 3. T0 → R → W: R became a pivot and W committed (or prepared) first.
  if (!failure && writer.prepared && !reader.readOnly) {
    for (const t0 of reader.inConflicts) {
      if (
        !t0.doomed &&
        (!t0.committed || t0.commitSeqNo >= writer.prepareSeqNo) &&
        (!t0.readOnly || t0.lastCommitBeforeSnapshot >= writer.prepareSeqNo)
      ) {
        failure = true;
        break;
      }
    }
  }
  if (!failure) return;
  if (me === writer) throw serializationFailure('Canceled on identification as a pivot, during write.');
  if (writer.prepared) {
    // Too late to cancel the writer: cancel the reader, which is us.
    throw serializationFailure(`Canceled on conflict out to pivot ${writer.xid}, during read.`);
  }
  writer.doomed = true;
}

/**
 * The commit-time check (PreCommit_CheckForSerializationFailure): fails if `me` was doomed; dooms
 * every running reader R →rw me that is itself a pivot (some T0 →rw R with T0 = me, or T0 still
 * running and not read-only); then marks `me` prepared with the next sequence number.
 * @throws DbError 40001 if `me` is doomed, or if such a pivot is already prepared.
 */
export function preCommitCheck(me: SerializableXact, nextSeqNo: () => number): void {
  if (me.doomed) throw serializationFailure('Canceled on identification as a pivot, during commit attempt.');
  for (const near of me.inConflicts) {
    if (near.committed || near.doomed) continue;
    for (const far of near.inConflicts) {
      if (far === me || (!far.committed && !far.readOnly && !far.doomed)) {
        if (near.prepared) {
          throw serializationFailure('Canceled on commit attempt with conflict in from prepared pivot.');
        }
        near.doomed = true;
        break;
      }
    }
  }
  me.prepareSeqNo = nextSeqNo();
  me.prepared = true;
}
