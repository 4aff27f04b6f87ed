/**
 * REINDEX {INDEX | TABLE} [CONCURRENTLY] name: rebuilds an index (or every index of a table)
 * from the table's versions, as PostgreSQL's reindex_index.
 *
 * CRASH SAFETY. The rebuilt index goes into a NEW file (`Catalog.newIndexFile`): the index's
 * catalog row points at it only in this transaction, the old file is removed at commit and the
 * new one at abort. A crash or an error before commit leaves the old, complete index in use;
 * after commit the new one is complete (its pages are WAL-logged like any index change, and the
 * commit waits for the WAL). There is no moment when the index is half-built and in use.
 *
 * Every version the table holds gets an entry, visible or not (other snapshots may still see
 * them); a unique index's keys must be distinct among the versions this transaction sees
 * (23505 `could not create unique index`). CONCURRENTLY is accepted and runs the same way.
 */

import type { IndexDef, TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import { rebuildIndex } from '@rustydb/executor';
import type { ReindexStmt } from '@rustydb/parser';
import { checkStatementPrivileges } from './ddl-privileges.js';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';

/** Runs the statement in `ctx.tx`. Synchronous work. @throws DbError 42P01, 42809, 23505. */
export function runReindex(stmt: ReindexStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.relation);
  checkStatementPrivileges(stmt, ctx);
  const { name, schema } = stmt.relation;
  const entry = ctx.catalog.relation(name, schema);
  if (!entry)
    throw new DbError(
      '42P01',
      `relation "${schema === undefined ? name : `${schema}.${name}`}" does not exist`,
    );
  let table: TableDef;
  let indexes: readonly IndexDef[];
  if (stmt.objectType === 'index') {
    if (entry.kind !== 'index') throw new DbError('42809', `"${name}" is not an index`);
    const found = ctx.catalog.indexByOid(entry.def.oid)!;
    table = found.table;
    indexes = [found.def];
  } else {
    if (entry.kind !== 'table') throw new DbError('42809', `"${name}" is not a table or materialized view`);
    table = entry.def as TableDef;
    indexes = table.indexes;
  }
  for (const def of indexes) rebuild(ctx, table, def);
  ctx.out.commandComplete('REINDEX');
}

function rebuild(ctx: StatementContext, table: TableDef, def: IndexDef): void {
  const catalog = ctx.engine.catalog;
  const fresh = catalog.newIndexFile(ctx.tx, def.oid);
  const exec = ctx.execution();
  rebuildIndex(table, fresh, catalog.store(table), catalog.index(fresh), exec.catalog, {
    checkInterrupts: exec.checkInterrupts,
    isVisible: (v) => exec.tx.isVisible(v),
    ...(ctx.engine.tableActivity === undefined
      ? {}
      : { counters: ctx.engine.tableActivity.table(table.oid).seq }),
  });
}
