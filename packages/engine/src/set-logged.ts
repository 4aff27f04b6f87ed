/**
 * ALTER TABLE … SET LOGGED / SET UNLOGGED: PostgreSQL rewrites the table into new files of the
 * new persistence, and so does this (Catalog.newRelationFiles after setTablePersistence, then
 * rewriteTable). Made logged, the new files' rows and index entries are WAL-logged as they are
 * inserted, so the table is durable from the commit on; made unlogged, they are not, and a crash
 * after the commit empties the table. A crash before the commit leaves the old files and the
 * old persistence. A table already of the asked persistence is left alone.
 */
import { isTempSchema, type TableDef } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import { type RewriteSource, rewriteTable } from './internal-query.js';
import type { StatementContext } from './session.js';

/** @throws DbError 42P16 for a temporary table, or a foreign key across persistences. Async. */
export async function setLogged(ctx: StatementContext, table: TableDef, logged: boolean): Promise<void> {
  if (isTempSchema(table.schema)) {
    throw new DbError(
      '42P16',
      `cannot change logged status of table "${table.name}" because it is temporary`,
    );
  }
  if ((table.unlogged !== true) === logged) return;
  checkForeignKeys(ctx, table, logged);
  const before = ctx.catalog;
  ctx.engine.catalog.setTablePersistence(ctx.tx, table.oid, !logged);
  const next = ctx.engine.catalog.newRelationFiles(ctx.tx, table.oid);
  const sources: RewriteSource[] = next.columns.map((c) => ({ kind: 'column', name: c.name }));
  await rewriteTable(ctx, table, before, next, ctx.catalog, sources);
}

/**
 * PostgreSQL's ATPrepChangePersistence: a table made logged must not reference an unlogged one;
 * a table made unlogged must not be referenced by a logged one (its own keys do not count).
 */
function checkForeignKeys(ctx: StatementContext, table: TableDef, logged: boolean): void {
  const others: Oid[] = logged
    ? table.constraints.flatMap((c) => (c.references ? [c.references.table] : []))
    : (table.referencedBy ?? []).map((r) => r.table);
  for (const oid of others) {
    if (oid === table.oid) continue;
    const other = ctx.catalog.tableByOid(oid);
    if (other === undefined || isTempSchema(other.schema)) continue;
    if (logged && other.unlogged) {
      throw new DbError(
        '42P16',
        `could not change table "${table.name}" to logged because it references unlogged table "${other.name}"`,
      );
    }
    if (!logged && !other.unlogged) {
      throw new DbError(
        '42P16',
        `could not change table "${table.name}" to unlogged because it references logged table "${other.name}"`,
      );
    }
  }
}
