/**
 * information_schema.table_privileges and role_table_grants (PostgreSQL 15's information_schema.sql):
 * one row per (ACL item, table privilege) of every table and view — the default ACL included, so
 * each owner appears with its seven privileges — in ACL order, privileges in bit order.
 *
 * Visibility as PostgreSQL's: a row shows when the session's role has the privileges of the
 * grantor or of the grantee, or (table_privileges only) the grantee is PUBLIC. NB: the session
 * user stands for the current role (SessionInfo carries no SET ROLE).
 */
import type { Value } from '@rustydb/common';
import { grantOptionsOf, PUBLIC_ROLE, privilegesOf } from '../acl.js';
import { privilegesFor } from '../privileges.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

const COLUMNS = `grantor sql_identifier, grantee sql_identifier, table_catalog sql_identifier,
  table_schema sql_identifier, table_name sql_identifier, privilege_type character_data,
  is_grantable yes_or_no, with_hierarchy yes_or_no`;

/** The table privileges in PostgreSQL's bit order (INSERT = bit 0 … TRIGGER = bit 6). */
const NAMES = ['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

function rows(sc: SystemCatalog, withPublic: boolean): Value[][] {
  const privs = privilegesFor(sc.view);
  const me = privs.roleByName(sc.session.user)?.oid ?? -1;
  const out: Value[][] = [];
  for (const r of sc.relations()) {
    if (r.kind !== 'r' && r.kind !== 'v') continue;
    const owner = privs.owner(r.oid, 'table');
    for (const it of privs.acl(r.oid, 'table')) {
      const isPublic = it.grantee === PUBLIC_ROLE;
      if (isPublic && !withPublic) continue;
      const visible =
        privs.hasPrivsOf(me, it.grantor) || (!isPublic && privs.hasPrivsOf(me, it.grantee)) || isPublic;
      if (!visible) continue;
      const bits = privilegesOf(it.bits);
      const options = grantOptionsOf(it.bits);
      const ownerGrantee = !isPublic && privs.hasPrivsOf(it.grantee, owner);
      for (let b = 0; b < NAMES.length; b++) {
        if ((bits & (1 << b)) === 0) continue;
        out.push([
          privs.roleName(it.grantor),
          isPublic ? 'PUBLIC' : privs.roleName(it.grantee),
          sc.session.database,
          r.schema,
          r.name,
          NAMES[b]!,
          (options & (1 << b)) !== 0 || ownerGrantee ? 'YES' : 'NO',
          b === 1 ? 'YES' : 'NO',
        ]);
      }
    }
  }
  return out;
}

export const isTablePrivileges = defineRelation(
  'information_schema',
  'table_privileges',
  13013,
  COLUMNS,
  (sc) => rows(sc, true),
);

export const isRoleTableGrants = defineRelation(
  'information_schema',
  'role_table_grants',
  13014,
  COLUMNS,
  (sc) => rows(sc, false),
);
