/**
 * information_schema.table_privileges and role_table_grants (PostgreSQL 15's information_schema.sql):
 * one row per (ACL item, table privilege) of every table and view — the default ACL included, so
 * each owner appears with its seven privileges — in ACL order, privileges in bit order.
 * column_privileges: per column, the column-capable privileges (INSERT, SELECT, UPDATE,
 * REFERENCES) of the table's ACL and of the column's own ACL, one row per (grantor, grantee,
 * privilege), grantable when either grants it with grant option.
 *
 * Visibility as PostgreSQL's: a row shows when the session's role has the privileges of the
 * grantor or of the grantee, or (table_privileges only) the grantee is PUBLIC — for the current
 * role (CURRENT_USER, so after SET ROLE the new role's view). So role_table_grants shows a grant
 * to PUBLIC by an enabled role (its grantor), as PostgreSQL's `grantor IN enabled_roles`.
 */
import type { Value } from '@rustydb/common';
import { type Acl, grantOptionsOf, PUBLIC_ROLE, privilegesOf } from '../acl.js';
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
  const me = privs.roleByName(sc.session.currentUser?.() ?? sc.session.user)?.oid ?? -1;
  const out: Value[][] = [];
  for (const r of sc.relations()) {
    if (r.kind !== 'r' && r.kind !== 'v') continue;
    const owner = privs.owner(r.oid, 'table');
    for (const it of privs.acl(r.oid, 'table')) {
      const isPublic = it.grantee === PUBLIC_ROLE;
      const visible =
        privs.hasPrivsOf(me, it.grantor) || (isPublic ? withPublic : privs.hasPrivsOf(me, it.grantee));
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

const COLUMN_PRIVILEGE_COLUMNS = `grantor sql_identifier, grantee sql_identifier, table_catalog sql_identifier,
  table_schema sql_identifier, table_name sql_identifier, column_name sql_identifier,
  privilege_type character_data, is_grantable yes_or_no`;

/** Bits (in NAMES order) a column ACL can hold: INSERT, SELECT, UPDATE, REFERENCES. */
const COLUMN_BITS = [0, 1, 2, 5];

export const isColumnPrivileges = defineRelation(
  'information_schema',
  'column_privileges',
  13285,
  COLUMN_PRIVILEGE_COLUMNS,
  (sc) => {
    const privs = privilegesFor(sc.view);
    const me = privs.roleByName(sc.session.currentUser?.() ?? sc.session.user)?.oid ?? -1;
    const out: Value[][] = [];
    for (const r of sc.relations()) {
      const e = r.entry;
      if ((e.kind !== 'table' && e.kind !== 'view') || r.kind === 'm') continue;
      const owner = privs.owner(r.oid, 'table');
      const tableAcl = privs.acl(r.oid, 'table');
      const columnAcls = privs.columnAcls(r.oid);
      const columns =
        e.kind === 'table'
          ? e.def.columns.map((c) => ({ name: c.name, attnum: c.attnum }))
          : e.def.columns.map((c, i) => ({ name: c.name, attnum: i + 1 }));
      for (const column of columns) {
        // (grantor, grantee, bit) → grantable; the table's items first, then the column's.
        const grants = new Map<string, boolean>();
        const add = (acl: Acl) => {
          for (const it of acl) {
            const visible =
              it.grantee === PUBLIC_ROLE ||
              privs.hasPrivsOf(me, it.grantor) ||
              privs.hasPrivsOf(me, it.grantee);
            if (!visible) continue;
            const ownerGrantee = it.grantee !== PUBLIC_ROLE && privs.hasPrivsOf(it.grantee, owner);
            for (const b of COLUMN_BITS) {
              if ((privilegesOf(it.bits) & (1 << b)) === 0) continue;
              const key = `${it.grantor}:${it.grantee}:${b}`;
              const grantable = (grantOptionsOf(it.bits) & (1 << b)) !== 0 || ownerGrantee;
              grants.set(key, (grants.get(key) ?? false) || grantable);
            }
          }
        };
        add(tableAcl);
        add(columnAcls.get(column.attnum) ?? []);
        for (const [key, grantable] of grants) {
          const [grantor, grantee, b] = key.split(':').map(Number) as [number, number, number];
          out.push([
            privs.roleName(grantor),
            grantee === PUBLIC_ROLE ? 'PUBLIC' : privs.roleName(grantee),
            sc.session.database,
            r.schema,
            r.name,
            column.name,
            NAMES[b]!,
            grantable ? 'YES' : 'NO',
          ]);
        }
      }
    }
    return out;
  },
);
