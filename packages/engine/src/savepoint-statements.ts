/**
 * SAVEPOINT, RELEASE and ROLLBACK TO as session statements: the block rules around the
 * session's savepoint stack (savepoints.ts). Only inside an explicit block (or a failed one,
 * where ROLLBACK TO revives it).
 */
import { DbError } from '@rustydb/common';
import type { Statement } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import { savepointOutsideBlock } from './savepoints.js';
import type { TransactionBlock } from './transaction-block.js';

/** A savepoint statement. */
export type SavepointStatement = Extract<
  Statement,
  { kind: 'savepoint' | 'releaseSavepoint' | 'rollbackToSavepoint' }
>;

/**
 * Runs a savepoint statement in `block`. Sync.
 * @throws DbError 25P01 outside a block, 3B001 for an unknown name.
 */
export function runSavepointStatement(
  block: TransactionBlock,
  stmt: SavepointStatement,
  out: QueryOutput,
): void {
  if (block.state !== 'explicit' && block.state !== 'failed') throw savepointOutsideBlock(stmt.kind);
  const tx = block.tx;
  const catalog = block.engine.catalog;
  switch (stmt.kind) {
    case 'savepoint':
      block.savepoints.define(stmt.name, tx!, catalog, block.settings, [
        ...block.portals.values(),
        ...block.cursors.values(),
      ]);
      out.commandComplete('SAVEPOINT');
      return;
    case 'releaseSavepoint':
      block.savepoints.release(stmt.name, tx!);
      out.commandComplete('RELEASE');
      return;
    case 'rollbackToSavepoint': {
      // Without a kept transaction (a failed block with no savepoint) the name cannot exist.
      if (tx === undefined) throw new DbError('3B001', `savepoint "${stmt.name}" does not exist`);
      const keep = block.savepoints.rollbackTo(stmt.name, tx, catalog, block.settings);
      for (const [name, portal] of block.portals) {
        if (keep.has(portal) || portal === block.runningPortal) continue;
        portal.close();
        block.portals.delete(name);
      }
      // Cursors declared after the savepoint go with it (PostgreSQL's AtSubAbort_Portals);
      // one closed since stays closed, as portals are not transactional.
      for (const [name, cursor] of block.cursors)
        if (!keep.has(cursor) && !cursor.held) block.cursors.close(name);
      block.state = 'explicit';
      out.commandComplete('ROLLBACK');
      return;
    }
  }
}
