/**
 * Two-phase commit statements: PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED, with
 * PostgreSQL 15's rules and errors. The session decides the block-state cases (PREPARE outside a
 * block answers ROLLBACK with a WARNING, inside a failed one rolls back; COMMIT/ROLLBACK
 * PREPARED refuse to run inside a block); this file checks and does the rest.
 *
 * `max_prepared_transactions` (a Database.open option, `-c max_prepared_transactions=N` on the
 * server, SHOW-able, not SET-able) is 0 by default as in PostgreSQL: PREPARE then fails with
 * 55000. A transaction that created, read or wrote temporary relations cannot be prepared
 * (0A000), as in PostgreSQL.
 *
 * After PREPARE the transaction belongs to the TxnManager (txn's two-phase-state.ts): still in
 * progress for everyone, its catalog changes still pending in the Catalog under its xid, until
 * COMMIT/ROLLBACK PREPARED from any session settles both.
 */
import type { Catalog, PreparedXactInfo } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { Transaction, TxnManager } from '@rustydb/txn';

/** Who prepares, for pg_prepared_xacts. */
export interface PrepareInfo {
  readonly owner: string;
  readonly database: string;
  readonly maxPrepared: number;
  /** The session's temporary schema (pg_temp_N). */
  readonly tempSchema: string;
  /** The transaction read or wrote a temporary table (the session tracks it). */
  readonly touchedTemp: boolean;
}

/**
 * Checks and prepares `tx` as `gid`. Async (awaits the prepare record's flush). On any error the
 * transaction is still active and the caller aborts it (PostgreSQL rolls it back too).
 * @throws DbError 55000 (disabled), 53400 (limit reached), 0A000 (temporary objects), 42710
 * (gid in use), 58030 (WAL).
 */
export async function prepareTransaction(
  tx: Transaction,
  gid: string,
  txns: TxnManager,
  catalog: Catalog,
  info: PrepareInfo,
): Promise<void> {
  if (info.maxPrepared <= 0) {
    throw new DbError('55000', 'prepared transactions are disabled', {
      hint: 'Set max_prepared_transactions to a nonzero value.',
    });
  }
  if (txns.preparedCount >= info.maxPrepared) {
    throw new DbError('53400', 'maximum number of prepared transactions reached', {
      hint: `Increase max_prepared_transactions (currently ${info.maxPrepared}).`,
    });
  }
  if (gid.length >= 200) {
    throw new DbError('22023', `transaction identifier "${gid}" is too long`);
  }
  if (info.touchedTemp || createdTemporaryObjects(tx, catalog, info.tempSchema)) {
    throw new DbError('0A000', 'cannot PREPARE a transaction that has operated on temporary objects');
  }
  await tx.prepare(gid, { owner: info.owner, database: info.database });
}

/**
 * COMMIT PREPARED / ROLLBACK PREPARED `gid`: ends the prepared transaction and settles its
 * catalog changes. Async. @throws DbError 42704 (no such gid), 55000 (busy), 58030 (WAL).
 */
export async function finishPreparedTransaction(
  gid: string,
  commit: boolean,
  txns: TxnManager,
  catalog: Catalog,
): Promise<void> {
  const xid = await txns.finishPrepared(gid, commit);
  catalog.finishPrepared(xid, commit);
}

/** Did `tx` create a temporary relation (reads and writes the session tracks itself)? */
function createdTemporaryObjects(tx: Transaction, catalog: Catalog, schema: string): boolean {
  return catalog.pendingNames(tx).some((key) => key.startsWith(`${schema}.`));
}

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01). */
const PG_EPOCH_MS = 946_684_800_000;

/** pg_prepared_xacts' rows (system-catalog/pg-system-views.ts), oldest first. Sync. */
export function preparedTransactionInfos(txns: TxnManager): PreparedXactInfo[] {
  return txns.preparedTransactions().map((p) => ({
    xid: p.xid,
    gid: p.gid,
    prepared: BigInt(p.prepared - PG_EPOCH_MS) * 1000n,
    owner: p.owner,
    database: p.database,
  }));
}
