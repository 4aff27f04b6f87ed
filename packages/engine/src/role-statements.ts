/**
 * CREATE ROLE / CREATE USER, ALTER ROLE / ALTER USER (and RENAME TO), DROP ROLE / DROP USER:
 * PostgreSQL 15's user.c rules over the catalog's roles (role-store.ts in @rustydb/catalog).
 *
 * PASSWORDS. `PASSWORD 'x'` stores a verifier, never the password: a value that already is one
 * (an md5 or SCRAM-SHA-256 verifier, as psql's \password sends) is stored as is; anything else is
 * hashed with the session's password_encryption (scram-sha-256 by default, or md5, salted with
 * the role name). `PASSWORD ''` clears the password with PostgreSQL's NOTICE. A rename clears
 * an md5 verifier (its salt was the old name), with PostgreSQL's NOTICE. Nothing here logs, and
 * no message quotes a password or a verifier.
 *
 * DROP ROLE refuses a role that owns objects or appears in an ACL (2BP01, listing them as
 * PostgreSQL's DETAIL does); memberships go with the role. The bootstrap superuser and the
 * predefined roles (pg_monitor, …) are required by the database system (2BP01); a name starting
 * with `pg_` is reserved (42939): CREATE, ALTER and RENAME refuse it.
 *
 * PERMISSIONS: superusers may do anything; CREATEROLE roles may create,
 * alter, rename and drop roles that are not superusers and do not have (and do not get)
 * REPLICATION or BYPASSRLS; any role may change its own password.
 */
import type { Catalog, RoleAttributes, RoleDef } from '@rustydb/catalog';
import { DEFAULT_ROLE_ATTRIBUTES, isPinnedRole, isPredefinedRole } from '@rustydb/catalog';
import { DbError, parseText, parseTimeZoneSetting, sqlType } from '@rustydb/common';
import type { AlterRoleStmt, CreateRoleStmt, DropRoleStmt, RoleOption, RoleSpec } from '@rustydb/parser';
import { md5Verifier, passwordType, scramVerifier } from '@rustydb/security';
import { roleDependents } from './privilege-checks.js';
import { currentUserOf, sessionUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';

const notice = (message: string) => new DbError('00000', message, { severity: 'NOTICE' });
const denied = (message: string) => new DbError('42501', message);

/** CREATE ROLE / USER. Sync. @throws DbError 42501, 42710, 42939, 22023, 22007. */
export function runCreateRole(stmt: CreateRoleStmt, ctx: StatementContext): void {
  const catalog = ctx.engine.catalog;
  const changes = roleChanges(stmt.options, stmt.name, ctx);
  const attributes: RoleAttributes = {
    ...DEFAULT_ROLE_ATTRIBUTES,
    canLogin: stmt.user, // CREATE USER implies LOGIN
    ...changes,
  };
  const me = currentRole(catalog, ctx);
  if (!me.superuser) {
    if (attributes.superuser) throw denied('must be superuser to create superusers');
    if (attributes.replication) throw denied('must be superuser to create replication users');
    if (attributes.bypassRls) throw denied('must be superuser to create bypassrls users');
    if (!me.createRole) throw denied('permission denied to create role');
  }
  checkReservedName(stmt.name);
  catalog.createRole(ctx.tx, stmt.name, attributes);
  ctx.out.commandComplete('CREATE ROLE');
}

/** ALTER ROLE / USER, and ALTER ROLE … RENAME TO. Sync. @throws DbError 42704, 42501, 0A000, 42710. */
export function runAlterRole(stmt: AlterRoleStmt, ctx: StatementContext): void {
  const catalog = ctx.engine.catalog;
  const name = roleName(stmt.role, ctx);
  // A name (not CURRENT_USER) is checked first, whether the role exists or not (check_rolespec_name).
  if (stmt.renameTo === undefined && stmt.role.kind === 'name') checkReservedName(name, ALTER_RESERVED);
  const role = catalog.role(name, ctx.tx);
  if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  const me = currentRole(catalog, ctx);
  if (stmt.renameTo !== undefined) {
    renameRole(role, stmt.renameTo, me, ctx);
    return;
  }
  // NB: PostgreSQL alters a predefined role named as CURRENT_USER (after SET ROLE pg_monitor);
  // here they are fixed (predefined-roles.ts in @rustydb/catalog).
  if (isPredefinedRole(role.oid)) checkReservedName(name, ALTER_RESERVED);
  const changes = roleChanges(stmt.options, name, ctx);
  if (!me.superuser) {
    if (role.superuser || changes.superuser !== undefined) {
      throw denied('must be superuser to alter superuser roles or change superuser attribute');
    }
    if (role.replication || changes.replication !== undefined) {
      throw denied('must be superuser to alter replication roles or change replication attribute');
    }
    if (changes.bypassRls !== undefined) throw denied('must be superuser to change bypassrls attribute');
    const ownPasswordOnly = role.oid === me.oid && Object.keys(changes).every((k) => k === 'password');
    if (!me.createRole && !ownPasswordOnly) throw denied('permission denied');
  }
  catalog.alterRole(ctx.tx, name, changes);
  ctx.out.commandComplete('ALTER ROLE');
}

function renameRole(role: RoleDef, to: string, me: RoleDef, ctx: StatementContext): void {
  if (role.name === sessionUserOf(ctx.settings)) throw new DbError('0A000', 'session user cannot be renamed');
  if (role.name === currentUserOf(ctx.settings)) throw new DbError('0A000', 'current user cannot be renamed');
  checkReservedName(role.name);
  checkReservedName(to);
  const catalog = ctx.engine.catalog;
  if (catalog.role(to, ctx.tx) !== undefined) throw new DbError('42710', `role "${to}" already exists`);
  if (role.superuser ? !me.superuser : !me.superuser && !me.createRole) {
    throw denied(
      role.superuser ? 'must be superuser to rename superusers' : 'permission denied to rename role',
    );
  }
  let changes: Partial<RoleAttributes> = {};
  if (role.password !== null && passwordType(role.password) === 'md5') {
    changes = { password: null };
    ctx.out.notice(notice('MD5 password cleared because of role rename'));
  }
  catalog.alterRole(ctx.tx, role.name, changes, to);
  ctx.out.commandComplete('ALTER ROLE');
}

/** DROP ROLE / USER [IF EXISTS]. Sync. @throws DbError 42501, 42704, 55006, 2BP01. */
export function runDropRole(stmt: DropRoleStmt, ctx: StatementContext): void {
  const catalog = ctx.engine.catalog;
  const me = currentRole(catalog, ctx);
  if (!me.superuser && !me.createRole) throw denied('permission denied to drop role');
  for (const spec of stmt.roles) {
    const name = roleName(spec, ctx);
    const role = catalog.role(name, ctx.tx);
    if (role === undefined) {
      if (!stmt.ifExists) throw new DbError('42704', `role "${name}" does not exist`);
      ctx.out.notice(notice(`role "${name}" does not exist, skipping`));
      continue;
    }
    if (name === currentUserOf(ctx.settings)) throw new DbError('55006', 'current user cannot be dropped');
    if (name === sessionUserOf(ctx.settings)) throw new DbError('55006', 'session user cannot be dropped');
    if (role.superuser && !me.superuser) throw denied('must be superuser to drop superusers');
    if (isPinnedRole(role.oid)) {
      throw new DbError('2BP01', `cannot drop role ${name} because it is required by the database system`);
    }
    const dependents = roleDependents(ctx.catalog, role.oid, ctx.engine.databaseName ?? 'rustydb');
    if (dependents.length > 0) {
      throw new DbError('2BP01', `role "${name}" cannot be dropped because some objects depend on it`, {
        detail: dependents.join('\n'),
      });
    }
    catalog.dropRole(ctx.tx, name);
  }
  ctx.out.commandComplete('DROP ROLE');
}

/** The role the statement runs as. */
function currentRole(catalog: Catalog, ctx: StatementContext): RoleDef {
  const name = currentUserOf(ctx.settings);
  const role = catalog.role(name, ctx.tx);
  // Another session dropped the role this one runs as.
  if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  return role;
}

/** A RoleSpec's name (CURRENT_USER, SESSION_USER resolved). */
export function roleName(spec: RoleSpec, ctx: StatementContext): string {
  switch (spec.kind) {
    case 'name':
      return spec.name;
    case 'current_user':
    case 'current_role':
      return currentUserOf(ctx.settings);
    case 'session_user':
      return sessionUserOf(ctx.settings);
  }
}

const ALTER_RESERVED = 'Cannot alter reserved roles.';

/** 42939 for a name in the predefined roles' namespace, with PostgreSQL's DETAIL for the case. */
function checkReservedName(name: string, detail = 'Role names starting with "pg_" are reserved.'): void {
  if (name.startsWith('pg_')) throw new DbError('42939', `role name "${name}" is reserved`, { detail });
}

/** The attributes the options set (only those given), validated as user.c does. */
function roleChanges(
  options: readonly RoleOption[],
  role: string,
  ctx: StatementContext,
): Partial<RoleAttributes> {
  const out: { -readonly [K in keyof RoleAttributes]?: RoleAttributes[K] } = {};
  for (const o of options) {
    switch (o.kind) {
      case 'password':
        out.password = storedPassword(o.password, role, ctx);
        break;
      case 'connectionLimit':
        if (o.limit < -1) throw new DbError('22023', `invalid connection limit: ${o.limit}`);
        out.connectionLimit = o.limit;
        break;
      case 'validUntil': {
        const zone = parseTimeZoneSetting(ctx.settings.get('TimeZone'));
        out.validUntil = parseText(o.timestamp, sqlType('timestamptz'), zone) as bigint;
        break;
      }
      case 'superuser':
        out.superuser = o.value;
        break;
      case 'createdb':
        out.createDb = o.value;
        break;
      case 'createrole':
        out.createRole = o.value;
        break;
      case 'inherit':
        out.inherit = o.value;
        break;
      case 'login':
        out.canLogin = o.value;
        break;
      case 'replication':
        out.replication = o.value;
        break;
      case 'bypassrls':
        out.bypassRls = o.value;
        break;
    }
  }
  return out;
}

/** What PASSWORD 'x' stores (see the file comment). */
function storedPassword(password: string | null, role: string, ctx: StatementContext): string | null {
  if (password === null) return null;
  if (password === '') {
    ctx.out.notice(notice('empty string is not a valid password, clearing password'));
    return null;
  }
  if (passwordType(password) !== 'plaintext') return password;
  return ctx.settings.get('password_encryption') === 'md5'
    ? md5Verifier(password, role)
    : scramVerifier(password);
}
