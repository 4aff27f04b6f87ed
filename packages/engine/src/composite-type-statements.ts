/**
 * CREATE TYPE name AS (field type, …) and DROP TYPE of such a type. The fields' types resolve as
 * a table's columns do, and like them may not be composite themselves (0A000: a field's type is
 * stored as a column's, and a row type is built from its relation's columns in one pass).
 *
 * PRIVILEGES. CREATE TYPE needs CREATE on the schema; DROP needs ownership (a superuser passes).
 */
import type { CatalogView } from '@rustydb/catalog';
import { type CompositeType, DbError } from '@rustydb/common';
import type { CreateCompositeTypeStmt, ObjectName } from '@rustydb/parser';
import { resolveTypeName } from '@rustydb/planner';
import { storableType } from './column-definitions.js';
import { requireOwner, requireSchemaCreate, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { sendCascadeNotice } from './statement-notices.js';

/** CREATE TYPE name AS (…). @throws DbError 42710, 42701, 42704, 0A000, 42501. */
export function createCompositeType(stmt: CreateCompositeTypeStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  const schema = creationSchema(ctx.catalog, stmt.name, false);
  const user = currentUserOf(ctx.settings);
  if (!roleOf(ctx.catalog, user).role.superuser) requireSchemaCreate(ctx.catalog, user, schema);
  const fields = stmt.columns.map((c) => ({
    name: c.name,
    type: storableType(resolveTypeName(c.type, ctx.catalog)),
  }));
  ctx.engine.catalog.createCompositeType(ctx.tx, { schema, name: stmt.name.name, fields });
  ctx.out.commandComplete('CREATE TYPE');
}

/**
 * The standalone composite type `name` denotes, its owner checked; undefined when there is none
 * (a table's row type is not one: DROP TYPE of it is 2BP01, type-statements.ts).
 */
export function findCompositeType(ctx: StatementContext, name: ObjectName): CompositeType | undefined {
  const view: CatalogView = ctx.catalog;
  if (name.schema !== undefined && !view.schemaExists(name.schema)) {
    throw new DbError('3F000', `schema "${name.schema}" does not exist`);
  }
  const c = view.standaloneComposite(name.name, name.schema);
  if (c !== undefined) requireOwner(view, currentUserOf(ctx.settings), c.relid, 'table', 'type', c.name);
  return c;
}

/** Drops `types` (each still there), sending the NOTICE of what cascaded. */
export function dropCompositeTypes(
  types: readonly CompositeType[],
  cascade: boolean,
  ctx: StatementContext,
): void {
  for (const c of types) {
    if (ctx.catalog.compositeTypeByOid(c.oid) === undefined) continue;
    sendCascadeNotice(ctx.out, ctx.engine.catalog.dropCompositeType(ctx.tx, c.oid, cascade));
  }
}
