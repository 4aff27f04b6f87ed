/**
 * REASSIGN OWNED and DROP OWNED (PostgreSQL 15's shdepReassignOwned / shdepDropOwned), the
 * statements that clear a role's dependencies before DROP ROLE:
 *
 * - `REASSIGN OWNED BY old, … TO new`: every table, view, sequence and schema `old` owns, and the
 *   database if it does, becomes `new`'s, ACLs moved as ALTER … OWNER TO moves them. Needs the
 *   privileges of every role named (42501 `permission denied to reassign objects`).
 * - `DROP OWNED BY r, … [CASCADE | RESTRICT]`: drops what `r` owns (views, then tables, then
 *   sequences, newest first, then schemas; RESTRICT refuses when another role's objects depend
 *   on them, 2BP01 as DROP), revokes every privilege granted to `r` — or granted by `r` — on
 *   the tables, views, sequences, schemas and the database (column privileges too), and removes
 *   `r`'s default privileges and the default privileges granted to it. Needs the privileges of
 *   every role named (42501 `permission denied to drop objects`).
 *
 * The bootstrap superuser's objects are required by the database system (2BP01), as in PostgreSQL.
 */
import {
  type Acl,
  type AclObjectKind,
  BOOTSTRAP_SUPERUSER_OID,
  builtinSchemaOid,
  type CatalogView,
  DATABASE_OBJECT_OID,
  isTempSchema,
  type PrivilegeContext,
  type RoleDef,
} from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { DropOwnedStmt, DropStmt, ObjectName, ReassignOwnedStmt, RoleSpec } from '@rustydb/parser';
import { setOwner } from './grant-statements.js';
import { roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { roleName } from './role-statements.js';
import type { StatementContext } from './session.js';
import { sendCascadeNotice } from './statement-notices.js';
import { lockStatementRelations } from './table-lock-statements.js';

/** An object with an owner, as this file walks them. */
interface Owned {
  readonly oid: number;
  readonly kind: AclObjectKind;
  /** 'table', 'view', 'sequence', 'schema' or 'database'. */
  readonly word: string;
  readonly schema: string;
  readonly name: string;
}

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
    if (role.oid === BOOTSTRAP_SUPERUSER_OID) {
      throw new DbError(
        '2BP01',
        `cannot reassign ownership of objects owned by role ${role.name} because they are required by the database system`,
      );
    }
  }
  const old = new Set(from.map((r) => r.oid));
  for (const o of ownedObjects(ctx.catalog, privs, old, true)) {
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
    if (role.oid === BOOTSTRAP_SUPERUSER_OID) {
      throw new DbError(
        '2BP01',
        `cannot drop objects owned by role ${role.name} because they are required by the database system`,
      );
    }
  }
  const oids = new Set(roles.map((r) => r.oid));
  const owned = ownedObjects(ctx.catalog, privs, oids, false);
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

/** The relations (not indexes: they follow their table) and schemas owned by `owners`, and the database. */
function ownedObjects(
  view: CatalogView,
  privs: PrivilegeContext,
  owners: ReadonlySet<number>,
  withDatabase: boolean,
): Owned[] {
  const out: Owned[] = [];
  for (const [oid, row] of view.data.relationRows) {
    if (row.kind === 'i') continue;
    const kind: AclObjectKind = row.kind === 'S' ? 'sequence' : 'table';
    if (!owners.has(privs.owner(oid, kind))) continue;
    const word = row.kind === 'S' ? 'sequence' : row.kind === 'v' ? 'view' : 'table';
    out.push({ oid, kind, word, schema: row.schema, name: row.name });
  }
  for (const s of view.data.schemas.values()) {
    if (isTempSchema(s.row.name) || !owners.has(privs.owner(s.row.oid, 'schema'))) continue;
    out.push({ oid: s.row.oid, kind: 'schema', word: 'schema', schema: s.row.name, name: s.row.name });
  }
  if (withDatabase && owners.has(privs.owner(DATABASE_OBJECT_OID, 'database'))) {
    out.push({ oid: DATABASE_OBJECT_OID, kind: 'database', word: 'database', schema: '', name: 'rustydb' });
  }
  return out;
}

/** Drops `owned`: views, tables and sequences newest first (dependents usually are newer), then schemas. */
async function dropAll(owned: readonly Owned[], cascade: boolean, ctx: StatementContext): Promise<void> {
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
  const objects: number[] = [...view.data.relationRows.keys(), DATABASE_OBJECT_OID];
  for (const s of view.data.schemas.values()) objects.push(s.row.oid);
  const publicSchema = builtinSchemaOid('public');
  if (publicSchema !== undefined) objects.push(publicSchema);
  for (const oid of objects) {
    const row = catalog.objectPrivileges(oid, ctx.tx);
    if (row === undefined) continue;
    const acl = row.acl === null ? null : without(row.acl);
    const columns =
      row.columns && new Map([...row.columns].map(([attnum, a]) => [attnum, without(a)] as const));
    for (const [attnum, a] of columns ?? []) if (a.length === 0) columns!.delete(attnum);
    const changed =
      (acl !== null && acl.length !== row.acl!.length) ||
      [...(row.columns ?? [])].some(([attnum, a]) => columns!.get(attnum)?.length !== a.length);
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
