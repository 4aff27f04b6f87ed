/**
 * Privilege evaluation over one catalog view (PostgreSQL's aclchk.c / acl.c): who owns an
 * object, what its effective ACL is, whether a role has the privileges of another, and what
 * privileges a role holds on an object.
 *
 * `privilegesFor(view)` returns one `PrivilegeContext` per catalog state (cached in a WeakMap on
 * the view's shared definitions, which the catalog rebuilds whenever any transaction's change
 * becomes visible — GRANT, REVOKE and role changes included). The context memoises each
 * (role, object) answer, so checking a statement's relations again (a cached plan, a prepared
 * statement executed again) costs map lookups, never a catalog scan.
 *
 * Rules (PostgreSQL 15): superusers have every privilege with grant option. A role that has the
 * privileges of the owner (is it, or a member through INHERIT) holds every grant option and the
 * ACL's privileges. Others hold the union of the ACL items granted to PUBLIC or to a role they
 * have the privileges of, and what pg_read_all_data / pg_write_all_data add for their members
 * (`#allDataBits`). Objects without a sys_acl row are owned by the bootstrap superuser; the
 * built-in relations (pg_catalog's, information_schema's) have PostgreSQL's initdb ACLs
 * (builtin-relation-acls.ts: SELECT to PUBLIC but for a few holding secrets);
 * schema public is owned by pg_database_owner (the database owner's role) with
 * `{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}`; pg_catalog and
 * information_schema are usable by PUBLIC; a temporary schema by everyone.
 */
import {
  type Acl,
  type AclItem,
  type AclObjectKind,
  ALL_PRIVILEGES,
  aclMask,
  defaultAcl,
  GOPTION_SHIFT,
  Privilege,
  PUBLIC_ROLE,
} from './acl.js';
import { DATABASE_OBJECT_OID, type ObjectPrivileges } from './acl-store.js';
import { builtinColumnAcls, builtinRelationAcl, isBuiltinRelation } from './builtin-relation-acls.js';
import { BUILTIN_SCHEMAS, isTempSchema } from './catalog-data.js';
import type { CatalogView } from './catalog-view.js';
import { type Membership, roleReaches } from './member-store.js';
import { FIRST_NORMAL_OID } from './oid-counter.js';
import {
  predefinedRoleByOid,
  ROLE_PG_DATABASE_OWNER,
  ROLE_PG_READ_ALL_DATA,
  ROLE_PG_WRITE_ALL_DATA,
} from './predefined-roles.js';
import { BOOTSTRAP_SUPERUSER_OID, type RoleDef } from './role-store.js';

const PUBLIC_SCHEMA_OID = 2200;

/** The privileges a column ACL can hold (PostgreSQL's ACL_ALL_RIGHTS_COLUMN). */
export const COLUMN_PRIVILEGES =
  Privilege.SELECT | Privilege.INSERT | Privilege.UPDATE | Privilege.REFERENCES;

const NO_COLUMNS: ReadonlyMap<number, Acl> = new Map();

/** Answers about privileges for one catalog state (see the file comment). */
export class PrivilegeContext {
  readonly #view: CatalogView;
  readonly #byOid = new Map<number, RoleDef>();
  readonly #byName = new Map<string, RoleDef>();
  readonly #memberships: readonly Membership[];
  /** `${role}:${object}` → privilege and grant option bits. */
  readonly #masks = new Map<string, number>();
  /** `${member}:${role}` → has_privs_of_role. */
  readonly #reach = new Map<string, boolean>();

  constructor(view: CatalogView) {
    this.#view = view;
    for (const r of view.roles()) {
      this.#byOid.set(r.oid, r);
      this.#byName.set(r.name, r);
    }
    this.#memberships = view.memberships();
  }

  /** The role with OID `oid`, if it exists. */
  role(oid: number): RoleDef | undefined {
    return this.#byOid.get(oid);
  }

  /** The role named `name`, if it exists. */
  roleByName(name: string): RoleDef | undefined {
    return this.#byName.get(name);
  }

  /** Every membership. */
  get memberships(): readonly Membership[] {
    return this.#memberships;
  }

  /** The name of role `oid` for messages and ACL text (PostgreSQL prints the OID when unknown). */
  roleName(oid: number): string {
    return this.#byOid.get(oid)?.name ?? predefinedRoleByOid(oid)?.name ?? String(oid);
  }

  /** Is role `oid` a superuser? (Unknown roles are not; a test source without roles: OID 10 is.) */
  isSuperuser(oid: number): boolean {
    const r = this.#byOid.get(oid);
    return r === undefined ? oid === BOOTSTRAP_SUPERUSER_OID && this.#byOid.size === 0 : r.superuser;
  }

  /** has_privs_of_role: superuser, the same role, or a member through INHERIT. */
  hasPrivsOf(member: number, role: number): boolean {
    if (member === role || this.isSuperuser(member)) return true;
    const key = `${member}:${role}`;
    let answer = this.#reach.get(key);
    if (answer === undefined) {
      // pg_database_owner's members: the database owner (the bootstrap superuser here).
      const target = role === ROLE_PG_DATABASE_OWNER ? BOOTSTRAP_SUPERUSER_OID : role;
      answer = roleReaches(
        this.#memberships,
        member,
        target,
        (oid) => this.#byOid.get(oid)?.inherit !== false,
      );
      this.#reach.set(key, answer);
    }
    return answer;
  }

  /** is_member_of_role (SET ROLE): superuser, the same role, or a member ignoring INHERIT. */
  isMemberOf(member: number, role: number): boolean {
    if (member === role || this.isSuperuser(member)) return true;
    return roleReaches(this.#memberships, member, role, () => true, true);
  }

  /** Are there default ACLs at all (ALTER DEFAULT PRIVILEGES)? */
  get hasDefaultAcls(): boolean {
    return this.#view.defaultAcls().length > 0;
  }

  /**
   * The ACL a new object of `objtype` owned by `owner` in schema `namespace` (0: none) gets from
   * the default ACLs (PostgreSQL's get_user_default_acl): the global default (else acldefault)
   * merged with the schema's, sorted; null when that is just the kind's default ACL.
   */
  defaultAclFor(owner: number, namespace: number, objtype: 'r' | 'S' | 'n'): Acl | null {
    const rows = this.#view.defaultAcls();
    const kind: AclObjectKind = objtype === 'r' ? 'table' : objtype === 'S' ? 'sequence' : 'schema';
    const glob = rows.find((d) => d.role === owner && d.namespace === 0 && d.objtype === objtype);
    const schema =
      namespace === 0
        ? undefined
        : rows.find((d) => d.role === owner && d.namespace === namespace && d.objtype === objtype);
    if (glob === undefined && schema === undefined) return null;
    let result: AclItem[] = [...(glob?.acl ?? defaultAcl(kind, owner))];
    for (const it of schema?.acl ?? []) {
      const i = result.findIndex((r) => r.grantee === it.grantee && r.grantor === it.grantor);
      if (i >= 0) result[i] = Object.freeze({ ...result[i]!, bits: result[i]!.bits | it.bits });
      else result.push(it);
    }
    result = sortAcl(result);
    const def = sortAcl([...defaultAcl(kind, owner)]);
    const same = result.length === def.length && result.every((it, i) => sameItem(it, def[i]!));
    return same ? null : result;
  }

  /** is_member_of_role_nosuper: membership ignoring INHERIT and the superuser rule. */
  isMemberOfStrict(member: number, role: number): boolean {
    return roleReaches(this.#memberships, member, role, () => true, true);
  }

  /** The stored owner/ACL row of `object`, if any. */
  stored(object: number): ObjectPrivileges | undefined {
    return this.#view.privileges(object);
  }

  /** The owner of `object` (of kind `kind`; a routine's is sys_proc's). */
  owner(object: number, kind: AclObjectKind): number {
    if (kind === 'function') return this.#view.functionByOid(object)?.row.owner ?? BOOTSTRAP_SUPERUSER_OID;
    const row = this.stored(object);
    if (row !== undefined) return row.owner;
    return kind === 'schema' && object === PUBLIC_SCHEMA_OID
      ? ROLE_PG_DATABASE_OWNER
      : BOOTSTRAP_SUPERUSER_OID;
  }

  /** The effective ACL of `object`: stored, else its default. */
  acl(object: number, kind: AclObjectKind): Acl {
    const row = this.stored(object);
    if (row !== undefined && row.acl !== null) return row.acl;
    const owner = kind === 'function' ? this.owner(object, kind) : (row?.owner ?? this.owner(object, kind));
    if (kind === 'table' && row === undefined && isBuiltinRelation(object)) return builtinRelationAcl(object);
    if (kind === 'schema' && object === PUBLIC_SCHEMA_OID && row === undefined) {
      return [
        ...defaultAcl('schema', owner),
        { grantee: PUBLIC_ROLE, grantor: owner, bits: Privilege.USAGE },
      ];
    }
    return defaultAcl(kind, owner);
  }

  /**
   * Is the stored ACL null (the default, which pg_class.relacl shows as NULL)? NB: true for the
   * built-in relations too, whose ACL is not their kind's default (builtin-relation-acls.ts).
   */
  aclIsDefault(object: number, kind: AclObjectKind): boolean {
    const row = this.stored(object);
    if (row !== undefined) return row.acl === null;
    return !(kind === 'schema' && object === PUBLIC_SCHEMA_OID);
  }

  /** Does `role` have the privileges of `object`'s owner (pg_*_ownercheck)? */
  isOwner(role: number, object: number, kind: AclObjectKind): boolean {
    return this.hasPrivsOf(role, this.owner(object, kind));
  }

  /** Privilege bits and grant option bits `role` holds on `object` (see the file comment). */
  mask(role: number, object: number, kind: AclObjectKind): number {
    const key = `${role}:${object}`;
    let bits = this.#masks.get(key);
    if (bits === undefined) {
      const all = ALL_PRIVILEGES[kind];
      if (this.isSuperuser(role)) bits = all | (all << GOPTION_SHIFT);
      else {
        bits = aclMask(this.acl(object, kind), (grantee) => this.hasPrivsOf(role, grantee));
        bits |= this.#allDataBits(role, object, kind);
        if (this.isOwner(role, object, kind)) bits |= all << GOPTION_SHIFT;
      }
      this.#masks.set(key, bits);
    }
    return bits;
  }

  /**
   * What pg_read_all_data and pg_write_all_data give `role` on `object` beyond its ACL
   * (PostgreSQL 15's pg_class_aclmask and pg_namespace_aclmask): SELECT, and INSERT, UPDATE and
   * DELETE, on every relation (a sequence: SELECT and UPDATE), USAGE on every schema; never a
   * grant option. NB: the write privileges skip the built-in relations (OIDs below 16384) —
   * PostgreSQL skips its system tables but not its system views, which no one can write anyway.
   */
  #allDataBits(role: number, object: number, kind: AclObjectKind): number {
    const reads = () => this.hasPrivsOf(role, ROLE_PG_READ_ALL_DATA);
    const writes = () => this.hasPrivsOf(role, ROLE_PG_WRITE_ALL_DATA);
    switch (kind) {
      case 'table':
      case 'sequence': {
        let bits = reads() ? Privilege.SELECT : 0;
        if (object >= FIRST_NORMAL_OID && writes())
          bits |= Privilege.INSERT | Privilege.UPDATE | Privilege.DELETE;
        return bits & ALL_PRIVILEGES[kind];
      }
      case 'schema':
        return reads() || writes() ? Privilege.USAGE : 0;
      case 'database':
      case 'function':
        return 0;
    }
  }

  /** Table `table`'s column ACLs by attnum (PostgreSQL's attacl); empty when it has none. */
  columnAcls(table: number): ReadonlyMap<number, Acl> {
    const row = this.stored(table);
    if (row === undefined && isBuiltinRelation(table)) return builtinColumnAcls(table) ?? NO_COLUMNS;
    return row?.columns ?? NO_COLUMNS;
  }

  /**
   * Privilege and grant option bits the column ACL of `table`.`attnum` gives `role` (its table
   * ACL aside: PostgreSQL's pg_attribute_aclmask without the relation part). Superusers hold all.
   */
  columnMask(role: number, table: number, attnum: number): number {
    if (this.isSuperuser(role)) return COLUMN_PRIVILEGES | (COLUMN_PRIVILEGES << GOPTION_SHIFT);
    const acl = this.columnAcls(table).get(attnum);
    return acl === undefined ? 0 : aclMask(acl, (grantee) => this.hasPrivsOf(role, grantee));
  }

  /** Does `role` hold every privilege in `wanted` on `object`? */
  has(role: number, object: number, kind: AclObjectKind, wanted: number): boolean {
    return (this.mask(role, object, kind) & wanted) === wanted;
  }

  /**
   * Schema privileges by name: built-in and temporary schemas are handled without a row
   * (pg_catalog: USAGE for all; a temporary schema: everything). Unknown schemas: false.
   */
  hasSchema(role: number, schema: string, wanted: number): boolean {
    if (isTempSchema(schema)) return true;
    if (schema === 'pg_catalog' || schema === 'information_schema') {
      return wanted === Privilege.USAGE || this.isSuperuser(role);
    }
    const oid = this.#view.schemaOid(schema);
    if (oid === undefined) return false;
    return this.has(role, oid, 'schema', wanted);
  }

  /** Database privileges (CONNECT, CREATE, TEMPORARY) of `role`. */
  hasDatabase(role: number, wanted: number): boolean {
    return this.has(role, DATABASE_OBJECT_OID, 'database', wanted);
  }
}

/** aclitemsort: by grantee, grantor, then bits (PostgreSQL's aclitemComparator). */
const sortAcl = (acl: AclItem[]): AclItem[] =>
  acl.sort((a, b) => a.grantee - b.grantee || a.grantor - b.grantor || a.bits - b.bits);

const sameItem = (a: AclItem, b: AclItem): boolean =>
  a.grantee === b.grantee && a.grantor === b.grantor && a.bits === b.bits;

const contexts = new WeakMap<object, PrivilegeContext>();

/** The PrivilegeContext of `view`'s catalog state (cached: see the file comment). Sync. */
export function privilegesFor(view: CatalogView): PrivilegeContext {
  let ctx = contexts.get(view.data);
  if (ctx === undefined) {
    ctx = new PrivilegeContext(view);
    contexts.set(view.data, ctx);
  }
  return ctx;
}

/** The built-in schemas' OIDs (for callers resolving schema names to ACL objects). */
export const builtinSchemaOid = (name: string): number | undefined => BUILTIN_SCHEMAS.get(name);
