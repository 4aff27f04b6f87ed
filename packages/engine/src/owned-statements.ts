/**
 * REASSIGN OWNED and DROP OWNED (PostgreSQL 15's shdepReassignOwned / shdepDropOwned), the
 * statements that clear a role's dependencies before DROP ROLE:
 *
 * - `REASSIGN OWNED BY old, … TO new`: every table, view, sequence, schema, function and
 *   procedure `old` owns, and the database if it does, becomes `new`'s, ACLs moved as ALTER … OWNER
 *   TO moves them. Needs the privileges of every role named (42501 `permission denied to reassign
 *   objects`).
 * - `DROP OWNED BY r, … [CASCADE | RESTRICT]`: drops what `r` owns (views, then tables, then
 *   sequences, newest first, then routines, then schemas; RESTRICT refuses when another role's
 *   objects depend on them, 2BP01 as DROP), revokes every privilege granted to `r` — or granted by
 *   `r` — on the tables, views, sequences, schemas, routines and the database (column privileges
 *   too), and removes `r`'s default privileges and the default privileges granted to it. Needs
 *   the privileges of every role named (42501 `permission denied to drop objects`).
 *
 * The objects of the bootstrap superuser and of the predefined roles are required by the database
 * system (2BP01), as in PostgreSQL.
 */
import { type Acl, isPinnedRole, isTempSchema, type PrivilegeContext, type RoleDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { DropOwnedStmt, DropStmt, ObjectName, ReassignOwnedStmt, RoleSpec } from '@rustydb/parser';
import { dropFunctionDependents } from './function-dependents.js';
import { setOwner } from './grant-statements.js';
import { type AclObject, aclObjects, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { roleName } from './role-statements.js';
import type { StatementContext } from './session.js';
import { sendCascadeNotice } from './statement-notices.js';
import { lockStatementRelations } from './table-lock-statements.js';

/** Runs REASSIGN OWNED. Sync. @throws DbError 42704, 42501, 2BP01. */
export function runReassignOwned(stmt: ReassignOwnedStmt, ctx: StatementContext): void {
  const { privs, me } = checkWritableAndRoles(ctx, 'REASSIGN OWNED');
  const from = stmt.roles.map((spec) => lookup(spec, privs, ctx));
  const to = lookup(stmt.newRole, privs, ctx);
  for (const role of [...from, to]) {
    if (!privs.hasPrivsOf(me.oid, role.oid))
      throw new DbError('42501', 'permission denied to reassign objects');
  }
  for (const role of from) {
    if (isPinnedRole(role.oid)) {
      throw new DbError(
        '2BP01',
        `cannot reassign ownership of objects owned by role ${role.name} because they are required by the database system`,
      );
    }
  }
  const old = new Set(from.map((r) => r.oid));
  for (const o of ownedObjects(ctx, privs, old, true)) {
    setOwner(o, privs.owner(o.oid, o.kind), to.oid, privs, ctx);
  }
  ctx.out.commandComplete('REASSIGN OWNED');
}

/** Runs DROP OWNED. Async (waits for the dropped relations' locks). @throws DbError 42704, 42501, 2BP01. */
export async function runDropOwned(stmt: DropOwnedStmt, ctx: StatementContext): Promise<void> {
  const { privs, me } = checkWritableAndRoles(ctx, 'DROP OWNED');
  const roles = stmt.roles.map((spec) => lookup(spec, privs, ctx));
  for (const role of roles) {
    if (!privs.hasPrivsOf(me.oid, role.oid)) throw new DbError('42501', 'permission denied to drop objects');
    if (isPinnedRole(role.oid)) {
      throw new DbError(
        '2BP01',
        `cannot drop objects owned by role ${role.name} because they are required by the database system`,
      );
    }
  }
  const oids = new Set(roles.map((r) => r.oid));
  const owned = ownedObjects(ctx, privs, oids, false);
  await dropAll(owned, stmt.cascade, ctx);
  revokeFrom(oids, ctx);
  ctx.out.commandComplete('DROP OWNED');
}

function checkWritableAndRoles(
  ctx: StatementContext,
  what: string,
): { privs: PrivilegeContext; me: RoleDef } {
  if (ctx.tx.readOnly) throw new DbError('25006', `cannot execute ${what} in a read-only transaction`);
  const { ctx: privs, role: me } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  return { privs, me };
}

function lookup(spec: RoleSpec, privs: PrivilegeContext, ctx: StatementContext): RoleDef {
  const name = roleName(spec, ctx);
  const role = privs.roleByName(name);
  if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  return role;
}

/** The objects `owners` own (aclObjects: relations, schemas but temporary ones, and the database if `withDatabase`). */
function ownedObjects(
  ctx: StatementContext,
  privs: PrivilegeContext,
  owners: ReadonlySet<number>,
  withDatabase: boolean,
): AclObject[] {
  return aclObjects(ctx.catalog, ctx.engine.databaseName ?? 'rustydb').filter(
    (o) =>
      (o.kind !== 'database' || withDatabase) &&
      !(o.kind === 'schema' && isTempSchema(o.name)) &&
      owners.has(privs.owner(o.oid, o.kind)),
  );
}

/**
 * Drops `owned`: views, tables and sequences newest first (dependents usually are newer), then
 * routines, then schemas.
 */
async function dropAll(owned: readonly AclObject[], cascade: boolean, ctx: StatementContext): Promise<void> {
  const order = ['view', 'table', 'sequence'] as const;
  for (const word of order) {
    const objects = owned.filter((o) => o.word === word).sort((a, b) => b.oid - a.oid);
    if (objects.length === 0) continue;
    const names: ObjectName[] = objects.map((o) => ({ schema: o.schema, name: o.name, location: 0 }));
    const lockAs: DropStmt = {
      kind: 'drop',
      objectType: word,
      names,
      ifExists: true,
      concurrently: false,
      behavior: cascade ? 'cascade' : 'restrict',
    };
    await lockStatementRelations(lockAs, ctx);
    const catalog = ctx.engine.catalog;
    for (const o of objects) {
      const now = ctx.catalog;
      // An earlier CASCADE may have dropped it already.
      if (word === 'view' && now.viewByOid(o.oid as never)) {
        sendCascadeNotice(ctx.out, catalog.dropView(ctx.tx, o.oid as never, cascade));
      } else if (word === 'table' && now.tableByOid(o.oid as never)) {
        sendCascadeNotice(ctx.out, catalog.dropTable(ctx.tx, o.oid as never, cascade));
      } else if (word === 'sequence' && now.sequenceByOid(o.oid as never)) {
        sendCascadeNotice(ctx.out, catalog.dropSequence(ctx.tx, o.oid as never, cascade));
      }
    }
  }
  // Routines after the relations that may use them, before their schemas.
  for (const o of owned.filter((x) => x.kind === 'function').sort((a, b) => b.oid - a.oid)) {
    const def = ctx.catalog.functionByOid(o.oid);
    if (def === undefined) continue;
    dropFunctionDependents(ctx, def.oid, o.name, cascade);
    ctx.engine.catalog.dropFunction(ctx.tx, def.oid, def.name);
  }
  for (const o of owned) {
    if (o.word === 'schema' && ctx.catalog.schemaExists(o.name)) {
      sendCascadeNotice(ctx.out, ctx.engine.catalog.dropSchema(ctx.tx, o.name, cascade));
    }
  }
}

/** Removes every ACL item granted to or by `roles` (column ACLs and default ACLs too). */
function revokeFrom(roles: ReadonlySet<number>, ctx: StatementContext): void {
  const view = ctx.catalog;
  const catalog = ctx.engine.catalog;
  const without = (acl: Acl): Acl => acl.filter((it) => !roles.has(it.grantee) && !roles.has(it.grantor));
  for (const { oid } of aclObjects(view, '')) {
    const row = catalog.objectPrivileges(oid, ctx.tx);
    if (row === undefined) continue;
    let changed = false;
    const strip = (acl: Acl): Acl => {
      const kept = without(acl);
      if (kept.length !== acl.length) changed = true;
      return kept;
    };
    const acl = row.acl === null ? null : strip(row.acl);
    let columns: Map<number, Acl> | undefined;
    if (row.columns !== undefined) {
      columns = new Map();
      for (const [attnum, a] of row.columns) {
        const kept = strip(a);
        if (kept.length > 0) columns.set(attnum, kept);
      }
    }
    if (changed)
      catalog.setObjectPrivileges(ctx.tx, { ...row, acl, ...(columns ? { columns } : {}) }, String(oid));
  }
  for (const d of view.defaultAcls()) {
    if (roles.has(d.role)) {
      catalog.setDefaultAcl(ctx.tx, d, true);
      continue;
    }
    const acl = without(d.acl);
    if (acl.length !== d.acl.length) catalog.setDefaultAcl(ctx.tx, { ...d, acl }, acl.length === 0);
  }
}
