/**
 * SET TRANSACTION and SET SESSION CHARACTERISTICS AS TRANSACTION.
 */
import { DbError } from '@rustydb/common';
import type { Statement } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import type { TransactionBlock } from './transaction-block.js';

/**
 * SET TRANSACTION modes: the current block's transaction (an implicit block counts, as in
 * PostgreSQL); outside any block a WARNING 25P01 and no effect. SET SESSION CHARACTERISTICS AS
 * TRANSACTION sets the default_transaction_* settings. Sync. @throws DbError from the settings
 * or Transaction.setCharacteristics (25001 and friends).
 */
export function runSetTransaction(
  block: TransactionBlock,
  stmt: Extract<Statement, { kind: 'setTransaction' }>,
  out: QueryOutput,
): void {
  const m = stmt.modes;
  const settings = block.settings;
  if (stmt.session) {
    if (m.isolationLevel !== undefined) settings.set('default_transaction_isolation', m.isolationLevel);
    if (m.readOnly !== undefined) settings.set('default_transaction_read_only', m.readOnly ? 'on' : 'off');
    if (m.deferrable !== undefined)
      settings.set('default_transaction_deferrable', m.deferrable ? 'on' : 'off');
  } else if (block.state === 'idle') {
    out.notice(
      new DbError('25P01', 'SET TRANSACTION can only be used in transaction blocks', {
        severity: 'WARNING',
      }),
    );
  } else {
    block.applyModes(m);
  }
  out.commandComplete('SET');
}
