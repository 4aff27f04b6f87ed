/**
 * The ACLs of the built-in relations: the computed catalogs and system views of pg_catalog and
 * information_schema (system-catalog/), which have no sys_acl row. They are PostgreSQL 15's as
 * initdb leaves them (system_views.sql, information_schema.sql), so that has_table_privilege and
 * the privilege checks of a query answer as PostgreSQL does:
 *
 *   default                      {owner=arwdDxt/owner,=r/owner}  PUBLIC may read, no one else write
 *   pg_authid, pg_user_mapping   {owner=arwdDxt/owner}           secrets: superusers only
 *   pg_subscription              {owner=arwdDxt/owner}           with PUBLIC SELECT on every
 *                                                                column but subconninfo
 *   pg_settings                  {owner=arwdDxt/owner,=rw/owner} `UPDATE pg_settings` is SET
 *
 * The owner is the bootstrap superuser, and superusers hold everything anyway: a non-superuser
 * has SELECT through PUBLIC and no write privilege on a catalog, whatever pg_write_all_data says
 * (privileges.ts skips the built-in relations for it. NB: PostgreSQL skips only its system tables,
 * so has_table_privilege answers true for INSERT into a system view such as pg_roles to a member
 * of pg_write_all_data, where ours says false; no one can write either).
 *
 * Relations are named by OID (PrivilegeContext sees OIDs only); builtin-relation-acls.test.ts
 * checks each OID against the registry, and that PostgreSQL's other restricted relations
 * (pg_shadow, pg_statistic, …) are not computed here yet — whoever adds one must list it.
 *
 * NB: pg_class.relacl and pg_attribute.attacl still show NULL for these relations
 * (acl-columns.ts). Showing the ACLs would need the matching pg_init_privs rows too, or pg_dump
 * would dump a GRANT for every catalog (and pg_subscription's columns).
 */
import { type Acl, type AclItem, ALL_PRIVILEGES, Privilege, PUBLIC_ROLE } from './acl.js';
import { FIRST_NORMAL_OID } from './oid-counter.js';
import { BOOTSTRAP_SUPERUSER_OID } from './role-store.js';

/** pg_authid, pg_user_mapping, pg_subscription, pg_settings: PostgreSQL's OIDs, and ours. */
export const PG_AUTHID_OID = 1260;
export const PG_USER_MAPPING_OID = 1418;
export const PG_SUBSCRIPTION_OID = 6100;
/** pg_settings (a view: its OID is RustyDB's; PostgreSQL's is assigned at initdb). */
export const PG_SETTINGS_OID = 12003;

/** The built-in relations whose PUBLIC item differs from SELECT, by OID. */
const PUBLIC_PRIVILEGES: ReadonlyMap<number, number> = new Map([
  [PG_AUTHID_OID, 0],
  [PG_USER_MAPPING_OID, 0],
  [PG_SUBSCRIPTION_OID, 0],
  [PG_SETTINGS_OID, Privilege.SELECT | Privilege.UPDATE],
]);

/** Is `oid` (a relation's) below the first user OID, so a built-in relation? */
export const isBuiltinRelation = (oid: number): boolean => oid < FIRST_NORMAL_OID;

const item = (grantee: number, bits: number): AclItem =>
  Object.freeze({ grantee, grantor: BOOTSTRAP_SUPERUSER_OID, bits });

const OWNER_ONLY: Acl = Object.freeze([item(BOOTSTRAP_SUPERUSER_OID, ALL_PRIVILEGES.table)]);
const PUBLIC_READ: Acl = Object.freeze([...OWNER_ONLY, item(PUBLIC_ROLE, Privilege.SELECT)]);

/** The ACL of built-in relation `oid` (see the file comment). Pure; the result is shared. */
export function builtinRelationAcl(oid: number): Acl {
  const bits = PUBLIC_PRIVILEGES.get(oid);
  if (bits === undefined) return PUBLIC_READ;
  return bits === 0 ? OWNER_ONLY : [...OWNER_ONLY, item(PUBLIC_ROLE, bits)];
}

/** pg_subscription's column ACLs: PUBLIC reads every column but subconninfo (attnum 11). */
const SUBSCRIPTION_COLUMNS: ReadonlyMap<number, Acl> = new Map(
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14].map((attnum) => [
    attnum,
    Object.freeze([item(PUBLIC_ROLE, Privilege.SELECT)]),
  ]),
);

/** The column ACLs of built-in relation `oid` by attnum (pg_subscription's), else undefined. */
export const builtinColumnAcls = (oid: number): ReadonlyMap<number, Acl> | undefined =>
  oid === PG_SUBSCRIPTION_OID ? SUBSCRIPTION_COLUMNS : undefined;
