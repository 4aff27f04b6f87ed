/**
 * CREATE EXTENSION and DROP EXTENSION: names, notices and privileges here; what an extension is
 * and PostgreSQL's checks on installing one in the catalog (extension-ddl.ts).
 *
 * PRIVILEGES (PostgreSQL's execute_extension_script): a superuser installs anything; another
 * role installs a trusted extension (all of RustyDB's are) when it holds CREATE on the database,
 * which the database owner has. The installer owns the extension; DROP needs its owner or a
 * superuser.
 */
import { type AvailableExtension, Privilege, privilegesFor } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { CreateExtensionStmt, DropStmt } from '@rustydb/parser';
import { dropExtensionDependents } from './function-dependents.js';
import { mustBeOwner, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

/** CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]. */
export function createExtension(stmt: CreateExtensionStmt, ctx: StatementContext): void {
  const { role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  const authorize = (control: AvailableExtension) => {
    if (role.superuser) return;
    if (control.trusted && privilegesFor(ctx.catalog).hasDatabase(role.oid, Privilege.CREATE)) return;
    throw new DbError('42501', `permission denied to create extension "${stmt.name}"`, {
      hint: control.trusted
        ? 'Must have CREATE privilege on current database to create this extension.'
        : 'Must be superuser to create this extension.',
    });
  };
  const spec = {
    name: stmt.name,
    owner: role.oid,
    authorize,
    ...(stmt.schema !== undefined ? { schema: stmt.schema } : {}),
    ...(stmt.version !== undefined ? { version: stmt.version } : {}),
  };
  if (!ctx.engine.catalog.createExtension(ctx.tx, spec, stmt.ifNotExists, ctx.catalog.searchPath)) {
    ctx.out.notice(notice('42710', `extension "${stmt.name}" already exists, skipping`));
  }
  ctx.out.commandComplete('CREATE EXTENSION');
}

/** DROP EXTENSION [IF EXISTS] a, b [CASCADE | RESTRICT]: every name is checked before any drop. */
export function dropExtensions(stmt: DropStmt, ctx: StatementContext): void {
  const { role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  const names: string[] = [];
  for (const { name } of stmt.names) {
    const row = ctx.catalog.extension(name);
    if (row === undefined) {
      if (!stmt.ifExists) throw new DbError('42704', `extension "${name}" does not exist`);
      ctx.out.notice(notice('00000', `extension "${name}" does not exist, skipping`));
      continue;
    }
    if (!role.superuser && row.owner !== role.oid) throw mustBeOwner('extension', name);
    if (!names.includes(name)) names.push(name);
  }
  for (const name of names) {
    dropExtensionDependents(ctx, name, stmt.behavior === 'cascade');
    ctx.engine.catalog.dropExtension(ctx.tx, name);
  }
  ctx.out.commandComplete('DROP EXTENSION');
}
