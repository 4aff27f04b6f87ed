/**
 * ALTER INDEX [IF EXISTS] name RENAME TO new | SET (…) | RESET (…). A rename is the relation
 * rename ALTER TABLE … RENAME does (PostgreSQL takes any relation here); SET / RESET change the
 * index's storage parameters (pg_class.reloptions), checked for its access method.
 */
import type { IndexDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { AlterIndexStmt, StorageParameter } from '@rustydb/parser';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';
import { relationOptions } from './storage-parameters.js';

export function alterIndex(stmt: AlterIndexStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  const entry = ctx.catalog.relation(stmt.name.name, stmt.name.schema);
  if (!entry) {
    if (!stmt.ifExists) {
      throw new DbError('42P01', `relation "${stmt.name.name}" does not exist`, {
        position: stmt.name.location + 1,
      });
    }
    ctx.out.notice(notice('00000', `relation "${stmt.name.name}" does not exist, skipping`));
    ctx.out.commandComplete('ALTER INDEX');
    return;
  }
  const action = stmt.action;
  if (action.kind === 'rename') {
    ctx.engine.catalog.renameRelation(ctx.tx, entry.def.oid, action.to);
  } else {
    if (entry.kind !== 'index') throw new DbError('42809', `"${stmt.name.name}" is not an index`);
    setIndexOptions(ctx, entry.def, action.options, action.reset);
  }
  ctx.out.commandComplete('ALTER INDEX');
}

/** SET (…) / RESET (…) on index `index`. */
export function setIndexOptions(
  ctx: StatementContext,
  index: IndexDef,
  params: readonly StorageParameter[],
  reset: boolean,
): void {
  const options = relationOptions(index.options ?? [], params, reset, {
    kind: 'index',
    method: index.method,
  });
  ctx.engine.catalog.setRelationOptions(ctx.tx, index.oid, options);
}
