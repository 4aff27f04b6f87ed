/**
 * GRANT / REVOKE on tables, views, sequences, schemas, the database, functions and procedures;
 * GRANT / REVOKE role membership; ALTER TABLE | VIEW | SEQUENCE | INDEX | SCHEMA … OWNER TO —
 * PostgreSQL 15's aclchk.c (ExecuteGrantStmt, ExecGrant_*), user.c (AddRoleMems, DelRoleMems)
 * and the owner changes of tablecmds.c, over the catalog's sys_acl and sys_auth_members.
 *
 * GRANTOR. A role with the owner's privileges (or a superuser) grants as the owner, holding every
 * grant option; anyone else grants as themself with the grant options they hold. Asking for
 * privileges one cannot grant gives PostgreSQL's warnings (`no privileges were granted for "t"`,
 * `not all privileges were granted for "t"`, and the `could be revoked` ones); holding no
 * privilege at all is 42501. GRANTED BY must name the current user (0A000 otherwise), as in 15.
 *
 * Column privileges (`SELECT (a) ON t`) are column-grants.ts's. Functions and procedures have
 * EXECUTE (`ON FUNCTION | PROCEDURE | ROUTINE f[(types)]`, `ON ALL FUNCTIONS … IN SCHEMA s`),
 * PUBLIC holding it by default (acldefault).
 *
 * PREDEFINED ROLES (predefined-roles.ts in @rustydb/catalog) are granted like any other role;
 * pg_database_owner has no explicit members and is a member of none (PostgreSQL's XX000 texts).
 * NB: pg_monitor's three memberships are fixed here: REVOKE, or GRANT … WITH ADMIN OPTION, of
 * one is 0A000 (PostgreSQL stores them as ordinary rows one may revoke).
 */
import {
  type Acl,
  type AclObjectKind,
  ALL_PRIVILEGES,
  aclGrant,
  aclRevoke,
  type CatalogView,
  DATABASE_OBJECT_OID,
  defaultAcl,
  type FunctionDef,
  grantOptionsOf,
  isPredefinedMembership,
  PRIVILEGE_BY_NAME,
  type PrivilegeContext,
  PUBLIC_ROLE,
  ROLE_PG_DATABASE_OWNER,
  type RoleDef,
} from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type {
  AlterDefaultPrivilegesStmt,
  AlterOwnerStmt,
  GrantRoleStmt,
  GrantStmt,
  ObjectName,
  PrivilegeSpec,
  RoleSpec,
} from '@rustydb/parser';
import { columnGrantOf, grantOnColumns, revokeFromColumns } from './column-grants.js';
import { lookupFunction } from './function-statements.js';
import { mustBeOwner, permissionDenied, roleOf } from './privilege-checks.js';
import { KIND_WORDS, objectKindOf } from './relation-kinds.js';
import { currentUserOf } from './role-settings.js';
import { roleName } from './role-statements.js';
import type { StatementContext } from './session.js';

const warning = (code: '01006' | '01007' | '0LP01' | '01000', message: string) =>
  new DbError(code, message, { severity: 'WARNING' });
const notice = (message: string) => new DbError('00000', message, { severity: 'NOTICE' });

/** One object a GRANT names. */
interface Target {
  readonly oid: number;
  readonly kind: AclObjectKind;
  /**
   * The word of messages: table, view, sequence, schema, database; for a routine the word the
   * statement names it by (function, procedure or routine), as PostgreSQL's objtype.
   */
  readonly word: string;
  readonly name: string;
}

/**
 * Runs GRANT/REVOKE, GRANT/REVOKE role, ALTER … OWNER TO or ALTER DEFAULT PRIVILEGES. Sync.
 * @throws DbError as PostgreSQL.
 */
export function runGrantStatement(
  stmt: GrantStmt | GrantRoleStmt | AlterOwnerStmt | AlterDefaultPrivilegesStmt,
  ctx: StatementContext,
): void {
  if (ctx.tx.readOnly) {
    const what =
      stmt.kind === 'alterOwner'
        ? `ALTER ${stmt.objectKind.toUpperCase()}`
        : stmt.kind === 'alterDefaultPrivileges'
          ? 'ALTER DEFAULT PRIVILEGES'
          : `${stmt.isGrant ? 'GRANT' : 'REVOKE'}${stmt.kind === 'grantRole' ? ' ROLE' : ''}`;
    throw new DbError('25006', `cannot execute ${what} in a read-only transaction`);
  }
  if (stmt.kind === 'grant') runGrant(stmt, ctx);
  else if (stmt.kind === 'grantRole') runGrantRole(stmt, ctx);
  else if (stmt.kind === 'alterDefaultPrivileges') runAlterDefaultPrivileges(stmt, ctx);
  else runAlterOwner(stmt, ctx);
}

function runGrant(stmt: GrantStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const { ctx: privs, role: me } = roleOf(view, currentUserOf(ctx.settings));
  if (stmt.grantedBy !== undefined && roleName(stmt.grantedBy, ctx) !== me.name) {
    throw new DbError('0A000', 'grantor must be current user');
  }
  const grantees = stmt.grantees.map((g) => granteeOid(g, privs, ctx));
  if (stmt.isGrant && stmt.grantOption && grantees.includes(PUBLIC_ROLE)) {
    throw new DbError('0LP01', 'grant options can only be granted to roles');
  }
  const objects = targets(stmt, view, ctx);
  // `SELECT (a), UPDATE ON t`: the column list makes a privilege a column privilege — of a table
  // or view named as one (PostgreSQL's OBJECT_TABLE), after the objects were looked up.
  const columnSyntax = stmt.allColumns !== undefined || stmt.privileges?.some((p) => p.columns !== undefined);
  if (columnSyntax && stmt.target.kind !== 'table' && stmt.target.kind !== 'allTablesInSchema') {
    throw new DbError('0LP01', 'column privileges are only valid for relations');
  }
  const tableSpecs = stmt.privileges?.filter((p) => p.columns === undefined);
  const tableLevel = stmt.allColumns === undefined && (tableSpecs === undefined || tableSpecs.length > 0);
  for (const target of objects) {
    const columnGrant =
      target.kind === 'sequence' || target.kind === 'function'
        ? undefined
        : columnGrantOf(stmt, view, target.oid, target.name);
    if (tableLevel)
      grantOn(
        stmt,
        target,
        privilegeBits(tableSpecs, target, stmt.target.kind, ctx),
        grantees,
        me,
        privs,
        ctx,
      );
    if (columnGrant) grantOnColumns(stmt, target.oid, target.name, columnGrant, grantees, me, privs, ctx);
  }
  ctx.out.commandComplete(stmt.isGrant ? 'GRANT' : 'REVOKE');
}

/** ExecGrant_* for one object. */
function grantOn(
  stmt: GrantStmt,
  target: Target,
  wanted: number,
  grantees: readonly number[],
  me: RoleDef,
  privs: PrivilegeContext,
  ctx: StatementContext,
): void {
  const owner = privs.owner(target.oid, target.kind);
  const all = stmt.privileges === undefined;
  let grantor: number;
  let available: number;
  if (privs.isOwner(me.oid, target.oid, target.kind)) {
    grantor = owner;
    available = ALL_PRIVILEGES[target.kind];
  } else {
    grantor = me.oid;
    const mask = privs.mask(me.oid, target.oid, target.kind);
    available = grantOptionsOf(mask);
    if (mask === 0) throw permissionDenied(target.word, target.name);
  }
  const granted = wanted & available;
  const verb = stmt.isGrant ? 'were granted' : 'could be revoked';
  if (granted === 0 && (wanted !== 0 || all)) {
    ctx.out.notice(warning(stmt.isGrant ? '01007' : '01006', `no privileges ${verb} for "${target.name}"`));
  } else if (!all && granted !== wanted) {
    ctx.out.notice(
      warning(stmt.isGrant ? '01007' : '01006', `not all privileges ${verb} for "${target.name}"`),
    );
  }
  const acl: Acl = privs.acl(target.oid, target.kind);
  const next = stmt.isGrant
    ? aclGrant(acl, grantees, grantor, granted, stmt.grantOption)
    : aclRevoke(acl, grantees, grantor, granted, stmt.grantOption, stmt.cascade, owner);
  const stored = privs.stored(target.oid)?.columns;
  const columns = stmt.isGrant ? stored : revokeFromColumns(stored, stmt, grantees, grantor, granted, owner);
  ctx.engine.catalog.setObjectPrivileges(
    ctx.tx,
    { object: target.oid, kind: target.kind, owner, acl: next, ...(columns ? { columns } : {}) },
    target.name,
  );
}

/** The objects a GRANT names, resolved. @throws DbError 42P01, 42809, 3F000, 3D000. */
function targets(stmt: GrantStmt, view: CatalogView, ctx: StatementContext): Target[] {
  const t = stmt.target;
  switch (t.kind) {
    case 'table':
    case 'sequence':
      return t.names.map((n) => relationTarget(view, n, t.kind === 'sequence'));
    case 'schema':
      return t.names.map((name) => {
        const oid = view.schemaOid(name);
        if (oid === undefined || name === 'pg_catalog') {
          throw new DbError('3F000', `schema "${name}" does not exist`);
        }
        return { oid, kind: 'schema', word: 'schema', name };
      });
    case 'database':
      return t.names.map((name) => {
        if (name !== (ctx.engine.databaseName ?? 'rustydb')) {
          throw new DbError('3D000', `database "${name}" does not exist`);
        }
        return { oid: DATABASE_OBJECT_OID, kind: 'database', word: 'database', name };
      });
    case 'function': {
      const word = t.routineKind ?? 'function';
      return t.functions.map((ref) => {
        const def = lookupFunction(ref, ctx, false, t.routineKind)!;
        return { oid: def.oid, kind: 'function', word, name: def.name };
      });
    }
    case 'allFunctionsInSchema': {
      // FUNCTIONS: every routine but procedures; PROCEDURES: procedures; ROUTINES: both.
      const wanted = (def: FunctionDef) =>
        t.routineKind === 'routine' || (def.row.kind === 'p') === (t.routineKind === 'procedure');
      const out: Target[] = [];
      for (const schema of t.names) {
        if (!view.schemaExists(schema)) throw new DbError('3F000', `schema "${schema}" does not exist`);
        for (const def of view.functions()) {
          if (def.schema === schema && wanted(def))
            out.push({ oid: def.oid, kind: 'function', word: t.routineKind ?? 'function', name: def.name });
        }
      }
      return out;
    }
    case 'allTablesInSchema':
    case 'allSequencesInSchema': {
      const out: Target[] = [];
      for (const schema of t.names) {
        if (!view.schemaExists(schema)) throw new DbError('3F000', `schema "${schema}" does not exist`);
        if (t.kind === 'allSequencesInSchema') {
          for (const s of view.sequences()) {
            if (s.schema === schema)
              out.push({ oid: s.oid, kind: 'sequence', word: 'sequence', name: s.name });
          }
          continue;
        }
        const rels = [
          ...view.tables().map((r) => ({ r, word: 'table' })),
          ...view.views().map((r) => ({ r, word: 'view' })),
        ];
        for (const { r, word } of rels.sort((a, b) => a.r.oid - b.r.oid)) {
          if (r.schema === schema) out.push({ oid: r.oid, kind: 'table', word, name: r.name });
        }
      }
      return out;
    }
  }
}

function relationTarget(view: CatalogView, n: ObjectName, sequenceSyntax: boolean): Target {
  const entry = view.relation(n.name, n.schema);
  if (entry === undefined) {
    const full = n.schema === undefined ? n.name : `${n.schema}.${n.name}`;
    throw new DbError('42P01', `relation "${full}" does not exist`);
  }
  if (entry.kind === 'index') throw new DbError('42809', `"${n.name}" is an index`);
  if (sequenceSyntax && entry.kind !== 'sequence')
    throw new DbError('42809', `"${n.name}" is not a sequence`);
  const def = entry.def;
  if (entry.kind === 'sequence') return { oid: def.oid, kind: 'sequence', word: 'sequence', name: def.name };
  return { oid: def.oid, kind: 'table', word: entry.kind, name: def.name };
}

/**
 * The bits GRANT names for `target`. @throws DbError 42601 (unknown name), 0LP01 (a privilege
 * the object kind does not have). Sequences named with TABLE syntax drop the others with
 * PostgreSQL's warning.
 */
function privilegeBits(
  specs: readonly PrivilegeSpec[] | undefined,
  target: Target,
  syntax: GrantStmt['target']['kind'],
  ctx: StatementContext,
): number {
  const all = ALL_PRIVILEGES[target.kind];
  if (specs === undefined) return all;
  let bits = 0;
  for (const p of specs) {
    const bit = PRIVILEGE_BY_NAME[p.name];
    if (bit === undefined) throw new DbError('42601', `unrecognized privilege type "${p.name}"`);
    bits |= bit;
  }
  if ((bits & ~all) === 0) return bits;
  if (target.kind === 'sequence' && syntax !== 'sequence' && syntax !== 'allSequencesInSchema') {
    ctx.out.notice(
      warning('0LP01', `sequence "${target.name}" only supports USAGE, SELECT, and UPDATE privileges`),
    );
    return bits & all;
  }
  const bad = specs.find((p) => (PRIVILEGE_BY_NAME[p.name]! & ~all) !== 0)!;
  const kindWord = target.kind === 'function' ? target.word : target.kind;
  throw new DbError('0LP01', `invalid privilege type ${bad.name.toUpperCase()} for ${kindWord}`);
}

function granteeOid(spec: RoleSpec, privs: PrivilegeContext, ctx: StatementContext): number {
  if (spec.kind === 'name' && spec.name === 'public') return PUBLIC_ROLE;
  const name = roleName(spec, ctx);
  const role = privs.roleByName(name);
  if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
  return role.oid;
}

/** GRANT role TO member / REVOKE role FROM member (user.c's AddRoleMems / DelRoleMems). */
function runGrantRole(stmt: GrantRoleStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const { ctx: privs, role: me } = roleOf(view, currentUserOf(ctx.settings));
  if (stmt.grantedBy !== undefined && roleName(stmt.grantedBy, ctx) !== me.name) {
    throw new DbError('0A000', 'grantor must be current user');
  }
  const lookup = (spec: RoleSpec): RoleDef => {
    const name = roleName(spec, ctx);
    const role = privs.roleByName(name);
    if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
    return role;
  };
  const catalog = ctx.engine.catalog;
  // The members first, as PostgreSQL's roleSpecsToIds. PUBLIC is no role one can be a member of
  // (or grant): `GRANT r TO PUBLIC` is 42704 `role "public" does not exist` there too.
  const members = stmt.members.map(lookup);
  for (const spec of stmt.roles) {
    const role = lookup(spec);
    checkRoleAdmin(role, me, privs);
    // PostgreSQL 15 raises these two without a SQLSTATE of their own (XX000).
    if (stmt.isGrant && role.oid === ROLE_PG_DATABASE_OWNER) {
      throw new DbError('XX000', `role "${role.name}" cannot have explicit members`);
    }
    for (const member of members) {
      if (stmt.isGrant && member.oid === ROLE_PG_DATABASE_OWNER) {
        throw new DbError('XX000', `role "${member.name}" cannot be a member of any role`);
      }
      const current = catalog.memberships(ctx.tx).find((m) => m.role === role.oid && m.member === member.oid);
      if (current !== undefined && isPredefinedMembership(current)) {
        // Without ADMIN OPTION already: GRANT tells so below, REVOKE ADMIN OPTION FOR changes nothing.
        if (!stmt.isGrant && stmt.adminOption) continue;
        if (!stmt.isGrant || stmt.adminOption) {
          throw new DbError(
            '0A000',
            `the membership of role "${member.name}" in role "${role.name}" is built in and cannot be changed`,
          );
        }
      }
      if (stmt.isGrant) {
        if (privs.isMemberOfStrict(role.oid, member.oid)) {
          throw new DbError('0LP01', `role "${role.name}" is a member of role "${member.name}"`);
        }
        if (current !== undefined && (current.admin || !stmt.adminOption)) {
          ctx.out.notice(notice(`role "${member.name}" is already a member of role "${role.name}"`));
          continue;
        }
        catalog.setMembership(ctx.tx, {
          role: role.oid,
          member: member.oid,
          grantor: me.oid,
          admin: stmt.adminOption || current?.admin === true,
        });
      } else {
        if (current === undefined) {
          ctx.out.notice(
            new DbError('01000', `role "${member.name}" is not a member of role "${role.name}"`, {
              severity: 'WARNING',
            }),
          );
          continue;
        }
        if (stmt.adminOption) catalog.setMembership(ctx.tx, { ...current, admin: false });
        else catalog.setMembership(ctx.tx, current, true);
      }
    }
  }
  ctx.out.commandComplete(stmt.isGrant ? 'GRANT ROLE' : 'REVOKE ROLE');
}

/** Who may grant a role (PostgreSQL 15): superusers; CREATEROLE for non-superuser roles; ADMIN OPTION. */
function checkRoleAdmin(role: RoleDef, me: RoleDef, privs: PrivilegeContext): void {
  if (me.superuser) return;
  if (role.superuser) throw new DbError('42501', 'must be superuser to alter superusers');
  if (me.createRole) return;
  const admin = privs.memberships.some((m) => m.role === role.oid && m.member === me.oid && m.admin);
  if (!admin) throw new DbError('42501', `must have admin option on role "${role.name}"`);
}

/** ALTER … OWNER TO: the owner (or a superuser) gives the object to a role it is a member of. */
function runAlterOwner(stmt: AlterOwnerStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const { ctx: privs, role: me } = roleOf(view, currentUserOf(ctx.settings));
  const newOwner = privs.roleByName(roleName(stmt.owner, ctx));
  if (newOwner === undefined) {
    throw new DbError('42704', `role "${roleName(stmt.owner, ctx)}" does not exist`);
  }
  const tag =
    stmt.objectKind === 'materializedView'
      ? 'ALTER MATERIALIZED VIEW'
      : `ALTER ${stmt.objectKind.toUpperCase()}`;
  const target = ownerTarget(stmt, view);
  if (target === undefined) {
    ctx.out.notice(notice(`relation "${stmt.name.name}" does not exist, skipping`));
    ctx.out.commandComplete(tag);
    return;
  }
  if (target.kind === 'index') {
    // PostgreSQL ignores OWNER TO on an index (it follows its table), after the ownership check.
    if (!me.superuser && !privs.isOwner(me.oid, target.table, 'table'))
      throw mustBeOwner('index', target.name);
    ctx.out.notice(warning('01000', `cannot change owner of index "${target.name}"`));
    ctx.out.commandComplete(tag);
    return;
  }
  const old = privs.owner(target.oid, target.kind);
  if (old !== newOwner.oid) {
    if (!me.superuser) {
      if (!privs.isOwner(me.oid, target.oid, target.kind)) throw mustBeOwner(target.word, target.name);
      if (!privs.isMemberOf(me.oid, newOwner.oid)) {
        throw new DbError('42501', `must be member of role "${newOwner.name}"`);
      }
    }
    setOwner(target, old, newOwner.oid, privs, ctx);
    // The sequences of its SERIAL and identity columns follow a table (PostgreSQL's
    // change_owner_recurse_to_sequences).
    if (target.kind === 'table') {
      for (const seq of view.sequences()) {
        if (seq.ownedBy?.table !== target.oid) continue;
        const from = privs.owner(seq.oid, 'sequence');
        if (from !== newOwner.oid)
          setOwner({ oid: seq.oid, kind: 'sequence', name: seq.name }, from, newOwner.oid, privs, ctx);
      }
    }
  }
  ctx.out.commandComplete(tag);
}

/**
 * Makes `to` the owner of `target` (owned by `from`), its ACL and column ACLs moved to the new
 * owner as PostgreSQL's aclnewowner does (ALTER … OWNER TO, REASSIGN OWNED). Sync.
 */
export function setOwner(
  target: { readonly oid: number; readonly kind: AclObjectKind; readonly name: string },
  from: number,
  to: number,
  privs: PrivilegeContext,
  ctx: StatementContext,
): void {
  const row = privs.stored(target.oid);
  if (target.kind === 'function') {
    // A routine's owner is sys_proc's; its sys_acl row, when it has one, follows.
    ctx.engine.catalog.setFunctionOwner(ctx.tx, target.oid, to);
    if (row === undefined) return;
  }
  const acl = row?.acl ? newOwnerAcl(row.acl, from, to) : null;
  const columns =
    row?.columns && new Map([...row.columns].map(([attnum, a]) => [attnum, newOwnerAcl(a, from, to)]));
  ctx.engine.catalog.setObjectPrivileges(
    ctx.tx,
    { object: target.oid, kind: target.kind, owner: to, acl, ...(columns ? { columns } : {}) },
    target.name,
  );
}

/** aclnewowner: the old owner's items become the new owner's (merged where both exist). */
function newOwnerAcl(acl: Acl, from: number, to: number): Acl {
  const out: { grantee: number; grantor: number; bits: number }[] = [];
  for (const it of acl) {
    const grantee = it.grantee === from ? to : it.grantee;
    const grantor = it.grantor === from ? to : it.grantor;
    const same = out.find((o) => o.grantee === grantee && o.grantor === grantor);
    if (same) same.bits |= it.bits;
    else out.push({ grantee, grantor, bits: it.bits });
  }
  return out.map((o) => Object.freeze(o));
}

type OwnerTarget = Target | { kind: 'index'; name: string; table: number };

function ownerTarget(stmt: AlterOwnerStmt, view: CatalogView): OwnerTarget | undefined {
  if (stmt.objectKind === 'schema') {
    const name = stmt.name.name;
    const oid = view.schemaOid(name);
    if (oid === undefined || name === 'pg_catalog')
      throw new DbError('3F000', `schema "${name}" does not exist`);
    return { oid, kind: 'schema', word: 'schema', name };
  }
  const entry = view.relation(stmt.name.name, stmt.name.schema);
  if (entry === undefined) {
    if (stmt.ifExists) return undefined;
    const n = stmt.name;
    throw new DbError(
      '42P01',
      `relation "${n.schema === undefined ? n.name : `${n.schema}.${n.name}`}" does not exist`,
    );
  }
  if (entry.kind === 'index') return { kind: 'index', name: entry.def.name, table: entry.table.oid };
  const kind = objectKindOf(entry);
  if (kind !== stmt.objectKind && stmt.objectKind !== 'table') {
    throw new DbError('42809', `"${entry.def.name}" is not ${KIND_WORDS[stmt.objectKind]}`);
  }
  if (entry.kind === 'sequence')
    return { oid: entry.def.oid, kind: 'sequence', word: 'sequence', name: entry.def.name };
  return { oid: entry.def.oid, kind: 'table', word: entry.kind, name: entry.def.name };
}

/**
 * ALTER DEFAULT PRIVILEGES (PostgreSQL's SetDefaultACLsInSchemas / SetDefaultACL): per role and
 * schema (0: all schemas) the ACL new objects get, stored only while it differs from the default
 * (acldefault globally, nothing per schema). Sync. @throws DbError 42501, 42704, 3F000, 0LP01.
 */
function runAlterDefaultPrivileges(stmt: AlterDefaultPrivilegesStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const { ctx: privs, role: me } = roleOf(view, currentUserOf(ctx.settings));
  const kind: AclObjectKind =
    stmt.objectType === 'tables' ? 'table' : stmt.objectType === 'sequences' ? 'sequence' : 'schema';
  const objtype = kind === 'table' ? 'r' : kind === 'sequence' ? 'S' : 'n';
  const specs: readonly RoleSpec[] =
    stmt.roles.length === 0 ? [{ kind: 'current_user', location: 0 }] : stmt.roles;
  const roles = specs.map((spec) => {
    const name = roleName(spec, ctx);
    const role = privs.roleByName(name);
    if (role === undefined) throw new DbError('42704', `role "${name}" does not exist`);
    if (!privs.isMemberOf(me.oid, role.oid)) throw new DbError('42501', `must be member of role "${name}"`);
    return role;
  });
  if (kind === 'schema' && stmt.schemas.length > 0) {
    throw new DbError('0LP01', 'cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS');
  }
  const namespaces = stmt.schemas.map((name) => {
    const oid = view.schemaOid(name);
    if (oid === undefined || name === 'pg_catalog')
      throw new DbError('3F000', `schema "${name}" does not exist`);
    return oid;
  });
  const all = ALL_PRIVILEGES[kind];
  let bits = all;
  if (stmt.privileges !== undefined) {
    bits = 0;
    for (const p of stmt.privileges) {
      const bit = PRIVILEGE_BY_NAME[p.name];
      if (bit === undefined) throw new DbError('42601', `unrecognized privilege type "${p.name}"`);
      if ((bit & ~all) !== 0) {
        throw new DbError(
          '0LP01',
          `invalid privilege type ${p.name.toUpperCase()} for ${kind === 'table' ? 'relation' : kind}`,
        );
      }
      bits |= bit;
    }
  }
  const grantees = stmt.grantees.map((g) => granteeOid(g, privs, ctx));
  if (stmt.isGrant && stmt.grantOption && grantees.includes(PUBLIC_ROLE)) {
    throw new DbError('0LP01', 'grant options can only be granted to roles');
  }
  const catalog = ctx.engine.catalog;
  const stored = view.defaultAcls();
  for (const role of roles) {
    for (const namespace of namespaces.length === 0 ? [0] : namespaces) {
      const row = stored.find(
        (d) => d.role === role.oid && d.namespace === namespace && d.objtype === objtype,
      );
      const start: Acl = row?.acl ?? (namespace === 0 ? defaultAcl(kind, role.oid) : []);
      const next = stmt.isGrant
        ? aclGrant(start, grantees, role.oid, bits, stmt.grantOption)
        : aclRevoke(start, grantees, role.oid, bits, stmt.grantOption, stmt.cascade, role.oid);
      const isDefault = namespace === 0 ? sameAcl(next, defaultAcl(kind, role.oid)) : next.length === 0;
      const d = { role: role.oid, namespace, objtype, acl: next } as const;
      if (!isDefault) catalog.setDefaultAcl(ctx.tx, d);
      else if (row !== undefined) catalog.setDefaultAcl(ctx.tx, d, true);
    }
  }
  ctx.out.commandComplete('ALTER DEFAULT PRIVILEGES');
}

/** Equal as sets of items (PostgreSQL compares sorted ACLs). */
function sameAcl(a: Acl, b: Acl): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) =>
    b.some((y) => x.grantee === y.grantee && x.grantor === y.grantor && x.bits === y.bits),
  );
}
