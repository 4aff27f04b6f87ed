/**
 * Lock tags: what a heavyweight lock locks. PostgreSQL's LOCKTAG, reduced to the four kinds the
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
 * - `advisory`: an application-defined key (pg_advisory_lock and friends), held at session or
 *   transaction level (LockManager's session holds). Encoded as PostgreSQL's SET_LOCKTAG_INT64 /
 *   SET_LOCKTAG_INT32: a bigint key is (high half, low half, 1), an (int4, int4) key (k1, k2, 2),
 *   each half as an unsigned 32-bit number (pg_locks.classid / objid / objsubid).
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

/** An advisory lock's key, as pg_locks shows it (classid, objid, objsubid). */
export interface AdvisoryLockTag {
  readonly kind: 'advisory';
  readonly key: string;
  /** The high half of a bigint key, or the first int4 key: unsigned 32 bits. */
  readonly classid: number;
  /** The low half of a bigint key, or the second int4 key: unsigned 32 bits. */
  readonly objid: number;
  /** 1 for a bigint key, 2 for an (int4, int4) key. */
  readonly objsubid: 1 | 2;
}

/** What a heavyweight lock locks. */
export type LockTag = RelationLockTag | TupleLockTag | TransactionLockTag | AdvisoryLockTag;

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

/** The advisory lock tag of a bigint key (pg_advisory_lock(bigint)). */
export function advisoryLockTag64(key: bigint): AdvisoryLockTag {
  const classid = Number(BigInt.asUintN(64, key) >> 32n);
  const objid = Number(BigInt.asUintN(32, key));
  return advisoryTag(classid, objid, 1);
}

/** The advisory lock tag of an (int4, int4) key (pg_advisory_lock(int, int)). */
export function advisoryLockTag32(key1: number, key2: number): AdvisoryLockTag {
  return advisoryTag(key1 >>> 0, key2 >>> 0, 2);
}

function advisoryTag(classid: number, objid: number, objsubid: 1 | 2): AdvisoryLockTag {
  return { kind: 'advisory', key: `a${classid}:${objid}:${objsubid}`, classid, objid, objsubid };
}

/**
 * The tag as PostgreSQL's DescribeLockTag words it in deadlock reports: `relation 16384 of
 * database 5`, `tuple (0,1) of relation 16384 of database 5`, `transaction 745`, `advisory lock
 * [5,0,1,1]`. The database part is left out (0 in an advisory lock) when `database` is undefined.
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
    case 'advisory':
      return `advisory lock [${database ?? 0},${tag.classid},${tag.objid},${tag.objsubid}]`;
  }
}
