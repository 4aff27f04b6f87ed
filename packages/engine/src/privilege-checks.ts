/**
 * Privilege checks where PostgreSQL makes them (aclchk.c's pg_class_aclcheck & co, ExecCheckRTPerms),
 * against the role a statement runs as (CURRENT_USER), over the catalog state the statement sees.
 *
 * - Plans (`planPrivilegeCheck`): before every execution, each relation the binder noted
 *   (planner's required-privileges.ts) must grant its privileges to the current user — or, for a
 *   relation reached through a view, to the view's owner — and its schema USAGE. A passed check is
 *   remembered per (catalog state, requirement list, role): a cached or prepared plan executed
 *   again costs two WeakMap lookups and a Set lookup, and a GRANT, REVOKE or role change (a new
 *   catalog state) or SET ROLE (another role) is honoured at the next execution.
 * - Sequences (`sequencePrivilegeCheck`): nextval needs USAGE or UPDATE, currval and lastval
 *   SELECT or USAGE, setval UPDATE.
 * - Ownership (`requireOwner`) for DDL, schema CREATE (`requireSchemaCreate`).
 * Superusers pass every check. Errors: 42501 `permission denied for table t` (view, sequence,
 * schema), `must be owner of table t`.
 */
import {
  type AclObjectKind,
  type CatalogView,
  Privilege,
  type PrivilegeContext,
  privilegesFor,
  type RoleDef,
  type SequenceDef,
} from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { PhysicalPlan } from '@rustydb/optimizer';
import { type RequiredPrivilege, requiredPrivileges } from '@rustydb/planner';

/** The current role as `view` sees it. @throws DbError 42704 when it was dropped meanwhile. */
export function roleOf(view: CatalogView, name: string): { ctx: PrivilegeContext; role: RoleDef } {
  const ctx = privilegesFor(view);
  const role = ctx.roleByName(name);
  if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  return { ctx, role };
}

/** 42501 `permission denied for <kind> <name>`. */
export const permissionDenied = (kind: string, name: string, position?: number) =>
  new DbError('42501', `permission denied for ${kind} ${name}`, position === undefined ? {} : { position });

/** 42501 `must be owner of <kind> <name>`. */
export const mustBeOwner = (kind: string, name: string) =>
  new DbError('42501', `must be owner of ${kind} ${name}`);

/** Requirement lists that passed, per catalog state (PrivilegeContext) and role OID. */
const passed = new WeakMap<PrivilegeContext, WeakMap<readonly RequiredPrivilege[], Set<number>>>();

/**
 * The `checkPrivileges` hook of one statement's ExecutionContext: checks `plan`'s requirements
 * for role `user` over `view` (see the file comment). Sync. @throws DbError 42501, 42704.
 */
export function planPrivilegeCheck(view: CatalogView, user: string): (plan: PhysicalPlan) => void {
  return (plan) => {
    const list = requiredPrivileges(plan);
    if (list === undefined || list.length === 0) return;
    const { ctx, role } = roleOf(view, user);
    if (role.superuser) return;
    let byList = passed.get(ctx);
    if (byList === undefined) {
      byList = new WeakMap();
      passed.set(ctx, byList);
    }
    let roles = byList.get(list);
    if (roles?.has(role.oid)) return;
    checkRequirements(view, ctx, role.oid, list);
    if (roles === undefined) {
      roles = new Set();
      byList.set(list, roles);
    }
    roles.add(role.oid);
  };
}

function checkRequirements(
  view: CatalogView,
  ctx: PrivilegeContext,
  role: number,
  list: readonly RequiredPrivilege[],
): void {
  // Schema USAGE first: PostgreSQL fails at name lookup, before any table check.
  for (const r of list) {
    if (r.viaView !== 0) continue;
    const schema = schemaOf(view, r.oid);
    if (schema !== undefined && !ctx.hasSchema(role, schema, Privilege.USAGE)) {
      throw permissionDenied('schema', schema);
    }
  }
  for (const r of list) {
    const checkAs = r.viaView === 0 ? role : ctx.owner(r.viaView, 'table');
    if (!ctx.has(checkAs, r.oid, 'table', r.bits)) {
      throw permissionDenied(view.viewByOid(r.oid as never) ? 'view' : 'table', r.name);
    }
  }
}

function schemaOf(view: CatalogView, oid: number): string | undefined {
  return view.tableByOid(oid as never)?.schema ?? view.viewByOid(oid as never)?.schema;
}

/** What each sequence function needs: any one of the bits. */
const SEQUENCE_NEEDS = {
  nextval: Privilege.USAGE | Privilege.UPDATE,
  currval: Privilege.SELECT | Privilege.USAGE,
  lastval: Privilege.SELECT | Privilege.USAGE,
  setval: Privilege.UPDATE,
} as const;

/**
 * Checks that `user` may call sequence function `fn` on `seq` (see the file comment). Sync.
 * @throws DbError 42501 `permission denied for sequence s`.
 */
export function checkSequencePrivilege(
  view: CatalogView,
  user: string,
  seq: SequenceDef,
  fn: keyof typeof SEQUENCE_NEEDS,
): void {
  const { ctx, role } = roleOf(view, user);
  if (role.superuser) return;
  if ((ctx.mask(role.oid, seq.oid, 'sequence') & SEQUENCE_NEEDS[fn]) === 0) {
    throw permissionDenied('sequence', seq.name);
  }
}

/**
 * Requires that `user` own object `oid` (have the owner's privileges) or be a superuser. `what`
 * is the object word of the message (`table`, `view`, `sequence`, `index`, `schema`). Sync.
 * @throws DbError 42501 `must be owner of table t`.
 */
export function requireOwner(
  view: CatalogView,
  user: string,
  oid: number,
  kind: AclObjectKind,
  what: string,
  name: string,
): void {
  const { ctx, role } = roleOf(view, user);
  if (!ctx.isOwner(role.oid, oid, kind)) throw mustBeOwner(what, name);
}

/**
 * Requires CREATE on `schema` for `user` (creating an object in it). Sync.
 * @throws DbError 42501 `permission denied for schema s`.
 */
export function requireSchemaCreate(
  view: CatalogView,
  user: string,
  schema: string,
  position?: number,
): void {
  const { ctx, role } = roleOf(view, user);
  if (!ctx.hasSchema(role.oid, schema, Privilege.CREATE)) throw permissionDenied('schema', schema, position);
}

/**
 * Requires `bits` on table `oid` for `user` (TRUNCATE, LOCK TABLE, COPY). Sync.
 * @throws DbError 42501 `permission denied for table t`.
 */
export function requireTablePrivilege(
  view: CatalogView,
  user: string,
  oid: number,
  name: string,
  bits: number,
  anyOf = false,
): void {
  const { ctx, role } = roleOf(view, user);
  const mask = ctx.mask(role.oid, oid, 'table');
  const ok = anyOf ? (mask & bits) !== 0 : (mask & bits) === bits;
  if (!ok) throw permissionDenied('table', name);
}
