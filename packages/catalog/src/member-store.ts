/**
 * Role memberships (GRANT role TO role), PostgreSQL's pg_auth_members, stored in the system
 * relation sys_auth_members.
 *
 * sys_auth_members (FileId 13): one row per (role, member).
 *
 * | attnum | column | type | description                                   |
 * |--------|--------|------|-----------------------------------------------|
 * | 1      | role   | int4 | roleid: the role whose rights are granted     |
 * | 2      | member | int4 | the role that received them                   |
 * | 3      | grantor| int4 | the role that granted the membership          |
 * | 4      | admin  | bool | admin_option: the member may grant the role on |
 *
 * Rows are written transactionally (keyed-store.ts); DROP ROLE removes a role's rows.
 */
import { fileId, sqlType, type Value } from '@rustydb/common';
import type { RowFormat } from './keyed-store.js';

/** The reserved FileId of sys_auth_members. Stored on disk: never renumber. */
export const AUTH_MEMBERS_FILE = fileId(13);

/** One membership. Frozen. */
export interface Membership {
  readonly role: number;
  readonly member: number;
  readonly grantor: number;
  readonly admin: boolean;
}

/** sys_auth_members' row format. */
export const MEMBER_FORMAT: RowFormat<Membership> = {
  file: AUTH_MEMBERS_FILE,
  columns: [sqlType('int4'), sqlType('int4'), sqlType('int4'), sqlType('bool')],
  key: (row) => `${row.role}:${row.member}`,
  encode: (row): Value[] => [row.role, row.member, row.grantor, row.admin],
  decode: (v) =>
    Object.freeze({
      role: v[0] as number,
      member: v[1] as number,
      grantor: v[2] as number,
      admin: v[3] === true,
    }),
};

/**
 * Does `member` have the privileges of `role` through `memberships` (PostgreSQL's
 * has_privs_of_role without the superuser rule): the same role, or reachable through
 * memberships where every intermediate member has INHERIT (`inherits(oid)`); with `anyInherit`
 * false INHERIT is ignored (is_member_of_role, what SET ROLE needs).
 */
export function roleReaches(
  memberships: readonly Membership[],
  member: number,
  role: number,
  inherits: (oid: number) => boolean,
  ignoreInherit = false,
): boolean {
  if (member === role) return true;
  const seen = new Set<number>([member]);
  let frontier = [member];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const m of frontier) {
      if (!ignoreInherit && !inherits(m)) continue;
      for (const g of memberships) {
        if (g.member !== m || seen.has(g.role)) continue;
        if (g.role === role) return true;
        seen.add(g.role);
        next.push(g.role);
      }
    }
    frontier = next;
  }
  return false;
}
