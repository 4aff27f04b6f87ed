/**
 * pg_locks' rows from the lock table (PostgreSQL's pg_lock_status in lockfuncs.c): each held
 * mode and each awaited request, with the tag's columns as PostgreSQL fills them per locktype.
 */
import type { LockRowInfo } from '@rustydb/catalog';
import { assertNever } from '@rustydb/common';
import { type LockInfo, type LockManager, lockModeName } from '@rustydb/txn';
import { pgNow } from './session-catalog-info.js';

/** Every lock of `manager` as a pg_locks row; `database` is the database's oid. Sync. */
export function lockStatus(manager: LockManager, database: number): LockRowInfo[] {
  return manager.locks().map((l) => lockRow(l, database));
}

function lockRow(l: LockInfo, database: number): LockRowInfo {
  const row = {
    database: null,
    relation: null,
    page: null,
    tuple: null,
    transactionid: null,
    classid: null,
    objid: null,
    objsubid: null,
    // Sessions own locks by backend pid; a prepared transaction's owner (negative) has none.
    pid: l.owner > 0 ? l.processId : null,
    mode: lockModeName(l.mode),
    granted: l.granted,
    waitstart: l.waitStart === undefined ? null : pgNow(l.waitStart),
  };
  const tag = l.tag;
  switch (tag.kind) {
    case 'relation':
      return { ...row, locktype: tag.kind, database, relation: tag.relation };
    case 'tuple':
      return {
        ...row,
        locktype: tag.kind,
        database,
        relation: tag.relation,
        page: tag.tid.page,
        tuple: tag.tid.slot,
      };
    case 'transactionid':
      return { ...row, locktype: tag.kind, transactionid: tag.xid };
    case 'advisory':
      return {
        ...row,
        locktype: tag.kind,
        database,
        classid: tag.classid,
        objid: tag.objid,
        objsubid: tag.objsubid,
      };
    default:
      return assertNever(tag);
  }
}
