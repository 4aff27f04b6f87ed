/**
 * Who a session is: PostgreSQL's session user (SET SESSION AUTHORIZATION) and current user (SET
 * ROLE), kept as the read-only settings `session_authorization` and `role` ('none': the session
 * user) so a transaction that aborts undoes them like any SET, and `is_superuser` follows the
 * current user and is reported to the client as in PostgreSQL.
 *
 * Rules (PostgreSQL 15):
 * - SET ROLE r: r must exist, and the session user must be a superuser, be r or be a member of
 *   r, directly or through other roles, INHERIT or not (42501 `permission denied to set role
 *   "r"`). SET ROLE NONE / RESET ROLE: back to the session user.
 * - SET SESSION AUTHORIZATION r: only when the authenticated user is a superuser or is r (42501
 *   `permission denied to set session authorization`); it also resets the role. DEFAULT / RESET:
 *   back to the authenticated user.
 */
import {
  BOOTSTRAP_SUPERUSER_OID,
  type Catalog,
  type CatalogTransaction,
  privilegesFor,
  type RoleDef,
} from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { SessionAccess } from '@rustydb/executor';
import type { ResetStmt, SetStmt } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import type { SessionNotifications } from './session-notifications.js';
import type { SessionSettings } from './session-settings.js';

/** The current user (CURRENT_USER): the role SET ROLE chose, else the session user. */
export function currentUserOf(settings: SessionSettings): string {
  const role = settings.get('role');
  return role === 'none' ? settings.get('session_authorization') : role;
}

/** The session user (SESSION_USER). */
export function sessionUserOf(settings: SessionSettings): string {
  return settings.get('session_authorization');
}

/** The executor's view of the session (current_user, session_user, pg_notify). */
export function sessionAccess(
  settings: SessionSettings,
  notifications: SessionNotifications,
  notice: (notice: DbError) => void,
): SessionAccess {
  return {
    notice,
    currentUser: currentUserOf(settings),
    sessionUser: sessionUserOf(settings),
    notify: (channel, payload) => notifications.notify(channel, payload),
    listeningChannels: () => notifications.listening(),
  };
}

/** Is the statement a SET / RESET of `role` or `session_authorization` (handled here)? */
export function isRoleSetting(stmt: { readonly kind: string; readonly name?: string }): boolean {
  if (stmt.kind !== 'set' && stmt.kind !== 'reset') return false;
  const name = stmt.name?.toLowerCase();
  return name === 'role' || name === 'session_authorization';
}

/**
 * The role a new session runs as: `user` from the startup packet, or (embedded sessions) the
 * bootstrap superuser. Undefined when `user` names no role.
 */
export function sessionRole(catalog: Catalog, user: string | undefined): RoleDef | undefined {
  if (user !== undefined) return catalog.role(user);
  return catalog.roles().find((r) => r.oid === BOOTSTRAP_SUPERUSER_OID);
}

/** Sets the identity of a new session (no reporting: the startup ParameterStatus carries it). */
export function startIdentity(settings: SessionSettings, role: RoleDef): void {
  settings.setInternal('session_authorization', role.name);
  settings.setInternal('is_superuser', role.superuser ? 'on' : 'off');
}

/** The session (and current) user becomes `role`, ROLE NONE. */
function assignSessionRole(settings: SessionSettings, role: RoleDef): void {
  settings.assign('session_authorization', role.name);
  settings.assign('role', 'none');
  settings.assign('is_superuser', role.superuser ? 'on' : 'off');
}

/**
 * SESSION AUTHORIZATION DEFAULT (DISCARD ALL): the authenticated user again, ROLE NONE.
 * @throws DbError 22023 when that role was dropped meanwhile.
 */
export function resetSessionAuthorization(
  settings: SessionSettings,
  catalog: Catalog,
  authenticatedUser: string,
): void {
  const role = catalog.role(authenticatedUser);
  if (role === undefined) throw new DbError('22023', `role "${authenticatedUser}" does not exist`);
  assignSessionRole(settings, role);
}

/**
 * SET / RESET ROLE and SESSION AUTHORIZATION (see the file comment). `tx`: the open
 * transaction, if any (its own catalog changes are visible). Sync.
 * @throws DbError 22023 (no such role, as PostgreSQL's check hook says), 42501 (not allowed).
 */
export function runRoleSetting(
  stmt: SetStmt | ResetStmt,
  settings: SessionSettings,
  catalog: Catalog,
  tx: CatalogTransaction | undefined,
  authenticatedUser: string,
  out: QueryOutput,
): void {
  const session = stmt.name.toLowerCase() === 'session_authorization';
  const value = stmt.kind === 'reset' || stmt.value === 'default' ? undefined : String(stmt.value[0]?.value);
  const lookup = (name: string): RoleDef => {
    const role = catalog.role(name, tx);
    if (role === undefined) throw new DbError('22023', `role "${name}" does not exist`);
    return role;
  };
  if (session) {
    const target = value ?? authenticatedUser;
    const role = lookup(target);
    if (target !== authenticatedUser && !lookup(authenticatedUser).superuser) {
      throw new DbError('42501', 'permission denied to set session authorization');
    }
    assignSessionRole(settings, role);
  } else {
    const sessionUser = sessionUserOf(settings);
    const target = value === undefined || value === 'none' ? undefined : value;
    const role = lookup(target ?? sessionUser);
    const me = lookup(sessionUser);
    if (target !== undefined && !privilegesFor(catalog.reader(tx)).isMemberOf(me.oid, role.oid)) {
      throw new DbError('42501', `permission denied to set role "${target}"`);
    }
    settings.assign('role', target ?? 'none');
    settings.assign('is_superuser', role.superuser ? 'on' : 'off');
  }
  out.commandComplete(stmt.kind === 'reset' ? 'RESET' : 'SET');
}
