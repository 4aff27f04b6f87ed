/**
 * The privilege inquiry functions (PostgreSQL's acl.c): has_table_privilege,
 * has_sequence_privilege, has_column_privilege, has_schema_privilege, has_database_privilege and
 * pg_has_role, answered from the catalog's ACLs and memberships (catalog's privileges.ts) for the
 * given role, or the current user when the role is omitted.
 *
 * The privilege argument is PostgreSQL's: a comma-separated, case-insensitive list, each item
 * optionally `WITH GRANT OPTION` (`WITH ADMIN OPTION` for pg_has_role); the answer is true when
 * ANY item holds. A name that does not exist is an error (42P01, 3F000, 42704, 3D000); an OID
 * that does not exist answers NULL. has_column_privilege and has_any_column_privilege add the
 * column ACLs to the table's.
 */
import {
  DATABASE_OBJECT_OID,
  DATABASE_OID,
  GOPTION_SHIFT,
  namespaceOidOf,
  Privilege,
  type PrivilegeContext,
  privilegeNames,
  privilegesFor,
  relationOidOf,
  roleOidOf,
  type SystemCatalog,
} from '@rustydb/catalog';
import { DbError, type Value } from '@rustydb/common';
import type { Runtime } from './runtime.js';

type Impl = (sc: () => SystemCatalog, args: readonly Value[], rt: Runtime) => Value;

const TABLE = privilegeNames('select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger');
const SEQUENCE = privilegeNames('usage', 'select', 'update');
const COLUMN = privilegeNames('select', 'insert', 'update', 'references');
const SCHEMA = privilegeNames('create', 'usage');
const DATABASE = privilegeNames('create', 'connect', 'temporary', 'temp');
const ROLE: Readonly<Record<string, number>> = { member: 1, usage: 2 };

/**
 * PostgreSQL's convert_any_priv_string: the privilege bits (grant options shifted) of `text`.
 * @throws DbError 22023 `unrecognized privilege type: "x"`.
 */
function privilegeMask(
  text: string,
  names: Readonly<Record<string, number>>,
  option: 'grant' | 'admin',
): number {
  let mask = 0;
  for (const raw of text.split(',')) {
    let item = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    let withOption = false;
    const suffix = ` with ${option} option`;
    if (item.endsWith(suffix)) {
      item = item.slice(0, -suffix.length).trimEnd();
      withOption = true;
    }
    const bit = names[item];
    if (bit === undefined) throw new DbError('22023', `unrecognized privilege type: "${raw.trim()}"`);
    mask |= withOption ? bit << GOPTION_SHIFT : bit;
  }
  return mask;
}

/** The role argument (name or OID), or the current user. @throws DbError 42704. */
function roleArg(sc: SystemCatalog, privs: PrivilegeContext, value: Value | undefined, rt: Runtime): number {
  if (value === undefined) {
    const name = rt.ctx.session?.currentUser ?? sc.session.user;
    const role = privs.roleByName(name);
    return role?.oid ?? roleOidOf(sc, name);
  }
  if (typeof value === 'string') {
    const role = privs.roleByName(value);
    return role?.oid ?? roleOidOf(sc, value);
  }
  return Number(value);
}

/** Whether the current user (CURRENT_USER) is a superuser. */
export function currentUserIsSuperuser(sc: SystemCatalog, rt: Runtime): boolean {
  const privs = privilegesFor(sc.view);
  return privs.isSuperuser(roleArg(sc, privs, undefined, rt));
}

/** The current user's (CURRENT_USER's) role OID, with the privilege context it was read from. */
export function currentRole(sc: SystemCatalog, rt: Runtime): { privs: PrivilegeContext; role: number } {
  const privs = privilegesFor(sc.view);
  return { privs, role: roleArg(sc, privs, undefined, rt) };
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

const hasTable =
  (names: Readonly<Record<string, number>>, sequence: boolean): Impl =>
  (sc, args, rt) => {
    const s = sc();
    const privs = privilegesFor(s.view);
    const { role, rest, priv } = split(args, 1);
    if (args.some((a) => a === null)) return null;
    const target = rest[0]!;
    const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
    const seq = s.view.sequenceByOid(oid as never);
    if (sequence && seq === undefined) {
      if (typeof target !== 'string' && s.view.tableByOid(oid as never) === undefined) return null;
      throw new DbError('42809', `"${typeof target === 'string' ? target : oid}" is not a sequence`);
    }
    if (!sequence && seq === undefined && !exists(s, oid)) {
      if (typeof target === 'string') return true; // a pg_catalog relation: PUBLIC may read it
      return null;
    }
    const wanted = privilegeMask(priv, names, 'grant');
    const who = roleArg(s, privs, role, rt);
    return holds(privs.mask(who, oid, seq === undefined ? 'table' : 'sequence'), wanted);
  };

const exists = (s: SystemCatalog, oid: number): boolean =>
  s.view.tableByOid(oid as never) !== undefined || s.view.viewByOid(oid as never) !== undefined;

const hasColumn: Impl = (sc, args, rt) => {
  const s = sc();
  const privs = privilegesFor(s.view);
  if (args.some((a) => a === null)) return null;
  const { role, rest, priv } = split(args, 2);
  const [target, column] = rest;
  const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
  const table = s.view.tableByOid(oid as never);
  const view = s.view.viewByOid(oid as never);
  if (table === undefined && view === undefined) return typeof target === 'string' ? true : null;
  const attnums = table
    ? table.columns.map((c) => ({ name: c.name, attnum: c.attnum }))
    : view!.columns.map((c, i) => ({ name: c.name, attnum: i + 1 }));
  const found =
    typeof column === 'string'
      ? attnums.find((c) => c.name === column)
      : attnums.find((c) => c.attnum === Number(column));
  if (found === undefined) {
    if (typeof column !== 'string') return null;
    throw new DbError(
      '42703',
      `column "${column}" of relation "${table?.name ?? view!.name}" does not exist`,
    );
  }
  const wanted = privilegeMask(priv, COLUMN, 'grant');
  const who = roleArg(s, privs, role, rt);
  return holds(privs.mask(who, oid, 'table') | privs.columnMask(who, oid, found.attnum), wanted);
};

/** has_any_column_privilege: the table's privilege, or the column privilege on any column. */
const hasAnyColumn: Impl = (sc, args, rt) => {
  const s = sc();
  const privs = privilegesFor(s.view);
  if (args.some((a) => a === null)) return null;
  const { role, rest, priv } = split(args, 1);
  const target = rest[0]!;
  const oid = typeof target === 'string' ? relationOidOf(s, target) : Number(target);
  if (!exists(s, oid)) return typeof target === 'string' ? true : null;
  const wanted = privilegeMask(priv, COLUMN, 'grant');
  const who = roleArg(s, privs, role, rt);
  if (holds(privs.mask(who, oid, 'table'), wanted)) return true;
  for (const attnum of privs.columnAcls(oid).keys()) {
    if (holds(privs.columnMask(who, oid, attnum), wanted)) return true;
  }
  return false;
};

const hasSchema: Impl = (sc, args, rt) => {
  const s = sc();
  const privs = privilegesFor(s.view);
  if (args.some((a) => a === null)) return null;
  const { role, rest, priv } = split(args, 1);
  const target = rest[0]!;
  const oid = typeof target === 'string' ? namespaceOidOf(s, target) : Number(target);
  const name = s.namespaceName(oid);
  if (name === undefined) return null;
  const wanted = privilegeMask(priv, SCHEMA, 'grant');
  const who = roleArg(s, privs, role, rt);
  if (privs.isSuperuser(who)) return true;
  if (name === 'pg_catalog' || name === 'information_schema' || name.startsWith('pg_')) {
    return holds(Privilege.USAGE, wanted);
  }
  return holds(privs.mask(who, oid, 'schema'), wanted);
};

const hasDatabase: Impl = (sc, args, rt) => {
  const s = sc();
  const privs = privilegesFor(s.view);
  if (args.some((a) => a === null)) return null;
  const { role, rest, priv } = split(args, 1);
  const target = rest[0]!;
  if (typeof target === 'string' ? target !== s.session.database : Number(target) !== DATABASE_OID) {
    if (typeof target !== 'string') return null;
    throw new DbError('3D000', `database "${target}" does not exist`);
  }
  const wanted = privilegeMask(priv, DATABASE, 'grant');
  return holds(privs.mask(roleArg(s, privs, role, rt), DATABASE_OBJECT_OID, 'database'), wanted);
};

const hasRole: Impl = (sc, args, rt) => {
  const s = sc();
  const privs = privilegesFor(s.view);
  if (args.some((a) => a === null)) return null;
  const { role, rest, priv } = split(args, 1);
  const member = roleArg(s, privs, role, rt);
  const target = roleArg(s, privs, rest[0]!, rt);
  const wanted = privilegeMask(priv, ROLE, 'admin');
  if ((wanted & (ROLE.member! | ROLE.usage!)) !== 0) {
    if (holds(wanted, ROLE.member!) && privs.isMemberOf(member, target)) return true;
    if (holds(wanted, ROLE.usage!) && privs.hasPrivsOf(member, target)) return true;
  }
  if (wanted >>> GOPTION_SHIFT !== 0) {
    if (privs.isSuperuser(member)) return true;
    return privs.memberships.some((m) => m.role === target && m.member === member && m.admin);
  }
  return false;
};

/** The privilege inquiry functions by name (merged into catalog-functions.ts's table). */
export const PRIVILEGE_FUNCTIONS: Readonly<Record<string, Impl>> = {
  has_table_privilege: hasTable(TABLE, false),
  has_sequence_privilege: hasTable(SEQUENCE, true),
  has_column_privilege: hasColumn,
  has_any_column_privilege: hasAnyColumn,
  has_schema_privilege: hasSchema,
  has_database_privilege: hasDatabase,
  pg_has_role: hasRole,
};
