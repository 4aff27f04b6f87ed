/**
 * COMMENT ON {TABLE | VIEW | INDEX | SEQUENCE | SCHEMA | COLUMN} name IS 'text' | NULL: resolves
 * the object as PostgreSQL's get_object_address does (same errors, same order) and stores the
 * comment with `Catalog.setDescription` in the statement's transaction, so a ROLLBACK undoes it.
 * `IS NULL` and `IS ''` remove the comment.
 */

import { DbError, undefinedTable } from '@rustydb/common';
import type { CommentStmt } from '@rustydb/parser';
import { checkCommentPrivileges } from './ddl-privileges.js';
import { KIND_PLURALS, KIND_WORDS, objectKindOf } from './relation-kinds.js';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';

/** Runs COMMENT ON in `ctx.tx`. Sync. @throws DbError 42P01, 42703, 3F000, 42809, 0A000 as PostgreSQL 15. */
export function runComment(stmt: CommentStmt, ctx: StatementContext): void {
  checkCommentPrivileges(stmt, ctx);
  const catalog = ctx.engine.catalog;
  const view = ctx.catalog;
  const name = stmt.object;
  if (stmt.objectType === 'schema') {
    const oid = view.schemaOid(name.name);
    if (oid === undefined) throw new DbError('3F000', `schema "${name.name}" does not exist`);
    catalog.setDescription(ctx.tx, oid, 0, stmt.comment, name.name);
    ctx.out.commandComplete('COMMENT');
    return;
  }
  checkCatalogName(name);
  if (name.schema !== undefined && !view.schemaExists(name.schema)) {
    throw new DbError('3F000', `schema "${name.schema}" does not exist`);
  }
  const entry = view.relation(name.name, name.schema);
  if (!entry) throw undefinedTable(name.schema === undefined ? name.name : `${name.schema}.${name.name}`);
  if (stmt.objectType !== 'column') {
    if (objectKindOf(entry) !== stmt.objectType) {
      throw new DbError('42809', `"${name.name}" is not ${KIND_WORDS[stmt.objectType]}`);
    }
    catalog.setDescription(ctx.tx, entry.def.oid, 0, stmt.comment, name.name);
    ctx.out.commandComplete('COMMENT');
    return;
  }
  // Columns of tables and views take comments; PostgreSQL refuses the others' (comment.c).
  if (entry.kind !== 'table' && entry.kind !== 'view') {
    throw new DbError('42809', `cannot set comment on relation "${name.name}"`, {
      detail: `This operation is not supported for ${KIND_PLURALS[entry.kind]}.`,
    });
  }
  const column = stmt.column!;
  const attnum =
    entry.kind === 'table'
      ? entry.def.columns.find((c) => c.name === column)?.attnum
      : entry.def.columns.findIndex((c) => c.name === column) + 1 || undefined;
  if (attnum === undefined) {
    throw new DbError('42703', `column "${column}" of relation "${name.name}" does not exist`);
  }
  catalog.setDescription(ctx.tx, entry.def.oid, attnum, stmt.comment, name.name);
  ctx.out.commandComplete('COMMENT');
}
