/**
 * The owner and ACL columns of the computed catalogs (pg_class.relowner/relacl,
 * pg_namespace.nspowner/nspacl, pg_database.datdba/datacl), read from the catalog's sys_acl
 * through `PrivilegeContext` (privileges.ts). A default ACL shows as NULL, as in PostgreSQL;
 * aclitem[] is text[] here, its items in PostgreSQL's text form (grantee=privileges/grantor,
 * a `*` after each privilege held with grant option, an empty grantee for PUBLIC).
 */
import { SqlArray, type Value } from '@rustydb/common';
import { type AclObjectKind, formatAclItem } from '../acl.js';
import { DATABASE_OBJECT_OID } from '../acl-store.js';
import { isBuiltinRelation } from '../builtin-relation-acls.js';
import type { CatalogView } from '../catalog-view.js';
import { privilegesFor } from '../privileges.js';

/** [owner, acl] of object `oid` of `kind` (an index: its table's owner, no ACL). */
export function ownerAndAcl(view: CatalogView, oid: number, kind: AclObjectKind): [number, Value] {
  const privs = privilegesFor(view);
  const owner = privs.owner(oid, kind);
  if (privs.aclIsDefault(oid, kind)) return [owner, null];
  const items = privs.acl(oid, kind).map((it) => formatAclItem(it, (r) => privs.roleName(r)));
  return [owner, SqlArray.of(items)];
}

/**
 * pg_attribute.attacl of column `attnum` of relation `oid`: its column ACL, or NULL when none.
 * NB: NULL for the built-in relations' (pg_subscription's) as their relacl is NULL: PostgreSQL
 * shows them, with pg_init_privs rows saying so that RustyDB lacks; without those pg_dump would
 * dump a GRANT for each (builtin-relation-acls.ts).
 */
export function columnAcl(view: CatalogView, oid: number, attnum: number): Value {
  const privs = privilegesFor(view);
  if (isBuiltinRelation(oid) && privs.stored(oid) === undefined) return null;
  const acl = privs.columnAcls(oid).get(attnum);
  if (acl === undefined || acl.length === 0) return null;
  return SqlArray.of(acl.map((it) => formatAclItem(it, (r) => privs.roleName(r))));
}

/** Sets a pg_class row's relowner (column 6) and relacl (third from last). */
export function applyRelationAcl(
  view: CatalogView,
  row: Value[],
  oid: number,
  kind: string,
  tableOid?: number,
): void {
  if (kind === 'i') {
    row[5] = privilegesFor(view).owner(tableOid ?? oid, 'table');
    return;
  }
  const [owner, acl] = ownerAndAcl(view, oid, kind === 'S' ? 'sequence' : 'table');
  row[5] = owner;
  row[row.length - 3] = acl;
}

/** [datdba, datacl] of the database. */
export const databaseOwnerAndAcl = (view: CatalogView): [number, Value] =>
  ownerAndAcl(view, DATABASE_OBJECT_OID, 'database');
