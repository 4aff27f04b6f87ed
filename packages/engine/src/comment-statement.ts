/**
 * COMMENT ON {TABLE | VIEW | INDEX | SEQUENCE | SCHEMA | COLUMN | TYPE | DOMAIN | EXTENSION |
 * FUNCTION} name IS 'text' | NULL: resolves
 * the object as PostgreSQL's get_object_address does (same errors, same order) and stores the
 * comment with `Catalog.setDescription` in the statement's transaction, so a ROLLBACK undoes it.
 * `IS NULL` and `IS ''` remove the comment.
 */

import { typeOidOf } from '@rustydb/catalog';
import { DbError, undefinedTable } from '@rustydb/common';
import type { CommentStmt } from '@rustydb/parser';
import { checkCommentPrivileges } from './ddl-privileges.js';
import { lookupFunction } from './function-statements.js';
import { mustBeOwner, roleOf } from './privilege-checks.js';
import { KIND_PLURALS, KIND_WORDS, objectKindOf } from './relation-kinds.js';
import { currentUserOf } from './role-settings.js';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';

/** Runs COMMENT ON in `ctx.tx`. Sync. @throws DbError 42P01, 42703, 3F000, 42809, 0A000 as PostgreSQL 15. */
export function runComment(stmt: CommentStmt, ctx: StatementContext): void {
  const kind = stmt.objectType;
  if (kind === 'type' || kind === 'domain' || kind === 'extension' || kind === 'function') {
    const { oid, owner, name, word } = OTHER_OBJECTS[kind](stmt, ctx);
    const { role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
    if (!role.superuser && owner !== role.oid) throw mustBeOwner(word, name);
    ctx.engine.catalog.setDescription(ctx.tx, oid, 0, stmt.comment, name);
    ctx.out.commandComplete('COMMENT');
    return;
  }
  checkCommentPrivileges(stmt, ctx);
  const catalog = ctx.engine.catalog;
  const view = ctx.catalog;
  const name = stmt.object;
  if (kind === 'schema') {
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
  if (kind !== 'column') {
    if (objectKindOf(entry) !== kind) {
      throw new DbError('42809', `"${name.name}" is not ${KIND_WORDS[kind]}`);
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

/** An object that is not a relation or schema: its OID, owner, name and word in messages. */
interface CommentTarget {
  readonly oid: number;
  readonly owner: number;
  readonly name: string;
  readonly word: string;
}

/** How COMMENT ON finds a type, domain, extension or function, with PostgreSQL's errors. */
const OTHER_OBJECTS: Readonly<
  Record<
    'type' | 'domain' | 'extension' | 'function',
    (stmt: CommentStmt, ctx: StatementContext) => CommentTarget
  >
> = {
  type: (stmt, ctx) => userType(stmt, ctx, false),
  domain: (stmt, ctx) => userType(stmt, ctx, true),
  extension: (stmt, ctx) => {
    const e = ctx.catalog.extension(stmt.object.name);
    if (e === undefined) throw new DbError('42704', `extension "${stmt.object.name}" does not exist`);
    return { oid: e.oid, owner: e.owner, name: e.name, word: 'extension' };
  },
  function: (stmt, ctx) => {
    const f = lookupFunction(stmt.function!, ctx, false, stmt.routineKind)!;
    return {
      oid: f.oid,
      owner: f.row.owner,
      name: f.name,
      word: f.row.kind === 'p' ? 'procedure' : 'function',
    };
  },
};

/**
 * The enum or domain COMMENT ON TYPE / DOMAIN names (TYPE takes a domain too, DOMAIN only a
 * domain: 42809). A built-in type keeps no comment here: 0A000.
 * @throws DbError 3F000, 42704, 42809, 0A000.
 */
function userType(stmt: CommentStmt, ctx: StatementContext, domainOnly: boolean): CommentTarget {
  const view = ctx.catalog;
  const { schema, name } = stmt.object;
  if (schema !== undefined && !view.schemaExists(schema)) {
    throw new DbError('3F000', `schema "${schema}" does not exist`);
  }
  const d = view.domainType(name, schema);
  if (d !== undefined) {
    const owner = view.domainTypes().find((t) => t.def.oid === d.oid)?.owner ?? 0;
    return { oid: d.oid, owner, name: d.name, word: 'type' };
  }
  const e = view.enumType(name, schema);
  const written = schema === undefined ? name : `${schema}.${name}`;
  if (e !== undefined) {
    if (domainOnly) throw new DbError('42809', `"${written}" is not a domain`);
    const owner = view.enumTypes().find((t) => t.def.oid === e.oid)?.owner ?? 0;
    return { oid: e.oid, owner, name: e.name, word: 'type' };
  }
  typeOidOf(written);
  throw new DbError(
    '0A000',
    `COMMENT ON ${domainOnly ? 'DOMAIN' : 'TYPE'} of a built-in type is not supported`,
  );
}
