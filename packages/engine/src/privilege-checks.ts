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
 * Without a table-level privilege, column privileges on the columns the statement uses suffice
 * for SELECT, INSERT and UPDATE (`columnsGrant`). A user-defined function or procedure called
 * needs EXECUTE, as the current user (after the relations, as PostgreSQL). Superusers pass every
 * check. Errors: 42501 `permission denied for table t` (view, sequence, schema, function,
 * procedure), `must be owner of table t`.
 */
import {
  type Acl,
  type AclObjectKind,
  builtinSchemaOid,
  type CatalogView,
  DATABASE_OBJECT_OID,
  Privilege,
  type PrivilegeContext,
  privilegesFor,
  type RoleDef,
  type SequenceDef,
} from '@rustydb/catalog';
import { DbError, formatType } from '@rustydb/common';
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

/** How a relation is named in privilege errors: table, view, materialized view or sequence. */
const relationWord = (view: CatalogView, oid: number): string =>
  view.viewByOid(oid as never)
    ? 'view'
    : view.tableByOid(oid as never)?.matview
      ? 'materialized view'
      : view.sequenceByOid(oid as never)
        ? 'sequence'
        : 'table';

/** 42501 `must be owner of <kind> <name>`. */
export const mustBeOwner = (kind: string, name: string) =>
  new DbError('42501', `must be owner of ${kind} ${name}`);

/** Requirement lists that passed, per catalog state (PrivilegeContext) and role OID. */
const passed = new WeakMap<PrivilegeContext, WeakMap<readonly RequiredPrivilege[], Set<number>>>();

/**
 * The `checkPrivileges` hook of one statement's ExecutionContext: checks `plan`'s requirements
 * (a physical plan, or a logical one the binder made: CREATE TABLE AS) for role `user` over
 * `view` (see the file comment). Sync. @throws DbError 42501, 42704.
 */
export function planPrivilegeCheck(view: CatalogView, user: string): (plan: object) => void {
  return (plan) => checkPlanPrivileges(view, user, plan);
}

/** `planPrivilegeCheck(view, user)(plan)` without the closure (the per-execution hook). */
export function checkPlanPrivileges(view: CatalogView, user: string, plan: object): void {
  const list = requiredPrivileges(plan) ?? derivedPrivileges(plan);
  if (list.length === 0) return;
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
}

const derived = new WeakMap<object, readonly RequiredPrivilege[]>();

/**
 * The requirements of a plan the binder did not annotate (none today: a safety net so such a
 * plan is never run unchecked): SELECT on every table scanned, the DML privilege on a modified
 * table, UPDATE on tables whose rows are locked — what its nodes show, views already expanded.
 * Computed once per plan object.
 */
function derivedPrivileges(plan: object): readonly RequiredPrivilege[] {
  let list = derived.get(plan);
  if (list === undefined) {
    const bits = new Map<number, { name: string; bits: number }>();
    collect(plan, bits, new Set());
    list = [...bits].map(([oid, r]) => ({
      oid,
      name: r.name,
      kind: 'table' as const,
      bits: r.bits,
      viaView: 0,
    }));
    derived.set(plan, list);
  }
  return list;
}

const DML_BITS: Readonly<Record<string, number>> = {
  insert: Privilege.INSERT,
  update: Privilege.UPDATE,
  delete: Privilege.DELETE,
};

function collect(node: unknown, out: Map<number, { name: string; bits: number }>, seen: Set<object>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) collect(item, out, seen);
    return;
  }
  const n = node as {
    kind?: unknown;
    table?: { oid: number; name: string };
    tables?: readonly { oid: number; name: string }[];
  };
  const note = (t: { oid: number; name: string }, bits: number) => {
    const r = out.get(t.oid);
    out.set(t.oid, { name: t.name, bits: (r?.bits ?? 0) | bits });
  };
  if (typeof n.kind === 'string') {
    if ((n.kind === 'seqScan' || n.kind === 'indexScan' || n.kind === 'indexOnlyScan') && n.table) {
      note(n.table, Privilege.SELECT);
    } else if (DML_BITS[n.kind] !== undefined && n.table) {
      note(n.table, DML_BITS[n.kind]!);
    } else if (n.kind === 'lockRows' && n.tables) {
      for (const t of n.tables) note(t, Privilege.UPDATE);
    }
  }
  for (const key in n) {
    if (key !== 'table' && key !== 'tables') collect((n as Record<string, unknown>)[key], out, seen);
  }
}

function checkRequirements(
  view: CatalogView,
  ctx: PrivilegeContext,
  role: number,
  list: readonly RequiredPrivilege[],
): void {
  // Schema USAGE first: PostgreSQL fails at name lookup, before any table check.
  for (const r of list) {
    if (r.viaView !== 0 || r.kind === 'function') continue;
    const schema = schemaOf(view, r.oid);
    if (schema !== undefined && !ctx.hasSchema(role, schema, Privilege.USAGE)) {
      throw permissionDenied('schema', schema);
    }
  }
  for (const r of list) {
    if (r.kind === 'function') continue;
    const checkAs = r.viaView === 0 ? role : ctx.owner(r.viaView, 'table');
    const missing = r.bits & ~ctx.mask(checkAs, r.oid, 'table');
    if (missing !== 0 && !columnsGrant(ctx, checkAs, r, missing)) {
      throw permissionDenied(relationWord(view, r.oid), r.name);
    }
  }
  // Routines last: PostgreSQL checks EXECUTE when the executor sets a call up, after the relations.
  for (const r of list) {
    if (r.kind === 'function' && (ctx.mask(role, r.oid, 'function') & Privilege.EXECUTE) === 0) {
      throw permissionDenied(view.functionByOid(r.oid)?.row.kind === 'p' ? 'procedure' : 'function', r.name);
    }
  }
}

const COLUMN_CHECKED = Privilege.SELECT | Privilege.INSERT | Privilege.UPDATE;

/**
 * Do column privileges make up for the table-level privileges `missing` (ExecCheckRTEPerms'
 * column pass)? Each of SELECT, INSERT and UPDATE needs the privilege on every column the
 * statement reads, inserts or updates — or on any one column when it names none (`count(*)`,
 * `INSERT … DEFAULT VALUES`, `FOR UPDATE`). Other privileges have no column form.
 */
function columnsGrant(ctx: PrivilegeContext, role: number, r: RequiredPrivilege, missing: number): boolean {
  if ((missing & ~COLUMN_CHECKED) !== 0) return false;
  const acls = ctx.columnAcls(r.oid);
  if (acls.size === 0) return false;
  for (const bit of [Privilege.SELECT, Privilege.INSERT, Privilege.UPDATE]) {
    if ((missing & bit) === 0) continue;
    const columns = bit === Privilege.SELECT ? r.selected : bit === Privilege.INSERT ? r.inserted : r.updated;
    if (columns === undefined) return false;
    const has = (attnum: number) => (ctx.columnMask(role, r.oid, attnum) & bit) !== 0;
    if (columns.size === 0 ? ![...acls.keys()].some(has) : ![...columns].every(has)) return false;
  }
  return true;
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

/**
 * Requires `bit` (INSERT or REFERENCES) on table `oid` for `user`, or `bit` on each of `columns`:
 * COPY t (cols) FROM, a foreign key's referenced columns (checkFkeyPermissions). Sync.
 * @throws DbError 42501 `permission denied for table t`.
 */
export function requireColumnsPrivilege(
  view: CatalogView,
  user: string,
  oid: number,
  name: string,
  bit: number,
  columns: readonly number[],
): void {
  const { ctx, role } = roleOf(view, user);
  if (ctx.has(role.oid, oid, 'table', bit)) return;
  if (columns.length > 0 && columns.every((attnum) => (ctx.columnMask(role.oid, oid, attnum) & bit) !== 0))
    return;
  throw permissionDenied('table', name);
}

/**
 * What depends on role `roleOid` (PostgreSQL's pg_shdepend for DROP ROLE): `owner of table t`
 * and `privileges for table t` lines, the database first, then relations and schemas in OID
 * order, names qualified when their schema is not on the search path. Sync.
 */
export function roleDependents(view: CatalogView, roleOid: number, database: string): string[] {
  const ctx = privilegesFor(view);
  const out: string[] = [];
  const mentions = (acl: Acl | null | undefined) =>
    acl?.some((it) => it.grantee === roleOid || it.grantor === roleOid) === true;
  const note = (oid: number, kind: AclObjectKind, what: string) => {
    const row = ctx.stored(oid);
    // A routine's owner is sys_proc's: it may own one without a sys_acl row.
    if (row === undefined && kind !== 'function') return;
    if (ctx.owner(oid, kind) === roleOid) out.push(`owner of ${what}`);
    else if (mentions(row?.acl)) out.push(`privileges for ${what}`);
    // Column privileges, by attnum (pg_shdepend's objsubid).
    const table = row?.columns && view.tableByOid(oid as never);
    for (const [attnum, acl] of [...(row?.columns ?? [])].sort((a, b) => a[0] - b[0])) {
      const column = table?.columns.find((c) => c.attnum === attnum)?.name ?? String(attnum);
      if (mentions(acl)) out.push(`privileges for column ${column} of ${what}`);
    }
  };
  const shown = (schema: string, name: string) =>
    view.effectivePath.includes(schema) ? name : `${schema}.${name}`;
  for (const o of aclObjects(view, database)) {
    note(
      o.oid,
      o.kind,
      o.kind === 'database' || o.kind === 'schema'
        ? `${o.word} ${o.name}`
        : `${o.word} ${shown(o.schema, o.name)}`,
    );
  }
  for (const d of view.defaultAcls()) {
    const on = `default privileges on new ${DEFAULT_ACL_WORDS[d.objtype]} belonging to role ${ctx.roleName(d.role)}`;
    const where = d.namespace === 0 ? '' : ` in schema ${schemaNameOf(view, d.namespace)}`;
    if (d.role === roleOid) out.push(`owner of ${on}${where}`);
    else if (mentions(d.acl)) out.push(`privileges for ${on}${where}`);
  }
  return out;
}

const DEFAULT_ACL_WORDS = { r: 'relations', S: 'sequences', n: 'schemas' } as const;

/** An object that has an owner and an ACL (its sys_acl row, if any). */
export interface AclObject {
  readonly oid: number;
  readonly kind: AclObjectKind;
  /** The word of messages: database, table, view, sequence, schema, function. */
  readonly word: string;
  /** Its schema (a schema's own name for a schema; '' for the database). */
  readonly schema: string;
  /** Its name; a routine's signature, `f(integer)`. */
  readonly name: string;
}

/**
 * Every object that has an owner and an ACL: the database first, then the relations (indexes
 * follow their table), schemas — schema public, built in, included — and user-defined routines
 * in OID order (PostgreSQL lists pg_shdepend's entries so). DROP ROLE's DETAIL, REASSIGN OWNED
 * and DROP OWNED walk it. Sync.
 */
export function aclObjects(view: CatalogView, database: string): AclObject[] {
  const out: AclObject[] = [];
  for (const [oid, row] of view.data.relationRows) {
    if (row.kind === 'i') continue;
    const kind: AclObjectKind = row.kind === 'S' ? 'sequence' : 'table';
    const word = row.kind === 'S' ? 'sequence' : row.kind === 'v' ? 'view' : 'table';
    out.push({ oid, kind, word, schema: row.schema, name: row.name });
  }
  for (const s of view.data.schemas.values()) {
    out.push({ oid: s.row.oid, kind: 'schema', word: 'schema', schema: s.row.name, name: s.row.name });
  }
  // Schema public is built in (no sys_namespace row) but has an ACL others may appear in.
  const publicOid = builtinSchemaOid('public');
  if (publicOid !== undefined)
    out.push({ oid: publicOid, kind: 'schema', word: 'schema', schema: 'public', name: 'public' });
  // NB: PostgreSQL 15 describes a procedure as a function here too (getObjectDescription).
  for (const f of view.functions()) {
    const name = `${f.name}(${f.argTypes.map(formatType).join(', ')})`;
    out.push({ oid: f.oid, kind: 'function', word: 'function', schema: f.schema, name });
  }
  out.sort((a, b) => a.oid - b.oid);
  out.unshift({ oid: DATABASE_OBJECT_OID, kind: 'database', word: 'database', schema: '', name: database });
  return out;
}

function schemaNameOf(view: CatalogView, oid: number): string {
  for (const s of view.data.schemas.values()) if (s.row.oid === oid) return s.row.name;
  for (const name of ['public', 'pg_catalog', 'information_schema'])
    if (builtinSchemaOid(name) === oid) return name;
  return String(oid);
}
