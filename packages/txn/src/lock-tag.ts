/**
 * Lock tags: what a heavyweight lock locks. PostgreSQL's LOCKTAG, reduced to the three kinds the
 * engine needs now; the `kind` names are pg_locks.locktype values.
 *
 * - `relation`: a table, index, sequence… by oid. Every statement takes one on each relation it
 *   touches (AccessShare to read, RowExclusive to write, AccessExclusive for most DDL).
 * - `tuple`: one tuple version of a relation. NB: row locks themselves live in tuple headers (see
 *   row-lock.ts); this heavyweight lock is only taken by a session about to wait for a row, so that
 *   several waiters for the same row queue in FIFO order, as PostgreSQL's heap_lock_tuple does.
 * - `transactionid`: a transaction id. A transaction holds ExclusiveLock on its own xid from the
 *   moment the xid is assigned until it ends; waiting for a row means taking ShareLock on the xid
 *   of the transaction holding it (PostgreSQL's XactLockTableWait), so row waits are lock-table
 *   waits the deadlock detector can see.
 *
 * Tags are plain readonly data made by the factories below, which compute `key` once (the lock
 * table's map key), so a caller that keeps a tag (e.g. per relation in a cached plan) pays nothing
 * per acquisition. The names carried for messages are not part of the key.
 */
import { formatTid, type Oid, type Tid, type TxnId } from '@rustydb/common';

/** A relation (table, index, sequence, …). */
export interface RelationLockTag {
  readonly kind: 'relation';
  readonly key: string;
  readonly relation: Oid;
  /** The relation's name as messages print it (`could not obtain lock on relation "t"`). */
  readonly name: string;
}

/** One tuple version: the queue-position lock of row waiters. */
export interface TupleLockTag {
  readonly kind: 'tuple';
  readonly key: string;
  readonly relation: Oid;
  readonly tid: Tid;
  /** The relation's name as messages print it (`could not obtain lock on row in relation "t"`). */
  readonly name: string;
}

/** A transaction id: held ExclusiveLock by its transaction, taken ShareLock to wait for it. */
export interface TransactionLockTag {
  readonly kind: 'transactionid';
  readonly key: string;
  readonly xid: TxnId;
}

/** What a heavyweight lock locks. */
export type LockTag = RelationLockTag | TupleLockTag | TransactionLockTag;

/** The lock tag of relation `relation`, named `name` in messages. Allocates one small object. */
export function relationLockTag(relation: Oid, name: string): RelationLockTag {
  return { kind: 'relation', key: `r${relation}`, relation, name };
}

/** The lock tag of tuple `tid` of relation `relation` (named `name` in messages). */
export function tupleLockTag(relation: Oid, tid: Tid, name: string): TupleLockTag {
  return { kind: 'tuple', key: `t${relation}:${tid.page}:${tid.slot}`, relation, tid, name };
}

/** The lock tag of transaction id `xid`. */
export function transactionLockTag(xid: TxnId): TransactionLockTag {
  return { kind: 'transactionid', key: `x${xid}`, xid };
}

/**
 * The tag as PostgreSQL's DescribeLockTag words it in deadlock reports: `relation 16384 of
 * database 5`, `tuple (0,1) of relation 16384 of database 5`, `transaction 745`. The database
 * part is left out when `database` is undefined.
 */
export function describeLockTag(tag: LockTag, database?: Oid): string {
  const ofDatabase = database === undefined ? '' : ` of database ${database}`;
  switch (tag.kind) {
    case 'relation':
      return `relation ${tag.relation}${ofDatabase}`;
    case 'tuple':
      return `tuple ${formatTid(tag.tid)} of relation ${tag.relation}${ofDatabase}`;
    case 'transactionid':
      return `transaction ${tag.xid}`;
  }
}
