/**
 * Table locks of utility statements, held to transaction end like every heavyweight lock
 * (TxnManager releases them): LOCK TABLE in its eight modes, and the locks PostgreSQL's DDL
 * takes before it runs — AccessExclusive for DROP, TRUNCATE and ALTER TABLE, Share for CREATE
 * INDEX, ShareUpdateExclusive for ANALYZE, RowExclusive for COPY FROM, AccessShare for COPY TO.
 * (COPY FROM's insert operator cannot hand row waits to executePlan: a unique key held by an
 * in-progress transaction is still 23505 at once there.) Queries and DML lock their relations in the executor
 * (executor's relation-locks.ts), so cached plans lock too.
 *
 * VACUUM takes ShareUpdateExclusive on each table itself, table by table (vacuum-statement.ts).
 * NB: LOCK on a view locks the view itself, not (as PostgreSQL does) the tables it reads.
 */

import { DbError, type Oid } from '@rustydb/common';
import type { StatementLocks } from '@rustydb/executor';
import type { LockStmt, ObjectName, Statement, TableLockModeName } from '@rustydb/parser';
import { LockMode, relationLockTag } from '@rustydb/txn';
import { checkLockPrivileges } from './ddl-privileges.js';
import { KIND_PLURALS, objectKindOf } from './relation-kinds.js';
import type { StatementContext } from './session.js';

const MODES: Readonly<Record<TableLockModeName, LockMode>> = {
  accessShare: LockMode.AccessShare,
  rowShare: LockMode.RowShare,
  rowExclusive: LockMode.RowExclusive,
  shareUpdateExclusive: LockMode.ShareUpdateExclusive,
  share: LockMode.Share,
  shareRowExclusive: LockMode.ShareRowExclusive,
  exclusive: LockMode.Exclusive,
  accessExclusive: LockMode.AccessExclusive,
};

/**
 * LOCK TABLE: acquires the mode on each named relation in order (the caller checked that a
 * transaction block is open: 25P01 otherwise). Async: resolves once every lock is held.
 * @throws DbError 42P01 for an unknown name, 42809 `cannot lock relation "s"` for an index or a
 * sequence, 55P03 with NOWAIT or on lock_timeout, 40P01, 57014.
 */
export async function runLockStatement(stmt: LockStmt, ctx: StatementContext): Promise<void> {
  const locks = ctx.execution().locks;
  const mode = MODES[stmt.mode];
  const targets: { oid: Oid; name: string }[] = [];
  for (const name of stmt.tables) {
    const entry = ctx.catalog.relation(name.name, name.schema);
    if (entry === undefined) {
      const shown = name.schema ? `${name.schema}.${name.name}` : name.name;
      throw new DbError('42P01', `relation "${shown}" does not exist`);
    }
    const kind = objectKindOf(entry);
    if (kind === 'index' || kind === 'sequence' || kind === 'materializedView') {
      throw new DbError('42809', `cannot lock relation "${name.name}"`, {
        detail: `This operation is not supported for ${KIND_PLURALS[kind]}.`,
      });
    }
    targets.push({ oid: entry.def.oid, name: entry.def.name });
  }
  checkLockPrivileges(stmt, ctx);
  if (locks !== undefined) {
    const options = stmt.nowait ? { ...locks.wait, nowait: true } : locks.wait;
    for (const t of targets) {
      const waiting = locks.manager.acquire(locks.owner, relationLockTag(t.oid, t.name), mode, options);
      if (waiting !== undefined) await waiting;
    }
  }
  ctx.out.commandComplete('LOCK TABLE');
}

/**
 * The lock a DDL or maintenance statement takes on the relations it names before running (see
 * the file comment); names that do not resolve are left to the statement's own error. Async only
 * when a lock must wait.
 * @throws (rejects) 55P03 on lock_timeout, 40P01, 57014.
 */
export async function lockStatementRelations(stmt: Statement, ctx: StatementContext): Promise<void> {
  const wanted = relationsOf(stmt);
  if (wanted === undefined) return;
  const locks: StatementLocks | undefined = ctx.execution().locks;
  if (locks === undefined) return;
  let waited = false;
  for (const name of wanted.names) {
    const entry = ctx.catalog.relation(name.name, name.schema);
    if (entry === undefined) continue;
    // DROP INDEX locks the index's table too (PostgreSQL: AccessExclusive on both).
    const def = entry.kind === 'index' ? entry.table : entry.def;
    const waiting = locks.manager.acquire(
      locks.owner,
      relationLockTag(def.oid, def.name),
      wanted.mode,
      locks.wait,
    );
    if (waiting === undefined) continue;
    await waiting;
    waited = true;
  }
  // The holder may have committed rows this statement must see: ALTER TABLE's validation of a
  // CHECK or NOT NULL behind a TRUNCATE that refilled the table would otherwise read the new
  // file with the snapshot taken before the wait (no rows: the constraint accepted over rows
  // that break it). READ COMMITTED takes a new statement snapshot, as PostgreSQL takes its
  // snapshot after the lock (plan-locks.ts does the same for queries).
  if (waited) ctx.tx.startStatement();
}

function relationsOf(stmt: Statement): { names: readonly ObjectName[]; mode: LockMode } | undefined {
  switch (stmt.kind) {
    case 'drop':
      return stmt.objectType === 'schema' || stmt.objectType === 'extension'
        ? undefined
        : { names: stmt.names, mode: LockMode.AccessExclusive };
    case 'truncate':
      return { names: stmt.tables, mode: LockMode.AccessExclusive };
    case 'alterTable':
      return { names: [stmt.table], mode: LockMode.AccessExclusive };
    case 'alterIndex':
      return { names: [stmt.name], mode: LockMode.AccessExclusive };
    case 'createIndex':
      return { names: [stmt.table], mode: LockMode.Share };
    // CREATE TRIGGER takes SHARE ROW EXCLUSIVE (blocks writers, not readers); DROP TRIGGER and
    // ALTER TRIGGER … RENAME take ACCESS EXCLUSIVE, as PostgreSQL 15 does.
    case 'createTrigger':
      return { names: [stmt.table], mode: LockMode.ShareRowExclusive };
    case 'dropTrigger':
    case 'alterTrigger':
      return { names: [stmt.table], mode: LockMode.AccessExclusive };
    case 'refreshMatView':
      // CONCURRENTLY lets readers (AccessShare) in: they see the old rows or the new ones.
      return { names: [stmt.name], mode: stmt.concurrently ? LockMode.Exclusive : LockMode.AccessExclusive };
    case 'analyze':
      return { names: stmt.tables.map((t) => t.name), mode: LockMode.ShareUpdateExclusive };
    case 'copy':
      // COPY (query) TO locks through the executor like any query.
      if (stmt.table === undefined) return undefined;
      return {
        names: [stmt.table],
        mode: stmt.direction === 'from' ? LockMode.RowExclusive : LockMode.AccessShare,
      };
    default:
      return undefined;
  }
}
