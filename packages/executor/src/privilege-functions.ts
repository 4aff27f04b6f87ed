/**
 * The privilege inquiry functions (PostgreSQL's acl.c): has_table_privilege,
 * has_sequence_privilege, has_column_privilege, has_schema_privilege, has_database_privilege,
 * has_function_privilege and pg_has_role, answered from the catalog's ACLs and memberships (catalog's privileges.ts) for the
 * given role, or the current user when the role is omitted.
 *
 * The privilege argument is PostgreSQL's: a comma-separated, case-insensitive list, each item
 * optionally `WITH GRANT OPTION` (`WITH ADMIN OPTION` for pg_has_role); the answer is true when
 * ANY item holds. A name that does not exist is an error (42P01, 3F000, 42704, 3D000); an object
 * OID that does not exist answers NULL, a role OID is taken as it is. The role may be `public`,
 * the PUBLIC pseudo-role (which holds what is granted to PUBLIC), except in pg_has_role.
 * has_column_privilege and has_any_column_privilege add the column ACLs to the table's. The
 * built-in relations answer from PostgreSQL's initdb ACLs (catalog's builtin-relation-acls.ts).
 * Arguments are checked in PostgreSQL's order: role, object name, privilege, object OID.
 */
import {
  BOOTSTRAP_SUPERUSER_OID,
  DATABASE_OBJECT_OID,
  DATABASE_OID,
  type FunctionDef,
  findSystemRelation,
  GOPTION_SHIFT,
  namespaceOidOf,
  Privilege,
  type PrivilegeContext,
  PUBLIC_ROLE,
  privilegeNames,
  privilegesFor,
  procOidBySignature,
  relationOidOf,
  roleOidOf,
  type SystemCatalog,
} from '@rustydb/catalog';
import { DbError, type Value } from '@rustydb/common';
import { parseRegprocedure } from '@rustydb/planner';
import type { Runtime } from './runtime.js';

type Impl = (sc: () => SystemCatalog, args: readonly Value[], rt: Runtime) => Value;

/**
 * PostgreSQL's priv_map tables (acl.c's convert_*_priv_string): each privilege name, and each
 * followed by ` with grant option` (also ` with admin option` for roles) standing for its grant
 * option bit. Keys are lower case.
 */
function privilegeMap(
  names: Readonly<Record<string, number>>,
  options: readonly string[] = ['grant'],
): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const [name, bit] of Object.entries(names)) {
    map.set(name, bit);
    for (const option of options) map.set(`${name} with ${option} option`, bit << GOPTION_SHIFT);
  }
  return map;
}

const TABLE = privilegeMap({
  ...privilegeNames('select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'),
  rule: 0, // PostgreSQL ignores the old RULE privilege: it names no bit, so never holds
});
const SEQUENCE = privilegeMap(privilegeNames('usage', 'select', 'update'));
const COLUMN = privilegeMap(privilegeNames('select', 'insert', 'update', 'references'));
const SCHEMA = privilegeMap(privilegeNames('create', 'usage'));
const DATABASE = privilegeMap(privilegeNames('create', 'connect', 'temporary', 'temp'));
const FUNCTION = privilegeMap(privilegeNames('execute'));
/** pg_has_role's: MEMBER (is_member_of_role), USAGE (has_privs_of_role); an option: admin. */
const MEMBER = 1;
const USAGE = 2;
const ROLE = privilegeMap({ member: MEMBER, usage: USAGE }, ['grant', 'admin']);

/** isspace(): what PostgreSQL trims around each item of a privilege list. */
const EDGE_SPACE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

/**
 * PostgreSQL's convert_any_priv_string: the privilege bits (grant options shifted) `text` asks
 * for. Items are comma-separated, trimmed, matched case-insensitively (ASCII) but otherwise
 * exactly: `select  with grant option` (two spaces) or an empty item is unrecognized.
 * @throws DbError 22023 `unrecognized privilege type: "x"`.
 */
function privilegeMask(text: string, map: ReadonlyMap<string, number>): number {
  let mask = 0;
  for (const raw of text.split(',')) {
    const item = raw.replace(EDGE_SPACE, '');
    const bit = map.get(item.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    if (bit === undefined) throw new DbError('22023', `unrecognized privilege type: "${item}"`);
    mask |= bit;
  }
  return mask;
}

/** The current user's (CURRENT_USER's) role OID. */
function currentUserOid(sc: SystemCatalog, privs: PrivilegeContext, rt: Runtime): number {
  const name = rt.ctx.session?.currentUser ?? sc.session.user;
  return privs.roleByName(name)?.oid ?? roleOidOf(sc, name);
}

/**
 * A role argument: a name (PostgreSQL's get_role_oid, or get_role_oid_or_public where `public`
 * is allowed: then `public`, exactly so, is the PUBLIC pseudo-role), an OID taken as it is (no
 * check that such a role exists, as in PostgreSQL), or, absent, the current user.
 * @throws DbError 42704 `role "x" does not exist`.
 */
function roleArg(
  sc: SystemCatalog,
  privs: PrivilegeContext,
  value: Value | undefined,
  rt: Runtime,
  publicAllowed = true,
): number {
  if (value === undefined) return currentUserOid(sc, privs, rt);
  if (typeof value !== 'string') return Number(value);
  if (publicAllowed && value === 'public') return PUBLIC_ROLE;
  const oid = privs.roleByName(value)?.oid ?? sc.session.roles().find((r) => r.name === value)?.oid;
  if (oid === undefined) throw new DbError('42704', `role "${value}" does not exist`);
  return oid;
}

/** Whether the current user (CURRENT_USER) is a superuser. */
export function currentUserIsSuperuser(sc: SystemCatalog, rt: Runtime): boolean {
  const privs = privilegesFor(sc.view);
  return privs.isSuperuser(currentUserOid(sc, privs, rt));
}

/** The current user's (CURRENT_USER's) role OID, with the privilege context it was read from. */
export function currentRole(sc: SystemCatalog, rt: Runtime): { privs: PrivilegeContext; role: number } {
  const privs = privilegesFor(sc.view);
  return { privs, role: currentUserOid(sc, privs, rt) };
}

/** Splits (role?, object…, privilege) by the argument count of the one-object forms. */
function split(
  args: readonly Value[],
  objects: number,
): { role: Value | undefined; rest: readonly Value[]; priv: string } {
  const priv = String(args[args.length - 1]);
  const rest = args.slice(args.length - 1 - objects, args.length - 1);
  const role = args.length > objects + 1 ? args[0] : undefined;
  return { role, rest, priv };
}

const holds = (mask: number, wanted: number): boolean => (mask & wanted) !== 0;

/** The columns of relation `oid` (a table, view or built-in relation) by attnum, or undefined. */
function relationColumns(s: SystemCatalog, oid: number): { name: string; attnum: number }[] | undefined {
  const table = s.view.tableByOid(oid as never);
  if (table) return table.columns.map((c) => ({ name: c.name, attnum: c.attnum }));
  const columns = s.view.viewByOid(oid as never)?.columns ?? s.systemRelationByOid(oid)?.columns;
  return columns?.map((c, i) => ({ name: c.name, attnum: i + 1 }));
}

/** Does relation `oid` exist: a table, view or built-in relation (sequences aside)? */
const relationExists = (s: SystemCatalog, oid: number): boolean => relationColumns(s, oid) !== undefined;

/**
 * has_table_privilege: a relation's privileges from its ACL (PostgreSQL 15's initdb ACLs for the
 * built-in relations: SELECT to PUBLIC, no write privilege for anyone but superusers).
 * Arguments in PostgreSQL's order: role, then a relation name (42P01), then the privilege
 * (22023), then whether a relation OID exists (NULL when not).
 */
const hasTable: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const who = roleArg(s, privs, role, rt);
  const target = rest[0]!;
  const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
  const wanted = privilegeMask(priv, TABLE);
  const sequence = s.view.sequenceByOid(oid as never) !== undefined;
  if (!sequence && !relationExists(s, oid)) return null;
  return holds(privs.mask(who, oid, sequence ? 'sequence' : 'table'), wanted);
};

/** has_sequence_privilege: role, privilege, then the sequence (42809 for another relation). */
const hasSequence: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const who = roleArg(s, privs, role, rt);
  const wanted = privilegeMask(priv, SEQUENCE);
  const target = rest[0]!;
  const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
  if (s.view.sequenceByOid(oid as never) === undefined) {
    if (typeof target !== 'string' && !relationExists(s, oid)) return null;
    const name =
      typeof target === 'string' ? target : (s.relationByOid(oid)?.name ?? s.systemRelationByOid(oid)?.name);
    throw new DbError('42809', `"${name}" is not a sequence`);
  }
  return holds(privs.mask(who, oid, 'sequence'), wanted);
};

/**
 * has_column_privilege: the table's privilege, or the column's. A column name the relation
 * lacks is 42703; a relation OID or column number that does not exist answers NULL.
 */
const hasColumn: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 2);
  const who = roleArg(s, privs, role, rt);
  const [target, column] = rest;
  const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
  const columns = relationColumns(s, oid);
  const found =
    typeof column === 'string'
      ? columns?.find((c) => c.name === column)
      : columns?.find((c) => c.attnum === Number(column));
  if (found === undefined && columns !== undefined && typeof column === 'string') {
    const relation = s.relationByOid(oid)?.name ?? s.systemRelationByOid(oid)?.name;
    throw new DbError('42703', `column "${column}" of relation "${relation}" does not exist`);
  }
  const wanted = privilegeMask(priv, COLUMN);
  if (found === undefined) return null;
  return holds(privs.mask(who, oid, 'table') | privs.columnMask(who, oid, found.attnum), wanted);
};

/** has_any_column_privilege: the table's privilege, or the column privilege on any column. */
const hasAnyColumn: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const who = roleArg(s, privs, role, rt);
  const target = rest[0]!;
  const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
  const wanted = privilegeMask(priv, COLUMN);
  if (!relationExists(s, oid)) return null;
  if (holds(privs.mask(who, oid, 'table'), wanted)) return true;
  for (const attnum of privs.columnAcls(oid).keys()) {
    if (holds(privs.columnMask(who, oid, attnum), wanted)) return true;
  }
  return false;
};

const hasSchema: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const who = roleArg(s, privs, role, rt);
  const target = rest[0]!;
  const oid = typeof target === 'string' ? namespaceOidOf(s, target) : Number(target);
  const wanted = privilegeMask(priv, SCHEMA);
  const name = s.namespaceName(oid);
  if (name === undefined) return null;
  if (privs.isSuperuser(who)) return true;
  if (name === 'pg_catalog' || name === 'information_schema' || name.startsWith('pg_')) {
    return holds(Privilege.USAGE, wanted);
  }
  return holds(privs.mask(who, oid, 'schema'), wanted);
};

const hasDatabase: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const who = roleArg(s, privs, role, rt);
  const target = rest[0]!;
  if (typeof target === 'string' && target !== s.session.database) {
    throw new DbError('3D000', `database "${target}" does not exist`);
  }
  const wanted = privilegeMask(priv, DATABASE);
  if (typeof target !== 'string' && Number(target) !== DATABASE_OID) return null;
  return holds(privs.mask(who, DATABASE_OBJECT_OID, 'database'), wanted);
};

/**
 * has_function_privilege: EXECUTE on a routine named by its signature (regprocedure input,
 * `f(integer)`: 22P02 without the parentheses, 42883 `function "f(bigint)" does not exist`) or
 * by OID (NULL when none has it). A user-defined routine answers from its ACL; a built-in one
 * has PostgreSQL's default, EXECUTE for PUBLIC.
 */
const hasFunction: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const who = roleArg(s, privs, role, rt);
  const target = rest[0]!;
  const user =
    typeof target === 'string' ? userRoutineNamed(s, target) : s.view.functionByOid(Number(target));
  const wanted = privilegeMask(priv, FUNCTION);
  if (user !== undefined) return holds(privs.mask(who, user.oid, 'function'), wanted);
  if (typeof target !== 'string' && !builtinRoutineExists(s, Number(target))) return null;
  // A built-in routine: acldefault's {=X/owner,owner=X/owner}, the owner the bootstrap superuser.
  const owner = privs.isSuperuser(who) || privs.hasPrivsOf(who, BOOTSTRAP_SUPERUSER_OID);
  return holds(owner ? Privilege.EXECUTE | (Privilege.EXECUTE << GOPTION_SHIFT) : Privilege.EXECUTE, wanted);
};

/**
 * The user-defined routine signature `text` names, undefined for a built-in one.
 * @throws DbError 22P02, 42601, 42704 (parseRegprocedure), 3F000, 42883 when none matches.
 */
function userRoutineNamed(s: SystemCatalog, text: string): FunctionDef | undefined {
  return s.view.functionByOid(procOidBySignature(s, parseRegprocedure(text, s.view), text));
}

/** Does pg_proc have a (built-in) routine with OID `oid`? */
function builtinRoutineExists(s: SystemCatalog, oid: number): boolean {
  const pgProc = findSystemRelation('pg_proc');
  return pgProc !== undefined && s.rows(pgProc).some((row) => row[0] === oid);
}

/**
 * pg_has_role([member,] role, privilege), PostgreSQL 15's pg_role_aclcheck: MEMBER holds when
 * the member is a member of the role (directly or not, INHERIT aside), USAGE when it has the
 * role's privileges (through INHERIT), `… WITH ADMIN OPTION` (or GRANT OPTION) when it may
 * administer the role (is_admin_of_role). Names must be roles (42704; `public` is no role
 * here); OIDs are taken as they are, as PostgreSQL does: an unknown one is a member of itself
 * only.
 */
const hasRole: Impl = (sc, args, rt) => {
  if (args.some((a) => a === null)) return null;
  const s = sc();
  const privs = privilegesFor(s.view);
  const { role, rest, priv } = split(args, 1);
  const member = roleArg(s, privs, role, rt, false);
  const target = roleArg(s, privs, rest[0]!, rt, false);
  const wanted = privilegeMask(priv, ROLE);
  if (wanted >>> GOPTION_SHIFT !== 0 && isAdminOf(privs, member, target)) return true;
  if (holds(wanted, MEMBER) && privs.isMemberOf(member, target)) return true;
  return holds(wanted, USAGE) && privs.hasPrivsOf(member, target);
};

/**
 * is_admin_of_role: a superuser administers every role; no role administers itself; else some
 * role the member is (or is, through any chain, a member of) holds `role` WITH ADMIN OPTION.
 */
function isAdminOf(privs: PrivilegeContext, member: number, role: number): boolean {
  if (privs.isSuperuser(member)) return true;
  if (member === role) return false;
  return privs.memberships.some(
    (m) => m.role === role && m.admin && (m.member === member || privs.isMemberOfStrict(member, m.member)),
  );
}

/** The privilege inquiry functions by name (merged into catalog-functions.ts's table). */
export const PRIVILEGE_FUNCTIONS: Readonly<Record<string, Impl>> = {
  has_table_privilege: hasTable,
  has_sequence_privilege: hasSequence,
  has_column_privilege: hasColumn,
  has_any_column_privilege: hasAnyColumn,
  has_schema_privilege: hasSchema,
  has_database_privilege: hasDatabase,
  has_function_privilege: hasFunction,
  pg_has_role: hasRole,
};
