/**
 * PREPARE TRANSACTION, COMMIT PREPARED and ROLLBACK PREPARED as session statements: the block
 * states, as PostgreSQL's, around two-phase-statements.ts (which checks and does the work).
 */
import { DbError } from '@rustydb/common';
import type { QueryOutput } from '@rustydb/protocol';
import { tempSchemaOf } from './search-path.js';
import type { TransactionBlock } from './transaction-block.js';
import { finishPreparedTransaction, prepareTransaction } from './two-phase-statements.js';

/**
 * PREPARE TRANSACTION: hands the block's transaction to the TxnManager and leaves the session
 * idle. Outside a block: ROLLBACK's WARNING and tag; in a failed block: a plain ROLLBACK. Async
 * (the prepare record's flush). @throws DbError from two-phase-statements.ts; the transaction
 * is then rolled back (or, failing after the handover, left prepared) and the block is idle.
 */
export async function runPrepareTransaction(
  block: TransactionBlock,
  gid: string,
  out: QueryOutput,
): Promise<void> {
  if (block.state === 'idle' || block.state === 'failed') return block.endStatement(false, out);
  if (block.state === 'implicit') {
    out.notice(new DbError('25P01', 'there is no transaction in progress', { severity: 'WARNING' }));
  }
  const tx = block.tx!;
  const engine = block.engine;
  // The deferred constraint checks run first; a failure rolls back (checkDeferred aborts).
  if (block.deferred.pending > 0) block.checkDeferred();
  try {
    await prepareTransaction(tx, gid, engine.txns, engine.catalog, {
      owner: engine.roleName ?? 'rustydb',
      database: engine.databaseName ?? 'rustydb',
      maxPrepared: engine.maxPreparedTransactions ?? 0,
      tempSchema: tempSchemaOf(block.processId),
      touchedTemp: block.touchedTemp,
    });
  } catch (err) {
    // PostgreSQL rolls the transaction back and leaves the block. A failure after the
    // handover (the prepare record's flush) leaves it prepared: the session is out of it.
    block.state = 'idle';
    if (tx.state === 'active') block.abort();
    else {
      block.tx = undefined;
      block.savepoints.clear();
      block.deferred.clear();
      block.settings.endTransaction(false);
      block.closePortals();
    }
    throw err;
  }
  block.tx = undefined;
  block.state = 'idle';
  block.savepoints.clear();
  block.deferred.clear();
  block.settings.endTransaction(true);
  block.closePortals();
  out.commandComplete('PREPARE TRANSACTION');
}

/**
 * COMMIT PREPARED / ROLLBACK PREPARED: only outside a transaction block. Async.
 * @throws DbError 25001 inside a block, else from two-phase-statements.ts.
 */
export async function runFinishPrepared(
  block: TransactionBlock,
  commit: boolean,
  gid: string,
  out: QueryOutput,
): Promise<void> {
  const tag = commit ? 'COMMIT PREPARED' : 'ROLLBACK PREPARED';
  if (block.state !== 'idle') throw new DbError('25001', `${tag} cannot run inside a transaction block`);
  await finishPreparedTransaction(gid, commit, block.engine.txns, block.engine.catalog);
  out.commandComplete(tag);
}
